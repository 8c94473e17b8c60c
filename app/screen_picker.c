/* screen_picker: which call to take. Every scenario of the bundled folder and
 * of the user's own, with its title, difficulty, briefing and best score so
 * far, grouped by the stages of the onboarding course (course.yaml in the
 * bundled folder): each stage with its pass mark and whether it is passed, in
 * words as well as colour; the current stage and the suggested next call are
 * marked. Scenarios the course does not name come after, under their own
 * heading. A scenario that has errors is listed with its first problem, so a
 * trainer who wrote it sees why it cannot be played. Without a course file
 * (or with a broken one) the list is simply every scenario.
 *
 * The course and the display order are worked out when the screen appears
 * (scores change only between visits) and kept in this file: the app's own
 * picker state stays the catalog index of the focused row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_picker.h"
#include "course.h"
#include "ui.h"

static cc_picker_state S;

cc_picker_state *cc_picker_peek(void) { return &S; }

/* One row of the list: a stage heading (entry -1) or a catalog entry. */
typedef struct {
    int entry;
    int stage;          /* course stage, -1: not in the course; heading of "others" too */
    int next;           /* the suggested next call */
} row;

static struct {
    cc_course *course;
    cc_course_progress progress;
    row *rows;
    size_t nrows;
} view;

static const char *entry_id(const cc_catalog_entry *e)
{
    return e->scn ? e->scn->id : NULL;
}

static void view_clear(void)
{
    cc_course_free(view.course);
    cc_course_progress_clear(&view.progress);
    free(view.rows);
    memset(&view, 0, sizeof view);
    cc_course_progress_clear(&view.progress);
}

static void push(int entry, int stage, int next)
{
    view.rows[view.nrows++] = (row){entry, stage, next};
}

/* The bundled entry for a course id (a user's copy with the same id is
 * listed with the others, as their own). */
static int bundled_index(const cc_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!c->v[i].user && entry_id(&c->v[i]) && strcmp(entry_id(&c->v[i]), id) == 0)
            return (int)i;
    return -1;
}

static void view_build(cc_app *a)
{
    view_clear();
    const cc_catalog *c = a->catalog;
    char path[4200];
    snprintf(path, sizeof path, "%s/course.yaml", a->bundled_dir);
    cc_diags *d = cc_diags_create();
    if (d && a->bundled_dir[0]) cc_course_load_file(path, &view.course, d);
    cc_diags_free(d);
    size_t cap = c->n + (view.course ? view.course->nstages : 0) + 1;
    view.rows = calloc(cap, sizeof *view.rows);
    int *placed = calloc(c->n + 1, sizeof *placed);
    if (!view.rows || !placed) {
        free(placed);
        view_clear();
        return;
    }
    if (view.course) {
        const char **ids = calloc(c->n + 1, sizeof *ids);
        int *best = calloc(c->n + 1, sizeof *best);
        if (ids && best) {
            for (size_t i = 0; i < c->n; i++) {
                ids[i] = c->v[i].user ? NULL : entry_id(&c->v[i]);
                best[i] = c->v[i].best;
            }
            cc_course_progress_compute(view.course, ids, best, c->n, &view.progress);
        }
        free(ids);
        free(best);
        for (size_t s = 0; s < view.course->nstages; s++) {
            push(-1, (int)s, 0);
            const cc_course_stage *st = &view.course->stages[s];
            for (size_t j = 0; j < st->nitems; j++) {
                int k = bundled_index(c, st->items[j].id);
                if (k < 0 || placed[k]) continue;
                placed[k] = 1;
                push(k, (int)s, view.progress.next_stage == (int)s &&
                                    view.progress.next_item == (int)j);
            }
        }
        int others = 0;
        for (size_t i = 0; i < c->n; i++) others += !placed[i];
        if (others) push(-1, -1, 0);
    }
    for (size_t i = 0; i < c->n; i++)
        if (!placed[i]) push((int)i, -1, 0);
    free(placed);
}

/* Position of the focused catalog entry among the rows, or -1. */
static int row_of(int entry)
{
    for (size_t i = 0; i < view.nrows; i++)
        if (view.rows[i].entry == entry) return (int)i;
    return -1;
}

static int step(int entry, int dir);

void cc_picker_load(cc_app *a)
{
    view_build(a);
    S.focus = a->chosen >= 0 ? a->chosen : -1;
    if (S.focus < 0 || row_of(S.focus) < 0) {
        /* First visit: start on the suggested call, else the first one listed. */
        S.focus = step(-1, 1);
        for (size_t i = 0; i < view.nrows; i++)
            if (view.rows[i].next) S.focus = view.rows[i].entry;
        if (S.focus < 0) S.focus = 0;
    }
    S.top = 0;
}

