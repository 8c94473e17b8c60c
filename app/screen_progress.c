/* screen_progress: the trainee's progress, from the history (store/history.h):
 * the score of each scenario over their calls as a small line chart (each
 * scenario a letter as well as a colour), the first and best score of each,
 * the rules they fail most often, and the drill suggested next (the scenario
 * of the catalog that exercises their weakest rules). Read once when the
 * screen appears; the database is opened read-only and closed again, so a
 * call being stored elsewhere is never held up.
 *
 * Export (store/export.h, the reports callcoach-report writes): X, or Enter
 * on the "Export my report" button, asks for a folder and writes report.html,
 * sessions.csv and statements.json (xAPI) of the signed-in trainee there, and
 * only theirs: this screen is the trainee's, and the whole group's reports
 * are the trainer's (callcoach-report, store/README.md). The screen then says
 * where they went or why they could not be written. The history is read
 * again for the export, so it has every call stored by then.
 *
 * Keys: Tab moves between the chart's legend, the rules, the drill and the
 * export button; Up/Down scroll the one focused; Enter on the drill
 * starts that call; Esc goes back to the picker (or closes the folder box). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_progress.h"
#include "textfield.h"
#include "course.h"
#include "export.h"
#include "history.h"
#include "ui.h"

static cc_progress_state S;

cc_progress_state *cc_progress_peek(void) { return &S; }

#define MAX_RULES_SHOWN 6

enum { PG_LEGEND, PG_RULES, PG_DRILL, PG_EXPORT, PG_COUNT };

struct cc_progress_view {
    int state; /* 0: shown; 1: no history yet; -1: the history could not be read */
    char problem[512];
    cc_history_session *sessions;
    size_t nsessions;
    cc_history_scenario_stat *stats;
    size_t nstats;
    cc_history_rule_stat *rules;
    size_t nrules;
    int rules_top;
    cc_drill drill;
    int has_drill;
    int drill_entry; /* catalog index of the drill, -1 if not in the catalog */
};

