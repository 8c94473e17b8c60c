/* score: judges a finished call against the standard.
 *
 * Contract: cc_score() reads the record of a call (engine.h) with the standard
 * and scenario it was played with, and gives every rule of the standard a
 * verdict (pass, fail or n/a) with its evidence and the turn it belongs to,
 * the verdicts of each turn, the weighted score out of 100 and whether the
 * call passed (docs/formats.md, "Scoring"). Pure: the same record always
 * scores the same. The result owns its strings (cc_result_free). */
#ifndef CC_SCORE_H
#define CC_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"
#include "standard.h"

typedef enum { CC_VERDICT_NA, CC_VERDICT_PASS, CC_VERDICT_FAIL } cc_verdict;

typedef struct {
    cc_verdict verdict;
    char *evidence; /* never NULL */
    int turn;       /* index into the record's turns, -1 when not tied to one */
    int64_t at;     /* ms on the call clock, CC_NO_TIME when not tied to a moment */
} cc_rule_verdict;

typedef struct {
    int turn;
    int rule;
    cc_verdict verdict;
    char *evidence;
} cc_turn_verdict;

typedef struct cc_result {
    int score;           /* 0-100 */
    int passed;
    int critical_failed; /* a critical rule failed: score capped */
    int raw_score;       /* before the cap */
    cc_rule_verdict *rules; size_t nrules;  /* parallel to the standard's rules */
    cc_turn_verdict *turn_verdicts; size_t nturn_verdicts; /* in turn order */
    /* How the call ended for the customer: the outcome id its end node declares
     * ("resolved", "callback-agreed", "transferred", "lost", ...; the standard's
     * `outcomes`), the standard's unfinished outcome when a line ended before any
     * end node, or NULL when none is declared. Line 1's, unless another answered
     * line's is worse. Its effect (fail the call, cap the score) is already in
     * score and passed. Owned by the result. */
    char *outcome;
} cc_result;

cc_result *cc_score(const cc_standard *std, const cc_scenario *scn, const cc_record *rec);
void cc_result_free(cc_result *r); /* accepts NULL */
const char *cc_verdict_name(cc_verdict v); /* "pass", "fail", "n/a" */

#endif
