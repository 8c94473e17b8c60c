/* The trainee's timing model (game/trainee.h): the numbers of docs/formats.md's
 * "Takes", which game/sim.c and the live demo trainee both keep. */
#include "fixture.h"

#include "text.h"
#include "trainee.h"

static void pickup_a_second_into_the_ring_or_after_a_wait(void **state)
{
    (void)state;
    cc_settings st = {.ring_seconds = 2, .ring_gap_seconds = 4};
    cc_take_action a = {.kind = CC_TAKE_PICKUP, .ring = 3};
    cc_trainee_moment m = {.ready = 500, .caller_quiet = 0, .wait_s = 0};
    assert_int_equal(cc_trainee_start_ms(&st, &a, &m), 2 * 6000 + 1000);
    m.wait_s = 2.5; /* from the last action, not the ring */
    assert_int_equal(cc_trainee_start_ms(&st, &a, &m), 500 + 2500);
    a.timed = 1;
    a.at_ms = 4321;
    assert_int_equal(cc_trainee_start_ms(&st, &a, &m), 4321);
}

static void answers_and_keys_wait_for_the_caller_and_the_trainee(void **state)
{
    (void)state;
    cc_settings st = {.ring_seconds = 2, .ring_gap_seconds = 4};
    cc_take_action say = {.kind = CC_TAKE_SAY, .text = "Good morning"};
    cc_take_action hold = {.kind = CC_TAKE_HOLD};
    cc_trainee_moment m = {.ready = 1000, .caller_quiet = 8000, .wait_s = 0};
    assert_int_equal(cc_trainee_start_ms(&st, &say, &m), 8600);
    assert_int_equal(cc_trainee_start_ms(&st, &hold, &m), 8500);
    m.ready = 9000; /* the trainee's own last action finished later */
    assert_int_equal(cc_trainee_start_ms(&st, &say, &m), 9600);
    m.wait_s = 3; /* a `wait` replaces the pause */
    assert_int_equal(cc_trainee_start_ms(&st, &say, &m), 12000);
    assert_int_equal(cc_trainee_start_ms(&st, &hold, &m), 12000);
    assert_int_equal(cc_trainee_latency_ms(CC_TAKE_SAY), 600);
    assert_int_equal(cc_trainee_latency_ms(CC_TAKE_TRANSFER), 500);
}

static void interruptions_and_speech_length(void **state)
{
    (void)state;
    cc_settings st = {.ring_seconds = 2, .ring_gap_seconds = 4};
    cc_take_action cut = {.kind = CC_TAKE_INTERRUPT, .text = "Sorry to cut in"};
    cc_trainee_moment m = {.ready = 0, .caller_quiet = 15000, .wait_s = 0};
    assert_int_equal(cc_trainee_start_ms(&st, &cut, &m), 14000);
    assert_int_equal(cc_trainee_say_end_ms(&cut, 14000), 14000 + cc_speech_ms(cut.text, 150));
    cc_take_action rec = {.kind = CC_TAKE_SAY, .text = "hmm", .timed = 1, .at_ms = 100,
                          .until_ms = 2100};
    assert_int_equal(cc_trainee_say_end_ms(&rec, 100), 2100);
    /* a recorded end before the start is not kept: the model's length is */
    assert_int_equal(cc_trainee_say_end_ms(&rec, 3000), 3000 + cc_speech_ms("hmm", 150));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pickup_a_second_into_the_ring_or_after_a_wait),
        cmocka_unit_test(answers_and_keys_wait_for_the_caller_and_the_trainee),
        cmocka_unit_test(interruptions_and_speech_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
