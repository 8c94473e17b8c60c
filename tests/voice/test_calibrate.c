/* Calibration (voice/calibrate.h): a reading spoken by espeak-ng into a room, judged for its
 * level and noise in plain words; the voice's cepstral mean learnt by the recogniser; the
 * file format round trip and its messages. */
#include "voicetest.h"

#include <math.h>

#include "calibrate.h"
#include "wav.h"

#define READING "Good morning, Northwind Travel, this is Alex. How can I help you? " \
                "Thank you for calling. Is there anything else I can help you with?"

static int16_t *reading;
static size_t nreading;

static int setup(void **state)
{
    (void)state;
    vt_need_tools();
    char *dir = vt_mkdtemp(), path[1024], err[256];
    snprintf(path, sizeof path, "%s/reading.wav", dir);
    vt_say(dir, "en-us+m1", READING, 1.0, path);
    cc_pcm p = {0};
    if (cc_wav_read(path, 16000, &p, err, sizeof err) != 0) return -1;
    reading = p.samples;
    nreading = p.count;
    vt_rmdir(dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(reading);
    return 0;
}

/* The reading at gain g with noise of amplitude a (uniform, fixed seed) and 1 s of room first. */
static int16_t *in_room(double g, int a, size_t *n)
{
    *n = nreading + 16000;
    int16_t *s = malloc(*n * sizeof *s);
    uint32_t x = 5;
    for (size_t i = 0; i < *n; i++) {
        x = x * 1664525u + 1013904223u;
        double v = (a ? (double)((int)(x >> 16) % (2 * a + 1) - a) : 0) +
                   (i >= 16000 ? g * reading[i - 16000] : 0);
        s[i] = (int16_t)fmax(-32768, fmin(32767, v));
    }
    return s;
}

static void judges_level_and_room(void **state)
{
    (void)state;
    char err[256];
    size_t n;
    cc_calibration c = {0};
    int16_t *s = in_room(1.0, 30, &n);
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), 0);
    print_message("as spoken: speech %.1f dBFS, room %.1f dBFS, %.1f dB apart, %.1f s\n",
                  c.speech_dbfs, c.noise_dbfs, c.snr_db, c.speech_seconds);
    assert_true(c.level_ok && c.noise_ok);
    assert_string_equal(c.advice, "");
    free(s);

    s = in_room(0.02, 3, &n); /* about 34 dB quieter */
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), 0);
    assert_false(c.level_ok);
    assert_non_null(strstr(c.advice, "very quiet"));
    free(s);

    s = in_room(30.0, 30, &n);
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), 0);
    assert_false(c.level_ok);
    assert_non_null(strstr(c.advice, "too loud"));
    free(s);

    s = in_room(1.0, 1000, &n); /* noise about 13 dB under the speech */
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), 0);
    print_message("noisy: %.1f dB apart\n", c.snr_db);
    assert_true(c.level_ok);
    assert_false(c.noise_ok);
    assert_non_null(strstr(c.advice, "noisy"));
    free(s);

    s = in_room(0.0, 30, &n); /* nobody read */
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), -1);
    assert_non_null(strstr(c.advice, "No speech"));
    free(s);
}

static void learns_the_voice_and_keeps_it(void **state)
{
    (void)state;
    char **lines;
    size_t nl = vt_read_lines(CC_TEST_DIR "/voice/scenario_sentences.txt", &lines);
    cc_asr_config cfg = {0};
    cfg.sentences = (const char *const *)lines;
    cfg.nsentences = nl;
    char err[512];
    cc_asr *a = cc_asr_create(&cfg, err, sizeof err);
    if (!a) fail_msg("%s", err);
    size_t n;
    int16_t *s = in_room(1.0, 30, &n);
    cc_calibration c = {0};
    assert_int_equal(cc_calib_measure(s, n, &c, err, sizeof err), 0);
    assert_int_equal(cc_calib_learn(a, s, n, &c, err, sizeof err), 0);
    assert_true(c.mean.frames > 200); /* several seconds of speech */
    free(s);

    char text[4096];
    size_t len = cc_calib_format(&c, text, sizeof text);
    assert_true(len > 0 && len < sizeof text);
    assert_int_equal(cc_calib_format(&c, NULL, 0), len);
    cc_calibration back;
    assert_int_equal(cc_calib_parse(text, "alex/calibration", &back, err, sizeof err), 0);
    assert_int_equal(back.mean.frames, c.mean.frames);
    assert_memory_equal(back.mean.sum, c.mean.sum, sizeof c.mean.sum);
    assert_true(back.speech_dbfs == c.speech_dbfs && back.snr_db == c.snr_db);
    assert_int_equal(back.level_ok, c.level_ok);
    /* A later recogniser starts from it. */
    cc_asr_live_set_mean(a, &back.mean);

    assert_int_equal(cc_calib_parse("hello\n", "F", &back, err, sizeof err), -1);
    assert_non_null(strstr(err, "F:1:1: error: not a callcoach calibration"));
    assert_int_equal(cc_calib_parse("callcoach-calibration 1\nsnr_db loud\n", "F", &back, err,
                                    sizeof err), -1);
    assert_non_null(strstr(err, "F:2:8: error: 'loud' is not a valid value for snr_db"));
    assert_int_equal(cc_calib_parse("callcoach-calibration 1\nwarp 1.1\n", "F", &back, err,
                                    sizeof err), -1);
    assert_non_null(strstr(err, "unknown key 'warp'"));
    assert_int_equal(cc_calib_parse("", "F", &back, err, sizeof err), -1);
    cc_asr_free(a);
    for (size_t i = 0; i < nl; i++) free(lines[i]);
    free(lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(judges_level_and_room),
        cmocka_unit_test(learns_the_voice_and_keeps_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
