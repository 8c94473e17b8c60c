/* screen_feedback_impl: what the feedback screen's two files share, private to
 * them (screen_feedback.c: the state, load/unload and what the keys do;
 * screen_feedback_draw.c: the layout and the drawing). Nothing else includes it,
 * not even the screen's tests, which see the state through screen_feedback.h.
 * The view is owned by the state (made by load(), freed by unload()); every
 * function reads the state of screen_feedback.c. Threads: the UI thread only. */
#ifndef CC_SCREEN_FEEDBACK_IMPL_H
#define CC_SCREEN_FEEDBACK_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "screen_feedback.h"
#include "feedback.h"
#include "waveform.h"

/* What load() worked out from the call: rows, marks, spans, lane peaks. */
struct cc_fb_view {
    cc_check_row *rows;
    size_t nrows;
    cc_mark *marks;
    size_t nmarks;
    cc_review_span *spans;
    size_t nspans;
    cc_timeline tl;
    uint16_t *peaks[2]; /* [0] caller, [1] trainee */
    int cols;
    char out_problem[256]; /* why nothing can be played */
};

/* Layout, worked out the same way by update (to keep the chosen row in view)
 * and by draw. */
typedef struct {
    int score_y, summary_y, rec_y, tl_y, axis_y, band_y, lane_y[2], lane_h, marks_y, tl_bottom;
    int status_y, buttons_y, button_h, buttons_bottom, list_y, list_bottom, footer_y, row_h;
    int visible_rows;
    int compact; /* 0 roomy; 1 short labels; 2 low lanes too (large text) */
    int bx[CC_FB_COUNT], by[CC_FB_COUNT], bw[CC_FB_COUNT];
} cc_fb_layout;

/* The roomiest layout that leaves the checklist a few rows (screen_feedback_draw.c). */
void cc_fb_make_layout(cc_app *a, cc_fb_layout *L);

/* From screen_feedback.c: */

/* snprintf that cuts long texts quietly: a status line or a label is better
 * short than missing. */
void cc_fb_fmt(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The shown call's record, result and standard; NULL with no call. */
const cc_record *cc_fb_record(const cc_app *a);
const cc_result *cc_fb_result(const cc_app *a);
const cc_standard *cc_fb_standard(const cc_app *a);
/* The call was not saved but can be: the Save elsewhere button is there. */
int cc_fb_can_save_elsewhere(const cc_app *a);
/* Whether control c is shown (and reachable by Tab and its letter). */
int cc_fb_control_present(const cc_app *a, int c);
/* A button's label; compact: the short one, for large text. */
const char *cc_fb_button_label(const cc_app *a, int i, int compact);
/* The rule of the chosen checklist row, or -1 (a phase heading, or none). */
int cc_fb_chosen_rule(const cc_app *a);
/* The turn the timeline cursor is in, or -1. */
int cc_fb_cursor_turn(const cc_app *a);

#endif
