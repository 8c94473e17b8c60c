#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "judge.h"
#include "phrase.h"
#include "schema.h"
#include "mem.h"

/* The caller speaks up a second after the standard's dead-air limit: the
 * limit is what the trainee is judged on, the caller's patience only has to
 * run out after it for the silence to count. */
#define PATIENCE_EXTRA_MS 1000
/* A caller left on hold this many times the limit gives up and hangs up. */
#define HOLD_GIVE_UP_FACTOR 3
#define MAX_OUTPUTS_PENDING 4096

typedef enum { T_NODE_EVENT, T_SILENCE, T_HOLD_LIMIT, T_HOLD_GIVE_UP } timer_kind;

typedef struct {
    int64_t due;
    timer_kind kind;
    int line;
    int node;  /* node the timer belongs to (T_NODE_EVENT) */
    int index; /* event index in the node */
    unsigned seq; /* order of arming: ties fire in this order */
} timer;

typedef struct {
    cc_line_status status;
    int64_t ring_start;
    int rings;            /* RING outputs emitted */
    int node, turn;
    int64_t waiting_since; /* silence running since, or CC_NO_TIME */
    int silence_prompts;
    unsigned speaking;    /* say_id the caller is speaking, 0 when quiet */
    int speaking_node_line; /* that say is the node's own line: start its timers when done */
    int hangup_after_say;
    int64_t hold_since;
    int hold_turn;
    cc_via hold_via;
    int hold_overdue;     /* held past the limit: the caller complains on return */
    int deferred_say;     /* node entered while on hold: say its line on return */
    int transfer_end;     /* the line ends as a transfer when the caller hangs up */
    int trainee_talking;  /* between speech start and the end of the utterance */
} line_state;

/* Capacities of the record's arrays (the record itself shows only counts). */
typedef struct {
    size_t turns, utterances, said, events, silences, holds;
} caps;

struct cc_call {
    caps caps;
    const cc_standard *std;
    const cc_scenario *scn;
    cc_slots *slots;
    uint64_t rng;
    int64_t now;
    int started;
    int active; /* line number the trainee is on */
    line_state lines[CC_MAX_LINES + 1];
    timer *timers;
    size_t ntimers, captimers;
    unsigned timer_seq;
    cc_output *outs;
    size_t nouts, capouts, outhead;
    unsigned next_say_id;
    int oom;
    cc_record rec;
    char *trainee;
    char **strings; /* texts handed out in outputs */
    size_t nstrings, capstrings;
};

/* ---- small helpers ---- */

#define PUSH(call, arr, n, cap, value)                                                        \
    do {                                                                                       \
        if (cc_grow((void **)&(arr), &(cap), (n), sizeof *(arr)) != 0) {                          \
            (call)->oom = 1;                                                                   \
        } else {                                                                               \
            (arr)[(n)++] = (value);                                                            \
        }                                                                                      \
    } while (0)


