#include "score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "judge.h"
#include "phrase.h"
#include "schema.h"
#include "mem.h"

#define QUOTE_MAX 160

static const char *const verdict_names[] = {"n/a", "pass", "fail"};

const char *cc_verdict_name(cc_verdict v)
{
    return (v >= CC_VERDICT_NA && v <= CC_VERDICT_FAIL) ? verdict_names[v] : "?";
}

void cc_result_free(cc_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nrules; i++) free(r->rules[i].evidence);
    for (size_t i = 0; i < r->nturn_verdicts; i++) free(r->turn_verdicts[i].evidence);
    free(r->rules);
    free(r->turn_verdicts);
    free(r->outcome);
    free(r);
}

typedef struct {
    const cc_standard *std;
    const cc_scenario *scn;
    const cc_record *rec;
    cc_slots *slots;
    cc_result *res;
    size_t captv;
    int oom;
} scorer;

static char *fmt(scorer *s, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!p) {
        s->oom = 1;
        return NULL;
    }
    va_start(ap, f);
    vsnprintf(p, (size_t)n + 1, f, ap);
    va_end(ap);
    return p;
}

/* A quotation short enough for a report line, cut at a character boundary. */
static void quote(char *out, size_t n, const char *text)
{
    size_t len = strlen(text);
    if (len < n && len <= QUOTE_MAX) {
        memcpy(out, text, len + 1);
        return;
    }
    size_t cut = QUOTE_MAX < n - 4 ? QUOTE_MAX : n - 4;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    memcpy(out, text, cut);
    memcpy(out + cut, "...", 4);
}

static double secs(int64_t ms) { return (double)ms / 1000.0; }

/* Records a verdict for a rule: the first failure decides the call's verdict
 * for the rule (it is what the trainee needs to hear about); a pass stands
 * only while nothing failed. evidence is taken over. */
static void judge(scorer *s, int rule, int turn, int64_t at, cc_verdict v, char *evidence,
                  int per_turn)
{
    if (!evidence) {
        s->oom = 1;
        return;
    }
    if (per_turn && turn >= 0) {
        char *copy = cc_strdup(evidence);
        if (copy && s->res->nturn_verdicts == s->captv) {
            size_t cap = s->captv ? s->captv * 2 : 32;
            cc_turn_verdict *p = realloc(s->res->turn_verdicts, cap * sizeof *p);
            if (p) {
                s->res->turn_verdicts = p;
                s->captv = cap;
            } else {
                free(copy);
                copy = NULL;
            }
        }
        if (!copy) s->oom = 1;
        else s->res->turn_verdicts[s->res->nturn_verdicts++] = (cc_turn_verdict){turn, rule, v, copy};
    }
    cc_rule_verdict *r = &s->res->rules[rule];
    int replace = r->verdict == CC_VERDICT_NA || (v == CC_VERDICT_FAIL && r->verdict == CC_VERDICT_PASS);
    if (!replace) {
        free(evidence);
        return;
    }
    free(r->evidence);
    *r = (cc_rule_verdict){v, evidence, turn, at};
}

static int node_expects(const cc_node *n, int rule)
{
    for (size_t i = 0; i < n->nexpect; i++)
        if (n->expect[i] == rule) return 1;
    return 0;
}

static const cc_utterance *first_not_understood(const cc_record *rec, int turn)
{
    for (size_t i = 0; i < rec->nutterances; i++)
        if (rec->utterances[i].turn == turn && !rec->utterances[i].understood)
            return &rec->utterances[i];
    return NULL;
}

