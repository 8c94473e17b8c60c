/* feedback: what a trainee is told to try for a rule they failed.
 *
 * Contract: cc_feedback_model() picks the "Try:" phrase from the call itself: the
 * model answer the scenario gives for that rule at the node where it failed
 * (`models:`), else that node's model answer when it demonstrates the rule (the
 * node expects it, or the rule is a forbidden one, which no model answer says),
 * else the model answer of the first node that expects the rule; only then the
 * standard's generic model, and that only when every one of its slots is filled
 * by this call. Every slot is filled; a phrase with a slot this call cannot fill
 * is never returned. NULL when nothing fits (show no "Try:" line) or out of
 * memory. Pure; the caller frees the text. */
#ifndef CC_FEEDBACK_H
#define CC_FEEDBACK_H

#include "engine.h"
#include "score.h"

char *cc_feedback_model(const cc_standard *std, const cc_scenario *scn, const cc_record *rec,
                        const cc_result *res, int rule, const cc_slots *slots);

#endif
