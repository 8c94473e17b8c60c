/* voice/wav: reading any common sound file to 16 kHz mono, writing WAV. The files are made
 * with sox at test time in a scratch folder. */
#include "voicetest.h"

#include <math.h>

#include "wav.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    if (!vt_have("sox")) {
        fprintf(stderr, "sox is not installed (apt-get install sox)\n");
        return -1;
    }
    dir = vt_mkdtemp();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vt_rmdir(dir);
    return 0;
}

static double rms(const cc_pcm *p, size_t from, size_t to)
{
    double s = 0.0;
    if (to > p->count) to = p->count;
    for (size_t i = from; i < to; i++) s += (double)p->samples[i] * p->samples[i];
    return to > from ? sqrt(s / (double)(to - from)) : 0.0;
}

/* A 1.5 s 440 Hz sine at half scale in the given format, read at 16 kHz. */
static void check_format(const char *name, const char *sox_format)
{
    char path[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    vt_run("sox -D -n %s '%s' synth 1.5 sine 440 vol 0.5", sox_format, path);
    cc_pcm p = { 0 };
    if (cc_wav_read(path, 16000, &p, err, sizeof err) != 0) fail_msg("%s: %s", name, err);
    assert_int_equal(p.rate, 16000);
    /* 1.5 s at 16 kHz, give or take the resampler's edges. */
    if (p.count < 23990 || p.count > 24010) fail_msg("%s: %zu samples, want 24000", name, p.count);
    /* Half scale sine: RMS 0.5/sqrt(2) of full scale, away from the edges. */
    double r = rms(&p, 2000, 22000);
    if (fabs(r - 0.5 * 32768.0 / sqrt(2.0)) > 600.0) fail_msg("%s: RMS %f", name, r);
    print_message("%-12s %-36s -> %zu samples, RMS %.0f\n", name, sox_format, p.count, r);
    cc_pcm_free(&p);
    assert_null(p.samples);
    assert_int_equal(p.count, 0);
}

static void test_rates(void **state)
{
    (void)state;
    check_format("r8k.wav", "-r 8000 -c 1 -b 16");
    check_format("r16k.wav", "-r 16000 -c 1 -b 16");
    check_format("r22k.wav", "-r 22050 -c 1 -b 16");
    check_format("r44k.wav", "-r 44100 -c 1 -b 16");
    check_format("r48k.wav", "-r 48000 -c 1 -b 16");
}

static void test_sample_formats(void **state)
{
    (void)state;
    check_format("stereo.wav", "-r 44100 -c 2 -b 16");
    check_format("float.wav", "-r 22050 -c 1 -e floating-point -b 32");
    check_format("b24.wav", "-r 48000 -c 1 -b 24");
    check_format("u8.wav", "-r 8000 -c 1 -e unsigned-integer -b 8");
    check_format("f.flac", "-r 44100 -c 1 -b 16");
    check_format("a.aiff", "-r 22050 -c 2 -b 16");
}

static void test_stereo_is_averaged(void **state)
{
    (void)state;
    char path[1024], err[512] = "";
    /* Left: a sine; right: the same sine inverted. Their average is silence. */
    snprintf(path, sizeof path, "%s/opposite.wav", dir);
    vt_run("sox -D -n -r 16000 -c 2 -b 16 '%s' synth 1 sine 440 sine 440 remix 1 2i vol 0.5", path);
    cc_pcm p = { 0 };
    assert_int_equal(cc_wav_read(path, 16000, &p, err, sizeof err), 0);
    assert_int_equal(p.count, 16000);
    assert_true(rms(&p, 0, p.count) < 2.0);
    cc_pcm_free(&p);
}

static void test_keep_rate_and_exact_copy(void **state)
{
    (void)state;
    char path[1024], out[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/keep.wav", dir);
    vt_run("sox -D -n -r 22050 -c 1 -b 16 '%s' synth 0.5 sine 300 vol 0.3", path);
    cc_pcm p = { 0 }, q = { 0 };
    assert_int_equal(cc_wav_read(path, 0, &p, err, sizeof err), 0);
    assert_int_equal(p.rate, 22050);
    assert_int_equal(p.count, 11025);
    /* 16-bit mono at the file's own rate comes through sample for sample. */
    snprintf(out, sizeof out, "%s/copy.wav", dir);
    assert_int_equal(cc_wav_write(out, p.samples, p.count, p.rate, err, sizeof err), 0);
    assert_int_equal(cc_wav_read(out, 22050, &q, err, sizeof err), 0);
    assert_int_equal(q.count, p.count);
    assert_memory_equal(q.samples, p.samples, p.count * sizeof *p.samples);
    vt_run("soxi '%s' | grep -q '22050' && soxi '%s' | grep -q 'Channels *: 1'", out, out);
    cc_pcm_free(&p);
    cc_pcm_free(&q);
}

static void test_write_and_read_back(void **state)
{
    (void)state;
    char path[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/written.wav", dir);
    int16_t s[3200];
    for (size_t i = 0; i < 3200; i++) s[i] = (int16_t)((int)(i * 37 % 65536) - 32768);
    assert_int_equal(cc_wav_write(path, s, 3200, 16000, err, sizeof err), 0);
    cc_pcm p = { 0 };
    assert_int_equal(cc_wav_read(path, 16000, &p, err, sizeof err), 0);
    assert_int_equal(p.count, 3200);
    assert_memory_equal(p.samples, s, sizeof s);
    cc_pcm_free(&p);
    /* An empty file is valid too. */
    assert_int_equal(cc_wav_write(path, NULL, 0, 16000, err, sizeof err), 0);
    assert_int_equal(cc_wav_read(path, 16000, &p, err, sizeof err), 0);
    assert_int_equal(p.count, 0);
    cc_pcm_free(&p);
}

static void test_errors(void **state)
{
    (void)state;
    char path[1024], err[512] = "";
    cc_pcm p = { (int16_t *)1, 5, 5 };

    snprintf(path, sizeof path, "%s/answer.wav", dir);
    assert_int_equal(cc_wav_read(path, 16000, &p, err, sizeof err), -1);
    assert_null(p.samples); /* zeroed on error */
    assert_non_null(strstr(err, "answer.wav"));
    assert_non_null(strstr(err, "No such file"));
    print_message("missing:   %s\n", err);

    /* A text file named like a sound file. */
    snprintf(path, sizeof path, "%s/notes.wav", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("These are my notes, not a recording.\n", f);
    fclose(f);
    assert_int_equal(cc_wav_read(path, 16000, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read"));
    assert_non_null(strstr(err, "notes.wav"));
    assert_non_null(strstr(err, "save it as WAV"));
    print_message("not audio: %s\n", err);

    /* A folder. */
    assert_int_equal(cc_wav_read(dir, 16000, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "folder"));

    assert_int_equal(cc_wav_read(NULL, 16000, &p, err, sizeof err), -1);
    assert_int_equal(cc_wav_read(path, 16000, NULL, NULL, 0), -1);

    int16_t s[4] = { 0 };
    assert_int_equal(cc_wav_write("/nonexistent-dir/out.wav", s, 4, 16000, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/out.wav"));
    assert_int_equal(cc_wav_write(path, s, 4, 0, err, sizeof err), -1);
    assert_int_equal(cc_wav_write(NULL, s, 4, 16000, err, sizeof err), -1);
    cc_pcm_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_sample_formats),
        cmocka_unit_test(test_stereo_is_averaged),
        cmocka_unit_test(test_keep_rate_and_exact_copy),
        cmocka_unit_test(test_write_and_read_back),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
