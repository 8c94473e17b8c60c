/* screen_feedback_draw: what the feedback screen looks like. Its layout
 * (worked out the same way here and by the screen's update, which keeps the
 * chosen checklist row in view), the score and outcome, where the call was
 * saved, the timeline (axis, the two waveform lanes, the spans, the marks, the
 * play head and the cursor), the buttons, the checklist and the chosen rule's
 * evidence. It reads the screen's state (screen_feedback.h) and never changes
 * it: what the keys do is screen_feedback.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_feedback.h"
#include "screen_feedback_impl.h"
#include "feedback.h"
#include "player.h"
#include "ui.h"
#include "waveform.h"

static const char *footer_keys(const cc_app *a, int compact)
{
    const cc_feedback_state *s = cc_feedback_peek();
    if (s->save_open) return "Type a folder, Enter: save the call there   Esc: cancel";
    if (compact) return "Tab: next   Left/Right: cursor   Up/Down: rule   Enter: use   Esc: quit";
    return "Tab: next control   Left/Right: move the cursor (Shift: 5 s)   Up/Down: choose a rule "
           "(on the timeline: a turn)   Enter: use the control   Esc: quit";
}

static void layout_stage(cc_app *a, cc_fb_layout *L, int compact)
{
    memset(L, 0, sizeof *L);
    L->compact = compact;
    int body = ui_lh(a, CC_FONT_BODY), bold = ui_lh(a, CC_FONT_BOLD), big = ui_lh(a, CC_FONT_BIG);
    int y = big + 16 + 8; /* under the header */
    L->score_y = y;
    y += big + 2;
    L->summary_y = y;
    y += body + 2;
    L->rec_y = y;
    y += body + 8;
    L->tl_y = y;
    L->axis_y = y;
    y += body + 2;
    L->band_y = y;
    y += body + 2;
    L->lane_h = compact > 1 ? 24 : 40;
    L->lane_y[0] = y;
    y += L->lane_h + 4;
    L->lane_y[1] = y;
    y += L->lane_h + 2;
    L->marks_y = y;
    y += body + 2;
    L->tl_bottom = y;
    L->status_y = y + 4;
    y += body + 10;
    L->button_h = bold + 10;
    L->buttons_y = y;
    int x = 20;
    for (int i = CC_FB_PLAY_CALL; i < CC_FB_COUNT; i++) {
        if (i == CC_FB_SAVE && !cc_fb_can_save_elsewhere(a)) continue;
        int w = ui_text_w(a, CC_FONT_BOLD, cc_fb_button_label(a, i, compact)) + 20;
        if (x + w > a->w - 20 && x > 20) {
            x = 20;
            y += L->button_h + 10;
        }
        L->bx[i] = x;
        L->by[i] = y;
        L->bw[i] = w;
        x += w + 10;
    }
    y += L->button_h + 14;
    L->buttons_bottom = y;
    L->list_y = y;
    /* The footer's height, as ui_footer() will take it. */
    int used = ui_wrap(a, CC_FONT_BODY, 0, 0, a->w - 40, a->theme.text, footer_keys(a, compact), 0, 0);
    L->footer_y = a->h - used - (a->notice[0] ? body : 0) - 12;
    L->list_bottom = L->footer_y - 6;
    L->row_h = (bold > body ? bold : body) + 4;
    L->visible_rows = (L->list_bottom - L->list_y) / L->row_h;
    if (L->visible_rows < 1) L->visible_rows = 1;
}

/* The roomiest layout that leaves the checklist a few rows. */
void cc_fb_make_layout(cc_app *a, cc_fb_layout *L)
{
    for (int compact = 0; compact <= 2; compact++) {
        layout_stage(a, L, compact);
        if (L->list_bottom - L->list_y >= 4 * L->row_h) return;
    }
}

/* ---- drawing ---- */

