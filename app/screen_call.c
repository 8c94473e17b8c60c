/* screen_call: the call. A desk phone with two line buttons whose lamps
 * blink while ringing and glow steadily on hold, each with its state written
 * beside it; the ring counter and call timer on the phone's display; the
 * microphone's level; captions of the caller and of what the trainee was
 * heard saying; and, in practice mode, what the standard expects next.
 * The keys: Space pick up, Ctrl+H hold/resume, Ctrl+T transfer, Tab switch
 * line, Esc hang up, Ctrl+B (or F1) the briefing over the captions (Up/Down
 * scroll it, Esc closes it), Ctrl+M the
 * model answer in practice. Shortcuts carry Ctrl because letters are always
 * an answer: the first one typed opens the answer box with it (with or without
 * a microphone), Enter sends it, Esc hides it. With typed answers the box and
 * the dead-air clock are always shown: the seconds left before the silence
 * breaks the standard's limit, until the first letter starts the answer
 * (live.h has the rule).
 * Every call is recorded (recording.h) from load to the end: the recording
 * is pumped on every update and finished when the call has been scored, then
 * handed to the feedback screen with the live call. The standard and scenario
 * shown are the live call's own: the catalog may reload the files meanwhile. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "app.h"
#include "screen_call.h"
#include "jsonout.h"
#include "textfield.h"
#include "ui.h"

static cc_callscreen_state S;

cc_callscreen_state *cc_callscreen_peek(void) { return &S; }

#define TIP_MS 4000

/* Said once, when recording first fails: on the terminal and at the bottom
 * of the window. The call goes on either way. */
static void say_recording_problem(cc_app *a, const char *why)
{
    if (!why) return;
    fprintf(stderr, "callcoach: %s\n", why);
    snprintf(a->notice, sizeof a->notice, "Not saved: %s", why);
}

static void start_recording(cc_app *a)
{
    /* A demonstration is the model trainee, not the trainee: nothing to keep. */
    if (a->opt.demo) return;
    const cc_live *l = S.live;
    S.recording = cc_recording_start(a->pref_dir, cc_live_standard(l), cc_live_scenario(l),
                                           cc_live_trainee(l), "voice", cc_live_seed(l),
                                           (int64_t)time(NULL));
    say_recording_problem(a, S.recording
                                 ? cc_recording_problem(S.recording)
                                 : "cannot record the call: out of memory; close other programs");
}

/* Said once on the terminal too, for whoever started the app from one: at
 * the start, or when the microphone turns out to send only silence. */
static void say_no_mic(cc_app *a)
{
    const cc_live *l = S.live;
    if (S.said_no_mic || cc_live_has_mic(l) || a->opt.demo) return;
    S.said_no_mic = 1;
    fprintf(stderr, "callcoach: no microphone: %s; type your answers (the first letter opens the "
                    "answer box, Enter sends it)\n", cc_live_mic_problem(l));
}

void cc_callscreen_load(cc_app *a)
{
    /* A live call already here is a retry the feedback screen made from a turn. */
    cc_live *retry = S.live;
    memset(&S, 0, sizeof S);
    S.live = retry;
    if (retry) {
        start_recording(a);
        return;
    }
    if (a->chosen < 0 || a->chosen >= (int)a->catalog->n) {
        snprintf(S.error, sizeof S.error, "No scenario was chosen.");
        return;
    }
    const cc_catalog_entry *e = &a->catalog->v[a->chosen];
    if (strcmp(a->voice_mean_of, a->prefs.name) != 0) {
        a->voice_mean = (cc_asr_mean){.frames = 0};
        snprintf(a->voice_mean_of, sizeof a->voice_mean_of, "%s", a->prefs.name);
    }
    cc_live_config cfg = {!a->prefs.typed_answers, !a->opt.mute, 1, a->opt.demo, &a->voice_mean};
    uint64_t seed = a->opt.seed_given ? a->opt.seed : (uint64_t)time(NULL);
    S.live = cc_live_create(a->plat, e->std, e->scn, a->prefs.name, seed, &cfg,
                                  S.error, sizeof S.error);
    if (!S.live) {
        fprintf(stderr, "callcoach: cannot start the call: %s; try again\n", S.error);
        if (a->opt.exit_after_call) {
            a->exit_code = EX_SOFTWARE;
            a->next = CC_SCREEN_QUIT;
        }
        return;
    }
    say_no_mic(a);
    if (!cc_live_has_speaker(S.live))
        fprintf(stderr, "callcoach: no sound output: %s; the caller is shown as captions only\n",
                cc_live_speaker_problem(S.live));
    start_recording(a);
}

