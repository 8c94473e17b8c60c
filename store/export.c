/* export: the reports made from the history (export.h). The output is held
 * byte for byte by tests/store's golden files: callcoach-report wrote it
 * before this module existed, and trainers' tools may read it. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "course.h"
#include "export.h"
#include "files.h"
#include "fsutil.h"

/* ---- what the report is made of ---- */

typedef struct {
    cc_history_session *s;
    size_t ns;
    cc_history_verdict_row *v;
    size_t nv;
    size_t *vfrom, *vto;        /* verdict rows of session i */
    char **rules;               /* every rule id seen, in the standard's order */
    size_t nrules;
    cc_history_rule_stat *stats; /* for titles */
    size_t nstats;
} report;

struct cc_export {
    cc_history *hist;            /* borrowed */
    report r;
    char **names;                /* the trainees the report is about, sorted */
    size_t nn;
    int group;                   /* everyone: the HTML has the group section */
    const cc_drill_candidate *dc; /* borrowed */
    size_t ndc;
    const cc_course *course;     /* borrowed; NULL: no stages */
};

static void report_free(report *r)
{
    cc_history_sessions_free(r->s, r->ns);
    cc_history_verdicts_free(r->v, r->nv);
    free(r->vfrom);
    free(r->vto);
    free(r->rules);
    cc_history_rule_stats_free(r->stats, r->nstats);
}

static int report_load(cc_history *h, const char *trainee, report *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (cc_history_sessions(h, trainee, NULL, &r->s, &r->ns, err, errlen) < 0) return -1;
    if (cc_history_verdicts(h, trainee, &r->v, &r->nv, err, errlen) < 0) return -1;
    if (cc_history_rule_stats(h, trainee, &r->stats, &r->nstats, err, errlen) < 0) return -1;
    r->vfrom = calloc(r->ns + 1, sizeof *r->vfrom);
    r->vto = calloc(r->ns + 1, sizeof *r->vto);
    r->rules = calloc(r->nv + 1, sizeof *r->rules);
    if (!r->vfrom || !r->vto || !r->rules) {
        snprintf(err, errlen, "cannot make the report: out of memory; close other programs");
        return -1;
    }
    /* Both lists are in session order, so one walk pairs them. */
    size_t k = 0;
    for (size_t i = 0; i < r->ns; i++) {
        while (k < r->nv && r->v[k].session_id != r->s[i].id) k++;
        r->vfrom[i] = k;
        while (k < r->nv && r->v[k].session_id == r->s[i].id) k++;
        r->vto[i] = k;
    }
    for (size_t j = 0; j < r->nv; j++) {
        size_t q = 0;
        while (q < r->nrules && strcmp(r->rules[q], r->v[j].rule_id) != 0) q++;
        if (q == r->nrules) r->rules[r->nrules++] = r->v[j].rule_id;
    }
    return 0;
}

static const char *rule_title(const report *r, const char *id)
{
    for (size_t i = 0; i < r->nstats; i++)
        if (strcmp(r->stats[i].rule_id, id) == 0) return r->stats[i].rule_title;
    return NULL;
}

static const char *verdict_in(const report *r, size_t session, const char *rule)
{
    for (size_t k = r->vfrom[session]; k < r->vto[session]; k++)
        if (strcmp(r->v[k].rule_id, rule) == 0) return cc_verdict_name(r->v[k].verdict);
    return "";
}

/* The course stage (0-based) a scenario belongs to, or -1. */
static int stage_of(const cc_course *c, const char *scenario_id)
{
    size_t st, it;
    return c && cc_course_find(c, scenario_id, &st, &it) == 0 ? (int)st : -1;
}

/* "spoken", "typed"... or "unknown" for rows from before they were recorded. */
static const char *or_unknown(const char *s) { return s && *s ? s : "unknown"; }

/* A time in UTC by strftime's fmt; the number itself if it is out of range. */
#define UTC_ISO "%Y-%m-%dT%H:%M:%SZ"
#define UTC_HUMAN "%Y-%m-%d %H:%M"
static void utc_time(int64_t t, const char *fmt, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, n, "%lld", (long long)t);
        return;
    }
    strftime(out, n, fmt, &tm);
}

/* ISO 8601 duration: PT1M25.3S */
static void iso_duration(cc_buf *b, int64_t ms)
{
    if (ms < 0) ms = 0;
    long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
    cc_buf_puts(b, "PT");
    if (h) cc_buf_printf(b, "%lldH", h);
    if (m) cc_buf_printf(b, "%lldM", m);
    if (f) {
        char frac[8];
        snprintf(frac, sizeof frac, "%03lld", f);
        size_t l = strlen(frac);
        while (l > 0 && frac[l - 1] == '0') frac[--l] = '\0';
        cc_buf_printf(b, "%lld.%sS", s, frac);
    } else if (s || (!h && !m)) {
        cc_buf_printf(b, "%lldS", s);
    }
}

/* ---- CSV ---- */

static void csv_field(cc_buf *b, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        cc_buf_puts(b, s);
        return;
    }
    cc_buf_puts(b, "\"");
    for (; *s; s++) {
        if (*s == '"') cc_buf_puts(b, "\"");
        cc_buf_append(b, s, 1);
    }
    cc_buf_puts(b, "\"");
}

