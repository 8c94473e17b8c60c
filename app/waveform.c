/* waveform: see waveform.h. */
#include "waveform.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "mem.h"

/* ---- the timeline ---- */

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static int64_t total(const cc_timeline *tl) { return tl->nsamples > 0 ? tl->nsamples : 1; }

int64_t cc_tl_sample_of_ms(const cc_timeline *tl, int64_t ms)
{
    if (ms == CC_NO_TIME || ms < 0) return 0;
    if (ms / 1000 >= total(tl) / tl->rate + 1) return total(tl); /* and no overflow */
    return clamp64(ms * tl->rate / 1000, 0, total(tl));
}

/* Rounded up, so that sample_of_ms(ms_of_sample(s)) lands on s whenever the
 * rate divides into whole milliseconds, and never before it otherwise. */
int64_t cc_tl_ms_of_sample(const cc_timeline *tl, int64_t s)
{
    s = clamp64(s, 0, total(tl));
    return (s * 1000 + tl->rate - 1) / tl->rate;
}

int cc_tl_x_of_sample(const cc_timeline *tl, int64_t s)
{
    s = clamp64(s, 0, total(tl));
    return tl->x + (int)(s * tl->w / total(tl));
}

int64_t cc_tl_sample_of_x(const cc_timeline *tl, int x)
{
    int64_t c = clamp64(x - tl->x, 0, tl->w);
    /* The first sample whose column is c: the inverse of x_of_sample. */
    return clamp64((c * total(tl) + tl->w - 1) / (tl->w > 0 ? tl->w : 1), 0, total(tl));
}

int cc_tl_x_of_ms(const cc_timeline *tl, int64_t ms) { return cc_tl_x_of_sample(tl, cc_tl_sample_of_ms(tl, ms)); }

void cc_wave_peaks(const int16_t *s, size_t n, int cols, uint16_t *out)
{
    for (int c = 0; c < cols; c++) {
        size_t from = (size_t)((uint64_t)n * (uint64_t)c / (uint64_t)cols);
        size_t to = (size_t)((uint64_t)n * (uint64_t)(c + 1) / (uint64_t)cols);
        int peak = 0;
        for (size_t i = from; i < to && s; i++) {
            int v = s[i] < 0 ? -(int)s[i] : s[i];
            if (v > peak) peak = v;
        }
        out[c] = (uint16_t)peak;
    }
}

void cc_wave_draw_lane(cc_app *a, int x, int y, int w, int h, const uint16_t *peaks, int cols,
                       cc_rgba c)
{
    int mid = y + h / 2;
    ui_rect(a, x, mid, w, 1, c); /* silence is a flat line, not nothing */
    for (int i = 0; i < cols && i < w && peaks; i++) {
        /* A square-root scale: quiet speech stays visible beside a loud ring. */
        double v = peaks[i] / 32768.0;
        double r = v > 0 ? sqrt(v) : 0;
        int half = (int)(r * (h / 2 - 1));
        if (half > 0) ui_rect(a, x + i, mid - half, 1, 2 * half + 1, c);
    }
}

/* ---- turns ---- */

static int64_t call_end(const cc_record *rec)
{
    int64_t end = rec->ended && rec->end_t != CC_NO_TIME ? rec->end_t : 0;
    for (size_t i = 0; i < rec->nturns; i++) {
        if (rec->turns[i].entered > end) end = rec->turns[i].entered;
        if (rec->turns[i].ended != CC_NO_TIME && rec->turns[i].ended > end) end = rec->turns[i].ended;
    }
    for (size_t i = 0; i < rec->nutterances; i++)
        if (rec->utterances[i].end > end) end = rec->utterances[i].end;
    return end;
}

int cc_turn_span(const cc_record *rec, int turn, int64_t *from_ms, int64_t *to_ms)
{
    if (!rec || turn < 0 || (size_t)turn >= rec->nturns) return -1;
    const cc_turn *t = &rec->turns[turn];
    *from_ms = t->entered;
    *to_ms = t->ended != CC_NO_TIME ? t->ended : call_end(rec);
    if (*to_ms < *from_ms) *to_ms = *from_ms;
    return 0;
}

int cc_turn_answer_span(const cc_record *rec, int turn, int64_t *from_ms, int64_t *to_ms)
{
    int any = 0;
    for (size_t i = 0; rec && i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (u->turn != turn) continue;
        if (!any || u->start < *from_ms) *from_ms = u->start;
        if (!any || u->end > *to_ms) *to_ms = u->end;
        any = 1;
    }
    return any ? 0 : -1;
}

int cc_turn_at(const cc_record *rec, int64_t ms)
{
    if (!rec || rec->nturns == 0) return -1;
    int best = 0;
    for (size_t i = 0; i < rec->nturns; i++)
        if (rec->turns[i].entered <= ms && rec->turns[i].entered >= rec->turns[best].entered)
            best = (int)i;
    return best;
}

/* ---- marks and spans ---- */

static int cmp_mark(const void *a, const void *b)
{
    const cc_mark *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->rule - y->rule;
}

static int64_t turn_moment(const cc_record *rec, int turn)
{
    int64_t from, to;
    /* A turn's verdict is about what was said in it: the answer's start. */
    if (cc_turn_answer_span(rec, turn, &from, &to) == 0) return from;
    if (cc_turn_span(rec, turn, &from, &to) == 0) return from;
    return CC_NO_TIME;
}

