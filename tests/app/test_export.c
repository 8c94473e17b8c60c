/* The progress screen's export (app/screen_progress.c through store/export.h), on
 * the null platform: a history in a temporary data folder, the export buttons in
 * the Tab order, X and G typing a folder, the three reports written there being
 * those the library (what callcoach-report runs) makes for the same history and
 * the same drill candidates, and a folder that cannot be written or a trainee
 * with no calls said in words, with no file and no crash. */
#include "../store/storetest.h"

#include "app.h"
#include "screen_progress.h"
#include "apptest.h"
#include "catalog.h"
#include "course.h"
#include "export.h"
#include "history.h"
#include "platform_null.h"

static char *data, *work;

/* A few calls of Sam and Alex on the fixture scenario, verdicts on the rules of
 * its standard, so the CSV has columns and the drill has weak rules. */
static void fill_history(const cc_standard *std)
{
    char err[512];
    cc_history *h = NULL;
    assert_int_equal(cc_history_open(data, 0, &h, err, sizeof err), 0);
    assert_true(std->nrules >= 3);
    static const struct {
        const char *who;
        int score, fail_from;
    } calls[] = {{"Sam", 40, 0}, {"Alex", 90, 3}, {"Sam", 75, 2}};
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        cc_history_verdict v[3];
        for (int k = 0; k < 3; k++)
            v[k] = (cc_history_verdict){std->rules[k].id, std->rules[k].title, 1, 0,
                                        k >= calls[i].fail_from ? CC_VERDICT_FAIL : CC_VERDICT_PASS,
                                        k >= calls[i].fail_from ? "said nothing, \"then\" hung up" : "ok",
                                        k};
        cc_history_call c = {calls[i].who, "test-call", "Test call", std->id, "voice", NULL,
                             1709542800 + (int64_t)i * 3600, 61500, calls[i].score,
                             calls[i].score >= 70, 70, v, 3, "practice", "typed", NULL, NULL, 0, 0};
        assert_int_equal(cc_history_add(h, &c, NULL, err, sizeof err), 0);
    }
    cc_history_close(h);
}

static void app_init(cc_app *a, char *pref)
{
    apptest_init(a, CC_SCREEN_PROGRESS);
    /* A new app: the folder typed in the one before (the screen's own state,
     * kept for the process) is not remembered. */
    memset(cc_progress_peek(), 0, sizeof *cc_progress_peek());
    a->pref_dir = pref;
    a->catalog = cc_catalog_create();
    assert_non_null(a->catalog);
    assert_int_equal(cc_catalog_add(a->catalog, CC_TEST_DIR "/fixtures/call.yaml", 0, NULL), 0);
    assert_null(a->catalog->v[0].problem);
    a->chosen = -1;
    /* The bundled course: the report says which stage the trainee is in. */
    snprintf(a->bundled_dir, sizeof a->bundled_dir, "%s/../scenarios", CC_TEST_DIR);
}

static void send(cc_app *a, cc_ev_kind kind, cc_key key, int ch, const char *text)
{
    cc_ev ev = {.kind = kind, .key = key, .ch = ch};
    if (text) snprintf(ev.text, sizeof ev.text, "%s", text);
    cc_progress_update(a, &ev);
}

static void on_screen(cc_app *a, const char *what)
{
    cc_progress_draw(a);
    if (!strstr(cc_null_frame_text(), what))
        fail_msg("not on screen: \"%s\" in:\n%s", what, cc_null_frame_text());
}

static void off_screen(cc_app *a, const char *what)
{
    cc_progress_draw(a);
    if (strstr(cc_null_frame_text(), what))
        fail_msg("on screen, but should not be: \"%s\" in:\n%s", what, cc_null_frame_text());
}

/* What the library makes for trainee (NULL: everyone) with the app's catalog as
 * drill candidates, compared with the file the screen wrote. */
