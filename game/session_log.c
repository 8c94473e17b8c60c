/* session_log: a played call as a timed take and as a transcript. See session_log.h. */
#include "session_log.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small formatting helpers ---- */

/* The shortest plain decimal (at most 9 places) that reads back as the same
 * double, else %.17g. */
static void put_number(cc_buf *b, double v)
{
    char tmp[400];
    for (int prec = 0; prec <= 9; prec++) {
        snprintf(tmp, sizeof tmp, "%.*f", prec, v);
        if (strtod(tmp, NULL) == v) {
            cc_buf_puts(b, strcmp(tmp, "-0") == 0 ? "0" : tmp);
            return;
        }
    }
    snprintf(tmp, sizeof tmp, "%.17g", v);
    cc_buf_puts(b, tmp);
}

static void put_time(cc_buf *b, int64_t ms)
{
    cc_buf_printf(b, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* An answer as the take's quoted string: \" and \\ escaped, control characters
 * as spaces, invalid UTF-8 as U+FFFD; "..." when it has nothing printable. */
static void put_quoted(cc_buf *b, const char *text)
{
    cc_buf_puts(b, "\"");
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)p);
    int printable = 0;
    size_t mark = b->len;
    while (*p) {
        size_t l = cc_utf8_len(p, n);
        if (l == 0) {
            cc_buf_puts(b, "\xEF\xBF\xBD");
            printable = 1;
            p++, n--;
            continue;
        }
        if (l == 1) {
            unsigned char c = *p;
            if (c < 0x20 || c == 0x7F) cc_buf_puts(b, " ");
            else if (c == '"' || c == '\\') {
                char esc[3] = {'\\', (char)c, 0};
                cc_buf_puts(b, esc);
                printable = 1;
            } else {
                cc_buf_append(b, (const char *)p, 1);
                if (c != ' ') printable = 1;
            }
        } else {
            cc_buf_append(b, (const char *)p, l);
            printable = 1;
        }
        p += l, n -= l;
    }
    if (!printable && !b->failed) {
        b->len = mark;
        if (b->data) b->data[mark] = '\0';
        cc_buf_puts(b, "...");
    }
    cc_buf_puts(b, "\"");
}

int cc_take_format_action(cc_buf *out, const cc_take_action *a)
{
    if (!out || !a || !a->timed || a->at_ms < 0) return -1;
    switch (a->kind) {
    case CC_TAKE_SAY:
    case CC_TAKE_INTERRUPT: {
        int64_t until = a->until_ms >= a->at_ms ? a->until_ms : a->at_ms + 1;
        cc_buf_puts(out, "@");
        put_time(out, a->at_ms);
        cc_buf_puts(out, "-");
        put_time(out, until);
        cc_buf_puts(out, " say ");
        put_quoted(out, a->text);
        double conf = a->measured ? a->confidence : 1.0;
        if (!(conf >= 0.0)) conf = 0.0; /* NAN or negative: not understood */
        if (conf > 1.0) conf = 1.0;
        cc_buf_puts(out, " confidence ");
        put_number(out, conf);
        if (a->measured) {
            static const char *const keys[] = {" pitch ", " wpm ", " loudness "};
            double v[] = {a->pitch_range, a->rate_wpm, a->loudness};
            for (int i = 0; i < 3; i++)
                if (isfinite(v[i])) {
                    cc_buf_puts(out, keys[i]);
                    put_number(out, v[i]);
                }
        }
        break;
    }
    case CC_TAKE_TRANSFER:
        if (!a->text || !*a->text) return -1;
        for (const char *q = a->text; *q; q++)
            if (!((*q >= '0' && *q <= '9') || *q == '*' || *q == '#')) return -1;
        cc_buf_puts(out, "@");
        put_time(out, a->at_ms);
        cc_buf_printf(out, " transfer %s", a->text);
        break;
    case CC_TAKE_PICKUP:
    case CC_TAKE_HOLD:
    case CC_TAKE_RESUME:
    case CC_TAKE_SWITCH:
    case CC_TAKE_HANGUP:
        cc_buf_puts(out, "@");
        put_time(out, a->at_ms);
        cc_buf_printf(out, " %s", cc_take_kind_name(a->kind));
        break;
    case CC_TAKE_SAY_WAV:
    case CC_TAKE_WAIT:
    default:
        return -1;
    }
    cc_buf_puts(out, "\n");
    return out->failed ? -1 : 0;
}

/* ---- the take of a record ---- */

typedef struct {
    int64_t t;
    int cls;      /* 0: key actions, 1: answers (an action at the same moment goes first) */
    size_t order; /* recording order within the class */
    cc_take_action a;
} item;

