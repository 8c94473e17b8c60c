/* turnend: whether the trainee's answer heard so far sounds finished, and so how
 * long a silence ends their turn.
 *
 * People leave about 200 ms between turns, and wait while the other side
 * thinks. A fixed trailing silence cannot do both: it is either slow after a
 * finished answer or quick to cut in on a pause to think. At each pause the
 * live call asks the recogniser what was said so far and this module judges
 * it, in this order:
 *   - UNFINISHED: it ends on a word that needs more (a conjunction, a
 *     preposition, an article or possessive, a subject pronoun, a modal, a
 *     hesitation such as "um" or "let me see"), or on a number still being
 *     read (a run of number words of fewer than four digits);
 *   - COMPLETE: its last two words end the model answer of the node being
 *     answered (a number read any way counting as one word; when the two are
 *     not in it, its last word where it stands there once: the word before
 *     may have been misheard), or it ends on a farewell;
 *   - UNFINISHED: its last words stand inside that model answer (the
 *     trainee follows it and stopped half way: between two of its sentences,
 *     or to think);
 *   - UNSURE: none of these.
 * Only the model answer's own end counts as finished: people pause 300-600 ms
 * between two sentences of one answer, so an answer that merely could end
 * here (a question, a sentence that is whole) is no proof, and a caller who
 * answered half an answer would talk over the rest.
 * The standard's settings give each its wait (turn_end_*_seconds); the caller
 * of this module ends the turn after that much silence.
 *
 * Contract: pure; built once per scenario (cc_turnend_create), then
 * cc_turnend_judge() is a scan of one model answer, safe to call from any one thread at
 * a time per model (the model is not changed by judging). English and Russian
 * know their function words and hesitations; other languages use the answers'
 * statistics alone. Ownership: the caller frees the model (cc_turnend_free
 * accepts NULL); the standard and scenario need not outlive it. */
#ifndef CC_TURNEND_H
#define CC_TURNEND_H

#include "scenario.h"
#include "standard.h"

typedef enum { CC_TURNEND_UNSURE, CC_TURNEND_COMPLETE, CC_TURNEND_UNFINISHED } cc_turnend_kind;

typedef struct cc_turnend cc_turnend;

/* NULL when out of memory. trainee fills {name}. */
cc_turnend *cc_turnend_create(const cc_standard *std, const cc_scenario *scn, const char *trainee);
void cc_turnend_free(cc_turnend *t);

/* Judges `heard` (recogniser output or typed text) as an answer to the node
 * `node` (the engine's cc_call_node of the active line; -1: none). */
cc_turnend_kind cc_turnend_judge(const cc_turnend *t, int node, const char *heard);
const char *cc_turnend_kind_name(cc_turnend_kind k); /* "unsure", "complete", "unfinished" */

/* The silence, in ms, that ends a turn judged k under the standard's settings. */
int cc_turnend_wait_ms(const cc_settings *st, cc_turnend_kind k);

#endif
