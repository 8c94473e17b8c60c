/* history: every finished call in SQLite. See history.h. */
#define _POSIX_C_SOURCE 200809L
#include "history.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fsutil.h"
#include "meta.h"
#include "mem.h"

#define APP_ID 0x63636831 /* "cch1" */
#define WEAK_RULES 5

struct cc_history {
    sqlite3 *db;
    char *path;
    int read_only;
};



/* An SQLite result code as our status, with "cannot WHAT PATH: why; what to do". */
static int fail_db(cc_history *h, sqlite3 *db, int rc, const char *what, char *err, size_t errlen)
{
    const char *path = h && h->path ? h->path : CC_HISTORY_FILE;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xFF) {
    case SQLITE_FULL:
        cc_fs_set_err(err, errlen, "cannot %s %s: the disk is full; free some space and try again "
                "(the history is intact)", what, path);
        return CC_HISTORY_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        cc_fs_set_err(err, errlen, "cannot %s %s: the file or its folder is read-only (%s); fix its "
                "permissions or choose another data folder (--data-dir or CALLCOACH_HOME)",
                what, path, msg);
        return CC_HISTORY_READONLY;
    case SQLITE_CANTOPEN:
        cc_fs_set_err(err, errlen, "cannot %s %s: it cannot be opened or created (%s); check that the "
                "folder exists and is writable, or choose another data folder", what, path, msg);
        return CC_HISTORY_READONLY;
    case SQLITE_NOMEM:
        cc_fs_set_err(err, errlen, "cannot %s %s: out of memory; close other programs", what, path);
        return CC_HISTORY_NOMEM;
    case SQLITE_NOTADB:
        cc_fs_set_err(err, errlen, "cannot %s %s: it is not an SQLite database; move it aside (it is "
                "not callcoach's) and try again", what, path);
        return CC_HISTORY_NOT_OURS;
    case SQLITE_CORRUPT:
        cc_fs_set_err(err, errlen, "cannot %s %s: the database is damaged (%s); keep a copy, move it "
                "aside and start a new history", what, path, msg);
        return CC_HISTORY_ERROR;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        cc_fs_set_err(err, errlen, "cannot %s %s: another program holds it (%s); close other "
                "callcoach windows and try again", what, path, msg);
        return CC_HISTORY_ERROR;
    case SQLITE_IOERR:
        cc_fs_set_err(err, errlen, "cannot %s %s: the disk reported an error (%s); check the disk "
                "and free some space", what, path, msg);
        return CC_HISTORY_ERROR;
    default:
        cc_fs_set_err(err, errlen, "cannot %s %s: %s; check the file and the disk", what, path, msg);
        return CC_HISTORY_ERROR;
    }
}

static int exec(cc_history *h, const char *sql, const char *what, char *err, size_t errlen)
{
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail_db(h, h->db, rc, what, err, errlen);
}

static int pragma_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            *out = 0;
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- schema ---- */

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE trainees(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE sessions(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  trainee_id INTEGER NOT NULL REFERENCES trainees(id),\n"
    "  scenario_id TEXT NOT NULL,\n"
    "  scenario_title TEXT NOT NULL,\n"
    "  standard_id TEXT NOT NULL,\n"
    "  mode TEXT NOT NULL,\n"
    "  started_at INTEGER NOT NULL,\n"
    "  duration_ms INTEGER NOT NULL,\n"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),\n"
    "  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),\n"
    "  pass_mark INTEGER NOT NULL,\n"
    "  folder TEXT UNIQUE\n"
    ") STRICT;\n"
    "CREATE INDEX sessions_by_trainee ON sessions(trainee_id, scenario_id, started_at);\n"
    "CREATE INDEX sessions_by_time ON sessions(started_at);\n"
    "CREATE TABLE verdicts(\n"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'n/a')),\n"
    "  evidence TEXT NOT NULL,\n"
    "  turn INTEGER,\n"
    "  PRIMARY KEY (session_id, rule_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX verdicts_by_rule ON verdicts(rule_id, verdict);\n"
    "CREATE TABLE rules(\n"
    "  standard_id TEXT NOT NULL,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  title TEXT,\n"
    "  weight INTEGER,\n"
    "  critical INTEGER,\n"
    "  PRIMARY KEY (standard_id, rule_id)\n"
    ") STRICT;\n",
    /* 1 -> 2: how each call was taken, its outcome, retries; trainees by key.
     * Old rows: the mode is unknown (''), a terminal call's answers were typed,
     * a desktop call's are unknown. Trainees whose names differ only in case or
     * spaces become one (the first written), their sessions joined. */
    "ALTER TABLE sessions RENAME COLUMN mode TO channel;\n"
    "ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE sessions ADD COLUMN answers TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE sessions ADD COLUMN outcome TEXT;\n"
    "ALTER TABLE sessions ADD COLUMN retry_of TEXT;\n"
    "ALTER TABLE sessions ADD COLUMN retry_turn INTEGER;\n"
    "ALTER TABLE sessions ADD COLUMN kept_ms INTEGER;\n"
    "UPDATE sessions SET answers = 'typed' WHERE channel = 'text';\n"
    "UPDATE sessions SET channel = CASE channel WHEN 'voice' THEN 'desktop' "
    "WHEN 'text' THEN 'terminal' ELSE channel END;\n"
    "CREATE INDEX sessions_by_retry ON sessions(retry_of);\n"
    "ALTER TABLE trainees ADD COLUMN key TEXT NOT NULL DEFAULT '';\n"
    "UPDATE trainees SET key = cc_name_key(name);\n"
    "UPDATE sessions SET trainee_id = (SELECT min(t2.id) FROM trainees t1 JOIN trainees t2 "
    "ON t2.key = t1.key WHERE t1.id = sessions.trainee_id);\n"
    "DELETE FROM trainees WHERE id <> (SELECT min(t2.id) FROM trainees t2 "
    "WHERE t2.key = trainees.key);\n"
    "UPDATE trainees SET name = cc_name_clean(name);\n"
    "CREATE UNIQUE INDEX trainees_by_key ON trainees(key);\n",
};

/* ---- trainee names ---- */

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

char *cc_history_name_clean(const char *name)
{
    if (!name) return NULL;
    char *out = malloc(strlen(name) + 1);
    if (!out) return NULL;
    size_t n = 0;
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (is_space(*p)) {
            gap = n > 0;
            continue;
        }
        if (gap) out[n++] = ' ';
        gap = 0;
        out[n++] = (char)*p;
    }
    out[n] = '\0';
    return out;
}

