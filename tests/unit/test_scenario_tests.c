/* Scenario tests (`tests:`): how the loader reads them, where it places the
 * problems of a take written inside the scenario, how take files are found,
 * and what playing a test reports. The tests are appended to the fixture
 * call, so their lines are counted from its end. */
#include "fixture.h"

#include <stdlib.h>

#include "scntest.h"

static cc_standard *std;
static int base; /* lines in the fixture call */

static int setup(void **state)
{
    (void)state;
    std = fix_standard();
    for (const char *p = FIX_SCENARIO; *p; p++) base += *p == '\n';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(std);
    return 0;
}

/* The fixture call with `tests` appended (and `before` put in front, for a BOM). */
static char *with_tests(const char *before, const char *tests)
{
    size_t n = strlen(before) + strlen(FIX_SCENARIO) + strlen(tests) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%s%s%s", before, FIX_SCENARIO, tests);
    return s;
}

/* Loads; returns the scenario (NULL on errors) and the sorted diagnostics. */
static cc_scenario *load(const char *path, const char *text, char *out, size_t n)
{
    cc_diags *d = cc_diags_create();
    cc_scenario *s = cc_scenario_load(path, text, strlen(text), std, d);
    cc_diags_sort(d);
    fix_diags_text(d, out, n);
    cc_diags_free(d);
    return s;
}

/* "scn.yaml:L:C: ..." with L counted from the end of the fixture. */
static void expect_at(char *buf, size_t n, const char *fmt, int line, int col)
{
    snprintf(buf, n, fmt, base + line, col);
}

static void reads_every_key(void **state)
{
    (void)state;
    char *text = with_tests("", "tests:\n"
                                "  - name: good\n"                       /* +2 */
                                "    take: |\n"                          /* +3 */
                                "      pickup 2\n"                       /* +4 */
                                "\n"                                     /* +5 */
                                "      say \"Good morning\"\n"           /* +6 */
                                "    expect: pass\n"                     /* +7 */
                                "    fail: [no-casual]\n"                /* +8 */
                                "    pass: [greeting, answer-rings]\n"   /* +9 */
                                "    score_min: 10\n"
                                "    score_max: 90\n"
                                "  - name: filed\n"
                                "    take_file: takes/a.take\n"
                                "    expect: fail\n");
    char diags[2048];
    cc_scenario *s = load("dir/scn.yaml", text, diags, sizeof diags);
    assert_string_equal(diags, "");
    assert_non_null(s);
    assert_int_equal(s->ntests, 2);
    const cc_scenario_test *t = &s->tests[0];
    assert_string_equal(t->name, "good");
    assert_null(t->take_file);
    assert_non_null(t->take);
    assert_int_equal(t->take->count, 2);
    /* the take's lines are the file's lines, its columns the file's columns */
    assert_int_equal(t->take->actions[0].line, base + 4);
    assert_int_equal(t->take->actions[0].col, 7);
    assert_int_equal(t->take->actions[1].line, base + 6);
    assert_int_equal(t->take->actions[1].kind, CC_TAKE_SAY);
    assert_int_equal(t->expect, CC_TEST_PASS);
    assert_int_equal(t->expect_line, base + 7);
    assert_int_equal(t->expect_col, 13);
    assert_int_equal(t->nfail, 1);
    assert_int_equal(t->fail[0].rule, cc_standard_find(std, "no-casual"));
    assert_int_equal(t->fail[0].src_line, base + 8);
    assert_int_equal(t->fail[0].src_col, 12);
    assert_int_equal(t->npass, 2);
    assert_int_equal(t->pass[1].rule, cc_standard_find(std, "answer-rings"));
    assert_int_equal(t->pass[1].src_col, 22);
    assert_true(t->has_score_min && t->score_min == 10);
    assert_true(t->has_score_max && t->score_max == 90);
    const cc_scenario_test *f = &s->tests[1];
    assert_string_equal(f->take_file, "takes/a.take");
    assert_string_equal(f->take_path, "dir/takes/a.take");
    assert_null(f->take); /* the loader does no I/O */
    assert_int_equal(f->expect, CC_TEST_FAIL);
    assert_false(f->has_score_min);
    cc_scenario_free(s);
    free(text);
}