static uint64_t next_random(cc_call *c)
{
    /* xorshift64*: small, seeded per call, no global state */
    uint64_t x = c->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    c->rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static const char *keep_string(cc_call *c, char *s)
{
    if (!s) {
        c->oom = 1;
        return "";
    }
    if (cc_grow((void **)&c->strings, &c->capstrings, c->nstrings, sizeof *c->strings) != 0) {
        free(s);
        c->oom = 1;
        return "";
    }
    c->strings[c->nstrings++] = s;
    return s;
}

static void emit(cc_call *c, cc_output o)
{
    o.t = c->now;
    if (c->nouts - c->outhead >= MAX_OUTPUTS_PENDING) return; /* a driver that never polls */
    if (c->outhead == c->nouts) c->outhead = c->nouts = 0;
    PUSH(c, c->outs, c->nouts, c->capouts, o);
}

static int64_t ring_cycle_ms(const cc_call *c)
{
    const cc_settings *s = &c->std->settings;
    return (int64_t)llround((s->ring_seconds + s->ring_gap_seconds) * 1000.0);
}

static void arm(cc_call *c, int64_t due, timer_kind kind, int line, int node, int index)
{
    timer t = {due, kind, line, node, index, c->timer_seq++};
    PUSH(c, c->timers, c->ntimers, c->captimers, t);
}

static void disarm(cc_call *c, int line, int keep_kind_mask)
{
    size_t j = 0;
    for (size_t i = 0; i < c->ntimers; i++) {
        const timer *t = &c->timers[i];
        if (t->line == line && !((1 << t->kind) & keep_kind_mask)) continue;
        c->timers[j++] = *t;
    }
    c->ntimers = j;
}

static void disarm_kind(cc_call *c, int line, timer_kind kind)
{
    size_t j = 0;
    for (size_t i = 0; i < c->ntimers; i++)
        if (!(c->timers[i].line == line && c->timers[i].kind == kind)) c->timers[j++] = c->timers[i];
    c->ntimers = j;
}

static const cc_persona *persona_of(const cc_call *c, int line)
{
    const cc_line_def *d = cc_scenario_line(c->scn, line);
    return d ? &d->caller : NULL;
}

/* ---- the record ---- */

static int add_turn(cc_call *c, int line, int node)
{
    caps *k = &c->caps;
    cc_turn t = {line, node, c->now, CC_NO_TIME, -1};
    size_t before = c->rec.nturns;
    PUSH(c, c->rec.turns, c->rec.nturns, k->turns, t);
    return c->rec.nturns > before ? (int)before : -1;
}

static void add_event(cc_call *c, cc_act act, int line, int to_line, cc_via via, int by_caller,
                      const char *ext)
{
    caps *k = &c->caps;
    cc_event e = {act, c->now, line, to_line, via, c->lines[line].turn, by_caller, NULL};
    if (ext) {
        e.extension = cc_strdup(ext);
        if (!e.extension) c->oom = 1;
    }
    size_t before = c->rec.nevents;
    PUSH(c, c->rec.events, c->rec.nevents, k->events, e);
    if (c->rec.nevents == before) free(e.extension);
}

static void close_silence(cc_call *c, int line, int64_t at)
{
    line_state *l = &c->lines[line];
    if (l->waiting_since == CC_NO_TIME) return;
    caps *k = &c->caps;
    cc_span s = {line, l->waiting_since, at, CC_VIA_ANY, l->turn};
    if (at > l->waiting_since) PUSH(c, c->rec.silences, c->rec.nsilences, k->silences, s);
    l->waiting_since = CC_NO_TIME;
    disarm_kind(c, line, T_SILENCE);
}

/* The caller has finished a line and waits for the trainee. A silence already
 * running goes on: the caller's "Hello? Are you there?" fills the air but is
 * not the trainee's answer, so the dead air is measured until they respond. */
static void start_waiting(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_LIVE) return;
    /* A trainee already talking (over the end of the caller's line) is not
     * leaving dead air, and must not be asked whether they are still there. */
    if (l->trainee_talking) return;
    if (l->waiting_since == CC_NO_TIME) l->waiting_since = c->now;
    disarm_kind(c, line, T_SILENCE);
    int64_t patience = (int64_t)llround(c->std->settings.dead_air_seconds * 1000.0) + PATIENCE_EXTRA_MS;
    arm(c, c->now + patience, T_SILENCE, line, l->node, 0);
}

/* ---- caller speech ---- */

static void say(cc_call *c, int line, const char *text, cc_mood mood, cc_said_kind kind)
{
    line_state *l = &c->lines[line];
    char *filled = cc_slots_fill(c->slots, text);
    const char *t = keep_string(c, filled);
    unsigned id = ++c->next_say_id;
    caps *k = &c->caps;
    cc_said s = {c->now, CC_NO_TIME, line, l->turn, kind, cc_strdup(t), id};
    size_t before = c->rec.nsaid;
    if (!s.text) c->oom = 1;
    else PUSH(c, c->rec.said, c->rec.nsaid, k->said, s);
    if (c->rec.nsaid == before) free(s.text);
    if (kind == CC_SAID_NODE && l->turn >= 0 && c->rec.nsaid > before)
        c->rec.turns[l->turn].say = (int)before;
    /* The caller's patience starts again when this line ends. */
    disarm_kind(c, line, T_SILENCE);
    l->speaking = id;
    l->speaking_node_line = kind == CC_SAID_NODE;
    emit(c, (cc_output){CC_OUT_SAY, 0, line, 0, t, mood, persona_of(c, line), id});
}

static cc_mood node_mood(const cc_call *c, int line, const cc_node *n)
{
    if (n->has_mood) return n->mood;
    const cc_persona *p = persona_of(c, line);
    return p ? p->mood : CC_MOOD_CALM;
}

static void end_line(cc_call *c, int line, cc_end_reason why);

static void start_node_timers(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    const cc_node *n = &c->scn->nodes[l->node];
    for (size_t i = 0; i < n->nevents; i++)
        arm(c, c->now + (int64_t)llround(n->events[i].after * 1000.0), T_NODE_EVENT, line, l->node,
            (int)i);
}

/* After the node's line (or at once when it has none): timers, then either the
 * caller hangs up (end node) or waits for the trainee. */