char *cc_history_name_key(const char *name)
{
    char *k = cc_history_name_clean(name);
    if (!k) return NULL;
    unsigned char *p = (unsigned char *)k;
    for (size_t i = 0; p[i]; i++) {
        if (p[i] >= 'A' && p[i] <= 'Z') p[i] = (unsigned char)(p[i] + 32);
        /* Latin-1 capitals (U+00C0..U+00DE but the sign U+00D7) in UTF-8: C3 80..9E. */
        else if (p[i] == 0xC3 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97) {
            p[i + 1] = (unsigned char)(p[i + 1] + 0x20);
            i++;
        }
    }
    return k;
}

int cc_history_same_name(const char *a, const char *b)
{
    char *ka = cc_history_name_key(a), *kb = cc_history_name_key(b);
    int same = ka && kb && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}

static void sql_name_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *in = (const char *)sqlite3_value_text(argv[0]);
    if (!in) {
        sqlite3_result_null(ctx);
        return;
    }
    int key = sqlite3_user_data(ctx) != NULL;
    char *out = key ? cc_history_name_key(in) : cc_history_name_clean(in);
    if (!out) sqlite3_result_error_nomem(ctx);
    else sqlite3_result_text(ctx, out, -1, free);
}

static void register_functions(sqlite3 *db)
{
    static int key_flag = 1;
    int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    sqlite3_create_function(db, "cc_name_key", 1, f, &key_flag, sql_name_fn, NULL, NULL);
    sqlite3_create_function(db, "cc_name_clean", 1, f, NULL, sql_name_fn, NULL, NULL);
}

static int migrate(cc_history *h, long long from, char *err, size_t errlen)
{
    int rc = exec(h, "BEGIN IMMEDIATE", "update", err, errlen);
    if (rc) return rc;
    /* Look again inside the transaction: another process may have migrated meanwhile. */
    long long v = 0;
    int src = pragma_int(h->db, "PRAGMA user_version", &v);
    if (src != SQLITE_OK) {
        rc = fail_db(h, h->db, src, "update", err, errlen);
        goto rollback;
    }
    (void)from;
    for (long long k = v; k < CC_HISTORY_SCHEMA; k++) {
        rc = exec(h, migrations[k], "update", err, errlen);
        if (rc) goto rollback;
    }
    if (v < CC_HISTORY_SCHEMA) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 APP_ID, CC_HISTORY_SCHEMA);
        rc = exec(h, sql, "update", err, errlen);
        if (rc) goto rollback;
    }
    rc = exec(h, "COMMIT", "update", err, errlen);
    if (rc) goto rollback;
    return 0;
rollback:
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* A URI for path that SQLite reads as the file as it is on disk (see inspect). */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(3 * n + 32);
    if (!u) return NULL;
    char *p = u + sprintf(u, "file:");
    for (const char *c = path; *c; c++) {
        if (*c == '%' || *c == '?' || *c == '#') p += sprintf(p, "%%%02X", (unsigned char)*c);
        else *p++ = *c;
    }
    strcpy(p, "?immutable=1");
    return u;
}

/* Looks at an existing file without changing anything: ours, and not newer?
 * A plain read-only open of a WAL database leaves a -wal and a -shm file
 * beside it (nothing may be left by a look at a newer program's file); with no
 * -wal file the database file is whole, so it is read as an immutable file,
 * which creates nothing. With one, another process may be writing: the usual
 * read-only open, which sees its pages. */
static int inspect(cc_history *h, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    char *wal = malloc(strlen(h->path) + 5);
    struct stat st;
    int has_wal = !wal || (sprintf(wal, "%s-wal", h->path), stat(wal, &st) == 0);
    free(wal);
    char *uri = has_wal ? NULL : immutable_uri(h->path);
    int rc = uri ? sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL)
                 : sqlite3_open_v2(h->path, &db, SQLITE_OPEN_READONLY, NULL);
    free(uri);
    long long version = 0, app = 0, tables = 0;
    if (rc == SQLITE_OK) rc = pragma_int(db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK) rc = pragma_int(db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK) rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc != SQLITE_OK) {
        int s = fail_db(h, db, rc, "open the history", err, errlen);
        sqlite3_close(db);
        return s;
    }
    sqlite3_close(db);
    if (app != APP_ID && (app != 0 || tables > 0)) {
        cc_fs_set_err(err, errlen, "cannot open the history %s: it is an SQLite database of another "
                "program; move it aside or choose another data folder", h->path);
        return CC_HISTORY_NOT_OURS;
    }
    if (version > CC_HISTORY_SCHEMA) {
        cc_fs_set_err(err, errlen, "cannot open the history %s: it was written by a newer callcoach "
                "(layout %lld; this one, %s, knows up to %d); update callcoach, or choose "
                "another data folder. The file was not changed", h->path, version, CC_VERSION,
                CC_HISTORY_SCHEMA);
        return CC_HISTORY_NEWER;
    }
    return 0;
}