static void clock_text(char *out, size_t cap, int64_t ms)
{
    if (ms < 0) ms = 0;
    cc_fb_fmt(out, cap, "%d:%04.1f", (int)(ms / 60000), (double)(ms % 60000) / 1000);
}

static int axis_step_ms(int64_t len_ms)
{
    static const int steps[] = {1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (len_ms / steps[i] <= 10) return steps[i];
    return 1200000;
}

static void draw_spans(cc_app *a, const struct cc_fb_view *v, const cc_fb_layout *L)
{
    const cc_theme *t = &a->theme;
    int bh = ui_lh(a, CC_FONT_BODY);
    for (size_t i = 0; i < v->nspans; i++) {
        const cc_review_span *s = &v->spans[i];
        int x0 = cc_tl_x_of_ms(&v->tl, s->from), x1 = cc_tl_x_of_ms(&v->tl, s->to);
        if (x1 <= x0) x1 = x0 + 1;
        /* Each kind has its own pattern and word, not only its own colour. */
        const char *word = s->kind == CC_SPAN_HOLD ? "hold" : s->kind == CC_SPAN_SILENCE ? "silence" : "over";
        cc_rgba c = s->kind == CC_SPAN_HOLD ? t->lamp_hold : s->kind == CC_SPAN_SILENCE ? t->dim : t->bad;
        if (s->kind == CC_SPAN_HOLD) {
            ui_rect(a, x0, L->band_y + 2, x1 - x0, bh - 4, c);
        } else {
            int period = s->kind == CC_SPAN_SILENCE ? 4 : 3;
            for (int x = x0; x < x1; x += period) ui_rect(a, x, L->band_y + 2, 1, bh - 4, c);
            ui_rect(a, x0, L->band_y + bh - 3, x1 - x0, 1, c);
        }
        /* The span's shade over both lanes, so it is seen where it happened. */
        for (int k = 0; k < 2; k++) ui_rect(a, x0, L->lane_y[k], x1 - x0, 2, c);
        int tw = ui_text_w(a, CC_FONT_BODY, word);
        if (tw + 4 <= x1 - x0) {
            ui_rect(a, x0 + 1, L->band_y + 1, tw + 2, bh - 2, t->panel2);
            ui_text(a, CC_FONT_BODY, x0 + 2, L->band_y, s->kind == CC_SPAN_HOLD ? t->text : c, word);
        }
    }
}

static void draw_timeline(cc_app *a, const cc_fb_layout *L)
{
    const cc_feedback_state *s = cc_feedback_peek();
    const cc_theme *t = &a->theme;
    const struct cc_fb_view *v = s->view;
    const cc_timeline *tl = &v->tl;
    int64_t len_ms = cc_tl_ms_of_sample(tl, tl->nsamples);
    char buf[64];
    /* The axis. */
    int step = axis_step_ms(len_ms);
    for (int64_t ms = 0; ms <= len_ms; ms += step) {
        int x = cc_tl_x_of_ms(tl, ms);
        cc_fb_fmt(buf, sizeof buf, "%d:%02d", (int)(ms / 60000), (int)(ms % 60000 / 1000));
        ui_rect(a, x, L->axis_y + ui_lh(a, CC_FONT_BODY) - 4, 1, 4, t->dim);
        if (x + ui_text_w(a, CC_FONT_BODY, buf) <= tl->x + tl->w + 20)
            ui_text(a, CC_FONT_BODY, x + 2, L->axis_y, t->dim, buf);
    }
    /* The lanes. */
    static const char *const names[2] = {"Caller", "You"};
    for (int k = 0; k < 2; k++) {
        ui_rect(a, tl->x, L->lane_y[k], tl->w, L->lane_h, t->panel2);
        ui_frame(a, tl->x, L->lane_y[k], tl->w, L->lane_h, 1, t->dim);
        cc_wave_draw_lane(a, tl->x, L->lane_y[k], tl->w, L->lane_h, v->peaks[k], v->cols,
                          k == 0 ? t->accent : t->lamp_live);
    }
    draw_spans(a, v, L);
    /* The marks: a tick through both lanes and a sign under them. */
    int rule = cc_fb_chosen_rule(a);
    for (size_t i = 0; i < v->nmarks; i++) {
        const cc_mark *m = &v->marks[i];
        int x = cc_tl_x_of_ms(tl, m->at);
        cc_rgba c = m->verdict == CC_VERDICT_PASS ? t->good : t->bad;
        ui_rect(a, x, L->lane_y[0], 1, L->lane_y[1] + L->lane_h - L->lane_y[0], c);
        const char *sign = m->verdict == CC_VERDICT_PASS ? "+" : "x";
        int sw = ui_text_w(a, CC_FONT_BOLD, sign);
        ui_text(a, CC_FONT_BOLD, x - sw / 2, L->marks_y, c, sign);
        if (m->rule == rule) ui_frame(a, x - sw / 2 - 3, L->marks_y, sw + 6, ui_lh(a, CC_FONT_BODY), 2, t->focus);
    }
    /* Lane names over the waves, on a plate so they stay readable. */
    for (int k = 0; k < 2; k++) {
        int nw = ui_text_w(a, CC_FONT_BOLD, names[k]);
        ui_rect(a, tl->x + 2, L->lane_y[k] + 2, nw + 8, ui_lh(a, CC_FONT_BOLD), t->panel);
        ui_text(a, CC_FONT_BOLD, tl->x + 6, L->lane_y[k] + 2, t->text, names[k]);
    }
    /* The play head and the cursor. */
    int64_t at;
    if (cc_player_where(s->player, &at) >= 0 && at >= 0) {
        int x = cc_tl_x_of_sample(tl, at);
        ui_rect(a, x - 1, L->lane_y[0] - 2, 3, L->lane_y[1] + L->lane_h - L->lane_y[0] + 4, t->text);
        ui_text(a, CC_FONT_BOLD, x + 3, L->lane_y[1] + L->lane_h - ui_lh(a, CC_FONT_BOLD), t->text,
                "> playing");
    }
    int cx = cc_tl_x_of_ms(tl, s->cursor_ms);
    ui_rect(a, cx - 1, L->band_y, 2, L->marks_y - L->band_y, t->focus);
    ui_rect(a, cx - 5, L->band_y, 10, 3, t->focus);
    if (s->focus == CC_FB_TIMELINE) ui_focus(a, tl->x, L->axis_y, tl->w, L->tl_bottom - L->axis_y);
}

static void verdict_word(cc_verdict v, char *out, size_t cap)
{
    cc_fb_fmt(out, cap, "%s", v == CC_VERDICT_PASS ? "PASS" : v == CC_VERDICT_FAIL ? "FAIL" : "n/a");
}

static void draw_checklist(cc_app *a, const cc_fb_layout *L, int x, int w)
{
    const cc_feedback_state *s = cc_feedback_peek();
    const cc_theme *t = &a->theme;
    const struct cc_fb_view *v = s->view;
    const cc_standard *std = cc_fb_standard(a);
    const cc_result *res = cc_fb_result(a);
    int y = L->list_y;
    int vw = 0;
    static const char *const words[] = {"PASS", "FAIL", "n/a"};
    for (int i = 0; i < 3; i++)
        if (ui_text_w(a, CC_FONT_BOLD, words[i]) > vw) vw = ui_text_w(a, CC_FONT_BOLD, words[i]);
    vw += 12;
    for (int i = s->top; i < (int)v->nrows && y + L->row_h <= L->list_bottom; i++) {
        const cc_check_row *r = &v->rows[i];
        char line[300];
        if (r->rule < 0) {
            int pass = 0, fail = 0;
            for (size_t k = 0; k < v->nrows; k++)
                if (v->rows[k].phase == r->phase && v->rows[k].rule >= 0) {
                    pass += res->rules[v->rows[k].rule].verdict == CC_VERDICT_PASS;
                    fail += res->rules[v->rows[k].rule].verdict == CC_VERDICT_FAIL;
                }
            cc_fb_fmt(line, sizeof line, "%s: %d passed, %d failed", cc_phase_title(r->phase), pass, fail);
            ui_text(a, CC_FONT_BOLD, x, y + 2, t->accent, line);
            ui_rect(a, x, y + L->row_h - 1, w, 1, t->dim);
        } else {
            const cc_rule *rule = &std->rules[r->rule];
            cc_verdict vd = res->rules[r->rule].verdict;
            int chosen = i == s->row;
            if (chosen) ui_rect(a, x, y, w, L->row_h, t->panel);
            char word[8];
            verdict_word(vd, word, sizeof word);
            ui_text(a, CC_FONT_BOLD, x + 6, y + 2,
                    vd == CC_VERDICT_PASS ? t->good : vd == CC_VERDICT_FAIL ? t->bad : t->dim, word);
            cc_fb_fmt(line, sizeof line, "%s%s", rule->title, rule->critical ? " (critical)" : "");
            ui_wrap(a, CC_FONT_BODY, x + 6 + vw, y + 2, w - vw - 12, vd == CC_VERDICT_NA ? t->dim : t->text,
                    line, 1, 1);
            if (chosen && s->focus == CC_FB_CHECKLIST) ui_focus(a, x, y, w, L->row_h);
            else if (chosen) ui_frame(a, x, y, w, L->row_h, 1, t->focus);
        }
        y += L->row_h;
    }
    if (s->top > 0) ui_text(a, CC_FONT_BODY, x + w - 20, L->list_y, t->dim, "^");
    if (y + L->row_h > L->list_bottom && s->top + L->visible_rows < (int)v->nrows)
        ui_text(a, CC_FONT_BODY, x + w - 20, L->list_bottom - ui_lh(a, CC_FONT_BODY), t->dim, "v");
}

static void draw_detail(cc_app *a, const cc_fb_layout *L, int x, int w)
{
    const cc_feedback_state *s = cc_feedback_peek();
    const cc_theme *t = &a->theme;
    int rule = cc_fb_chosen_rule(a);
    if (rule < 0) return;
    const cc_rule *r = &cc_fb_standard(a)->rules[rule];
    const cc_rule_verdict *vd = &cc_fb_result(a)->rules[rule];
    int y = L->list_y, bottom = L->list_bottom;
    ui_rect(a, x, y, w, bottom - y, t->panel2);
    ui_frame(a, x, y, w, bottom - y, 1, t->dim);
    x += 10;
    w -= 20;
    y += 6;
    char buf[1200], word[8];
    verdict_word(vd->verdict, word, sizeof word);
    cc_fb_fmt(buf, sizeof buf, "%s: %s%s", word, r->title, r->critical ? " (critical)" : "");
    if (y + ui_lh(a, CC_FONT_BOLD) > bottom - 4) return;
    y += ui_wrap(a, CC_FONT_BOLD, x, y, w,
                 vd->verdict == CC_VERDICT_FAIL ? t->bad : vd->verdict == CC_VERDICT_PASS ? t->good : t->text,
                 buf, (bottom - 4 - y) / ui_lh(a, CC_FONT_BOLD) >= 2 ? 2 : 1, 1);
    char when[32] = "";
    if (vd->at != CC_NO_TIME) clock_text(when, sizeof when, vd->at);
    if (vd->turn >= 0)
        cc_fb_fmt(buf, sizeof buf, "Evidence (turn %d%s%s): %s", vd->turn + 1, when[0] ? ", at " : "",
                 when, vd->evidence);
    else
        cc_fb_fmt(buf, sizeof buf, "Evidence%s%s%s: %s", when[0] ? " (at " : "", when, when[0] ? ")" : "",
                 vd->evidence);
    int lines = (bottom - 4 - y) / ui_lh(a, CC_FONT_BODY);
    if (lines <= 0) return;
    y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, buf, lines < 3 ? lines : 3, 1);
    if (vd->verdict == CC_VERDICT_FAIL) {
        /* Each block only when it fits whole: better left out than cut. */
        if (r->feedback && y + ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, r->feedback, 3, 0) <= bottom - 4)
            y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, r->feedback, 3, 1);
        /* The call's own model for the rule (feedback.h): never an unfilled slot. */
        char *m = cc_feedback_model(cc_fb_standard(a), cc_live_scenario(s->live), cc_fb_record(a),
                                    cc_fb_result(a), rule, cc_call_slots(cc_live_call(s->live)));
        if (m) {
            cc_fb_fmt(buf, sizeof buf, "Try: \"%s\"", m);
            free(m);
            if (y + ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, buf, 2, 0) <= bottom - 4)
                y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, buf, 2, 1);
        }
        static const char hint[] = "Enter: play that turn   M: your answer, then the model's   R: retry from it";
        if (vd->turn >= 0 && y + 4 + ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, hint, 2, 0) <= bottom - 4)
            ui_wrap(a, CC_FONT_BODY, x, y + 4, w, t->dim, hint, 2, 1);
    }
}