static void take_paths_are_relative_to_the_scenario(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"scn.yaml", "takes/a.take", "takes/a.take"},
        {"a/b/scn.yaml", "../c.take", "a/b/../c.take"},
        {"a/scn.yaml", "/abs/c.take", "/abs/c.take"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tests[256];
        snprintf(tests, sizeof tests, "tests:\n  - {name: t, take_file: '%s', expect: pass}\n",
                 cases[i][1]);
        char *text = with_tests("", tests);
        char diags[512];
        cc_scenario *s = load(cases[i][0], text, diags, sizeof diags);
        assert_non_null(s);
        assert_string_equal(s->tests[0].take_path, cases[i][2]);
        cc_scenario_free(s);
        free(text);
    }
}

/* Each way of writing a take puts its bad line where it is in the file. */
static void take_problems_are_placed_in_the_file(void **state)
{
    (void)state;
    static const struct {
        const char *before, *tests;
        int line, col;
    } cases[] = {
        /* literal block: the line after `take: |`, past the indentation */
        {"", "tests:\n  - name: a\n    take: |\n      pickup 2\n      sya \"hi\"\n    expect: pass\n",
         5, 7},
        /* a blank line first is a line of the take */
        {"", "tests:\n  - name: a\n    take: |\n\n      pickup 0\n    expect: pass\n", 5, 14},
        /* explicit indentation: extra spaces belong to the take's line */
        {"", "tests:\n  - name: a\n    take: |2\n        pickup 0\n    expect: pass\n", 4, 16},
        /* keep and strip indicators change nothing */
        {"", "tests:\n  - name: a\n    take: |-\n      pickup x\n    expect: pass\n", 4, 14},
        /* one line in quotes: past the quote */
        {"", "tests:\n  - name: a\n    take: 'pickup 0'\n    expect: pass\n", 3, 19},
        {"", "tests:\n  - {name: a, take: \"wait x\", expect: pass}\n", 2, 27},
        /* plain */
        {"", "tests:\n  - name: a\n    take: pickup 0\n    expect: pass\n", 3, 18},
        /* a byte-order mark in front changes no position */
        {"\xEF\xBB\xBF", "tests:\n  - name: a\n    take: |\n      pickup 0\n    expect: pass\n",
         4, 14},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = with_tests(cases[i].before, cases[i].tests);
        char diags[1024];
        cc_scenario *s = load("scn.yaml", text, diags, sizeof diags);
        assert_null(s);
        char want[64];
        expect_at(want, sizeof want, "scn.yaml:%d:%d: error: ", cases[i].line, cases[i].col);
        if (strncmp(diags, want, strlen(want)) != 0)
            print_error("case %zu: got %s  want %s\n", i, diags, want);
        assert_memory_equal(diags, want, strlen(want));
        free(text);
    }
}

static void crlf_lines_count_once(void **state)
{
    (void)state;
    const char *tests = "tests:\r\n  - name: a\r\n    take: |\r\n      pickup 2\r\n"
                        "      wait x\r\n    expect: pass\r\n";
    char *text = with_tests("", tests);
    char diags[1024];
    cc_scenario *s = load("scn.yaml", text, diags, sizeof diags);
    assert_null(s);
    char want[128];
    expect_at(want, sizeof want, "scn.yaml:%d:%d: error: 'wait' takes seconds, 0 to 36000, not 'x'\n",
              5, 12);
    assert_string_equal(diags, want);
    free(text);
}

