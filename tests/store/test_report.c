/* callcoach-report on a history built from the shipped takes: golden CSV and xAPI,
 * the HTML's structure, and the command line's errors and exit codes.
 * Regenerate the golden files with CC_UPDATE_GOLDEN=1 and review the diff. */
#include "history_v1.h"
#include "report_history.h"

#include <dirent.h>
#include <sysexits.h>
#include <time.h>

#include "history.h"
#include "session.h"

static char *data, *work;
static size_t nsessions;

/* report_history.h: Alex and Sam on the shipped scenarios, one retry. */
static int build_history(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    data = st_tempdir();
    work = st_tempdir();
    nsessions = st_report_history(data);
    return 0;
}

static int cleanup(void **state)
{
    (void)state;
    st_rmrf(data);
    st_rmrf(work);
    free(data);
    free(work);
    cc_standard_free(st_std);
    st_std = NULL;
    return 0;
}

/* Runs callcoach-report with args; its exit code, and its stdout/stderr in work/. */
static int run(const char *args, char **out, char **errs)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -u CALLCOACH_HOME '%s' %s >'%s/stdout' 2>'%s/stderr'",
             CC_REPORT_BIN, args, work, work);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    char *p = st_path(work, "stdout");
    char *o = st_read(p, NULL);
    free(p);
    p = st_path(work, "stderr");
    char *e = st_read(p, NULL);
    free(p);
    if (out) *out = o;
    else free(o);
    if (errs) *errs = e;
    else free(e);
    return WEXITSTATUS(st);
}

static void golden(const char *made, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/store/golden/%s", CC_TEST_DIR, name);
    size_t n = 0;
    char *got = st_read(made, &n);
    assert_non_null(got);
    if (getenv("CC_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(got, 1, n, f);
        fclose(f);
    }
    char *want = st_read(path, NULL);
    if (!want) print_error("no golden file %s: run with CC_UPDATE_GOLDEN=1\n", path);
    assert_non_null(want);
    if (strcmp(got, want) != 0) print_error("%s differs from %s\n", made, path);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *q = s; (q = strstr(q, what)) != NULL; q += strlen(what)) n++;
    return n;
}

