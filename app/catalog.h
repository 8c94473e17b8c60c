/* catalog: the scenarios a trainee can pick: the bundled scenarios/ folder
 * and the user's own (scenarios/ in the user data folder), each loaded and
 * checked against its standard (standard.yaml beside it, else the bundled
 * one). A scenario with errors stays in the list, marked, with its first
 * problem, so the trainee sees why it cannot be played.
 *
 * Contract: entries are sorted by title (bundled first); the catalog owns
 * the loaded standards and scenarios, which outlive any call played from it. */
#ifndef CC_CATALOG_H
#define CC_CATALOG_H

#include <stddef.h>

#include "scenario.h"
#include "standard.h"

typedef struct {
    char *path;
    int user;           /* from the user's folder */
    cc_standard *std;   /* NULL when it could not be loaded */
    cc_scenario *scn;
    char *problem;      /* first problem, or NULL when playable */
    int best;           /* best score so far, -1: none yet */
} cc_catalog_entry;

typedef struct {
    cc_catalog_entry *v;
    size_t n;
} cc_catalog;

cc_catalog *cc_catalog_create(void);
void cc_catalog_free(cc_catalog *c);
/* Adds every *.yaml scenario of dir (not standard files); missing dir is fine. */
void cc_catalog_scan(cc_catalog *c, const char *dir, int user, const char *standard_override);
/* Adds one file; returns its index, or -1 on out-of-memory. */
int cc_catalog_add(cc_catalog *c, const char *path, int user, const char *standard_override);
void cc_catalog_sort(cc_catalog *c);

#endif
