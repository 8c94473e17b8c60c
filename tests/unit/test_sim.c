/* The timing model of takes: the same take always gives the same times. */
#include "fixture.h"

#include <math.h>

#include "text.h"

static int64_t said_at[16];
static int nsaid;

static void watch(void *ud, const cc_output *o)
{
    (void)ud;
    if (o->kind == CC_OUT_SAY && nsaid < 16) said_at[nsaid++] = o->t;
}

static void timing_model(void **state)
{
    (void)state;
    assert_int_equal(cc_speech_ms("", 150), 400);
    assert_int_equal(cc_speech_ms("one two three four five", 150), 2300);
    assert_int_equal(cc_speech_ms("  one   two  ", 120), 1300);
    cc_standard *std = fix_standard();
    cc_scenario *scn = fix_scenario_text(std, FIX_SCENARIO);
    cc_sim *sim = cc_sim_create(std, scn, "Alex", 1, watch, NULL);
    nsaid = 0;
    cc_take_action a = {.kind = CC_TAKE_PICKUP, .ring = 2};
    assert_int_equal(cc_sim_apply(sim, &a), 0);
    const cc_record *r = cc_call_record(cc_sim_call(sim));
    assert_int_equal(r->lines[1].t, 7000); /* a second into ring 2 */
    a = (cc_take_action){.kind = CC_TAKE_SAY, .text = "Good morning"};
    assert_int_equal(cc_sim_apply(sim, &a), 0);
    /* starts 0.6 s after pick-up, two words at 150 wpm + 0.3 s */
    assert_int_equal(r->utterances[0].start, 7600);
    assert_int_equal(r->utterances[0].end, 7600 + 1100);
    assert_int_equal(nsaid, 1);
    assert_int_equal(said_at[0], 8700);
    a = (cc_take_action){.kind = CC_TAKE_WAIT, .seconds = 2};
    cc_sim_apply(sim, &a);
    a = (cc_take_action){.kind = CC_TAKE_SAY, .text = "Sure"};
    cc_sim_apply(sim, &a);
    /* after the caller's line (its length at 180 wpm) and the 2 s asked for */
    const cc_said *line = &r->said[0];
    assert_int_equal(r->utterances[1].start, line->t + cc_speech_ms(line->text, 180) + 2000);
    /* a recorded answer keeps its times and what the recogniser measured */
    cc_take_action timed = {.kind = CC_TAKE_SAY, .text = "hmm", .timed = 1, .at_ms = 20000,
                            .until_ms = 21500, .measured = 1, .confidence = 0.2,
                            .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    assert_int_equal(cc_sim_apply(sim, &timed), 0);
    const cc_utterance *u = &r->utterances[r->nutterances - 1];
    assert_int_equal(u->start, 20000);
    assert_int_equal(u->end, 21500);
    assert_false(u->understood);
    a = (cc_take_action){.kind = CC_TAKE_SAY_WAV, .text = "x.wav"};
    assert_int_equal(cc_sim_apply(sim, &a), -2);
    assert_int_equal(cc_sim_finish(sim), 0);
    assert_true(cc_call_ended(cc_sim_call(sim)));
    cc_sim_free(sim);
    cc_sim_free(NULL);
    cc_scenario_free(scn);
    cc_standard_free(std);
}

/* The terminal's way: the host's clock, inputs as they happen, the caller's
 * lines still as long as the timing model says. */
static void outside_clock(void **state)
{
    (void)state;
    cc_standard *std = fix_standard();
    cc_scenario *scn = fix_scenario_text(std, FIX_SCENARIO);
    nsaid = 0;
    cc_sim *sim = cc_sim_create(std, scn, "Alex", 1, watch, NULL);
    int64_t first = cc_sim_next_ms(sim); /* the next ring */
    assert_true(first > 0 && first < INT64_MAX);
    assert_int_equal(cc_sim_run_to(sim, 1000), 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1500};
    assert_int_equal(cc_sim_input(sim, &in), 0);
    in = (cc_input){.kind = CC_IN_SPEECH_START, .t = 1700};
    assert_int_equal(cc_sim_input(sim, &in), 0);
    in = (cc_input){.kind = CC_IN_UTTERANCE, .t = 4000, .start = 1700, .text = "Good morning",
                    .confidence = 1, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    assert_int_equal(cc_sim_input(sim, &in), 0);
    const cc_record *r = cc_call_record(cc_sim_call(sim));
    assert_int_equal(r->utterances[0].start, 1700); /* typing time is the answer's, not silence */
    assert_int_equal(nsaid, 1);
    assert_int_equal(said_at[0], 4000);
    int64_t done = 4000 + cc_speech_ms(r->said[0].text, 180);
    assert_true(cc_sim_caller_talking(sim, 1));
    assert_false(cc_sim_caller_talking(sim, 2));
    assert_true(cc_sim_next_ms(sim) <= done);
    assert_int_equal(cc_sim_run_to(sim, done - 1), 0);
    assert_true(cc_sim_caller_talking(sim, 1));
    assert_int_equal(cc_sim_run_to(sim, done), 0);
    assert_false(cc_sim_caller_talking(sim, 1));
    in = (cc_input){.kind = CC_IN_HOLD, .t = done - 10}; /* time does not go back */
    assert_int_equal(cc_sim_input(sim, &in), -1);
    assert_int_equal(cc_sim_finish(sim), 0);
    cc_sim_free(sim);
    cc_scenario_free(scn);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(timing_model),
                                       cmocka_unit_test(outside_clock)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
