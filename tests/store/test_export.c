/* store/export.h called directly on the history test_report.c builds: the CSV and
 * xAPI the library makes are the golden files callcoach-report is held to, its
 * HTML is the program's byte for byte, the three files written into a folder
 * are those reports, and a folder that cannot be written or a trainee who is
 * not there give a message and no file. */
#include "report_history.h"

#include "course.h"
#include "export.h"
#include "history.h"
#include "session.h"

static char *data, *work;

/* The same calls as test_report.c, so the same golden files hold. */
static int build_history(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    data = st_tempdir();
    work = st_tempdir();
    st_report_history(data);
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

static char *golden_text(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/store/golden/%s", CC_TEST_DIR, name);
    char *want = st_read(path, NULL);
    if (!want) print_error("no golden file %s: run test_report with CC_UPDATE_GOLDEN=1\n", path);
    assert_non_null(want);
    return want;
}

static cc_export *load(cc_history **h, const char *trainee)
{
    char err[512];
    assert_int_equal(cc_history_open(data, CC_HISTORY_READ_ONLY, h, err, sizeof err), 0);
    cc_export *e = NULL;
    int rc = cc_export_load(*h, trainee, &e, err, sizeof err);
    if (rc) print_error("%s\n", err);
    assert_int_equal(rc, CC_EXPORT_OK);
    assert_non_null(e);
    return e;
}

/* The bundled course, as callcoach-report reads it by default. */
static cc_course *bundled_course(void)
{
    cc_course *c = NULL;
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_course_load_file(CC_DATA_DIR "/scenarios/course.yaml", &c, d), CC_FILE_OK);
    cc_diags_free(d);
    return c;
}

static void library_makes_the_golden_reports(void **state)
{
    (void)state;
    cc_history *h = NULL;
    cc_export *e = load(&h, NULL);
    cc_course *course = bundled_course();
    cc_export_set_course(e, course);
    cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_export_csv(e, &b), CC_EXPORT_OK);
    char *want = golden_text("report.csv");
    assert_string_equal(cc_buf_str(&b), want);
    free(want);
    cc_buf_reset(&b);
    assert_int_equal(cc_export_xapi(e, &b), CC_EXPORT_OK);
    want = golden_text("report.xapi.json");
    assert_string_equal(cc_buf_str(&b), want);
    free(want);
    cc_buf_reset(&b);
    cc_export_free(e);
    cc_course_free(course);
    cc_history_close(h);
}

/* The HTML has no golden file (it names the version): it and the summary must
 * be the program's, byte for byte, for everyone and for one trainee. The
 * program suggests drills from the bundled scenarios; pointed at a folder with
 * none, it suggests none, like the library given no candidates. */
static void html_and_summary_are_the_programs(void **state)
{
    (void)state;
    for (int who = 0; who < 2; who++) {
        cc_history *h = NULL;
        cc_export *e = load(&h, who ? "Sam" : NULL);
        /* The program finds no scenarios in an empty folder when CALLCOACH_DATA_DIR
         * points there: no drills on either side. */
        char *empty = st_path(work, "no-scenarios");
        mkdir(empty, 0755);
        const char *args = who ? "--trainee Sam --html -" : "--html -";
        char cmd[4096];
        char *p = st_path(work, "program.html");
        snprintf(cmd, sizeof cmd,
                 "env -u CALLCOACH_HOME CALLCOACH_DATA_DIR='%s' '%s' --data-dir '%s' %s >'%s'", empty,
                 CC_REPORT_BIN, data, args, p);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
        char *prog = st_read(p, NULL);
        cc_buf b = CC_BUF_INIT;
        assert_int_equal(cc_export_html(e, &b), CC_EXPORT_OK);
        assert_string_equal(cc_buf_str(&b), prog);
        assert_null(strstr(prog, "Next drill:"));
        free(prog);
        cc_buf_reset(&b);

        snprintf(cmd, sizeof cmd,
                 "env -u CALLCOACH_HOME CALLCOACH_DATA_DIR='%s' '%s' --data-dir '%s' %s >'%s'", empty,
                 CC_REPORT_BIN, data, who ? "--trainee Sam" : "", p);
        st = system(cmd);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
        prog = st_read(p, NULL);
        assert_int_equal(cc_export_text(e, &b), CC_EXPORT_OK);
        assert_string_equal(cc_buf_str(&b), prog);
        free(prog);
        cc_buf_reset(&b);
        free(p);
        free(empty);
        cc_export_free(e);
        cc_history_close(h);
    }
}

