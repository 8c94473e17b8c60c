/* Unit tests of live/hearing.c on the null platform, with a voice worker that
 * has no recogniser: the microphone's samples reach the trainee's track on the
 * call clock, and what is heard comes out through cc_hearing_poll() in order,
 * at the times the endpointer found (an answer the recogniser could not hear
 * still comes out, without words, so the call never waits for it). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "files.h"
#include "hearing.h"
#include "platform_null.h"
#include "tracks.h"
#include "voicework.h"

static cc_standard *std;
static cc_scenario *scn;

static int setup(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_standard_load_file(CC_TEST_DIR "/fixtures/standard.yaml", &std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(CC_TEST_DIR "/fixtures/call.yaml", std, &scn, d), CC_FILE_OK);
    cc_diags_free(d);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_scenario_free(scn);
    cc_standard_free(std);
    return 0;
}

/* 10 ms of microphone at call position *clock: silence, or a 300 Hz tone at
 * about -12 dBFS (loud enough to be speech to the endpointer). */
static void capture_10ms(cc_hearing *h, _Atomic uint64_t *clock, int tone)
{
    int16_t buf[160];
    for (int i = 0; i < 160; i++) {
        uint64_t k = atomic_load(clock) + (uint64_t)i;
        buf[i] = tone ? (int16_t)(8000.0 * sin(2 * 3.14159265358979 * 300.0 * (double)k / 16000.0)) : 0;
    }
    atomic_fetch_add(clock, 160);
    cc_hearing_capture(h, buf, 160, atomic_load(clock));
}

static void answer_comes_out_at_its_times_and_the_track_keeps_it(void **state)
{
    (void)state;
    cc_null_reset();
    cc_tracks *tracks = cc_tracks_create();
    assert_non_null(tracks);
    /* no speech out, no recogniser: every hearing is refused */
    cc_voicework *vw = cc_voicework_create(std, scn, "Alex", 16000, 0, 0, NULL);
    assert_non_null(vw);
    _Atomic uint64_t clock = 0;
    cc_hearing *h = cc_hearing_create(&cc_platform_null, &clock, std, scn, "Alex", tracks, vw);
    assert_non_null(h);
    int onsets = 0, answers = 0;
    int64_t onset_t = -1, answer_t = -1, answer_start = -1;
    int was_busy = 0;
    /* 1 s quiet, 1.5 s of "speech", 4 s quiet; the main loop every 30 ms */
    for (int ms = 0; ms < 6500; ms += 10) {
        capture_10ms(h, &clock, ms >= 1000 && ms < 2500);
        cc_null_set_ticks((uint64_t)ms);
        if (ms % 30 != 0) continue;
        cc_hearing_listen(h);
        cc_tracks_reach(tracks, atomic_load(&clock));
        cc_hearing_take_results(h, 0);
        was_busy |= cc_hearing_busy(h) > 0;
        cc_hearing_event ev;
        while (cc_hearing_poll(h, &ev)) {
            if (ev.kind == CC_HEARD_ONSET) {
                onsets++;
                onset_t = ev.t;
                assert_int_equal(answers, 0); /* the onset comes first */
            } else {
                answers++;
                answer_t = ev.t;
                answer_start = ev.start;
                assert_string_equal(ev.text, "");
                assert_true(ev.unclear);
                assert_true(ev.confidence == 0);
                assert_true(isnan(ev.rate_wpm));
                free(ev.text);
            }
        }
    }
    assert_int_equal(onsets, 1);
    assert_int_equal(answers, 1);
    /* where the tone began and ended, to the endpointer's 10 ms frames (the
     * capture's first buffer placed one buffer before the clock) */
    assert_true(onset_t >= 980 && onset_t <= 1020);
    assert_int_equal(answer_start, onset_t);
    assert_true(answer_t >= 2480 && answer_t <= 2530);
    assert_true(was_busy);
    assert_int_equal(cc_hearing_busy(h), 0);
    assert_true(cc_hearing_barrier(h) == INT64_MAX);
    assert_false(cc_hearing_in_speech(h));
    /* the trainee's track has the tone where it was, silence around it */
    const int16_t *pcm;
    size_t n = cc_tracks_get(tracks, CC_TRACKS_TRAINEE, (size_t)cc_hearing_head(h), &pcm);
    assert_true(n >= 6000 * 16);
    double loud_in = 0, loud_out = 0;
    for (size_t i = 1200 * 16; i < 2300 * 16; i++) loud_in += fabs((double)pcm[i]);
    for (size_t i = 3000 * 16; i < 6000 * 16; i++) loud_out += fabs((double)pcm[i]);
    assert_true(loud_in / (1100 * 16) > 3000);
    assert_true(loud_out == 0);
    assert_int_equal(cc_hearing_lost(h, NULL), 0);
    cc_hearing_free(h);
    cc_voicework_free(vw);
    cc_tracks_free(tracks);
}

static void a_silent_microphone_is_found(void **state)
{
    (void)state;
    cc_null_reset();
    cc_tracks *tracks = cc_tracks_create();
    cc_voicework *vw = cc_voicework_create(std, scn, "Alex", 16000, 0, 0, NULL);
    _Atomic uint64_t clock = 0;
    cc_hearing *h = cc_hearing_create(&cc_platform_null, &clock, std, scn, "Alex", tracks, vw);
    assert_non_null(h);
    for (int ms = 0; ms < 3000; ms += 10) capture_10ms(h, &clock, 0);
    cc_hearing_listen(h);
    assert_false(cc_hearing_silent_for(h, 4000));
    for (int ms = 0; ms < 1000; ms += 10) capture_10ms(h, &clock, 0);
    cc_hearing_listen(h);
    assert_true(cc_hearing_silent_for(h, 4000));
    assert_true(cc_hearing_level_db(h) <= -89);
    cc_hearing_free(h);
    cc_hearing_free(NULL);
    cc_voicework_free(vw);
    cc_tracks_free(tracks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answer_comes_out_at_its_times_and_the_track_keeps_it),
        cmocka_unit_test(a_silent_microphone_is_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
