/* wav: sound files in and out (libsndfile, libsamplerate). The only user of those two.
 *
 * Contract: cc_wav_read() reads any file libsndfile understands (WAV of 8/16/24/32-bit
 * integer or float samples, any channel count, also AIFF, FLAC, Ogg...), averages the
 * channels to mono, and resamples to want_rate with libsamplerate's SRC_SINC_MEDIUM_QUALITY
 * (want_rate <= 0 keeps the file's rate). The result is 16-bit; louder-than-full-scale
 * float samples are clipped. A failure names the file and says why, e.g.
 * "cannot read answer.wav: File contains data in an unknown format; save it as WAV".
 * cc_wav_write() writes 16-bit mono WAV with the header kept up to date while writing
 * (SFC_SET_UPDATE_HEADER_AUTO), so a file cut short by a crash still holds its audio.
 *
 * Ownership: out->samples is allocated by cc_wav_read() and freed by cc_pcm_free(), which
 * accepts NULL and a zeroed cc_pcm and leaves the cc_pcm zeroed. On error *out is zeroed.
 * Nothing is printed; errors are a -1 return with a message in err (errlen may be 0). */
#ifndef CC_WAV_H
#define CC_WAV_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int16_t *samples;  /* mono */
    size_t count;      /* number of samples */
    int rate;          /* samples per second */
} cc_pcm;

int cc_wav_read(const char *path, int want_rate, cc_pcm *out, char *err, size_t errlen);
int cc_wav_write(const char *path, const int16_t *s, size_t n, int rate, char *err, size_t errlen);
void cc_pcm_free(cc_pcm *p);

#endif
