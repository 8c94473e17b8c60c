/* take: what a trainee did in one call, as text: one action a line.
 *
 * Contract: cc_take_parse() reads a whole take and reports every bad line as
 * FILE:LINE:COL into diags (NULL result when any). cc_take_parse_line() parses
 * one line, for the terminal mode that reads a take as the trainee types it.
 * Syntax in docs/formats.md. A WAV path is stored as written; resolving it
 * against the take's folder is the caller's business. The take owns its
 * strings (cc_take_free). */
#ifndef CC_TAKE_H
#define CC_TAKE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define CC_TAKE_MAX_BYTES (1024u * 1024u)

typedef enum {
    CC_TAKE_PICKUP,
    CC_TAKE_SAY,       /* text */
    CC_TAKE_SAY_WAV,   /* text is the path */
    CC_TAKE_INTERRUPT, /* text: start talking before the caller has finished */
    CC_TAKE_WAIT,      /* seconds */
    CC_TAKE_HOLD,
    CC_TAKE_RESUME,
    CC_TAKE_SWITCH,
    CC_TAKE_TRANSFER,  /* text is the extension */
    CC_TAKE_HANGUP
} cc_take_kind;

typedef struct {
    cc_take_kind kind;
    int ring;       /* pickup: the ring to answer during, 1-based */
    double seconds; /* wait */
    char *text;
    int line, col;  /* where the action was written */
    /* A recorded session writes exact times ("@12.3" or "@12.3-14.1" before the
     * action, seconds on the call clock) and what the recogniser measured
     * (after a quoted answer: "confidence 0.8 pitch 4.1 wpm 150 loudness -20"). */
    int timed;                    /* at_ms holds, and until_ms when not before it (-1: not given;
                                   * equal: an answer typed in one go, with no length) */
    int64_t at_ms, until_ms;
    int measured;                 /* the fields below hold; zero-initialised actions are typed */
    double confidence;            /* 1 when not written */
    double pitch_range, rate_wpm, loudness; /* NAN when not written */
} cc_take_action;

typedef struct cc_take {
    char *path;
    cc_take_action *actions;
    size_t count;
} cc_take;

cc_take *cc_take_parse(const char *path, const char *data, size_t len, cc_diags *diags);
void cc_take_free(cc_take *t); /* accepts NULL */

/* 1: *out holds an action (free its text with cc_take_action_clear); 0: blank or
 * comment; -1: error reported. `line` is one line without its newline. */
int cc_take_parse_line(const char *path, int lineno, const char *line, cc_take_action *out,
                       cc_diags *diags);
void cc_take_action_clear(cc_take_action *a);
const char *cc_take_kind_name(cc_take_kind k);

#endif