static void csv_and_xapi_match_golden(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof args, "--all --data-dir '%s' --csv '%s/report.csv' --xapi '%s/report.xapi.json'",
             data, work, work);
    char *errs = NULL;
    int rc = run(args, NULL, &errs);
    if (rc) print_error("%s", errs);
    assert_int_equal(rc, 0);
    free(errs);
    char *p = st_path(work, "report.csv");
    golden(p, "report.csv");
    /* One row per session, a column per rule of the standard. */
    char *csv = st_read(p, NULL);
    size_t rows = 0;
    for (char *q = csv; (q = strstr(q, "\r\n")) != NULL; q += 2) rows++;
    assert_int_equal(rows, nsessions + 1);
    size_t cols = 1;
    for (char *q = csv; *q != '\r'; q++) cols += *q == ',';
    assert_int_equal(cols, 18 + st_standard()->nrules);
    /* mode, answers, retry and outcome have columns of their own. */
    assert_non_null(strstr(csv, ",pass_mark,answers,channel,folder,retry_of,retry_turn,outcome,stage,"));
    assert_non_null(strstr(csv, ",Alex,absent-colleague,Can I speak to Maria?,northwind-default,"
                                "practice,"));
    assert_non_null(strstr(csv, ",spoken,take,20240304-090000-Alex-absent-colleague,,,"
                                "callback-agreed,1,"));
    assert_non_null(strstr(csv, ",spoken,take,20240304-093000-Alex-absent-colleague,"
                                "20240304-090000-Alex-absent-colleague,2,unfinished,1,"));
    assert_non_null(strstr(csv, ",Sam,"));
    assert_non_null(strstr(csv, ",assessment,"));
    assert_non_null(strstr(csv, ",typed,take,"));
    free(csv);
    free(p);
    p = st_path(work, "report.xapi.json");
    golden(p, "report.xapi.json");
    char *x = st_read(p, NULL);
    size_t statements = 0, fails = 0;
    for (char *q = x; (q = strstr(q, "\"object\":{\"objectType\":\"Activity\",\"id\":\"urn:callcoach:scenario:")) != NULL; q++)
        statements++;
    for (char *q = x; (q = strstr(q, "\"id\":\"urn:callcoach:rule:")) != NULL; q++) fails++;
    assert_int_equal(statements, nsessions);
    assert_true(fails > 0);
    assert_non_null(strstr(x, "\"account\":{\"homePage\":\"urn:callcoach\",\"name\":\"Alex\"}"));
    assert_non_null(strstr(x, "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\""));
    assert_non_null(strstr(x, "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/failed\""));
    assert_non_null(strstr(x, "\"score\":{\"scaled\":"));
    assert_non_null(strstr(x, "\"duration\":\"PT"));
    assert_non_null(strstr(x, "\"timestamp\":\"2024-03-04T09:00:00Z\""));
    assert_non_null(strstr(x, "\"result\":{\"success\":false,\"response\":"));
    /* Mode, answers, retry, stage and outcome ride along as extensions. */
    assert_non_null(strstr(x, "\"urn:callcoach:mode\":\"practice\""));
    assert_non_null(strstr(x, "\"urn:callcoach:mode\":\"assessment\""));
    assert_non_null(strstr(x, "\"urn:callcoach:answers\":\"typed\""));
    assert_non_null(strstr(x, "\"urn:callcoach:retry\":{\"of\":\"20240304-090000-Alex-absent-colleague\","
                              "\"turn\":2,\"kept-ms\":5000}"));
    assert_int_equal(count(x, "\"urn:callcoach:retry\":{"), 1);
    assert_non_null(strstr(x, "\"urn:callcoach:stage\":{\"number\":1,\"title\":\"Answering the phone\","
                              "\"pass-mark\":70}"));
    /* every session's outcome, as its scenario's end node declared it (the retry ended unfinished) */
    assert_true(count(x, "\"extensions\":{\"urn:callcoach:outcome\":\"callback-agreed\"}") >= 1);
    assert_non_null(strstr(x, "\"urn:callcoach:outcome\":\"unfinished\""));
    free(x);
    free(p);

    /* One trainee only. */
    snprintf(args, sizeof args, "--trainee Sam --data-dir '%s' --csv -", data);
    char *out = NULL;
    assert_int_equal(run(args, &out, NULL), 0);
    assert_null(strstr(out, ",Alex,"));
    assert_non_null(strstr(out, ",Sam,"));
    /* "sam " is Sam. */
    snprintf(args, sizeof args, "--trainee 'sam ' --data-dir '%s' --csv -", data);
    char *again = NULL;
    assert_int_equal(run(args, &again, NULL), 0);
    assert_string_equal(again, out);
    free(again);
    free(out);
}