int cc_history_open_file(const char *db_path, int flags, cc_history **out, char *err,
                         size_t errlen)
{
    if (out) *out = NULL;
    if (!db_path || !out) {
        cc_fs_set_err(err, errlen, "cannot open the history: no file given");
        return CC_HISTORY_ERROR;
    }
    cc_history *h = calloc(1, sizeof *h);
    if (!h || !(h->path = cc_strdup(db_path))) {
        free(h);
        cc_fs_set_err(err, errlen, "cannot open the history: out of memory; close other programs");
        return CC_HISTORY_NOMEM;
    }
    h->read_only = (flags & CC_HISTORY_READ_ONLY) != 0;
    struct stat st;
    int there = stat(db_path, &st) == 0 && st.st_size > 0;
    int rc;
    if (!there && h->read_only) {
        cc_fs_set_err(err, errlen, "cannot open the history %s: there is none yet; record a call "
                "first, or give the data folder with --data-dir", db_path);
        rc = CC_HISTORY_MISSING;
        goto fail;
    }
    if (there && (rc = inspect(h, err, errlen)) != 0) goto fail;
    int oflags = h->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int src = sqlite3_open_v2(db_path, &h->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK) {
        rc = fail_db(h, h->db, src, "open the history", err, errlen);
        goto fail;
    }
    sqlite3_extended_result_codes(h->db, 1);
    sqlite3_busy_timeout(h->db, 5000);
    register_functions(h->db);
    if (!h->read_only) {
        if (sqlite3_db_readonly(h->db, "main") == 1) {
            cc_fs_set_err(err, errlen, "cannot open the history %s for writing: the file or its folder "
                    "is read-only; fix its permissions or choose another data folder "
                    "(--data-dir or CALLCOACH_HOME)", db_path);
            rc = CC_HISTORY_READONLY;
            goto fail;
        }
        /* The journal mode is looked at before it is set: a database that is WAL
         * already is not written to just to say so. */
        char mode[16] = "";
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(h->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
            snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        if (strcmp(mode, "wal") != 0 &&
            (rc = exec(h, "PRAGMA journal_mode = WAL", "open the history", err, errlen)) != 0)
            goto fail;
        if ((rc = exec(h, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
                       "open the history", err, errlen)) != 0)
            goto fail;
        long long v = 0;
        src = pragma_int(h->db, "PRAGMA user_version", &v);
        if (src != SQLITE_OK) {
            rc = fail_db(h, h->db, src, "open the history", err, errlen);
            goto fail;
        }
        if (v < CC_HISTORY_SCHEMA && (rc = migrate(h, v, err, errlen)) != 0) goto fail;
    } else {
        long long v = 0;
        src = pragma_int(h->db, "PRAGMA user_version", &v);
        if (src != SQLITE_OK) {
            rc = fail_db(h, h->db, src, "open the history", err, errlen);
            goto fail;
        }
        if (v < CC_HISTORY_SCHEMA) {
            cc_fs_set_err(err, errlen, "cannot read the history %s: it has an older layout (%lld); "
                    "start callcoach once to update it", db_path, v);
            rc = CC_HISTORY_OLDER;
            goto fail;
        }
    }
    *out = h;
    return 0;
fail:
    cc_history_close(h);
    return rc;
}

int cc_history_open(const char *data_dir, int flags, cc_history **out, char *err, size_t errlen)
{
    if (out) *out = NULL;
    char *dir = cc_data_dir(data_dir, err, errlen);
    if (!dir) return CC_HISTORY_ERROR;
    if (!(flags & CC_HISTORY_READ_ONLY) && cc_fs_mkdirs(dir, 0755, err, errlen) != 0) {
        int e = errno;
        free(dir);
        return e == EROFS || e == EACCES || e == EPERM ? CC_HISTORY_READONLY : CC_HISTORY_ERROR;
    }
    char *path = cc_fs_join(dir, CC_HISTORY_FILE);
    free(dir);
    if (!path) {
        cc_fs_set_err(err, errlen, "cannot open the history: out of memory");
        return CC_HISTORY_NOMEM;
    }
    int rc = cc_history_open_file(path, flags, out, err, errlen);
    free(path);
    return rc;
}

void cc_history_close(cc_history *h)
{
    if (!h) return;
    if (h->db) sqlite3_close(h->db);
    free(h->path);
    free(h);
}

const char *cc_history_path(const cc_history *h) { return h ? h->path : NULL; }

int cc_history_check(cc_history *h, char *err, size_t errlen)
{
    if (!h) return CC_HISTORY_ERROR;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h->db, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK) return fail_db(h, h->db, rc, "check", err, errlen);
    rc = sqlite3_step(st);
    int ok = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
             strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok) {
        if (rc == SQLITE_ROW)
            cc_fs_set_err(err, errlen, "the history %s is damaged: %s; keep a copy and move it aside",
                    h->path, (const char *)sqlite3_column_text(st, 0));
        else fail_db(h, h->db, rc, "check", err, errlen);
    }
    sqlite3_finalize(st);
    return ok ? 0 : CC_HISTORY_ERROR;
}

int cc_history_limit_pages(cc_history *h, long pages, char *err, size_t errlen)
{
    if (!h) return CC_HISTORY_ERROR;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", pages);
    return exec(h, sql, "limit", err, errlen);
}

/* ---- storing a call ---- */

static int step_done(sqlite3_stmt *st) { return sqlite3_step(st); }

