/* screen_picker: which call to take. Every scenario of the bundled folder and
 * of the user's own, with its title, difficulty, briefing and best score so
 * far. A scenario that has errors is listed with its first problem, so a
 * trainer who wrote it sees why it cannot be played. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "ui.h"

void cc_picker_load(cc_app *a)
{
    a->picker.focus = a->chosen >= 0 ? a->chosen : 0;
    a->picker.top = 0;
}

void cc_picker_unload(cc_app *a) { (void)a; }

void cc_picker_update(cc_app *a, const cc_ev *ev)
{
    if (!ev || ev->kind != CC_EV_KEY) return;
    int n = (int)a->catalog->n;
    switch (ev->key) {
    case CC_KEY_DOWN:
    case CC_KEY_TAB:
        if (n) a->picker.focus = (a->picker.focus + 1) % n;
        break;
    case CC_KEY_UP:
        if (n) a->picker.focus = (a->picker.focus + n - 1) % n;
        break;
    case CC_KEY_ENTER:
    case CC_KEY_SPACE:
        if (n && !a->catalog->v[a->picker.focus].problem) {
            a->chosen = a->picker.focus;
            a->next = CC_SCREEN_CALL;
        } else if (n) {
            snprintf(a->notice, sizeof a->notice,
                     "That scenario has errors and cannot be played; run callcoach-lint on it.");
        }
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

void cc_picker_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    char right[128];
    snprintf(right, sizeof right, "%s, %s mode", a->prefs.name, cc_mode_name(a->prefs.mode));
    int top = ui_header(a, "Choose a call", right) + 16;
    int bottom = ui_footer(a, "Up/Down: choose   Enter: take the call   Esc: back to sign in   "
                              "F2/F3: text size   F4: high contrast");
    int lx = 20, lw = 380, rx = lx + lw + 20, rw = a->w - rx - 20;
    int lh = ui_lh(a, CC_FONT_BOLD), sub = ui_lh(a, CC_FONT_BODY);
    int rowh = lh + sub + 14;
    cc_catalog *c = a->catalog;
    if (c->n == 0) {
        ui_wrap(a, CC_FONT_BODY, lx, top, a->w - 40, t->text,
                "No scenarios found. Put scenario files in the scenarios folder of your data "
                "folder, or run callcoach from its own folder.",
                0, 1);
        return;
    }
    int rows = (bottom - top - 8) / rowh;
    if (rows < 1) rows = 1;
    /* Keep the focused row in view (layout only: the update keeps the focus). */
    int first = a->picker.focus >= rows ? a->picker.focus - rows + 1 : 0;
    for (int i = first; i < (int)c->n && i < first + rows; i++) {
        const cc_catalog_entry *e = &c->v[i];
        int y = top + (i - first) * rowh;
        int focused = i == a->picker.focus;
        ui_rect(a, lx, y, lw, rowh - 6, focused ? t->accent : t->panel2);
        cc_rgba fg = focused ? t->on_accent : t->text;
        ui_text(a, CC_FONT_BOLD, lx + 10, y + 5, fg, entry_title(e));
        char line[160];
        if (e->problem) snprintf(line, sizeof line, "has errors: cannot be played");
        else if (e->best >= 0)
            snprintf(line, sizeof line, "difficulty %d of 5   best %d/100%s", e->scn->difficulty,
                     e->best, e->user ? "   (yours)" : "");
        else
            snprintf(line, sizeof line, "difficulty %d of 5   no score yet%s", e->scn->difficulty,
                     e->user ? "   (yours)" : "");
        ui_text(a, CC_FONT_BODY, lx + 10, y + 5 + lh, fg, line);
        if (focused) ui_focus(a, lx, y, lw, rowh - 6);
    }

    const cc_catalog_entry *e = &c->v[a->picker.focus];
    ui_rect(a, rx, top, rw, bottom - top - 12, t->panel2);
    ui_frame(a, rx, top, rw, bottom - top - 12, 1, t->dim);
    int y = top + 12;
    y += ui_wrap(a, CC_FONT_BIG, rx + 14, y, rw - 28, t->text, entry_title(e), 2, 1) + 6;
    if (e->problem) {
        ui_text(a, CC_FONT_BOLD, rx + 14, y, t->bad, "This scenario has errors:");
        y += lh + 4;
        ui_wrap(a, CC_FONT_BODY, rx + 14, y, rw - 28, t->text, e->problem, 6, 1);
        return;
    }
    char line[200];
    snprintf(line, sizeof line, "Difficulty %d of 5", e->scn->difficulty);
    ui_text(a, CC_FONT_BOLD, rx + 14, y, t->text, line);
    y += lh + 4;
    if (e->best >= 0) snprintf(line, sizeof line, "Best score so far: %d/100", e->best);
    else snprintf(line, sizeof line, "Best score so far: no score yet");
    ui_text(a, CC_FONT_BODY, rx + 14, y, t->text, line);
    y += sub + 12;
    ui_text(a, CC_FONT_BOLD, rx + 14, y, t->text, "Briefing");
    y += lh + 4;
    int left = bottom - 60 - y;
    int maxl = left / sub;
    y += ui_wrap(a, CC_FONT_BODY, rx + 14, y, rw - 28, t->text, e->scn->briefing, maxl > 1 ? maxl : 1, 1);
    ui_text(a, CC_FONT_BOLD, rx + 14, bottom - 12 - lh - 14, t->accent, "Press Enter to take this call.");
}