void cc_picker_unload(cc_app *a)
{
    (void)a;
    view_clear();
}

/* The next (dir 1) or previous (-1) scenario row, wrapping, skipping headings. */
static int step(int entry, int dir)
{
    int n = (int)view.nrows;
    int r = row_of(entry);
    if (n == 0) return entry;
    if (r < 0) r = dir > 0 ? -1 : 0;
    for (int k = 0; k < n; k++) {
        r = (r + dir + n) % n;
        if (view.rows[r].entry >= 0) return view.rows[r].entry;
    }
    return entry;
}

void cc_picker_update(cc_app *a, const cc_ev *ev)
{
    if (!ev || ev->kind != CC_EV_KEY) return;
    int n = (int)a->catalog->n;
    switch (ev->key) {
    case CC_KEY_DOWN:
    case CC_KEY_TAB:
        if (n) S.focus = step(S.focus, 1);
        break;
    case CC_KEY_UP:
        if (n) S.focus = step(S.focus, -1);
        break;
    case CC_KEY_ENTER:
    case CC_KEY_SPACE:
        /* A file broken by an edit keeps its last good version (live reload):
         * that one can still be played while the trainer fixes the file. */
        if (n && (!a->catalog->v[S.focus].problem || a->catalog->v[S.focus].scn)) {
            a->chosen = S.focus;
            a->next = cc_app_call_screen(a);
        } else if (n) {
            snprintf(a->notice, sizeof a->notice,
                     "That scenario has errors and cannot be played; run callcoach-lint on it.");
        }
        break;
    case CC_KEY_CHAR:
        if (ev->ch == 'p') a->next = CC_SCREEN_PROGRESS;
        break;
    case CC_KEY_ESC: a->next = CC_SCREEN_SIGNIN; break;
    default: break;
    }
}

static const char *entry_title(const cc_catalog_entry *e)
{
    if (e->scn) return e->scn->title;
    const char *s = strrchr(e->path, '/');
    return s ? s + 1 : e->path;
}

/* Two lines, so a long stage title never runs under the briefing panel. */
static void heading_text(const row *r, char *title, char *status, size_t n)
{
    status[0] = '\0';
    if (r->stage < 0) {
        snprintf(title, n, "Not in the course");
        return;
    }
    const cc_course_stage *st = &view.course->stages[r->stage];
    int passed = view.progress.stage_passed && view.progress.stage_passed[r->stage];
    snprintf(title, n, "Stage %d: %s", r->stage + 1, st->title);
    snprintf(status, n, "pass mark %d   %s%s", st->pass_mark,
             passed ? "PASSED" : "not passed yet",
             view.progress.current == r->stage ? "   CURRENT" : "");
}

/* A heading is one line for "not in the course", two for a stage. */
static int row_h(int i, int lh, int sub, int rowh)
{
    const row *r = &view.rows[i];
    if (r->entry >= 0) return rowh;
    return r->stage >= 0 ? lh + sub + 10 : lh + 8;
}