size_t cc_review_marks(const cc_standard *std, const cc_record *rec, const cc_result *res,
                       cc_mark **out)
{
    *out = NULL;
    if (!std || !rec || !res) return 0;
    size_t cap = res->nrules + res->nturn_verdicts, n = 0;
    if (cap == 0) return 0;
    cc_mark *m = malloc(cap * sizeof *m);
    if (!m) return 0;
    for (size_t i = 0; i < res->nrules && i < std->nrules; i++) {
        const cc_rule_verdict *v = &res->rules[i];
        if (v->verdict == CC_VERDICT_NA) continue;
        int64_t at = v->at != CC_NO_TIME ? v->at : v->turn >= 0 ? turn_moment(rec, v->turn) : CC_NO_TIME;
        if (at == CC_NO_TIME) continue;
        m[n++] = (cc_mark){(int)i, v->verdict, v->turn, at};
    }
    size_t nrule_marks = n;
    for (size_t i = 0; i < res->nturn_verdicts; i++) {
        const cc_turn_verdict *tv = &res->turn_verdicts[i];
        if (tv->verdict == CC_VERDICT_NA || tv->rule < 0 || (size_t)tv->rule >= std->nrules) continue;
        int seen = 0;
        for (size_t k = 0; k < nrule_marks && !seen; k++)
            seen = m[k].rule == tv->rule && m[k].turn == tv->turn && m[k].verdict == tv->verdict;
        if (seen) continue;
        int64_t at = turn_moment(rec, tv->turn);
        if (at == CC_NO_TIME) continue;
        m[n++] = (cc_mark){tv->rule, tv->verdict, tv->turn, at};
    }
    if (n == 0) {
        free(m);
        return 0;
    }
    qsort(m, n, sizeof *m, cmp_mark);
    *out = m;
    return n;
}

/* Appends to a growing array; 0, or -1 out of memory (the array stays). */
static int push_span(cc_review_span **s, size_t *n, size_t *cap, cc_review_span v)
{
    if (cc_grow((void **)s, cap, *n, sizeof **s) != 0) return -1;
    (*s)[(*n)++] = v;
    return 0;
}

size_t cc_review_spans(const cc_record *rec, cc_review_span **out)
{
    *out = NULL;
    if (!rec) return 0;
    cc_review_span *s = NULL;
    size_t n = 0, cap = 0;
    int oom = 0;
    for (size_t i = 0; i < rec->nsilences && !oom; i++)
        oom = push_span(&s, &n, &cap, (cc_review_span){CC_SPAN_SILENCE, rec->silences[i].from,
                                                       rec->silences[i].to, rec->silences[i].line});
    for (size_t i = 0; i < rec->nholds && !oom; i++)
        oom = push_span(&s, &n, &cap, (cc_review_span){CC_SPAN_HOLD, rec->holds[i].from, rec->holds[i].to,
                                                       rec->holds[i].line});
    int64_t end = call_end(rec);
    for (size_t i = 0; i < rec->nutterances && !oom; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (!u->heard) continue;
        for (size_t k = 0; k < rec->nsaid && !oom; k++) {
            const cc_said *c = &rec->said[k];
            /* A caller who starts while the trainee talks interrupts them: that is
             * not the trainee talking over the caller. */
            if (c->line != u->line || c->t > u->start) continue;
            int64_t done = c->done != CC_NO_TIME ? c->done : end;
            int64_t from = u->start > c->t ? u->start : c->t;
            int64_t to = u->end < done ? u->end : done;
            if (to > from) oom = push_span(&s, &n, &cap, (cc_review_span){CC_SPAN_TALK_OVER, from, to, u->line});
        }
    }
    /* Out of memory part way: what was found is still worth showing. */
    if (n == 0) {
        free(s);
        return 0;
    }
    *out = s;
    return n;
}

/* ---- the checklist ---- */

static const char *const phase_ids[CC_PHASE_COUNT] = {"opening", "during", "hold-transfer", "closing"};
static const char *const phase_titles[CC_PHASE_COUNT] = {"Opening", "During the call",
                                                         "Hold and transfer", "Closing"};

cc_phase cc_rule_phase(const cc_rule *r)
{
    for (int p = 0; r && r->phase && p < CC_PHASE_COUNT; p++)
        if (strcmp(r->phase, phase_ids[p]) == 0) return (cc_phase)p;
    return CC_PHASE_DURING;
}

const char *cc_phase_title(cc_phase p)
{
    return p >= 0 && p < CC_PHASE_COUNT ? phase_titles[p] : "Other";
}

size_t cc_checklist(const cc_standard *std, cc_check_row **out)
{
    *out = NULL;
    if (!std || std->nrules == 0) return 0;
    cc_check_row *rows = malloc((std->nrules + CC_PHASE_COUNT) * sizeof *rows);
    if (!rows) return 0;
    size_t n = 0;
    for (int p = 0; p < CC_PHASE_COUNT; p++) {
        size_t head = n;
        for (size_t i = 0; i < std->nrules; i++) {
            if (cc_rule_phase(&std->rules[i]) != (cc_phase)p) continue;
            if (n == head) rows[n++] = (cc_check_row){(cc_phase)p, -1};
            rows[n++] = (cc_check_row){(cc_phase)p, (int)i};
        }
    }
    *out = rows;
    return n;
}
