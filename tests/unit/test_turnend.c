/* Unit tests of game/turnend.c: how finished an answer heard so far sounds,
 * and the silence that then ends the trainee's turn. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "fixture.h"
#include "turnend.h"

static const char *const SCN =
    "scenario: turns\n"
    "title: Turns\n"
    "language: en\n"
    "briefing: A test.\n"
    "context:\n"
    "  number: '2040'\n"
    "lines:\n"
    "  - line: 1\n"
    "    start: open\n"
    "    caller: {name: Pat, voice: en-us}\n"
    "nodes:\n"
    "  - id: open\n"
    "    model: Good morning, {company}, this is {trainee}. How can I help you?\n"
    "    branches:\n"
    "      - goto: ask\n"
    "  - id: ask\n"
    "    say: Billing please.\n"
    "    model: Of course. I can put you through to Billing on extension {number}. May I put you through now?\n"
    "    branches:\n"
    "      - goto: bye\n"
    "  - id: bye\n"
    "    say: Thanks, bye.\n"
    "    model: Thank you for calling {company}. Goodbye.\n"
    "    end: true\n";

typedef struct {
    cc_standard *std;
    cc_scenario *scn;
    cc_turnend *t;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->std = fix_standard();
    f->scn = fix_scenario_text(f->std, SCN);
    f->t = cc_turnend_create(f->std, f->scn, "Alex");
    assert_non_null(f->t);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    cc_turnend_free(f->t);
    cc_scenario_free(f->scn);
    cc_standard_free(f->std);
    free(f);
    return 0;
}

#define JUDGE(node, text) cc_turnend_judge(f->t, node, text)

/* Words that need more, hesitations, half a number: a pause to think. */
static void unfinished_answers_wait(void **state)
{
    fx *f = *state;
    assert_int_equal(JUDGE(1, "i can put you through to"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(1, "billing and"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(-1, "may i have your"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(-1, "I'll"), CC_TURNEND_UNFINISHED); /* "i will" */
    assert_int_equal(JUDGE(1, "certainly, um"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(1, "Hmm, let me see"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(-1, "my number is five five five"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(-1, "extension two oh"), CC_TURNEND_UNFINISHED);
    /* a whole number read is not half a number */
    assert_int_equal(JUDGE(-1, "my number is five five five zero one four two") == CC_TURNEND_UNFINISHED, 0);
}

/* The node's own model answer: its end is finished, its middle is not. */
static void the_node_model_decides(void **state)
{
    fx *f = *state;
    assert_int_equal(JUDGE(0, "good morning northwind travel this is alex how can i help you"),
                     CC_TURNEND_COMPLETE);
    /* between its two sentences: the trainee goes on */
    assert_int_equal(JUDGE(0, "good morning northwind travel this is alex"), CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(1, "of course i can put you through to billing on extension two zero four zero"),
                     CC_TURNEND_UNFINISHED);
    assert_int_equal(JUDGE(1, "may i put you through now"), CC_TURNEND_COMPLETE);
    assert_int_equal(JUDGE(2, "thank you for calling northwind travel goodbye"), CC_TURNEND_COMPLETE);
    /* the word before the last misheard: the last word where it stands once */
    assert_int_equal(JUDGE(1, "may i put you through snow"), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(0, "how can i dialed you"), CC_TURNEND_COMPLETE);
    assert_int_equal(JUDGE(0, "good morning northwind travel this is added"), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(1, "i can put you through to the billing"), CC_TURNEND_UNFINISHED);
}

/* Off the model: a farewell is finished; anything else is unsure, even a
 * sentence that could end here (the trainee may have another). */
static void other_words_are_unsure(void **state)
{
    fx *f = *state;
    assert_int_equal(JUDGE(0, "alright then goodbye"), CC_TURNEND_COMPLETE);
    assert_int_equal(JUDGE(0, "the weather is nice"), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(0, "how may i assist you today"), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(-1, "good morning northwind travel this is alex how can i help you"), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(0, ""), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(0, NULL), CC_TURNEND_UNSURE);
    assert_int_equal(JUDGE(99, "may i put you through now"), CC_TURNEND_UNSURE);
}

/* The waits are the standard's settings. */
static void waits_come_from_the_standard(void **state)
{
    fx *f = *state;
    cc_settings st = f->std->settings;
    assert_int_equal(cc_turnend_wait_ms(&st, CC_TURNEND_COMPLETE), 200);
    assert_int_equal(cc_turnend_wait_ms(&st, CC_TURNEND_UNSURE), 700);
    assert_int_equal(cc_turnend_wait_ms(&st, CC_TURNEND_UNFINISHED), 2400);
    st.turn_end_finished_seconds = 0.25;
    assert_int_equal(cc_turnend_wait_ms(&st, CC_TURNEND_COMPLETE), 250);
    assert_string_equal(cc_turnend_kind_name(CC_TURNEND_UNFINISHED), "unfinished");
}

/* A language without tables of its own: the model answers alone. */
static void other_languages_use_the_answers(void **state)
{
    (void)state;
    char *stext = strdup(FIX_STANDARD);
    memcpy(strstr(stext, "language: en"), "language: pl", 12);
    cc_diags *d = cc_diags_create();
    cc_standard *std = cc_standard_load("std.yaml", stext, strlen(stext), d);
    cc_diags_free(d);
    assert_non_null(std);
    char *text = strdup(SCN);
    char *lang = strstr(text, "language: en");
    memcpy(lang, "language: pl", 12);
    cc_scenario *scn = fix_scenario_text(std, text);
    cc_turnend *t = cc_turnend_create(std, scn, "Alex");
    assert_non_null(t);
    /* "and" is no function word in Polish tables (there are none) */
    assert_int_equal(cc_turnend_judge(t, -1, "billing and"), CC_TURNEND_UNSURE);
    assert_int_equal(cc_turnend_judge(t, 2, "thank you for calling northwind travel goodbye"), CC_TURNEND_COMPLETE);
    assert_int_equal(cc_turnend_judge(t, 0, "good morning northwind travel"), CC_TURNEND_UNFINISHED);
    cc_turnend_free(t);
    cc_turnend_free(NULL);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(text);
    free(stext);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unfinished_answers_wait, setup, teardown),
        cmocka_unit_test_setup_teardown(the_node_model_decides, setup, teardown),
        cmocka_unit_test_setup_teardown(other_words_are_unsure, setup, teardown),
        cmocka_unit_test_setup_teardown(waits_come_from_the_standard, setup, teardown),
        cmocka_unit_test(other_languages_use_the_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
