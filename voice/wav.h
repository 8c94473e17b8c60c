/* wav: sound files in and out (libsndfile, libsamplerate). The only user of those two.
 *
 * Contract: cc_wav_read() reads any file libsndfile understands (WAV of 8/16/24/32-bit
 * integer or float samples, any channel count, also AIFF, FLAC, Ogg...), averages the
 * channels to mono, and resamples to want_rate with libsamplerate's SRC_SINC_MEDIUM_QUALITY
 * (want_rate <= 0 keeps the file's rate). The result is 16-bit; louder-than-full-scale
 * float samples are clipped. Sounds longer than 2 hours are refused ("it is longer than 2
 * hours; cut it shorter"), which bounds what a small compressed file can make it allocate,
 * and so is a file that decodes to more than 4096 samples per byte of it (past a minute):
 * no recording is that compressible, and decoding such a file costs seconds for nothing.
 * A failure names the file and says why, e.g.
 * "cannot read answer.wav: File contains data in an unknown format; save it as WAV".
 * cc_wav_write() writes 16-bit mono WAV with the header kept up to date while writing
 * (SFC_SET_UPDATE_HEADER_AUTO), so a file cut short by a crash still holds its audio.
 *
 *
 * A cc_wav_stream writes one 16-bit mono WAV as the samples come (a call being recorded).
 * The header is rewritten after every write, so at any moment, also right after the
 * process is killed, the file is a valid WAV holding every sample written so far: the
 * samples are handed to write(2) at once (no buffer of our own), so they are in the
 * kernel when cc_wav_stream_write returns. A power cut can still lose what was not
 * synced: cc_wav_stream_sync() (fdatasync) makes a durable point; the caller chooses
 * how often (the store: about once a second of audio). A write that fails (disk full)
 * keeps the file a valid WAV of whole samples: those of earlier writes and any whole
 * samples of this one that reached the disk (cc_wav_stream_frames() counts them); a
 * later write may try again. Messages: "cannot write PATH: why; what to do", e.g.
 * "cannot write trainee.wav: No space left on device; the disk is full: free some space".
 * A stream is used by one thread at a time.
 *
 * Ownership: out->samples is allocated by cc_wav_read() and freed by cc_pcm_free(), which
 * accepts NULL and a zeroed cc_pcm and leaves the cc_pcm zeroed. On error *out is zeroed.
 * A stream is freed by cc_wav_stream_close() (which accepts NULL), whatever it returns.
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

typedef struct cc_wav_stream cc_wav_stream;
/* Creates (truncates) path as 16-bit mono PCM WAV at rate, with
 * SFC_SET_UPDATE_HEADER_AUTO, so after every write the file is a valid WAV holding
 * every sample written so far, even if the process is then killed. NULL with err
 * ("cannot write PATH: why") on failure. */
cc_wav_stream *cc_wav_stream_open(const char *path, int rate, char *err, size_t errlen);
/* Appends n samples. -1 with err on failure (ENOSPC: "No space left on device"),
 * the file then still valid with what was written before; the stream may be closed. */
int cc_wav_stream_write(cc_wav_stream *w, const int16_t *s, size_t n, char *err, size_t errlen);
/* The samples so far reach the disk (fdatasync); for a durable point. */
int cc_wav_stream_sync(cc_wav_stream *w, char *err, size_t errlen);
/* Frames written so far (0 for NULL). */
size_t cc_wav_stream_frames(const cc_wav_stream *w);
/* Final header update and close; accepts NULL; -1 if the last header write failed.
 * The stream is freed either way. */
int cc_wav_stream_close(cc_wav_stream *w, char *err, size_t errlen);

/* After a crash (the store's recovery, store/recover.c). cc_wav_make_whole()
 * makes a WAV that cc_wav_stream was writing when the program was killed
 * whole again, in place and needing no free space: the RIFF and data sizes are
 * derived again from the file size (whole samples; a torn last sample is cut).
 * A file with no readable header gets a fresh 16-bit mono one at rate (rate
 * <= 0: it is left as it is). 0, or -1 with "cannot recover the recording
 * PATH: why; what to do". cc_wav_seconds(): the length in seconds of a WAV
 * with a 44-byte header (as cc_wav_stream writes it), 0 if it is not one. */
int cc_wav_make_whole(const char *path, int rate, char *err, size_t errlen);
double cc_wav_seconds(const char *path);

#endif
