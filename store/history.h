/* history: every finished call in one SQLite database, and what trainers ask of it.
 *
 * Contract: the only user of SQLite. The database is DATA/history.sqlite (DATA as in
 * fsutil.h's cc_data_dir), in WAL mode with synchronous=FULL, its layout versioned by
 * PRAGMA user_version and marked by PRAGMA application_id (0x63636831, "cch1"):
 *
 *   trainees (id, name UNIQUE, key UNIQUE, created_at): name as first written,
 *             trimmed; key its cc_history_name_key (the same trainee whatever the case)
 *   sessions (id, trainee_id, scenario_id, scenario_title, standard_id, channel
 *             'desktop'|'terminal'|'take' (meta.h's cc_meta_channel), started_at [Unix s], duration_ms, score, passed,
 *             pass_mark, folder UNIQUE, mode 'practice'|'assessment'|'' (unknown),
 *             answers 'spoken'|'typed'|'mixed'|'none'|'' (unknown), outcome (NULL:
 *             none declared), retry_of (NULL: a call of its own; else the folder of
 *             the call it retried, '' when that one was not saved), retry_turn
 *             (0-based turn the retry went back to), kept_ms (the original call up
 *             to this moment was kept in the retry))
 *   verdicts (session_id, rule_id, verdict 'pass'|'fail'|'n/a', evidence, turn)
 *   rules    (standard_id, rule_id, title, weight, critical): titles for reports
 *
 * Retries (a call taken again from one of its turns, the caller's state kept)
 * are stored and listed, but are not attempts: cc_history_scenario_stats,
 * cc_history_rule_stats, cc_history_group_summary and the drill leave them out
 * (their first turns are the original's, already counted), and count them apart.
 * Trainee names are compared by key: trimmed, inner spaces collapsed, letters
 * folded to lower case (ASCII and Latin-1), so "alex " is "Alex".
 *
 * all STRICT tables. Opening migrates an older layout forward in one transaction
 * (version 0, an empty file, gets the whole schema); a database from a newer
 * callcoach (user_version above CC_HISTORY_SCHEMA) or one that is not ours is
 * refused and left exactly as it was (it is first looked at read-only). One call
 * is stored in one transaction (cc_history_add): either all of it or none.
 *
 * Errors: functions return 0 (or a count) on success and a negative cc_history_status
 * with a message "what failed: why; what to do" in err (errlen may be 0). A full
 * disk (SQLITE_FULL) rolls the call back and leaves the database whole (it passes
 * PRAGMA integrity_check); earlier calls stay. Nothing is printed, nothing exits.
 *
 * Ownership: query results are arrays the caller frees with the matching _free
 * function (which accepts NULL). A cc_history is used by one thread at a time. */
#ifndef CC_HISTORY_H
#define CC_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"
#include "score.h"
#include "standard.h"

#define CC_HISTORY_SCHEMA 2
#define CC_HISTORY_FILE "history.sqlite"

typedef enum {
    CC_HISTORY_OK = 0,
    CC_HISTORY_ERROR = -1,    /* anything else (the message says what) */
    CC_HISTORY_NEWER = -2,    /* written by a newer callcoach: refused, unchanged */
    CC_HISTORY_NOT_OURS = -3, /* a file that is not a callcoach history */
    CC_HISTORY_FULL = -4,     /* the disk is full: the call was not stored */
    CC_HISTORY_READONLY = -5, /* the folder or file cannot be written */
    CC_HISTORY_MISSING = -6,  /* no history yet (opened for reading only) */
    CC_HISTORY_EXISTS = -7,   /* this session folder is stored already */
    CC_HISTORY_NOMEM = -8,
    CC_HISTORY_OLDER = -9     /* opened for reading only, but an older layout: open it for
                               * writing once to bring it up to date */
} cc_history_status;

enum { CC_HISTORY_READ_ONLY = 1 };

typedef struct cc_history cc_history;

/* Opens (creating the folder and the file unless CC_HISTORY_READ_ONLY)
 * DATA/history.sqlite. */
int cc_history_open(const char *data_dir, int flags, cc_history **out, char *err, size_t errlen);
/* The same for a database file anywhere. */
int cc_history_open_file(const char *db_path, int flags, cc_history **out, char *err,
                         size_t errlen);
