/* A history as callcoach wrote it with layout 1 (the schema as it shipped),
 * with two spellings of one trainee and a terminal call, for the tests of
 * the migration to layout 2 (test_history.c, test_report.c). */
#ifndef CC_HISTORY_V1_H
#define CC_HISTORY_V1_H

#include <sqlite3.h>

#include "storetest.h"

static inline void st_write_history_v1(const char *db)
{
    sqlite3 *d = NULL;
    assert_int_equal(sqlite3_open(db, &d), SQLITE_OK);
    const char *v1 =
        "CREATE TABLE trainees(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
        "created_at INTEGER NOT NULL) STRICT;"
        "CREATE TABLE sessions(id INTEGER PRIMARY KEY, trainee_id INTEGER NOT NULL REFERENCES "
        "trainees(id), scenario_id TEXT NOT NULL, scenario_title TEXT NOT NULL, standard_id TEXT "
        "NOT NULL, mode TEXT NOT NULL, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL, "
        "score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100), passed INTEGER NOT NULL CHECK "
        "(passed IN (0, 1)), pass_mark INTEGER NOT NULL, folder TEXT UNIQUE) STRICT;"
        "CREATE INDEX sessions_by_trainee ON sessions(trainee_id, scenario_id, started_at);"
        "CREATE INDEX sessions_by_time ON sessions(started_at);"
        "CREATE TABLE verdicts(session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE "
        "CASCADE, seq INTEGER NOT NULL, rule_id TEXT NOT NULL, verdict TEXT NOT NULL CHECK "
        "(verdict IN ('pass', 'fail', 'n/a')), evidence TEXT NOT NULL, turn INTEGER, PRIMARY KEY "
        "(session_id, rule_id)) STRICT, WITHOUT ROWID;"
        "CREATE INDEX verdicts_by_rule ON verdicts(rule_id, verdict);"
        "CREATE TABLE rules(standard_id TEXT NOT NULL, rule_id TEXT NOT NULL, title TEXT, weight "
        "INTEGER, critical INTEGER, PRIMARY KEY (standard_id, rule_id)) STRICT;"
        "INSERT INTO trainees VALUES (1, 'Alex', 100), (2, 'alex ', 200), (3, 'Sam', 300);"
        "INSERT INTO sessions VALUES (1, 1, 'x', 'X', 'std', 'voice', 100, 1000, 60, 0, 70, 'f1'),"
        " (2, 2, 'x', 'X', 'std', 'text', 200, 1000, 80, 1, 70, 'f2'),"
        " (3, 3, 'x', 'X', 'std', 'voice', 300, 1000, 90, 1, 70, 'f3');"
        "INSERT INTO verdicts VALUES (1, 0, 'r1', 'fail', 'no greeting', 0), (2, 0, 'r1', 'pass', '', 0);"
        "PRAGMA application_id = 1667459121; PRAGMA user_version = 1;";
    assert_int_equal(sqlite3_exec(d, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(d);
}

#endif