static void node_line_finished(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    const cc_node *n = &c->scn->nodes[l->node];
    if (n->end) {
        end_line(c, line, l->transfer_end ? CC_END_TRANSFER : CC_END_CALLER);
        return;
    }
    start_node_timers(c, line);
    if (c->active == line) start_waiting(c, line);
}

static void speak_node(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    const cc_node *n = &c->scn->nodes[l->node];
    if (n->nsay == 0) {
        node_line_finished(c, line);
        return;
    }
    size_t pick = n->nsay > 1 ? (size_t)(next_random(c) % n->nsay) : 0;
    say(c, line, n->say[pick], node_mood(c, line, n), CC_SAID_NODE);
}

static void enter_node(cc_call *c, int line, int node)
{
    line_state *l = &c->lines[line];
    if (l->turn >= 0) c->rec.turns[l->turn].ended = c->now;
    /* Timers of the node being left are dropped; ring and hold timers stay. */
    disarm(c, line, (1 << T_HOLD_LIMIT) | (1 << T_HOLD_GIVE_UP));
    l->node = node;
    l->turn = add_turn(c, line, node);
    l->silence_prompts = 0;
    if (l->status == CC_LINE_HELD) {
        l->deferred_say = 1;
        return;
    }
    speak_node(c, line);
}

/* ---- line state ---- */

static int live_lines(const cc_call *c)
{
    int n = 0;
    for (int i = 1; i <= CC_MAX_LINES; i++) {
        cc_line_status s = c->lines[i].status;
        if (s == CC_LINE_RINGING || s == CC_LINE_LIVE || s == CC_LINE_HELD) n++;
    }
    return n;
}

static void check_call_end(cc_call *c)
{
    if (c->rec.ended || !c->started || live_lines(c)) return;
    c->rec.ended = 1;
    c->rec.end_t = c->now;
    for (int i = 1; i <= CC_MAX_LINES; i++)
        if (c->lines[i].turn >= 0 && c->rec.turns[c->lines[i].turn].ended == CC_NO_TIME)
            c->rec.turns[c->lines[i].turn].ended = c->now;
    c->ntimers = 0;
    emit(c, (cc_output){CC_OUT_CALL_ENDED, 0, 0, 0, NULL, CC_MOOD_CALM, NULL, 0});
}

static void close_hold(cc_call *c, int line, cc_via via)
{
    line_state *l = &c->lines[line];
    caps *k = &c->caps;
    cc_span s = {line, l->hold_since, c->now, l->hold_via, l->hold_turn};
    PUSH(c, c->rec.holds, c->rec.nholds, k->holds, s);
    disarm_kind(c, line, T_HOLD_LIMIT);
    disarm_kind(c, line, T_HOLD_GIVE_UP);
    (void)via;
}

static void end_line(cc_call *c, int line, cc_end_reason why)
{
    line_state *l = &c->lines[line];
    if (l->status == CC_LINE_ENDED || l->status == CC_LINE_IDLE) return;
    if (l->status == CC_LINE_RINGING)
        emit(c, (cc_output){CC_OUT_RING_STOP, 0, line, l->rings, NULL, CC_MOOD_CALM, NULL, 0});
    if (l->status == CC_LINE_HELD) {
        close_hold(c, line, CC_VIA_ANY);
        emit(c, (cc_output){CC_OUT_HOLD_END, 0, line, 0, NULL, CC_MOOD_CALM, NULL, 0});
    }
    close_silence(c, line, c->now);
    if (why == CC_END_CALLER || why == CC_END_MISSED) {
        add_event(c, CC_ACT_HANGUP, line, 0, CC_VIA_ANY, 1, NULL);
        emit(c, (cc_output){CC_OUT_CALLER_HANGUP, 0, line, 0, NULL, CC_MOOD_CALM, NULL, 0});
    }
    l->status = CC_LINE_ENDED;
    l->speaking = 0;
    disarm(c, line, 0);
    c->rec.lines[line].end = why;
    if (l->turn >= 0) c->rec.turns[l->turn].ended = c->now;
    emit(c, (cc_output){CC_OUT_LINE_ENDED, 0, line, 0, NULL, CC_MOOD_CALM, NULL, 0});
    check_call_end(c);
}

static void start_ringing(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_IDLE || !cc_scenario_line(c->scn, line)) return;
    l->status = CC_LINE_RINGING;
    l->ring_start = c->now;
    l->rings = 1;
    c->rec.lines[line].rang = 1;
    emit(c, (cc_output){CC_OUT_RING, 0, line, 1, NULL, CC_MOOD_CALM, NULL, 0});
}

