#include "fixture.h"

#include "phrase.h"

static void evidence_quotes_the_speaker(void **state)
{
    (void)state;
    cc_standard *std = fix_standard();
    const cc_rule *greet = &std->rules[cc_standard_find(std, "greeting")];
    cc_slots *sl = cc_slots_create();
    cc_slots_add(sl, "company", "Northwind Travel");
    char ev[64];
    assert_int_equal(cc_rule_hit(greet, "Um, GOOD... morning to you!", sl, ev, sizeof ev), 1);
    assert_string_equal(ev, "GOOD... morning");
    assert_int_equal(cc_rule_hit(greet, "yeah what", sl, ev, sizeof ev), 0);
    assert_string_equal(ev, "");
    assert_int_equal(cc_rule_hit(greet, "", sl, ev, sizeof ev), 0);
    /* evidence is cut to the buffer, never overrun */
    char tiny[5];
    assert_int_equal(cc_rule_hit(greet, "good afternoon", sl, tiny, sizeof tiny), 1);
    assert_string_equal(tiny, "good");
    const cc_rule *co = &std->rules[cc_standard_find(std, "company")];
    assert_int_equal(cc_rule_hit(co, "northwind travel here", sl, ev, sizeof ev), 1);
    assert_int_equal(cc_rule_hit(co, "northwind here", sl, ev, sizeof ev), 0);
    cc_slots_free(sl);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(evidence_quotes_the_speaker)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
