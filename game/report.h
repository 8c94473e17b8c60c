/* report: a scored call as text for people or JSON for programs.
 *
 * Contract: pure formatting of a record and its result into a cc_buf the
 * caller owns; the JSON layout is documented in docs/formats.md ("Reports").
 * The "Try:" phrase of a failed rule comes from this call (feedback.h), with its
 * slots filled; none is shown when nothing fits. */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include "buf.h"
#include "engine.h"
#include "score.h"

void cc_report_text(cc_buf *out, const cc_standard *std, const cc_scenario *scn,
                    const cc_record *rec, const cc_result *res);
void cc_report_json(cc_buf *out, const cc_standard *std, const cc_scenario *scn,
                    const cc_record *rec, const cc_result *res);

#endif