void cc_history_close(cc_history *h); /* accepts NULL */
/* The database file's path (its folder is the data folder, with sessions/). */
const char *cc_history_path(const cc_history *h);

/* ---- storing a call ---- */

typedef struct {
    const char *rule_id;
    const char *rule_title; /* may be NULL */
    int weight, critical;
    cc_verdict verdict;
    const char *evidence;   /* may be NULL */
    int turn;               /* -1 when not tied to a turn */
} cc_history_verdict;

typedef struct {
    const char *trainee, *scenario_id, *scenario_title, *standard_id;
    const char *channel;    /* "desktop", "terminal", "take" (cc_meta_channel; older words and
                             * NULL are mapped: "voice" and NULL are desktop, "text" terminal) */
    const char *folder;     /* the session folder's name under sessions/, or NULL */
    int64_t started_at;     /* Unix seconds */
    int64_t duration_ms;
    int score, passed, pass_mark;
    const cc_history_verdict *verdicts;
    size_t nverdicts;
    const char *mode;       /* "practice" or "assessment"; NULL: unknown */
    const char *answers;    /* "spoken", "typed", "mixed" or "none"; NULL: unknown */
    const char *outcome;    /* the call's outcome id (cc_result.outcome); NULL: none */
    const char *retry_of;   /* a retry: the original's folder ("" if it had none); NULL: not */
    int retry_turn;         /* a retry: the turn (0-based) it went back to */
    int64_t kept_ms;        /* a retry: the original call up to here was kept */
} cc_history_call;

/* How a scored call was taken, for cc_history_add_result: the fields of
 * cc_history_call that the record and result do not hold. */
typedef struct {
    const char *channel, *mode, *answers, *retry_of, *folder;
    int retry_turn;
    int64_t kept_ms, started_at;
} cc_history_how;

/* Stores one call (trainee created on first use) in one transaction. *id (may be
 * NULL) gets the session's id. */
int cc_history_add(cc_history *h, const cc_history_call *c, int64_t *id, char *err, size_t errlen);
/* The same from a scored call: verdicts of every rule of the standard. */
int cc_history_add_result(cc_history *h, const cc_standard *std, const cc_scenario *scn,
                          const cc_record *rec, const cc_result *res, const cc_history_how *how,
                          int64_t *id, char *err, size_t errlen);

/* Opens the history in data_dir, stores the scored call and closes it. A call stored
 * already (a recovery that raced a finish) counts as stored: 0, else -1 with err. */
int cc_history_store_result(const char *data_dir, const cc_standard *std, const cc_scenario *scn,
                            const cc_record *rec, const cc_result *res, const cc_history_how *how,
                            char *err, size_t errlen);

/* Trainee names: name trimmed with inner white space collapsed (malloc'd, NULL
 * on out-of-memory), and the key names are compared by (that, in lower case). */
char *cc_history_name_clean(const char *name);
char *cc_history_name_key(const char *name);
int cc_history_same_name(const char *a, const char *b);

/* Removes a trainee (by key) with every session, verdict and retry of theirs, in
 * one transaction. *folders (may be NULL) gets the session folder names the rows
 * pointed to (for the caller to delete), *nsessions how many rows went. 0, or
 * CC_HISTORY_MISSING when the history has no such trainee, or < 0. */
int cc_history_delete_trainee(cc_history *h, const char *trainee, char ***folders,
                              size_t *nfolders, int *nsessions, char *err, size_t errlen);

/* ---- what trainers ask ---- */

typedef struct {
    int64_t id;
    char *trainee, *scenario_id, *scenario_title, *standard_id, *channel, *folder; /* folder may be NULL */
    int64_t started_at, duration_ms;
    int score, passed, pass_mark;
    char *mode, *answers;   /* "" when unknown */
    char *outcome;          /* NULL: none */
    char *retry_of;         /* NULL: not a retry */
    int retry_turn;
    int64_t kept_ms;
} cc_history_session;

/* Sessions in time order (started_at, then id): a trainee's score per scenario over
 * time. trainee and scenario_id NULL mean all. Returns the count or < 0. */
int cc_history_sessions(cc_history *h, const char *trainee, const char *scenario_id,
                        cc_history_session **out, size_t *n, char *err, size_t errlen);
void cc_history_sessions_free(cc_history_session *s, size_t n);
void cc_history_session_clear(cc_history_session *s); /* one row's strings, for filtering */