static void judge_phrase(scorer *s, int ri)
{
    const cc_record *rec = s->rec;
    for (size_t t = 0; t < rec->nturns; t++) {
        if (!node_expects(&s->scn->nodes[rec->turns[t].node], ri)) continue;
        char *text = cc_record_turn_text(rec, (int)t, 1);
        if (!text) {
            s->oom = 1;
            return;
        }
        char q[QUOTE_MAX + 8];
        cc_judgement jd = {0, 0, ""};
        if (*text && cc_judge_answer(s->std, s->scn, rec->turns[t].node, ri, text, s->slots, &jd) != 0)
            s->oom = 1;
        if (jd.hit) {
            judge(s, ri, (int)t, rec->turns[t].entered, CC_VERDICT_PASS,
                  jd.by_facts ? fmt(s, "stated %s", jd.evidence) : fmt(s, "said \"%s\"", jd.evidence), 1);
        } else if (*text) {
            quote(q, sizeof q, text);
            judge(s, ri, (int)t, rec->turns[t].entered, CC_VERDICT_FAIL,
                  jd.by_facts ? fmt(s, "did not state %s in \"%s\"", jd.evidence, q)
                              : fmt(s, "not in \"%s\"", q), 1);
        } else {
            const cc_utterance *u = first_not_understood(rec, (int)t);
            char *e = u ? fmt(s, "not understood (confidence %.2f)", u->confidence)
                        : cc_strdup("nothing was said");
            judge(s, ri, (int)t, rec->turns[t].entered, CC_VERDICT_FAIL, e, 1);
        }
        free(text);
    }
}

static void judge_forbidden(scorer *s, int ri)
{
    const cc_rule *r = &s->std->rules[ri];
    const cc_record *rec = s->rec;
    int any = 0;
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        /* A word heard with low confidence may not have been said at all:
         * judging it would blame the trainee for the recogniser. */
        if (!u->understood) continue;
        any = 1;
        char ev[256];
        int hit = cc_rule_hit(r, u->text, s->slots, ev, sizeof ev);
        if (hit < 0) s->oom = 1;
        if (hit == 1)
            judge(s, ri, u->turn, u->start, CC_VERDICT_FAIL,
                  fmt(s, "said \"%s\" at %.1f s", ev, secs(u->start)), 1);
        else if (u->turn >= 0)
            judge(s, ri, u->turn, u->start, CC_VERDICT_PASS, cc_strdup("none of its phrases"), 1);
    }
    if (!any) s->res->rules[ri].turn = -1;
}

static int first_turn_of_line(const cc_record *rec, int line)
{
    for (size_t t = 0; t < rec->nturns; t++)
        if (rec->turns[t].line == line) return (int)t;
    return -1;
}

static const char *turn_caller_text(const cc_record *rec, int turn)
{
    if (turn < 0 || (size_t)turn >= rec->nturns || rec->turns[turn].say < 0) return NULL;
    return rec->said[rec->turns[turn].say].text;
}

