/* Unit tests of live/micclock.c: a microphone whose clock drifts from the
 * speaker's, or that falls behind on a busy machine, is placed on the call
 * clock without losing, doubling or moving a sample, for an hour of call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "micclock.h"

/* A microphone of `mic_hz` real samples a second beside a speaker of 16000,
 * run for `seconds` in 10 ms device buffers; the microphone's buffers can be
 * held back (a busy machine): `stall_every` s, for `stall_ms`, after which
 * they all arrive at once. The microphone hears a click (one sample of 30000)
 * every 0.5 s of real time: the click must land where the speaker's clock was
 * at that real time, plus the usual delivery lag, within 50 ms, and every
 * call position from the first to the last must have been given exactly
 * once. */
typedef struct {
    double mic_hz;
    double seconds;
    double stall_every, stall_ms;
    double worst_ms;   /* out: largest placement error of a click */
    size_t clicks;     /* out: clicks found */
    double ppm;        /* out: final slope */
} run_spec;

static void run(run_spec *r)
{
    cc_micclock *c = cc_micclock_create(0);
    assert_non_null(c);
    size_t total_out = (size_t)(r->seconds * 16000 * 1.05) + 64000;
    int16_t *track = calloc(total_out, sizeof *track);
    unsigned char *given = calloc(total_out, 1);
    assert_non_null(track);
    assert_non_null(given);
    int16_t in[4096], out[8192];
    /* mic sample k is heard at real time k / mic_hz; clicks at multiples of 0.5 s */
    uint64_t k = 0, fed = 0;
    double held_since = -1;
    int64_t next_at = 0;
    double expect_lag = -1;
    size_t nclicks = 0;
    double worst = 0;
    uint64_t click_k[20000];
    size_t nclick_k = 0;
    for (double t = 0.01; t <= r->seconds + 1e-9; t += 0.01) {
        /* samples the microphone made by real time t */
        uint64_t made = (uint64_t)floor(t * r->mic_hz);
        uint64_t clock = (uint64_t)llround(t * 16000);
        int stalled = 0;
        if (r->stall_every > 0) {
            double phase = fmod(t, r->stall_every);
            stalled = phase > r->stall_every - r->stall_ms / 1000.0;
            if (stalled && held_since < 0) held_since = t;
            if (!stalled) held_since = -1;
        }
        if (stalled) continue;
        while (fed < made) {
            size_t n = made - fed > 4096 ? 4096 : (size_t)(made - fed);
            for (size_t i = 0; i < n; i++, k++) {
                /* a click at the first sample at or after each half second */
                uint64_t half = (uint64_t)floor((double)k * 2.0 / r->mic_hz);
                uint64_t first_k = (uint64_t)ceil((double)half * r->mic_hz / 2.0);
                in[i] = k == first_k && k > 0 ? 30000 : 0;
                if (in[i] && nclick_k < 20000) click_k[nclick_k++] = k;
            }
            size_t m;
            int64_t at;
            assert_int_equal(cc_micclock_feed(c, in, n, clock, out, sizeof out / sizeof *out, &m, &at), 0);
            /* every call position once, in order */
            assert_int_equal(at, next_at);
            for (size_t i = 0; i < m; i++) {
                assert_true((size_t)at + i < total_out);
                assert_int_equal(given[at + i], 0);
                given[at + i] = 1;
                track[at + i] = out[i];
            }
            next_at = at + (int64_t)m;
            fed += n;
        }
        if (expect_lag < 0 && t > 0.5) expect_lag = (double)clock - cc_micclock_pos(c, fed);
    }
    assert_int_equal(cc_micclock_head(c), next_at);
    assert_int_equal(cc_micclock_count(c), fed);
    /* Nothing lost or doubled: the track is as long as the stretched input. */
    double stretched = cc_micclock_pos(c, fed) - cc_micclock_pos(c, 0);
    assert_true(fabs((double)next_at - stretched) < 2.0);
    /* Each click: where the map says, with its energy there, near its real time. */
    for (size_t i = 0; i < nclick_k; i++) {
        double p = cc_micclock_pos(c, click_k[i]);
        size_t at = (size_t)floor(p);
        if (at + 1 >= (size_t)next_at) break;
        double e = fabs((double)track[at]) + fabs((double)track[at + 1]);
        assert_true(e > 25000); /* the click is in the track where the map puts it */
        double real_t = (double)click_k[i] / r->mic_hz;
        double want = real_t * 16000 - expect_lag;
        double err_ms = fabs(p - want) / 16.0;
        if (real_t > 5 && err_ms > worst) worst = err_ms; /* after the usual lag is learnt */
        nclicks++;
    }
    r->worst_ms = worst;
    r->clicks = nclicks;
    r->ppm = cc_micclock_ppm(c);
    free(track);
    free(given);
    cc_micclock_free(c);
}

static void same_clock_stays_put(void **state)
{
    (void)state;
    run_spec r = {16000, 120, 0, 0, 0, 0, 0};
    run(&r);
    assert_true(r.clicks > 200);
    assert_true(r.worst_ms < 5);
    assert_true(fabs(r.ppm) < 200);
}

/* Sound cards drift apart by about 0.1 %: 3.6 s an hour if counted. */
static void drift_of_a_sound_card_over_an_hour(void **state)
{
    (void)state;
    for (int sign = -1; sign <= 1; sign += 2) {
        run_spec r = {16000 * (1 + sign * 0.001), 3600, 0, 0, 0, 0, 0};
        run(&r);
        print_message("drift %+d ppm: %zu clicks, worst %.1f ms, slope %+.0f ppm\n", sign * 1000, r.clicks,
                      r.worst_ms, r.ppm);
        assert_true(r.clicks > 7000);
        assert_true(r.worst_ms < 50);
        /* the slope found is the drift (a slow microphone is stretched) */
        assert_true(fabs(r.ppm - (-sign) * 1000.0) < 300);
    }
}

/* A busy machine: the microphone's buffers are held back for 300 ms every
 * 5 s and then arrive together, and the microphone runs 1 % slow. */
static void busy_machine_and_a_slow_microphone(void **state)
{
    (void)state;
    run_spec r = {16000 * 0.99, 600, 5, 300, 0, 0, 0};
    run(&r);
    print_message("1 %% slow, stalls: %zu clicks, worst %.1f ms, slope %+.0f ppm\n", r.clicks, r.worst_ms, r.ppm);
    assert_true(r.clicks > 1000);
    assert_true(r.worst_ms < 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_clock_stays_put),
        cmocka_unit_test(drift_of_a_sound_card_over_an_hour),
        cmocka_unit_test(busy_machine_and_a_slow_microphone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
