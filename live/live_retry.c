/* live_retry: a call that goes back to a turn of another (live.h's
 * cc_live_create_retry), and what it keeps of the call it retries. */
#define _POSIX_C_SOURCE 200809L
#include "live_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the replay made the engine say: the past is shown, not heard again,
 * except caller lines still unfinished at the moment the retry starts (at),
 * which the original call's record (old) tells: the same inputs gave the
 * same lines with the same ids. */
static void replay_output(cc_live *l, const cc_record *old, int64_t at, const cc_output *o)
{
    if (o->kind == CC_OUT_SAY) {
        for (size_t i = 0; i < old->nsaid; i++) {
            if (old->said[i].say_id == o->say_id && old->said[i].done != CC_NO_TIME &&
                old->said[i].done <= at) {
                live_add_caption(l, CC_WHO_CALLER, o->line, o->text,
                                 o->persona ? o->persona->name : "Caller", 0);
                return;
            }
        }
    }
    live_on_output(l, o);
}

cc_live *cc_live_create_retry(const cc_live *from, int turn, const cc_live_config *cfg, char *err,
                              size_t errlen)
{
    const cc_record *old = cc_call_record(from->call);
    if (turn < 0 || (size_t)turn >= old->nturns) {
        snprintf(err, errlen, "cannot retry from turn %d: the call has %zu turns; pick one of them",
                 turn + 1, old->nturns);
        return NULL;
    }
    if (from->fed_lost) {
        snprintf(err, errlen, "cannot retry this call: its inputs were not all kept (out of "
                              "memory); start the call again");
        return NULL;
    }
    int64_t at = old->turns[turn].entered;
    /* The platform has one microphone and one speaker: the new call takes them.
     * `from` is the caller's own object, only declared const for the reading
     * it otherwise gets here. */
    if (from->has_in || from->has_out) cc_live_stop_devices((cc_live *)from);
    cc_live *l = live_new(from->plat, from->std, from->scn, from->trainee, from->seed, cfg, from,
                          live_ms_pos(from, at), err, errlen);
    if (!l) return NULL;
    if (cc_call_start(l->call, 0) != 0) goto engine;
    /* The engine is a pure step function: the same inputs at the same times
     * bring it to the same state, and the same seed to the same lines. What it
     * says is shown as it comes, so the captions keep the call's order. */
    cc_output o;
    for (size_t i = 0; i < from->nfed; i++) {
        const cc_input *in = &from->fed[i];
        if (in->t > at) break;
        if (cc_call_tick(l->call, in->t) != 0) goto engine;
        if (cc_call_record(l->call)->nturns > (size_t)turn) break;
        while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
        if (cc_call_input(l->call, in) != 0) goto engine;
        live_log_input(l, in);
        if (in->kind == CC_IN_UTTERANCE) {
            /* Typed answers come sure and unmeasured (cc_live_typed). */
            if (in->confidence >= 1.0 && isnan(in->pitch_range) && isnan(in->rate_wpm))
                l->answers_typed++;
            else
                l->answers_spoken++;
            live_add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call),
                             in->text ? in->text : "", NULL,
                             in->confidence < l->std->settings.min_confidence);
        }
        while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
    }
    if (cc_call_tick(l->call, at) != 0) goto engine;
    const cc_record *rec = cc_call_record(l->call);
    if (rec->nturns <= (size_t)turn || rec->turns[turn].node != old->turns[turn].node ||
        rec->turns[turn].entered != at) {
        snprintf(err, errlen, "cannot retry from turn %d: replaying the call did not reach it; "
                              "start the call again", turn + 1);
        cc_live_free(l);
        return NULL;
    }
    l->engine_t = at;
    while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
    l->retry_turn = turn;
    l->retry_at = at;
    /* A retry of a retry retries the same call. */
    if (from->retry_of && !(l->retry_of = strdup(from->retry_of))) goto engine;
    live_drain(l);
    if (cfg->demo) {
        /* The model take's place in a replayed call is not known: model answers. */
        if (live_demo_start(l, 0) != 0) goto engine;
        cc_demo_resume(l->demo, at, (size_t)turn);
    }
    return l;
engine:
    snprintf(err, errlen, "out of memory replaying the call; close other programs and try again");
    cc_live_free(l);
    return NULL;
}

int cc_live_retry_turn(const cc_live *l) { return l->retry_turn; }
int64_t cc_live_retry_kept_ms(const cc_live *l) { return l->retry_turn >= 0 ? l->retry_at : 0; }
const char *cc_live_retry_of(const cc_live *l) { return l->retry_of; }
int cc_live_set_retry_of(cc_live *l, const char *folder)
{
    if (!l || l->retry_turn < 0 || l->retry_of) return 0;
    return (l->retry_of = strdup(folder ? folder : "")) ? 0 : -1;
}
