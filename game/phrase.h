/* phrase: does what was said satisfy a rule's phrases?
 *
 * Contract: shared by the engine (branch conditions) and the scorer (verdicts)
 * so both judge an answer the same way. Pure; the evidence is written into the
 * caller's buffer as the words of the answer that matched. The answer is normalised
 * for the phrases' language (cc_pattern_language of the first; a rule's or a branch's
 * phrases all come from one file, so they share it). */
#ifndef CC_PHRASE_H
#define CC_PHRASE_H

#include <stddef.h>

#include "match.h"
#include "standard.h"

/* 1: a phrase matched (evidence holds the matched words), 0: none did, -1: out of memory. */
int cc_phrases_hit(cc_pattern *const *phrases, size_t n, int max_gap, int strict_order,
                   const char *text, const cc_slots *slots, char *evidence, size_t evlen);
int cc_rule_hit(const cc_rule *r, const char *text, const cc_slots *slots, char *evidence,
                size_t evlen);

#endif