void cc_callscreen_retry(cc_app *a, cc_live *retry)
{
    cc_live_free(S.live);
    S.live = retry;
    a->next = CC_SCREEN_CALL;
}

cc_live *cc_callscreen_live(void) { return S.live; }
cc_recording *cc_callscreen_recording(void) { return S.recording; }

int cc_callscreen_script_ms(const cc_app *a, int64_t *ms)
{
    if (!S.live) return 0;
    uint64_t paused = S.paused_ms;
    if (S.script_paused) paused += a->plat->ticks_ms() - S.pause_wall_ms;
    *ms = cc_live_now_ms(S.live) + (int64_t)paused;
    return 1;
}

void cc_callscreen_count_pause(cc_app *a)
{
    int paused = S.live && cc_live_paused(S.live);
    if (paused == S.script_paused) return;
    uint64_t now = a->plat->ticks_ms();
    if (paused) S.pause_wall_ms = now;
    else S.paused_ms += now - S.pause_wall_ms;
    S.script_paused = paused;
}

void cc_callscreen_unload(cc_app *a)
{
    /* Both NULL when handed to the feedback screen. A call left before it ended
     * leaves its folder unfinished, to be recovered and scored at the next start. */
    cc_recording_free(S.recording);
    S.recording = NULL;
    cc_live_free(S.live);
    S.live = NULL;
}

static void write_result(cc_app *a)
{
    if (S.result_written || !a->opt.json_out) return;
    S.result_written = 1;
    const cc_live *l = S.live;
    const cc_result *res = cc_live_result(l);
    char why[512];
    if (!res || cc_write_result_json(a->opt.json_out, cc_live_standard(l), cc_live_scenario(l),
                                     cc_call_record(cc_live_call(S.live)), res, why,
                                     sizeof why) != 0) {
        if (res) fprintf(stderr, "callcoach: the result was not written: %s\n", why);
        else fprintf(stderr, "callcoach: cannot write the result to %s: the call was not scored\n",
                     a->opt.json_out);
        a->exit_code = EX_IOERR;
    }
}

/* A line shown under the captions for a few seconds: why a key did nothing. */
static void tip(cc_app *a, const char *text)
{
    snprintf(S.tip, sizeof S.tip, "%s", text);
    S.tip_until = a->plat->ticks_ms() + TIP_MS;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ') return 0;
    return 1;
}

/* Text typed with no box open starts an answer: the box opens with it. A
 * space alone is the pick-up key (SDL sends it as text too), not an answer. */
static void on_text(cc_app *a, const cc_ev *ev)
{
    cc_live *l = S.live;
    /* A demonstration's trainee is synthetic; a paused call waits for Enter or Esc. */
    if (a->opt.demo || cc_live_paused(l)) return;
    if (S.transfer_open) {
        for (const char *p = ev->text; *p; p++)
            if (*p >= '0' && *p <= '9') {
                cc_ev d = {.kind = CC_EV_TEXT};
                d.text[0] = *p;
                cc_field_edit(S.transfer, sizeof S.transfer, &d);
            }
        return;
    }
    if (!S.answer_open) {
        if (blank(ev->text)) return;
        const cc_call *c = cc_live_call(l);
        cc_line_status st = cc_call_line_status(c, cc_call_active_line(c));
        if (st != CC_LINE_LIVE) {
            tip(a, st == CC_LINE_RINGING ? "The phone is ringing: pick up first (Space), then type."
                : st == CC_LINE_HELD     ? "The caller is on hold: Ctrl+H takes the call back first."
                                         : "Nobody is on the line.");
            return;
        }
        S.answer_open = 1;
    }
    /* The first character starts the answer (live.h: the dead-air rule). */
    if (!S.answer[0]) cc_live_typing(l);
    cc_field_edit(S.answer, sizeof S.answer, ev);
}

