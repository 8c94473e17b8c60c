/* The engine driven directly, input by input, as the desktop app drives it. */
#include "fixture.h"

#include <math.h>
#include <stdlib.h>

#include "engine.h"

static cc_standard *std;
static cc_scenario *scn;

static int setup(void **state)
{
    (void)state;
    std = fix_standard();
    scn = fix_scenario_text(std, FIX_SCENARIO);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_scenario_free(scn);
    cc_standard_free(std);
    return 0;
}

static int next_output(cc_call *c, cc_output_kind kind, cc_output *out)
{
    cc_output o = {0};
    while (cc_call_poll(c, &o))
        if (o.kind == kind) {
            *out = o;
            return 1;
        }
    return 0;
}

static cc_input utterance(int64_t start, int64_t end, const char *text, double conf)
{
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = end, .text = text, .start = start,
                   .confidence = conf, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    return in;
}

static void rings_on_the_cadence_and_counts_the_pickup_ring(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    assert_int_equal(cc_call_start(c, 0), 0);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 1);
    assert_int_equal(cc_call_next_deadline(c), 6000); /* 2 s on + 4 s off */
    assert_int_equal(cc_call_tick(c, 12500), 0);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 2);
    assert_int_equal(o.t, 6000);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 3);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 13000};
    assert_int_equal(cc_call_input(c, &in), 0);
    assert_int_equal(cc_call_record(c)->lines[1].ring, 3);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "open");
    /* time never goes backwards */
    in.t = 100;
    assert_int_equal(cc_call_input(c, &in), -1);
    cc_call_free(c);
}

static void unanswered_call_is_missed_after_the_last_ring(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    assert_int_equal(cc_call_tick(c, 60000), 0);
    assert_true(cc_call_ended(c));
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->lines[1].answered, 0);
    assert_int_equal(r->lines[1].end, CC_END_MISSED);
    assert_int_equal(r->lines[1].ring, 8);
    assert_int_equal(r->end_t, 48000);
    cc_call_free(c);
}

static void answer_moves_the_call_and_low_confidence_is_not_scored(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    /* heard badly: the caller asks again and the call stays put */
    in = utterance(1500, 3000, "good morning northwind travel", 0.3);
    assert_int_equal(cc_call_input(c, &in), 0);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Sorry, what?");
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "open");
    assert_int_equal(cc_call_record(c)->utterances[0].understood, 0);
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 4000, .say_id = o.say_id};
    cc_call_input(c, &in);
    /* a rude answer fails the greeting and the caller turns grumpy */
    in = utterance(4500, 6000, "yeah what do you want", 1.0);
    cc_call_input(c, &in);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "grumpy");
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Not very friendly. Anyway, billing please.");
    assert_int_equal(o.line, 1);
    assert_string_equal(o.persona->name, "Pat");
    cc_call_free(c);
}

static void caller_prompts_then_hangs_up_on_silence(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    /* dead air is 5 s; the caller speaks up a second after the limit */
    assert_int_equal(cc_call_next_deadline(c), 7000);
    cc_call_tick(c, 7000);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Hello? Are you there?");
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 8000, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 14000);
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Forget it.");
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 15000, .say_id = o.say_id};
    cc_call_input(c, &in);
    assert_true(cc_call_ended(c));
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->lines[1].end, CC_END_CALLER);
    /* one silence, from pick-up to the hang-up: the prompts were not answers */
    assert_int_equal(r->nsilences, 1);
    assert_int_equal(r->silences[0].from, 1000);
    assert_int_equal(r->silences[0].to, 15000);
    cc_call_free(c);
}

static void same_seed_same_call(void **state)
{
    (void)state;
    /* `ask` has two variants of the caller's line: the seed picks one */
    int seen[2] = {0, 0};
    for (uint64_t seed = 1; seed <= 16; seed++) {
        const char *first = NULL;
        for (int run = 0; run < 2; run++) {
            cc_call *c = cc_call_create(std, scn, "Alex", seed);
            cc_call_start(c, 0);
            cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
            cc_call_input(c, &in);
            in = utterance(1500, 3000, "Good morning, Northwind Travel", 1.0);
            cc_call_input(c, &in);
            cc_output o = {0};
            assert_true(next_output(c, CC_OUT_SAY, &o));
            if (run == 0) first = strcmp(o.text, "Billing please.") == 0 ? "b" : "c";
            else assert_string_equal(first, strcmp(o.text, "Billing please.") == 0 ? "b" : "c");
            seen[first[0] == 'b']++;
            cc_call_free(c);
        }
    }
    assert_true(seen[0] > 0 && seen[1] > 0);
}

