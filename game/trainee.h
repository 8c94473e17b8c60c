/* trainee: the timing model of a trainee acting a take (docs/formats.md,
 * "Takes"): when each action starts and how long an answer lasts. game/sim.c
 * plays takes by it, and the live demo's synthetic trainee (live/demo.h) acts
 * the model take by it on the audio clock, so the demo is the call the
 * scenario's tests play.
 *
 * Contract: pure functions of their arguments; no clock, no state.
 * - The trainee reaches for the phone a second into the ring the take names
 *   (ring N begins (N-1) ring cycles after line 1 starts ringing at 0).
 * - An answer starts 0.6 s, and a key 0.5 s, after both the caller and the
 *   trainee's own last action have finished; a `wait` before it replaces that
 *   pause with its seconds (from the last action, for a pick-up).
 * - An interruption starts a second before the caller's line ends.
 * - An action with a recorded time starts at it.
 * - Answers are spoken at 150 words a minute (text.h's cc_speech_ms), or last
 *   until their recorded end.
 * A driver clamps the times to its own clock (an action is never in the past)
 * and, for answers and keys, lets a caller who speaks up meanwhile finish first. */
#ifndef CC_TRAINEE_H
#define CC_TRAINEE_H

#include <stdint.h>

#include "standard.h"
#include "take.h"

#define CC_TRAINEE_WPM 150

typedef struct {
    int64_t ready;        /* call ms the trainee's last action finished */
    int64_t caller_quiet; /* call ms the caller finished (or will finish) their line */
    double wait_s;        /* silence asked for by `wait` actions before this one */
} cc_trainee_moment;

/* Call ms at which action a (not a `wait`) starts. */
int64_t cc_trainee_start_ms(const cc_settings *st, const cc_take_action *a,
                            const cc_trainee_moment *m);
/* The pause before an answer (CC_TAKE_SAY) or a key when no `wait` was asked for. */
int64_t cc_trainee_latency_ms(cc_take_kind kind);
/* When an answer (say or interrupt) that starts at `start` ends. */
int64_t cc_trainee_say_end_ms(const cc_take_action *a, int64_t start);

#endif
