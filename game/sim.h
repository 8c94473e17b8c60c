/* sim: plays a call on a simulated clock, one take action at a time.
 *
 * Contract: the driver that callcoach-score, the terminal mode and the tests
 * share. It owns a cc_call and stands in for the audio layer with a timing
 * model (game/trainee.h, docs/formats.md "Takes"): a caller line lasts as long as the
 * persona's speaking rate says, the trainee starts 0.6 s after the caller
 * finishes (or after a `wait`) and speaks at 150 words a minute. Each output
 * of the engine is passed to the observer as it happens (for printing), in
 * call-clock order. Actions the take-only layer cannot perform (a WAV answer)
 * are refused with -2 so the caller can explain. */
#ifndef CC_SIM_H
#define CC_SIM_H

#include <stdint.h>

#include "engine.h"
#include "take.h"

typedef void (*cc_sim_observer)(void *ud, const cc_output *out);

typedef struct cc_sim cc_sim;

cc_sim *cc_sim_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                      uint64_t seed, cc_sim_observer obs, void *ud);
void cc_sim_free(cc_sim *s); /* accepts NULL */
/* 0 ok; -1 out of memory; -2 an action this driver cannot play (a WAV answer:
 * the host recognises it and calls cc_sim_say_heard). */
int cc_sim_apply(cc_sim *s, const cc_take_action *a);

/* A spoken answer as the recogniser heard it. The recording starts when the
 * trainee would start a typed answer; speech begins lead_ms into it. */
typedef struct {
    const char *text;        /* "" when nothing was heard */
    double confidence;       /* 0..1 */
    int64_t lead_ms;         /* silence in the recording before the first word */
    int64_t speech_ms;       /* first word to last word */
    double pitch_range, rate_wpm, loudness; /* delivery; NAN when unknown */
} cc_heard;
int cc_sim_say_heard(cc_sim *s, const cc_heard *h);
/* The trainee does nothing more: runs the clock until the call ends (bounded by
 * two hours of call time). 0 when the call ended, -1 otherwise. */
int cc_sim_finish(cc_sim *s);
int cc_sim_now_ms(const cc_sim *s, int64_t *out);

/* Driving the call on an outside clock (the terminal's wall clock) instead of
 * take actions: the host runs the clock to its own time, gives inputs as they
 * happen, and sleeps until cc_sim_next_ms(). Caller lines still last as long
 * as the timing model says. Times never go back; do not mix with
 * cc_sim_apply(), whose actions start from the timing model's moments. */
int cc_sim_run_to(cc_sim *s, int64_t t);         /* 0; -1 out of memory */
int64_t cc_sim_next_ms(const cc_sim *s);         /* INT64_MAX when nothing is due */
/* Runs the clock to in->t, then gives the engine the input. 0; -1 out of
 * memory or a time in the past. */
int cc_sim_input(cc_sim *s, const cc_input *in);
/* The caller on `line` is still saying a line. */
int cc_sim_caller_talking(const cc_sim *s, int line);
cc_call *cc_sim_call(const cc_sim *s);

#endif