static void pickup(cc_call *c, int line)
{
    line_state *l = &c->lines[line];
    int64_t cycle = ring_cycle_ms(c);
    int ring = (int)((c->now - l->ring_start) / (cycle > 0 ? cycle : 1)) + 1;
    l->status = CC_LINE_LIVE;
    c->rec.lines[line].answered = 1;
    c->rec.lines[line].ring = ring;
    c->rec.lines[line].t = c->now;
    emit(c, (cc_output){CC_OUT_RING_STOP, 0, line, ring, NULL, CC_MOOD_CALM, NULL, 0});
    enter_node(c, line, cc_scenario_line(c->scn, line)->start);
}

static void put_on_hold(cc_call *c, int line, cc_via via)
{
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_LIVE) return;
    close_silence(c, line, c->now);
    l->status = CC_LINE_HELD;
    l->hold_since = c->now;
    l->hold_turn = l->turn;
    l->hold_via = via;
    l->hold_overdue = 0;
    add_event(c, CC_ACT_HOLD, line, 0, via, 0, NULL);
    int64_t limit = (int64_t)llround(c->std->settings.hold_max_seconds * 1000.0);
    arm(c, c->now + limit, T_HOLD_LIMIT, line, l->node, 0);
    arm(c, c->now + limit * HOLD_GIVE_UP_FACTOR, T_HOLD_GIVE_UP, line, l->node, 0);
    emit(c, (cc_output){CC_OUT_HOLD_START, 0, line, 0, NULL, CC_MOOD_CALM, NULL, 0});
}

static void take_off_hold(cc_call *c, int line, cc_via via)
{
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_HELD) return;
    close_hold(c, line, via);
    l->status = CC_LINE_LIVE;
    add_event(c, CC_ACT_RESUME, line, 0, via, 0, NULL);
    emit(c, (cc_output){CC_OUT_HOLD_END, 0, line, 0, NULL, CC_MOOD_CALM, NULL, 0});
    if (l->deferred_say) {
        l->deferred_say = 0;
        speak_node(c, line);
    } else if (l->hold_overdue) {
        say(c, line, c->std->reactions.long_hold, CC_MOOD_IMPATIENT, CC_SAID_REACTION);
    } else if (c->active == line) {
        start_waiting(c, line);
    }
    l->hold_overdue = 0;
}

/* ---- branches ---- */

char *cc_record_turn_text(const cc_record *rec, int turn, int understood_only)
{
    cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (u->turn != turn || (understood_only && !u->understood)) continue;
        if (b.len) cc_buf_puts(&b, " / ");
        cc_buf_puts(&b, u->text);
    }
    return cc_buf_take(&b);
}

/* Judged exactly as the scorer judges it (judge.h), at the node the answer was
 * given: what the caller reacts to is what the answer means, facts and all.
 * passed = the rule's content is there (forbidden: none of its phrases). */
static int rule_passed(cc_call *c, int node, int rule, const char *text)
{
    const cc_rule *r = &c->std->rules[rule];
    cc_judgement jd;
    if (cc_judge_answer(c->std, c->scn, node, rule, text, c->slots, &jd) != 0) c->oom = 1;
    return r->kind == CC_DETECT_FORBIDDEN ? !jd.hit : jd.hit;
}

static int branch_holds(cc_call *c, int node, const cc_branch *b, const char *text)
{
    for (size_t i = 0; i < b->npassed; i++)
        if (!rule_passed(c, node, b->passed[i], text)) return 0;
    if (b->nfailed) {
        int any = 0;
        for (size_t i = 0; i < b->nfailed && !any; i++) any = !rule_passed(c, node, b->failed[i], text);
        if (!any) return 0;
    }
    if (b->nsaid) {
        char ev[8];
        int hit = cc_phrases_hit(b->said, b->nsaid, c->std->settings.max_gap, 0, text, c->slots,
                                 ev, sizeof ev);
        if (hit < 0) c->oom = 1;
        if (hit != 1) return 0;
    }
    return 1;
}

/* The first branch that holds for an answer; -1 if none. */
static int pick_answer_branch(cc_call *c, int line)
{
    const line_state *l = &c->lines[line];
    const cc_node *n = &c->scn->nodes[l->node];
    char *text = cc_record_turn_text(&c->rec, l->turn, 1);
    if (!text) {
        c->oom = 1;
        return -1;
    }
    int target = -1;
    for (size_t i = 0; i < n->nbranches && target < 0; i++) {
        const cc_branch *b = &n->branches[i];
        if (b->event != CC_ACT_NONE || b->silent) continue;
        if (!b->has_when || branch_holds(c, l->node, b, text)) target = b->target;
    }
    free(text);
    return target;
}