static void judge_timing(scorer *s, int ri)
{
    const cc_rule *r = &s->std->rules[ri];
    const cc_record *rec = s->rec;
    double max = r->max;
    char q[QUOTE_MAX + 8];
    switch (r->measure) {
    case CC_MEASURE_ANSWER_RING:
        for (int line = 1; line <= CC_MAX_LINES; line++) {
            const cc_line_result *l = &rec->lines[line];
            if (!l->rang) continue;
            int turn = first_turn_of_line(rec, line);
            if (!l->answered)
                judge(s, ri, turn, CC_NO_TIME, CC_VERDICT_FAIL,
                      fmt(s, "line %d was not answered (rang %d times)", line, l->ring), 1);
            else
                judge(s, ri, turn, l->t, l->ring > max ? CC_VERDICT_FAIL : CC_VERDICT_PASS,
                      fmt(s, "line %d answered on ring %d (limit %g)", line, l->ring, max), 1);
        }
        break;
    case CC_MEASURE_HOLD_SECONDS:
        for (size_t i = 0; i < rec->nholds; i++) {
            const cc_span *h = &rec->holds[i];
            double d = secs(h->to - h->from);
            judge(s, ri, h->turn, h->from, d > max ? CC_VERDICT_FAIL : CC_VERDICT_PASS,
                  fmt(s, "line %d on hold %.1f s from %.1f s (limit %g s)", h->line, d,
                      secs(h->from), max), 1);
        }
        break;
    case CC_MEASURE_SILENCE_SECONDS: {
        int worst = -1;
        double wd = 0;
        for (size_t i = 0; i < rec->nsilences; i++) {
            double d = secs(rec->silences[i].to - rec->silences[i].from);
            if (worst < 0 || d > wd) worst = (int)i, wd = d;
            if (d > max) {
                const cc_span *sp = &rec->silences[i];
                const char *after = turn_caller_text(rec, sp->turn);
                if (after) quote(q, sizeof q, after);
                judge(s, ri, sp->turn, sp->from, CC_VERDICT_FAIL,
                      after ? fmt(s, "%.1f s of silence at %.1f s, after the caller said \"%s\" "
                                     "(limit %g s)", d, secs(sp->from), q, max)
                            : fmt(s, "%.1f s of silence at %.1f s (limit %g s)", d,
                                  secs(sp->from), max), 1);
            }
        }
        if (worst >= 0 && wd <= max)
            judge(s, ri, -1, CC_NO_TIME, CC_VERDICT_PASS,
                  fmt(s, "longest silence %.1f s (limit %g s)", wd, max), 0);
        break;
    }
    case CC_MEASURE_TALK_OVER_SECONDS: {
        int any = 0;
        for (size_t i = 0; i < rec->nutterances; i++) {
            const cc_utterance *u = &rec->utterances[i];
            if (!u->heard) continue;
            any = 1;
            double over = 0;
            for (size_t k = 0; k < rec->nsaid; k++) {
                const cc_said *c = &rec->said[k];
                /* A caller who starts while the trainee talks is interrupting;
                 * only the trainee barging in counts against them. */
                if (c->line != u->line || c->t > u->start) continue;
                int64_t done = c->done != CC_NO_TIME ? c->done : (rec->ended ? rec->end_t : u->end);
                int64_t a = u->start > c->t ? u->start : c->t;
                int64_t b = u->end < done ? u->end : done;
                if (b > a) over += secs(b - a);
            }
            if (over > max)
                judge(s, ri, u->turn, u->start, CC_VERDICT_FAIL,
                      fmt(s, "talked over the caller for %.1f s at %.1f s (limit %g s)", over,
                          secs(u->start), max), 1);
        }
        if (any)
            judge(s, ri, -1, CC_NO_TIME, CC_VERDICT_PASS,
                  cc_strdup("let the caller finish every line"), 0);
        break;
    }
    case CC_MEASURE_TRANSFERS: {
        int n = 0, turn = -1;
        int64_t at = CC_NO_TIME;
        for (size_t i = 0; i < rec->nevents; i++)
            if (rec->events[i].act == CC_ACT_TRANSFER) {
                n++;
                turn = rec->events[i].turn;
                at = rec->events[i].t;
            }
        if (n > 0)
            judge(s, ri, turn, at, n > max ? CC_VERDICT_FAIL : CC_VERDICT_PASS,
                  fmt(s, "%d transfer%s (limit %g)", n, n == 1 ? "" : "s", max), 1);
        break;
    }
    default: break;
    }
}

static int event_matches(const cc_rule *r, const cc_event *e)
{
    if (e->act != r->event) return 0;
    if (r->event == CC_ACT_HANGUP) return 0; /* judged per line, below */
    if (r->to_line && (e->act == CC_ACT_SWITCH ? e->to_line : e->line) != r->to_line) return 0;
    if (r->via != CC_VIA_ANY && (e->act == CC_ACT_HOLD || e->act == CC_ACT_RESUME) &&
        e->via != r->via)
        return 0;
    return 1;
}

/* The trainee's answers on a line in the event's turn and the two turns
 * before it, said before the event: what "asked before" can be heard in. A
 * question, the caller's yes, and "connecting you now" span three turns. */
#define BEFORE_TURNS 3
static char *text_before(const cc_record *rec, const cc_event *e)
{
    int window[BEFORE_TURNS], nwin = 0;
    for (int t = e->turn; t >= 0 && nwin < BEFORE_TURNS; t--)
        if (rec->turns[t].line == e->line) window[nwin++] = t;
    cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (!u->understood || u->line != e->line || u->start > e->t) continue;
        int in = 0;
        for (int k = 0; k < nwin; k++) in |= u->turn == window[k];
        if (!in) continue;
        if (b.len) cc_buf_puts(&b, " / ");
        cc_buf_puts(&b, u->text);
    }
    return cc_buf_take(&b);
}