static void toggle_briefing(cc_app *a) { S.briefing_open = !S.briefing_open; }

/* Shortcuts carry Ctrl so that letters are always words of an answer
 * (Tab, Space and Esc never are: they keep their phone meaning). */
static int on_shortcut(cc_app *a, const cc_ev *ev)
{
    cc_live *l = S.live;
    if (ev->key == CC_KEY_F1) {
        toggle_briefing(a);
        return 1;
    }
    if (ev->key != CC_KEY_CHAR || !(ev->mods & CC_MOD_CTRL)) return 0;
    switch (ev->ch) {
    case 'h': cc_live_hold_toggle(l); break;
    case 't':
        S.transfer_open = 1;
        S.transfer[0] = '\0';
        break;
    case 'm':
        if (a->prefs.mode == CC_MODE_PRACTICE) S.show_model = !S.show_model;
        else tip(a, "Assessment: no model answers during the call.");
        break;
    case 'b': toggle_briefing(a); break;
    default: return 0;
    }
    return 1;
}

static void on_key(cc_app *a, const cc_ev *ev)
{
    cc_live *l = S.live;
    S.tip[0] = '\0'; /* the next key is the answer to it */
    if (cc_live_paused(l)) {
        /* The microphone went away: the call waits for the trainee's choice. */
        if (ev->key == CC_KEY_ENTER) cc_live_continue_typed(l);
        else if (ev->key == CC_KEY_ESC) {
            cc_live_continue_typed(l);
            cc_live_hangup(l);
        }
        return;
    }
    if (S.transfer_open) {
        cc_field_result r = cc_field_edit(S.transfer, sizeof S.transfer, ev);
        if (r == CC_FIELD_ENTER && S.transfer[0]) {
            cc_live_transfer(l, S.transfer);
            S.transfer_open = 0;
        } else if (r == CC_FIELD_CANCEL) {
            S.transfer_open = 0;
        }
        return;
    }
    if (on_shortcut(a, ev)) return;
    if (ev->key == CC_KEY_TAB) {
        cc_live_switch(l);
        return;
    }
    if (S.briefing_open && ev->key == CC_KEY_ESC) {
        S.briefing_open = 0;
        return;
    }
    if (S.briefing_open && ev->key == CC_KEY_DOWN) {
        if (S.briefing_top + 1 < cc_briefing_paragraphs(a, cc_live_standard(l), cc_live_scenario(l)))
            S.briefing_top++;
        return;
    }
    if (S.briefing_open && ev->key == CC_KEY_UP) {
        S.briefing_top -= S.briefing_top > 0;
        return;
    }
    if (S.answer_open) {
        /* Esc hides the box and keeps what was typed: the answer stays begun. */
        cc_field_result r = cc_field_edit(S.answer, sizeof S.answer, ev);
        if (r == CC_FIELD_ENTER) {
            if (!blank(S.answer)) {
                cc_live_typed(l, S.answer);
                S.answer[0] = '\0';
            }
            S.answer_open = 0;
        } else if (r == CC_FIELD_CANCEL) {
            S.answer_open = 0;
        }
        return;
    }
    switch (ev->key) {
    case CC_KEY_SPACE: cc_live_pickup(l); break;
    case CC_KEY_ESC: cc_live_hangup(l); break;
    case CC_KEY_ENTER: S.answer_open = 1; break;
    default: break;
    }
}

