#include "fixture.h"

#include "corpus.h"

static void spells_numbers_both_ways(void **state)
{
    (void)state;
    struct { const char *d; int mode; const char *want; } rows[] = {
        {"2040", 0, "two zero four zero"}, {"2040", 1, "twenty forty"},
        {"1500", 1, "fifteen hundred"},    {"1905", 1, "nineteen oh five"},
        {"0142", 1, "oh one four two"},    {"555", 0, "five five five"},
        {"15", 1, "fifteen"},              {"3", 1, "three"},
        {"30", 1, "thirty"},               {"07", 1, "oh seven"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[128] = "";
        cc_spell_digits(rows[i].d, rows[i].mode, out, sizeof out);
        assert_string_equal(out, rows[i].want);
    }
}

static int contains(const cc_corpus *c, const char *s)
{
    for (size_t i = 0; i < cc_corpus_count(c); i++)
        if (strcmp(cc_corpus_at(c, i), s) == 0) return 1;
    return 0;
}

static void gathers_what_can_be_said(void **state)
{
    (void)state;
    cc_standard *std = fix_standard();
    cc_scenario *scn = fix_scenario_text(std, FIX_SCENARIO);
    const char *extra[] = {"Hang on a second, mate."};
    cc_corpus *c = cc_corpus_build(std, scn, "Alex", extra, 1);
    assert_non_null(c);
    assert_true(contains(c, "good morning"));          /* a rule phrase */
    assert_true(contains(c, "good afternoon"));
    assert_true(contains(c, "northwind travel"));      /* a slot filled */
    assert_true(contains(c, "what do you want"));      /* a forbidden phrase is heard too */
    assert_true(contains(c, "extension two zero four zero")); /* a rule model, numbers spoken */
    assert_true(contains(c, "extension twenty forty"));
    assert_true(contains(c, "good morning northwind travel")); /* a node's model answer */
    assert_true(contains(c, "hang on a second mate"));  /* the extra lines, normalised */
    const char *extra2[] = {"I'm sorry, you'll hear from us."};
    cc_corpus *c2 = cc_corpus_build(std, scn, "Alex", extra2, 1);
    assert_true(contains(c2, "i am sorry you will hear from us")); /* as matched */
    assert_true(contains(c2, "i'm sorry you'll hear from us"));    /* and as said */
    cc_corpus_free(c2);
    assert_true(contains(c, "may i put you on hold"));
    for (size_t i = 1; i < cc_corpus_count(c); i++) /* sorted and unique */
        assert_true(strcmp(cc_corpus_at(c, i - 1), cc_corpus_at(c, i)) < 0);
    cc_corpus_free(c);
    cc_corpus_free(NULL);
    cc_scenario_free(scn);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spells_numbers_both_ways),
        cmocka_unit_test(gathers_what_can_be_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