static void same_as_library(cc_app *a, const char *trainee, const char *dir)
{
    char err[512];
    cc_history *h = NULL;
    assert_int_equal(cc_history_open(data, CC_HISTORY_READ_ONLY, &h, err, sizeof err), 0);
    cc_export *e = NULL;
    assert_int_equal(cc_export_load(h, trainee, &e, err, sizeof err), CC_EXPORT_OK);
    const cc_catalog_entry *ce = &a->catalog->v[0];
    const char **ids = NULL;
    size_t n = 0;
    assert_int_equal(cc_scenario_drill_rules(ce->std, ce->scn, &ids, &n), 0);
    cc_drill_candidate c = {ce->scn->id, ce->scn->title, ids, n};
    cc_export_set_drills(e, &c, 1);
    cc_course *course = NULL;
    cc_diags *d = cc_diags_create();
    char cpath[4200];
    snprintf(cpath, sizeof cpath, "%s/course.yaml", a->bundled_dir);
    assert_int_equal(cc_course_load_file(cpath, &course, d), CC_FILE_OK);
    cc_diags_free(d);
    cc_export_set_course(e, course);
    static const char *const files[] = {CC_EXPORT_HTML_FILE, CC_EXPORT_CSV_FILE, CC_EXPORT_XAPI_FILE};
    for (int i = 0; i < 3; i++) {
        cc_buf b = CC_BUF_INIT;
        assert_int_equal(i == 0 ? cc_export_html(e, &b) : i == 1 ? cc_export_csv(e, &b)
                                                                 : cc_export_xapi(e, &b),
                         CC_EXPORT_OK);
        char *p = st_path(dir, files[i]);
        char *got = st_read(p, NULL);
        if (!got) fail_msg("the export did not write %s", p);
        assert_string_equal(got, cc_buf_str(&b));
        if (i == 0) assert_non_null(strstr(got, "Next drill:"));
        if (i == 0) assert_non_null(strstr(got, "<h3>Course: Northwind Travel phone onboarding</h3>"));
        if (i == 1) {
            assert_true(strstr(got, ",Sam,") != NULL);
            assert_true((strstr(got, ",Alex,") != NULL) == (trainee == NULL));
        }
        free(got);
        free(p);
        cc_buf_reset(&b);
    }
    free(ids);
    cc_export_free(e);
    cc_course_free(course);
    cc_history_close(h);
}

static void export_writes_the_reports_where_asked(void **state)
{
    (void)state;
    data = st_tempdir();
    work = st_tempdir();
    char pref[1100];
    snprintf(pref, sizeof pref, "%s/", data);
    cc_app a;
    app_init(&a, pref);
    fill_history(a.catalog->v[0].std);
    cc_progress_load(&a);
    on_screen(&a, "Export my report (X)");
    off_screen(&a, "whole group");

    /* The one export button is in the Tab order; Enter on it opens the folder box. */
    int seen = 0, tabs = 0;
    int start = cc_progress_peek()->focus;
    do {
        send(&a, CC_EV_KEY, CC_KEY_TAB, 0, NULL);
        tabs++;
        if (cc_progress_peek()->focus >= 3) {
            seen |= 1 << (cc_progress_peek()->focus - 3);
            cc_progress_draw(&a);
        }
    } while (cc_progress_peek()->focus != start && tabs < 20);
    assert_int_equal(seen, 1);
    while (cc_progress_peek()->focus != 3) send(&a, CC_EV_KEY, CC_KEY_TAB, 0, NULL);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    assert_true(cc_progress_peek()->export_open);
    on_screen(&a, "Write the reports of your calls in folder: _");
    send(&a, CC_EV_KEY, CC_KEY_ESC, 0, NULL);
    assert_false(cc_progress_peek()->export_open);
    assert_int_equal(a.next, CC_SCREEN_PROGRESS); /* Esc closed the box, not the screen */

    /* X, then the folder typed (its own "x" text event is not part of it). */
    char *mine = st_path(work, "reports/mine");
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'x', NULL);
    send(&a, CC_EV_TEXT, CC_KEY_CHAR, 0, "x");
    send(&a, CC_EV_TEXT, 0, 0, mine);
    send(&a, CC_EV_TEXT, 0, 0, "/");
    send(&a, CC_EV_KEY, CC_KEY_BACKSPACE, 0, NULL);
    assert_string_equal(cc_progress_peek()->export_dir, mine);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    if (!strstr(cc_progress_peek()->export_status, "Wrote report.html, sessions.csv and statements.json"))
        fail_msg("not written: %s", cc_progress_peek()->export_status);
    assert_false(cc_progress_peek()->export_open);
    on_screen(&a, mine);
    same_as_library(&a, "Sam", mine);

    /* The group's reports are the trainer's: G exports nothing, and no button
     * or key on the trainee's screen reaches everyone's calls. */
    char *group = st_path(work, "group");
    cc_progress_peek()->export_status[0] = '\0';
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'g', NULL);
    send(&a, CC_EV_TEXT, 0, 0, "g");
    assert_false(cc_progress_peek()->export_open);
    off_screen(&a, "Export the whole group");
    for (int i = 0; i < 8; i++) {
        send(&a, CC_EV_KEY, CC_KEY_TAB, 0, NULL);
        if (cc_progress_peek()->focus == 3) break;
    }
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    on_screen(&a, "Write the reports of your calls in folder: ");
    snprintf(cc_progress_peek()->export_dir, sizeof cc_progress_peek()->export_dir, "%s", group);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    assert_non_null(strstr(cc_progress_peek()->export_status, "for you"));
    same_as_library(&a, "Sam", group);
    /* Alex's calls are in the history, but not in Sam's export. */
    char *csv = st_path(group, CC_EXPORT_CSV_FILE);
    char *text = st_read(csv, NULL);
    assert_non_null(text);
    assert_null(strstr(text, ",Alex,"));
    free(text);
    free(csv);
    free(group);
    free(mine);
    cc_progress_unload(&a);
    cc_catalog_free(a.catalog);
}

