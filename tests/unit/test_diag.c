#include "fixture.h"

static void formats_and_sorts(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_diags_add(d, CC_DIAG_WARNING, "b.yaml", 3, 1, "late %s", "warning");
    cc_diags_add(d, CC_DIAG_ERROR, "a.yaml", 9, 2, "second");
    cc_diags_add(d, CC_DIAG_ERROR, "b.yaml", 1, 5, "early");
    cc_diags_add(d, CC_DIAG_ERROR, "a.yaml", 2, 7, "first");
    cc_diags_add(d, CC_DIAG_NOTE, "a.yaml", 0, 0, "whole file");
    assert_int_equal(cc_diags_count(d), 5);
    assert_int_equal(cc_diags_errors(d), 3);
    cc_diags_sort(d);
    char out[1024];
    fix_diags_text(d, out, sizeof out);
    /* files in the order first seen, then line and column */
    assert_string_equal(out, "b.yaml:1:5: error: early\n"
                             "b.yaml:3:1: warning: late warning\n"
                             "a.yaml: note: whole file\n"
                             "a.yaml:2:7: error: first\n"
                             "a.yaml:9:2: error: second\n");
    assert_null(cc_diags_get(d, 5));
    cc_diags_free(d);
    cc_diags_free(NULL);
    cc_diags_add(NULL, CC_DIAG_ERROR, "x", 1, 1, "ignored");
    assert_int_equal(cc_diags_count(NULL), 0);
}

/* A file of junk gives a bounded list, and still counts every error. */
static void keeps_a_bounded_number(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    for (int i = 1; i <= 5000; i++) cc_diags_add(d, CC_DIAG_ERROR, "junk.yaml", i, 1, "bad line %d", i);
    assert_int_equal(cc_diags_count(d), CC_DIAGS_MAX);
    assert_int_equal(cc_diags_errors(d), 5000);
    assert_int_equal(cc_diags_dropped(d), 5000 - CC_DIAGS_MAX);
    assert_string_equal(cc_diags_dropped_file(d), "junk.yaml");
    assert_int_equal(cc_diags_get(d, CC_DIAGS_MAX - 1)->line, CC_DIAGS_MAX);
    cc_diags_free(d);
    d = cc_diags_create();
    assert_int_equal(cc_diags_dropped(d), 0);
    assert_null(cc_diags_dropped_file(d));
    cc_diags_free(d);
}

static void edit_distance(void **state)
{
    (void)state;
    assert_int_equal(cc_edit_distance("greeting", "greeting"), 0);
    assert_int_equal(cc_edit_distance("greting", "greeting"), 1);
    assert_int_equal(cc_edit_distance("titel", "title"), 2);
    assert_int_equal(cc_edit_distance("", "abc"), 3);
    char longer[200];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(cc_edit_distance(longer, "a"), 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_and_sorts),
        cmocka_unit_test(keeps_a_bounded_number),
        cmocka_unit_test(edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
