/* calibrate: a trainee's short reading at first sign-in, turned into checks they can act on
 * and what the recogniser keeps for their voice.
 *
 * Contract (the library half of issue 15's calibration; the sign-in screen, the data folder
 * and `callcoach-score --trainee` wiring are the app's and the store's):
 * - cc_calib_measure() judges a recording of the reading (16 kHz mono, the raw microphone:
 *   several short lines with pauses between them): the speech's level (RMS of its 10 ms
 *   frames that stand well above the room, dBFS re a full-scale square wave as voice/dsp.h),
 *   the room's level (the quietest tenth of the frames), the distance between them, and the
 *   share of clipped samples. Each check says in plain words when it will make results
 *   unreliable and what to do (CC_CALIB_* limits below, from bench_hear's rooms: the
 *   recogniser's verdicts fall apart below about 15 dB of SNR and at -35 dBFS).
 * - cc_calib_learn() hears the reading with a scenario's recogniser as the app hears an
 *   answer (decoded as it is spoken) and keeps the voice's cepstral mean (voice/asr.h
 *   cc_asr_mean): set on a later recogniser with cc_asr_live_set_mean(), the trainee's
 *   first answer is decoded with their own voice's mean instead of none.
 * - cc_calib_format() / cc_calib_parse() turn a calibration into a small text file
 *   ("callcoach-calibration 1" then key value lines) and back; parse names the line that is
 *   wrong. The caller writes it atomically in the trainee's folder.
 * Nothing here prints, exits or keeps global state; errors are -1 with a message in err. */
#ifndef CC_CALIBRATE_H
#define CC_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#include "asr.h"

#define CC_CALIB_MIN_SPEECH_DBFS -35.0 /* quieter: move closer or raise the input level */
#define CC_CALIB_MAX_CLIPPED 0.001     /* more samples at full scale: lower the input level */
#define CC_CALIB_MIN_SNR_DB 20.0       /* a noisier room: results become unreliable */

typedef struct {
    double speech_dbfs, noise_dbfs, snr_db, clipped; /* clipped: share of samples, 0..1 */
    double speech_seconds;
    int level_ok, noise_ok;   /* 1 when the check found nothing that will hurt */
    char advice[512];         /* "" when both are fine, else what is wrong and what to do */
    cc_asr_mean mean;         /* the voice; frames 0 until cc_calib_learn() */
} cc_calibration;

/* 0, or -1 when there is no speech to judge (advice then says so as well). */
int cc_calib_measure(const int16_t *pcm, size_t n, cc_calibration *out, char *err, size_t errlen);
/* The reading heard by a (the trainee's first scenario's) recogniser: out->mean. 0 or -1. */
int cc_calib_learn(cc_asr *a, const int16_t *pcm, size_t n, cc_calibration *out, char *err,
                   size_t errlen);
/* The calibration as text into buf (NUL-terminated); the length needed, as snprintf. */
size_t cc_calib_format(const cc_calibration *c, char *buf, size_t len);
/* Text as cc_calib_format() writes it; what names the source in messages ("FILE"). */
int cc_calib_parse(const char *text, const char *what, cc_calibration *out, char *err,
                   size_t errlen);

#endif