static void mistakes_are_reported(void **state)
{
    (void)state;
    char *text = with_tests("", "tests:\n"
                                "  - name: a\n"
                                "    take: >\n"
                                "      pickup\n"
                                "    expect: pass\n"
                                "  - name: a\n"
                                "    take: pickup\n"
                                "    take_file: x.take\n"
                                "    expect: passes\n"
                                "    fail: [greting]\n"
                                "    pass: [company]\n"
                                "    score_min: 60\n"
                                "    score_max: 50\n"
                                "  - name: b\n"
                                "    take: pickup\n"
                                "    fail: [company]\n"
                                "    pass: [company]\n"
                                "    scor_max: 1\n"
                                "  - name: c\n"
                                "    take: pickup\n"
                                "  - name: d\n"
                                "    expect: pass\n");
    char diags[4096], want[4096];
    cc_scenario *s = load("scn.yaml", text, diags, sizeof diags);
    assert_null(s);
    int b = base;
    snprintf(want, sizeof want,
             "scn.yaml:%d:11: error: test 'a': write the take as a literal block ('take: |'); "
             "with '>' its lines run together into one\n"
             "scn.yaml:%d:11: error: test name 'a' is used twice (first at line %d)\n"
             "scn.yaml:%d:16: error: test 'a': give either 'take' or 'take_file', not both\n"
             "scn.yaml:%d:13: error: 'expect' cannot be 'passes' (did you mean 'pass'?)\n"
             "scn.yaml:%d:12: error: unknown rule 'greting' (did you mean 'greeting'?)\n"
             "scn.yaml:%d:16: error: test 'a': score_max 50 is below score_min 60; no score fits\n"
             "scn.yaml:%d:12: error: test 'b': rule 'company' cannot be expected to both pass and "
             "fail\n"
             "scn.yaml:%d:5: error: unknown key 'scor_max' (did you mean 'score_max'?)\n"
             "scn.yaml:%d:5: error: test 'c' checks nothing: give 'expect: pass' or 'expect: "
             "fail', and the rules it must 'fail' or 'pass'\n"
             "scn.yaml:%d:5: error: test 'd' has no take: write one under 'take: |', or name a "
             "file with 'take_file'\n",
             b + 3, b + 6, b + 2, b + 8, b + 9, b + 10, b + 13, b + 17, b + 18, b + 19, b + 21);
    if (strcmp(diags, want) != 0) print_error("got:\n%s\nwant:\n%s", diags, want);
    assert_string_equal(diags, want);
    free(text);

    text = with_tests("", "tests: {name: a}\n");
    load("scn.yaml", text, diags, sizeof diags);
    expect_at(want, sizeof want, "scn.yaml:%d:8: error: 'tests' must be a list, not a mapping\n", 1, 0);
    assert_string_equal(diags, want);
    free(text);
}

/* --- playing --------------------------------------------------------------- */

static cc_scenario *loaded(const char *path, const char *tests)
{
    char *text = with_tests("", tests);
    char diags[2048];
    cc_scenario *s = load(path, text, diags, sizeof diags);
    if (!s) print_error("%s", diags);
    assert_non_null(s);
    free(text);
    return s;
}

static void run(const cc_scenario *s, size_t i, cc_test_outcome *out, char *diags, size_t n)
{
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_scenario_test_run(std, s, i, "Alex", 1, d, out), 0);
    cc_diags_sort(d);
    fix_diags_text(d, diags, n);
    cc_diags_free(d);
}

static void a_test_that_holds_reports_nothing(void **state)
{
    (void)state;
    cc_scenario *s = loaded("scn.yaml", "tests:\n"
                                        "  - name: good\n"
                                        "    take: |\n"
                                        "      pickup\n"
                                        "      say \"Good morning, Northwind Travel.\"\n"
                                        "    expect: pass\n"
                                        "    pass: [greeting, company, answer-rings]\n"
                                        "    fail: []\n"
                                        "    score_min: 90\n");
    cc_test_outcome out;
    char diags[1024];
    run(s, 0, &out, diags, sizeof diags);
    assert_string_equal(diags, "");
    assert_true(out.ok);
    assert_true(out.played);
    assert_true(out.call_passed);
    assert_true(out.score >= 90);
    cc_scenario_free(s);
}