static void draw_buttons(cc_app *a, const cc_fb_layout *L)
{
    const cc_feedback_state *s = cc_feedback_peek();
    for (int i = CC_FB_PLAY_CALL; i < CC_FB_COUNT; i++) {
        if (!cc_fb_control_present(a, i)) continue;
        ui_button(a, L->bx[i], L->by[i], L->bw[i], L->button_h, cc_fb_button_label(a, i, L->compact), (int)s->focus == i);
    }
}

/* The folder as people write it: the home folder as "~". */
static const char *short_path(const char *path, char *buf, size_t cap)
{
    const char *home = getenv("HOME");
    size_t n = home ? strlen(home) : 0;
    if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/') {
        cc_fb_fmt(buf, cap, "~%s", path + n);
        return buf;
    }
    return path;
}

static void draw_recording(cc_app *a, const cc_fb_layout *L)
{
    const cc_feedback_state *s = cc_feedback_peek();
    const cc_theme *t = &a->theme;
    char buf[1400], where[1100];
    const cc_recording *r = s->recording;
    if (s->save_open) {
        cc_fb_fmt(buf, sizeof buf, "Save the call in folder: %s_", s->save_dir);
        int w = a->w - 40, h = ui_lh(a, CC_FONT_BODY) + 4;
        ui_rect(a, 20, L->rec_y - 2, w, h, t->panel2);
        ui_text(a, CC_FONT_BODY, 26, L->rec_y, t->text, buf);
        ui_focus(a, 20, L->rec_y - 2, w, h);
        return;
    }
    if (!r) cc_fb_fmt(buf, sizeof buf, "This call was not recorded.");
    else if (cc_recording_path(r))
        cc_fb_fmt(buf, sizeof buf, "Saved in %s%s%s", short_path(cc_recording_path(r), where, sizeof where),
               /* The trainee's answer to "does this count?": a retry is not an attempt. */
               s->live && cc_live_retry_turn(s->live) >= 0
                   ? ", as a retry (not counted as an attempt)" : "",
               cc_recording_problem(r) ? " (with a problem, see below)" : "");
    else
        cc_fb_fmt(buf, sizeof buf, "NOT SAVED: %s. E: save it in another folder.",
                 cc_recording_problem(r) ? cc_recording_problem(r) : "the call was not written");
    char lost[400];
    if (s->live) cc_live_lost_note(s->live, lost, sizeof lost);
    else lost[0] = '\0';
    if (lost[0]) { /* never silent: that silence is not the trainee's */
        size_t k = strlen(buf);
        snprintf(buf + k, sizeof buf - k, " %s.", lost);
    }
    ui_wrap(a, CC_FONT_BODY, 20, L->rec_y, a->w - 40,
            cc_recording_path(r) && !lost[0] ? t->dim : t->bad, buf, 1, 1);
}