static int pick_event_branch(const cc_call *c, int line, cc_act act, const char *ext)
{
    const line_state *l = &c->lines[line];
    if (l->node < 0) return -1;
    const cc_node *n = &c->scn->nodes[l->node];
    for (size_t i = 0; i < n->nbranches; i++) {
        const cc_branch *b = &n->branches[i];
        if (b->event != act) continue;
        if (b->extension && (!ext || strcmp(b->extension, ext) != 0)) continue;
        return b->target;
    }
    return -1;
}

static int pick_silent_branch(const cc_call *c, int line)
{
    const cc_node *n = &c->scn->nodes[c->lines[line].node];
    for (size_t i = 0; i < n->nbranches; i++)
        if (n->branches[i].silent) return n->branches[i].target;
    return -1;
}

/* ---- timers ---- */

static void fire(cc_call *c, const timer *t)
{
    line_state *l = &c->lines[t->line];
    switch (t->kind) {
    case T_NODE_EVENT: {
        if (l->node != t->node || l->status == CC_LINE_ENDED) return;
        const cc_timed *e = &c->scn->nodes[t->node].events[t->index];
        switch (e->kind) {
        case CC_TIMED_SAY:
            if (l->status != CC_LINE_LIVE) break;
            /* A caller does not make a scripted remark over the trainee, unless
             * the scenario makes them cut in; the trainee's answer moves the
             * call on, so the remark is simply not made. */
            if (l->trainee_talking && !e->interrupt && c->active == t->line) break;
            say(c, t->line, e->text, node_mood(c, t->line, &c->scn->nodes[t->node]),
                CC_SAID_SCRIPTED);
            break;
        case CC_TIMED_RING: start_ringing(c, e->line); break;
        case CC_TIMED_HANGUP: end_line(c, t->line, CC_END_CALLER); break;
        case CC_TIMED_GOTO: enter_node(c, t->line, e->node); break;
        }
        return;
    }
    case T_SILENCE: {
        if (l->status != CC_LINE_LIVE || l->waiting_since == CC_NO_TIME) return;
        int target = pick_silent_branch(c, t->line);
        if (target >= 0) {
            enter_node(c, t->line, target);
            return;
        }
        l->silence_prompts++;
        if (l->silence_prompts == 1) {
            say(c, t->line, c->std->reactions.silence, CC_MOOD_IMPATIENT, CC_SAID_REACTION);
        } else {
            l->hangup_after_say = 1;
            say(c, t->line, c->std->reactions.silence_hangup, CC_MOOD_IMPATIENT,
                CC_SAID_REACTION);
        }
        return;
    }
    case T_HOLD_LIMIT:
        if (l->status == CC_LINE_HELD) l->hold_overdue = 1;
        return;
    case T_HOLD_GIVE_UP:
        if (l->status == CC_LINE_HELD) end_line(c, t->line, CC_END_CALLER);
        return;
    }
}

static void ring_tick(cc_call *c, int64_t upto)
{
    int64_t cycle = ring_cycle_ms(c);
    if (cycle <= 0) return;
    for (int i = 1; i <= CC_MAX_LINES; i++) {
        line_state *l = &c->lines[i];
        while (l->status == CC_LINE_RINGING) {
            int64_t next = l->ring_start + (int64_t)l->rings * cycle;
            if (next > upto) break;
            c->now = next;
            if (l->rings >= c->std->settings.caller_gives_up_ring) {
                c->rec.lines[i].ring = l->rings;
                end_line(c, i, CC_END_MISSED);
                break;
            }
            l->rings++;
            emit(c, (cc_output){CC_OUT_RING, 0, i, l->rings, NULL, CC_MOOD_CALM, NULL, 0});
        }
    }
}

static int64_t next_ring(const cc_call *c)
{
    int64_t best = INT64_MAX, cycle = ring_cycle_ms(c);
    for (int i = 1; i <= CC_MAX_LINES; i++)
        if (c->lines[i].status == CC_LINE_RINGING && cycle > 0) {
            int64_t t = c->lines[i].ring_start + (int64_t)c->lines[i].rings * cycle;
            if (t < best) best = t;
        }
    return best;
}

int64_t cc_call_next_deadline(const cc_call *c)
{
    if (!c || c->rec.ended) return INT64_MAX;
    int64_t best = next_ring(c);
    for (size_t i = 0; i < c->ntimers; i++)
        if (c->timers[i].due < best) best = c->timers[i].due;
    return best;
}

/* The loader refuses loops of instant timed gotos; this bound is the engine's
 * own guard, so no scenario can hang a call. */
