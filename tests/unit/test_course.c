/* course: loading a course file (every error at its line:col, "did you mean"
 * for keys and scenario ids), and the progress a trainee's best scores give. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "course.h"
#include "files.h"

static const char good[] =
    "course: onboarding\n"
    "title: Basics\n"
    "language: en\n"
    "stages:\n"
    "  - title: First calls\n"
    "    pass_mark: 70\n"
    "    scenarios: [wrong-number, hold-lookup]\n"
    "  - title: Harder\n"
    "    pass_mark: 80\n"
    "    scenarios: [rude-caller, mine/extra-call.yaml]\n";

static cc_course *load(const char *text, cc_diags *d)
{
    return cc_course_load("dir/course.yaml", text, strlen(text), d);
}

/* Finds a diagnostic at line:col whose message contains `part`. */
static int has(cc_diags *d, int line, int col, const char *part)
{
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        const cc_diag *g = cc_diags_get(d, i);
        if (g->line == line && g->col == col && strstr(g->message, part)) return 1;
    }
    char buf[512];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), buf, sizeof buf);
        print_message("  have: %s\n", buf);
    }
    print_message("  want %d:%d: ...%s...\n", line, col, part);
    return 0;
}

static void loads_stages_in_order_with_resolved_paths(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_course *c = load(good, d);
    assert_non_null(c);
    assert_int_equal(cc_diags_count(d), 0);
    assert_string_equal(c->id, "onboarding");
    assert_int_equal(c->nstages, 2);
    assert_string_equal(c->stages[0].title, "First calls");
    assert_int_equal(c->stages[0].pass_mark, 70);
    assert_int_equal(c->stages[1].pass_mark, 80);
    assert_string_equal(c->stages[0].items[1].id, "hold-lookup");
    assert_string_equal(c->stages[0].items[1].path, "dir/hold-lookup.yaml");
    assert_int_equal(c->stages[0].items[1].src_line, 7);
    assert_int_equal(c->stages[0].items[1].src_col, 31);
    /* A file name keeps its folder; its id is the file's name. */
    assert_string_equal(c->stages[1].items[1].id, "extra-call");
    assert_string_equal(c->stages[1].items[1].path, "dir/mine/extra-call.yaml");
    size_t st = 9, it = 9;
    assert_int_equal(cc_course_find(c, "rude-caller", &st, &it), 0);
    assert_int_equal(st, 1);
    assert_int_equal(it, 0);
    assert_int_equal(cc_course_find(c, "second-line", NULL, NULL), -1);
    cc_course_free(c);
    cc_course_free(NULL);
    cc_diags_free(d);
}

static void reports_every_error_at_its_place(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    const char *text = "course: onboarding\n"
                       "titel: Basics\n"
                       "language: en\n"
                       "stages:\n"
                       "  - title: First calls\n"
                       "    pass_mark: 170\n"
                       "    scenarios: [wrong-number, \"a b\"]\n"
                       "  - title: Empty\n"
                       "    pass_mark: 70\n"
                       "    scenarios: []\n"
                       "  - title: Again\n"
                       "    pasmark: 70\n"
                       "    scenarios: [wrong-number]\n";
    assert_null(load(text, d));
    assert_true(has(d, 2, 1, "unknown key 'titel' (did you mean 'title'?)"));
    assert_true(has(d, 1, 1, "missing required key 'title'"));
    assert_true(has(d, 6, 16, "'pass_mark' is 170"));
    assert_true(has(d, 7, 31, "'a b' is neither a scenario id"));
    assert_true(has(d, 10, 16, "stage 'Empty' has no scenarios"));
    assert_true(has(d, 12, 5, "unknown key 'pasmark' (did you mean 'pass_mark'?)"));
    assert_true(has(d, 13, 17, "scenario 'wrong-number' is already in the course at line 7"));
    cc_diags_free(d);

    d = cc_diags_create();
    assert_null(load("course: x\ntitle: t\nlanguage: en\nstages: {a: 1}\n", d));
    assert_true(has(d, 4, 9, "'stages'"));
    cc_diags_free(d);
    d = cc_diags_create();
    assert_null(load("course: x\ntitle: [t\n", d)); /* broken YAML is an error, not a crash */
    assert_true(cc_diags_errors(d) > 0);
    cc_diags_free(d);
}

static void unknown_scenarios_are_reported_with_a_suggestion(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    const char *text = "course: onboarding\ntitle: t\nlanguage: en\nstages:\n"
                       "  - title: One\n    pass_mark: 70\n"
                       "    scenarios: [wrong-nubmer, hold-lookup, zzz]\n";
    cc_course *c = load(text, d);
    assert_non_null(c);
    const char *ids[] = {"hold-lookup", "wrong-number", "rude-caller"};
    assert_int_equal(cc_course_check_ids(c, ids, 3, d), 2);
    assert_true(has(d, 7, 17, "unknown scenario 'wrong-nubmer' (did you mean 'wrong-number'?)"));
    assert_true(has(d, 7, 44, "unknown scenario 'zzz': no scenario file dir/zzz.yaml"));
    cc_course_free(c);
    cc_diags_free(d);
}

