/* frontend: the recogniser's copy of the microphone, cleaned for a room before recognition.
 *
 * Contract: the only file that uses libspeexdsp. A front end takes 16 kHz mono audio in
 * frames of CC_FE_FRAME samples (10 ms) and changes them in place: noise suppression and
 * automatic gain (speex_preprocess). It keeps state from frame to frame (its estimate of the
 * room's noise and of the speaker's level), so it is fed the stream in order; the state only
 * grows better with more of the room. The null kind changes nothing (tests, and a way to
 * measure what the front end buys). Only the recogniser's copy goes through it: the
 * trainee's recording keeps the raw microphone.
 *
 * cc_fe_run() takes any number of samples and processes the whole frames among them,
 * counting from the first sample ever given; a partial frame at the end is held and
 * processed with the next call's first samples, so what comes out does not depend on how
 * the stream was cut into calls. It returns how many samples of out are ready (those of
 * the frames completed), always a multiple of CC_FE_FRAME; the caller passes the rest of the
 * stream with the next call. cc_fe_reset() forgets the room and the speaker.
 *
 * Threads: one thread at a time per front end. Ownership: cc_fe_create() returns an object
 * freed with cc_fe_free() (NULL accepted). Errors: NULL with a message in err. */
#ifndef CC_FRONTEND_H
#define CC_FRONTEND_H

#include <stddef.h>
#include <stdint.h>

#define CC_FE_RATE 16000
#define CC_FE_FRAME 160

typedef enum { CC_FE_NULL = 0, CC_FE_SPEEX = 1 } cc_fe_kind;

typedef struct {
    cc_fe_kind kind;
    int noise_suppress_db; /* maximum attenuation of noise, dB (negative); 0: the default */
    int agc;               /* 1: automatic gain to agc_level_dbfs */
    double agc_level_dbfs; /* 0: the default */
} cc_fe_config;

typedef struct cc_frontend cc_frontend;

cc_frontend *cc_fe_create(const cc_fe_config *cfg, char *err, size_t errlen);
void cc_fe_free(cc_frontend *f);
void cc_fe_reset(cc_frontend *f);
/* n samples of in; up to n + CC_FE_FRAME - 1 processed samples into out (its room must be
 * at least that); returns how many were written. in and out may be the same buffer only
 * when nothing is held (always true when every call passes whole frames). */
/* Drops a held partial frame (the next audio does not follow it); the room is kept. */
void cc_fe_discard(cc_frontend *f);
size_t cc_fe_run(cc_frontend *f, const int16_t *in, size_t n, int16_t *out);
/* The product's front end: none for now, unless CALLCOACH_FRONTEND names one (below).
 * libspeexdsp's noise suppression without automatic gain gained little on bench_hear's dev
 * part (quiet 83.4 -> 84.0 % of verdicts agreeing, steady noise at 20 dB 84.9 -> 85.7 %,
 * babble 73.1 -> 73.3 %; with automatic gain worse: 82.7 %, 81.8 %), and with the live
 * call's hearings at every short pause (turn-taking, game/turnend.h) it made the app hear
 * two end-to-end calls otherwise than the test's model of the app does, for a reason not
 * yet found: it stays off until that is understood. */
cc_fe_config cc_fe_default(void);
/* The set-up named by the environment variable CALLCOACH_FRONTEND ("none", "speex" or
 * "speex-agc"), else dflt: a way to compare them in the app and the benchmarks without
 * rebuilding. */
cc_fe_config cc_fe_config_from_env(cc_fe_config dflt);

#endif