#define MAX_FIRINGS_PER_TICK 100000

int cc_call_tick(cc_call *c, int64_t t)
{
    if (!c || t < c->now) return -1;
    for (long fired_count = 0;; fired_count++) {
        if (c->rec.ended) break;
        if (fired_count >= MAX_FIRINGS_PER_TICK) return -1;
        int64_t ring = next_ring(c);
        size_t best = (size_t)-1;
        for (size_t i = 0; i < c->ntimers; i++) {
            const timer *x = &c->timers[i];
            if (x->due > t) continue;
            if (best == (size_t)-1 || x->due < c->timers[best].due ||
                (x->due == c->timers[best].due && x->seq < c->timers[best].seq))
                best = i;
        }
        int64_t tdue = best == (size_t)-1 ? INT64_MAX : c->timers[best].due;
        if (ring <= t && ring <= tdue) {
            ring_tick(c, ring);
            continue;
        }
        if (best == (size_t)-1) break;
        timer fired = c->timers[best];
        c->timers[best] = c->timers[--c->ntimers];
        c->now = fired.due;
        fire(c, &fired);
    }
    c->now = t;
    return c->oom ? -1 : 0;
}

/* ---- inputs ---- */

static void on_utterance(cc_call *c, const cc_input *in)
{
    int line = c->active;
    line_state *l = &c->lines[line];
    caps *k = &c->caps;
    int heard = l->status == CC_LINE_LIVE;
    cc_utterance u = {in->start, in->t, cc_strdup(in->text ? in->text : ""), in->confidence,
                      in->confidence >= c->std->settings.min_confidence, heard, line,
                      heard ? l->turn : -1, in->pitch_range, in->rate_wpm, in->loudness};
    if (!u.text) {
        c->oom = 1;
        return;
    }
    size_t before = c->rec.nutterances;
    PUSH(c, c->rec.utterances, c->rec.nutterances, k->utterances, u);
    if (c->rec.nutterances == before) {
        free(u.text);
        return;
    }
    l->trainee_talking = 0;
    if (!heard) return;
    close_silence(c, line, in->start < c->now ? in->start : c->now);
    l->silence_prompts = 0;
    if (!u.understood) {
        say(c, line, c->std->reactions.not_understood, node_mood(c, line, &c->scn->nodes[l->node]),
            CC_SAID_REACTION);
        return;
    }
    int target = pick_answer_branch(c, line);
    if (target >= 0) enter_node(c, line, target);
    else start_waiting(c, line);
}

static void on_line_done(cc_call *c, unsigned id)
{
    for (size_t i = c->rec.nsaid; i-- > 0;)
        if (c->rec.said[i].say_id == id) {
            if (c->rec.said[i].done == CC_NO_TIME) c->rec.said[i].done = c->now;
            break;
        }
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        line_state *l = &c->lines[line];
        if (l->speaking != id || id == 0) continue;
        l->speaking = 0;
        if (l->status == CC_LINE_ENDED) return;
        if (l->hangup_after_say) {
            end_line(c, line, CC_END_CALLER);
            return;
        }
        if (l->speaking_node_line) {
            node_line_finished(c, line);
            return;
        }
        if (c->active == line) start_waiting(c, line);
        return;
    }
}

static void on_hold(cc_call *c)
{
    int line = c->active;
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_LIVE) return;
    int target = pick_event_branch(c, line, CC_ACT_HOLD, NULL);
    put_on_hold(c, line, CC_VIA_KEY);
    if (target >= 0) enter_node(c, line, target);
}

static void on_resume(cc_call *c)
{
    int line = c->active;
    if (c->lines[line].status != CC_LINE_HELD) return;
    take_off_hold(c, line, CC_VIA_KEY);
    int target = pick_event_branch(c, line, CC_ACT_RESUME, NULL);
    if (target >= 0) enter_node(c, line, target);
}

static void on_switch(cc_call *c)
{
    int from = c->active, to = from == 1 ? 2 : 1;
    line_state *lf = &c->lines[from];
    int target = lf->status == CC_LINE_LIVE ? pick_event_branch(c, from, CC_ACT_SWITCH, NULL) : -1;
    close_silence(c, from, c->now);
    add_event(c, CC_ACT_SWITCH, from, to, CC_VIA_ANY, 0, NULL);
    put_on_hold(c, from, CC_VIA_SWITCH);
    c->active = to;
    if (target >= 0) enter_node(c, from, target);
    line_state *lt = &c->lines[to];
    if (lt->status == CC_LINE_RINGING) pickup(c, to);
    else if (lt->status == CC_LINE_HELD) take_off_hold(c, to, CC_VIA_SWITCH);
}