static void fmt_to(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fmt_to(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

/* The catalog's playable scenarios as drill candidates; entry[i] is the
 * catalog index of c[i]. The rule id arrays point into the catalog's
 * standards: candidates_free before the catalog changes. */
typedef struct {
    cc_drill_candidate *c;
    const char ***ids;
    int *entry;
    size_t n;
} candidates;

static void candidates_free(candidates *k)
{
    for (size_t i = 0; k->ids && i < k->n; i++) free((void *)k->ids[i]);
    free(k->ids);
    free(k->c);
    free(k->entry);
    memset(k, 0, sizeof *k);
}

static void candidates_make(const cc_app *a, candidates *k)
{
    memset(k, 0, sizeof *k);
    size_t n = a->catalog ? a->catalog->n : 0;
    k->c = calloc(n ? n : 1, sizeof *k->c);
    k->ids = calloc(n ? n : 1, sizeof *k->ids);
    k->entry = calloc(n ? n : 1, sizeof *k->entry);
    for (size_t i = 0; k->c && k->ids && k->entry && i < n; i++) {
        const cc_catalog_entry *e = &a->catalog->v[i];
        if (e->problem || !e->std || !e->scn) continue;
        size_t nr = 0;
        if (cc_scenario_drill_rules(e->std, e->scn, &k->ids[k->n], &nr) != 0) continue;
        k->c[k->n] = (cc_drill_candidate){e->scn->id, e->scn->title, k->ids[k->n], nr};
        k->entry[k->n] = (int)i;
        k->n++;
    }
}

static void suggest(cc_app *a, cc_history *h, struct cc_progress_view *v)
{
    candidates k;
    candidates_make(a, &k);
    cc_drill_candidate *c = k.c;
    int *entry = k.entry;
    size_t nc = k.n;
    char why[256];
    v->drill_entry = -1;
    if (nc && cc_history_suggest_drill(h, a->prefs.name, c, nc, &v->drill, why, sizeof why) == 1) {
        v->has_drill = 1;
        for (size_t i = 0; i < nc; i++)
            if (strcmp(c[i].scenario_id, v->drill.scenario_id) == 0) v->drill_entry = entry[i];
    }
    candidates_free(&k);
}

void cc_progress_load(cc_app *a)
{
    S.focus = PG_DRILL;
    S.top = 0;
    S.export_open = 0;
    S.export_status[0] = '\0';
    struct cc_progress_view *v = calloc(1, sizeof *v);
    S.view = v;
    if (!v) return;
    v->drill_entry = -1;
    if (!a->pref_dir) {
        v->state = 1;
        fmt_to(v->problem, sizeof v->problem,
               "There is no data folder on this computer, so no history is kept.");
        return;
    }
    cc_history *h = NULL;
    char why[512];
    int rc = cc_history_open(a->pref_dir, CC_HISTORY_READ_ONLY, &h, why, sizeof why);
    if (rc == CC_HISTORY_MISSING) {
        v->state = 1;
        return;
    }
    if (rc != 0) {
        v->state = -1;
        fmt_to(v->problem, sizeof v->problem, "%s", why);
        return;
    }
    if (cc_history_sessions(h, a->prefs.name, NULL, &v->sessions, &v->nsessions, why, sizeof why) < 0 ||
        cc_history_scenario_stats(h, a->prefs.name, &v->stats, &v->nstats, why, sizeof why) < 0 ||
        cc_history_rule_stats(h, a->prefs.name, &v->rules, &v->nrules, why, sizeof why) < 0) {
        v->state = -1;
        fmt_to(v->problem, sizeof v->problem, "%s", why);
    } else {
        /* The chart is call by call: a retry is the same call again, not a call (it is
         * counted apart in the legend). */
        size_t kept = 0;
        for (size_t i = 0; i < v->nsessions; i++) {
            if (v->sessions[i].retry_of) {
                cc_history_session_clear(&v->sessions[i]);
                continue;
            }
            v->sessions[kept++] = v->sessions[i];
        }
        v->nsessions = kept;
        v->state = v->nsessions ? 0 : 1;
    }
    suggest(a, h, v);
    cc_history_close(h);
}

void cc_progress_unload(cc_app *a)
{
    struct cc_progress_view *v = S.view;
    if (v) {
        cc_history_sessions_free(v->sessions, v->nsessions);
        cc_history_scenario_stats_free(v->stats, v->nstats);
        cc_history_rule_stats_free(v->rules, v->nrules);
        if (v->has_drill) cc_drill_clear(&v->drill);
        free(v);
    }
    S.view = NULL;
}

static size_t failed_rules(const struct cc_progress_view *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nrules; i++) n += v->rules[i].failed > 0;
    return n;
}

/* ---- export ---- */

static void export_now(cc_app *a)
{
    const char *dir = S.export_dir;
    char *status = S.export_status;
    size_t cap = sizeof S.export_status;
    if (!dir[0]) {
        fmt_to(status, cap, "Type the folder to write the reports in first.");
        return;
    }
    if (!a->pref_dir) {
        fmt_to(status, cap, "Nothing exported: there is no data folder on this computer, so no "
                            "history is kept.");
        return;
    }
    candidates k;
    candidates_make(a, &k);
    char why[768];
    /* The course the picker shows: the report says which stage the trainee is in. */
    cc_course *course = NULL;
    char cpath[4200];
    snprintf(cpath, sizeof cpath, "%s/course.yaml", a->bundled_dir);
    cc_diags *d = a->bundled_dir[0] ? cc_diags_create() : NULL;
    if (d && cc_course_load_file(cpath, &course, d) != CC_FILE_OK) {
        cc_course_free(course);
        course = NULL;
    }
    cc_diags_free(d);
    /* Never NULL (everyone): a trainee exports their own calls only. */
    int rc = cc_export_to_dir(a->pref_dir, a->prefs.name, k.c, k.n, course, dir, why, sizeof why);
    cc_course_free(course);
    candidates_free(&k);
    if (rc == CC_EXPORT_OK) {
        S.export_open = 0;
        fmt_to(status, cap, "Wrote %s, %s and %s (xAPI) for you in %s.", CC_EXPORT_HTML_FILE,
               CC_EXPORT_CSV_FILE, CC_EXPORT_XAPI_FILE, dir);
    } else if (rc == CC_EXPORT_NO_TRAINEE) {
        fmt_to(status, cap, "Nothing exported: %s no calls in the history yet; take a call first.",
               a->prefs.name[0] ? "you have" : "there are");
    } else {
        fmt_to(status, cap, "Not exported to %s: %s", dir, why);
    }
}

static void open_export_box(cc_app *a)
{
    S.export_open = 1;
    S.export_status[0] = '\0';
}

static void export_field(cc_app *a, const cc_ev *ev)
{
    char *s = S.export_dir;
    if (S.export_open == 2) {
        /* The letter that opened the box arrives as text too: it is not the folder's. */
        S.export_open = 1;
        if (ev->kind == CC_EV_TEXT && strlen(ev->text) == 1 && strchr("xX", ev->text[0])) return;
    }
    switch (cc_field_edit(s, sizeof S.export_dir, ev)) {
    case CC_FIELD_CANCEL: S.export_open = 0; break;
    case CC_FIELD_ENTER: export_now(a); break;
    default: break;
    }
}

void cc_progress_update(cc_app *a, const cc_ev *ev)
{
    struct cc_progress_view *v = S.view;
    if (!ev) return;
    if (S.export_open) {
        export_field(a, ev);
        return;
    }
    if (ev->kind == CC_EV_TYPE) {
        /* Automation types the folder straight away, as into the feedback screen's box. */
        open_export_box(a);
        export_field(a, ev);
        return;
    }
    if (ev->kind != CC_EV_KEY) return;
    int dir = ev->key == CC_KEY_UP ? -1 : ev->key == CC_KEY_DOWN ? 1 : 0;
    switch (ev->key) {
    case CC_KEY_ESC: a->next = CC_SCREEN_PICKER; break;
    case CC_KEY_TAB:
        S.focus = (S.focus + ((ev->mods & CC_MOD_SHIFT) ? PG_COUNT - 1 : 1)) % PG_COUNT;
        break;
    case CC_KEY_UP:
    case CC_KEY_DOWN:
        if (!v) break;
        if (S.focus == PG_LEGEND) {
            int t = S.top + dir;
            if (t >= 0 && t < (int)v->nstats) S.top = t;
        } else if (S.focus == PG_RULES) {
            int t = v->rules_top + dir;
            if (t >= 0 && t < (int)failed_rules(v)) v->rules_top = t;
        }
        break;
    case CC_KEY_ENTER:
        if (S.focus == PG_DRILL && v && v->has_drill && v->drill_entry >= 0) {
            a->chosen = v->drill_entry;
            a->next = cc_app_call_screen(a);
        } else if (S.focus == PG_EXPORT) {
            open_export_box(a);
        }
        break;
    case CC_KEY_CHAR:
        if (ev->ch == 'x') {
            S.focus = PG_EXPORT;
            open_export_box(a);
            S.export_open = 2;
        }
        break;
    default: break;
    }
}

/* ---- drawing ---- */

static cc_rgba series_colour(const cc_app *a, size_t i)
{
    static const cc_rgba light[] = {{28, 86, 166, 255}, {176, 32, 32, 255}, {22, 116, 52, 255},
                                    {120, 60, 160, 255}, {190, 110, 0, 255}, {0, 120, 130, 255}};
    static const cc_rgba dark[] = {{255, 255, 0, 255}, {0, 255, 255, 255}, {0, 255, 0, 255},
                                   {255, 140, 255, 255}, {255, 180, 80, 255}, {255, 255, 255, 255}};
    return a->prefs.high_contrast ? dark[i % 6] : light[i % 6];
}

static char series_letter(size_t i) { return (char)('A' + i % 26); }

static size_t series_of(const struct cc_progress_view *v, const char *scenario_id)
{
    for (size_t i = 0; i < v->nstats; i++)
        if (strcmp(v->stats[i].scenario_id, scenario_id) == 0) return i;
    return 0;
}

/* A line of small squares: fill_rect is all the platform draws. */
static void line(cc_app *a, int x0, int y0, int x1, int y1, cc_rgba c)
{
    int dx = abs(x1 - x0), dy = abs(y1 - y0), n = dx > dy ? dx : dy;
    for (int i = 0; i <= n; i++) {
        int x = n ? x0 + (x1 - x0) * i / n : x0, y = n ? y0 + (y1 - y0) * i / n : y0;
        ui_rect(a, x - 1, y - 1, 2, 2, c);
    }
}

static void draw_chart(cc_app *a, const struct cc_progress_view *v, int x, int y, int w, int h)
{
    const cc_theme *t = &a->theme;
    int lh = ui_lh(a, CC_FONT_BODY);
    ui_text(a, CC_FONT_BOLD, x, y, t->text, "Score per scenario, call by call");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    h -= ui_lh(a, CC_FONT_BOLD) + 4;
    int axis_w = ui_text_w(a, CC_FONT_BODY, "100") + 8;
    int px = x + axis_w, pw = w - axis_w - 10, py = y + lh / 2, ph = h - lh - 8;
    ui_rect(a, px, py, pw, ph, t->panel2);
    ui_frame(a, px, py, pw, ph, 1, t->dim);
    for (int s = 0; s <= 100; s += 25) {
        int yy = py + ph - s * ph / 100;
        char buf[8];
        fmt_to(buf, sizeof buf, "%d", s);
        ui_text(a, CC_FONT_BODY, px - ui_text_w(a, CC_FONT_BODY, buf) - 4, yy - lh / 2, t->dim, buf);
        ui_rect(a, px, yy, 4, 1, t->dim);
    }
    /* The pass mark as a dashed line, named. */
    int pass = v->nsessions ? v->sessions[v->nsessions - 1].pass_mark : 0;
    if (pass > 0 && pass <= 100) {
        int yy = py + ph - pass * ph / 100;
        for (int xx = px; xx < px + pw; xx += 8) ui_rect(a, xx, yy, 4, 1, t->dim);
        char buf[32];
        fmt_to(buf, sizeof buf, "pass mark %d", pass);
        ui_text(a, CC_FONT_BODY, px + pw - ui_text_w(a, CC_FONT_BODY, buf) - 4, yy - lh, t->dim, buf);
    }
    size_t n = v->nsessions;
    int lx = -1, ly = -1;
    for (size_t s = 0; s < v->nstats; s++) {
        cc_rgba c = series_colour(a, s);
        lx = ly = -1;
        for (size_t i = 0; i < n; i++) {
            if (series_of(v, v->sessions[i].scenario_id) != s) continue;
            /* Calls are spread evenly in the order they were made. */
            int xx = px + 12 + (n > 1 ? (int)((pw - 24) * (int64_t)i / (int64_t)(n - 1)) : (pw - 24) / 2);
            int yy = py + ph - v->sessions[i].score * ph / 100;
            if (lx >= 0) line(a, lx, ly, xx, yy, c);
            ui_rect(a, xx - 3, yy - 3, 7, 7, c);
            char l[2] = {series_letter(s), 0};
            ui_text(a, CC_FONT_BOLD, xx + 5, yy - ui_lh(a, CC_FONT_BOLD), c, l);
            lx = xx;
            ly = yy;
        }
    }
    char buf[64];
    fmt_to(buf, sizeof buf, "%zu call%s, oldest on the left", n, n == 1 ? "" : "s");
    ui_text(a, CC_FONT_BODY, px, py + ph + 4, t->dim, buf);
}

static void draw_legend(cc_app *a, const struct cc_progress_view *v, int x, int y, int w, int bottom)
{
    const cc_theme *t = &a->theme;
    int lh = ui_lh(a, CC_FONT_BODY), bh = ui_lh(a, CC_FONT_BOLD);
    ui_text(a, CC_FONT_BOLD, x, y, t->text, "First and best score");
    int y0 = y;
    y += bh + 4;
    for (size_t s = (size_t)S.top; s < v->nstats && y + bh + lh <= bottom; s++) {
        const cc_history_scenario_stat *st = &v->stats[s];
        char name[300], buf[200];
        fmt_to(name, sizeof name, "%c  %s", series_letter(s),
               st->scenario_title ? st->scenario_title : st->scenario_id);
        char retries[40] = "";
        if (st->retries)
            fmt_to(retries, sizeof retries, "; %d retr%s", st->retries, st->retries == 1 ? "y" : "ies");
        if (st->attempts == 0) /* only retries of calls not in this history */
            fmt_to(buf, sizeof buf, "no call of its own%s", retries);
        else
            fmt_to(buf, sizeof buf, "first %d, best %d; %d call%s, %d passed%s", st->first_score,
                   st->best_score, st->attempts, st->attempts == 1 ? "" : "s", st->passes, retries);
        ui_rect(a, x, y + 3, 10, bh - 6, series_colour(a, s));
        ui_wrap(a, CC_FONT_BOLD, x + 16, y, w - 16, t->text, name, 1, 1);
        int indent = 16 + ui_text_w(a, CC_FONT_BOLD, "A  ");
        ui_wrap(a, CC_FONT_BODY, x + indent, y + bh, w - indent, t->text, buf, 1, 1);
        y += bh + lh + 4;
    }
    if (S.top > 0) ui_text(a, CC_FONT_BODY, x + w - 16, y0, t->dim, "^");
    if (S.focus == PG_LEGEND) ui_focus(a, x - 4, y0, w + 4, y - y0);
}

static void draw_rules(cc_app *a, const struct cc_progress_view *v, int x, int y, int w, int bottom)
{
    const cc_theme *t = &a->theme;
    int lh = ui_lh(a, CC_FONT_BODY) + 4;
    int y0 = y;
    ui_text(a, CC_FONT_BOLD, x, y, t->text, "Rules failed most often");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    size_t shown = 0, skip = (size_t)v->rules_top;
    for (size_t i = 0; i < v->nrules && shown < MAX_RULES_SHOWN && y + lh <= bottom; i++) {
        const cc_history_rule_stat *r = &v->rules[i];
        if (r->failed == 0) continue;
        if (skip) {
            skip--;
            continue;
        }
        char buf[400];
        fmt_to(buf, sizeof buf, "%s: failed in %d of %d calls (%.0f %%)", r->rule_title ? r->rule_title : r->rule_id,
               r->failed, r->applied, r->fail_rate * 100);
        /* A bar as long as the fail rate, under the words that say it. */
        int bw = (int)((w - 10) * r->fail_rate);
        ui_rect(a, x, y + lh - 5, bw > 1 ? bw : 1, 3, t->bad);
        ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, buf, 1, 1);
        y += lh;
        shown++;
    }
    if (shown == 0) {
        ui_text(a, CC_FONT_BODY, x, y, t->text, "No rule failed so far.");
        y += lh;
    }
    if (S.focus == PG_RULES) ui_focus(a, x - 4, y0, w + 4, y - y0);
}

