/* files: reading the standard, scenarios and takes from disk.
 *
 * Contract: each loader reads the whole file (refusing files over 1 MiB
 * before reading them), hands it to the matching parser, and reports problems
 * into diags. The status says which kind of failure it was so hosts can pick
 * an exit code: a missing or unreadable file is not a bad file. */
#ifndef CC_FILES_H
#define CC_FILES_H

#include <stddef.h>

#include "diag.h"
#include "scenario.h"
#include "standard.h"
#include "take.h"

typedef enum { CC_FILE_OK, CC_FILE_MISSING, CC_FILE_UNREADABLE, CC_FILE_BAD } cc_file_status;

#define CC_FILE_MAX_BYTES (1024u * 1024u)

/* Reads up to max bytes; bigger files are CC_FILE_BAD with a diagnostic.
 * *data is NUL-terminated and owned by the caller. */
cc_file_status cc_file_read(const char *path, size_t max, char **data, size_t *len,
                            cc_diags *diags);
cc_file_status cc_standard_load_file(const char *path, cc_standard **out, cc_diags *diags);
cc_file_status cc_scenario_load_file(const char *path, const cc_standard *std, cc_scenario **out,
                                     cc_diags *diags);
cc_file_status cc_take_load_file(const char *path, cc_take **out, cc_diags *diags);
/* "standard", "scenario", "course" or NULL: which kind of file this YAML looks
 * like (by the first of those keys at the top level), for tools that take any. */
const char *cc_file_kind(const char *data, size_t len);

#endif
