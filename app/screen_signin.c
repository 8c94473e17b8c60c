/* screen_signin: who is training, and how. The name is what the trainee will
 * say on the phone ({trainee} in the standard's phrases), so it is asked for
 * first and remembered. Practice shows hints during the call; assessment
 * shows none. Answers are spoken into the microphone or typed (for a machine
 * with no microphone, or a place where one cannot talk); the choice is
 * remembered. Text size and contrast are here too, where a new user looks. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "screen_signin.h"
#include "ui.h"

static cc_signin_state S;

cc_signin_state *cc_signin_peek(void) { return &S; }

enum { F_NAME, F_MODE, F_ANSWERS, F_SIZE, F_CONTRAST, F_START, F_COUNT };

void cc_signin_load(cc_app *a)
{
    snprintf(S.name, sizeof S.name, "%s", a->prefs.name);
    S.mode = a->prefs.mode;
    S.typed = a->prefs.typed_answers;
    S.focus = S.name[0] ? F_START : F_NAME;
    S.error[0] = '\0';
}

void cc_signin_unload(cc_app *a) { (void)a; }

static void backspace(char *s)
{
    size_t n = strlen(s);
    /* Remove one whole UTF-8 character. */
    while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80) n--;
    if (n > 0) n--;
    s[n] = '\0';
}

static void append(char *s, size_t cap, const char *t)
{
    size_t n = strlen(s), k = strlen(t);
    if (n + k + 1 > cap) return;
    memcpy(s + n, t, k + 1);
}

static void start(cc_app *a)
{
    /* Leading and trailing spaces are not part of a name. */
    char *n = S.name;
    while (*n == ' ') memmove(n, n + 1, strlen(n));
    size_t len = strlen(n);
    while (len && n[len - 1] == ' ') n[--len] = '\0';
    if (!n[0]) {
        snprintf(S.error, sizeof S.error, "Type your name first.");
        S.focus = F_NAME;
        return;
    }
    snprintf(a->prefs.name, sizeof a->prefs.name, "%s", n);
    a->prefs.mode = S.mode;
    a->prefs.typed_answers = S.typed;
    cc_app_save_prefs(a);
    a->next = a->opt.scenario ? cc_app_call_screen(a) : CC_SCREEN_PICKER;
}

static void change(cc_app *a, int dir)
{
    switch (S.focus) {
    case F_MODE: S.mode = S.mode == CC_MODE_PRACTICE ? CC_MODE_ASSESSMENT : CC_MODE_PRACTICE; break;
    case F_ANSWERS: S.typed = !S.typed; break;
    case F_SIZE:
        cc_app_set_font_scale(a, a->prefs.font_scale + 0.25 * dir);
        cc_app_save_prefs(a);
        break;
    case F_CONTRAST:
        cc_app_set_theme(a, !a->prefs.high_contrast);
        cc_app_save_prefs(a);
        break;
    default: break;
    }
}

void cc_signin_update(cc_app *a, const cc_ev *ev)
{
    if (!ev) return;
    int on_name = S.focus == F_NAME;
    if (ev->kind == CC_EV_TEXT || ev->kind == CC_EV_TYPE) {
        if (ev->kind == CC_EV_TYPE) S.focus = F_NAME;
        else if (!on_name) return;
        append(S.name, sizeof S.name, ev->text);
        S.error[0] = '\0';
        return;
    }
    if (ev->kind != CC_EV_KEY) return;
    switch (ev->key) {
    case CC_KEY_TAB:
    case CC_KEY_DOWN:
        if (ev->key == CC_KEY_TAB && (ev->mods & CC_MOD_SHIFT))
            S.focus = (S.focus + F_COUNT - 1) % F_COUNT;
        else
            S.focus = (S.focus + 1) % F_COUNT;
        break;
    case CC_KEY_UP: S.focus = (S.focus + F_COUNT - 1) % F_COUNT; break;
    case CC_KEY_LEFT: change(a, -1); break;
    case CC_KEY_RIGHT: change(a, +1); break;
    case CC_KEY_SPACE:
        if (!on_name) change(a, +1); /* on the name, the space was typed as text */
        break;
    case CC_KEY_BACKSPACE:
        if (on_name) backspace(S.name);
        break;
    case CC_KEY_ENTER: start(a); break;
    case CC_KEY_ESC: a->next = CC_SCREEN_QUIT; break;
    default: break;
    }
}