static void hold_defers_the_next_line_until_resume(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    in = utterance(1500, 3000, "Good morning, Northwind Travel", 1.0);
    cc_call_input(c, &in);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 5000, .say_id = o.say_id};
    cc_call_input(c, &in);
    in = utterance(5500, 7000, "May I put you on hold for a moment?", 1.0);
    cc_call_input(c, &in);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "consent");
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 8000, .say_id = o.say_id};
    cc_call_input(c, &in);
    in = (cc_input){.kind = CC_IN_HOLD, .t = 8500};
    cc_call_input(c, &in);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_HELD);
    assert_true(next_output(c, CC_OUT_HOLD_START, &o));
    assert_false(next_output(c, CC_OUT_SAY, &o)); /* `back` waits for the resume */
    in = (cc_input){.kind = CC_IN_RESUME, .t = 20000};
    cc_call_input(c, &in);
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Any news?");
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->nholds, 1);
    assert_int_equal(r->holds[0].to - r->holds[0].from, 11500);
    /* its timed event rings line 2 a second after the line */
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 21000, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 22000);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.line, 2);
    /* switching answers line 2 and holds line 1 */
    in = (cc_input){.kind = CC_IN_SWITCH, .t = 23000};
    cc_call_input(c, &in);
    assert_int_equal(cc_call_active_line(c), 2);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_HELD);
    assert_int_equal(cc_call_line_status(c, 2), CC_LINE_LIVE);
    assert_int_equal(r->lines[2].ring, 1);
    cc_call_free(c);
    cc_call_free(NULL);
}

/* A caller who remarks after 3 s, and one who cuts in after 3 s. */
static const char TIMED[] =
    "scenario: timed\ntitle: T\nlanguage: en\nbriefing: B\n"
    "lines:\n  - line: 1\n    start: open\n    caller: {name: Pat, voice: en-us}\n"
    "nodes:\n"
    "  - id: open\n    expect: [greeting]\n    model: Good morning.\n"
    "    branches:\n      - when: {said: [wait]}\n        goto: open\n      - goto: ask\n"
    "  - id: ask\n    say: Hello.\n"
    "    events:\n      - {after: 3, do: say, text: Still there?}\n"
    "      - {after: 3, do: say, text: Listen to me!, interrupt: %s}\n"
    "    branches:\n      - when: {said: ['hold on']}\n        goto: ask\n      - goto: bye\n"
    "  - id: bye\n    say: Bye.\n    end: true\n";

static void timed_remarks_wait_for_the_trainee_unless_they_interrupt(void **state)
{
    (void)state;
    for (int cut_in = 0; cut_in <= 1; cut_in++) {
        char text[2048];
        snprintf(text, sizeof text, TIMED, cut_in ? "true" : "false");
        cc_scenario *t = fix_scenario_text(std, text);
        cc_call *c = cc_call_create(std, t, "Alex", 1);
        cc_call_start(c, 0);
        cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
        cc_call_input(c, &in);
        in = utterance(1500, 2500, "Good morning", 1.0);
        cc_call_input(c, &in);
        cc_output o = {0};
        assert_true(next_output(c, CC_OUT_SAY, &o));
        in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 3000, .say_id = o.say_id};
        cc_call_input(c, &in);
        /* the trainee starts a long answer at 4 s; the remarks are due at 6 s */
        in = (cc_input){.kind = CC_IN_SPEECH_START, .t = 4000};
        cc_call_input(c, &in);
        cc_call_tick(c, 7000);
        int said = 0;
        while (cc_call_poll(c, &o))
            if (o.kind == CC_OUT_SAY) said++;
        /* "Still there?" waits; "Listen to me!" cuts in only when told to */
        assert_int_equal(said, cut_in ? 1 : 0);
        cc_call_free(c);
        cc_scenario_free(t);
    }
}

static void no_silence_while_the_trainee_talks_over_the_end_of_a_line(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    in = utterance(1500, 2500, "Good morning, Northwind Travel", 1.0);
    cc_call_input(c, &in);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_SPEECH_START, .t = 3000}; /* starts before the line ends */
    cc_call_input(c, &in);
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 3500, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 20000); /* a long answer: no prompt, no dead air */
    assert_false(next_output(c, CC_OUT_SAY, &o));
    in = utterance(3000, 20000, "I could put you through to billing", 1.0);
    cc_call_input(c, &in);
    /* the only silence is the half second before the greeting */
    assert_int_equal(cc_call_record(c)->nsilences, 1);
    assert_int_equal(cc_call_record(c)->silences[0].to, 1500);
    cc_call_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rings_on_the_cadence_and_counts_the_pickup_ring),
        cmocka_unit_test(unanswered_call_is_missed_after_the_last_ring),
        cmocka_unit_test(answer_moves_the_call_and_low_confidence_is_not_scored),
        cmocka_unit_test(caller_prompts_then_hangs_up_on_silence),
        cmocka_unit_test(same_seed_same_call),
        cmocka_unit_test(hold_defers_the_next_line_until_resume),
        cmocka_unit_test(timed_remarks_wait_for_the_trainee_unless_they_interrupt),
        cmocka_unit_test(no_silence_while_the_trainee_talks_over_the_end_of_a_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
