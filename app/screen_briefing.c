/* screen_briefing: what the trainee must know before the phone rings. Shown
 * between choosing a call and its first ring (the picker, the sign-in of
 * `callcoach SCENARIO`, the progress screen's drill; --no-briefing skips it):
 * the scenario's briefing, the facts it gives (its context: names, numbers,
 * departments), who the trainee is on the phone, the standard's limits that
 * are timed during the call, and how answers are given. Enter or Space starts
 * the call; Esc goes back. The same panel is the call screen's overlay
 * (Ctrl+B or F1), so the facts stay reachable during the call.
 *
 * Private state: the panel's texts, composed once on load from the entry
 * chosen (the catalog may reload the files meanwhile; the call takes the
 * version current when it starts, which is the one shown here unless a
 * trainer saves the file in between). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "ui.h"

struct cc_briefing_view {
    const cc_standard *std; /* the versions shown, for cc_briefing_panel */
    const cc_scenario *scn;
};

static const cc_catalog_entry *chosen(const cc_app *a)
{
    if (a->chosen < 0 || a->chosen >= (int)a->catalog->n) return NULL;
    const cc_catalog_entry *e = &a->catalog->v[a->chosen];
    return e->scn && e->std ? e : NULL;
}

void cc_briefing_load(cc_app *a)
{
    free(a->briefing.view);
    a->briefing.view = calloc(1, sizeof *a->briefing.view);
    const cc_catalog_entry *e = chosen(a);
    /* Nothing to brief on (or no memory for it): the call screen says what is wrong. */
    if (!a->briefing.view || !e) {
        a->next = CC_SCREEN_CALL;
        return;
    }
    a->briefing.view->std = e->std;
    a->briefing.view->scn = e->scn;
}

void cc_briefing_unload(cc_app *a)
{
    free(a->briefing.view);
    a->briefing.view = NULL;
}

void cc_briefing_update(cc_app *a, const cc_ev *ev)
{
    if (!ev || ev->kind != CC_EV_KEY) return;
    switch (ev->key) {
    case CC_KEY_ENTER:
    case CC_KEY_SPACE: a->next = CC_SCREEN_CALL; break;
    case CC_KEY_ESC:
        /* Back to where the call was chosen; with --trainee SCENARIO there is nowhere. */
        a->next = !a->opt.scenario ? CC_SCREEN_PICKER : a->opt.trainee ? CC_SCREEN_QUIT : CC_SCREEN_SIGNIN;
        break;
    default: break;
    }
}

/* One "label: text" paragraph; returns the height used. */
static int para(cc_app *a, int x, int y, int w, const char *label, const char *text, int draw)
{
    int h = 0;
    if (label) {
        if (draw) ui_text(a, CC_FONT_BOLD, x, y, a->theme.text, label);
        h += ui_lh(a, CC_FONT_BOLD) + 2;
    }
    h += ui_wrap(a, CC_FONT_BODY, x, y + h, w, a->theme.text, text, 0, draw);
    return h + 10;
}

int cc_briefing_panel(cc_app *a, const cc_standard *std, const cc_scenario *scn, int typed, int x,
                      int y, int w, int draw)
{
    int y0 = y;
    char buf[1600];
    if (scn->briefing) y += para(a, x, y, w, "What is going on", scn->briefing, draw);
    /* The context holds the facts the caller's lines and the rules refer to. */
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < scn->ncontext && len < sizeof buf; i++) {
        const cc_context_slot *c = &scn->context[i];
        if (!c->nvalues) continue;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s: %s", len ? ";  " : "", c->name,
                                c->values[0]);
    }
    if (buf[0]) y += para(a, x, y, w, "Facts", buf, draw);
    snprintf(buf, sizeof buf, "You are %s at %s.", a->prefs.name[0] ? a->prefs.name : "the trainee",
             std->company ? std->company : "the company");
    y += para(a, x, y, w, "You", buf, draw);
    const cc_settings *s = &std->settings;
    snprintf(buf, sizeof buf,
             "Answer by ring %d.  Never leave more than %g s of silence: %s.  Hold at most %g s.",
             s->answer_by_ring, cc_live_dead_air_limit(std),
             typed ? "with typed answers the silence ends at the first letter you type, and the "
                     "time you spend typing is not silence"
                   : "speak within that time after the caller finishes",
             s->hold_max_seconds);
    y += para(a, x, y, w, "Timed during the call", buf, draw);
    return y - y0;
}

void cc_briefing_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const struct cc_briefing_view *v = a->briefing.view;
    if (!v) return;
    char right[160];
    snprintf(right, sizeof right, "%s, %s", a->prefs.name,
             a->prefs.mode == CC_MODE_PRACTICE ? "PRACTICE" : "ASSESSMENT");
    int y = ui_header(a, v->scn->title, right) + 16;
    int bottom = ui_footer(a, "Enter or Space: start the call (the phone rings)   Esc: back   "
                              "During the call, Ctrl+B or F1 shows this briefing again");
    int x = 40, w = a->w - 80;
    ui_text(a, CC_FONT_BIG, x, y, t->text, "Before the phone rings");
    y += ui_lh(a, CC_FONT_BIG) + 12;
    int ph = cc_briefing_panel(a, v->std, v->scn, a->prefs.typed_answers, x + 14, y + 12, w - 28, 0);
    ui_rect(a, x, y, w, ph + 16, t->panel2);
    ui_frame(a, x, y, w, ph + 16, 1, t->dim);
    cc_briefing_panel(a, v->std, v->scn, a->prefs.typed_answers, x + 14, y + 12, w - 28, 1);
    y += ph + 32;
    if (y + ui_lh(a, CC_FONT_BOLD) + 20 < bottom)
        ui_button(a, x, y, 260, ui_lh(a, CC_FONT_BOLD) + 16, "Start the call (Enter)", 1);
}