static void html_is_self_contained(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof args, "--data-dir '%s' --html '%s/report.html' --scenarios '%s/scenarios'",
             data, work, CC_DATA_DIR);
    char *errs = NULL;
    int rc = run(args, NULL, &errs);
    if (rc) print_error("%s", errs);
    assert_int_equal(rc, 0);
    free(errs);
    char *p = st_path(work, "report.html");
    char *html = st_read(p, NULL);
    free(p);
    /* CC_STORE_KEEP=FILE keeps the page, e.g. to render it for the README. */
    if (getenv("CC_STORE_KEEP")) st_write(getenv("CC_STORE_KEEP"), html);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>", 15), 0);
    assert_non_null(strstr(html, "</html>\n"));
    assert_non_null(strstr(html, "<style>"));
    assert_non_null(strstr(html, "<svg"));
    assert_int_equal(count(html, "<tr class=\"session"), nsessions);
    assert_int_equal(count(html, "<tr class=\"session retry\""), 1);
    assert_non_null(strstr(html, "retry from turn 2 of <a href=\"#s1\">the call of 2024-03-04 09:00</a>"));
    /* Failed rules by title, with their id, turn and evidence. */
    assert_non_null(strstr(html, "<li><strong>Greet with the time of day</strong> <span class=\"muted\">"
                                 "(greeting, turn 1)</span>: not in &quot;Hello?&quot;</li>"));
    /* Each session links to its transcript, which is in the page. */
    assert_int_equal(count(html, "<a href=\"#transcript-"), nsessions);
    assert_int_equal(count(html, "<details class=\"transcript\" id=\"transcript-"), nsessions);
    assert_int_equal(count(html, "<pre>"), nsessions);
    /* The course: where each trainee is, stage by stage. */
    assert_int_equal(count(html, "<table class=\"course\">"), 2);
    assert_non_null(strstr(html, "<h3>Course: Northwind Travel phone onboarding</h3>"));
    /* A chart per trainee and scenario, each with its pass-mark line; rule bars. */
    assert_int_equal(count(html, "class=\"passmark\""), 8);
    assert_true(count(html, "<svg class=\"rules\"") >= 3);
    assert_int_equal(count(html, "<section class=\"trainee\">"), 2);
    assert_non_null(strstr(html, "<h2>Group</h2>"));
    assert_non_null(strstr(html, "Next drill:"));
    /* Nothing to fetch, nothing to run: links stay in the page. */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "src="));
    assert_int_equal(count(html, "href=\""), count(html, "href=\"#"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "url("));
    assert_int_equal(count(html, "http"), count(html, "http://www.w3.org/2000/svg"));
    free(html);

    /* One trainee: their section only. */
    snprintf(args, sizeof args, "--trainee Alex --data-dir '%s' --html -", data);
    char *out = NULL;
    assert_int_equal(run(args, &out, NULL), 0);
    assert_int_equal(count(out, "<section class=\"trainee\">"), 1);
    assert_null(strstr(out, "<h2>Group</h2>"));
    assert_int_equal(count(out, "<tr class=\"session"), 18);
    free(out);
}

static void summary_and_command_line(void **state)
{
    (void)state;
    char args[2048], *out = NULL, *errs = NULL;
    snprintf(args, sizeof args, "--data-dir '%s'", data);
    assert_int_equal(run(args, &out, NULL), 0);
    assert_non_null(strstr(out, "sessions and 1 retry, 2 trainees"));
    assert_non_null(strstr(out, "next drill: "));
    assert_non_null(strstr(out, "most often failed:"));
    free(out);

    assert_int_equal(run("--help", &out, NULL), 0);
    assert_non_null(strstr(out, "Usage: callcoach-report"));
    free(out);
    assert_int_equal(run("--version", &out, NULL), 0);
    assert_non_null(strstr(out, "callcoach-report " CC_VERSION));
    free(out);

    assert_int_equal(run("--bogus", NULL, NULL), EX_USAGE);
    assert_int_equal(run("--trainee A --all", NULL, &errs), EX_USAGE);
    assert_non_null(strstr(errs, "callcoach-report: --trainee and --all both given: "));
    free(errs);
    assert_int_equal(run("--csv - --xapi -", NULL, &errs), EX_USAGE);
    free(errs);
    assert_int_equal(run("stray", NULL, NULL), EX_USAGE);

    snprintf(args, sizeof args, "--data-dir '%s/nowhere'", work);
    assert_int_equal(run(args, NULL, &errs), EX_NOINPUT);
    assert_non_null(strstr(errs, "callcoach-report: cannot open the history "));
    assert_non_null(strstr(errs, ": there is none yet; record a call first"));
    free(errs);

    snprintf(args, sizeof args, "--data-dir '%s' --trainee Nobody", data);
    assert_int_equal(run(args, NULL, &errs), EX_NOINPUT);
    assert_non_null(strstr(errs, "no sessions of trainee 'Nobody' in the history; names are "
                                 "compared without case, the history has: Alex, Sam"));
    free(errs);

    snprintf(args, sizeof args, "--data-dir '%s' --csv '%s/no/such/dir/x.csv'", data, work);
    assert_int_equal(run(args, NULL, &errs), EX_IOERR);
    assert_non_null(strstr(errs, "callcoach-report: cannot write "));
    assert_non_null(strstr(errs, "No such file or directory; "));
    free(errs);

    snprintf(args, sizeof args, "--data-dir '%s' --scenarios '%s/none'", data, work);
    assert_int_equal(run(args, NULL, &errs), EX_NOINPUT);
    assert_non_null(strstr(errs, "cannot read the scenarios in"));
    free(errs);

    /* A history from a newer callcoach: refused (65), not changed. */
    char *newer = st_path(work, "newer");
    mkdir(newer, 0755);
    char *db = st_path(newer, "history.sqlite");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' 'PRAGMA application_id = 1667459121; PRAGMA user_version = 9; "
             "CREATE TABLE x(a INTEGER) STRICT;' >/dev/null 2>&1", db);
    if (system(cmd) == 0) {
        snprintf(args, sizeof args, "--data-dir '%s'", newer);
        assert_int_equal(run(args, NULL, &errs), EX_DATAERR);
        assert_non_null(strstr(errs, "written by a newer callcoach"));
        free(errs);
    }
    free(db);
    free(newer);
}