static const cc_utterance *first_after(const cc_record *rec, const cc_event *e)
{
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (u->heard && u->line == e->line && u->start >= e->t) return u;
    }
    return NULL;
}

static void judge_event(scorer *s, int ri)
{
    const cc_rule *r = &s->std->rules[ri];
    const cc_record *rec = s->rec;
    char ev[256], q[QUOTE_MAX + 8];
    if (r->check == CC_CHECK_CALLER_FIRST) {
        for (int line = 1; line <= CC_MAX_LINES; line++) {
            const cc_line_result *l = &rec->lines[line];
            if (!l->answered) continue;
            int turn = -1;
            int64_t at = CC_NO_TIME;
            for (size_t i = 0; i < rec->nevents; i++)
                if (rec->events[i].act == CC_ACT_HANGUP && rec->events[i].line == line)
                    turn = rec->events[i].turn, at = rec->events[i].t;
            switch (l->end) {
            case CC_END_TRAINEE:
                judge(s, ri, turn, at, CC_VERDICT_FAIL,
                      fmt(s, "you hung up line %d at %.1f s before the caller did", line, secs(at)), 1);
                break;
            case CC_END_CALLER:
                judge(s, ri, turn, at, CC_VERDICT_PASS,
                      fmt(s, "the caller on line %d hung up first", line), 1);
                break;
            case CC_END_TRANSFER:
                judge(s, ri, turn, at, CC_VERDICT_PASS,
                      fmt(s, "line %d ended by a transfer", line), 1);
                break;
            default: break;
            }
        }
        return;
    }
    for (size_t i = 0; i < rec->nevents; i++) {
        const cc_event *e = &rec->events[i];
        if (!event_matches(r, e)) continue;
        const char *what = cc_act_name(e->act);
        if (r->check == CC_CHECK_BEFORE) {
            char *text = text_before(rec, e);
            if (!text) {
                s->oom = 1;
                return;
            }
            int hit = *text ? cc_rule_hit(r, text, s->slots, ev, sizeof ev) : 0;
            if (hit < 0) s->oom = 1;
            quote(q, sizeof q, text);
            if (hit == 1)
                judge(s, ri, e->turn, e->t, CC_VERDICT_PASS,
                      fmt(s, "said \"%s\" before the %s at %.1f s", ev, what, secs(e->t)), 1);
            else
                judge(s, ri, e->turn, e->t, CC_VERDICT_FAIL,
                      *text ? fmt(s, "%s at %.1f s; before it you said only \"%s\"", what,
                                  secs(e->t), q)
                            : fmt(s, "%s at %.1f s without a word first", what, secs(e->t)), 1);
            free(text);
        } else {
            const cc_utterance *u = first_after(rec, e);
            int hit = 0;
            if (u && u->understood) {
                hit = cc_rule_hit(r, u->text, s->slots, ev, sizeof ev);
                if (hit < 0) s->oom = 1;
            }
            if (hit == 1) {
                judge(s, ri, u->turn, u->start, CC_VERDICT_PASS,
                      fmt(s, "said \"%s\" after the %s", ev, what), 1);
            } else if (u) {
                quote(q, sizeof q, u->text);
                judge(s, ri, u->turn, u->start, CC_VERDICT_FAIL,
                      u->understood ? fmt(s, "after the %s at %.1f s you said \"%s\"", what,
                                          secs(e->t), q)
                                    : fmt(s, "after the %s, not understood (confidence %.2f)",
                                          what, u->confidence), 1);
            } else {
                judge(s, ri, e->turn, e->t, CC_VERDICT_FAIL,
                      fmt(s, "nothing said after the %s at %.1f s", what, secs(e->t)), 1);
            }
        }
    }
}

static double measured(const cc_utterance *u, cc_measure m)
{
    return m == CC_MEASURE_PITCH_RANGE ? u->pitch_range
           : m == CC_MEASURE_RATE_WPM  ? u->rate_wpm
                                       : u->loudness;
}

