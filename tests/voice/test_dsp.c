/* dsp: telephone band, ringback, hold music, delivery measures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dsp.h"
#include "tts.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RATE 22050

static int16_t *sine(size_t n, double hz, double amp, int rate)
{
    int16_t *s = malloc(n * sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) s[i] = (int16_t)lrint(amp * sin(2.0 * M_PI * hz * (double)i / rate));
    return s;
}

static double rms(const int16_t *s, size_t n)
{
    double acc = 0.0;
    for (size_t i = 0; i < n; i++) acc += (double)s[i] * s[i];
    return n ? sqrt(acc / (double)n) : 0.0;
}

/* Gain of the phone band at hz, measured on the steady second half of 1 s. */
static double band_gain_db(double hz, int rate)
{
    size_t n = (size_t)rate;
    int16_t *s = sine(n, hz, 10000.0, rate);
    double in = rms(s + n / 2, n / 2);
    cc_dsp_phone_band(s, n, rate);
    double out = rms(s + n / 2, n / 2);
    free(s);
    return 20.0 * log10(out / in);
}

static void phone_band_response(void **state)
{
    (void)state;
    static const double f[] = {100, 200, 300, 400, 500, 1000, 2000, 3000, 3400, 4000, 6000, 8000};
    printf("phone band at %d Hz:", RATE);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        printf(" %.0f Hz %.1f dB%s", f[i], band_gain_db(f[i], RATE), i + 1 < sizeof f / sizeof f[0] ? "," : "\n");
    assert_true(band_gain_db(100, RATE) <= -12.0);
    assert_true(fabs(band_gain_db(1000, RATE)) <= 1.0);
    assert_true(band_gain_db(6000, RATE) <= -12.0);
    /* the corners are about -3 dB, the middle of the band flat */
    assert_true(fabs(band_gain_db(300, RATE) + 3.0) <= 1.0);
    assert_true(fabs(band_gain_db(3400, RATE) + 3.0) <= 1.5);
    assert_true(fabs(band_gain_db(500, RATE)) <= 1.0);
    assert_true(fabs(band_gain_db(2000, RATE)) <= 1.0);
    /* telephone rate: still band-limited both sides */
    assert_true(band_gain_db(100, 8000) <= -12.0);
    assert_true(fabs(band_gain_db(1000, 8000)) <= 1.0);
    assert_true(band_gain_db(3900, 8000) <= -6.0);
    /* 48 kHz too */
    assert_true(band_gain_db(100, 48000) <= -12.0);
    assert_true(fabs(band_gain_db(1000, 48000)) <= 1.0);
    assert_true(band_gain_db(6000, 48000) <= -12.0);
}

static void phone_band_saturates_and_chunks(void **state)
{
    (void)state;
    /* A full-scale square wave overshoots after filtering: it must clip, not wrap. */
    size_t n = RATE / 2;
    int16_t *s = malloc(n * sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) s[i] = ((i / 11) % 2) ? 32767 : -32768; /* ~1 kHz */
    cc_dsp_phone_band(s, n, RATE);
    int maxv = 0, maxjump = 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] > maxv) maxv = s[i];
        int j = abs((int)s[i] - (int)s[i - 1]);
        if (j > maxjump) maxjump = j;
    }
    assert_int_equal(maxv, 32767);
    assert_true(maxjump < 40000);
    free(s);

    /* Chunked filtering equals one pass, bit for bit. */
    int16_t *a = sine(RATE, 700.0, 9000.0, RATE), *b = sine(RATE, 700.0, 9000.0, RATE);
    for (size_t i = 0; i < (size_t)RATE; i++) a[i] = b[i] = (int16_t)(a[i] + (int16_t)((i * 7919) % 2001) - 1000);
    cc_dsp_phone_band(a, RATE, RATE);
    cc_phone_band f;
    cc_phone_band_init(&f, RATE);
    size_t pos = 0, step = 1;
    while (pos < (size_t)RATE) {
        size_t k = step < RATE - pos ? step : RATE - pos;
        cc_phone_band_run(&f, b + pos, k);
        pos += k;
        step = step * 3 % 997 + 1;
    }
    assert_memory_equal(a, b, RATE * sizeof *a);

    /* Below 8 kHz, NULL: untouched, no crash. */
    int16_t c[4] = {1000, -1000, 1000, -1000};
    cc_dsp_phone_band(c, 4, 4000);
    assert_int_equal(c[0], 1000);
    assert_int_equal(c[3], -1000);
    cc_dsp_phone_band(NULL, 10, RATE);
    cc_phone_band_init(NULL, RATE);
    cc_phone_band_run(NULL, c, 4);
    free(a), free(b);
}

