/* screen_briefing: the briefing screen's own state.
 *
 * Contract: the state lives in screen_briefing.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only screen_briefing.c and its tests include this header; other screens
 * reach this one through the functions in app.h, never through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_BRIEFING_H
#define CC_SCREEN_BRIEFING_H

#include "app.h"

typedef struct {
    struct cc_briefing_view *view; /* screen_briefing.c's own */
} cc_briefing_state;

/* This screen's state, for its tests. */
cc_briefing_state *cc_briefing_peek(void);

#endif
