/* import: session folders recorded on other desks, merged into this data
 * folder's history (callcoach-report --import).
 *
 * Contract: cc_import_path() takes a data folder (with sessions/), a sessions
 * folder, or one session folder, and for every finished session in it (one
 * with meta.json and result.json) copies the folder whole into
 * DATA/sessions/ under its own name and adds the call to the history from
 * those two files: the trainee, scenario, mode, answers, retry and outcome of
 * meta.json, the score and every rule's verdict, evidence and turn of
 * result.json. Importing is idempotent: a session already here (a folder of
 * the same name recording the same call: trainee, scenario, start and seed)
 * is neither copied nor stored again; a different call with the same folder
 * name is copied under NAME-2, NAME-3... (a retry of it imported in the same
 * run, after it, is then stored as a retry of the new name). A folder is copied under a dot name
 * first and renamed when whole, so an interrupted import leaves nothing
 * half-copied that looks like a session. Unfinished sessions are skipped and
 * counted (recover them on their own desk: start callcoach there once).
 *
 * Errors: 0, or -1 with "cannot ...: why; what to do" in err for the first
 * session that could not be taken (those before it are imported). Nothing is
 * printed. Notes about skipped folders are appended to notes (may be NULL),
 * one line each. The history must be open for writing. */
#ifndef CC_IMPORT_H
#define CC_IMPORT_H

#include <stddef.h>

#include "buf.h"
#include "history.h"

typedef struct {
    int imported;   /* copied (or already here) and now stored in the history */
    int already;    /* here and in the history before */
    int skipped;    /* unfinished or unreadable (notes say which and why) */
} cc_import_counts;

int cc_import_path(cc_history *h, const char *data_dir, const char *from, cc_import_counts *n,
                   cc_buf *notes, char *err, size_t errlen);

#endif