static void draw_drill(cc_app *a, const struct cc_progress_view *v, int x, int y, int w)
{
    const cc_theme *t = &a->theme;
    char buf[1024];
    if (!v->has_drill) {
        ui_text(a, CC_FONT_BODY, x, y, t->dim, "No drill to suggest: no playable scenario was found.");
        return;
    }
    fmt_to(buf, sizeof buf, "Next drill: %s", v->drill.title);
    int h = ui_lh(a, CC_FONT_BOLD) + 10;
    char rules[600] = "";
    for (size_t i = 0; i < v->drill.nrules; i++) {
        size_t n = strlen(rules);
        const char *name = v->drill.rules[i];
        const cc_standard *std = v->drill_entry >= 0 ? a->catalog->v[v->drill_entry].std : NULL;
        int k = std ? cc_standard_find(std, name) : -1;
        if (k >= 0) name = std->rules[k].title;
        fmt_to(rules + n, sizeof rules - n, "%s%s", i ? ", " : "", name);
    }
    char why[800];
    if (v->drill.nrules)
        fmt_to(why, sizeof why, "It exercises the rules you fail most: %s. Enter: take this call.", rules);
    else
        fmt_to(why, sizeof why, "The scenario you have tried least. Enter: take this call.");
    int wh = ui_wrap(a, CC_FONT_BODY, 0, 0, w - 20, t->text, why, 2, 0);
    ui_rect(a, x, y, w, h + wh + 6, t->panel2);
    ui_frame(a, x, y, w, h + wh + 6, 1, t->dim);
    ui_text(a, CC_FONT_BOLD, x + 10, y + 5, t->text, buf);
    ui_wrap(a, CC_FONT_BODY, x + 10, y + h, w - 20, t->text, why, 2, 1);
    if (S.focus == PG_DRILL) ui_focus(a, x, y, w, h + wh + 6);
}