static void on_transfer(cc_call *c, const char *ext)
{
    int line = c->active;
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_LIVE && l->status != CC_LINE_HELD) return;
    close_silence(c, line, c->now);
    add_event(c, CC_ACT_TRANSFER, line, 0, CC_VIA_ANY, 0, ext);
    int target = pick_event_branch(c, line, CC_ACT_TRANSFER, ext);
    if (target < 0) {
        end_line(c, line, CC_END_TRANSFER);
        return;
    }
    if (l->status == CC_LINE_HELD) take_off_hold(c, line, CC_VIA_KEY);
    /* A transfer branch to an end node lets the caller say goodbye on the way. */
    if (c->scn->nodes[target].end) l->transfer_end = 1;
    enter_node(c, line, target);
}

static void on_hangup(cc_call *c)
{
    int line = c->active;
    line_state *l = &c->lines[line];
    if (l->status != CC_LINE_LIVE && l->status != CC_LINE_HELD && l->status != CC_LINE_RINGING)
        return;
    if (l->status != CC_LINE_RINGING) add_event(c, CC_ACT_HANGUP, line, 0, CC_VIA_ANY, 0, NULL);
    end_line(c, line, l->status == CC_LINE_RINGING ? CC_END_MISSED : CC_END_TRAINEE);
}

int cc_call_input(cc_call *c, const cc_input *in)
{
    if (!c || !in || !c->started) return -1;
    if (in->t < c->now) return -1;
    if (cc_call_tick(c, in->t) != 0) return -1;
    if (c->rec.ended) {
        /* Talking after the call ended is still the trainee's; keep it. */
        if (in->kind == CC_IN_UTTERANCE) on_utterance(c, in);
        return c->oom ? -1 : 0;
    }
    switch (in->kind) {
    case CC_IN_PICKUP:
        if (c->lines[c->active].status == CC_LINE_RINGING) pickup(c, c->active);
        break;
    case CC_IN_SPEECH_START:
        c->lines[c->active].trainee_talking = 1;
        if (c->lines[c->active].status == CC_LINE_LIVE) close_silence(c, c->active, c->now);
        break;
    case CC_IN_UTTERANCE: on_utterance(c, in); break;
    case CC_IN_LINE_DONE: on_line_done(c, in->say_id); break;
    case CC_IN_HOLD: on_hold(c); break;
    case CC_IN_RESUME: on_resume(c); break;
    case CC_IN_SWITCH: on_switch(c); break;
    case CC_IN_TRANSFER: on_transfer(c, in->text); break;
    case CC_IN_HANGUP: on_hangup(c); break;
    }
    return c->oom ? -1 : 0;
}

/* ---- lifetime ---- */

cc_call *cc_call_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                        uint64_t seed)
{
    if (!std || !scn || !cc_scenario_line(scn, 1)) return NULL;
    cc_call *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->std = std;
    c->scn = scn;
    c->trainee = cc_strdup(trainee ? trainee : "");
    c->slots = cc_scenario_slots(std, scn, trainee);
    if (!c->trainee || !c->slots) {
        cc_call_free(c);
        return NULL;
    }
    c->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
    c->active = 1;
    for (int i = 0; i <= CC_MAX_LINES; i++) {
        c->lines[i].node = -1;
        c->lines[i].turn = -1;
        c->lines[i].waiting_since = CC_NO_TIME;
    }
    c->rec.trainee = c->trainee;
    c->rec.seed = seed;
    c->rec.end_t = CC_NO_TIME;
    return c;
}

void cc_call_free(cc_call *c)
{
    if (!c) return;
    cc_record *r = &c->rec;
    for (size_t i = 0; i < r->nutterances; i++) free(r->utterances[i].text);
    for (size_t i = 0; i < r->nsaid; i++) free(r->said[i].text);
    for (size_t i = 0; i < r->nevents; i++) free(r->events[i].extension);
    free(r->turns);
    free(r->utterances);
    free(r->said);
    free(r->events);
    free(r->silences);
    free(r->holds);
    for (size_t i = 0; i < c->nstrings; i++) free(c->strings[i]);
    free(c->strings);
    free(c->timers);
    free(c->outs);
    cc_slots_free(c->slots);
    free(c->trainee);
    free(c);
}

int cc_call_start(cc_call *c, int64_t t)
{
    if (!c || c->started) return -1;
    c->started = 1;
    c->now = t;
    start_ringing(c, 1);
    return c->oom ? -1 : 0;
}

int cc_call_poll(cc_call *c, cc_output *out)
{
    if (!c || c->outhead >= c->nouts) return 0;
    *out = c->outs[c->outhead++];
    return 1;
}