/* With drill candidates the HTML names the next drill. */
static void drills_are_suggested(void **state)
{
    (void)state;
    cc_history *h = NULL;
    cc_export *e = load(&h, "Alex");
    cc_scenario *scn = st_scenario(st_shipped[0]);
    const char **ids = NULL;
    size_t n = 0;
    assert_int_equal(cc_scenario_drill_rules(st_standard(), scn, &ids, &n), 0);
    cc_drill_candidate c = {scn->id, scn->title, ids, n};
    cc_export_set_drills(e, &c, 1);
    cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_export_html(e, &b), CC_EXPORT_OK);
    assert_non_null(strstr(cc_buf_str(&b), "Next drill:"));
    assert_non_null(strstr(cc_buf_str(&b), scn->id));
    cc_buf_reset(&b);
    assert_int_equal(cc_export_text(e, &b), CC_EXPORT_OK);
    assert_non_null(strstr(cc_buf_str(&b), "next drill: "));
    cc_buf_reset(&b);
    free(ids);
    cc_scenario_free(scn);
    cc_export_free(e);
    cc_history_close(h);
}

static void writes_three_files_into_a_folder(void **state)
{
    (void)state;
    char err[1024];
    /* A folder that does not exist yet is made, with its parents. */
    char *dir = st_path(work, "out/for/Sam");
    assert_int_equal(cc_export_to_dir(data, "Sam", NULL, 0, NULL, dir, err, sizeof err), CC_EXPORT_OK);
    cc_history *h = NULL;
    cc_export *e = load(&h, "Sam");
    static const char *const files[] = {CC_EXPORT_CSV_FILE, CC_EXPORT_XAPI_FILE, CC_EXPORT_HTML_FILE};
    for (int i = 0; i < 3; i++) {
        char *p = st_path(dir, files[i]);
        char *got = st_read(p, NULL);
        assert_non_null(got);
        cc_buf b = CC_BUF_INIT;
        assert_int_equal(i == 0 ? cc_export_csv(e, &b) : i == 1 ? cc_export_xapi(e, &b)
                                                                 : cc_export_html(e, &b),
                         CC_EXPORT_OK);
        assert_string_equal(got, cc_buf_str(&b));
        /* Sam's only (the takes' words may name Alex: they are evidence). */
        assert_null(strstr(got, i == 1 ? "\"name\":\"Alex\"" : ",Alex,"));
        assert_null(strstr(got, "<h2>Alex</h2>"));
        cc_buf_reset(&b);
        free(got);
        free(p);
    }
    /* No temporary file is left beside them. */
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL) n += de->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 3);
    cc_export_free(e);
    cc_history_close(h);
    free(dir);
}

static void what_cannot_be_done_is_said(void **state)
{
    (void)state;
    char err[1024];
    /* A folder under a plain file cannot be made, even by root. */
    char *file = st_path(work, "a-file");
    st_write(file, "x");
    char *dir = st_path(file, "reports");
    err[0] = '\0';
    assert_int_equal(cc_export_to_dir(data, "Alex", NULL, 0, NULL, dir, err, sizeof err), CC_EXPORT_WRITE);
    assert_non_null(strstr(err, "cannot "));
    assert_non_null(strstr(err, file));
    assert_non_null(strstr(err, "; "));
    assert_false(st_exists(dir, CC_EXPORT_CSV_FILE));
    free(dir);
    free(file);

    err[0] = '\0';
    char *out = st_path(work, "nobody");
    assert_int_equal(cc_export_to_dir(data, "Nobody", NULL, 0, NULL, out, err, sizeof err),
                     CC_EXPORT_NO_TRAINEE);
    assert_non_null(strstr(err, "no sessions of trainee 'Nobody' in the history; names are "
                                "compared without case, the history has: Alex, Sam"));
    assert_false(st_exists(out, CC_EXPORT_HTML_FILE));

    err[0] = '\0';
    char *none = st_path(work, "no-history");
    assert_int_equal(cc_export_to_dir(none, NULL, NULL, 0, NULL, out, err, sizeof err), CC_EXPORT_ERROR);
    assert_non_null(strstr(err, "there is none yet; record a call first"));
    free(none);

    err[0] = '\0';
    assert_int_equal(cc_export_to_dir(data, NULL, NULL, 0, NULL, "", err, sizeof err), CC_EXPORT_WRITE);
    assert_non_null(strstr(err, "no folder given"));
    free(out);
    cc_export_free(NULL);
}

