/* engine: the call as a pure step function.
 *
 * Contract: a cc_call is created from a loaded standard and scenario (both
 * must outlive it), the trainee's name and a seed. The driver feeds it inputs
 * (what the trainee did, and when each caller line finished playing) with
 * times on the call clock in milliseconds, never decreasing; between inputs it
 * calls cc_call_tick() no later than cc_call_next_deadline() so rings, the
 * caller's patience and scripted events happen on time. The engine answers
 * with outputs (ring, say a line, hold music, hang up, call ended) that the
 * driver drains with cc_call_poll(). It has no clock and no randomness of its
 * own: the same inputs and seed give the same call. Everything that happened
 * is kept in a cc_record, which the scorer judges after the call; the record
 * and all output texts belong to the call. */
#ifndef CC_ENGINE_H
#define CC_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "standard.h"

#define CC_NO_TIME INT64_MIN

typedef enum {
    CC_IN_PICKUP,       /* answer the ringing line the trainee is on */
    CC_IN_SPEECH_START, /* the trainee started talking (ends a silence at once) */
    CC_IN_UTTERANCE,    /* the trainee finished an utterance */
    CC_IN_LINE_DONE,    /* a caller line (say_id) finished playing */
    CC_IN_HOLD,
    CC_IN_RESUME,
    CC_IN_SWITCH,
    CC_IN_TRANSFER,     /* text: the extension */
    CC_IN_HANGUP
} cc_input_kind;

typedef struct {
    cc_input_kind kind;
    int64_t t;                 /* ms; for an utterance, when it ended */
    const char *text;          /* utterance text, or transfer extension */
    int64_t start;             /* utterance: when speech started */
    double confidence;         /* utterance: 0..1; typed answers 1 */
    double pitch_range, rate_wpm, loudness; /* utterance delivery; NAN when unknown */
    unsigned say_id;           /* line done */
} cc_input;

typedef enum {
    CC_OUT_RING,         /* line rings (ring = count, 1-based) */
    CC_OUT_RING_STOP,    /* line stopped ringing: answered or given up */
    CC_OUT_SAY,          /* the caller on `line` says `text`; report CC_IN_LINE_DONE with say_id */
    CC_OUT_HOLD_START,   /* play hold music to that line */
    CC_OUT_HOLD_END,
    CC_OUT_CALLER_HANGUP,
    CC_OUT_LINE_ENDED,
    CC_OUT_CALL_ENDED
} cc_output_kind;

typedef struct {
    cc_output_kind kind;
    int64_t t;
    int line;
    int ring;
    const char *text;
    cc_mood mood;
    const cc_persona *persona;
    unsigned say_id;
} cc_output;

/* --- the record: everything that happened, for the scorer and for replay --- */

typedef enum { CC_END_NONE, CC_END_CALLER, CC_END_TRAINEE, CC_END_TRANSFER, CC_END_MISSED } cc_end_reason;

typedef struct {
    int line, node;
    int64_t entered, ended;     /* ended: CC_NO_TIME while current */
    int say;                    /* index into said, -1 if the caller said nothing */
} cc_turn;

typedef struct {
    int64_t start, end;
    char *text;
    double confidence;
    int understood;             /* confidence at or above the standard's minimum */
    int heard;                  /* a live line was there to hear it */
    int line, turn;             /* turn -1 when not heard */
    double pitch_range, rate_wpm, loudness;
} cc_utterance;

typedef enum { CC_SAID_NODE, CC_SAID_REACTION, CC_SAID_SCRIPTED } cc_said_kind;

typedef struct {
    int64_t t, done;            /* done: CC_NO_TIME until the line finished */
    int line, turn;
    cc_said_kind kind;
    char *text;
    unsigned say_id;
} cc_said;

typedef struct {
    cc_act act;
    int64_t t;
    int line;                   /* the line acted on */
    int to_line;                /* switch: the line switched to */
    cc_via via;                 /* hold/resume: key or switch */
    int turn;                   /* the turn of `line` when it happened */
    int by_caller;              /* hangup */
    char *extension;            /* transfer */
} cc_event;