static int item_cmp(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->cls != b->cls) return a->cls - b->cls;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* A switch at moment t that made `line` the live one (answering it). */
static int answered_by_switch(const cc_record *rec, int line, int64_t t)
{
    for (size_t i = 0; i < rec->nevents; i++) {
        const cc_event *e = &rec->events[i];
        if (e->act == CC_ACT_SWITCH && e->to_line == line && e->t == t) return 1;
    }
    return 0;
}

/* Events the trainee caused by an action (see the header for what is left out). */
static int trainee_action(const cc_record *rec, size_t i, cc_take_kind *kind)
{
    const cc_event *e = &rec->events[i];
    switch (e->act) {
    case CC_ACT_HOLD:
        if (e->via == CC_VIA_SWITCH) return 0;
        *kind = CC_TAKE_HOLD;
        return 1;
    case CC_ACT_RESUME:
        if (e->via == CC_VIA_SWITCH) return 0;
        if (i > 0) {
            const cc_event *p = &rec->events[i - 1];
            if (p->act == CC_ACT_TRANSFER && p->t == e->t && p->line == e->line) return 0;
        }
        *kind = CC_TAKE_RESUME;
        return 1;
    case CC_ACT_SWITCH: *kind = CC_TAKE_SWITCH; return 1;
    case CC_ACT_TRANSFER:
        if (!e->extension) return 0;
        *kind = CC_TAKE_TRANSFER;
        return 1;
    case CC_ACT_HANGUP:
        if (!e->by_caller) {
            *kind = CC_TAKE_HANGUP;
            return 1;
        }
        /* The engine records a ringing line the trainee hung up on as missed, like
         * one the caller gave up on; only the latter has its count of rings. */
        if (e->line >= 1 && e->line <= CC_MAX_LINES) {
            const cc_line_result *l = &rec->lines[e->line];
            if (!l->answered && l->end == CC_END_MISSED && l->ring == 0) {
                *kind = CC_TAKE_HANGUP;
                return 1;
            }
        }
        return 0;
    case CC_ACT_NONE: return 0;
    }
    return 0;
}

char *cc_record_to_take(const cc_record *rec, const char *scenario_id, const char *date)
{
    if (!rec) return NULL;
    size_t cap = rec->nevents + rec->nutterances + CC_MAX_LINES + 1;
    item *items = calloc(cap, sizeof *items);
    if (!items) return NULL;
    size_t n = 0;
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        const cc_line_result *l = &rec->lines[line];
        if (!l->answered || answered_by_switch(rec, line, l->t)) continue;
        item *it = &items[n];
        it->t = l->t;
        it->cls = 0;
        it->order = 0; /* before the events of the same moment */
        it->a.kind = CC_TAKE_PICKUP;
        it->a.timed = 1;
        it->a.at_ms = l->t;
        n++;
    }
    for (size_t i = 0; i < rec->nevents; i++) {
        cc_take_kind k;
        if (!trainee_action(rec, i, &k)) continue;
        item *it = &items[n++];
        it->t = rec->events[i].t;
        it->cls = 0;
        it->order = i + 1;
        it->a.kind = k;
        it->a.timed = 1;
        it->a.at_ms = rec->events[i].t;
        it->a.text = k == CC_TAKE_TRANSFER ? rec->events[i].extension : NULL;
    }
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        item *it = &items[n++];
        it->t = u->start;
        it->cls = 1;
        it->order = i;
        it->a.kind = CC_TAKE_SAY;
        it->a.timed = 1;
        it->a.at_ms = u->start;
        it->a.until_ms = u->end;
        it->a.text = u->text;
        it->a.measured = 1;
        it->a.confidence = u->confidence;
        it->a.pitch_range = u->pitch_range;
        it->a.rate_wpm = u->rate_wpm;
        it->a.loudness = u->loudness;
    }
    qsort(items, n, sizeof *items, item_cmp);

    cc_buf b = CC_BUF_INIT;
    cc_buf_puts(&b, "# callcoach session");
    if (scenario_id) {
        cc_buf_puts(&b, ": scenario ");
        put_quoted(&b, scenario_id);
    }
    cc_buf_puts(&b, "\n# trainee ");
    put_quoted(&b, rec->trainee ? rec->trainee : "");
    cc_buf_printf(&b, ", seed %llu", (unsigned long long)rec->seed);
    if (date) {
        cc_buf_puts(&b, ", date ");
        put_quoted(&b, date);
    }
    cc_buf_puts(&b, "\n# Exact times in seconds on the call clock; replay with\n"
                    "# callcoach-score --seed SEED --trainee TRAINEE SCENARIO THIS-FILE\n");
    /* Actions that cannot be a line (a time before the call started) are left out. */
    for (size_t i = 0; i < n; i++) (void)cc_take_format_action(&b, &items[i].a);
    free(items);
    return cc_buf_take(&b);
}

/* ---- the transcript ---- */

typedef struct {
    int64_t t;
    int cls;
    size_t order;
    char *line; /* owned */
} tline;