static void make_csv(cc_buf *b, const report *r, const cc_course *course)
{
    cc_buf_puts(b, "session,started_at,trainee,scenario,scenario_title,standard,mode,"
                   "duration_s,score,passed,pass_mark,answers,channel,folder,retry_of,retry_turn,"
                   "outcome,stage");
    for (size_t q = 0; q < r->nrules; q++) {
        cc_buf_puts(b, ",");
        csv_field(b, r->rules[q]);
    }
    cc_buf_puts(b, "\r\n");
    for (size_t i = 0; i < r->ns; i++) {
        const cc_history_session *s = &r->s[i];
        char when[40];
        utc_time(s->started_at, UTC_ISO, when, sizeof when);
        cc_buf_printf(b, "%lld,%s", (long long)s->id, when);
        const char *names[] = {s->trainee, s->scenario_id, s->scenario_title, s->standard_id,
                               s->mode};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            cc_buf_puts(b, ",");
            csv_field(b, names[k]);
        }
        cc_buf_printf(b, ",%.1f,%d,%s,%d", (double)s->duration_ms / 1000.0, s->score,
                      s->passed ? "yes" : "no", s->pass_mark);
        const char *how[] = {s->answers, s->channel, s->folder, s->retry_of};
        for (size_t k = 0; k < sizeof how / sizeof *how; k++) {
            cc_buf_puts(b, ",");
            csv_field(b, how[k]);
        }
        cc_buf_puts(b, ",");
        if (s->retry_of) cc_buf_printf(b, "%d", s->retry_turn + 1);
        cc_buf_puts(b, ",");
        csv_field(b, s->outcome);
        cc_buf_puts(b, ",");
        int stage = stage_of(course, s->scenario_id);
        if (stage >= 0) cc_buf_printf(b, "%d", stage + 1);
        for (size_t q = 0; q < r->nrules; q++) {
            cc_buf_puts(b, ",");
            cc_buf_puts(b, verdict_in(r, i, r->rules[q]));
        }
        cc_buf_puts(b, "\r\n");
    }
}

/* ---- xAPI ---- */

#define VERB_PASSED "http://adlnet.gov/expapi/verbs/passed"
#define VERB_FAILED "http://adlnet.gov/expapi/verbs/failed"

static void xapi_actor(cc_buf *b, const char *trainee)
{
    cc_buf_puts(b, "\"actor\":{\"objectType\":\"Agent\",\"name\":");
    cc_buf_json_string(b, trainee);
    cc_buf_puts(b, ",\"account\":{\"homePage\":\"urn:callcoach\",\"name\":");
    cc_buf_json_string(b, trainee);
    cc_buf_puts(b, "}}");
}

static void xapi_verb(cc_buf *b, int passed)
{
    cc_buf_printf(b, "\"verb\":{\"id\":\"%s\",\"display\":{\"en-US\":\"%s\"}}",
                  passed ? VERB_PASSED : VERB_FAILED, passed ? "passed" : "failed");
}

static void xapi_context(cc_buf *b, const cc_history_session *s, const cc_course *course)
{
    cc_buf_puts(b, "\"context\":{\"platform\":\"callcoach\",\"extensions\":{");
    const char *const ext[][2] = {{"standard", s->standard_id},
                                  {"mode", or_unknown(s->mode)},
                                  {"answers", or_unknown(s->answers)},
                                  {"channel", s->channel}};
    for (size_t k = 0; k < sizeof ext / sizeof *ext; k++) {
        cc_buf_printf(b, "%s\"urn:callcoach:%s\":", k ? "," : "", ext[k][0]);
        cc_buf_json_string(b, ext[k][1]);
    }
    cc_buf_printf(b, ",\"urn:callcoach:pass-mark\":%d,\"urn:callcoach:session\":%lld",
                  s->pass_mark, (long long)s->id);
    if (s->folder) {
        cc_buf_puts(b, ",\"urn:callcoach:folder\":");
        cc_buf_json_string(b, s->folder);
    }
    /* A retry is not an attempt of its own: the LRS is told which call it retried. */
    cc_buf_puts(b, ",\"urn:callcoach:retry\":");
    if (s->retry_of) {
        cc_buf_puts(b, "{\"of\":");
        cc_buf_json_string(b, s->retry_of);
        cc_buf_printf(b, ",\"turn\":%d,\"kept-ms\":%lld}", s->retry_turn + 1,
                      (long long)s->kept_ms);
    } else {
        cc_buf_puts(b, "false");
    }
    int stage = stage_of(course, s->scenario_id);
    if (stage >= 0) {
        cc_buf_printf(b, ",\"urn:callcoach:stage\":{\"number\":%d,\"title\":", stage + 1);
        cc_buf_json_string(b, course->stages[stage].title);
        cc_buf_printf(b, ",\"pass-mark\":%d}", course->stages[stage].pass_mark);
    }
    cc_buf_puts(b, "}}");
}

/* A JSON string of PREFIX + s without the quotes cc_buf_json_string adds in the middle. */
static void json_prefixed(cc_buf *b, const char *prefix, const char *s)
{
    cc_buf tmp = CC_BUF_INIT;
    cc_buf_json_string(&tmp, s);
    const char *q = cc_buf_str(&tmp);
    size_t n = strlen(q);
    cc_buf_puts(b, "\"");
    cc_buf_puts(b, prefix);
    if (n >= 2) cc_buf_append(b, q + 1, n - 2);
    cc_buf_puts(b, "\"");
    if (tmp.failed) b->failed = 1;
    cc_buf_reset(&tmp);
}

