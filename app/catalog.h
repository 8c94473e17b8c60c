/* catalog: the scenarios a trainee can pick: the bundled scenarios/ folder
 * and the user's own (scenarios/ in the user data folder), each loaded and
 * checked against its standard (standard.yaml beside it, else the bundled
 * one). A scenario with errors stays in the list, marked, with its first
 * problem, so the trainee sees why it cannot be played.
 *
 * Contract: entries are sorted by title (bundled first); the catalog owns
 * the loaded standards and scenarios, which outlive any call played from it.
 * Entries checked against the same standard file share one loaded copy.
 *
 * Live reload: cc_catalog_poll() looks at each entry's scenario and standard
 * files (modification time, size, inode) and loads again the ones that
 * changed. A file that now has errors keeps the entry's last good version
 * (std and scn stay as they were) and sets its problem to the first error
 * (FILE:LINE:COL: error: ...); a good file replaces the version for the next
 * call and clears the problem. A replaced version is not freed at once: a
 * call in progress or the feedback screen may still point to it. It is kept
 * until cc_catalog_release() is told it is no longer in use (or the catalog
 * is freed). A scenario file that appears in a scanned folder is added at
 * the end. Entries keep their index (no re-sort), so an index held by the
 * app stays valid; the array may move when one is added. */
#ifndef CC_CATALOG_H
#define CC_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "standard.h"

typedef struct {
    int64_t mtime_ns, size, ino; /* all 0: the file was not there */
} cc_file_stamp;

typedef struct {
    char *path;
    int user;           /* from the user's folder */
    cc_standard *std;   /* NULL when it could not be loaded */
    cc_scenario *scn;
    char *problem;      /* first problem, or NULL when playable */
    int best;           /* best score so far, -1: none yet */
    char *std_path;     /* the standard it is checked against */
    cc_file_stamp scn_stamp, std_stamp; /* what was loaded, for live reload */
} cc_catalog_entry;

typedef struct {
    cc_standard *std;
    cc_scenario *scn;
} cc_catalog_old;

/* A standard file loaded once and shared by every scenario checked against
 * it (a hundred scenarios beside one standard parse it once, not a hundred
 * times). Kept while an entry or a replaced version refers to it; a file
 * that failed is remembered with its first problem, so it is not parsed again
 * until it changes. */
typedef struct {
    char *path;
    cc_file_stamp stamp;
    cc_standard *std;   /* NULL: it failed */
    int status;         /* cc_file_status of the load */
    char *problem;      /* first error when it failed */
    int refs;
} cc_catalog_std;

typedef struct {
    char *dir;
    int user;
} cc_catalog_dir;

typedef struct {
    char *path;
    cc_file_stamp stamp;
} cc_catalog_other;

typedef struct {
    cc_catalog_entry *v;
    size_t n;
    const char *standard_override; /* as given to the last scan/add; not owned */
    cc_catalog_old *old;           /* replaced versions kept while in use */
    size_t nold;
    cc_catalog_dir *dirs;          /* scanned folders, looked at again for new files */
    size_t ndirs;
    cc_catalog_other *others;      /* *.yaml files there that are not scenarios */
    size_t nothers;
    cc_catalog_std *stds;          /* loaded standards, shared by path and stamp */
    size_t nstds;
} cc_catalog;

cc_catalog *cc_catalog_create(void);
void cc_catalog_free(cc_catalog *c);
/* Adds every *.yaml scenario of dir (not standard files); missing dir is fine. */
void cc_catalog_scan(cc_catalog *c, const char *dir, int user, const char *standard_override);
/* Adds one file; returns its index, or -1 on out-of-memory. */
int cc_catalog_add(cc_catalog *c, const char *path, int user, const char *standard_override);
void cc_catalog_sort(cc_catalog *c);

/* Live reload (see above). Returns how many entries were loaded again. msg
 * (may be NULL) gets a line for the trainee: the first error of a file that
 * now has errors ("FILE:LINE:COL: error: ..., the version loaded before is
 * kept"), or which scenario was reloaded; "" when nothing changed. */
int cc_catalog_poll(cc_catalog *c, char *msg, size_t msglen);
/* Frees the replaced versions whose standard and scenario are not among
 * in_use (pointers to standards or scenarios a live call or screen holds). */
void cc_catalog_release(cc_catalog *c, const void *const *in_use, size_t n);

/* Each entry's best score from the history in data_dir for trainee (-1 when
 * none; all -1 when there is no history yet). 0, or -1 when the history
 * could not be read (the scores are then left as they were). */
int cc_catalog_fill_best(cc_catalog *c, const char *data_dir, const char *trainee);

#endif
