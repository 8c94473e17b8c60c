/* demo: the demo's synthetic trainee (callcoach --demo): what it does next.
 *
 * Contract.
 * - It acts the scenario's model take (cc_demo_take) by the timing model of
 *   game/trainee.h on the call's clock, so the demo is the call the scenario's
 *   tests play; without a take (or in a retried call, where the take's place is
 *   not known) it picks up on the first ring and answers each turn of the line
 *   it is on with that node's model answer.
 * - It decides only: cc_demo_next() says what to do now (press a key, say a
 *   line) from a view of the call the driver gives it; the driver does it
 *   (live_demo.c: the voice through the mixer, onto the trainee's track, to the
 *   engine) and reports back with cc_demo_acted(), cc_demo_said() when its line
 *   has been spoken, and cc_demo_caller_done() when a caller line ends. Nothing
 *   here calls back into the call.
 * - Its voice (cc_demo_voice) is a second espeak-ng voice: the language of the
 *   scenario's caller with a variant no caller of the scenario uses.
 * Ownership: the scenario and standard outlive the demo; an action's text
 * belongs to the demo until the next cc_demo_next(). */
#ifndef CC_DEMO_H
#define CC_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "take.h"
#include "voicework.h"

/* The demo's script: the take of the scenario's test expected to pass (the one
 * named "model" if several; its take_file is read if the loader did not), with
 * the name scenario tests are played as (CC_DEMO_TEST_TRAINEE, as callcoach-lint
 * --test does) replaced by `trainee`. NULL with a reason when there is none. The
 * caller frees it (cc_take_free). */
#define CC_DEMO_TEST_TRAINEE "Alex"
cc_take *cc_demo_take(const cc_scenario *scn, const char *trainee, char *err, size_t errlen);

typedef struct cc_demo cc_demo;

/* with_take: play the model take if there is one. NULL when out of memory. */
cc_demo *cc_demo_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                        int with_take);
void cc_demo_free(cc_demo *d); /* accepts NULL */
const cc_persona *cc_demo_voice(const cc_demo *d);
/* Asks the voice worker for every answer the demo may give, ahead. */
void cc_demo_prepare(const cc_demo *d, cc_voicework *vw, const cc_slots *slots);

typedef struct {
    int64_t now;              /* call ms */
    const cc_call *call;
    int caller_talking;       /* the caller on the line the trainee is on is speaking */
    int64_t caller_line_end;  /* call ms that line's caller line ends; 0 when none */
} cc_demo_view;

typedef enum { CC_DEMO_NOTHING, CC_DEMO_KEY, CC_DEMO_SAY } cc_demo_act_kind;

typedef struct {
    cc_demo_act_kind kind;
    cc_input_kind key;        /* CC_DEMO_KEY */
    const char *text;         /* what to say, or a transfer's extension */
} cc_demo_act;

/* What to do now; CC_DEMO_NOTHING while it waits or speaks. */
cc_demo_act cc_demo_next(cc_demo *d, const cc_demo_view *v);
/* The action cc_demo_next() gave was done at call ms `at` (a line began). */
void cc_demo_acted(cc_demo *d, const cc_demo_act *a, int64_t at);
void cc_demo_said(cc_demo *d, int64_t at);          /* its line ended */
void cc_demo_caller_done(cc_demo *d, int64_t at);   /* a caller line ended */
/* A retried call goes on from call ms `at`, after `turns` turns answered. */
void cc_demo_resume(cc_demo *d, int64_t at, size_t turns);

#endif
