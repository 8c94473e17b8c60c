/* screen_signin: the signin screen's own state.
 *
 * Contract: the state lives in screen_signin.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only screen_signin.c and its tests include this header; other screens
 * reach this one through the functions in app.h, never through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_SIGNIN_H
#define CC_SCREEN_SIGNIN_H

#include "app.h"

typedef struct {
    char name[64];
    int focus;              /* 0 name, 1 mode, 2 answers, 3 text size, 4 contrast, 5 start */
    cc_mode mode;
    int typed;              /* answers typed, not spoken */
    char error[128];
} cc_signin_state;

/* This screen's state, for its tests. */
cc_signin_state *cc_signin_peek(void);

#endif