static void row_label(cc_app *a, int x, int y, const char *label)
{
    ui_text(a, CC_FONT_BOLD, x, y, a->theme.text, label);
}

void cc_signin_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    int y = ui_header(a, "callcoach: sign in", "telephone practice") + 16;
    int x = 60, w = a->w - 120, lh = ui_lh(a, CC_FONT_BODY), bh = lh + 14;
    int f = S.focus;

    row_label(a, x, y, "Your name, as you will say it on the phone");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    ui_rect(a, x, y, 420, bh, t->panel2);
    ui_frame(a, x, y, 420, bh, 1, t->dim);
    char shown[80];
    snprintf(shown, sizeof shown, "%s%s", S.name, f == F_NAME ? "|" : "");
    ui_text(a, CC_FONT_BODY, x + 8, y + 7, t->text, shown);
    if (f == F_NAME) ui_focus(a, x, y, 420, bh);
    if (S.error[0]) ui_text(a, CC_FONT_BOLD, x + 440, y + 7, t->bad, S.error);
    y += bh + 14;

    row_label(a, x, y, "Mode");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    char mode[160];
    snprintf(mode, sizeof mode, "%s Practice: hints during the call     %s Assessment: no hints",
             S.mode == CC_MODE_PRACTICE ? "(x)" : "( )",
             S.mode == CC_MODE_ASSESSMENT ? "(x)" : "( )");
    int mw = ui_text_w(a, CC_FONT_BODY, mode) + 16;
    ui_rect(a, x, y, mw, bh, t->panel2);
    ui_text(a, CC_FONT_BODY, x + 8, y + 7, t->text, mode);
    if (f == F_MODE) ui_focus(a, x, y, mw, bh);
    y += bh + 14;

    row_label(a, x, y, "Your answers");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    char answers[160];
    snprintf(answers, sizeof answers, "%s Spoken into the microphone     %s Typed on the keyboard",
             S.typed ? "( )" : "(x)", S.typed ? "(x)" : "( )");
    int aw = ui_text_w(a, CC_FONT_BODY, answers) + 16;
    ui_rect(a, x, y, aw, bh, t->panel2);
    ui_text(a, CC_FONT_BODY, x + 8, y + 7, t->text, answers);
    if (f == F_ANSWERS) ui_focus(a, x, y, aw, bh);
    y += bh + 14;

    row_label(a, x, y, "Text size");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    char size[64];
    snprintf(size, sizeof size, "<  %d %%  >", (int)(a->prefs.font_scale * 100 + 0.5));
    int sw = ui_text_w(a, CC_FONT_BODY, size) + 16;
    ui_rect(a, x, y, sw, bh, t->panel2);
    ui_text(a, CC_FONT_BODY, x + 8, y + 7, t->text, size);
    if (f == F_SIZE) ui_focus(a, x, y, sw, bh);
    y += bh + 14;

    row_label(a, x, y, "High contrast");
    y += ui_lh(a, CC_FONT_BOLD) + 4;
    const char *hc = a->prefs.high_contrast ? "(x) On" : "( ) Off";
    int hw = ui_text_w(a, CC_FONT_BODY, hc) + 16;
    ui_rect(a, x, y, hw, bh, t->panel2);
    ui_text(a, CC_FONT_BODY, x + 8, y + 7, t->text, hc);
    if (f == F_CONTRAST) ui_focus(a, x, y, hw, bh);
    y += bh + 20;

    ui_button(a, x, y, 200, bh + 6, a->opt.scenario ? "Start the call" : "Choose a call", f == F_START);
    (void)w;
    ui_footer(a, "Tab or Up/Down: move   Left/Right or Space: change   Enter: continue   "
                 "Esc: quit   F2/F3: text size   F4: high contrast");
}