static int rows_in(const char *dir, const char *trainee)
{
    cc_history *h = NULL;
    char err[512];
    if (cc_history_open(dir, CC_HISTORY_READ_ONLY, &h, err, sizeof err) != 0) return -1;
    cc_history_session *s = NULL;
    size_t n = 0;
    int rc = cc_history_sessions(h, trainee, NULL, &s, &n, err, sizeof err);
    cc_history_sessions_free(s, n);
    cc_history_close(h);
    return rc;
}

/* --import merges another desk's session folders, files and all, and doing it
 * again changes nothing; a different call under a taken folder name comes in
 * under NAME-2; an unfinished one is skipped with a reason. */
/* A history an older callcoach wrote (layout 1) is brought up to date and read:
 * "Alex" and "alex " are one trainee. */
static void older_history_is_read(void **state)
{
    (void)state;
    char *old = st_path(work, "layout-1");
    mkdir(old, 0755);
    char *db = st_path(old, "history.sqlite");
    st_write_history_v1(db);
    char args[2048], *out = NULL, *errs = NULL;
    snprintf(args, sizeof args, "--data-dir '%s' --csv -", old);
    int rc = run(args, &out, &errs);
    if (rc) print_error("%s", errs);
    assert_int_equal(rc, 0);
    assert_int_equal(count(out, ",Alex,"), 2);
    assert_int_equal(count(out, ",Sam,"), 1);
    assert_null(strstr(out, ",alex ,"));
    assert_non_null(strstr(out, ",typed,terminal,f2,"));
    free(out);
    free(errs);
    free(db);
    free(old);
}

