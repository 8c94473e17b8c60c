/* live_keys: the trainee's keys and typed answers, at the current call time
 * (live.h); the dead-air clock they are timed against. */
#define _POSIX_C_SOURCE 200809L
#include "live_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t live_clock_now(cc_live *l)
{
    l->plat->audio->lock();
    uint64_t pos = cc_mixer_pos(l->mixer);
    l->plat->audio->unlock();
    return live_pos_ms(l, pos);
}

static void simple_input(cc_live *l, cc_input_kind kind, const char *text)
{
    if (l->call_over || l->paused) return;
    /* The demo's trainee works the phone; the watcher may only end the call. */
    if (l->cfg.demo && kind != CC_IN_HANGUP) return;
    cc_input in = {.kind = kind, .t = live_clock_now(l)};
    live_queue_input(l, in, text);
}

void cc_live_pickup(cc_live *l) { simple_input(l, CC_IN_PICKUP, NULL); }
void cc_live_switch(cc_live *l) { simple_input(l, CC_IN_SWITCH, NULL); }
void cc_live_hangup(cc_live *l) { simple_input(l, CC_IN_HANGUP, NULL); }
void cc_live_transfer(cc_live *l, const char *ext) { simple_input(l, CC_IN_TRANSFER, ext); }

void cc_live_hold_toggle(cc_live *l)
{
    simple_input(l, CC_IN_HOLD, NULL);
    if (l->ninputs > 0 && l->inputs[l->ninputs - 1].in.kind == CC_IN_HOLD)
        l->inputs[l->ninputs - 1].toggle = 1;
}

int cc_live_caller_talking(const cc_live *l)
{
    int active = cc_call_active_line(l->call);
    l->plat->audio->lock();
    int busy = cc_mixer_line_busy(l->mixer, active);
    l->plat->audio->unlock();
    for (int i = 0; i < l->nwaiting; i++) busy |= l->waiting[i].line == active;
    return busy;
}

void live_start_speech(cc_live *l, int64_t t, int typed)
{
    cc_input in = {.kind = CC_IN_SPEECH_START, .t = t};
    live_queue_input(l, in, NULL);
    if (typed) {
        l->speech_open = 1;
        l->typing_start = t;
    }
}

void cc_live_typing(cc_live *l)
{
    if (l->cfg.demo) return;
    if (l->call_over || l->paused || l->speech_open || l->typing_deferred) return;
    /* Words typed to a ringing or held line are said to nobody: no answer begins. */
    if (cc_call_line_status(l->call, cc_call_active_line(l->call)) != CC_LINE_LIVE) return;
    /* Typing over the caller is not talking over them: the answer counts as
     * started when they finish. */
    if (cc_live_caller_talking(l)) l->typing_deferred = 1;
    else live_start_speech(l, live_clock_now(l), 1);
}

int cc_live_answer_begun(const cc_live *l) { return l->speech_open || l->typing_deferred; }

int64_t cc_live_silence_ms(const cc_live *l)
{
    int line = cc_call_active_line(l->call);
    int64_t since = cc_call_silence_since(l->call, line);
    if (since == CC_NO_TIME || cc_call_line_status(l->call, line) != CC_LINE_LIVE ||
        cc_live_answer_begun(l) || l->call_over)
        return -1;
    int64_t now = cc_live_now_ms(l);
    return now > since ? now - since : 0;
}

double cc_live_dead_air_limit(const cc_standard *std)
{
    /* The strictest rule on silence is the one the trainee must keep to. */
    double lim = std->settings.dead_air_seconds;
    int any = 0;
    for (size_t i = 0; i < std->nrules; i++) {
        const cc_rule *r = &std->rules[i];
        if (r->kind != CC_DETECT_TIMING || r->measure != CC_MEASURE_SILENCE_SECONDS || !r->has_max)
            continue;
        if (!any || r->max < lim) lim = r->max;
        any = 1;
    }
    return lim;
}

void cc_live_typed(cc_live *l, const char *text)
{
    if (l->call_over || l->paused || l->cfg.demo) return;
    int64_t now = live_clock_now(l);
    if (!l->speech_open) live_start_speech(l, now, 1);
    l->typing_deferred = 0;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = now, .start = l->typing_start, .confidence = 1.0,
                   .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    live_queue_input(l, in, text);
    l->answers_typed++;
    l->speech_open = 0;
    live_add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call), text, NULL, 0);
}
