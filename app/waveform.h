/* waveform: the finished call laid out for review, for the feedback screen.
 * The timeline (call time <-> sample <-> pixel), the two lanes' peaks, the
 * marks where rules were earned or lost, the spans of silence, hold and
 * talk-over, the turns' bounds, and the standard's rules grouped by phase.
 *
 * Contract.
 * - Everything but cc_wave_draw_lane() is pure: it reads the standard, the
 *   record and the result (engine.h, score.h) and decides nothing about the
 *   call; it only puts what the scorer and the engine said on a time axis.
 * - Audio is on the call clock at `rate` samples a second: sample i is call
 *   time i * 1000 / rate ms (live.h's cc_live_audio()).
 * - Phases come from each rule's `phase` (the standard's format requires one
 *   of opening, during, hold-transfer, closing); a rule whose phase is none of
 *   those falls in "during the call".
 * Ownership: arrays returned through **out are malloc'd and the caller's
 * (free()); NULL with a count of 0 when there is nothing or no memory. */
#ifndef CC_WAVEFORM_H
#define CC_WAVEFORM_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "engine.h"
#include "score.h"
#include "standard.h"

/* ---- the timeline ---- */

typedef struct {
    int64_t nsamples; /* the call's length in samples (at least 1) */
    int rate;         /* samples a second */
    int x, w;         /* where the lanes are drawn, in pixels */
} cc_timeline;

/* Times are clamped into the call: [0, nsamples]. */
int64_t cc_tl_sample_of_ms(const cc_timeline *tl, int64_t ms);
int64_t cc_tl_ms_of_sample(const cc_timeline *tl, int64_t s);
/* Pixel column of a sample (x .. x+w), and the first sample a column shows. */
int cc_tl_x_of_sample(const cc_timeline *tl, int64_t s);
int64_t cc_tl_sample_of_x(const cc_timeline *tl, int x);
int cc_tl_x_of_ms(const cc_timeline *tl, int64_t ms);

/* Loudest |sample| in each of `cols` equal stretches of s[0..n): the lane's
 * outline. out has cols entries. */
void cc_wave_peaks(const int16_t *s, size_t n, int cols, uint16_t *out);

/* Draws a lane (peaks scaled to its height, centred) in colour c. */
void cc_wave_draw_lane(cc_app *a, int x, int y, int w, int h, const uint16_t *peaks, int cols,
                       cc_rgba c);

/* ---- turns ---- */

/* A turn's stretch of the call, entered to ended (to the end of the call for
 * the last). 0, or -1 when turn is out of range. */
int cc_turn_span(const cc_record *rec, int turn, int64_t *from_ms, int64_t *to_ms);
/* What the trainee said in the turn: the first utterance's start to the last
 * one's end. 0, or -1 when they said nothing in it. */
int cc_turn_answer_span(const cc_record *rec, int turn, int64_t *from_ms, int64_t *to_ms);
/* The turn going on at ms (the last one entered at or before it; the first
 * turn before that), -1 when the call has no turns. */
int cc_turn_at(const cc_record *rec, int64_t ms);

/* ---- marks and spans ---- */

typedef struct {
    int rule;          /* index into the standard's rules */
    cc_verdict verdict; /* pass or fail */
    int turn;          /* -1 when not tied to one */
    int64_t at;        /* ms on the call clock */
} cc_mark;

/* Where each rule was earned or lost: every rule verdict that has a moment (or
 * a turn, placed at the turn's start), then the turns' own verdicts not said
 * already, in time order. Returns the count. */
size_t cc_review_marks(const cc_standard *std, const cc_record *rec, const cc_result *res,
                       cc_mark **out);

typedef enum { CC_SPAN_SILENCE, CC_SPAN_HOLD, CC_SPAN_TALK_OVER } cc_span_kind;

typedef struct {
    cc_span_kind kind;
    int64_t from, to; /* ms */
    int line;
} cc_review_span;

/* Silences and holds as the engine recorded them; talk-over where the trainee
 * started speaking while a caller line on the same line was still playing
 * (the overlap the scorer's talk-over rule measures). Returns the count. */
size_t cc_review_spans(const cc_record *rec, cc_review_span **out);

/* ---- the checklist ---- */

typedef enum {
    CC_PHASE_OPENING,
    CC_PHASE_DURING,
    CC_PHASE_HOLD_TRANSFER,
    CC_PHASE_CLOSING,
    CC_PHASE_COUNT
} cc_phase;

cc_phase cc_rule_phase(const cc_rule *r);
const char *cc_phase_title(cc_phase p); /* "Opening", "During the call", ... */

typedef struct {
    cc_phase phase;
    int rule; /* -1: the phase's heading */
} cc_check_row;

/* Headings and rules, phase by phase, rules in the standard's order within a
 * phase; a phase with no rules has no heading. Returns the count. */
size_t cc_checklist(const cc_standard *std, cc_check_row **out);

#endif