static void import_from_other_desks(void **state)
{
    (void)state;
    char *trainer = st_path(work, "trainer"), *desk = st_path(work, "desk-c");
    char args[4096], *out = NULL, *errs = NULL;
    snprintf(args, sizeof args, "--data-dir '%s' --import '%s'", trainer, data);
    int rc = run(args, &out, &errs);
    if (rc) print_error("%s", errs);
    assert_int_equal(rc, 0);
    char want[256];
    snprintf(want, sizeof want, ": %zu new calls, 0 here already, 0 skipped.\n", nsessions);
    assert_non_null(strstr(out, want));
    free(out);
    free(errs);
    assert_int_equal(rows_in(trainer, NULL), (int)nsessions);
    char *copied = st_path(trainer, "sessions/20240304-093000-Alex-absent-colleague");
    assert_true(st_exists(copied, "transcript.txt"));
    assert_true(st_exists(copied, "events.take"));
    assert_true(st_exists(copied, "result.json"));
    /* The same reports as on the desk they came from: modes, retries, verdicts. */
    char *a = NULL, *b = NULL;
    snprintf(args, sizeof args, "--data-dir '%s' --csv -", data);
    assert_int_equal(run(args, &a, NULL), 0);
    snprintf(args, sizeof args, "--data-dir '%s' --csv -", trainer);
    assert_int_equal(run(args, &b, NULL), 0);
    assert_string_equal(a, b);
    free(a);
    free(b);

    /* Again, and the sessions folder given instead of the data folder: nothing new. */
    char *sessions = st_path(data, "sessions");
    snprintf(args, sizeof args, "--data-dir '%s' --import '%s'", trainer, sessions);
    assert_int_equal(run(args, &out, NULL), 0);
    snprintf(want, sizeof want, ": 0 new calls, %zu here already, 0 skipped.\n", nsessions);
    assert_non_null(strstr(out, want));
    free(out);
    assert_int_equal(rows_in(trainer, NULL), (int)nsessions);

    /* Desk C: another call that happens to have a taken folder name, and an
     * unfinished call. */
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/sessions' && cp -r '%s' '%s/sessions/' && mkdir '%s/sessions/"
             "20240305-100000-Lee-rude-caller' && cp '%s/meta.json' '%s/sessions/20240305-100000-Lee-rude-caller/'",
             desk, copied, desk, desk, copied, desk);
    assert_int_equal(system(cmd), 0);
    char *other = st_path(desk, "sessions/20240304-093000-Alex-absent-colleague/meta.json");
    char *meta = st_read(other, NULL);
    char *seed = strstr(meta, "\"seed\": 1");
    assert_non_null(seed);
    seed[9] = '7';
    st_write(other, meta);
    free(meta);
    /* ...and, later on desk C, a retry of that other call. */
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/sessions/20240304-100500-Alex-absent-colleague'",
             copied, desk);
    assert_int_equal(system(cmd), 0);
    char *later = st_path(desk, "sessions/20240304-100500-Alex-absent-colleague/meta.json");
    meta = st_read(later, NULL);
    char *of = strstr(meta, "\"retry_of\": \"20240304-090000-");
    assert_non_null(of);
    memcpy(of + 22, "093000", 6);
    st_write(later, meta);
    free(meta);
    free(later);
    snprintf(args, sizeof args, "--data-dir '%s' --import '%s' '%s'", trainer, desk, data);
    rc = run(args, &out, &errs);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, ": 2 new calls, 0 here already, 1 skipped.\n"));
    assert_non_null(strstr(errs, "20240305-100000-Lee-rude-caller: the call is unfinished"));
    free(out);
    free(errs);
    char *renamed = st_path(trainer, "sessions/20240304-093000-Alex-absent-colleague-2");
    assert_true(st_exists(renamed, "result.json"));
    assert_int_equal(rows_in(trainer, NULL), (int)nsessions + 2);
    /* The retry names the call it retried by the name that call came in under. */
    cc_history *h = NULL;
    char err[512];
    assert_int_equal(cc_history_open(trainer, CC_HISTORY_READ_ONLY, &h, err, sizeof err), 0);
    cc_history_session *s = NULL;
    size_t ns = 0;
    assert_true(cc_history_sessions(h, "Alex", NULL, &s, &ns, err, sizeof err) > 0);
    int found = 0;
    for (size_t i = 0; i < ns; i++)
        if (s[i].folder && strcmp(s[i].folder, "20240304-100500-Alex-absent-colleague") == 0) {
            assert_string_equal(s[i].retry_of, "20240304-093000-Alex-absent-colleague-2");
            found = 1;
        }
    assert_true(found);
    cc_history_sessions_free(s, ns);
    cc_history_close(h);

    snprintf(args, sizeof args, "--data-dir '%s' --import '%s/none'", trainer, work);
    assert_int_equal(run(args, NULL, &errs), EX_NOINPUT);
    assert_non_null(strstr(errs, "there is no such folder"));
    free(errs);
    free(renamed);
    free(other);
    free(sessions);
    free(copied);
    free(desk);
    free(trainer);
}

/* --delete-trainee removes one trainee's history rows, session folders and
 * calibration, says what it removed, and leaves everyone else's. */