int cc_history_add(cc_history *h, const cc_history_call *c, int64_t *id, char *err, size_t errlen)
{
    if (id) *id = 0;
    if (!h || !c || !c->trainee || !*c->trainee || !c->scenario_id) {
        cc_fs_set_err(err, errlen, "cannot store the call: no history, trainee or scenario given");
        return CC_HISTORY_ERROR;
    }
    if (h->read_only) {
        cc_fs_set_err(err, errlen, "cannot store the call in %s: the history was opened for reading "
                "only", h->path);
        return CC_HISTORY_READONLY;
    }
    const char *what = "store the call in";
    char *name = cc_history_name_clean(c->trainee), *key = cc_history_name_key(c->trainee);
    if (!name || !key || !*key) {
        free(name);
        free(key);
        cc_fs_set_err(err, errlen, name && key ? "cannot store the call: the trainee's name is "
                      "blank; sign in with a name" : "cannot store the call: out of memory");
        return name && key ? CC_HISTORY_ERROR : CC_HISTORY_NOMEM;
    }
    int rc = exec(h, "BEGIN IMMEDIATE", what, err, errlen);
    if (rc) {
        free(name);
        free(key);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    int src;
    int64_t trainee_id = 0, sid = 0;

    src = sqlite3_prepare_v2(h->db,
                             "INSERT INTO trainees(name, key, created_at) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT(key) DO NOTHING",
                             -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->started_at);
    if ((src = step_done(st)) != SQLITE_DONE) goto sqlfail;
    sqlite3_finalize(st);
    st = NULL;
    src = sqlite3_prepare_v2(h->db, "SELECT id FROM trainees WHERE key = ?1", -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if ((src = sqlite3_step(st)) != SQLITE_ROW) goto sqlfail;
    trainee_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;

    src = sqlite3_prepare_v2(h->db,
                             "INSERT INTO sessions(trainee_id, scenario_id, scenario_title, "
                             "standard_id, channel, started_at, duration_ms, score, passed, "
                             "pass_mark, folder, mode, answers, outcome, retry_of, retry_turn, "
                             "kept_ms) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
                             "?15,?16,?17)",
                             -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(st, 1, trainee_id);
    sqlite3_bind_text(st, 2, c->scenario_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->scenario_title ? c->scenario_title : c->scenario_id, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 4, c->standard_id ? c->standard_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, cc_meta_channel(c->channel), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, c->started_at);
    sqlite3_bind_int64(st, 7, c->duration_ms);
    sqlite3_bind_int(st, 8, c->score < 0 ? 0 : c->score > 100 ? 100 : c->score);
    sqlite3_bind_int(st, 9, c->passed ? 1 : 0);
    sqlite3_bind_int(st, 10, c->pass_mark);
    if (c->folder) sqlite3_bind_text(st, 11, c->folder, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 11);
    sqlite3_bind_text(st, 12, c->mode ? c->mode : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, c->answers ? c->answers : "", -1, SQLITE_STATIC);
    if (c->outcome) sqlite3_bind_text(st, 14, c->outcome, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 14);
    if (c->retry_of) {
        sqlite3_bind_text(st, 15, c->retry_of, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 16, c->retry_turn);
        sqlite3_bind_int64(st, 17, c->kept_ms);
    } else {
        sqlite3_bind_null(st, 15);
        sqlite3_bind_null(st, 16);
        sqlite3_bind_null(st, 17);
    }
    src = step_done(st);
    if (src == SQLITE_CONSTRAINT_UNIQUE) {
        sqlite3_finalize(st);
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        free(name);
        free(key);
        cc_fs_set_err(err, errlen, "cannot store the call in %s: the session %s is stored already; "
                "nothing to do", h->path, c->folder ? c->folder : "");
        return CC_HISTORY_EXISTS;
    }
    if (src != SQLITE_DONE) goto sqlfail;
    sid = sqlite3_last_insert_rowid(h->db);
    sqlite3_finalize(st);
    st = NULL;

    if (c->nverdicts) {
        sqlite3_stmt *rs = NULL;
        src = sqlite3_prepare_v2(h->db,
                                 "INSERT INTO rules(standard_id, rule_id, title, weight, critical) "
                                 "VALUES (?1,?2,?3,?4,?5) ON CONFLICT(standard_id, rule_id) DO "
                                 "UPDATE SET title = excluded.title, weight = excluded.weight, "
                                 "critical = excluded.critical",
                                 -1, &rs, NULL);
        if (src != SQLITE_OK) goto sqlfail;
        src = sqlite3_prepare_v2(h->db,
                                 "INSERT INTO verdicts(session_id, seq, rule_id, verdict, "
                                 "evidence, turn) VALUES (?1,?2,?3,?4,?5,?6)",
                                 -1, &st, NULL);
        if (src != SQLITE_OK) {
            sqlite3_finalize(rs);
            goto sqlfail;
        }
        for (size_t i = 0; i < c->nverdicts; i++) {
            const cc_history_verdict *v = &c->verdicts[i];
            if (!v->rule_id) continue;
            if (v->rule_title) {
                sqlite3_reset(rs);
                sqlite3_bind_text(rs, 1, c->standard_id ? c->standard_id : "", -1, SQLITE_STATIC);
                sqlite3_bind_text(rs, 2, v->rule_id, -1, SQLITE_STATIC);
                sqlite3_bind_text(rs, 3, v->rule_title, -1, SQLITE_STATIC);
                sqlite3_bind_int(rs, 4, v->weight);
                sqlite3_bind_int(rs, 5, v->critical ? 1 : 0);
                if ((src = sqlite3_step(rs)) != SQLITE_DONE) {
                    sqlite3_finalize(rs);
                    goto sqlfail;
                }
            }
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, sid);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            sqlite3_bind_text(st, 3, v->rule_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, cc_verdict_name(v->verdict), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, v->evidence ? v->evidence : "", -1, SQLITE_STATIC);
            if (v->turn >= 0) sqlite3_bind_int(st, 6, v->turn);
            else sqlite3_bind_null(st, 6);
            if ((src = sqlite3_step(st)) != SQLITE_DONE) {
                sqlite3_finalize(rs);
                goto sqlfail;
            }
        }
        sqlite3_finalize(rs);
        sqlite3_finalize(st);
        st = NULL;
    }
    src = sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    if (id) *id = sid;
    free(name);
    free(key);
    return 0;
sqlfail:
    free(name);
    free(key);
    rc = fail_db(h, h->db, src, what, err, errlen);
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(h->db)) sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int cc_history_add_result(cc_history *h, const cc_standard *std, const cc_scenario *scn,
                          const cc_record *rec, const cc_result *res, const cc_history_how *how,
                          int64_t *id, char *err, size_t errlen)
{
    if (!std || !scn || !rec || !res) {
        cc_fs_set_err(err, errlen, "cannot store the call: no standard, scenario, record or result");
        return CC_HISTORY_ERROR;
    }
    cc_history_how none = {0};
    if (!how) how = &none;
    cc_history_verdict *v = calloc(std->nrules ? std->nrules : 1, sizeof *v);
    if (!v) {
        cc_fs_set_err(err, errlen, "cannot store the call: out of memory");
        return CC_HISTORY_NOMEM;
    }
    for (size_t i = 0; i < std->nrules && i < res->nrules; i++) {
        v[i].rule_id = std->rules[i].id;
        v[i].rule_title = std->rules[i].title;
        v[i].weight = std->rules[i].weight;
        v[i].critical = std->rules[i].critical;
        v[i].verdict = res->rules[i].verdict;
        v[i].evidence = res->rules[i].evidence;
        v[i].turn = res->rules[i].turn;
    }
    cc_history_call c = {rec->trainee, scn->id, scn->title, std->id, how->channel, how->folder,
                         how->started_at, rec->end_t != CC_NO_TIME ? rec->end_t : 0, res->score,
                         res->passed, std->pass_mark, v,
                         std->nrules < res->nrules ? std->nrules : res->nrules,
                         how->mode, how->answers, res->outcome, how->retry_of, how->retry_turn,
                         how->kept_ms};
    int rc = cc_history_add(h, &c, id, err, errlen);
    free(v);
    return rc;
}

/* ---- queries ---- */

/* The rows a query collects: an array of elements of size bytes, grown as
 * rows come (new elements zeroed), with oom set when memory ran out; ctx is
 * the row function's own. */
typedef struct {
    void *v;
    size_t n, cap, size;
    int oom;
    void *ctx;
} rows;

/* A new zeroed element at the end, or NULL with oom set. */
static void *row_add(rows *r)
{
    if (cc_grow(&r->v, &r->cap, r->n, r->size) != 0) {
        r->oom = 1;
        return NULL;
    }
    return (char *)r->v + r->n++ * r->size;
}

static char *col_text(sqlite3_stmt *st, int i, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t) return NULL;
    char *s = cc_strdup((const char *)t);
    if (!s) *oom = 1;
    return s;
}

/* Reads the statement's current row into out (row_add, col_text with &out->oom). */
typedef void (*row_fn)(sqlite3_stmt *st, rows *out);

/* The one read loop of the history: sql prepared, the text parameters
 * ?1..?nbind bound (a NULL binds NULL), each row handed to fn until the last
 * or out of memory, the statement finalized. 0, or the failure (CC_HISTORY_*)
 * with "cannot WHAT PATH: why" in err; either way out holds out->n rows, which
 * the caller frees on failure. */
static int query(cc_history *h, const char *sql, const char *const *bind, int nbind, row_fn fn,
                 rows *out, const char *what, char *err, size_t errlen)
{
    if (!h || !h->db) {
        cc_fs_set_err(err, errlen, "cannot read the history: it is not open");
        return CC_HISTORY_ERROR;
    }
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
    if (src != SQLITE_OK) return fail_db(h, h->db, src, what, err, errlen);
    for (int i = 0; i < nbind; i++)
        if (bind[i]) sqlite3_bind_text(st, i + 1, bind[i], -1, SQLITE_STATIC);
    while (!out->oom && (src = sqlite3_step(st)) == SQLITE_ROW) fn(st, out);
    int rc = 0;
    if (out->oom) rc = fail_db(h, NULL, SQLITE_NOMEM, what, err, errlen);
    else if (src != SQLITE_DONE) rc = fail_db(h, h->db, src, what, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

/* A read of one trainee's rows (trainee NULL: everyone's): the trainee's
 * name key bound to ?1, arg (which may be NULL) to ?2. The rows read, or the
 * failure (< 0). */
static int read_rows(cc_history *h, const char *sql, const char *trainee, const char *arg,
                     row_fn fn, rows *out, char *err, size_t errlen)
{
    char *key = NULL;
    if (trainee && !(key = cc_history_name_key(trainee)))
        return fail_db(h, NULL, SQLITE_NOMEM, "read", err, errlen);
    const char *bind[2] = {key, arg};
    int rc = query(h, sql, bind, 2, fn, out, "read", err, errlen);
    free(key);
    return rc ? rc : (int)out->n;
}

static void session_row(sqlite3_stmt *st, rows *out)
{
    cc_history_session *s = row_add(out);
    if (!s) return;
    int *oom = &out->oom;
    s->id = sqlite3_column_int64(st, 0);
    s->trainee = col_text(st, 1, oom);
    s->scenario_id = col_text(st, 2, oom);
    s->scenario_title = col_text(st, 3, oom);
    s->standard_id = col_text(st, 4, oom);
    s->channel = col_text(st, 5, oom);
    s->folder = col_text(st, 6, oom);
    s->started_at = sqlite3_column_int64(st, 7);
    s->duration_ms = sqlite3_column_int64(st, 8);
    s->score = sqlite3_column_int(st, 9);
    s->passed = sqlite3_column_int(st, 10);
    s->pass_mark = sqlite3_column_int(st, 11);
    s->mode = col_text(st, 12, oom);
    s->answers = col_text(st, 13, oom);
    s->outcome = col_text(st, 14, oom);
    s->retry_of = col_text(st, 15, oom);
    s->retry_turn = sqlite3_column_int(st, 16);
    s->kept_ms = sqlite3_column_int64(st, 17);
}

int cc_history_sessions(cc_history *h, const char *trainee, const char *scenario_id,
                        cc_history_session **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    rows r = {.size = sizeof **out};
    int rc = read_rows(h,
                       "SELECT s.id, t.name, s.scenario_id, s.scenario_title, s.standard_id, s.channel, "
                       "s.folder, s.started_at, s.duration_ms, s.score, s.passed, s.pass_mark, "
                       "s.mode, s.answers, s.outcome, s.retry_of, s.retry_turn, s.kept_ms "
                       "FROM sessions s JOIN trainees t ON t.id = s.trainee_id "
                       "WHERE (?1 IS NULL OR t.key = ?1) AND (?2 IS NULL OR s.scenario_id = ?2) "
                       "ORDER BY s.started_at, s.id",
                       trainee, scenario_id, session_row, &r, err, errlen);
    if (rc < 0) cc_history_sessions_free(r.v, r.n);
    else *out = r.v, *n = r.n;
    return rc;
}

void cc_history_session_clear(cc_history_session *s)
{
    free(s->trainee);
    free(s->scenario_id);
    free(s->scenario_title);
    free(s->standard_id);
    free(s->channel);
    free(s->folder);
    free(s->mode);
    free(s->answers);
    free(s->outcome);
    free(s->retry_of);
    memset(s, 0, sizeof *s);
}

void cc_history_sessions_free(cc_history_session *s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) cc_history_session_clear(&s[i]);
    free(s);
}

static cc_verdict verdict_of(const char *s)
{
    if (s && strcmp(s, "pass") == 0) return CC_VERDICT_PASS;
    if (s && strcmp(s, "fail") == 0) return CC_VERDICT_FAIL;
    return CC_VERDICT_NA;
}

static void verdict_row(sqlite3_stmt *st, rows *out)
{
    cc_history_verdict_row *v = row_add(out);
    if (!v) return;
    v->session_id = sqlite3_column_int64(st, 0);
    v->rule_id = col_text(st, 1, &out->oom);
    v->verdict = verdict_of((const char *)sqlite3_column_text(st, 2));
    v->evidence = col_text(st, 3, &out->oom);
    v->turn = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
}

int cc_history_verdicts(cc_history *h, const char *trainee, cc_history_verdict_row **out,
                        size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    rows r = {.size = sizeof **out};
    int rc = read_rows(h,
                       "SELECT v.session_id, v.rule_id, v.verdict, v.evidence, v.turn "
                       "FROM verdicts v JOIN sessions s ON s.id = v.session_id "
                       "JOIN trainees t ON t.id = s.trainee_id "
                       "WHERE (?1 IS NULL OR t.key = ?1) "
                       "ORDER BY s.started_at, s.id, v.seq",
                       trainee, NULL, verdict_row, &r, err, errlen);
    if (rc < 0) cc_history_verdicts_free(r.v, r.n);
    else *out = r.v, *n = r.n;
    return rc;
}

void cc_history_verdicts_free(cc_history_verdict_row *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].rule_id);
        free(v[i].evidence);
    }
    free(v);
}

