/* screen_feedback: after the call, the score and every rule that failed,
 * with its feedback, the evidence from this call and a model phrase. (A later
 * feedback screen, with replay and history, will replace this one.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "ui.h"

void cc_feedback_load(cc_app *a)
{
    a->feedback.focus = 0;
    a->feedback.top = 0;
    const cc_result *r = a->feedback.live ? cc_live_result(a->feedback.live) : NULL;
    /* Until the history exists the best score is this session's best. */
    if (r && a->chosen >= 0) {
        cc_catalog_entry *e = &a->catalog->v[a->chosen];
        if (r->score > e->best) e->best = r->score;
    }
}

void cc_feedback_unload(cc_app *a)
{
    cc_live_free(a->feedback.live);
    a->feedback.live = NULL;
}

static size_t failed_count(const cc_result *r)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->nrules; i++) n += r->rules[i].verdict == CC_VERDICT_FAIL;
    return n;
}

/* Index into the rules of the k-th failed rule. */
static size_t failed_rule(const cc_result *r, size_t k)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (r->rules[i].verdict == CC_VERDICT_FAIL && k-- == 0) return i;
    return 0;
}

void cc_feedback_update(cc_app *a, const cc_ev *ev)
{
    if (!ev || ev->kind != CC_EV_KEY) return;
    const cc_result *r = a->feedback.live ? cc_live_result(a->feedback.live) : NULL;
    int n = (int)failed_count(r);
    switch (ev->key) {
    case CC_KEY_DOWN:
    case CC_KEY_TAB:
        if (n) a->feedback.focus = (a->feedback.focus + 1) % n;
        break;
    case CC_KEY_UP:
        if (n) a->feedback.focus = (a->feedback.focus + n - 1) % n;
        break;
    case CC_KEY_ENTER: a->next = a->opt.scenario ? CC_SCREEN_QUIT : CC_SCREEN_PICKER; break;
    case CC_KEY_ESC: a->next = CC_SCREEN_QUIT; break;
    case CC_KEY_CHAR:
        if (ev->ch == 'r') a->next = CC_SCREEN_CALL; /* the same call again */
        break;
    default: break;
    }
}

void cc_feedback_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = a->feedback.live;
    const cc_result *r = l ? cc_live_result(l) : NULL;
    const cc_catalog_entry *e = &a->catalog->v[a->chosen];
    int y = ui_header(a, "How the call went", e->scn->title) + 14;
    int bottom = ui_footer(a, a->opt.scenario
                                  ? "Up/Down: go through the points lost   R: take the call again   "
                                    "Enter or Esc: quit"
                                  : "Up/Down: go through the points lost   R: take the call again   "
                                    "Enter: choose another call   Esc: quit");
    if (!r) {
        ui_text(a, CC_FONT_BIG, 20, y, t->bad, "The call could not be scored (out of memory).");
        return;
    }
    char line[300];
    snprintf(line, sizeof line, "Score %d/100: %s", r->score, r->passed ? "PASSED" : "NOT PASSED");
    ui_text(a, CC_FONT_BIG, 20, y, r->passed ? t->good : t->bad, line);
    y += ui_lh(a, CC_FONT_BIG) + 2;
    size_t pass = 0, fail = 0, na = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        pass += r->rules[i].verdict == CC_VERDICT_PASS;
        fail += r->rules[i].verdict == CC_VERDICT_FAIL;
        na += r->rules[i].verdict == CC_VERDICT_NA;
    }
    snprintf(line, sizeof line, "Pass mark %d.  %zu rules passed, %zu failed, %zu did not apply.%s",
             e->std->pass_mark, pass, fail, na,
             r->critical_failed ? "  A critical rule failed: the score is capped." : "");
    ui_text(a, CC_FONT_BODY, 20, y, t->text, line);
    y += ui_lh(a, CC_FONT_BODY) + 12;
    if (fail == 0) {
        ui_text(a, CC_FONT_BOLD, 20, y, t->text, "No points lost. Well done.");
        return;
    }
    ui_text(a, CC_FONT_BOLD, 20, y, t->text, "Points lost:");
    y += ui_lh(a, CC_FONT_BOLD) + 6;
    const cc_slots *slots = cc_call_slots(cc_live_call(l));
    int w = a->w - 60;
    /* Each failed rule as a card; the focused one first in view. */
    for (size_t k = (size_t)a->feedback.focus; k < fail && y < bottom - 40; k++) {
        const cc_rule *rule = &e->std->rules[failed_rule(r, k)];
        const cc_rule_verdict *v = &r->rules[failed_rule(r, k)];
        char *model = rule->model ? cc_slots_fill(slots, rule->model) : NULL;
        char title[300], ev[700], fb[900], mo[700];
        snprintf(title, sizeof title, "FAILED%s: %s", rule->critical ? " (critical)" : "", rule->title);
        snprintf(ev, sizeof ev, "What happened: %s", v->evidence);
        snprintf(fb, sizeof fb, "%s", rule->feedback ? rule->feedback : "");
        snprintf(mo, sizeof mo, "Try: \"%s\"", model ? model : "");
        int h = 12 + ui_wrap(a, CC_FONT_BOLD, 0, 0, w - 20, t->text, title, 2, 0) +
                ui_wrap(a, CC_FONT_BODY, 0, 0, w - 20, t->text, ev, 3, 0) +
                ui_wrap(a, CC_FONT_BODY, 0, 0, w - 20, t->text, fb, 3, 0) +
                (model ? ui_wrap(a, CC_FONT_BODY, 0, 0, w - 20, t->text, mo, 2, 0) : 0);
        if (y + h > bottom - 10 && k != (size_t)a->feedback.focus) {
            free(model);
            break;
        }
        ui_rect(a, 30, y, w, h, t->panel2);
        ui_frame(a, 30, y, w, h, 1, t->dim);
        int yy = y + 6;
        yy += ui_wrap(a, CC_FONT_BOLD, 40, yy, w - 20, t->bad, title, 2, 1);
        yy += ui_wrap(a, CC_FONT_BODY, 40, yy, w - 20, t->text, ev, 3, 1);
        yy += ui_wrap(a, CC_FONT_BODY, 40, yy, w - 20, t->text, fb, 3, 1);
        if (model) ui_wrap(a, CC_FONT_BODY, 40, yy, w - 20, t->dim, mo, 2, 1);
        if (k == (size_t)a->feedback.focus) ui_focus(a, 30, y, w, h);
        free(model);
        y += h + 10;
    }
}