/* A course of two stages (70, then 75): a trainee at 80 in the first stage's
 * scenario and 72 in the second's is in stage 2, which they have not passed
 * (72 is under 75), even with a retry at 96; the reports say so. */
static void stages_and_their_pass_marks(void **state)
{
    (void)state;
    char *dir = st_tempdir(), err[512];
    cc_history *h = NULL;
    assert_int_equal(cc_history_open(dir, 0, &h, err, sizeof err), 0);
    static const struct {
        const char *scn, *retry_of, *folder;
        int score;
    } calls[] = {{"first", NULL, "f1", 80}, {"second", NULL, "s1", 72}, {"second", "s1", "s1r", 96}};
    for (int i = 0; i < 3; i++) {
        cc_history_verdict v = {"greeting", "Greet", 1, 0, CC_VERDICT_PASS, "", 0};
        cc_history_call c = {"Kim", calls[i].scn, calls[i].scn, "std", "voice", calls[i].folder,
                             1709542800 + i * 600, 30000, calls[i].score, calls[i].score >= 70, 70,
                             &v, 1, "practice", "typed", NULL, calls[i].retry_of, 1, 2000};
        assert_int_equal(cc_history_add(h, &c, NULL, err, sizeof err), 0);
    }
    static const char yaml[] = "course: two\ntitle: Two stages\nlanguage: en\nstages:\n"
                               "  - title: Basics\n    pass_mark: 70\n    scenarios: [first]\n"
                               "  - title: Harder\n    pass_mark: 75\n    scenarios: [second]\n";
    cc_diags *d = cc_diags_create();
    cc_course *course = cc_course_load("two.yaml", yaml, sizeof yaml - 1, d);
    assert_non_null(course);
    cc_diags_free(d);
    cc_export *e = NULL;
    assert_int_equal(cc_export_load(h, "kim", &e, err, sizeof err), CC_EXPORT_OK);
    cc_export_set_course(e, course);
    cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_export_html(e, &b), CC_EXPORT_OK);
    const char *html = cc_buf_str(&b);
    assert_non_null(strstr(html, "In stage 2 of 2: Harder."));
    assert_non_null(strstr(html, "<tr class=\"stage\"><td>1. Basics</td><td class=\"n\">70</td><td>first "
                                 "<span class=\"pass\">80</span></td><td class=\"pass\">passed</td></tr>"));
    assert_non_null(strstr(html, "<tr class=\"stage current\"><td>2. Harder</td><td class=\"n\">75</td>"
                                 "<td>second <span class=\"fail\">72</span></td><td class=\"fail\">not yet"
                                 "</td></tr>"));
    cc_buf_reset(&b);
    assert_int_equal(cc_export_text(e, &b), CC_EXPORT_OK);
    assert_int_equal(strncmp(cc_buf_str(&b), "2 sessions and 1 retry, 1 trainee\n", 34), 0);
    assert_non_null(strstr(cc_buf_str(&b), "  course: stage 2 of 2, Harder (pass mark 75); stages passed: 1\n"));
    assert_non_null(strstr(cc_buf_str(&b), "  second                 1 attempt , 1 passed; first 72, best 72, "
                                           "last 72; 1 retry\n"));
    cc_buf_reset(&b);
    assert_int_equal(cc_export_csv(e, &b), CC_EXPORT_OK);
    assert_non_null(strstr(cc_buf_str(&b), ",typed,desktop,s1r,s1,2,,2,"));
    cc_buf_reset(&b);
    cc_export_free(e);
    cc_course_free(course);
    cc_history_close(h);
    st_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stages_and_their_pass_marks),
        cmocka_unit_test(library_makes_the_golden_reports),
        cmocka_unit_test(html_and_summary_are_the_programs),
        cmocka_unit_test(drills_are_suggested),
        cmocka_unit_test(writes_three_files_into_a_folder),
        cmocka_unit_test(what_cannot_be_done_is_said),
    };
    return cmocka_run_group_tests(tests, build_history, cleanup);
}