static void make_xapi(cc_buf *b, const report *r, const cc_course *course)
{
    cc_buf_puts(b, "[");
    int first = 1;
    for (size_t i = 0; i < r->ns; i++) {
        const cc_history_session *s = &r->s[i];
        char when[40];
        utc_time(s->started_at, UTC_ISO, when, sizeof when);
        cc_buf_puts(b, first ? "\n  {" : ",\n  {");
        first = 0;
        xapi_actor(b, s->trainee);
        cc_buf_puts(b, ",");
        xapi_verb(b, s->passed);
        cc_buf_puts(b, ",\"object\":{\"objectType\":\"Activity\",\"id\":");
        json_prefixed(b, "urn:callcoach:scenario:", s->scenario_id);
        cc_buf_puts(b, ",\"definition\":{\"name\":{\"en-US\":");
        cc_buf_json_string(b, s->scenario_title);
        cc_buf_puts(b, "},\"type\":\"http://adlnet.gov/expapi/activities/simulation\"}}");
        cc_buf_printf(b, ",\"result\":{\"score\":{\"scaled\":%.2f,\"raw\":%d,\"min\":0,\"max\":100},"
                         "\"success\":%s,\"completion\":true,\"duration\":\"",
                      s->score / 100.0, s->score, s->passed ? "true" : "false");
        iso_duration(b, s->duration_ms);
        cc_buf_puts(b, "\"");
        if (s->outcome) {
            cc_buf_puts(b, ",\"extensions\":{\"urn:callcoach:outcome\":");
            cc_buf_json_string(b, s->outcome);
            cc_buf_puts(b, "}");
        }
        cc_buf_puts(b, "},");
        xapi_context(b, s, course);
        cc_buf_printf(b, ",\"timestamp\":\"%s\"}", when);
        for (size_t k = r->vfrom[i]; k < r->vto[i]; k++) {
            const cc_history_verdict_row *v = &r->v[k];
            if (v->verdict != CC_VERDICT_FAIL) continue;
            cc_buf_puts(b, ",\n  {");
            xapi_actor(b, s->trainee);
            cc_buf_puts(b, ",");
            xapi_verb(b, 0);
            cc_buf_puts(b, ",\"object\":{\"objectType\":\"Activity\",\"id\":");
            json_prefixed(b, "urn:callcoach:rule:", v->rule_id);
            const char *title = rule_title(r, v->rule_id);
            cc_buf_puts(b, ",\"definition\":{\"name\":{\"en-US\":");
            cc_buf_json_string(b, title ? title : v->rule_id);
            cc_buf_puts(b, "},\"type\":\"http://adlnet.gov/expapi/activities/objective\"}}");
            cc_buf_puts(b, ",\"result\":{\"success\":false,\"response\":");
            cc_buf_json_string(b, v->evidence);
            cc_buf_puts(b, "},\"context\":{\"platform\":\"callcoach\",\"contextActivities\":"
                           "{\"parent\":[{\"objectType\":\"Activity\",\"id\":");
            json_prefixed(b, "urn:callcoach:scenario:", s->scenario_id);
            cc_buf_printf(b, "}]},\"extensions\":{\"urn:callcoach:session\":%lld,"
                             "\"urn:callcoach:mode\":", (long long)s->id);
            cc_buf_json_string(b, or_unknown(s->mode));
            cc_buf_printf(b, ",\"urn:callcoach:retry\":%s}}", s->retry_of ? "true" : "false");
            cc_buf_printf(b, ",\"timestamp\":\"%s\"}", when);
        }
    }
    cc_buf_puts(b, first ? "]\n" : "\n]\n");
}

/* ---- HTML ---- */

static void h(cc_buf *b, const char *s)
{
    for (s = s ? s : ""; *s; s++) {
        switch (*s) {
        case '<': cc_buf_puts(b, "&lt;"); break;
        case '>': cc_buf_puts(b, "&gt;"); break;
        case '&': cc_buf_puts(b, "&amp;"); break;
        case '"': cc_buf_puts(b, "&quot;"); break;
        case '\'': cc_buf_puts(b, "&#39;"); break;
        default: cc_buf_append(b, s, 1);
        }
    }
}

static const char *const css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "margin:2em auto;max-width:60em;padding:0 1em;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #ddd;"
    "padding-bottom:.2em}h3{margin-bottom:.3em}"
    "table{border-collapse:collapse;margin:.5em 0 1em}th,td{padding:.25em .6em;"
    "border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".pass{color:#1b5e20;font-weight:600}.fail{color:#b71c1c;font-weight:600}"
    ".muted{color:#666}.drill{background:#eef6ee;border-left:4px solid #2e7d32;padding:.6em 1em}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:0 0 auto}"
    "ul.failed{margin:0;padding-left:1.1em}tr.retry td{background:#fafafa}"
    "tr.current td{background:#fff8e1}details.transcript pre{white-space:pre-wrap;"
    "background:#f7f7f7;padding:.5em}"
    "svg text{font-family:inherit;font-size:11px;fill:#333}"
    "@media print{h2{page-break-before:auto}.chart{page-break-inside:avoid}}";

/* Score over time for one scenario: attempts left to right, the pass mark dashed. */
static void svg_scores(cc_buf *b, const report *r, const char *trainee, const char *scenario,
                       const char *title)
{
    size_t idx[4096], n = 0, total = 0;
    for (size_t i = 0; i < r->ns; i++)
        if (!r->s[i].retry_of && strcmp(r->s[i].trainee, trainee) == 0 &&
            strcmp(r->s[i].scenario_id, scenario) == 0)
            total++;
    /* At most 4096 points: the latest attempts. */
    size_t skip = total > 4096 ? total - 4096 : 0, seen = 0;
    for (size_t i = 0; i < r->ns && n < 4096; i++)
        if (!r->s[i].retry_of && strcmp(r->s[i].trainee, trainee) == 0 &&
            strcmp(r->s[i].scenario_id, scenario) == 0)
            if (seen++ >= skip) idx[n++] = i;
    if (n == 0) return;
    const int W = 420, H = 200, L = 34, R = 12, T = 14, B = 30;
    double pw = W - L - R, ph = H - T - B;
    int mark = r->s[idx[n - 1]].pass_mark;
#define XP(k) (L + (n == 1 ? pw / 2 : pw * (double)(k) / (double)(n - 1)))
#define YP(v) (T + ph * (1.0 - (double)(v) / 100.0))
    cc_buf_printf(b, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                     "aria-label=\"Score over time: ",
                  W, H, W, H);
    h(b, title);
    cc_buf_puts(b, "\"><title>Score over time: ");
    h(b, title);
    cc_buf_puts(b, "</title>");
    cc_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" "
                     "stroke=\"#ccc\"/>",
                  L, T, pw, ph);
    for (int v = 0; v <= 100; v += 25)
        cc_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>"
                         "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>",
                      L, W - R, YP(v), YP(v), L - 4, YP(v) + 4, v);
    cc_buf_printf(b, "<line class=\"passmark\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"#b71c1c\" stroke-dasharray=\"5 4\"><title>pass mark %d</title>"
                     "</line><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#b71c1c\">pass "
                     "%d</text>",
                  L, W - R, YP(mark), YP(mark), mark, W - R - 2, YP(mark) - 3, mark);
    if (n > 1) {
        cc_buf_puts(b, "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"");
        for (size_t k = 0; k < n; k++)
            cc_buf_printf(b, "%s%.1f,%.1f", k ? " " : "", XP(k), YP(r->s[idx[k]].score));
        cc_buf_puts(b, "\"/>");
    }
    for (size_t k = 0; k < n; k++) {
        const cc_history_session *s = &r->s[idx[k]];
        char when[32];
        utc_time(s->started_at, UTC_HUMAN, when, sizeof when);
        cc_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"><title>%s UTC: %d "
                         "(%s)</title></circle>",
                      XP(k), YP(s->score), n > 60 ? 2 : 4, s->passed ? "#2e7d32" : "#c62828",
                      when, s->score, s->passed ? "passed" : "failed");
    }
    char first[32], last[32];
    utc_time(r->s[idx[0]].started_at, UTC_HUMAN, first, sizeof first);
    utc_time(r->s[idx[n - 1]].started_at, UTC_HUMAN, last, sizeof last);
    first[10] = last[10] = '\0';
    cc_buf_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>", L, H - 10, first);
    if (n > 1) cc_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", W - R, H - 10, last);
    cc_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"muted\">%zu "
                     "attempt%s</text>",
                  L + pw / 2, H - 10, total, total == 1 ? "" : "s");
    cc_buf_puts(b, "</svg><div class=\"muted\">");
    h(b, title);
    cc_buf_puts(b, "</div></div>\n");