int cc_call_ended(const cc_call *c) { return c ? c->rec.ended : 1; }
const cc_record *cc_call_record(const cc_call *c) { return c ? &c->rec : NULL; }
int cc_call_active_line(const cc_call *c) { return c ? c->active : 0; }
cc_line_status cc_call_line_status(const cc_call *c, int line)
{
    return (c && line >= 1 && line <= CC_MAX_LINES) ? c->lines[line].status : CC_LINE_IDLE;
}
int cc_call_node(const cc_call *c, int line)
{
    return (c && line >= 1 && line <= CC_MAX_LINES) ? c->lines[line].node : -1;
}
const cc_slots *cc_call_slots(const cc_call *c) { return c ? c->slots : NULL; }
int64_t cc_call_silence_since(const cc_call *c, int line)
{
    return (c && line >= 1 && line <= CC_MAX_LINES) ? c->lines[line].waiting_since : CC_NO_TIME;
}

/* ---- what comes next ---- */

/* Nodes without a line of their own passed through at once; the loader refuses
 * loops of instant gotos, this only bounds the walk. */
#define CC_MAX_NEXT_DEPTH 16

typedef struct {
    const cc_call *c;
    cc_next_line *v;
    size_t n, cap;
    int oom;
} next_list;

static void list_line(next_list *l, int line, const char *raw, cc_mood mood)
{
    if (!raw || l->oom) return;
    char *text = cc_slots_fill(l->c->slots, raw);
    if (!text) {
        l->oom = 1;
        return;
    }
    const cc_persona *p = persona_of(l->c, line);
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].line == line && l->v[i].mood == mood && strcmp(l->v[i].text, text) == 0) {
            free(text);
            return;
        }
    if (cc_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) != 0) {
        free(text);
        l->oom = 1;
        return;
    }
    l->v[l->n++] = (cc_next_line){line, text, mood, p};
}

static void list_timed(next_list *l, int line, int node, int depth);

/* What entering `node` says. A node without a line of its own goes straight on
 * to its timers (node_line_finished), so theirs are listed too. */
static void list_node_say(next_list *l, int line, int node, int depth)
{
    const cc_node *n = &l->c->scn->nodes[node];
    for (size_t i = 0; i < n->nsay; i++) list_line(l, line, n->say[i], node_mood(l->c, line, n));
    if (n->nsay == 0 && !n->end && depth < CC_MAX_NEXT_DEPTH) list_timed(l, line, node, depth + 1);
}

static void list_timed(next_list *l, int line, int node, int depth)
{
    const cc_node *n = &l->c->scn->nodes[node];
    for (size_t i = 0; i < n->nevents; i++) {
        const cc_timed *e = &n->events[i];
        if (e->kind == CC_TIMED_SAY) list_line(l, line, e->text, node_mood(l->c, line, n));
        else if (e->kind == CC_TIMED_GOTO) list_node_say(l, line, e->node, depth);
    }
}

/* What may follow being at `node` on `line` (say() and its callers above). */
static void list_after(next_list *l, int line, int node)
{
    const cc_call *c = l->c;
    const cc_node *n = &c->scn->nodes[node];
    list_timed(l, line, node, 0);
    for (size_t b = 0; b < n->nbranches; b++) list_node_say(l, line, n->branches[b].target, 0);
    const cc_reactions *r = &c->std->reactions;
    list_line(l, line, r->silence, CC_MOOD_IMPATIENT);
    list_line(l, line, r->silence_hangup, CC_MOOD_IMPATIENT);
    list_line(l, line, r->long_hold, CC_MOOD_IMPATIENT);
    list_line(l, line, r->not_understood, node_mood(c, line, n));
}

static void list_phone_line(next_list *l, int line)
{
    const cc_call *c = l->c;
    const line_state *s = &c->lines[line];
    const cc_line_def *d = cc_scenario_line(c->scn, line);
    if (!d || s->status == CC_LINE_ENDED) return;
    int node = s->node >= 0 ? s->node : d->start;
    list_node_say(l, line, node, 0);
    list_after(l, line, node);
}

int cc_call_next_lines(const cc_call *c, cc_next_line **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!c || c->rec.ended) return 0;
    next_list l = {c, NULL, 0, 0, 0};
    list_phone_line(&l, c->active);
    for (int line = 1; line <= CC_MAX_LINES; line++)
        if (line != c->active) list_phone_line(&l, line);
    if (l.oom) {
        cc_call_next_lines_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void cc_call_next_lines_free(cc_next_line *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i].text);
    free(v);
}
