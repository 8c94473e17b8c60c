/* screen_briefing: what the trainee must know before the phone rings. Shown
 * between choosing a call and its first ring (the picker, the sign-in of
 * `callcoach SCENARIO`, the progress screen's drill; --no-briefing skips it):
 * the scenario's briefing, the facts it gives (its context: names, numbers,
 * departments), who the trainee is on the phone, the standard's limits that
 * are timed during the call, and how answers are given. Enter or Space starts
 * the call; Esc goes back. The same panel is the call screen's overlay
 * (Ctrl+B or F1), so the facts stay reachable during the call.
 *
 * Private state: how far a long briefing (large text) is scrolled. Up/Down
 * scroll it a paragraph at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_briefing.h"
#include "ui.h"

static cc_briefing_state S;

cc_briefing_state *cc_briefing_peek(void) { return &S; }

struct cc_briefing_view {
    int top;                /* the first paragraph shown (Up/Down scroll a long one) */
};

/* The entry is looked up on every use, never kept: the catalog may replace
 * (and free) its standard and scenario when a trainer saves the file, and the
 * call will start with the version current then, which is the one to read. */
static const cc_catalog_entry *chosen(const cc_app *a)
{
    if (a->chosen < 0 || a->chosen >= (int)a->catalog->n) return NULL;
    const cc_catalog_entry *e = &a->catalog->v[a->chosen];
    return e->scn && e->std ? e : NULL;
}

void cc_briefing_load(cc_app *a)
{
    free(S.view);
    S.view = calloc(1, sizeof *S.view);
    /* Nothing to brief on (or no memory for it): the call screen says what is wrong. */
    if (!S.view || !chosen(a)) a->next = CC_SCREEN_CALL;
}

void cc_briefing_unload(cc_app *a)
{
    free(S.view);
    S.view = NULL;
}

void cc_briefing_update(cc_app *a, const cc_ev *ev)
{
    struct cc_briefing_view *v = S.view;
    if (!ev || ev->kind != CC_EV_KEY || !v) return;
    switch (ev->key) {
    case CC_KEY_ENTER:
    case CC_KEY_SPACE: a->next = CC_SCREEN_CALL; break;
    case CC_KEY_DOWN: {
        const cc_catalog_entry *e = chosen(a);
        if (e && v->top + 1 < cc_briefing_paragraphs(a, e->std, e->scn)) v->top++;
        break;
    }
    case CC_KEY_UP:
        if (v->top > 0) v->top--;
        break;
    case CC_KEY_ESC:
        /* Back to where the call was chosen; with --trainee SCENARIO there is nowhere. */
        a->next = !a->opt.scenario ? CC_SCREEN_PICKER : a->opt.trainee ? CC_SCREEN_QUIT : CC_SCREEN_SIGNIN;
        break;
    default: break;
    }
}

enum { P_SITUATION, P_FACTS, P_YOU, P_TIMED, P_COUNT };

/* Paragraph i of the panel into label and text; 0 when it has nothing to say. */
static int paragraph(const cc_app *a, const cc_standard *std, const cc_scenario *scn, int typed,
                     int i, const char **label, char *text, size_t n)
{
    text[0] = '\0';
    switch (i) {
    case P_SITUATION:
        *label = "What is going on";
        snprintf(text, n, "%s", scn->briefing ? scn->briefing : "");
        break;
    case P_FACTS: {
        /* The context holds the facts the caller's lines and the rules refer to. */
        *label = "Facts";
        size_t len = 0;
        for (size_t k = 0; k < scn->ncontext && len < n; k++) {
            const cc_context_slot *c = &scn->context[k];
            if (c->nvalues)
                len += (size_t)snprintf(text + len, n - len, "%s%s: %s", len ? ";  " : "", c->name,
                                        c->values[0]);
        }
        break;
    }
    case P_YOU:
        *label = "You";
        snprintf(text, n, "You are %s at %s.", a->prefs.name[0] ? a->prefs.name : "the trainee",
                 std->company ? std->company : "the company");
        break;
    default: {
        const cc_settings *s = &std->settings;
        *label = "Timed during the call";
        snprintf(text, n,
                 "Answer by ring %d.  Never leave more than %g s of silence: %s.  Hold at most %g s.",
                 s->answer_by_ring, cc_live_dead_air_limit(std),
                 typed ? "with typed answers the silence ends at the first letter you type, and "
                         "the time you spend typing is not silence"
                       : "speak within that time after the caller finishes",
                 s->hold_max_seconds);
        break;
    }
    }
    return text[0] != '\0';
}

