/* speech: a benchmark's trainee voice, as the microphone's 16 kHz samples. Header-only,
 * like stats.h. espeak-ng speaks at its own rate; libsamplerate (through a WAV file at
 * tmp_wav, as voice/wav.h reads files) brings it to 16 kHz, the same path for every
 * benchmark so their voices are the same. */
#ifndef CC_BENCH_SPEECH_H
#define CC_BENCH_SPEECH_H

#include <stdio.h>
#include <stdlib.h>

#include "tts.h"
#include "wav.h"

/* The samples (malloc'd, the caller frees) and *n; exits 2 with a message on failure:
 * a benchmark has nothing to save. */
static inline int16_t *bench_say16(cc_tts *tts, const cc_persona *me, const char *text,
                                   const char *tmp_wav, size_t *n)
{
    int16_t *pcm = NULL;
    size_t count = 0;
    int rate = 0;
    char err[256];
    if (cc_tts_say(tts, me, CC_MOOD_CALM, text, &pcm, &count, &rate, err, sizeof err) != 0 ||
        cc_wav_write(tmp_wav, pcm ? pcm : (int16_t[1]){0}, count, rate, err, sizeof err) != 0) {
        fprintf(stderr, "benchmark: speaking \"%s\": %s\n", text, err);
        exit(2);
    }
    free(pcm);
    cc_pcm p = {0};
    if (cc_wav_read(tmp_wav, 16000, &p, err, sizeof err) != 0) {
        fprintf(stderr, "benchmark: %s: %s\n", tmp_wav, err);
        exit(2);
    }
    *n = p.count;
    return p.samples;
}

#endif