void cc_callscreen_update(cc_app *a, const cc_ev *ev)
{
    cc_live *l = S.live;
    if (!l) {
        if (ev && ev->kind == CC_EV_KEY && (ev->key == CC_KEY_ESC || ev->key == CC_KEY_ENTER))
            a->next = a->opt.scenario ? CC_SCREEN_QUIT : CC_SCREEN_PICKER;
        return;
    }
    if (!ev) {
        int step = cc_live_step(l);
        say_no_mic(a);
        if (step != 0 && !cc_live_ended(l)) {
            snprintf(S.error, sizeof S.error,
                     "The call engine ran out of memory; close other programs and try again.");
        }
        if (S.recording) {
            int had_problem = cc_recording_problem(S.recording) != NULL;
            if (cc_live_ended(l)) cc_recording_finish(S.recording, l);
            else cc_recording_pump(S.recording, l);
            if (!had_problem) say_recording_problem(a, cc_recording_problem(S.recording));
        }
        if (cc_live_ended(l)) {
            write_result(a);
            /* The record and result go on to the feedback screen, with where it was
             * saved (or why not). */
            cc_recording *r = S.recording;
            S.live = NULL;
            S.recording = NULL;
            cc_feedback_show(a, l, r);
        }
        return;
    }
    switch (ev->kind) {
    case CC_EV_MIC_LOST:
        S.said_no_mic = 1; /* said below, with what to do */
        cc_live_mic_lost(l);
        /* Also on the terminal: whoever started the app from one may not be
         * looking at the window, and a test has no other way to see it. */
        if (cc_live_paused(l))
            fprintf(stderr, "callcoach: the microphone was disconnected: the call is paused; press "
                            "Enter to go on by typing your answers, or Esc to hang up\n");
        break;
    case CC_EV_SPEAKER_LOST: cc_live_speaker_lost(l); break;
    case CC_EV_TEXT:
    case CC_EV_TYPE: on_text(a, ev); break;
    case CC_EV_KEY: on_key(a, ev); break;
    default: break;
    }
}

/* ---- drawing ---------------------------------------------------------------------- */

static const char *status_word(cc_line_status s)
{
    switch (s) {
    case CC_LINE_RINGING: return "RINGING";
    case CC_LINE_LIVE: return "LIVE";
    case CC_LINE_HELD: return "ON HOLD";
    case CC_LINE_ENDED: return "ENDED";
    default: return "IDLE";
    }
}