/* The height draw_export takes: the buttons and two lines of status. */
static int export_h(cc_app *a) { return ui_lh(a, CC_FONT_BOLD) + 12 + 2 * ui_lh(a, CC_FONT_BODY) + 8; }

static void draw_export(cc_app *a, int x, int y, int w)
{
    const cc_theme *t = &a->theme;
    int bh = ui_lh(a, CC_FONT_BOLD) + 12;
    static const char label[] = "Export my report (X)";
    ui_button(a, x, y, ui_text_w(a, CC_FONT_BOLD, label) + 24, bh, label,
              S.focus == PG_EXPORT);
    int ty = y + bh + 6;
    char buf[1200];
    if (S.export_open) {
        fmt_to(buf, sizeof buf, "Write the reports of your calls in folder: %s_",
               S.export_dir);
        ui_wrap(a, CC_FONT_BOLD, x, ty, w, t->text, buf, 1, 1);
        ty += ui_lh(a, CC_FONT_BOLD);
    }
    if (S.export_status[0])
        ui_wrap(a, CC_FONT_BODY, x, ty, w, t->text, S.export_status,
                S.export_open ? 1 : 2, 1);
    else if (!S.export_open)
        ui_text(a, CC_FONT_BODY, x, ty, t->dim,
                "Your own calls for your trainer: an HTML report, a CSV table and xAPI statements.");
}

