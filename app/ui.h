/* ui: drawing helpers every screen shares, on top of the platform table:
 * word-wrapped text, panels, a visible focus ring, buttons, the header and the
 * key-help footer. Drawing only: nothing here changes the app's state.
 * Meaning is never carried by colour alone: every state has a text label. */
#ifndef CC_UI_H
#define CC_UI_H

#include "app.h"

void ui_rect(cc_app *a, int x, int y, int w, int h, cc_rgba c);
void ui_frame(cc_app *a, int x, int y, int w, int h, int t, cc_rgba c);
void ui_circle(cc_app *a, int cx, int cy, int r, cc_rgba c);
int ui_text(cc_app *a, cc_font f, int x, int y, cc_rgba c, const char *s);
int ui_text_w(cc_app *a, cc_font f, const char *s);
int ui_lh(cc_app *a, cc_font f);
/* Word-wraps s into width w; draws at most max_lines (0: no limit; the last
 * line shown ends with "..." when cut). Returns the height used. With draw 0
 * it only measures. */
int ui_wrap(cc_app *a, cc_font f, int x, int y, int w, cc_rgba c, const char *s, int max_lines,
            int draw);
/* The focus ring: a thick outline in the focus colour, outside the box. */
void ui_focus(cc_app *a, int x, int y, int w, int h);
void ui_button(cc_app *a, int x, int y, int w, int h, const char *label, int focused);
/* Title bar; returns the y below it. */
int ui_header(cc_app *a, const char *title, const char *right);
/* Key help at the bottom; returns its top y. */
int ui_footer(cc_app *a, const char *keys);
/* A framed panel with a bold title at its top left; returns the y where its
 * content starts. */
int ui_panel(cc_app *a, int x, int y, int w, int h, const char *title, int thick, cc_rgba frame);
/* A warning banner (text, with "!" marker); returns its height. */
int ui_banner(cc_app *a, int x, int y, int w, const char *text);

#endif