#undef XP
#undef YP
}

/* Pass rate per rule as horizontal bars. */
static void svg_rules(cc_buf *b, const cc_history_rule_stat *rs, size_t n)
{
    if (n == 0) return;
    const int W = 680, L = 200, R = 150, ROW = 20, T = 6;
    int H = T * 2 + ROW * (int)n;
    double bw = W - L - R;
    cc_buf_printf(b, "<svg class=\"rules\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                     "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Pass rate per "
                     "rule\"><title>Pass rate per rule</title>",
                  W, H, W, H);
    for (size_t i = 0; i < n; i++) {
        double rate = rs[i].applied ? 1.0 - rs[i].fail_rate : 0;
        double y = T + ROW * (double)i;
        cc_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", L - 6, y + 14);
        h(b, rs[i].rule_id);
        cc_buf_puts(b, "<title>");
        h(b, rs[i].rule_title ? rs[i].rule_title : rs[i].rule_id);
        cc_buf_puts(b, "</title></text>");
        cc_buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"#f3d5d5\"/>",
                      L, y + 3, bw, ROW - 6);
        cc_buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", L,
                      y + 3, bw * rate, ROW - 6, rate >= 0.7 ? "#2e7d32" : "#ef6c00");
        cc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%d/%d passed (%.0f%%)</text>", L + bw + 6,
                      y + 14, rs[i].applied - rs[i].failed, rs[i].applied, rate * 100.0);
    }
    cc_buf_puts(b, "</svg>\n");
}

/* ---- the HTML's sessions, transcripts and course ---- */

/* The session's transcript.txt in the data folder (NULL when it is not there). */
static char *transcript_of(const cc_export *e, const char *folder)
{
    const char *db = cc_history_path(e->hist);
    if (!folder || !*folder || !db || strchr(folder, '/')) return NULL;
    const char *slash = strrchr(db, '/');
    size_t n = slash ? (size_t)(slash - db) : 1;
    size_t len = n + strlen(folder) + 40;
    char *p = malloc(len);
    if (!p) return NULL;
    snprintf(p, len, "%.*s/sessions/%s/transcript.txt", (int)n, slash ? db : ".", folder);
    char *text = NULL;
    if (cc_fs_read_all(p, 1u << 20, &text, NULL, NULL, 0) != 0) text = NULL;
    free(p);
    return text;
}

static const cc_history_session *session_by_folder(const report *r, const char *folder)
{
    for (size_t i = 0; folder && *folder && i < r->ns; i++)
        if (r->s[i].folder && strcmp(r->s[i].folder, folder) == 0) return &r->s[i];
    return NULL;
}