static void what_cannot_be_exported_is_said(void **state)
{
    (void)state;
    char pref[1100];
    snprintf(pref, sizeof pref, "%s/", data);
    cc_app a;
    app_init(&a, pref);
    cc_progress_load(&a);

    /* A folder under a plain file cannot be made, even by root. */
    char *file = st_path(work, "a-file");
    st_write(file, "x");
    char *bad = st_path(file, "reports");
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'x', NULL);
    send(&a, CC_EV_TEXT, 0, 0, bad);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    char want[2048];
    snprintf(want, sizeof want, "Not exported to %s: cannot ", bad);
    if (strncmp(cc_progress_peek()->export_status, want, strlen(want)) != 0)
        fail_msg("got: %s", cc_progress_peek()->export_status);
    assert_true(cc_progress_peek()->export_open); /* the box stays for another folder */
    on_screen(&a, "Not exported to");
    assert_false(st_exists(bad, CC_EXPORT_CSV_FILE));
    send(&a, CC_EV_KEY, CC_KEY_ESC, 0, NULL);
    cc_progress_unload(&a);

    /* Enter on an empty box asks for the folder. */
    cc_progress_load(&a);
    cc_progress_peek()->export_dir[0] = '\0';
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'x', NULL);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    assert_non_null(strstr(cc_progress_peek()->export_status, "Type the folder"));
    send(&a, CC_EV_KEY, CC_KEY_ESC, 0, NULL);
    cc_progress_unload(&a);

    /* A trainee with no calls: nothing written, and why. */
    snprintf(a.prefs.name, sizeof a.prefs.name, "Robin");
    cc_progress_load(&a);
    char *none = st_path(work, "robin");
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'x', NULL);
    send(&a, CC_EV_TEXT, 0, 0, none);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    assert_non_null(strstr(cc_progress_peek()->export_status, "Nothing exported: you have no calls"));
    on_screen(&a, "Nothing exported");
    assert_false(st_exists(none, CC_EXPORT_HTML_FILE));
    cc_progress_unload(&a);

    /* No data folder at all. */
    a.pref_dir = NULL;
    cc_progress_load(&a);
    send(&a, CC_EV_KEY, CC_KEY_CHAR, 'x', NULL);
    send(&a, CC_EV_TEXT, 0, 0, none);
    send(&a, CC_EV_KEY, CC_KEY_ENTER, 0, NULL);
    assert_non_null(strstr(cc_progress_peek()->export_status, "no data folder"));
    on_screen(&a, "no data folder");
    cc_progress_unload(&a);

    free(none);
    free(bad);
    free(file);
    cc_catalog_free(a.catalog);
}

static int cleanup(void **state)
{
    (void)state;
    if (data) st_rmrf(data);
    if (work) st_rmrf(work);
    free(data);
    free(work);
    return 0;
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_writes_the_reports_where_asked),
        cmocka_unit_test(what_cannot_be_exported_is_said),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