int cc_briefing_paragraphs(const cc_app *a, const cc_standard *std, const cc_scenario *scn)
{
    char text[1600];
    const char *label;
    int n = 0;
    for (int i = 0; i < P_COUNT; i++) n += paragraph(a, std, scn, 0, i, &label, text, sizeof text);
    return n;
}

int cc_briefing_panel(cc_app *a, const cc_standard *std, const cc_scenario *scn, int typed, int x,
                      int y, int w, int h, int skip, int *more, int draw)
{
    int used = 0, shown = 0, lb = ui_lh(a, CC_FONT_BOLD) + 2, lh = ui_lh(a, CC_FONT_BODY);
    char text[1600];
    const char *label;
    if (more) *more = 0;
    for (int i = 0; i < P_COUNT; i++) {
        if (!paragraph(a, std, scn, typed, i, &label, text, sizeof text) || shown++ < skip) continue;
        int th = ui_wrap(a, CC_FONT_BODY, 0, 0, w, a->theme.text, text, 0, 0);
        /* A paragraph that does not fit is cut at a line ("..."), or left for
         * the next scroll when not one line of it fits. */
        int lines = 0;
        if (used + lb + th + 10 > h) {
            lines = (h - used - lb) / (lh > 0 ? lh : 1);
            if (more) *more = 1;
            if (lines < 1 && used > 0) break;
            if (lines < 1) lines = 1;
        }
        if (draw) ui_text(a, CC_FONT_BOLD, x, y + used, a->theme.text, label);
        used += lb + ui_wrap(a, CC_FONT_BODY, x, y + used + lb, w, a->theme.text, text, lines, draw) + 10;
        if (lines) break;
    }
    return used;
}

void cc_briefing_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const struct cc_briefing_view *v = S.view;
    const cc_catalog_entry *e = chosen(a);
    if (!v || !e) return;
    int y = ui_header(a, e->scn->title, "before the phone rings") + 16;
    int bottom = ui_footer(a, "Enter or Space: start the call   Up/Down: scroll   Esc: back   "
                              "In the call, Ctrl+B shows this again");
    int x = 40, w = a->w - 80, bh = ui_lh(a, CC_FONT_BOLD) + 16, lh = ui_lh(a, CC_FONT_BODY);
    /* The panel takes the room there is, less a line for "more" and the button
     * when they fit (the footer names the keys either way). */
    int room = bottom - 16 - y - 24 - lh;
    if (room - bh - 12 >= 4 * lh) room -= bh + 12;
    int more;
    int ph = cc_briefing_panel(a, e->std, e->scn, a->prefs.typed_answers, x + 14, y + 12, w - 28,
                               room, v->top, &more, 0);
    ui_rect(a, x, y, w, ph + 16, t->panel2);
    ui_frame(a, x, y, w, ph + 16, 1, t->dim);
    cc_briefing_panel(a, e->std, e->scn, a->prefs.typed_answers, x + 14, y + 12, w - 28, room,
                      v->top, NULL, 1);
    y += ph + 16;
    if (more || v->top > 0) {
        ui_text(a, CC_FONT_BODY, x, y + 2, t->dim,
                more ? "More below: Down scrolls." : "Up scrolls back to the start.");
        y += lh + 4;
    }
    const char *start = "Start the call (Enter)";
    if (y + 12 + bh <= bottom - 4)
        ui_button(a, x, y + 12, ui_text_w(a, CC_FONT_BOLD, start) + 48, bh, start, 1);
}