static void html_sessions(cc_buf *b, const cc_export *e, const char *trainee)
{
    const report *r = &e->r;
    cc_buf_puts(b, "<h3>Sessions</h3>\n<p class=\"muted\">A retry goes back to a turn of a call "
                   "with the caller as they were; it is shown under that call and left out of "
                   "the attempts, first, best and pass counts.</p>\n<table class=\"sessions\"><tr>"
                   "<th>Started (UTC)</th><th>Scenario</th><th>Mode</th><th>Answers</th>"
                   "<th>Duration</th><th>Score</th><th>Result</th><th>Outcome</th>"
                   "<th>Failed rules</th></tr>\n");
    for (size_t i = 0; i < r->ns; i++) {
        const cc_history_session *s = &r->s[i];
        if (strcmp(s->trainee, trainee) != 0) continue;
        char when[32];
        utc_time(s->started_at, UTC_HUMAN, when, sizeof when);
        cc_buf_printf(b, "<tr class=\"session%s\" id=\"s%lld\"><td><a href=\"#transcript-%lld\">%s</a>",
                      s->retry_of ? " retry" : "", (long long)s->id, (long long)s->id, when);
        if (s->retry_of) {
            const cc_history_session *o = session_by_folder(r, s->retry_of);
            cc_buf_printf(b, "<br><span class=\"muted\">retry from turn %d of ", s->retry_turn + 1);
            if (o) {
                char ow[32];
                utc_time(o->started_at, UTC_HUMAN, ow, sizeof ow);
                cc_buf_printf(b, "<a href=\"#s%lld\">the call of %s</a>", (long long)o->id, ow);
            } else {
                cc_buf_puts(b, "a call not in this report");
            }
            cc_buf_puts(b, "</span>");
        }
        const char *cells[] = {s->scenario_title, or_unknown(s->mode), or_unknown(s->answers)};
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
            cc_buf_puts(b, "</td><td>");
            h(b, cells[k]);
        }
        cc_buf_printf(b, "</td><td class=\"n\">%lld:%02lld</td><td class=\"n\">%d</td>"
                         "<td class=\"%s\">%s</td><td>",
                      (long long)(s->duration_ms / 60000), (long long)(s->duration_ms / 1000 % 60),
                      s->score, s->passed ? "pass" : "fail", s->passed ? "passed" : "failed");
        h(b, s->outcome ? s->outcome : "");
        cc_buf_puts(b, "</td><td>");
        int any = 0;
        for (size_t k = r->vfrom[i]; k < r->vto[i]; k++) {
            const cc_history_verdict_row *v = &r->v[k];
            if (v->verdict != CC_VERDICT_FAIL) continue;
            const char *title = rule_title(r, v->rule_id);
            cc_buf_puts(b, any ? "" : "<ul class=\"failed\">");
            cc_buf_puts(b, "<li><strong>");
            h(b, title ? title : v->rule_id);
            cc_buf_puts(b, "</strong> <span class=\"muted\">(");
            h(b, v->rule_id);
            if (v->turn >= 0) cc_buf_printf(b, ", turn %d", v->turn + 1);
            cc_buf_puts(b, ")</span>");
            if (v->evidence && *v->evidence) {
                cc_buf_puts(b, ": ");
                h(b, v->evidence);
            }
            cc_buf_puts(b, "</li>");
            any = 1;
        }
        cc_buf_puts(b, any ? "</ul></td></tr>\n" : "</td></tr>\n");
    }
    cc_buf_puts(b, "</table>\n<h3>Transcripts</h3>\n");
    for (size_t i = 0; i < r->ns; i++) {
        const cc_history_session *s = &r->s[i];
        if (strcmp(s->trainee, trainee) != 0) continue;
        char when[32];
        utc_time(s->started_at, UTC_HUMAN, when, sizeof when);
        cc_buf_printf(b, "<details class=\"transcript\" id=\"transcript-%lld\"><summary>%s ",
                      (long long)s->id, when);
        h(b, s->scenario_title);
        cc_buf_puts(b, s->retry_of ? " (retry)" : "");
        cc_buf_printf(b, " <a href=\"#s%lld\">&uarr;</a></summary>", (long long)s->id);
        char *t = transcript_of(e, s->folder);
        if (t) {
            cc_buf_puts(b, "<pre>");
            h(b, t);
            cc_buf_puts(b, "</pre>");
        } else {
            cc_buf_puts(b, "<p class=\"muted\">No transcript here: ");
            if (s->folder) {
                cc_buf_puts(b, "the session folder ");
                h(b, s->folder);
                cc_buf_puts(b, " is not in this data folder (callcoach-report --import brings "
                               "it from the desk it was recorded on)");
            } else {
                cc_buf_puts(b, "the call was stored without its folder");
            }
            cc_buf_puts(b, ".</p>");
        }
        free(t);
        cc_buf_puts(b, "</details>\n");
    }
}

/* Where the trainee is in the course: each stage's scenarios with their best
 * (retries left out) against the stage's pass mark. */
typedef struct {
    cc_course_progress p;
    const char **ids;
    int *best;
    size_t n;
} course_view;

static int course_view_make(const cc_export *e, const char *trainee, course_view *v)
{
    memset(v, 0, sizeof *v);
    if (!e->course) return -1;
    char err[256];
    cc_history_scenario_stat *ss = NULL;
    size_t nss = 0;
    if (cc_history_scenario_stats(e->hist, trainee, &ss, &nss, err, sizeof err) < 0) return -1;
    size_t n = 0;
    for (size_t s = 0; s < e->course->nstages; s++) n += e->course->stages[s].nitems;
    v->ids = calloc(n ? n : 1, sizeof *v->ids);
    v->best = calloc(n ? n : 1, sizeof *v->best);
    int rc = -1;
    if (!v->ids || !v->best) goto done;
    for (size_t s = 0; s < e->course->nstages; s++)
        for (size_t i = 0; i < e->course->stages[s].nitems; i++) {
            const char *id = e->course->stages[s].items[i].id;
            v->ids[v->n] = id;
            v->best[v->n] = -1;
            for (size_t k = 0; k < nss; k++)
                if (ss[k].attempts > 0 && strcmp(ss[k].scenario_id, id) == 0) v->best[v->n] = ss[k].best_score;
            v->n++;
        }
    rc = cc_course_progress_compute(e->course, v->ids, v->best, v->n, &v->p);
done:
    cc_history_scenario_stats_free(ss, nss);
    if (rc != 0) {
        free(v->ids);
        free(v->best);
        memset(v, 0, sizeof *v);
    }
    return rc;
}

static void course_view_free(course_view *v)
{
    cc_course_progress_clear(&v->p);
    free(v->ids);
    free(v->best);
}

static int best_of(const course_view *v, const char *id)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->ids[i], id) == 0) return v->best[i];
    return -1;
}