static void draw_phone(cc_app *a, int x, int y, int w, int h)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    const cc_call *c = cc_live_call(l);
    int64_t now = cc_live_now_ms(l);
    int lhm = ui_lh(a, CC_FONT_MONO), lhb = ui_lh(a, CC_FONT_BOLD);
    /* body and handset */
    ui_rect(a, x, y, w, h, t->panel);
    ui_frame(a, x, y, w, h, 2, t->dim);
    ui_rect(a, x + 16, y + 14, w - 32, 22, t->dim);
    ui_rect(a, x + 30, y + 10, 40, 30, t->dim);
    ui_rect(a, x + w - 70, y + 10, 40, 30, t->dim);
    /* the display */
    int dy = y + 52, dh = 2 * lhm + 14;
    ui_rect(a, x + 16, dy, w - 32, dh, t->panel2);
    ui_frame(a, x + 16, dy, w - 32, dh, 1, t->dim);
    int active = cc_call_active_line(c);
    char line1[96], line2[96];
    int64_t s = now / 1000;
    snprintf(line1, sizeof line1, "LINE %d  %s", active, status_word(cc_call_line_status(c, active)));
    if (cc_call_line_status(c, active) == CC_LINE_RINGING)
        snprintf(line2, sizeof line2, "ring %d      %d:%02d", cc_live_rings(l, active),
                 (int)(s / 60), (int)(s % 60));
    else if (cc_live_picked_up_on(l, active))
        snprintf(line2, sizeof line2, "answered ring %d  %d:%02d", cc_live_picked_up_on(l, active),
                 (int)(s / 60), (int)(s % 60));
    else
        snprintf(line2, sizeof line2, "call time   %d:%02d", (int)(s / 60), (int)(s % 60));
    ui_text(a, CC_FONT_MONO, x + 26, dy + 6, t->text, line1);
    ui_text(a, CC_FONT_MONO, x + 26, dy + 6 + lhm, t->text, line2);
    /* the two line buttons: lamp, label, state in words */
    int by = dy + dh + 16;
    for (int line = 1; line <= 2; line++) {
        cc_line_status st = cc_call_line_status(c, line);
        int bx = x + 16 + (line - 1) * ((w - 32) / 2 + 4);
        int bw = (w - 32) / 2 - 4, bh = 2 * lhb + 16;
        ui_rect(a, bx, by, bw, bh, t->panel2);
        ui_frame(a, bx, by, bw, bh, line == active ? 3 : 1, line == active ? t->accent : t->dim);
        cc_rgba lamp = t->lamp_off;
        if (st == CC_LINE_RINGING) lamp = (now / 500) % 2 == 0 ? t->lamp_ring : t->lamp_off;
        else if (st == CC_LINE_HELD) lamp = t->lamp_hold;
        else if (st == CC_LINE_LIVE) lamp = t->lamp_live;
        ui_circle(a, bx + 20, by + bh / 2, 9, lamp);
        ui_frame(a, bx + 10, by + bh / 2 - 10, 21, 21, 1, t->dim);
        char label[32];
        /* The line the trainee is on is marked by shape (a thick frame) and a star. */
        snprintf(label, sizeof label, "Line %d%s", line, line == active ? " *" : "");
        ui_text(a, CC_FONT_BOLD, bx + 38, by + 6, t->text, label);
        ui_text(a, CC_FONT_BOLD, bx + 38, by + 6 + lhb, st == CC_LINE_IDLE ? t->dim : t->text,
                status_word(st));
    }
    /* the keypad, for the look of a desk phone */
    int ky = by + 2 * lhb + 32, kw = (w - 32 - 2 * 10) / 3, kh = ui_lh(a, CC_FONT_BODY) + 8;
    static const char *const keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"};
    for (int i = 0; i < 12 && ky + (i / 3) * (kh + 6) + kh < y + h - 8; i++) {
        int kx = x + 16 + (i % 3) * (kw + 10), yy = ky + (i / 3) * (kh + 6);
        ui_rect(a, kx, yy, kw, kh, t->panel2);
        ui_frame(a, kx, yy, kw, kh, 1, t->dim);
        int tw = ui_text_w(a, CC_FONT_BODY, keys[i]);
        ui_text(a, CC_FONT_BODY, kx + (kw - tw) / 2, yy + 4, t->text, keys[i]);
    }
}

static void draw_meter(cc_app *a, int x, int y, int w)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    int lh = ui_lh(a, CC_FONT_BODY);
    if (!cc_live_has_mic(l)) {
        ui_text(a, CC_FONT_BOLD, x, y, t->dim, "Microphone: none (typed answers)");
        return;
    }
    double db = cc_live_mic_db(l);
    if (db < -60) db = -60;
    char label[64];
    snprintf(label, sizeof label, "Mic %s", cc_live_talking(l) ? "HEARING YOU" : "listening");
    int lw = ui_text_w(a, CC_FONT_BOLD, "Mic HEARING YOU") + 12;
    ui_text(a, CC_FONT_BOLD, x, y, t->text, label);
    int mx = x + lw, mw = w - lw;
    ui_rect(a, mx, y + 3, mw, lh - 6, t->panel2);
    ui_frame(a, mx, y + 3, mw, lh - 6, 1, t->dim);
    int fill = (int)((db + 60) / 60.0 * (mw - 4));
    if (fill > 0) ui_rect(a, mx + 2, y + 5, fill, lh - 10, t->accent);
}