/* Rows come ordered by scenario: a row of the same scenario as the last adds to it. */
static void scenario_stat_row(sqlite3_stmt *st, rows *out)
{
    const char *id = (const char *)sqlite3_column_text(st, 0);
    int score = sqlite3_column_int(st, 2), passed = sqlite3_column_int(st, 3);
    int64_t at = sqlite3_column_int64(st, 4);
    int retry = sqlite3_column_int(st, 5);
    cc_history_scenario_stat *s = out->n ? (cc_history_scenario_stat *)out->v + out->n - 1 : NULL;
    if (!s || strcmp(s->scenario_id, id ? id : "") != 0) {
        if (!(s = row_add(out))) return;
        s->scenario_id = cc_strdup(id ? id : "");
        s->scenario_title = col_text(st, 1, &out->oom);
        if (!s->scenario_id) {
            out->oom = 1;
            return;
        }
        s->first_score = s->best_score = s->last_score = -1;
    }
    /* A retry is the same call taken again from a turn: not an attempt of its own. */
    if (retry) {
        s->retries++;
        return;
    }
    if (s->attempts == 0) {
        s->first_score = s->best_score = score;
        s->first_at = s->best_at = at;
    }
    s->attempts++;
    s->passes += passed != 0;
    if (score > s->best_score) {
        s->best_score = score;
        s->best_at = at;
    }
    s->last_score = score;
    s->last_at = at;
}