static void html_course(cc_buf *b, const cc_export *e, const char *trainee)
{
    course_view v;
    if (course_view_make(e, trainee, &v) != 0) return;
    const cc_course *c = e->course;
    cc_buf_puts(b, "<h3>Course: ");
    h(b, c->title);
    cc_buf_puts(b, "</h3>\n<p class=\"stage\">");
    if (v.p.current < 0) {
        cc_buf_puts(b, "Every stage passed.");
    } else {
        cc_buf_printf(b, "In stage %d of %zu: ", v.p.current + 1, c->nstages);
        h(b, c->stages[v.p.current].title);
        cc_buf_puts(b, ".");
    }
    cc_buf_puts(b, " <span class=\"muted\">A stage is passed when every scenario in it has "
                   "reached the stage's pass mark (best of the calls of its own, retries left "
                   "out).</span></p>\n<table class=\"course\"><tr><th>Stage</th><th>Pass mark</th>"
                   "<th>Scenarios (best)</th><th>Passed</th></tr>\n");
    for (size_t s = 0; s < c->nstages; s++) {
        const cc_course_stage *st = &c->stages[s];
        cc_buf_printf(b, "<tr class=\"stage%s\"><td>%zu. ", (int)s == v.p.current ? " current" : "",
                      s + 1);
        h(b, st->title);
        cc_buf_printf(b, "</td><td class=\"n\">%d</td><td>", st->pass_mark);
        for (size_t i = 0; i < st->nitems; i++) {
            int best = best_of(&v, st->items[i].id);
            cc_buf_puts(b, i ? ", " : "");
            h(b, st->items[i].id);
            if (best < 0) cc_buf_puts(b, " <span class=\"muted\">(not tried)</span>");
            else cc_buf_printf(b, " <span class=\"%s\">%d</span>", best >= st->pass_mark ? "pass" : "fail", best);
        }
        cc_buf_printf(b, "</td><td class=\"%s\">%s</td></tr>\n", v.p.stage_passed[s] ? "pass" : "fail",
                      v.p.stage_passed[s] ? "passed" : "not yet");
    }
    cc_buf_puts(b, "</table>\n");
    course_view_free(&v);
}

static void html_trainee(cc_buf *b, const cc_export *e, const char *trainee)
{
    cc_history *hist = e->hist;
    const report *r = &e->r;
    const cc_drill_candidate *dc = e->dc;
    size_t ndc = e->ndc;
    char err[512];
    cc_buf_puts(b, "<section class=\"trainee\"><h2>");
    h(b, trainee);
    cc_buf_puts(b, "</h2>\n");
    cc_history_scenario_stat *ss = NULL;
    size_t nss = 0;
    if (cc_history_scenario_stats(hist, trainee, &ss, &nss, err, sizeof err) < 0) nss = 0;
    if (dc && ndc) {
        cc_drill d;
        if (cc_history_suggest_drill(hist, trainee, dc, ndc, &d, err, sizeof err) == 1) {
            cc_buf_puts(b, "<p class=\"drill\"><strong>Next drill:</strong> ");
            h(b, d.title);
            cc_buf_puts(b, " <span class=\"muted\">(");
            h(b, d.scenario_id);
            cc_buf_puts(b, ")</span>");
            if (d.nrules) {
                cc_buf_puts(b, " &mdash; it practises ");
                for (size_t i = 0; i < d.nrules; i++) {
                    cc_buf_puts(b, i ? ", " : "");
                    h(b, d.rules[i]);
                }
            } else {
                cc_buf_puts(b, " &mdash; tried least so far");
            }
            cc_buf_puts(b, "</p>\n");
            cc_drill_clear(&d);
        }
    }
    cc_buf_puts(b, "<h3>Score over time</h3>\n<div class=\"charts\">\n");
    for (size_t i = 0; i < nss; i++)
        svg_scores(b, r, trainee, ss[i].scenario_id, ss[i].scenario_title);
    cc_buf_puts(b, "</div>\n<h3>First and best attempts</h3>\n<table class=\"scenarios\"><tr>"
                   "<th>Scenario</th><th>Attempts</th><th>Passed</th><th>First</th><th>Best</th>"
                   "<th>Last</th><th>Retries</th></tr>\n");
    for (size_t i = 0; i < nss; i++) {
        if (ss[i].attempts == 0) continue; /* retries only: no attempt of its own here */
        char f[32], bst[32];
        utc_time(ss[i].first_at, UTC_HUMAN, f, sizeof f);
        utc_time(ss[i].best_at, UTC_HUMAN, bst, sizeof bst);
        cc_buf_puts(b, "<tr><td>");
        h(b, ss[i].scenario_title);
        cc_buf_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d "
                         "<span class=\"muted\">%s</span></td><td class=\"n\">%d <span "
                         "class=\"muted\">%s</span></td><td class=\"n\">%d</td><td "
                         "class=\"n\">%d</td></tr>\n",
                      ss[i].attempts, ss[i].passes, ss[i].first_score, f, ss[i].best_score, bst,
                      ss[i].last_score, ss[i].retries);
    }
    cc_buf_puts(b, "</table>\n");
    cc_history_scenario_stats_free(ss, nss);
    html_course(b, e, trainee);

    cc_history_rule_stat *rs = NULL;
    size_t nrs = 0;
    if (cc_history_rule_stats(hist, trainee, &rs, &nrs, err, sizeof err) >= 0) {
        cc_buf_puts(b, "<h3>Pass rate per rule</h3>\n<p class=\"muted\">Rules that applied in at "
                       "least one call, most often failed first.</p>\n");
        svg_rules(b, rs, nrs);
        cc_history_rule_stats_free(rs, nrs);
    }
    html_sessions(b, e, trainee);
}