static void draw_captions(cc_app *a, int x, int y, int w, int h)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    int top = ui_panel(a, x, y, w, h, "Captions", 1, t->dim);
    /* Newest at the bottom: walk back from the last until the box is full. */
    size_t n = cc_live_caption_count(l), first = n;
    int used = 0, avail = y + h - 8 - top;
    char buf[900];
    while (first > 0) {
        const cc_caption *c = cc_live_caption(l, first - 1);
        if (c->who == CC_WHO_CALLER) snprintf(buf, sizeof buf, "%s: %s", c->speaker ? c->speaker : "Caller", c->text);
        else if (c->who == CC_WHO_TRAINEE)
            snprintf(buf, sizeof buf, "You%s: %s", c->unclear ? " (not understood)" : "", c->text);
        else snprintf(buf, sizeof buf, "(%s)", c->text);
        int hh = ui_wrap(a, CC_FONT_BODY, 0, 0, w - 20, t->text, buf, 0, 0) + 4;
        if (used + hh > avail) break;
        used += hh;
        first--;
    }
    int yy = top + (avail - used);
    for (size_t i = first; i < n; i++) {
        const cc_caption *c = cc_live_caption(l, i);
        if (c->who == CC_WHO_CALLER) snprintf(buf, sizeof buf, "%s: %s", c->speaker ? c->speaker : "Caller", c->text);
        else if (c->who == CC_WHO_TRAINEE)
            snprintf(buf, sizeof buf, "You%s: %s", c->unclear ? " (not understood)" : "", c->text);
        else snprintf(buf, sizeof buf, "(%s)", c->text);
        cc_font f = c->who == CC_WHO_TRAINEE ? CC_FONT_BOLD : CC_FONT_BODY;
        cc_rgba col = c->who == CC_WHO_PHONE ? t->dim : t->text;
        yy += ui_wrap(a, f, x + 10, yy, w - 20, col, buf, 0, 1) + 4;
    }
}

/* Practice mode: the rules the standard judges on the next answer, by title. */
static void draw_hint(cc_app *a, int x, int y, int w)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    const cc_call *c = cc_live_call(l);
    const cc_scenario *scn = cc_live_scenario(l);
    const cc_standard *std = cc_live_standard(l);
    int line = cc_call_active_line(c), node = cc_call_node(c, line);
    char hint[800] = "Next: pick up the phone (Space).";
    if (cc_call_line_status(c, line) == CC_LINE_HELD) {
        snprintf(hint, sizeof hint, "Next: come back to the caller (Ctrl+H) and thank them for holding.");
    } else if (node >= 0 && cc_call_line_status(c, line) == CC_LINE_LIVE) {
        const cc_node *n = &scn->nodes[node];
        size_t len = (size_t)snprintf(hint, sizeof hint, "The standard expects: ");
        for (size_t i = 0; i < n->nexpect && len < sizeof hint; i++)
            len += (size_t)snprintf(hint + len, sizeof hint - len, "%s%s", i ? "; " : "",
                                    std->rules[n->expect[i]].title);
        if (n->nexpect == 0) snprintf(hint, sizeof hint, "Listen to the caller.");
        else if (len < sizeof hint) snprintf(hint + len, sizeof hint - len, ".  Ctrl+M: model answer");
    }
    int h = ui_wrap(a, CC_FONT_BODY, x + 10, y + 6, w - 20, t->text, hint, 2, 0) + 12;
    char model[900] = "";
    if (S.show_model && node >= 0 && scn->nodes[node].model) {
        char *m = cc_slots_fill(cc_call_slots(c), scn->nodes[node].model);
        snprintf(model, sizeof model, "Model answer: %s", m ? m : scn->nodes[node].model);
        free(m);
        h += ui_wrap(a, CC_FONT_BOLD, x + 10, 0, w - 20, t->text, model, 3, 0) + 4;
    }
    ui_rect(a, x, y, w, h, t->panel);
    ui_frame(a, x, y, w, h, 1, t->accent);
    int used = ui_wrap(a, CC_FONT_BODY, x + 10, y + 6, w - 20, t->text, hint, 2, 1);
    if (model[0]) ui_wrap(a, CC_FONT_BOLD, x + 10, y + 6 + used + 4, w - 20, t->text, model, 3, 1);
}