void cc_progress_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const struct cc_progress_view *v = S.view;
    char title[128];
    fmt_to(title, sizeof title, "%s", a->prefs.name[0] ? a->prefs.name : "");
    int y = ui_header(a, "Your progress", title) + 14;
    int bottom = ui_footer(a, S.export_open
                                  ? "Type a folder, Enter: write the reports there   Esc: cancel"
                                  : "Tab: next part   Up/Down: scroll   Enter on the drill: take "
                                    "that call   X: export mine   Esc: back to the calls");
    if (!v) {
        ui_text(a, CC_FONT_BOLD, 20, y, t->bad, "Out of memory: close other programs and open this again.");
        return;
    }
    if (v->state < 0) {
        ui_banner(a, 20, y, a->w - 40, "The history could not be read");
        y += ui_lh(a, CC_FONT_BOLD) * 2;
        ui_wrap(a, CC_FONT_BODY, 20, y, a->w - 40, t->text, v->problem, 4, 1);
        draw_export(a, 20, bottom - export_h(a) - 4, a->w - 40);
        return;
    }
    if (v->state == 1) {
        char buf[600];
        fmt_to(buf, sizeof buf, "No calls yet%s%s. Take a call from the list: each one you finish "
               "lands here, with your score over time and the rules to work on.",
               a->prefs.name[0] ? " for " : "", a->prefs.name);
        ui_text(a, CC_FONT_BIG, 20, y, t->text, "Nothing here yet");
        y += ui_lh(a, CC_FONT_BIG) + 8;
        y += ui_wrap(a, CC_FONT_BODY, 20, y, a->w - 40, t->text, buf, 3, 1) + 8;
        if (v->problem[0]) y += ui_wrap(a, CC_FONT_BODY, 20, y, a->w - 40, t->dim, v->problem, 2, 1) + 8;
        draw_drill(a, v, 20, y + 10, a->w - 40);
        draw_export(a, 20, bottom - export_h(a) - 4, a->w - 40);
        return;
    }
    int lw = (a->w - 60) / 2;
    int chart_h = (bottom - y) * 55 / 100;
    draw_chart(a, v, 20, y, lw, chart_h);
    draw_legend(a, v, 40 + lw, y, a->w - 60 - lw, y + chart_h);
    int y2 = y + chart_h + 10;
    int drill_h = ui_lh(a, CC_FONT_BOLD) + 2 * ui_lh(a, CC_FONT_BODY) + 24;
    int ex_h = export_h(a);
    draw_rules(a, v, 20, y2, a->w - 40, bottom - ex_h - drill_h - 14);
    draw_drill(a, v, 20, bottom - ex_h - drill_h - 8, a->w - 40);
    draw_export(a, 20, bottom - ex_h - 2, a->w - 40);
}