static int tline_cmp(const void *x, const void *y)
{
    const tline *a = x, *b = y;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->cls != b->cls) return a->cls - b->cls;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void put_clock(cc_buf *b, int64_t ms)
{
    if (ms < 0) ms = 0;
    long long s = ms / 1000, tenth = (ms % 1000) / 100;
    cc_buf_printf(b, "[%02lld:%02lld.%lld] ", s / 60, s % 60, tenth);
}

/* Text with control characters as spaces, so every entry stays one line. */
static void put_plain(cc_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        char c = (unsigned char)*p < 0x20 ? ' ' : *p;
        cc_buf_append(b, &c, 1);
    }
}

static const char *act_verb(cc_act a)
{
    switch (a) {
    case CC_ACT_HOLD: return "puts line %d on hold";
    case CC_ACT_RESUME: return "takes line %d off hold";
    case CC_ACT_SWITCH: return "switches from line %d";
    case CC_ACT_TRANSFER: return "transfers line %d";
    case CC_ACT_HANGUP: return "hangs up line %d";
    case CC_ACT_NONE: break;
    }
    return "acts on line %d";
}

char *cc_record_transcript(const cc_record *rec)
{
    if (!rec) return NULL;
    size_t cap = rec->nsaid + rec->nutterances + rec->nevents + 2 * CC_MAX_LINES + 2;
    tline *ls = calloc(cap, sizeof *ls);
    if (!ls) return NULL;
    size_t n = 0;
    int oom = 0;
    const char *who = rec->trainee && *rec->trainee ? rec->trainee : "Trainee";
    cc_buf b = CC_BUF_INIT;
#define FLUSH(T, CLS, ORD)                                                                     \
    do {                                                                                       \
        char *s_ = cc_buf_take(&b);                                                            \
        if (!s_) oom = 1;                                                                      \
        else ls[n++] = (tline){(T), (CLS), (ORD), s_};                                         \
    } while (0)
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        const cc_line_result *l = &rec->lines[line];
        if (!l->rang) continue;
        if (l->answered) {
            put_clock(&b, l->t);
            cc_buf_printf(&b, "%s answers line %d (ring %d)", who, line, l->ring);
            FLUSH(l->t, 0, (size_t)line);
        } else if (l->end == CC_END_MISSED) {
            put_clock(&b, rec->end_t == CC_NO_TIME ? 0 : rec->end_t);
            cc_buf_printf(&b, "Line %d was not answered", line);
            FLUSH(rec->end_t == CC_NO_TIME ? 0 : rec->end_t, 3, (size_t)line);
        }
    }
    for (size_t i = 0; i < rec->nsaid; i++) {
        const cc_said *s = &rec->said[i];
        put_clock(&b, s->t);
        cc_buf_printf(&b, "Caller %d: ", s->line);
        put_plain(&b, s->text);
        FLUSH(s->t, 1, i);
    }
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        put_clock(&b, u->start);
        cc_buf_printf(&b, "%s: ", who);
        put_plain(&b, u->text && *u->text ? u->text : "(no words made out)");
        if (u->confidence < 1.0) cc_buf_printf(&b, " (confidence %.2f)", u->confidence);
        if (!u->understood) cc_buf_puts(&b, " [not understood]");
        if (!u->heard) cc_buf_puts(&b, " [nobody on the line]");
        FLUSH(u->start, 2, i);
    }
    for (size_t i = 0; i < rec->nevents; i++) {
        const cc_event *e = &rec->events[i];
        put_clock(&b, e->t);
        if (e->act == CC_ACT_HANGUP && e->by_caller) {
            cc_buf_printf(&b, "Caller %d hangs up", e->line);
        } else {
            cc_buf_printf(&b, "%s ", who);
            cc_buf_printf(&b, act_verb(e->act), e->line);
            if (e->act == CC_ACT_SWITCH) cc_buf_printf(&b, " to line %d", e->to_line);
            if (e->act == CC_ACT_TRANSFER && e->extension)
                cc_buf_printf(&b, " to extension %s", e->extension);
        }
        FLUSH(e->t, 0, 100 + i);
    }
    if (rec->ended && rec->end_t != CC_NO_TIME) {
        put_clock(&b, rec->end_t);
        cc_buf_puts(&b, "The call ends");
        FLUSH(rec->end_t, 4, 0);
    }
#undef FLUSH
    qsort(ls, n, sizeof *ls, tline_cmp);
    cc_buf out = CC_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        cc_buf_puts(&out, ls[i].line);
        cc_buf_puts(&out, "\n");
        free(ls[i].line);
    }
    free(ls);
    cc_buf_reset(&b);
    if (oom) {
        cc_buf_reset(&out);
        return NULL;
    }
    if (!out.data && !out.failed) cc_buf_puts(&out, "");
    return cc_buf_take(&out);
}
