#include "sim.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trainee.h"

#define MAX_CALL_MS (2 * 3600 * 1000LL)
#define MAX_PENDING 64

typedef struct {
    unsigned say_id;
    int line;
    int64_t done;
} pending_line;

struct cc_sim {
    cc_call *call;
    const cc_standard *std;
    cc_sim_observer obs;
    void *ud;
    int64_t now;
    int64_t caller_quiet_at; /* when the last caller line ends */
    double wait_s;           /* silence asked for before the next action */
    pending_line pending[MAX_PENDING];
    int npending;
};

/* Hands engine outputs to the observer and schedules the end of each caller
 * line, as the audio layer would report it. */
static void drain(cc_sim *s)
{
    cc_output o;
    while (cc_call_poll(s->call, &o)) {
        if (o.kind == CC_OUT_SAY && s->npending < MAX_PENDING) {
            int rate = o.persona ? o.persona->rate : 175;
            int64_t done = o.t + cc_speech_ms(o.text, rate);
            s->pending[s->npending++] = (pending_line){o.say_id, o.line, done};
            if (done > s->caller_quiet_at) s->caller_quiet_at = done;
        }
        if (s->obs) s->obs(s->ud, &o);
    }
}

/* Runs the clock to t: line ends and engine deadlines, in time order. */
static int advance(cc_sim *s, int64_t t)
{
    for (;;) {
        int best = -1;
        for (int i = 0; i < s->npending; i++)
            if (best < 0 || s->pending[i].done < s->pending[best].done) best = i;
        int64_t line_t = best >= 0 ? s->pending[best].done : INT64_MAX;
        int64_t dl = cc_call_next_deadline(s->call);
        int64_t next = line_t < dl ? line_t : dl;
        if (next > t) break;
        if (line_t <= dl) {
            pending_line p = s->pending[best];
            s->pending[best] = s->pending[--s->npending];
            cc_input in = {.kind = CC_IN_LINE_DONE, .t = p.done, .say_id = p.say_id};
            if (cc_call_input(s->call, &in) != 0) return -1;
        } else if (cc_call_tick(s->call, dl) != 0) {
            return -1;
        }
        if (next > s->now) s->now = next;
        drain(s);
    }
    if (t > s->now) {
        if (cc_call_tick(s->call, t) != 0) return -1;
        s->now = t;
        drain(s);
    }
    return 0;
}

/* When the trainee's next action starts (trainee.h): after the caller has
 * finished (or at once if quiet), plus the pause. A caller who speaks up
 * meanwhile (a silence prompt) is let finish first, as a person would. */
static int start_after_caller(cc_sim *s, const cc_take_action *a, int64_t *start)
{
    cc_trainee_moment m = {s->now, s->caller_quiet_at, s->wait_s};
    s->wait_s = 0;
    int64_t t = cc_trainee_start_ms(&s->std->settings, a, &m);
    for (int guard = 0; guard < 100; guard++) {
        if (advance(s, t) != 0) return -1;
        if (s->caller_quiet_at <= s->now || cc_call_ended(s->call)) break;
        t = s->caller_quiet_at + cc_trainee_latency_ms(a->kind);
    }
    *start = s->now;
    return 0;
}

static int input(cc_sim *s, cc_input_kind kind, const char *text)
{
    cc_input in = {.kind = kind, .t = s->now, .text = text};
    if (cc_call_input(s->call, &in) != 0) return -1;
    drain(s);
    return 0;
}

static int speak_as(cc_sim *s, const char *text, int64_t start, int64_t end,
                    const cc_heard *h)
{
    if (advance(s, start) != 0) return -1;
    if (input(s, CC_IN_SPEECH_START, NULL) != 0) return -1;
    if (advance(s, end) != 0) return -1;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = end, .text = text, .start = start,
                   .confidence = h ? h->confidence : 1.0,
                   .pitch_range = h ? h->pitch_range : NAN,
                   .rate_wpm = h ? h->rate_wpm : NAN,
                   .loudness = h ? h->loudness : NAN};
    if (cc_call_input(s->call, &in) != 0) return -1;
    drain(s);
    return 0;
}


int cc_sim_say_heard(cc_sim *s, const cc_heard *h)
{
    int64_t start;
    cc_take_action answer = {.kind = CC_TAKE_SAY};
    if (start_after_caller(s, &answer, &start) != 0) return -1;
    int64_t speech_start = start + (h->lead_ms > 0 ? h->lead_ms : 0);
    int64_t len = h->speech_ms > 0 ? h->speech_ms : 0;
    if ((!h->text || !*h->text) && len == 0) {
        /* No speech at all: the trainee stayed silent for the recording's length. */
        return advance(s, speech_start);
    }
    /* Speech without words is an answer nobody understood. */
    cc_heard copy = *h;
    if (!h->text || !*h->text) copy.confidence = 0;
    return speak_as(s, h->text ? h->text : "", speech_start, speech_start + len, &copy);
}