int cc_history_scenario_stats(cc_history *h, const char *trainee, cc_history_scenario_stat **out,
                              size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    rows r = {.size = sizeof **out};
    int rc = read_rows(h,
                       "SELECT s.scenario_id, s.scenario_title, s.score, s.passed, s.started_at, "
                       "s.retry_of IS NOT NULL "
                       "FROM sessions s JOIN trainees t ON t.id = s.trainee_id "
                       "WHERE (?1 IS NULL OR t.key = ?1) "
                       "ORDER BY s.scenario_id, s.started_at, s.id",
                       trainee, NULL, scenario_stat_row, &r, err, errlen);
    if (rc < 0) cc_history_scenario_stats_free(r.v, r.n);
    else *out = r.v, *n = r.n;
    return rc;
}

void cc_history_scenario_stats_free(cc_history_scenario_stat *s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) {
        free(s[i].scenario_id);
        free(s[i].scenario_title);
    }
    free(s);
}

static void rule_stat_row(sqlite3_stmt *st, rows *out)
{
    cc_history_rule_stat *r = row_add(out);
    if (!r) return;
    r->rule_id = col_text(st, 0, &out->oom);
    r->rule_title = col_text(st, 1, &out->oom);
    r->applied = sqlite3_column_int(st, 2);
    r->failed = sqlite3_column_int(st, 3);
    r->fail_rate = r->applied ? (double)r->failed / r->applied : 0.0;
}

int cc_history_rule_stats(cc_history *h, const char *trainee, cc_history_rule_stat **out,
                          size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    rows r = {.size = sizeof **out};
    int rc = read_rows(h,
                       "SELECT v.rule_id, "
                       "  (SELECT r.title FROM rules r WHERE r.rule_id = v.rule_id "
                       "   ORDER BY r.standard_id LIMIT 1), "
                       "  SUM(v.verdict != 'n/a') AS applied, SUM(v.verdict = 'fail') AS failed "
                       "FROM verdicts v JOIN sessions s ON s.id = v.session_id "
                       "JOIN trainees t ON t.id = s.trainee_id "
                       "WHERE (?1 IS NULL OR t.key = ?1) AND s.retry_of IS NULL "
                       "GROUP BY v.rule_id HAVING applied > 0 "
                       "ORDER BY failed DESC, CAST(failed AS REAL) / applied DESC, v.rule_id",
                       trainee, NULL, rule_stat_row, &r, err, errlen);
    if (rc < 0) cc_history_rule_stats_free(r.v, r.n);
    else *out = r.v, *n = r.n;
    return rc;
}

void cc_history_rule_stats_free(cc_history_rule_stat *s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) {
        free(s[i].rule_id);
        free(s[i].rule_title);
    }
    free(s);
}

/* ---- the next drill ---- */

int cc_scenario_drill_rules(const cc_standard *std, const cc_scenario *scn, const char ***ids,
                            size_t *n)
{
    *ids = NULL;
    *n = 0;
    if (!std || !scn) return -1;
    char *use = calloc(std->nrules ? std->nrules : 1, 1);
    if (!use) return -1;
    int acts[CC_ACT_HANGUP + 1] = {0};
    for (size_t i = 0; i < scn->nnodes; i++) {
        const cc_node *nd = &scn->nodes[i];
        for (size_t k = 0; k < nd->nexpect; k++)
            if (nd->expect[k] >= 0 && (size_t)nd->expect[k] < std->nrules) use[nd->expect[k]] = 1;
        for (size_t k = 0; k < nd->nbranches; k++)
            if (nd->branches[k].event > CC_ACT_NONE && nd->branches[k].event <= CC_ACT_HANGUP)
                acts[nd->branches[k].event] = 1;
    }
    if (cc_scenario_line(scn, 2)) acts[CC_ACT_HOLD] = acts[CC_ACT_RESUME] = acts[CC_ACT_SWITCH] = 1;
    for (size_t r = 0; r < std->nrules; r++) {
        const cc_rule *ru = &std->rules[r];
        if (ru->kind == CC_DETECT_EVENT && ru->event != CC_ACT_HANGUP && ru->event > CC_ACT_NONE &&
            ru->event <= CC_ACT_HANGUP && acts[ru->event])
            use[r] = 1;
    }
    size_t cnt = 0;
    for (size_t r = 0; r < std->nrules; r++) cnt += use[r];
    const char **a = malloc((cnt ? cnt : 1) * sizeof *a);
    if (!a) {
        free(use);
        return -1;
    }
    cnt = 0;
    for (size_t r = 0; r < std->nrules; r++)
        if (use[r]) a[cnt++] = std->rules[r].id;
    free(use);
    *ids = a;
    *n = cnt;
    return 0;
}