typedef struct {
    int line;
    int64_t from, to;
    cc_via via;                 /* holds */
    int turn;
} cc_span;

typedef struct {
    int rang;                   /* the line rang at all */
    int answered;
    int ring;                   /* ring it was answered on, or rings heard if missed */
    int64_t t;
    cc_end_reason end;
} cc_line_result;

typedef struct cc_record {
    const char *trainee;
    uint64_t seed;
    cc_turn *turns; size_t nturns;
    cc_utterance *utterances; size_t nutterances;
    cc_said *said; size_t nsaid;
    cc_event *events; size_t nevents;
    cc_span *silences; size_t nsilences;
    cc_span *holds; size_t nholds;
    cc_line_result lines[CC_MAX_LINES + 1]; /* indexed by line number */
    int ended;
    int64_t end_t;
} cc_record;

/* What the trainee said in a turn, answers joined with " / " (only those
 * understood, when asked). Caller frees; NULL on out-of-memory. */
char *cc_record_turn_text(const cc_record *rec, int turn, int understood_only);

typedef struct cc_call cc_call;

cc_call *cc_call_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                        uint64_t seed);
void cc_call_free(cc_call *c); /* accepts NULL */
/* Line 1 starts ringing at t. */
int cc_call_start(cc_call *c, int64_t t);
/* 0 on success, -1 on out-of-memory or time going backwards (the call is then unchanged). */
int cc_call_input(cc_call *c, const cc_input *in);
int cc_call_tick(cc_call *c, int64_t t);
/* When the engine next needs a tick; INT64_MAX when nothing is pending. */
int64_t cc_call_next_deadline(const cc_call *c);
/* Pops the next output into *out; 0 when there are none. Texts live as long as the call. */
int cc_call_poll(cc_call *c, cc_output *out);
int cc_call_ended(const cc_call *c);
const cc_record *cc_call_record(const cc_call *c);
/* The line the trainee is on (1 or 2), and its state for display. */
int cc_call_active_line(const cc_call *c);
typedef enum { CC_LINE_IDLE, CC_LINE_RINGING, CC_LINE_LIVE, CC_LINE_HELD, CC_LINE_ENDED } cc_line_status;
cc_line_status cc_call_line_status(const cc_call *c, int line);
/* The node the line is at (-1 if none): for hints and the model answer. */
int cc_call_node(const cc_call *c, int line);
const cc_slots *cc_call_slots(const cc_call *c);
/* When the silence the trainee is being timed on began on `line` (the caller
 * finished, or the trainee picked up, and nobody has spoken since), or
 * CC_NO_TIME when none runs: for a display of the dead-air clock. */
int64_t cc_call_silence_since(const cc_call *c, int line);

/* What the caller may say next: every line the engine can say from the call's
 * state now, without an input in between that does not first make it say a
 * listed line. For each phone line of the scenario: a line not answered yet,
 * its start node's line(s) and what may follow them as below; a line at a
 * node, that node's own line (said on return when it was entered on hold), its
 * timed remarks, the lines of every node a branch or a timed goto leads to, and
 * the standard's reactions (silence, hanging up on silence, long hold, not
 * understood); an ended line, nothing. Each comes as the engine will say it
 * (slots filled) with the mood and persona of its CC_OUT_SAY, once, the line
 * the trainee is on first: a driver synthesises them ahead (live/) and asks
 * again when the state moved on. 0, or -1 out of memory (*out NULL, *n 0).
 * Ownership: *out and its texts belong to the caller (cc_call_next_lines_free). */
typedef struct {
    int line;
    char *text;
    cc_mood mood;
    const cc_persona *persona;
} cc_next_line;
int cc_call_next_lines(const cc_call *c, cc_next_line **out, size_t *n);
void cc_call_next_lines_free(cc_next_line *v, size_t n); /* accepts NULL */

#endif
