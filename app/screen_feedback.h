/* screen_feedback: the feedback screen's own state.
 *
 * Contract: the state lives in screen_feedback.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only the screen's two files (screen_feedback.c, and
 * screen_feedback_draw.c, which reads it to draw) and its tests include this
 * header; other screens reach this one through the functions in app.h, never
 * through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_FEEDBACK_H
#define CC_SCREEN_FEEDBACK_H

#include "app.h"

/* The focused control, in Tab order: the timeline, the checklist, the buttons. */
enum cc_fb_control {
    CC_FB_TIMELINE, CC_FB_CHECKLIST, CC_FB_PLAY_CALL, CC_FB_PLAY_TURN, CC_FB_PLAY_CURSOR,
    CC_FB_STOP, CC_FB_MODEL, CC_FB_RETRY, CC_FB_PROGRESS, CC_FB_SAVE, CC_FB_ANOTHER,
    CC_FB_COUNT
};

typedef struct {
    cc_live *live;          /* handed over by the call screen: the record and result */
    cc_recording *recording;/* handed over too: where the call was saved, or why not */
    enum cc_fb_control focus; /* the focused control */
    int row;                /* the checklist row chosen */
    int top;                /* first checklist row shown */
    int64_t cursor_ms;      /* the timeline cursor, on the call clock */
    struct cc_player *player; /* NULL: no sound output (status says why) */
    struct cc_tts *tts;     /* the model answers' voice, made on first use */
    struct cc_fb_view *view;/* what load() worked out: rows, marks, spans, lane peaks */
    int save_open;          /* typing a folder to save the call in (2: opened by the E
                             * key, whose own text event is still to come) */
    char save_dir[1024];
    char status[512];       /* what is playing, or what just failed */
} cc_feedback_state;

/* This screen's state, for its tests. */
cc_feedback_state *cc_feedback_peek(void);

#endif