void cc_feedback_draw(cc_app *a)
{
    const cc_feedback_state *s = cc_feedback_peek();
    const cc_theme *t = &a->theme;
    const cc_live *l = s->live;
    const cc_result *r = cc_fb_result(a);
    const cc_scenario *scn = l ? cc_live_scenario(l) : NULL;
    cc_fb_layout L;
    cc_fb_make_layout(a, &L);
    ui_header(a, "How the call went", scn ? scn->title : NULL);
    ui_footer(a, footer_keys(a, L.compact));
    if (!r || !s->view) {
        ui_text(a, CC_FONT_BIG, 20, L.score_y, t->bad,
                r ? "Out of memory: close other programs and take the call again."
                  : "The call could not be scored (out of memory).");
        return;
    }
    const cc_standard *std = cc_fb_standard(a);
    char line[400];
    cc_fb_fmt(line, sizeof line, "Score %d/100: %s", r->score, r->passed ? "PASSED" : "NOT PASSED");
    ui_text(a, CC_FONT_BIG, 20, L.score_y, r->passed ? t->good : t->bad, line);
    /* How the call ended for the caller (issue 14), beside the verdict. */
    int oc = r->outcome ? cc_standard_find_outcome(std, r->outcome) : -1;
    if (oc >= 0) {
        int x = 20 + ui_text_w(a, CC_FONT_BIG, line) + 16;
        char out[200];
        cc_fb_fmt(out, sizeof out, "Outcome: %s", std->outcomes[oc].title);
        ui_wrap(a, CC_FONT_BODY, x, L.score_y + ui_lh(a, CC_FONT_BIG) - ui_lh(a, CC_FONT_BODY) - 2,
                a->w - 20 - x, t->text, out, 1, 1);
    }
    size_t pass = 0, fail = 0, na = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        pass += r->rules[i].verdict == CC_VERDICT_PASS;
        fail += r->rules[i].verdict == CC_VERDICT_FAIL;
        na += r->rules[i].verdict == CC_VERDICT_NA;
    }
    cc_fb_fmt(line, sizeof line, "Pass mark %d. %zu rules passed, %zu failed, %zu did not apply.%s",
           std->pass_mark, pass, fail, na, r->critical_failed ? " A critical rule failed: the score is capped." : "");
    ui_wrap(a, CC_FONT_BODY, 20, L.summary_y, a->w - 40, t->text, line, 1, 1);
    draw_recording(a, &L);
    draw_timeline(a, &L);
    /* Under the timeline: the cursor, its turn, and what is playing or failed. */
    char cur[32];
    clock_text(cur, sizeof cur, s->cursor_ms);
    int turn = cc_fb_cursor_turn(a);
    const cc_record *rec = cc_fb_record(a);
    if (s->status[0])
        cc_fb_fmt(line, sizeof line, "Cursor %s, turn %d. %s", cur, turn + 1, s->status);
    else if (s->view->out_problem[0])
        cc_fb_fmt(line, sizeof line, "Cursor %s, turn %d. %s.", cur, turn + 1, s->view->out_problem);
    else if (turn >= 0 && rec->turns[turn].say >= 0)
        cc_fb_fmt(line, sizeof line, "Cursor %s, turn %d: the caller says \"%s\"", cur, turn + 1,
                 rec->said[rec->turns[turn].say].text);
    else
        cc_fb_fmt(line, sizeof line, "Cursor %s, turn %d.  Marks: + earned, x lost.  Bands: hold, "
                 "silence (dotted), over = talk-over.", cur, turn + 1);
    ui_wrap(a, CC_FONT_BODY, 20, L.status_y, a->w - 40, t->text, line, 1, 1);
    draw_buttons(a, &L);
    int lw = (a->w - 50) * 55 / 100;
    draw_checklist(a, &L, 20, lw);
    draw_detail(a, &L, 30 + lw, a->w - 50 - lw);
}