static void make_html(cc_buf *b, const cc_export *e)
{
    cc_history *hist = e->hist;
    const report *r = &e->r;
    char **trainees = e->names;
    size_t nt = e->nn;
    int group = e->group;
    cc_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>callcoach report");
    if (!group && nt == 1) {
        cc_buf_puts(b, ": ");
        h(b, trainees[0]);
    }
    cc_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>callcoach report", css);
    if (!group && nt == 1) {
        cc_buf_puts(b, ": ");
        h(b, trainees[0]);
    }
    int passed = 0, retries = 0;
    for (size_t i = 0; i < r->ns; i++) {
        retries += r->s[i].retry_of != NULL;
        passed += r->s[i].passed != 0 && !r->s[i].retry_of;
    }
    cc_buf_printf(b, "</h1>\n<p class=\"muted\">%zu session%s, %zu trainee%s, %d passed",
                  r->ns - (size_t)retries, r->ns - (size_t)retries == 1 ? "" : "s", nt,
                  nt == 1 ? "" : "s", passed);
    if (retries) cc_buf_printf(b, "; %d retr%s besides", retries, retries == 1 ? "y" : "ies");
    cc_buf_printf(b, ". Times are UTC. Made by callcoach-report %s.</p>\n", CC_VERSION);
    char err[512];
    if (group) {
        cc_history_trainee_summary *g = NULL;
        size_t ng = 0;
        if (cc_history_group_summary(hist, &g, &ng, err, sizeof err) >= 0) {
            cc_buf_puts(b, "<h2>Group</h2>\n<table class=\"group\"><tr><th>Trainee</th>"
                           "<th>Sessions</th><th>Passed</th><th>Scenarios</th><th>Mean</th>"
                           "<th>Best</th><th>Last</th><th>First&rarr;best</th>"
                           "<th>Weakest rule</th><th>Retries</th><th>Stage</th></tr>\n");
            for (size_t i = 0; i < ng; i++) {
                cc_buf_puts(b, "<tr><td>");
                h(b, g[i].trainee);
                cc_buf_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td "
                                 "class=\"n\">%d</td><td class=\"n\">%.0f</td><td class=\"n\">%d"
                                 "</td><td class=\"n\">%d</td><td class=\"n\">%+.0f</td><td>",
                              g[i].sessions, g[i].passed, g[i].scenarios, g[i].mean_score,
                              g[i].best_score, g[i].last_score, g[i].improvement);
                if (g[i].weakest_rule) {
                    h(b, g[i].weakest_rule);
                    cc_buf_printf(b, " <span class=\"muted\">(fails %.0f%%)</span>",
                                  g[i].weakest_rate * 100.0);
                }
                cc_buf_printf(b, "</td><td class=\"n\">%d</td><td>", g[i].retries);
                course_view v;
                if (course_view_make(e, g[i].trainee, &v) == 0) {
                    if (v.p.current < 0) cc_buf_puts(b, "all passed");
                    else cc_buf_printf(b, "%d of %zu", v.p.current + 1, e->course->nstages);
                    course_view_free(&v);
                }
                cc_buf_puts(b, "</td></tr>\n");
            }
            cc_buf_puts(b, "</table>\n");
            cc_history_group_summary_free(g, ng);
        }
        cc_history_rule_stat *rs = NULL;
        size_t nrs = 0;
        if (cc_history_rule_stats(hist, NULL, &rs, &nrs, err, sizeof err) >= 0) {
            cc_buf_puts(b, "<h3>Pass rate per rule, whole group</h3>\n");
            svg_rules(b, rs, nrs);
            cc_history_rule_stats_free(rs, nrs);
        }
    }
    for (size_t i = 0; i < nt; i++) html_trainee(b, e, trainees[i]);
    cc_buf_puts(b, "</body>\n</html>\n");
}

/* ---- the text summary ---- */

static void make_text(cc_buf *b, const cc_export *e)
{
    cc_history *hist = e->hist;
    const report *r = &e->r;
    char **trainees = e->names;
    size_t nt = e->nn;
    const cc_drill_candidate *dc = e->dc;
    size_t ndc = e->ndc;
    char err[512];
    size_t retries = 0;
    for (size_t i = 0; i < r->ns; i++) retries += r->s[i].retry_of != NULL;
    size_t own = r->ns - retries;
    cc_buf_printf(b, "%zu session%s", own, own == 1 ? "" : "s");
    if (retries) cc_buf_printf(b, " and %zu retr%s", retries, retries == 1 ? "y" : "ies");
    cc_buf_printf(b, ", %zu trainee%s\n", nt, nt == 1 ? "" : "s");
    for (size_t t = 0; t < nt; t++) {
        cc_buf_printf(b, "\n%s\n", trainees[t]);
        cc_history_scenario_stat *ss = NULL;
        size_t nss = 0;
        if (cc_history_scenario_stats(hist, trainees[t], &ss, &nss, err, sizeof err) >= 0) {
            for (size_t i = 0; i < nss; i++) {
                if (ss[i].attempts == 0) continue;
                cc_buf_printf(b, "  %-20s %3d attempt%s, %d passed; first %d, best %d, last %d",
                              ss[i].scenario_id, ss[i].attempts, ss[i].attempts == 1 ? " " : "s",
                              ss[i].passes, ss[i].first_score, ss[i].best_score, ss[i].last_score);
                if (ss[i].retries)
                    cc_buf_printf(b, "; %d retr%s", ss[i].retries, ss[i].retries == 1 ? "y" : "ies");
                cc_buf_puts(b, "\n");
            }
            cc_history_scenario_stats_free(ss, nss);
        }
        cc_history_rule_stat *rs = NULL;
        size_t nrs = 0;
        if (cc_history_rule_stats(hist, trainees[t], &rs, &nrs, err, sizeof err) >= 0) {
            int shown = 0;
            for (size_t i = 0; i < nrs && shown < 5; i++) {
                if (!rs[i].failed) continue;
                cc_buf_printf(b, "%s %s (%d of %d)", shown ? "," : "  most often failed:",
                              rs[i].rule_id, rs[i].failed, rs[i].applied);
                shown++;
            }
            if (shown) cc_buf_puts(b, "\n");
            cc_history_rule_stats_free(rs, nrs);
        }
        course_view v;
        if (course_view_make(e, trainees[t], &v) == 0) {
            if (v.p.current < 0) {
                cc_buf_printf(b, "  course: every stage passed\n");
            } else {
                const cc_course_stage *st = &e->course->stages[v.p.current];
                cc_buf_printf(b, "  course: stage %d of %zu, %s (pass mark %d); stages passed:",
                              v.p.current + 1, e->course->nstages, st->title, st->pass_mark);
                int any = 0;
                for (size_t s = 0; s < e->course->nstages; s++)
                    if (v.p.stage_passed[s]) {
                        cc_buf_printf(b, "%s %zu", any ? "," : "", s + 1);
                        any = 1;
                    }
                cc_buf_puts(b, any ? "\n" : " none\n");
            }
            course_view_free(&v);
        }
        if (dc && ndc) {
            cc_drill d;
            if (cc_history_suggest_drill(hist, trainees[t], dc, ndc, &d, err, sizeof err) == 1) {
                cc_buf_printf(b, "  next drill: %s (%s)", d.scenario_id, d.title);
                for (size_t i = 0; i < d.nrules; i++)
                    cc_buf_printf(b, "%s%s", i ? ", " : " for ", d.rules[i]);
                cc_buf_puts(b, "\n");
                cc_drill_clear(&d);
            }
        }
    }
}

