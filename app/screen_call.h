/* screen_call: the call screen's own state.
 *
 * Contract: the state lives in screen_call.c (one app per process, as in the
 * raylib game template) and is valid between the screen's load() and
 * unload(). Only screen_call.c and its tests include this header; other screens
 * reach this one through the functions in app.h, never through its fields.
 * Threads: the UI thread only. */
#ifndef CC_SCREEN_CALL_H
#define CC_SCREEN_CALL_H

#include "app.h"

typedef struct {
    cc_live *live;
    char error[512];
    int transfer_open;
    char transfer[16];
    int answer_open;
    char answer[512];
    int show_model;
    int briefing_open;      /* the scenario's briefing shown over the captions */
    int briefing_top;       /* its first paragraph shown (Up/Down) */
    char tip[160];          /* why a key did nothing, shown until tip_until */
    uint64_t tip_until;
    int said_no_speaker;    /* the "captions only" notice was given */
    int said_no_mic;        /* the "type your answers" line was printed */
    int result_written;
    cc_recording *recording; /* handed to the feedback screen with the live call */
    /* The call clock stops while the call is paused (microphone lost); the
     * --keys script must still be able to choose, so its clock adds the
     * wall time spent paused (cc_callscreen_script_ms). */
    int script_paused;       /* a pause is being counted */
    uint64_t pause_wall_ms;  /* platform ms when it began */
    uint64_t paused_ms;      /* the pauses before it, in total */
} cc_callscreen_state;

/* This screen's state, for its tests. */
cc_callscreen_state *cc_callscreen_peek(void);

#endif