static void every_mismatch_is_reported_where_it_was_written(void **state)
{
    (void)state;
    cc_scenario *s = loaded("scn.yaml", "tests:\n"
                                        "  - name: bad\n"
                                        "    take: |\n"
                                        "      pickup 5\n"
                                        "      say \"Yeah, Northwind Travel.\"\n"
                                        "    expect: pass\n"
                                        "    fail: [company, hold-time]\n"
                                        "    pass: [greeting]\n"
                                        "    score_min: 60\n");
    cc_test_outcome out;
    char diags[4096];
    run(s, 0, &out, diags, sizeof diags);
    assert_false(out.ok);
    assert_true(out.played);
    assert_false(out.call_passed);
    /* each expectation that does not hold, at its entry; the failed rules
     * behind a call that did not pass as notes at `expect` */
    char lines[8][256];
    int b = base;
    snprintf(lines[0], 256,
             "scn.yaml:%d:13: error: test 'bad': the call did not pass (score %d, pass mark 70), "
             "expected pass\n",
             b + 6, out.score);
    snprintf(lines[1], 256, "scn.yaml:%d:13: note: rule 'no-casual' failed: said \"Yeah\"", b + 6);
    snprintf(lines[2], 256,
             "scn.yaml:%d:13: note: rule 'answer-rings' failed: line 1 answered on ring 5", b + 6);
    snprintf(lines[3], 256,
             "scn.yaml:%d:12: error: test 'bad': rule 'company' is pass, expected fail (said "
             "\"Northwind Travel\")\n",
             b + 7);
    snprintf(lines[4], 256,
             "scn.yaml:%d:21: error: test 'bad': rule 'hold-time' is n/a, expected fail (did not "
             "come up in this call)\n",
             b + 7);
    snprintf(lines[5], 256,
             "scn.yaml:%d:12: error: test 'bad': rule 'greeting' is fail, expected pass (not in "
             "\"Yeah, Northwind Travel.\")\n",
             b + 8);
    snprintf(lines[6], 256,
             "scn.yaml:%d:16: error: test 'bad': the call scored %d, below score_min 60\n", b + 9,
             out.score);
    if (getenv("SHOW")) print_message("%s", diags);
    for (int i = 0; i < 7; i++) {
        if (!strstr(diags, lines[i])) print_error("missing: %s\nin:\n%s", lines[i], diags);
        assert_non_null(strstr(diags, lines[i]));
    }
    /* greeting is listed under `pass`, so it is no note as well */
    assert_null(strstr(diags, "note: rule 'greeting'"));
    cc_scenario_free(s);
}

static void take_files_are_read_beside_the_scenario(void **state)
{
    (void)state;
    /* the scenario is given in memory; its path only says where its takes are */
    cc_scenario *s = loaded(CC_TEST_DIR "/fixtures/scn.yaml",
                            "tests:\n"
                            "  - {name: file, take_file: fixture.take, expect: pass}\n"
                            "  - {name: gone, take_file: no-such.take, expect: pass}\n"
                            "  - {name: wav, take_file: wav.take, expect: pass}\n");
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_scenario_load_takes(s, d), CC_FILE_BAD);
    assert_int_equal(cc_diags_count(d), 1);
    char want[1024];
    snprintf(want, sizeof want,
             "test 'gone': cannot read take file '%s/fixtures/no-such.take': No such file or "
             "directory",
             CC_TEST_DIR);
    assert_string_equal(cc_diags_get(d, 0)->message, want);
    assert_int_equal(cc_diags_get(d, 0)->line, base + 3);
    assert_int_equal(cc_diags_get(d, 0)->col, 29);
    cc_diags_free(d);
    assert_non_null(s->tests[0].take);
    assert_int_equal(s->tests[0].take->count, 8);
    assert_null(s->tests[1].take);

    cc_test_outcome out;
    char diags[2048];
    run(s, 0, &out, diags, sizeof diags);
    assert_true(out.ok);
    /* a test whose take did not load is reported, not played */
    run(s, 1, &out, diags, sizeof diags);
    assert_false(out.played);
    assert_non_null(strstr(diags, "its take is not loaded"));
    /* a recorded answer cannot be played: reported at its line in the take */
    run(s, 2, &out, diags, sizeof diags);
    assert_false(out.played);
    assert_false(out.ok);
    assert_non_null(strstr(diags, "/fixtures/wav.take:2:1: error: test 'wav': a recorded answer"));
    cc_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_key),
        cmocka_unit_test(take_paths_are_relative_to_the_scenario),
        cmocka_unit_test(take_problems_are_placed_in_the_file),
        cmocka_unit_test(crlf_lines_count_once),
        cmocka_unit_test(mistakes_are_reported),
        cmocka_unit_test(a_test_that_holds_reports_nothing),
        cmocka_unit_test(every_mismatch_is_reported_where_it_was_written),
        cmocka_unit_test(take_files_are_read_beside_the_scenario),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