static void draw_box(cc_app *a, int x, int y, int w, const char *label, const char *text,
                     int focused)
{
    const cc_theme *t = &a->theme;
    int lh = ui_lh(a, CC_FONT_BODY), h = lh + 14;
    int lw = ui_text_w(a, CC_FONT_BOLD, label) + 10;
    ui_text(a, CC_FONT_BOLD, x, y + 7, t->text, label);
    ui_rect(a, x + lw, y, w - lw, h, t->panel2);
    ui_frame(a, x + lw, y, w - lw, h, 1, t->dim);
    if (!focused && !text[0]) {
        ui_text(a, CC_FONT_BODY, x + lw + 8, y + 7, t->dim,
                "type to answer: the first letter opens this box");
        return;
    }
    char shown[600];
    snprintf(shown, sizeof shown, "%s%s", text, focused ? "|" : "");
    /* Show the end of a long answer: that is where the typing is. */
    const char *p = shown;
    while (*p && ui_text_w(a, CC_FONT_BODY, p) > w - lw - 16) p++;
    ui_text(a, CC_FONT_BODY, x + lw + 8, y + 7, t->text, p);
    if (focused) ui_focus(a, x + lw, y, w - lw, h);
}

/* The clock that matters to the next answer: the dead air left before it
 * starts (for a typed one, its first letter), or that typing is not counted
 * once it has begun; else what the phone is doing, or a tip. 1 when the line
 * is urgent (shown in the warning colour and marked "!"). */
static int answer_clock(cc_app *a, char *out, size_t n)
{
    const cc_live *l = S.live;
    out[0] = '\0';
    if (S.tip[0] && a->plat->ticks_ms() < S.tip_until) {
        snprintf(out, n, "%s", S.tip);
        return 1;
    }
    if (cc_live_ended(l)) return 0;
    if (cc_live_answer_begun(l)) {
        snprintf(out, n, "Answer begun: the time you spend typing is not silence. Enter sends it.");
        return 0;
    }
    int64_t ms = cc_live_silence_ms(l);
    double limit = cc_live_dead_air_limit(cc_live_standard(l));
    int typed = cc_live_typing_mode(l);
    if (ms >= 0) {
        double left = limit - (double)ms / 1000.0;
        if (left > 0)
            snprintf(out, n, "Dead air: %.1f s left to start your answer (limit %g s).%s", left,
                     limit, typed ? " The first letter you type starts it." : "");
        else
            snprintf(out, n, "Dead air: %.1f s over the %g s limit. Start your answer now.", -left,
                     limit);
        return left < 2.0;
    }
    const cc_call *c = cc_live_call(l);
    int line = cc_call_active_line(c);
    if (cc_call_line_status(c, line) == CC_LINE_RINGING)
        snprintf(out, n, "The phone is ringing (ring %d): Space picks it up; then you speak first.",
                 cc_live_rings(l, line));
    else if (typed && cc_call_line_status(c, line) == CC_LINE_LIVE && cc_live_caller_talking(l))
        snprintf(out, n, "The caller is speaking. What you type now starts your answer when they "
                         "finish.");
    return 0;
}

static void draw_briefing_overlay(cc_app *a, int x, int y, int w, int h)
{
    const cc_live *l = S.live;
    int top = ui_panel(a, x, y, w, h, "Briefing (Ctrl+B, F1 or Esc closes it)", 2, a->theme.accent);
    int more;
    cc_briefing_panel(a, cc_live_standard(l), cc_live_scenario(l), cc_live_typing_mode(l), x + 10,
                      top + 4, w - 20, y + h - top - 8 - ui_lh(a, CC_FONT_BODY),
                      S.briefing_top, &more, 1);
    if (more || S.briefing_top > 0)
        ui_text(a, CC_FONT_BODY, x + 10, y + h - 6 - ui_lh(a, CC_FONT_BODY), a->theme.dim,
                more ? "More below: Down scrolls." : "Up scrolls back.");
}