/* Power at hz by the Goertzel algorithm, normalised to a sine's amplitude. */
static double goertzel(const int16_t *s, size_t n, double hz, int rate)
{
    double w = 2.0 * M_PI * hz / rate, c = 2.0 * cos(w), s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double s0 = s[i] + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double p = s1 * s1 + s2 * s2 - c * s1 * s2;
    return 2.0 * sqrt(p > 0 ? p : 0) / (double)n;
}

static void ringback_schedule(void **state)
{
    (void)state;
    const size_t n = 20 * RATE;
    int16_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(cc_dsp_ringback(a, n, RATE, 0), n);
    /* In chunks of odd sizes, from the same clock: identical. */
    size_t pos = 0, step = 1;
    while (pos < n) {
        size_t k = step < n - pos ? step : n - pos;
        assert_int_equal(cc_dsp_ringback(b + pos, k, RATE, pos), k);
        pos += k;
        step = step * 5 % 4409 + 1;
    }
    assert_memory_equal(a, b, n * sizeof *a);

    /* Energy only in the on periods: 0-2 s, 6-8 s, 12-14 s, 18-20 s. */
    const size_t win = RATE / 10;
    for (size_t w0 = 0; w0 + win <= n; w0 += win) {
        double t0 = (double)w0 / RATE, t1 = (double)(w0 + win) / RATE;
        double c0 = fmod(t0, 6.0), c1 = c0 + (t1 - t0);
        double r = rms(a + w0, win);
        if (c1 <= 2.0 + 1e-9) {
            assert_true(r > 5000.0);
        } else if (c0 >= 2.0 - 1e-9) {
            assert_true(r == 0.0);
        }
    }
    /* The tones are 440 and 480 Hz and nothing else much. */
    size_t on = 2 * RATE - 2 * (RATE / 200);
    double g440 = goertzel(a + RATE / 200, on, 440, RATE), g480 = goertzel(a + RATE / 200, on, 480, RATE);
    double g460 = goertzel(a + RATE / 200, on, 460, RATE), g1k = goertzel(a + RATE / 200, on, 1000, RATE);
    printf("ringback: 440 Hz %.0f, 480 Hz %.0f, 460 Hz %.0f, 1000 Hz %.0f (amplitude)\n", g440, g480,
           g460, g1k);
    assert_true(g440 > 7000 && g480 > 7000);
    assert_true(g460 < 100 && g1k < 100);
    /* No click: a sample never jumps more than the tones allow. */
    int maxjump = 0;
    for (size_t i = 1; i < n; i++) {
        int j = abs((int)a[i] - (int)a[i - 1]);
        if (j > maxjump) maxjump = j;
    }
    assert_true(maxjump < 2400);

    /* Ring numbers and on/off from the sample clock. */
    assert_int_equal(cc_dsp_ring_number(0, RATE), 1);
    assert_int_equal(cc_dsp_ring_number(2 * RATE - 1, RATE), 1);
    assert_int_equal(cc_dsp_ring_number(6 * RATE - 1, RATE), 1);
    assert_int_equal(cc_dsp_ring_number(6 * RATE, RATE), 2);
    assert_int_equal(cc_dsp_ring_number(12 * RATE - 1, RATE), 2);
    assert_int_equal(cc_dsp_ring_number(12 * RATE, RATE), 3);
    assert_int_equal(cc_dsp_ring_number(18 * RATE, RATE), 4);
    assert_int_equal(cc_dsp_ring_number(12 * 8000, 8000), 3);
    assert_int_equal(cc_dsp_ring_number(5, 0), 0);
    assert_int_equal(cc_dsp_ring_number(UINT64_MAX, 1), INT32_MAX);
    assert_int_equal(cc_dsp_ring_on(0, RATE), 1);
    assert_int_equal(cc_dsp_ring_on(2 * RATE - 1, RATE), 1);
    assert_int_equal(cc_dsp_ring_on(2 * RATE, RATE), 0);
    assert_int_equal(cc_dsp_ring_on(6 * RATE, RATE), 1);

    /* Far along the clock (a day in), still exact: same as the same place in the cycle. */
    uint64_t day = (uint64_t)RATE * 86400ULL; /* a multiple of the 6 s cycle */
    assert_int_equal(cc_dsp_ringback(b, RATE, RATE, day + RATE / 3), RATE);
    assert_memory_equal(b, a + RATE / 3, RATE * sizeof *a);
    assert_int_equal(cc_dsp_ringback(NULL, 10, RATE, 0), 0);
    assert_int_equal(cc_dsp_ringback(b, 10, 100, 0), 0);
    free(a), free(b);
}