void cc_drill_clear(cc_drill *d)
{
    if (!d) return;
    free(d->scenario_id);
    free(d->title);
    for (size_t i = 0; i < d->nrules; i++) free(d->rules[i]);
    free(d->rules);
    memset(d, 0, sizeof *d);
}

static int weaker_first(const void *x, const void *y)
{
    const cc_history_rule_stat *a = x, *b = y;
    if (a->fail_rate != b->fail_rate) return a->fail_rate > b->fail_rate ? -1 : 1;
    if (a->failed != b->failed) return a->failed > b->failed ? -1 : 1;
    return strcmp(a->rule_id, b->rule_id);
}

int cc_history_suggest_drill(cc_history *h, const char *trainee, const cc_drill_candidate *c,
                             size_t nc, cc_drill *out, char *err, size_t errlen)
{
    if (out) memset(out, 0, sizeof *out);
    if (!out || (nc && !c)) {
        cc_fs_set_err(err, errlen, "cannot suggest a drill: no candidates given");
        return CC_HISTORY_ERROR;
    }
    if (nc == 0) return 0;
    cc_history_rule_stat *rs = NULL;
    size_t nrs = 0;
    int rc = cc_history_rule_stats(h, trainee, &rs, &nrs, err, errlen);
    if (rc < 0) return rc;
    /* The weakest rules: highest fail rate, then most failures, then id. */
    cc_history_rule_stat *weak[WEAK_RULES];
    size_t nweak = 0;
    if (nrs > 1) qsort(rs, nrs, sizeof *rs, weaker_first);
    for (size_t i = 0; i < nrs && nweak < WEAK_RULES; i++)
        if (rs[i].failed > 0) weak[nweak++] = &rs[i];
    cc_history_scenario_stat *ss = NULL;
    size_t nss = 0;
    rc = cc_history_scenario_stats(h, trainee, &ss, &nss, err, errlen);
    if (rc < 0) {
        cc_history_rule_stats_free(rs, nrs);
        return rc;
    }
    size_t best = 0;
    double best_w = -1;
    int best_tries = 0;
    for (size_t i = 0; i < nc; i++) {
        double w = 0;
        for (size_t k = 0; k < nweak; k++)
            for (size_t j = 0; j < c[i].nrules; j++)
                if (c[i].rules[j] && strcmp(c[i].rules[j], weak[k]->rule_id) == 0) {
                    w += weak[k]->fail_rate;
                    break;
                }
        int tries = 0;
        for (size_t k = 0; k < nss; k++)
            if (c[i].scenario_id && strcmp(ss[k].scenario_id, c[i].scenario_id) == 0)
                tries = ss[k].attempts;
        int better = w > best_w + 1e-12 ||
                     (w > best_w - 1e-12 &&
                      (tries < best_tries ||
                       (tries == best_tries && c[i].scenario_id && c[best].scenario_id &&
                        strcmp(c[i].scenario_id, c[best].scenario_id) < 0)));
        if (best_w < 0 || better) {
            best = i;
            best_w = w;
            best_tries = tries;
        }
    }
    out->scenario_id = cc_strdup(c[best].scenario_id ? c[best].scenario_id : "");
    out->title = cc_strdup(c[best].title ? c[best].title : (c[best].scenario_id ? c[best].scenario_id : ""));
    out->weight = best_w;
    out->rules = calloc(nweak ? nweak : 1, sizeof *out->rules);
    int oom = !out->scenario_id || !out->title || !out->rules;
    for (size_t k = 0; k < nweak && !oom; k++)
        for (size_t j = 0; j < c[best].nrules; j++)
            if (c[best].rules[j] && strcmp(c[best].rules[j], weak[k]->rule_id) == 0) {
                out->rules[out->nrules] = cc_strdup(weak[k]->rule_id);
                if (!out->rules[out->nrules]) oom = 1;
                else out->nrules++;
                break;
            }
    cc_history_rule_stats_free(rs, nrs);
    cc_history_scenario_stats_free(ss, nss);
    if (oom) {
        cc_drill_clear(out);
        cc_fs_set_err(err, errlen, "cannot suggest a drill: out of memory");
        return CC_HISTORY_NOMEM;
    }
    return 1;
}

/* ---- the group ---- */

/* One text column a row; with ctx (an int), rows are counted and a NULL is skipped. */
static void text_row(sqlite3_stmt *st, rows *out)
{
    if (out->ctx) {
        ++*(int *)out->ctx;
        if (sqlite3_column_type(st, 0) == SQLITE_NULL) return;
    }
    char **t = row_add(out);
    if (t) *t = col_text(st, 0, &out->oom);
}

int cc_history_trainees(cc_history *h, char ***names, size_t *n, char *err, size_t errlen)
{
    *names = NULL;
    *n = 0;
    rows r = {.size = sizeof **names};
    int rc = query(h, "SELECT name FROM trainees ORDER BY name", NULL, 0, text_row, &r, "read", err,
                   errlen);
    if (rc == 0) rc = (int)r.n;
    if (rc < 0) cc_history_names_free(r.v, r.n);
    else *names = r.v, *n = r.n;
    return rc;
}

