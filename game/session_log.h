/* session_log: a played call written back as a timed take, and as a transcript.
 *
 * Contract: pure formatting, no I/O, no clock. cc_record_to_take() writes the
 * trainee's side of a finished (or unfinished) call as a take with exact times
 * (docs/formats.md, "Takes": "@START-END say \"...\" confidence C pitch P wpm W
 * loudness L", "@T hold"), so that playing it through cc_sim with the same
 * scenario, standard, trainee and seed gives the same record and the same
 * verdicts. What is written, in call-clock order (ties keep the order the
 * engine recorded them, actions before an answer that starts at the same
 * moment):
 *   - a pickup for each line the trainee answered with the pickup key
 *     (lines answered by switching to them come from the switch);
 *   - every utterance the engine recorded, heard or not, with its start and
 *     end, its confidence and the delivery measures it has (NAN ones are left
 *     out);
 *   - hold and resume pressed as keys, every switch, every transfer with its
 *     extension, and every hangup by the trainee (also rejecting a ringing
 *     line); holds, resumes and hangups the engine made itself (a switch
 *     holding the line left, a transfer taking a line off hold, the caller
 *     hanging up) are left out, since replaying the action makes them again.
 * What a take cannot carry, and how it is written instead:
 *   - control characters (new lines, tabs) in an answer become spaces, and
 *     bytes that are not UTF-8 become U+FFFD; quotes and backslashes are
 *     escaped (\" and \\);
 *   - an utterance with no words (speech nobody could make out) is written as
 *     "..." (no words after normalisation), since a take refuses an empty answer;
 *   - an utterance that ends when it starts is written one millisecond long;
 *   - the app can interleave keys with speech (a hold pressed while still
 *     talking); a take plays an answer as one action, so the key then happens
 *     when the answer ends.
 * Times are written to the millisecond, numbers in their shortest form that
 * reads back to the same double.
 *
 * Ownership: every returned string is malloc'd and freed by the caller; NULL
 * means out of memory (or rec NULL). All functions accept NULL pointers for
 * optional arguments as documented. */
#ifndef CC_SESSION_LOG_H
#define CC_SESSION_LOG_H

#include "buf.h"
#include "engine.h"
#include "take.h"

/* The take of a call. scenario_id and date (free text, e.g. an ISO 8601 time)
 * go into the header comment with the trainee and the seed; either may be NULL. */
char *cc_record_to_take(const cc_record *rec, const char *scenario_id, const char *date);

/* One timed action as a take line, with its newline, appended to out: the
 * format the app appends to events.take.partial as the call goes on
 * (cc_session_log_append). a->timed must be set; for a say/interrupt, a->text
 * is the answer and until_ms its end (interrupt is written as say: with exact
 * times they play the same). Returns 0, or -1 when the action cannot be a
 * line (NULL, untimed, a WAV answer, a transfer without an extension, a
 * negative time) or out is out of memory. */
int cc_take_format_action(cc_buf *out, const cc_take_action *a);

/* The call as people read it, in time order, one line each:
 *   [00:07.0] Line 1 rings ... answered (ring 2)
 *   [00:08.1] Caller 1: Yeah, finally. Is this Northwind?
 *   [00:10.2] Alex: Good morning, ... (confidence 0.91)
 *   [00:30.5] Alex puts line 1 on hold
 * trainee_name NULL uses rec->trainee. */
char *cc_record_transcript(const cc_record *rec);

#endif
