#include "fixture.h"

#include <stdlib.h>

static cc_take *parse(const char *text, cc_diags *d)
{
    return cc_take_parse("t.take", text, strlen(text), d);
}

static void all_actions(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_take *t = parse("# a comment\n"
                       "pickup 2\n"
                       "\n"
                       "say \"Good morning, \\\"Northwind\\\"\"  # trailing comment\n"
                       "say answer.WAV\n"
                       "interrupt \"Sorry\"\n"
                       "wait 2.5\n"
                       "hold\nresume\nswitch\ntransfer 2040\nhangup\npickup\n",
                       d);
    assert_non_null(t);
    assert_int_equal(cc_diags_count(d), 0);
    assert_int_equal(t->count, 11);
    assert_int_equal(t->actions[0].kind, CC_TAKE_PICKUP);
    assert_int_equal(t->actions[0].ring, 2);
    assert_int_equal(t->actions[0].line, 2);
    assert_int_equal(t->actions[1].kind, CC_TAKE_SAY);
    assert_string_equal(t->actions[1].text, "Good morning, \"Northwind\"");
    assert_int_equal(t->actions[2].kind, CC_TAKE_SAY_WAV);
    assert_string_equal(t->actions[2].text, "answer.WAV");
    assert_int_equal(t->actions[3].kind, CC_TAKE_INTERRUPT);
    assert_int_equal(t->actions[4].kind, CC_TAKE_WAIT);
    assert_true(t->actions[4].seconds == 2.5);
    assert_int_equal(t->actions[8].kind, CC_TAKE_TRANSFER);
    assert_string_equal(t->actions[8].text, "2040");
    assert_int_equal(t->actions[9].kind, CC_TAKE_HANGUP);
    assert_int_equal(t->actions[10].ring, 1);
    cc_take_free(t);
    cc_diags_free(d);
}

static void every_error_with_position(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_take *t = parse("pickup zero\n"
                       "sya \"hi\"\n"
                       "say \"unclosed\n"
                       "say hello there\n"
                       "wait -1\n"
                       "transfer\n"
                       "transfer 20x0\n"
                       "hold now\n"
                       "  dance\n"
                       "say \"\"\n",
                       d);
    assert_null(t);
    char text[4096];
    fix_diags_text(d, text, sizeof text);
    assert_string_equal(text,
                        "t.take:1:8: error: 'pickup' takes the ring to answer on, 1 to 50, not 'zero'\n"
                        "t.take:2:1: error: unknown action 'sya' (did you mean 'say'?)\n"
                        "t.take:3:5: error: unclosed quote: end the answer with \"\n"
                        "t.take:4:5: error: put the answer in double quotes (say \"...\"), or name a .wav file\n"
                        "t.take:5:6: error: 'wait' takes seconds, 0 to 36000, not '-1'\n"
                        "t.take:6:1: error: 'transfer' needs the extension to transfer to, e.g. 'transfer 2040'\n"
                        "t.take:7:12: error: an extension is digits (and * or #), not '20x0'\n"
                        "t.take:8:6: error: 'hold' takes no argument\n"
                        "t.take:9:3: error: unknown action 'dance'; actions are pickup, say, interrupt, wait, hold, resume, switch, transfer, hangup\n"
                        "t.take:10:5: error: empty answer; to stay silent use 'wait SECONDS'\n");
    cc_diags_free(d);
}

static void line_endings_bom_and_binary(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_take *t = parse("\xEF\xBB\xBFpickup\r\nhold\rresume\n", d);
    assert_non_null(t);
    assert_int_equal(t->count, 3);
    assert_int_equal(t->actions[2].line, 3);
    cc_take_free(t);
    static const char bin[] = "pickup\n\0\x01\x02";
    t = cc_take_parse("b.take", bin, sizeof bin - 1, d);
    assert_null(t);
    assert_int_equal(cc_diags_errors(d), 1);
    assert_int_equal(cc_diags_get(d, 0)->line, 2);
    cc_diags_free(d);
    d = cc_diags_create();
    t = parse("say \"caf\xC3\"\n", d);
    assert_null(t);
    assert_int_equal(cc_diags_get(d, 0)->col, 9);
    cc_diags_free(d);
}

static void recorded_times_and_measures(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_take *t = parse("@1.5 pickup\n"
                       "@2.1-4.25 say \"good morning\" confidence 0.42 pitch 3.5 wpm 140 loudness -22\n"
                       "@9 hold\n"
                       "say \"typed\"\n",
                       d);
    assert_non_null(t);
    assert_int_equal(cc_diags_count(d), 0);
    assert_true(t->actions[0].timed);
    assert_int_equal(t->actions[0].at_ms, 1500);
    assert_int_equal(t->actions[1].at_ms, 2100);
    assert_int_equal(t->actions[1].until_ms, 4250);
    assert_true(t->actions[1].measured);
    assert_true(t->actions[1].confidence == 0.42);
    assert_true(t->actions[1].pitch_range == 3.5 && t->actions[1].rate_wpm == 140);
    assert_true(t->actions[1].loudness == -22);
    assert_int_equal(t->actions[2].until_ms, -1); /* no end given */
    assert_false(t->actions[3].timed);
    assert_false(t->actions[3].measured);
    cc_take_free(t);
    t = parse("@x hold\n@5-3 hold\nsay \"hi\" confidence 2\nsay \"hi\" volume 3\n@1.5pickup\n", d);
    assert_null(t);
    char text[2048];
    fix_diags_text(d, text, sizeof text);
    assert_string_equal(text,
                        "t.take:1:1: error: a time is '@SECONDS' or '@START-END' before the action, e.g. '@12.5 hold'\n"
                        "t.take:2:1: error: a time is '@SECONDS' or '@START-END' before the action, e.g. '@12.5 hold'\n"
                        "t.take:3:10: error: 'confidence' needs a number (confidence: 0 to 1)\n"
                        "t.take:4:10: error: unexpected text after the quoted answer; only 'confidence', 'pitch', 'wpm' and 'loudness' with a number may follow\n"
                        "t.take:5:1: error: a time is '@SECONDS' or '@START-END' before the action, e.g. '@12.5 hold'\n");
    cc_diags_free(d);
}

static void too_big(void **state)
{
    (void)state;
    size_t n = CC_TAKE_MAX_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, '\n', n);
    cc_diags *d = cc_diags_create();
    assert_null(cc_take_parse("big.take", big, n, d));
    assert_int_equal(cc_diags_errors(d), 1);
    free(big);
    cc_diags_free(d);
    cc_take_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_actions),
        cmocka_unit_test(every_error_with_position),
        cmocka_unit_test(line_endings_bom_and_binary),
        cmocka_unit_test(recorded_times_and_measures),
        cmocka_unit_test(too_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
