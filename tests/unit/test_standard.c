#include "fixture.h"

#include <stdlib.h>

static void loads_fixture(void **state)
{
    (void)state;
    cc_standard *s = fix_standard();
    assert_string_equal(s->id, "test-std");
    assert_string_equal(s->company, "Northwind Travel");
    assert_int_equal(s->nrules, 13);
    int i = cc_standard_find(s, "answer-rings");
    assert_true(i >= 0);
    assert_int_equal(s->rules[i].kind, CC_DETECT_TIMING);
    assert_true(s->rules[i].max == 3.0); /* read from $answer_by_ring */
    i = cc_standard_find(s, "no-casual");
    assert_int_equal(s->rules[i].max_gap, 0); /* forbidden phrases match exactly by default */
    i = cc_standard_find(s, "greeting");
    assert_int_equal(s->rules[i].max_gap, 2);
    assert_int_equal(cc_standard_find(s, "nope"), -1);
    assert_true(s->settings.ring_seconds == 2.0 && s->settings.ring_gap_seconds == 4.0);
    cc_standard_free(s);
    cc_standard_free(NULL);
}

/* Replaces the first occurrence of `from` in the fixture and loads it. */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(FIX_STANDARD, from);
    assert_non_null(at);
    size_t n = strlen(FIX_STANDARD) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(at - FIX_STANDARD), FIX_STANDARD, to, at + strlen(from));
    return s;
}

static void expect_error(const char *from, const char *to, const char *expected)
{
    char *text = edited(from, to);
    cc_diags *d = cc_diags_create();
    cc_standard *s = cc_standard_load("std.yaml", text, strlen(text), d);
    assert_null(s);
    char out[4096];
    fix_diags_text(d, out, sizeof out);
    if (strcmp(out, expected) != 0) print_error("got:\n%sexpected:\n%s", out, expected);
    if (getenv("SHOW")) print_message("%s", out);
    else assert_string_equal(out, expected);
    cc_diags_free(d);
    free(text);
}

static void errors_point_at_the_node(void **state)
{
    (void)state;
    expect_error("pass_mark: 70", "pas_mark: 70",
                 "std.yaml:5:1: error: unknown key 'pas_mark' (did you mean 'pass_mark'?)\n");
    expect_error("pass_mark: 70", "pass_mark: [70]",
                 "std.yaml:5:12: error: 'pass_mark' must be a number, not a list\n");
    expect_error("pass_mark: 70", "pass_mark: 170",
                 "std.yaml:5:12: error: 'pass_mark' is 170; it must be between 0 and 100\n");
    expect_error("company: Northwind Travel\n", "",
                 "std.yaml:1:1: error: missing required key 'company'\n");
    expect_error("max: $answer_by_ring", "max: $answer_by_rings",
                 "std.yaml:55:55: error: 'max' names an unknown setting '$answer_by_rings' (did "
                 "you mean '$answer_by_ring'?)\n");
    expect_error("'good (morning|afternoon)'", "'good (morning|afternoon'",
                 "std.yaml:22:44: error: bad phrase: unbalanced '('\n");
    expect_error("  - id: company\n", "  - id: greeting\n",
                 "std.yaml:25:9: error: rule id 'greeting' is used twice (first at line 17)\n");
    expect_error("{kind: timing, measure: answer-ring, max: $answer_by_ring}", "{kind: timing, max: 3}",
                 "std.yaml:55:13: error: a timing rule needs 'measure': answer-ring, "
                 "hold-seconds, silence-seconds, talk-over-seconds or transfers\n");
    expect_error("{kind: phrase, phrases: ['{company}']}", "{kind: phrase, phrases: ['{compnay}']}",
                 "std.yaml:30:38: error: unknown slot {compnay} (did you mean {company}?)\n");
    /* A model answer is filled like a phrase: a slot nothing fills is an error too. */
    expect_error("model: '{company}.'", "model: '{company} in {city}.'",
                 "std.yaml:32:12: error: unknown slot {city}; slots are {company}, {trainee}, "
                 "{caller}, {colleague}, {time}, {number}, {department}\n");
    expect_error("phase: opening", "phase: start",
                 "std.yaml:19:12: error: 'phase' must be one of: opening, during, hold-transfer, closing\n");
    expect_error("critical: true", "critical: maybe",
                 "std.yaml:46:15: error: 'critical' must be true or false\n");
}

static void many_errors_at_once(void **state)
{
    (void)state;
    static const char text[] = "standard: x\ntitle: [a]\nlanguage: en\ncompany: C\nrules: 5\n"
                               "caller_reactions: {silence: a, silence_hangup: b, "
                               "not_understood: c, long_hold: d}\nextra: 1\n";
    cc_diags *d = cc_diags_create();
    assert_null(cc_standard_load("s.yaml", text, strlen(text), d));
    assert_int_equal(cc_diags_errors(d), 3);
    cc_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_fixture),
        cmocka_unit_test(errors_point_at_the_node),
        cmocka_unit_test(many_errors_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