static const char *measure_words(cc_measure m)
{
    return m == CC_MEASURE_PITCH_RANGE ? "pitch range (semitones)"
           : m == CC_MEASURE_RATE_WPM  ? "pace (words a minute)"
                                       : "loudness (dBFS)";
}

static void judge_delivery(scorer *s, int ri)
{
    const cc_rule *r = &s->std->rules[ri];
    const cc_record *rec = s->rec;
    int any = 0;
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (!u->heard || !u->understood) continue;
        cc_buf ev = CC_BUF_INIT;
        int measured_any = 0, bad = 0;
        for (size_t k = 0; k < r->nlimits; k++) {
            const cc_limit *l = &r->limits[k];
            double v = measured(u, l->measure);
            if (isnan(v)) continue;
            measured_any = 1;
            int off = (l->has_min && v < l->min) || (l->has_max && v > l->max);
            /* Name what was off first: that is what the trainee must change. */
            if (off || !bad) {
                if (off && !bad) cc_buf_reset(&ev);
                if (ev.len) cc_buf_puts(&ev, "; ");
                cc_buf_printf(&ev, "%s %.1f", measure_words(l->measure), v);
                if (off && l->has_min && v < l->min) cc_buf_printf(&ev, " (under %g)", l->min);
                if (off && l->has_max && v > l->max) cc_buf_printf(&ev, " (over %g)", l->max);
            }
            bad |= off;
        }
        if (!measured_any) {
            cc_buf_reset(&ev);
            continue;
        }
        any = 1;
        cc_buf_printf(&ev, " at %.1f s", secs(u->start));
        judge(s, ri, u->turn, u->start, bad ? CC_VERDICT_FAIL : CC_VERDICT_PASS, cc_buf_take(&ev), 1);
    }
    if (!any) {
        free(s->res->rules[ri].evidence);
        s->res->rules[ri].evidence = cc_strdup("no spoken answer to measure (typed answers have no voice)");
        if (!s->res->rules[ri].evidence) s->oom = 1;
    }
}

/* How bad an outcome is for the call: fail, then the lowest cap, then none. */
static int severity(const cc_standard *std, int o)
{
    if (o < 0) return -1;
    const cc_outcome *x = &std->outcomes[o];
    return x->effect == CC_EFFECT_FAIL ? 1000 : x->effect == CC_EFFECT_CAP ? 900 - x->cap : 0;
}

static int scripted_hangup(const cc_node *n)
{
    for (size_t i = 0; i < n->nevents; i++)
        if (n->events[i].kind == CC_TIMED_HANGUP) return 1;
    return 0;
}

/* The call's outcome: where each line the trainee answered (and line 1 always)
 * ended. A line whose last node is not an end node ended unfinished (hung up on,
 * never answered, given up in silence), unless the scenario itself dropped it (a
 * node with a scripted hangup: the call goes on elsewhere). Line 1's outcome
 * stands unless another line's is worse: a second caller lost is a caller lost.
 * -1 when none is declared. */
static int call_outcome(const cc_standard *std, const cc_scenario *scn, const cc_record *rec)
{
    int best = -1;
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        if (!cc_scenario_line(scn, line)) continue;
        if (line > 1 && !rec->lines[line].answered) continue;
        int last = -1;
        for (size_t t = 0; t < rec->nturns; t++)
            if (rec->turns[t].line == line) last = (int)t;
        const cc_node *n = last >= 0 ? &scn->nodes[rec->turns[last].node] : NULL;
        if (n && !n->end && rec->lines[line].end == CC_END_CALLER && scripted_hangup(n)) continue;
        int o = n && n->end ? n->outcome : cc_standard_unfinished_outcome(std);
        if (best < 0 || severity(std, o) > severity(std, best)) best = o;
    }
    return best;
}