/* ---- the module's interface ---- */

void cc_export_free(cc_export *e)
{
    if (!e) return;
    report_free(&e->r);
    cc_history_names_free(e->names, e->nn);
    free(e);
}

int cc_export_load(cc_history *h, const char *trainee, cc_export **out, char *err, size_t errlen)
{
    *out = NULL;
    cc_export *e = calloc(1, sizeof *e);
    if (!e) {
        cc_fs_set_err(err, errlen, "cannot make the report: out of memory; close other programs");
        return CC_EXPORT_NOMEM;
    }
    e->hist = h;
    e->group = trainee == NULL;
    if (report_load(h, trainee, &e->r, err, errlen) != 0 ||
        cc_history_trainees(h, &e->names, &e->nn, err, errlen) < 0) {
        cc_export_free(e);
        return CC_EXPORT_ERROR;
    }
    if (trainee) {
        size_t k = 0;
        while (k < e->nn && !cc_history_same_name(e->names[k], trainee)) k++;
        if (k == e->nn || e->r.ns == 0) {
            cc_buf known = CC_BUF_INIT;
            for (size_t i = 0; i < e->nn && i < 20; i++) {
                if (i) cc_buf_puts(&known, ", ");
                cc_buf_puts(&known, e->names[i]);
            }
            cc_fs_set_err(err, errlen, "no sessions of trainee '%s' in the history; %s%s", trainee,
                          e->nn ? "names are compared without case, the history has: "
                                : "the history is empty",
                          known.failed ? "" : cc_buf_str(&known));
            cc_buf_reset(&known);
            cc_export_free(e);
            return CC_EXPORT_NO_TRAINEE;
        }
        /* Keep only that name: the per-trainee sections are made from this list. */
        char *keep = e->names[k];
        e->names[k] = e->names[0];
        e->names[0] = keep;
        for (size_t i = 1; i < e->nn; i++) free(e->names[i]);
        e->nn = 1;
    }
    *out = e;
    return CC_EXPORT_OK;
}

void cc_export_set_drills(cc_export *e, const cc_drill_candidate *c, size_t n)
{
    if (!e) return;
    e->dc = c;
    e->ndc = c ? n : 0;
}

void cc_export_set_course(cc_export *e, const cc_course *c)
{
    if (e) e->course = c;
}

size_t cc_export_sessions(const cc_export *e) { return e ? e->r.ns : 0; }

int cc_export_csv(const cc_export *e, cc_buf *out)
{
    make_csv(out, &e->r, e->course);
    return out->failed ? CC_EXPORT_NOMEM : CC_EXPORT_OK;
}

int cc_export_xapi(const cc_export *e, cc_buf *out)
{
    make_xapi(out, &e->r, e->course);
    return out->failed ? CC_EXPORT_NOMEM : CC_EXPORT_OK;
}

int cc_export_html(const cc_export *e, cc_buf *out)
{
    make_html(out, e);
    return out->failed ? CC_EXPORT_NOMEM : CC_EXPORT_OK;
}

int cc_export_text(const cc_export *e, cc_buf *out)
{
    make_text(out, e);
    return out->failed ? CC_EXPORT_NOMEM : CC_EXPORT_OK;
}

int cc_export_write_dir(const cc_export *e, const char *dir, char *err, size_t errlen)
{
    static const char *const files[] = {CC_EXPORT_CSV_FILE, CC_EXPORT_XAPI_FILE, CC_EXPORT_HTML_FILE};
    static const char *const what[] = {"the CSV report", "the xAPI statements", "the HTML report"};
    if (!dir || !*dir) {
        cc_fs_set_err(err, errlen, "cannot write the reports: no folder given; type a folder");
        return CC_EXPORT_WRITE;
    }
    if (cc_fs_mkdirs(dir, 0755, err, errlen) != 0) return CC_EXPORT_WRITE;
    for (size_t i = 0; i < 3; i++) {
        cc_buf b = CC_BUF_INIT;
        int rc = i == 0 ? cc_export_csv(e, &b) : i == 1 ? cc_export_xapi(e, &b) : cc_export_html(e, &b);
        if (rc != CC_EXPORT_OK) {
            cc_buf_reset(&b);
            cc_fs_set_err(err, errlen, "cannot make %s: out of memory; close other programs and "
                          "try again", what[i]);
            return rc;
        }
        char *path = cc_fs_join(dir, files[i]);
        if (!path) {
            cc_buf_reset(&b);
            cc_fs_set_err(err, errlen, "cannot write %s: out of memory; close other programs and "
                          "try again", what[i]);
            return CC_EXPORT_NOMEM;
        }
        rc = cc_fs_write_atomic(path, cc_buf_str(&b), b.len, err, errlen);
        free(path);
        cc_buf_reset(&b);
        if (rc != 0) return CC_EXPORT_WRITE;
    }
    return CC_EXPORT_OK;
}

int cc_export_to_dir(const char *data_dir, const char *trainee, const cc_drill_candidate *c,
                     size_t n, const cc_course *course, const char *dir, char *err, size_t errlen)
{
    cc_history *h = NULL;
    int st = cc_history_open(data_dir, CC_HISTORY_READ_ONLY, &h, err, errlen);
    if (st != 0) return st == CC_HISTORY_NOMEM ? CC_EXPORT_NOMEM : CC_EXPORT_ERROR;
    cc_export *e = NULL;
    int rc = cc_export_load(h, trainee, &e, err, errlen);
    if (rc == CC_EXPORT_OK) {
        cc_export_set_drills(e, c, n);
        cc_export_set_course(e, course);
        rc = cc_export_write_dir(e, dir, err, errlen);
    }
    cc_export_free(e);
    cc_history_close(h);
    return rc;
}