void cc_history_names_free(char **names, size_t n)
{
    if (!names) return;
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

int cc_history_group_summary(cc_history *h, cc_history_trainee_summary **out, size_t *n,
                             char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    char **names = NULL;
    size_t nn = 0;
    int rc = cc_history_trainees(h, &names, &nn, err, errlen);
    if (rc < 0) return rc;
    cc_history_trainee_summary *a = calloc(nn ? nn : 1, sizeof *a);
    if (!a) {
        cc_history_names_free(names, nn);
        cc_fs_set_err(err, errlen, "cannot read the history: out of memory");
        return CC_HISTORY_NOMEM;
    }
    size_t cnt = 0;
    for (size_t i = 0; i < nn; i++) {
        cc_history_trainee_summary *t = &a[cnt++];
        t->trainee = names[i];
        names[i] = NULL;
        cc_history_session *s = NULL;
        size_t ns = 0;
        if ((rc = cc_history_sessions(h, t->trainee, NULL, &s, &ns, err, errlen)) < 0) goto fail;
        double sum = 0;
        int own = 0;
        for (size_t k = 0; k < ns; k++) {
            if (s[k].retry_of) {
                t->retries++;
                continue;
            }
            sum += s[k].score;
            t->passed += s[k].passed != 0;
            if (own == 0 || s[k].score > t->best_score) t->best_score = s[k].score;
            if (own == 0) t->first_at = s[k].started_at;
            t->last_score = s[k].score;
            t->last_at = s[k].started_at;
            own++;
        }
        t->sessions = own;
        t->mean_score = own ? sum / (double)own : 0;
        cc_history_sessions_free(s, ns);
        cc_history_scenario_stat *ss = NULL;
        size_t nss = 0;
        if ((rc = cc_history_scenario_stats(h, t->trainee, &ss, &nss, err, errlen)) < 0) goto fail;
        double imp = 0;
        int nimp = 0;
        t->scenarios = 0;
        for (size_t k = 0; k < nss; k++) t->scenarios += ss[k].attempts > 0;
        for (size_t k = 0; k < nss; k++)
            if (ss[k].attempts >= 2) {
                imp += ss[k].best_score - ss[k].first_score;
                nimp++;
            }
        t->improvement = nimp ? imp / nimp : 0;
        cc_history_scenario_stats_free(ss, nss);
        cc_history_rule_stat *rs = NULL;
        size_t nrs = 0;
        if ((rc = cc_history_rule_stats(h, t->trainee, &rs, &nrs, err, errlen)) < 0) goto fail;
        const cc_history_rule_stat *w = NULL;
        for (size_t k = 0; k < nrs; k++) {
            if (rs[k].failed == 0) continue;
            if (!w || rs[k].fail_rate > w->fail_rate ||
                (rs[k].fail_rate == w->fail_rate &&
                 (rs[k].failed > w->failed ||
                  (rs[k].failed == w->failed && strcmp(rs[k].rule_id, w->rule_id) < 0))))
                w = &rs[k];
        }
        if (w) {
            t->weakest_rule = cc_strdup(w->rule_id);
            t->weakest_rate = w->fail_rate;
        }
        cc_history_rule_stats_free(rs, nrs);
        if (w && !t->weakest_rule) {
            rc = CC_HISTORY_NOMEM;
            cc_fs_set_err(err, errlen, "cannot read the history: out of memory");
            goto fail;
        }
    }
    cc_history_names_free(names, nn);
    *out = a;
    *n = cnt;
    return (int)cnt;
fail:
    cc_history_names_free(names, nn);
    cc_history_group_summary_free(a, cnt);
    return rc;
}

void cc_history_group_summary_free(cc_history_trainee_summary *s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) {
        free(s[i].trainee);
        free(s[i].weakest_rule);
    }
    free(s);
}

/* ---- forgetting a trainee ---- */

int cc_history_delete_trainee(cc_history *h, const char *trainee, char ***folders,
                              size_t *nfolders, int *nsessions, char *err, size_t errlen)
{
    if (folders) *folders = NULL;
    if (nfolders) *nfolders = 0;
    if (nsessions) *nsessions = 0;
    if (!h || !trainee) {
        cc_fs_set_err(err, errlen, "cannot delete a trainee: no history or name given");
        return CC_HISTORY_ERROR;
    }
    if (h->read_only) {
        cc_fs_set_err(err, errlen, "cannot delete from %s: the history was opened for reading only",
                      h->path);
        return CC_HISTORY_READONLY;
    }
    const char *what = "delete the trainee from";
    char *key = cc_history_name_key(trainee);
    if (!key) return fail_db(h, NULL, SQLITE_NOMEM, what, err, errlen);
    int rc = exec(h, "BEGIN IMMEDIATE", what, err, errlen);
    if (rc) {
        free(key);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    char **a = NULL;
    size_t cnt = 0;
    int src, nrows = 0;
    int64_t tid = -1;
    src = sqlite3_prepare_v2(h->db, "SELECT id FROM trainees WHERE key = ?1", -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    src = sqlite3_step(st);
    if (src == SQLITE_ROW) tid = sqlite3_column_int64(st, 0);
    else if (src != SQLITE_DONE) goto sqlfail;
    sqlite3_finalize(st);
    st = NULL;
    if (tid < 0) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        free(key);
        cc_fs_set_err(err, errlen, "the history %s has no trainee '%s'; see callcoach-report for "
                      "the names it has", h->path, trainee);
        return CC_HISTORY_MISSING;
    }
    rows r = {.size = sizeof(char *), .ctx = &nrows};
    rc = query(h, "SELECT folder FROM sessions WHERE trainee_id = "
               "(SELECT id FROM trainees WHERE key = ?1)",
               (const char *const[]){key}, 1, text_row, &r, what, err, errlen);
    a = r.v;
    cnt = r.n;
    if (rc) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        cc_history_names_free(a, cnt);
        free(key);
        return rc;
    }
    /* Verdicts go with their sessions (ON DELETE CASCADE). */
    src = sqlite3_prepare_v2(h->db, "DELETE FROM sessions WHERE trainee_id = ?1", -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(st, 1, tid);
    if ((src = sqlite3_step(st)) != SQLITE_DONE) goto sqlfail;
    sqlite3_finalize(st);
    src = sqlite3_prepare_v2(h->db, "DELETE FROM trainees WHERE id = ?1", -1, &st, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(st, 1, tid);
    if ((src = sqlite3_step(st)) != SQLITE_DONE) goto sqlfail;
    sqlite3_finalize(st);
    st = NULL;
    src = sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    if (src != SQLITE_OK) goto sqlfail;
    free(key);
    if (nsessions) *nsessions = nrows;
    if (folders) {
        *folders = a;
        *nfolders = cnt;
    } else {
        cc_history_names_free(a, cnt);
    }
    return 0;
sqlfail:
    rc = fail_db(h, h->db, src, what, err, errlen);
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(h->db)) sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    cc_history_names_free(a, cnt);
    free(key);
    return rc;
}

int cc_history_store_result(const char *data_dir, const cc_standard *std, const cc_scenario *scn,
                            const cc_record *rec, const cc_result *res, const cc_history_how *how,
                            char *err, size_t errlen)
{
    cc_history *h = NULL;
    int st = cc_history_open(data_dir, 0, &h, err, errlen);
    if (st == 0) {
        st = cc_history_add_result(h, std, scn, rec, res, how, NULL, err, errlen);
        cc_history_close(h);
    }
    return st == 0 || st == CC_HISTORY_EXISTS ? 0 : -1;
}