static int by_turn(const void *a, const void *b)
{
    const cc_turn_verdict *x = a, *y = b;
    if (x->turn != y->turn) return x->turn < y->turn ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

cc_result *cc_score(const cc_standard *std, const cc_scenario *scn, const cc_record *rec)
{
    scorer s = {std, scn, rec, NULL, NULL, 0, 0};
    s.res = calloc(1, sizeof *s.res);
    s.slots = cc_scenario_slots(std, scn, rec->trainee);
    if (!s.res || !s.slots) goto oom;
    s.res->nrules = std->nrules;
    s.res->rules = calloc(std->nrules ? std->nrules : 1, sizeof *s.res->rules);
    if (!s.res->rules) goto oom;
    for (size_t i = 0; i < std->nrules; i++) {
        s.res->rules[i] = (cc_rule_verdict){CC_VERDICT_NA, cc_strdup("did not come up in this call"), -1, CC_NO_TIME};
        if (!s.res->rules[i].evidence) goto oom;
    }
    for (size_t i = 0; i < std->nrules; i++) {
        switch (std->rules[i].kind) {
        case CC_DETECT_PHRASE: judge_phrase(&s, (int)i); break;
        case CC_DETECT_FORBIDDEN: judge_forbidden(&s, (int)i); break;
        case CC_DETECT_TIMING: judge_timing(&s, (int)i); break;
        case CC_DETECT_EVENT: judge_event(&s, (int)i); break;
        case CC_DETECT_DELIVERY: judge_delivery(&s, (int)i); break;
        }
    }
    int outcome = call_outcome(std, scn, rec);
    const cc_outcome *oc = outcome >= 0 ? &std->outcomes[outcome] : NULL;
    if (oc && !(s.res->outcome = cc_strdup(oc->id))) goto oom;
    /* A required rule the call never came to: the trainee ended it, let it end or
     * lost the caller before doing what every good version of this call does. */
    for (size_t i = 0; i < scn->nrequired; i++) {
        cc_rule_verdict *v = &s.res->rules[scn->required[i]];
        if (v->verdict != CC_VERDICT_NA) continue;
        free(v->evidence);
        *v = (cc_rule_verdict){CC_VERDICT_FAIL,
                               oc && oc->effect != CC_EFFECT_NONE
                                   ? fmt(&s, "the call ended before this came up (%s: %s); "
                                             "the scenario requires it", oc->id, oc->title)
                                   : cc_strdup("the call ended before this came up; the "
                                               "scenario requires it"),
                               -1, rec->end_t};
        if (!v->evidence) s.oom = 1;
    }
    if (s.oom) goto oom;
    /* No turn verdicts (a missed call) leaves the array NULL: qsort(NULL, 0)
     * is undefined behaviour (found by tests/fuzz, regressions/take/empty). */
    if (s.res->nturn_verdicts > 1)
        qsort(s.res->turn_verdicts, s.res->nturn_verdicts, sizeof *s.res->turn_verdicts, by_turn);

    long won = 0, total = 0;
    for (size_t i = 0; i < std->nrules; i++) {
        cc_verdict v = s.res->rules[i].verdict;
        if (v == CC_VERDICT_NA) continue;
        total += std->rules[i].weight;
        if (v == CC_VERDICT_PASS) won += std->rules[i].weight;
        if (v == CC_VERDICT_FAIL && std->rules[i].critical) s.res->critical_failed = 1;
    }
    s.res->raw_score = total ? (int)((200 * won + total) / (2 * total)) : 100; /* rounded */
    s.res->score = s.res->raw_score;
    if (s.res->critical_failed && s.res->score > std->critical_cap) s.res->score = std->critical_cap;
    /* The outcome counts as the trainer set it: a lost customer fails the call or
     * caps its score, whatever the rules earned on the way. */
    if (oc && oc->effect == CC_EFFECT_CAP && s.res->score > oc->cap) s.res->score = oc->cap;
    s.res->passed = !s.res->critical_failed && s.res->score >= std->pass_mark &&
                    !(oc && oc->effect == CC_EFFECT_FAIL);
    cc_slots_free(s.slots);
    return s.res;
oom:
    cc_slots_free(s.slots);
    cc_result_free(s.res);
    return NULL;
}
