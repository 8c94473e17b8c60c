/* screen_progress: the progress screen's own state.
 *
 * Contract: the state lives in screen_progress.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only screen_progress.c and its tests include this header; other screens
 * reach this one through the functions in app.h, never through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_PROGRESS_H
#define CC_SCREEN_PROGRESS_H

#include "app.h"

typedef struct {
    int focus;              /* 0 the chart, 1 the rules, 2 the drill, 3 export mine
                             * (the group's reports are the trainer's: callcoach-report) */
    int top;                /* first scenario shown in the chart's legend */
    struct cc_progress_view *view; /* what load() read from the history */
    int export_open;        /* typing the folder to export into (2: opened by the X
                             * key, whose own text event is still to come) */
    char export_dir[1024];
    char export_status[1024]; /* where the reports were written, or why not */
} cc_progress_state;

/* This screen's state, for its tests. */
cc_progress_state *cc_progress_peek(void);

#endif
