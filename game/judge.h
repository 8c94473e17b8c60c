/* judge: one answer against one rule, at the node of the call where it was given.
 *
 * Contract: the one judgement of what an answer means, shared by the engine (branch
 * conditions: what the caller reacts to) and the scorer (verdicts), so both always
 * agree. A phrase rule with `facts:` (standard.h) at a node that declares facts of
 * those kinds is judged on the facts the answer states, in any words (each fact's
 * patterns, with the negation scope of match.h); anywhere else, and for forbidden
 * rules, on the rule's phrases. Pure; the evidence is the speaker's own words: the
 * phrase matched, or each fact stated with its name, or the facts missing. */
#ifndef CC_JUDGE_H
#define CC_JUDGE_H

#include <stddef.h>

#include "match.h"
#include "scenario.h"
#include "standard.h"

#define CC_JUDGE_EVIDENCE 320

typedef struct {
    int hit;      /* phrase rule: its content is there; forbidden rule: a phrase was said */
    int by_facts; /* judged on the node's facts */
    /* hit: the words matched ("Good morning"), or the facts stated
     * ("\"one cabin bag\" (item-cabin), \"Thursday\" (date)"); by_facts and not hit:
     * the facts not stated ("item-cabin, date"); else empty. */
    char evidence[CC_JUDGE_EVIDENCE];
} cc_judgement;

/* node: index into scn's nodes, or -1 (no node: phrases only); scn may be NULL.
 * 0 done (see *out), -1 out of memory. */
int cc_judge_answer(const cc_standard *std, const cc_scenario *scn, int node, int rule,
                    const char *text, const cc_slots *slots, cc_judgement *out);

/* The facts of kinds the rule asks for at that node (0: phrases judge there). */
size_t cc_judge_facts_at(const cc_standard *std, const cc_scenario *scn, int node, int rule);

#endif