static void tells_a_course_by_its_first_key(void **state)
{
    (void)state;
    assert_string_equal(cc_file_kind(good, strlen(good)), "course");
    const char *bom = "\xEF\xBB\xBF# c\n---\ncourse: x\n";
    assert_string_equal(cc_file_kind(bom, strlen(bom)), "course");
    const char *scn = "scenario: x\ncourse: y\n"; /* the first of the kinds' keys decides */
    assert_string_equal(cc_file_kind(scn, strlen(scn)), "scenario");
    const char *no = "title: x\n  course: y\n";
    assert_null(cc_file_kind(no, strlen(no)));
}

static void progress_follows_the_best_scores(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_course *c = load(good, d);
    assert_non_null(c);
    cc_course_progress p;

    /* Nothing played: stage 1 is current, its first scenario next. */
    assert_int_equal(cc_course_progress_compute(c, NULL, NULL, 0, &p), 0);
    assert_int_equal(p.nstages, 2);
    assert_false(p.stage_passed[0]);
    assert_false(p.stage_passed[1]);
    assert_int_equal(p.current, 0);
    assert_int_equal(p.next_stage, 0);
    assert_int_equal(p.next_item, 0);
    cc_course_progress_clear(&p);

    /* The first scenario passed, the second below the mark: it is next. The
     * best of two entries for the same id counts. */
    const char *ids[] = {"wrong-number", "hold-lookup", "hold-lookup", "rude-caller"};
    int best[] = {70, 40, 69, 95};
    assert_int_equal(cc_course_progress_compute(c, ids, best, 4, &p), 0);
    assert_false(p.stage_passed[0]);
    assert_int_equal(p.current, 0);
    assert_int_equal(p.next_item, 1);
    cc_course_progress_clear(&p);

    /* Stage 1 done: stage 2 is current, and its unplayed file scenario next. */
    best[2] = 88;
    assert_int_equal(cc_course_progress_compute(c, ids, best, 4, &p), 0);
    assert_true(p.stage_passed[0]);
    assert_false(p.stage_passed[1]);
    assert_int_equal(p.current, 1);
    assert_int_equal(p.next_stage, 1);
    assert_int_equal(p.next_item, 1);
    cc_course_progress_clear(&p);

    /* A later stage passed first does not skip an earlier one still open. */
    const char *ids2[] = {"rude-caller", "extra-call", "wrong-number"};
    int best2[] = {80, 100, 10};
    assert_int_equal(cc_course_progress_compute(c, ids2, best2, 3, &p), 0);
    assert_false(p.stage_passed[0]);
    assert_true(p.stage_passed[1]);
    assert_int_equal(p.current, 0);
    assert_int_equal(p.next_item, 0);
    cc_course_progress_clear(&p);

    /* Everything at its mark: the course is done. */
    const char *all[] = {"wrong-number", "hold-lookup", "rude-caller", "extra-call"};
    int top[] = {70, 70, 80, 80};
    assert_int_equal(cc_course_progress_compute(c, all, top, 4, &p), 0);
    assert_true(p.stage_passed[0] && p.stage_passed[1]);
    assert_int_equal(p.current, -1);
    assert_int_equal(p.next_stage, -1);
    assert_int_equal(p.next_item, -1);
    cc_course_progress_clear(&p);
    cc_course_progress_clear(&p); /* twice is harmless */
    cc_course_progress_clear(NULL);
    cc_course_free(c);
    cc_diags_free(d);
}

static void the_shipped_course_loads(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_course *c = NULL;
    assert_int_equal(cc_course_load_file(CC_DATA_DIR "/scenarios/course.yaml", &c, d), CC_FILE_OK);
    assert_true(c->nstages >= 2);
    cc_course_free(c);
    assert_int_equal(cc_course_load_file(CC_DATA_DIR "/scenarios/no-such-course.yaml", &c, d),
                     CC_FILE_MISSING);
    assert_null(c);
    cc_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_stages_in_order_with_resolved_paths),
        cmocka_unit_test(reports_every_error_at_its_place),
        cmocka_unit_test(unknown_scenarios_are_reported_with_a_suggestion),
        cmocka_unit_test(tells_a_course_by_its_first_key),
        cmocka_unit_test(progress_follows_the_best_scores),
        cmocka_unit_test(the_shipped_course_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