/* An action with a recorded time happens exactly then (or now, if the call
 * clock has passed it): a replayed session keeps its timing. */
static int start_at(cc_sim *s, const cc_take_action *a, int64_t *start)
{
    if (!a->timed) return start_after_caller(s, a, start);
    s->wait_s = 0;
    int64_t t = a->at_ms > s->now ? a->at_ms : s->now;
    if (advance(s, t) != 0) return -1;
    *start = s->now;
    return 0;
}

static int say_action(cc_sim *s, const cc_take_action *a, int64_t start)
{
    int64_t end = cc_trainee_say_end_ms(a, start);
    cc_heard h = {a->text, 1.0, 0, end - start, NAN, NAN, NAN};
    if (a->measured) {
        h.confidence = a->confidence;
        h.pitch_range = a->pitch_range;
        h.rate_wpm = a->rate_wpm;
        h.loudness = a->loudness;
    }
    return speak_as(s, a->text, start, end, &h);
}

int cc_sim_apply(cc_sim *s, const cc_take_action *a)
{
    int64_t start;
    switch (a->kind) {
    case CC_TAKE_PICKUP: {
        cc_trainee_moment m = {s->now, s->caller_quiet_at, s->wait_s};
        int64_t t = cc_trainee_start_ms(&s->std->settings, a, &m);
        s->wait_s = 0;
        if (t < s->now) t = s->now;
        if (advance(s, t) != 0) return -1;
        return input(s, CC_IN_PICKUP, NULL);
    }
    case CC_TAKE_SAY:
        if (start_at(s, a, &start) != 0) return -1;
        return say_action(s, a, start);
    case CC_TAKE_INTERRUPT: {
        cc_trainee_moment m = {s->now, s->caller_quiet_at, s->wait_s};
        int64_t t = cc_trainee_start_ms(&s->std->settings, a, &m);
        if (t < s->now) t = s->now;
        s->wait_s = 0;
        return say_action(s, a, t);
    }
    case CC_TAKE_SAY_WAV: return -2;
    case CC_TAKE_WAIT: s->wait_s += a->seconds; return 0;
    case CC_TAKE_HOLD:
    case CC_TAKE_RESUME:
    case CC_TAKE_SWITCH:
    case CC_TAKE_TRANSFER:
    case CC_TAKE_HANGUP: {
        if (start_at(s, a, &start) != 0) return -1;
        cc_input_kind k = a->kind == CC_TAKE_HOLD     ? CC_IN_HOLD
                          : a->kind == CC_TAKE_RESUME ? CC_IN_RESUME
                          : a->kind == CC_TAKE_SWITCH ? CC_IN_SWITCH
                          : a->kind == CC_TAKE_TRANSFER ? CC_IN_TRANSFER
                                                        : CC_IN_HANGUP;
        return input(s, k, a->text);
    }
    }
    return 0;
}

int cc_sim_finish(cc_sim *s)
{
    while (!cc_call_ended(s->call)) {
        int64_t dl = cc_call_next_deadline(s->call);
        int64_t next = dl;
        for (int i = 0; i < s->npending; i++)
            if (s->pending[i].done < next) next = s->pending[i].done;
        if (next == INT64_MAX || next > MAX_CALL_MS) return -1;
        if (advance(s, next) != 0) return -1;
    }
    return 0;
}

int cc_sim_run_to(cc_sim *s, int64_t t)
{
    return t > s->now ? advance(s, t) : 0;
}

int64_t cc_sim_next_ms(const cc_sim *s)
{
    int64_t next = cc_call_next_deadline(s->call);
    for (int i = 0; i < s->npending; i++)
        if (s->pending[i].done < next) next = s->pending[i].done;
    return next;
}

int cc_sim_input(cc_sim *s, const cc_input *in)
{
    if (in->t < s->now || advance(s, in->t) != 0) return -1;
    if (cc_call_input(s->call, in) != 0) return -1;
    drain(s);
    return 0;
}

int cc_sim_caller_talking(const cc_sim *s, int line)
{
    for (int i = 0; i < s->npending; i++)
        if (s->pending[i].line == line) return 1;
    return 0;
}

int cc_sim_now_ms(const cc_sim *s, int64_t *out)
{
    *out = s->now;
    return 0;
}

cc_call *cc_sim_call(const cc_sim *s) { return s ? s->call : NULL; }

cc_sim *cc_sim_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                      uint64_t seed, cc_sim_observer obs, void *ud)
{
    cc_sim *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->std = std;
    s->obs = obs;
    s->ud = ud;
    s->call = cc_call_create(std, scn, trainee, seed);
    if (!s->call || cc_call_start(s->call, 0) != 0) {
        cc_sim_free(s);
        return NULL;
    }
    drain(s);
    return s;
}

void cc_sim_free(cc_sim *s)
{
    if (!s) return;
    cc_call_free(s->call);
    free(s);
}
