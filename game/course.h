/* course: an onboarding course, the scenarios in the order a new hire takes
 * them, grouped into stages with a pass mark each; and where a trainee is in
 * it, given their best scores.
 *
 * Contract: cc_course_load() checks a course file (docs/formats.md) and
 * reports every problem with file:line:col into diags, with "did you mean"
 * for unknown keys; NULL when there was any error. Each scenario a stage
 * names is kept as written, with its id and its path resolved against the
 * course's folder; the loader does no I/O, so whether those scenarios exist
 * is checked by cc_course_check_ids() against ids the host found (the
 * scenarios of the folder, the catalog). The course is read-only and owned
 * by the caller (cc_course_free).
 *
 * Progress is computed, not stored: cc_course_progress() takes the best score
 * per scenario id (the history keeps those) and says which stages are passed,
 * the current stage and the scenario to play next. The result is owned by
 * the caller (cc_course_progress_clear). */
#ifndef CC_COURSE_H
#define CC_COURSE_H

#include <stddef.h>

#include "diag.h"
#include "files.h"

/* One scenario of a stage: `ref` as written, an id ("wrong-number") or a file
 * name ending in .yaml, relative to the course's folder. */
typedef struct {
    char *ref;
    char *id;       /* the scenario id: ref, or the file name without folder and .yaml */
    char *path;     /* the scenario file: FOLDER/ID.yaml, or FOLDER/REF */
    int src_line, src_col;
} cc_course_item;

typedef struct {
    char *title;
    int pass_mark;  /* 0-100: every scenario of the stage must reach it */
    cc_course_item *items; size_t nitems;
    int src_line, src_col;
} cc_course_stage;

typedef struct cc_course {
    char *path, *id, *title, *language, *description; /* description may be NULL */
    cc_course_stage *stages; size_t nstages;
} cc_course;

cc_course *cc_course_load(const char *path, const char *data, size_t len, cc_diags *diags);
cc_file_status cc_course_load_file(const char *path, cc_course **out, cc_diags *diags);
void cc_course_free(cc_course *c); /* accepts NULL */


/* Reports, at its line:col, every scenario the course names whose id is not
 * among `ids` (with a "did you mean" when one is close; no entry of ids may
 * be NULL). Returns how many. */
size_t cc_course_check_ids(const cc_course *c, const char *const *ids, size_t nids,
                           cc_diags *diags);

/* Index of the (stage, item) with this scenario id, or -1 in both. */
int cc_course_find(const cc_course *c, const char *id, size_t *stage, size_t *item);

typedef struct {
    size_t nstages;
    int *stage_passed;      /* per stage: every scenario's best is at or above its pass mark */
    int current;            /* the first stage not passed, in order; -1 when all are */
    int next_stage, next_item; /* the scenario to play next, -1 when the course is done: the
                                * first one of the current stage below the pass mark */
} cc_course_progress;

/* best[i] is the best score (0-100, or -1 for never played) of scenario ids[i];
 * scenarios missing from ids count as never played. 0, or -1 out of memory. */
int cc_course_progress_compute(const cc_course *c, const char *const *ids, const int *best,
                               size_t n, cc_course_progress *out);
void cc_course_progress_clear(cc_course_progress *p); /* accepts NULL and cleared ones */

#endif
