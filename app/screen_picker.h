/* screen_picker: the picker screen's own state.
 *
 * Contract: the state lives in screen_picker.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only screen_picker.c and its tests include this header; other screens
 * reach this one through the functions in app.h, never through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_PICKER_H
#define CC_SCREEN_PICKER_H

#include "app.h"

typedef struct {
    int focus;              /* catalog index */
    int top;                /* first row shown */
} cc_picker_state;

/* This screen's state, for its tests. */
cc_picker_state *cc_picker_peek(void);

#endif