typedef struct {
    int64_t session_id;
    char *rule_id, *evidence;
    cc_verdict verdict;
    int turn;
} cc_history_verdict_row;

/* Every verdict of the sessions of trainee (NULL: all), by session then in the
 * standard's rule order. */
int cc_history_verdicts(cc_history *h, const char *trainee, cc_history_verdict_row **out,
                        size_t *n, char *err, size_t errlen);
void cc_history_verdicts_free(cc_history_verdict_row *v, size_t n);

typedef struct {
    char *scenario_id, *scenario_title;
    int attempts, passes;   /* calls of their own (retries left out) */
    int retries;            /* retries of those calls */
    int first_score, best_score, last_score;
    int64_t first_at, best_at, last_at; /* best: the first time the best score was reached */
} cc_history_scenario_stat;

/* First, best and last per scenario for one trainee, by scenario id; retries are
 * counted apart (a scenario tried only as retries has attempts 0). */
int cc_history_scenario_stats(cc_history *h, const char *trainee, cc_history_scenario_stat **out,
                              size_t *n, char *err, size_t errlen);
void cc_history_scenario_stats_free(cc_history_scenario_stat *s, size_t n);

typedef struct {
    char *rule_id, *rule_title; /* title NULL if unknown */
    int applied;                /* sessions where the rule was pass or fail */
    int failed;
    double fail_rate;           /* failed / applied */
} cc_history_rule_stat;

/* Rules by how often they failed (count, then rate, then id), for trainee (NULL:
 * everyone). Rules that never applied are left out. */
int cc_history_rule_stats(cc_history *h, const char *trainee, cc_history_rule_stat **out,
                          size_t *n, char *err, size_t errlen);
void cc_history_rule_stats_free(cc_history_rule_stat *s, size_t n);

/* A scenario the trainee could drill, with the rules it exercises. */
typedef struct {
    const char *scenario_id, *title;
    const char *const *rules; /* rule ids */
    size_t nrules;
} cc_drill_candidate;

typedef struct {
    char *scenario_id, *title;
    double weight;   /* sum of the fail rates of the weak rules it exercises */
    char **rules;    /* those weak rules, weakest first */
    size_t nrules;
} cc_drill;

/* The rules a scenario exercises: those its nodes expect, and the event rules
 * (hold, resume, switch, transfer) whose event one of its branches reacts to,
 * or which its second line makes happen. ids point into std; free(*ids). */
int cc_scenario_drill_rules(const cc_standard *std, const cc_scenario *scn, const char ***ids,
                            size_t *n);

/* Suggested next drill: the candidate whose rules overlap most with the trainee's
 * weakest rules (the up to 5 rules with the highest fail rate, failed at least
 * once). Ties go to the scenario tried least, then by id. With no weak rules,
 * the candidate tried least (never tried first). Returns 1 with *out filled, 0
 * when there are no candidates, < 0 on error. */
int cc_history_suggest_drill(cc_history *h, const char *trainee, const cc_drill_candidate *c,
                             size_t nc, cc_drill *out, char *err, size_t errlen);
void cc_drill_clear(cc_drill *d);

typedef struct {
    char *trainee;
    int sessions, passed, scenarios; /* calls of their own */
    int retries;
    double mean_score;
    int best_score, last_score;
    int64_t first_at, last_at;
    double improvement;   /* mean over scenarios tried twice or more of (best - first) */
    char *weakest_rule;   /* highest fail rate (failed at least once), NULL if none */
    double weakest_rate;
} cc_history_trainee_summary;

/* One row per trainee, by name: the group summary. */
int cc_history_group_summary(cc_history *h, cc_history_trainee_summary **out, size_t *n,
                             char *err, size_t errlen);
void cc_history_group_summary_free(cc_history_trainee_summary *s, size_t n);

/* All trainee names, sorted. */
int cc_history_trainees(cc_history *h, char ***names, size_t *n, char *err, size_t errlen);
void cc_history_names_free(char **names, size_t n);

/* PRAGMA integrity_check: 0 when "ok", else CC_HISTORY_ERROR with the first problem. */
int cc_history_check(cc_history *h, char *err, size_t errlen);
/* For tests: cap the database at this many pages (PRAGMA max_page_count), which
 * makes SQLite answer SQLITE_FULL as on a full disk. */
int cc_history_limit_pages(cc_history *h, long pages, char *err, size_t errlen);

#endif