void cc_picker_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    char right[128];
    snprintf(right, sizeof right, "%s, %s mode", a->prefs.name, cc_mode_name(a->prefs.mode));
    int top = ui_header(a, "Choose a call", right) + 16;
    int bottom = ui_footer(a, "Up/Down: choose   Enter: take the call   P: progress   "
                              "Esc: back to sign in   F2/F3: text size   F4: high contrast");
    int lx = 20, lw = 380, rx = lx + lw + 20, rw = a->w - rx - 20;
    int lh = ui_lh(a, CC_FONT_BOLD), sub = ui_lh(a, CC_FONT_BODY);
    int rowh = lh + sub + 14;
    cc_catalog *c = a->catalog;
    if (c->n == 0 || !view.rows) {
        ui_wrap(a, CC_FONT_BODY, lx, top, a->w - 40, t->text,
                "No scenarios found. Put scenario files in the scenarios folder of your data "
                "folder, or run callcoach from its own folder.",
                0, 1);
        return;
    }
    /* Keep the focused row in view (layout only: the update keeps the focus):
     * scroll from the first row until the focused one fits. */
    int fr = row_of(S.focus);
    if (fr < 0) fr = 0;
    int first = 0;
    for (;;) {
        int y = top;
        for (int i = first; i <= fr; i++) y += row_h(i, lh, sub, rowh);
        if (y <= bottom - 8 || first >= fr) break;
        first++;
    }
    int y = top;
    for (int i = first; i < (int)view.nrows; i++) {
        const row *r = &view.rows[i];
        int h = row_h(i, lh, sub, rowh);
        if (y + h > bottom - 8) break;
        if (r->entry < 0) {
            char head[256], status[128];
            heading_text(r, head, status, sizeof status);
            int passed = r->stage >= 0 && view.progress.stage_passed &&
                         view.progress.stage_passed[r->stage];
            ui_text(a, CC_FONT_BOLD, lx, y + 4, r->stage < 0 ? t->dim : t->text, head);
            if (status[0])
                ui_text(a, CC_FONT_BODY, lx, y + 4 + lh, passed ? t->good : t->dim, status);
            y += h;
            continue;
        }
        const cc_catalog_entry *e = &c->v[r->entry];
        int focused = r->entry == S.focus;
        ui_rect(a, lx, y, lw, rowh - 6, focused ? t->accent : t->panel2);
        cc_rgba fg = focused ? t->on_accent : t->text;
        ui_text(a, CC_FONT_BOLD, lx + 10, y + 5, fg, entry_title(e));
        char line[160];
        const char *mark = r->next ? "   NEXT" : "";
        if (e->problem && e->scn) snprintf(line, sizeof line, "has errors: the last good version plays");
        else if (e->problem) snprintf(line, sizeof line, "has errors: cannot be played");
        else if (e->best >= 0)
            snprintf(line, sizeof line, "difficulty %d of 5   best %d/100%s%s",
                     e->scn->difficulty, e->best, e->user ? "   (yours)" : "", mark);
        else
            snprintf(line, sizeof line, "difficulty %d of 5   no score yet%s%s",
                     e->scn->difficulty, e->user ? "   (yours)" : "", mark);
        ui_text(a, CC_FONT_BODY, lx + 10, y + 5 + lh, fg, line);
        if (focused) ui_focus(a, lx, y, lw, rowh - 6);
        y += h;
    }

    const cc_catalog_entry *e = &c->v[S.focus];
    const row *fr_row = &view.rows[row_of(S.focus) >= 0 ? row_of(S.focus) : 0];
    ui_rect(a, rx, top, rw, bottom - top - 12, t->panel2);
    ui_frame(a, rx, top, rw, bottom - top - 12, 1, t->dim);
    y = top + 12;
    y += ui_wrap(a, CC_FONT_BIG, rx + 14, y, rw - 28, t->text, entry_title(e), 2, 1) + 6;
    if (e->problem) {
        ui_text(a, CC_FONT_BOLD, rx + 14, y, t->bad,
                e->scn ? "The file has errors; its last good version plays:" : "This scenario has errors:");
        y += lh + 4;
        y += ui_wrap(a, CC_FONT_BODY, rx + 14, y, rw - 28, t->text, e->problem, 6, 1) + 6;
        if (!e->scn) return;
    }
    char line[300];
    snprintf(line, sizeof line, "Difficulty %d of 5", e->scn->difficulty);
    ui_text(a, CC_FONT_BOLD, rx + 14, y, t->text, line);
    y += lh + 4;
    if (e->best >= 0) snprintf(line, sizeof line, "Best score so far: %d/100", e->best);
    else snprintf(line, sizeof line, "Best score so far: no score yet");
    ui_text(a, CC_FONT_BODY, rx + 14, y, t->text, line);
    y += sub + 4;
    if (view.course && fr_row->stage >= 0) {
        const cc_course_stage *st = &view.course->stages[fr_row->stage];
        snprintf(line, sizeof line, "Course stage %d, %s: pass mark %d%s",
                 fr_row->stage + 1, st->title, st->pass_mark,
                 fr_row->next ? "; suggested next call" : "");
        y += ui_wrap(a, CC_FONT_BODY, rx + 14, y, rw - 28, t->text, line, 2, 1);
    } else if (view.course) {
        ui_text(a, CC_FONT_BODY, rx + 14, y, t->dim, "Not part of the course");
        y += sub;
    }
    y += 8;
    ui_text(a, CC_FONT_BOLD, rx + 14, y, t->text, "Briefing");
    y += lh + 4;
    int left = bottom - 60 - y;
    int maxl = left / sub;
    y += ui_wrap(a, CC_FONT_BODY, rx + 14, y, rw - 28, t->text, e->scn->briefing, maxl > 1 ? maxl : 1, 1);
    ui_text(a, CC_FONT_BOLD, rx + 14, bottom - 12 - lh - 14, t->accent, "Press Enter to take this call.");
}
