#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_rect(cc_app *a, int x, int y, int w, int h, cc_rgba c) { a->plat->fill_rect(x, y, w, h, c); }

void ui_frame(cc_app *a, int x, int y, int w, int h, int t, cc_rgba c)
{
    ui_rect(a, x, y, w, t, c);
    ui_rect(a, x, y + h - t, w, t, c);
    ui_rect(a, x, y, t, h, c);
    ui_rect(a, x + w - t, y, t, h, c);
}

void ui_circle(cc_app *a, int cx, int cy, int r, cc_rgba c)
{
    for (int dy = -r; dy <= r; dy++) {
        int dx = 0;
        while ((dx + 1) * (dx + 1) + dy * dy <= r * r) dx++;
        ui_rect(a, cx - dx, cy + dy, 2 * dx + 1, 1, c);
    }
}

int ui_text(cc_app *a, cc_font f, int x, int y, cc_rgba c, const char *s)
{
    return a->plat->text(f, x, y, c, s);
}

int ui_text_w(cc_app *a, cc_font f, const char *s)
{
    int w = 0;
    a->plat->text_size(f, s, &w, NULL);
    return w;
}

int ui_lh(cc_app *a, cc_font f) { return a->plat->line_height(f); }

int ui_wrap(cc_app *a, cc_font f, int x, int y, int w, cc_rgba c, const char *s, int max_lines,
            int draw)
{
    int lh = ui_lh(a, f), lines = 0;
    char line[1024];
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        /* Longest run of whole words that fits. */
        size_t best = 0, len = 0;
        for (;;) {
            size_t next = len;
            while (p[next] == ' ') next++;
            while (p[next] && p[next] != ' ' && p[next] != '\n') next++;
            if (next >= sizeof line - 4) break;
            memcpy(line, p, next);
            line[next] = '\0';
            if (ui_text_w(a, f, line) > w && best > 0) break;
            best = next;
            len = next;
            if (!p[next] || p[next] == '\n') break;
        }
        if (best == 0) best = strcspn(p, " \n"); /* one word wider than the box */
        if (best >= sizeof line - 4) best = sizeof line - 4;
        memcpy(line, p, best);
        line[best] = '\0';
        p += best;
        if (*p == '\n') p++;
        lines++;
        int last = max_lines > 0 && lines == max_lines && *p;
        if (last) {
            while (strlen(line) > 0 && ui_text_w(a, f, line) + ui_text_w(a, f, "...") > w)
                line[strlen(line) - 1] = '\0';
            strcat(line, "...");
        }
        if (draw) ui_text(a, f, x, y + (lines - 1) * lh, c, line);
        if (last) break;
    }
    return lines * lh;
}

void ui_focus(cc_app *a, int x, int y, int w, int h)
{
    ui_frame(a, x - 4, y - 4, w + 8, h + 8, 3, a->theme.focus);
}

void ui_button(cc_app *a, int x, int y, int w, int h, const char *label, int focused)
{
    ui_rect(a, x, y, w, h, focused ? a->theme.accent : a->theme.panel2);
    ui_frame(a, x, y, w, h, 1, a->theme.dim);
    int tw = ui_text_w(a, CC_FONT_BOLD, label);
    ui_text(a, CC_FONT_BOLD, x + (w - tw) / 2, y + (h - ui_lh(a, CC_FONT_BOLD)) / 2,
            focused ? a->theme.on_accent : a->theme.text, label);
    if (focused) ui_focus(a, x, y, w, h);
}

int ui_header(cc_app *a, const char *title, const char *right)
{
    int h = ui_lh(a, CC_FONT_BIG) + 16;
    ui_rect(a, 0, 0, a->w, h, a->theme.panel);
    ui_text(a, CC_FONT_BIG, 20, 8, a->theme.text, title);
    if (right) {
        int rw = ui_text_w(a, CC_FONT_BODY, right);
        ui_text(a, CC_FONT_BODY, a->w - rw - 20, (h - ui_lh(a, CC_FONT_BODY)) / 2, a->theme.dim,
                right);
    }
    ui_rect(a, 0, h - 2, a->w, 2, a->theme.accent);
    return h;
}

int ui_footer(cc_app *a, const char *keys)
{
    int used = ui_wrap(a, CC_FONT_BODY, 20, 0, a->w - 40, a->theme.text, keys, 0, 0);
    int notice_h = a->notice[0] ? ui_lh(a, CC_FONT_BODY) : 0;
    int top = a->h - used - notice_h - 12;
    ui_rect(a, 0, top, a->w, a->h - top, a->theme.panel);
    ui_rect(a, 0, top, a->w, 1, a->theme.dim);
    ui_wrap(a, CC_FONT_BODY, 20, top + 6, a->w - 40, a->theme.text, keys, 0, 1);
    if (notice_h) ui_text(a, CC_FONT_BODY, 20, top + 6 + used, a->theme.dim, a->notice);
    return top;
}

int ui_banner(cc_app *a, int x, int y, int w, const char *text)
{
    char buf[700];
    snprintf(buf, sizeof buf, "! %s", text);
    int h = ui_wrap(a, CC_FONT_BOLD, x + 10, y + 6, w - 20, a->theme.warn_text, buf, 3, 0) + 12;
    ui_rect(a, x, y, w, h, a->theme.warn_bg);
    ui_frame(a, x, y, w, h, 2, a->theme.warn_text);
    ui_wrap(a, CC_FONT_BOLD, x + 10, y + 6, w - 20, a->theme.warn_text, buf, 3, 1);
    return h;
}

int ui_panel(cc_app *a, int x, int y, int w, int h, const char *title, int thick, cc_rgba frame)
{
    ui_rect(a, x, y, w, h, a->theme.panel2);
    ui_frame(a, x, y, w, h, thick, frame);
    ui_text(a, CC_FONT_BOLD, x + 10, y + 6, a->theme.text, title);
    return y + 8 + ui_lh(a, CC_FONT_BOLD);
}