static void hold_music(void **state)
{
    (void)state;
    const size_t n = 17 * RATE; /* two loops and a bit */
    int16_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(cc_dsp_hold_music(a, n, RATE, 0), n);
    size_t pos = 0, step = 3;
    while (pos < n) {
        size_t k = step < n - pos ? step : n - pos;
        assert_int_equal(cc_dsp_hold_music(b + pos, k, RATE, pos), k);
        pos += k;
        step = step * 7 % 3001 + 1;
    }
    assert_memory_equal(a, b, n * sizeof *a);
    /* It loops every 8 s. */
    assert_memory_equal(a, a + 8 * RATE, RATE * sizeof *a);
    int peak = 0, maxjump = 0;
    for (size_t i = 0; i < n; i++) {
        if (abs(a[i]) > peak) peak = abs(a[i]);
        if (i && abs((int)a[i] - (int)a[i - 1]) > maxjump) maxjump = abs((int)a[i] - (int)a[i - 1]);
    }
    double level = 20.0 * log10(rms(a, n) / 32768.0);
    printf("hold music: %.1f dBFS RMS, peak %.1f dBFS, largest step %d\n", level,
           20.0 * log10(peak / 32768.0), maxjump);
    assert_true(level > -30.0 && level < -10.0);
    assert_true(peak < 16422); /* below -6 dBFS */
    assert_true(maxjump < 3000);
    /* never silent for long: every 250 ms has sound */
    for (size_t w0 = 0; w0 + RATE / 4 <= n; w0 += RATE / 4) assert_true(rms(a + w0, RATE / 4) > 300.0);
    assert_int_equal(cc_dsp_hold_music(NULL, 1, RATE, 0), 0);
    free(a), free(b);
}

static void delivery_sine_and_silence(void **state)
{
    (void)state;
    static const double freqs[] = {90.0, 150.0, 220.0, 330.0};
    for (size_t k = 0; k < sizeof freqs / sizeof freqs[0]; k++) {
        int16_t *s = sine(2 * RATE, freqs[k], 8000.0, RATE);
        cc_delivery d;
        assert_int_equal(cc_dsp_delivery(s, 2 * RATE, RATE, &d), 0);
        printf("sine %.0f Hz: median %.2f Hz, range %.3f st, %.1f dBFS, voiced %.2f s, speech %.2f s\n",
               freqs[k], d.pitch_median_hz, d.pitch_range_semitones, d.loudness_dbfs,
               d.voiced_seconds, d.speech_seconds);
        assert_true(fabs(d.pitch_median_hz - freqs[k]) <= 0.02 * freqs[k]);
        assert_true(d.pitch_range_semitones < 0.3);
        assert_true(fabs(d.loudness_dbfs - 20.0 * log10(8000.0 / sqrt(2.0) / 32768.0)) < 0.5);
        assert_true(d.speech_seconds > 1.9 && d.speech_seconds <= 2.0);
        assert_true(d.voiced_seconds > 1.9 && d.voiced_seconds <= d.speech_seconds);
        free(s);
    }
    /* A glide over an octave: a wide range. */
    size_t n = 2 * RATE;
    int16_t *g = malloc(n * sizeof *g);
    assert_non_null(g);
    double ph = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = 110.0 * pow(2.0, (double)i / n);
        ph += 2.0 * M_PI * f / RATE;
        g[i] = (int16_t)lrint(8000.0 * sin(ph));
    }
    cc_delivery d;
    assert_int_equal(cc_dsp_delivery(g, n, RATE, &d), 0);
    printf("glide 110-220 Hz: range %.2f st, median %.1f Hz\n", d.pitch_range_semitones, d.pitch_median_hz);
    assert_true(d.pitch_range_semitones > 8.5 && d.pitch_range_semitones < 10.5);
    free(g);

    /* Silence, near-silence and nothing. */
    int16_t *z = calloc(RATE, sizeof *z);
    assert_non_null(z);
    assert_int_equal(cc_dsp_delivery(z, RATE, RATE, &d), 0);
    assert_true(d.speech_seconds == 0.0 && d.voiced_seconds == 0.0);
    assert_true(d.pitch_median_hz == 0.0 && d.pitch_range_semitones == 0.0);
    assert_true(d.loudness_dbfs == -120.0);
    for (size_t i = 0; i < (size_t)RATE; i++) z[i] = (int16_t)((i * 31) % 7 - 3); /* about -80 dBFS */
    assert_int_equal(cc_dsp_delivery(z, RATE, RATE, &d), 0);
    assert_true(d.speech_seconds == 0.0);
    assert_int_equal(cc_dsp_delivery(NULL, 0, RATE, &d), 0);
    assert_true(d.speech_seconds == 0.0);
    assert_int_equal(cc_dsp_delivery(z, 100, RATE, &d), 0); /* shorter than a frame */
    assert_true(d.speech_seconds == 0.0);
    assert_int_equal(cc_dsp_delivery(NULL, 10, RATE, &d), -1);
    assert_int_equal(cc_dsp_delivery(z, RATE, RATE, NULL), -1);
    assert_int_equal(cc_dsp_delivery(z, RATE, 4000, &d), -1);
    free(z);
}