void cc_callscreen_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    if (!l) {
        int y = ui_header(a, "The call could not start", NULL) + 20;
        ui_wrap(a, CC_FONT_BODY, 20, y, a->w - 40, t->text, S.error, 0, 1);
        ui_footer(a, "Enter or Esc: back");
        return;
    }
    char right[160];
    snprintf(right, sizeof right, "%s, %s", a->prefs.name,
             a->prefs.mode == CC_MODE_PRACTICE ? "PRACTICE" : "ASSESSMENT");
    int y = ui_header(a, cc_live_scenario(l)->title, right) + 10;
    char keys[400];
    snprintf(keys, sizeof keys,
             "Space: pick up   Ctrl+H: hold/resume   Ctrl+T: transfer   Tab: switch line   "
             "Esc: hang up   Ctrl+B: briefing%s   %s",
             a->prefs.mode == CC_MODE_PRACTICE ? "   Ctrl+M: model answer" : "",
             cc_live_typing_mode(l) ? "Type to answer, Enter sends"
                                    : "Speak to answer (or type: Enter sends)");
    int bottom = ui_footer(a, keys);

    /* Banners: what is missing, in words. */
    int bx = 20, bw = a->w - 40;
    char msg[600];
    if (cc_live_paused(l)) {
        snprintf(msg, sizeof msg, "The call is paused: %s. Press Enter to go on by typing your "
                                  "answers, or Esc to hang up.", cc_live_mic_problem(l));
        y += ui_banner(a, bx, y, bw, msg) + 6;
    } else if (!cc_live_has_mic(l) && !a->opt.demo) {
        snprintf(msg, sizeof msg, "No microphone: %s. Type your answers: the first letter opens the "
                                  "answer box, Enter sends it.", cc_live_mic_problem(l));
        y += ui_banner(a, bx, y, bw, msg) + 6;
    }
    if (!cc_live_has_speaker(l)) {
        snprintf(msg, sizeof msg, "No sound output (%s): the caller is shown as captions only.",
                 cc_live_speaker_problem(l));
        y += ui_banner(a, bx, y, bw, msg) + 6;
    }
    if (S.error[0]) y += ui_banner(a, bx, y, bw, S.error) + 6;

    int pw = 340, px = 20, lh = ui_lh(a, CC_FONT_BODY);
    char clock[300];
    int urgent = answer_clock(a, clock, sizeof clock);
    int typing_row = S.transfer_open || S.answer_open ||
                     (cc_live_typing_mode(l) && !a->opt.demo);
    /* The clock's line is always there, so the layout does not jump each time it starts. */
    int boxes = (typing_row ? lh + 24 : 0) + lh + 6;
    int hint_h = a->prefs.mode == CC_MODE_PRACTICE ? 3 * lh + 20 : 0;
    if (S.show_model) hint_h += 3 * ui_lh(a, CC_FONT_BOLD);
    int area_bottom = bottom - 10 - boxes - hint_h;
    draw_phone(a, px, y, pw, area_bottom - y - lh - 10);
    draw_meter(a, px, area_bottom - lh, pw);
    if (S.briefing_open) draw_briefing_overlay(a, px + pw + 20, y, a->w - pw - 60, area_bottom - y);
    else draw_captions(a, px + pw + 20, y, a->w - pw - 60, area_bottom - y);
    int yy = area_bottom + 8;
    if (a->prefs.mode == CC_MODE_PRACTICE) {
        draw_hint(a, 20, yy, a->w - 40);
        yy += hint_h;
    }
    if (urgent) {
        char warn[320];
        snprintf(warn, sizeof warn, "! %s", clock);
        ui_text(a, CC_FONT_BOLD, 24, yy, t->bad, warn);
    } else {
        ui_text(a, CC_FONT_BODY, 24, yy, t->text, clock);
    }
    yy += lh + 6;
    if (S.transfer_open)
        draw_box(a, 24, yy, a->w - 48, "Transfer to extension (Enter):", S.transfer, 1);
    else if (typing_row)
        draw_box(a, 24, yy, a->w - 48, "You say (Enter sends):", S.answer, S.answer_open);
}