static void delete_one_trainee(void **state)
{
    (void)state;
    char *trainer = st_path(work, "forget");
    char args[4096], *out = NULL, *errs = NULL;
    snprintf(args, sizeof args, "--data-dir '%s' --import '%s'", trainer, data);
    assert_int_equal(run(args, NULL, NULL), 0);
    int alex = rows_in(trainer, "Alex"), sam = rows_in(trainer, "Sam");
    assert_true(alex > 0 && sam > 0);
    char *cal = st_path(trainer, "calibration");
    mkdir(cal, 0755);
    char *sam_cal = st_path(cal, "sam.mean"), *alex_cal = st_path(cal, "Alex.mean");
    st_write(sam_cal, "x");
    st_write(alex_cal, "x");
    snprintf(args, sizeof args, "--data-dir '%s' --delete-trainee ' sam'", trainer);
    int rc = run(args, &out, &errs);
    if (rc) print_error("%s", errs);
    assert_int_equal(rc, 0);
    char want[128];
    snprintf(want, sizeof want, "removed %d sessions of  sam from the history\n", sam);
    assert_non_null(strstr(out, want));
    assert_int_equal(count(out, "removed session "), sam);
    assert_non_null(strstr(out, "removed calibration "));
    assert_non_null(strstr(out, "Trainee  sam deleted."));
    free(out);
    free(errs);
    assert_int_equal(rows_in(trainer, "Sam"), 0);
    assert_int_equal(rows_in(trainer, "Alex"), alex);
    assert_false(st_exists(cal, "sam.mean"));
    assert_true(st_exists(cal, "Alex.mean"));
    char *sessions = st_path(trainer, "sessions");
    DIR *d = opendir(sessions);
    assert_non_null(d);
    struct dirent *de;
    int left = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        assert_null(strstr(de->d_name, "-Sam-"));
        left++;
    }
    closedir(d);
    assert_int_equal(left, alex);
    /* Nothing left to delete: said, with its exit code. */
    snprintf(args, sizeof args, "--data-dir '%s' --delete-trainee Sam", trainer);
    assert_int_equal(run(args, NULL, &errs), EX_NOINPUT);
    assert_non_null(strstr(errs, "nothing of trainee 'Sam'"));
    free(errs);
    free(sessions);
    free(sam_cal);
    free(alex_cal);
    free(cal);
    free(trainer);
}

/* --keep-audio-days N removes the recordings of calls older than N days and
 * keeps their scores, transcripts and history rows. */
static void audio_is_kept_n_days(void **state)
{
    (void)state;
    char *trainer = st_path(work, "retention");
    char args[4096], *out = NULL;
    snprintf(args, sizeof args, "--data-dir '%s' --import '%s'", trainer, data);
    assert_int_equal(run(args, NULL, NULL), 0);
    char *old = st_path(trainer, "sessions/20240304-090000-Alex-absent-colleague");
    char *recent = st_path(trainer, "sessions/20240304-093000-Alex-absent-colleague");
    const char *tracks[] = {"trainee.wav", "caller.wav"};
    for (int i = 0; i < 2; i++) {
        char *p = st_path(old, tracks[i]);
        st_write(p, "RIFF....");
        free(p);
        p = st_path(recent, tracks[i]);
        st_write(p, "RIFF....");
        free(p);
    }
    /* The recent one started an hour ago. */
    char *mp = st_path(recent, "meta.json");
    char *meta = st_read(mp, NULL);
    char *at = strstr(meta, "\"started_unix\": ");
    assert_non_null(at);
    char stamp[24];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL) - 3600);
    memcpy(at + 16, stamp, 10);
    st_write(mp, meta);
    free(meta);
    snprintf(args, sizeof args, "--data-dir '%s' --keep-audio-days 30", trainer);
    assert_int_equal(run(args, &out, NULL), 0);
    assert_non_null(strstr(out, "Removed the audio of 1 call older than 30 days (2 files"));
    free(out);
    assert_false(st_exists(old, "trainee.wav"));
    assert_false(st_exists(old, "caller.wav"));
    assert_true(st_exists(old, "audio-removed.txt"));
    assert_true(st_exists(old, "transcript.txt"));
    assert_true(st_exists(old, "result.json"));
    assert_true(st_exists(recent, "trainee.wav"));
    assert_int_equal(rows_in(trainer, NULL), (int)nsessions);
    snprintf(args, sizeof args, "--data-dir '%s' --keep-audio-days soon", trainer);
    char *errs = NULL;
    assert_int_equal(run(args, NULL, &errs), EX_USAGE);
    assert_non_null(strstr(errs, "is not a number of days"));
    free(errs);
    free(mp);
    free(old);
    free(recent);
    free(trainer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_and_xapi_match_golden),
        cmocka_unit_test(html_is_self_contained),
        cmocka_unit_test(summary_and_command_line),
        cmocka_unit_test(older_history_is_read),
        cmocka_unit_test(import_from_other_desks),
        cmocka_unit_test(delete_one_trainee),
        cmocka_unit_test(audio_is_kept_n_days),
    };
    return cmocka_run_group_tests(tests, build_history, cleanup);
}
