/* export: the reports trainers read, made from the history (history.h): a
 * self-contained HTML page (inline SVG charts, transcripts, no scripts, links only
 * within the page), a CSV
 * table with one row per session and a column per rule, xAPI statements (a
 * JSON array) for a learning record store, and a plain-text summary.
 * callcoach-report and the progress screen's export button both use it, so
 * they write the same bytes for the same history.
 *
 * Contract: a cc_export is what the history says about one trainee or about
 * everyone (trainee NULL: the whole group, with a group section in the HTML),
 * read once by cc_export_load; the report makers only append to a cc_buf.
 * The output depends on the history, the drill candidates, the course and
 * (the HTML's transcripts) the session folders beside the history only (times
 * are printed in UTC), never on the clock or the locale's time zone. Retries
 * are listed as retries of their call and left out of attempts, first and
 * best scores and pass counts (history.h).
 *
 * Errors: functions return 0 or a negative cc_export_status with a message
 * "cannot ...: why; what to do" in err (errlen may be 0; for a file, the path
 * is named). Nothing is printed, nothing exits. Files are written atomically
 * through fsutil.h: each is replaced whole or left as it was.
 *
 * Ownership: cc_export_load borrows the cc_history, which must stay open
 * until cc_export_free (the HTML and text ask it for per-trainee figures).
 * Drill candidates given to cc_export_set_drills are borrowed too. The
 * cc_export owns the rows it read; cc_export_free accepts NULL. */
#ifndef CC_EXPORT_H
#define CC_EXPORT_H

#include <stddef.h>

#include "buf.h"
#include "history.h"

typedef enum {
    CC_EXPORT_OK = 0,
    CC_EXPORT_ERROR = -1,      /* the history could not be read (the message says why) */
    CC_EXPORT_NO_TRAINEE = -2, /* the trainee asked for has no sessions */
    CC_EXPORT_NOMEM = -3,
    CC_EXPORT_WRITE = -4       /* a report file could not be written */
} cc_export_status;

/* The names cc_export_write_dir gives the three files. */
#define CC_EXPORT_HTML_FILE "report.html"
#define CC_EXPORT_CSV_FILE "sessions.csv"
#define CC_EXPORT_XAPI_FILE "statements.json"

typedef struct cc_export cc_export;

/* Reads the sessions and verdicts of trainee (NULL: everyone). A trainee with
 * no session gives CC_EXPORT_NO_TRAINEE and a message naming the trainees the
 * history has. */
int cc_export_load(cc_history *h, const char *trainee, cc_export **out, char *err, size_t errlen);
void cc_export_free(cc_export *e);

/* The scenarios the HTML and the summary may suggest as the next drill
 * (history.h's cc_history_suggest_drill); none by default. */
void cc_export_set_drills(cc_export *e, const cc_drill_candidate *c, size_t n);

/* The onboarding course (game/course.h; borrowed): with one, the HTML and the
 * summary say which stage each trainee is in and which stage pass marks they
 * met, and the CSV and xAPI name each session's stage. None by default. */
struct cc_course;
void cc_export_set_course(cc_export *e, const struct cc_course *c);

/* The number of sessions read. */
size_t cc_export_sessions(const cc_export *e);

/* Each appends its report to out; CC_EXPORT_NOMEM when out ran out of memory. */
int cc_export_csv(const cc_export *e, cc_buf *out);
int cc_export_xapi(const cc_export *e, cc_buf *out);
int cc_export_html(const cc_export *e, cc_buf *out);
int cc_export_text(const cc_export *e, cc_buf *out);

/* Writes CC_EXPORT_HTML_FILE, CC_EXPORT_CSV_FILE and CC_EXPORT_XAPI_FILE into
 * dir (made if missing, with its parents), each atomically. On failure the
 * message names the file that could not be written; the files before it in
 * that order (CSV, xAPI, HTML) are written. */
int cc_export_write_dir(const cc_export *e, const char *dir, char *err, size_t errlen);

/* The whole export for a program with a data folder: opens the history in
 * data_dir read-only, reads trainee (NULL: everyone) and writes the three
 * files into dir. A data folder with no history gives CC_EXPORT_ERROR with
 * the history's own message ("there is none yet; record a call first").
 * course (may be NULL) as for cc_export_set_course. */
int cc_export_to_dir(const char *data_dir, const char *trainee, const cc_drill_candidate *c,
                     size_t n, const struct cc_course *course, const char *dir, char *err,
                     size_t errlen);

#endif
