/* jsonout: writes a scored call to a file as the JSON `callcoach-score --json`
 * prints, so a desktop or terminal call can be checked by the same programs.
 *
 * Contract: the file is replaced atomically (cc_fs_write_atomic, fsutil.h),
 * so a reader never sees half a report. Returns 0, or -1 with a reason in
 * err ("cannot write PATH: why; what to do"). */
#ifndef CC_JSONOUT_H
#define CC_JSONOUT_H

#include <stddef.h>

#include "engine.h"
#include "score.h"

int cc_write_result_json(const char *path, const cc_standard *std, const cc_scenario *scn,
                         const cc_record *rec, const cc_result *res, char *err, size_t errlen);

#endif
