/* voice/wav: reading any common sound file to 16 kHz mono, writing WAV. The files are made
 * with sox at test time in a scratch folder. */
#define _GNU_SOURCE /* unshare, mount: a small tmpfs to fill, in a child */
#include "voicetest.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>

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

/* ---- the streaming writer ---- */

static void ramp(int16_t *x, size_t n, size_t offset)
{
    for (size_t i = 0; i < n; i++) x[i] = (int16_t)((long)((offset + i) * 7919 % 60001) - 30000);
}

/* path reads back as exactly n samples of ramp() at rate. */
static void expect_ramp(const char *path, size_t n, int rate)
{
    char err[512] = "";
    cc_pcm p = { 0 };
    if (cc_wav_read(path, 0, &p, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(p.rate, rate);
    if (p.count != n) fail_msg("%s: %zu samples, want %zu", path, p.count, n);
    int16_t *want = malloc((n ? n : 1) * sizeof *want);
    assert_non_null(want);
    ramp(want, n, 0);
    if (n) assert_memory_equal(p.samples, want, n * sizeof *want);
    free(want);
    cc_pcm_free(&p);
}

static void test_stream_valid_after_each_write(void **state)
{
    (void)state;
    char path[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/stream.wav", dir);
    cc_wav_stream *w = cc_wav_stream_open(path, 16000, err, sizeof err);
    if (!w) fail_msg("%s", err);
    expect_ramp(path, 0, 16000); /* valid before any sample */
    /* Odd sizes, one sample, nothing, and a block over libsndfile's chunk. */
    static const size_t sizes[] = { 1, 0, 799, 1600, 3, 70001, 2 };
    int16_t *buf = malloc(70001 * sizeof *buf);
    assert_non_null(buf);
    size_t total = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        ramp(buf, sizes[k], total);
        assert_int_equal(cc_wav_stream_write(w, buf, sizes[k], err, sizeof err), 0);
        total += sizes[k];
        assert_int_equal(cc_wav_stream_frames(w), total);
        expect_ramp(path, total, 16000); /* while the stream is still open */
    }
    assert_int_equal(cc_wav_stream_sync(w, err, sizeof err), 0);
    assert_int_equal(cc_wav_stream_close(w, err, sizeof err), 0);
    expect_ramp(path, total, 16000);
    vt_run("soxi '%s' | grep -q 'Sample Rate *: 16000'", path);

    assert_int_equal(cc_wav_stream_close(NULL, err, sizeof err), 0);
    assert_int_equal(cc_wav_stream_frames(NULL), 0);
    assert_null(cc_wav_stream_open(NULL, 16000, err, sizeof err));
    assert_null(cc_wav_stream_open(path, 0, err, sizeof err));
    assert_non_null(strstr(err, "sample rate"));
    assert_null(cc_wav_stream_open("/nonexistent-dir/out.wav", 16000, err, sizeof err));
    assert_non_null(strstr(err, "cannot write /nonexistent-dir/out.wav: No such file"));
    print_message("no folder: %s\n", err);
    assert_int_equal(cc_wav_stream_write(NULL, buf, 1, err, sizeof err), -1);
    assert_int_equal(cc_wav_stream_sync(NULL, err, sizeof err), -1);
    free(buf);
}

enum { KILL_BLOCK = 1600, KILL_BLOCKS = 400 };

/* The child streams blocks and reports each finished write on the pipe, until killed. */
static void stream_until_killed(const char *path, int report_fd)
{
    char err[512];
    cc_wav_stream *w = cc_wav_stream_open(path, 8000, err, sizeof err);
    if (!w) _exit(2);
    int16_t buf[KILL_BLOCK];
    for (size_t k = 0; k < KILL_BLOCKS; k++) {
        ramp(buf, KILL_BLOCK, k * KILL_BLOCK);
        if (cc_wav_stream_write(w, buf, KILL_BLOCK, err, sizeof err) != 0) _exit(3);
        if (write(report_fd, "w", 1) != 1) _exit(4);
    }
    for (;;) pause();
}

static void test_stream_survives_sigkill(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/killed.wav", dir);
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pfd[0]);
        stream_until_killed(path, pfd[1]);
    }
    close(pfd[1]);
    /* Kill it while it writes: after 25 reported writes, whatever it is doing then. */
    size_t reported = 0;
    char c;
    while (reported < 25 && read(pfd[0], &c, 1) == 1) reported++;
    assert_int_equal(reported, 25);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    while (read(pfd[0], &c, 1) == 1) reported++; /* writes finished before the kill */
    close(pfd[0]);

    char err[512] = "";
    cc_pcm p = { 0 };
    if (cc_wav_read(path, 0, &p, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(p.rate, 8000);
    /* Every finished write is there; a write cut by the kill adds at most its block. */
    print_message("killed after %zu writes: %zu samples readable\n", reported, p.count);
    assert_true(p.count >= reported * KILL_BLOCK);
    assert_true(p.count <= (reported + 1) * KILL_BLOCK);
    int16_t *want = malloc(p.count * sizeof *want);
    assert_non_null(want);
    ramp(want, p.count, 0);
    assert_memory_equal(p.samples, want, p.count * sizeof *want);
    free(want);
    cc_pcm_free(&p);
}

static void test_stream_to_dev_full(void **state)
{
    (void)state;
    char err[512] = "";
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) skip();
    /* libsndfile writes the header on open, so the failure comes there or at the
     * first write; either way it says the disk is full. */
    cc_wav_stream *w = cc_wav_stream_open("/dev/full", 16000, err, sizeof err);
    if (w) {
        int16_t x[256] = { 0 };
        assert_int_equal(cc_wav_stream_write(w, x, 256, err, sizeof err), -1);
        cc_wav_stream_close(w, NULL, 0);
    }
    print_message("/dev/full: %s\n", err);
    assert_non_null(strstr(err, "cannot write /dev/full: No space left on device; the disk is full"));
    assert_int_equal(stat("/dev/full", &st), 0); /* still there */
    assert_true(S_ISCHR(st.st_mode));
}

/* In a child with its own mount namespace: a 64 KiB tmpfs filled by the stream.
 * Exit 0 when every check held, 77 when the machine cannot mount, else the line. */
static int fill_small_disk(const char *mnt)
{
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", mnt, "tmpfs", 0, "size=64k,mode=0755") != 0)
        return 77;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "line %d: %s\n", __LINE__, #c); return 1; } } while (0)
    char path[1024], filler[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/full.wav", mnt);
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    /* Something to delete later, to make room again. */
    FILE *f = fopen(filler, "wb");
    CHECK(f != NULL);
    static char junk[16384];
    CHECK(fwrite(junk, 1, sizeof junk, f) == sizeof junk && fclose(f) == 0);
    cc_wav_stream *w = cc_wav_stream_open(path, 16000, err, sizeof err);
    CHECK(w != NULL);
    int16_t buf[1001]; /* odd blocks, so the disk fills inside one */
    size_t written = 0;
    int failed = 0;
    for (int k = 0; k < 1000 && !failed; k++) {
        ramp(buf, 1001, written);
        if (cc_wav_stream_write(w, buf, 1001, err, sizeof err) != 0) failed = 1;
        else written += 1001;
    }
    CHECK(failed);
    fprintf(stderr, "full disk: %s\n", err);
    CHECK(strstr(err, "cannot write ") && strstr(err, "full.wav: No space left on device; "
                                                      "the disk is full: free some space"));
    size_t kept = cc_wav_stream_frames(w);
    CHECK(kept >= written && kept < written + 1001);
    /* Valid while still open, and again after closing: whole samples, all of them. */
    cc_pcm p = { 0 };
    CHECK(cc_wav_read(path, 0, &p, err, sizeof err) == 0 && p.count == kept);
    int16_t *want = malloc(kept * sizeof *want);
    ramp(want, kept, 0);
    CHECK(memcmp(p.samples, want, kept * sizeof *want) == 0);
    cc_pcm_free(&p);
    /* A later write fails the same way and changes nothing. */
    CHECK(cc_wav_stream_write(w, buf, 1001, err, sizeof err) == -1);
    CHECK(strstr(err, "No space left on device") != NULL);
    CHECK(cc_wav_stream_frames(w) == kept);
    /* With room again, writing goes on right after the kept samples. */
    CHECK(unlink(filler) == 0);
    free(want);
    want = malloc((kept + 1001) * sizeof *want);
    ramp(want, kept + 1001, 0);
    CHECK(cc_wav_stream_write(w, want + kept, 1001, err, sizeof err) == 0);
    CHECK(cc_wav_stream_close(w, err, sizeof err) == 0);
    CHECK(cc_wav_read(path, 0, &p, err, sizeof err) == 0 && p.count == kept + 1001);
    CHECK(memcmp(p.samples, want, (kept + 1001) * sizeof *want) == 0);
    cc_pcm_free(&p);
    free(want);
#undef CHECK
    return 0;
}

static void test_stream_full_disk(void **state)
{
    (void)state;
    char mnt[1024];
    snprintf(mnt, sizeof mnt, "%s/small", dir);
    assert_int_equal(mkdir(mnt, 0755), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) _exit(fill_small_disk(mnt));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    rmdir(mnt);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) skip(); /* no mount namespaces here (not root) */
    assert_int_equal(WEXITSTATUS(status), 0);
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
        cmocka_unit_test(test_stream_valid_after_each_write),
        cmocka_unit_test(test_stream_survives_sigkill),
        cmocka_unit_test(test_stream_to_dev_full),
        cmocka_unit_test(test_stream_full_disk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
