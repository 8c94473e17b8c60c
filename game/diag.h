/* diag: diagnostics collected while reading files.
 *
 * Contract: the library never prints and never exits; every problem found in a
 * file becomes one cc_diag (file, 1-based line and column, severity, message)
 * appended to a cc_diags list the caller owns. Strings are copied in, so the
 * caller may free its own buffers after adding. Tools format the list with
 * cc_diag_format() in the one GNU style "FILE:LINE:COL: error: message". */
#ifndef CC_DIAG_H
#define CC_DIAG_H

#include <stddef.h>

typedef enum { CC_DIAG_ERROR, CC_DIAG_WARNING, CC_DIAG_NOTE } cc_severity;

typedef struct {
    char *file;      /* as given by the caller, e.g. "scenarios/rude-caller.yaml" */
    int line, col;   /* 1-based; 0 when the problem is the whole file */
    cc_severity severity;
    char *message;
} cc_diag;

typedef struct cc_diags cc_diags;

cc_diags *cc_diags_create(void);
void cc_diags_free(cc_diags *d); /* accepts NULL */

/* printf-style; silently drops the diagnostic when out of memory (the count of
 * errors is still raised, so a caller never mistakes a failed file for clean).
 * After CC_DIAGS_MAX diagnostics more are counted but not kept: a megabyte of
 * binary junk would otherwise make a hundred thousand lines nobody reads. */
#define CC_DIAGS_MAX 200
void cc_diags_add(cc_diags *d, cc_severity sev, const char *file, int line, int col,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

size_t cc_diags_count(const cc_diags *d);
size_t cc_diags_errors(const cc_diags *d);
/* Diagnostics counted but not kept (beyond CC_DIAGS_MAX), and the file of the
 * first of them (NULL when none). */
size_t cc_diags_dropped(const cc_diags *d);
const char *cc_diags_dropped_file(const cc_diags *d);
const cc_diag *cc_diags_get(const cc_diags *d, size_t i);
/* Stable sort by file (first-seen order), line, column. */
void cc_diags_sort(cc_diags *d);

/* "FILE:LINE:COL: error: message" (without a newline) into buf of size n;
 * returns the length it needed, as snprintf does. */
int cc_diag_format(const cc_diag *g, char *buf, size_t n);

/* Levenshtein distance, for "did you mean" suggestions; capped at 100. */
int cc_edit_distance(const char *a, const char *b);

#endif