/* Monotone and lively espeak-ng speech, made now with the tts module. */
static cc_delivery speak_and_measure(cc_tts *t, const char *variant, int range)
{
    cc_persona p = {.name = "t", .voice = "en-us", .variant = (char *)variant, .pitch = 50,
                    .range = range, .rate = 165, .volume = 100, .mood = CC_MOOD_CALM};
    int16_t *pcm = NULL;
    size_t n = 0;
    int rate = 0;
    char err[256] = "";
    int rc = cc_tts_say(t, &p, CC_MOOD_CALM,
                        "Good morning, Northwind Travel, this is Alex speaking. How can I help you "
                        "today? I am sorry to hear about your flight.",
                        &pcm, &n, &rate, err, sizeof err);
    if (rc != 0) fail_msg("tts: %s", err);
    cc_delivery d;
    assert_int_equal(cc_dsp_delivery(pcm, n, rate, &d), 0);
    printf("en-us+%s range %2d: pitch range %.2f st, median %.1f Hz, %.1f dBFS, voiced %.2f s of "
           "%.2f s speech\n",
           variant, range, d.pitch_range_semitones, d.pitch_median_hz, d.loudness_dbfs,
           d.voiced_seconds, d.speech_seconds);
    free(pcm);
    return d;
}

static void delivery_monotone_vs_lively_speech(void **state)
{
    (void)state;
    char err[256] = "";
    cc_tts *t = cc_tts_create(NULL, err, sizeof err);
    if (!t) fail_msg("tts: %s", err);
    static const char *const variants[] = {"m1", "klatt", "m3", "f2"};
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        cc_delivery flat = speak_and_measure(t, variants[i], 0);
        cc_delivery normal = speak_and_measure(t, variants[i], 50);
        cc_delivery lively = speak_and_measure(t, variants[i], 90);
        assert_true(flat.pitch_range_semitones < 2.0);
        assert_true(normal.pitch_range_semitones > 3.0);
        assert_true(lively.pitch_range_semitones > normal.pitch_range_semitones);
        assert_true(flat.speech_seconds > 3.0 && flat.voiced_seconds > 1.5);
    }
    cc_tts_free(t);
}

/* cc_dsp_resample: the same rate copies; a ramp stays a ramp at the new rate
 * (linear interpolation is exact on it); no rate, nothing. */
static void resample_keeps_shape(void **state)
{
    (void)state;
    int16_t ramp[2205];
    for (int i = 0; i < 2205; i++) ramp[i] = (int16_t)(i * 10);
    size_t n = 0;
    int16_t *same = cc_dsp_resample(ramp, 2205, 22050, 22050, &n);
    assert_int_equal(n, 2205);
    assert_memory_equal(same, ramp, sizeof ramp);
    free(same);
    int16_t *up = cc_dsp_resample(ramp, 2205, 22050, 48000, &n);
    assert_int_equal(n, 4800);
    for (size_t i = 0; i + 3 < n; i++) {
        double want = (double)i * 22050 / 48000 * 10;
        if (fabs(up[i] - want) > 1) fail_msg("sample %zu: %d, want %.1f", i, up[i], want);
    }
    free(up);
    int16_t *none = cc_dsp_resample(ramp, 2205, 0, 48000, &n);
    assert_non_null(none);
    assert_int_equal(n, 0);
    free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_band_response),
        cmocka_unit_test(resample_keeps_shape),
        cmocka_unit_test(phone_band_saturates_and_chunks),
        cmocka_unit_test(ringback_schedule),
        cmocka_unit_test(hold_music),
        cmocka_unit_test(delivery_sine_and_silence),
        cmocka_unit_test(delivery_monotone_vs_lively_speech),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
