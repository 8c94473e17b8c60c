#define _POSIX_C_SOURCE 200809L
#include "jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "report.h"

int cc_write_result_json(const char *path, const cc_standard *std, const cc_scenario *scn,
                         const cc_record *rec, const cc_result *res, char *err, size_t errlen)
{
    cc_buf b = CC_BUF_INIT;
    cc_report_json(&b, std, scn, rec, res);
    if (b.failed) {
        cc_buf_reset(&b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int r = cc_fs_write_atomic(path, cc_buf_str(&b), b.len, err, errlen);
    cc_buf_reset(&b);
    return r;
}
