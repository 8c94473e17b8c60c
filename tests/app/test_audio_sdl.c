/* The call's sound through the real SDL_mixer (audio_sdl.c) on SDL's disk audio
 * driver: the runtime with the null window and the SDL audio half (audio.h), a demo
 * call of scenarios/dropped-call.yaml (its caller is on a train: `ambience:`), and
 * the speaker stream the driver wrote (SDL_DISKAUDIOFILE) checked against the decoded
 * sound files:
 *  - every ring before the pickup is the ring file, sample for sample, at exactly
 *    ring k * (ring_seconds + ring_gap_seconds) of the call clock (the first from
 *    0.25 s on: it is queued after the device started);
 *  - the scenario's ambience is in the stream after the pickup: wherever nobody
 *    speaks the stream is the ambience file's samples, looped (and it is absent
 *    before the pickup);
 *  - the caller's lines are in it (they come through SDL_mixer's channels), and the
 *    call is scored as the demo's take says.
 * Run by CTest with SDL_AUDIODRIVER=disk and a small SDL_DISKAUDIODELAY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "files.h"
#include "live.h"
#include "mixer.h"
#include "platform_null.h"
#include "wav.h"

static uint64_t sdl_ticks(void) { return SDL_GetTicks64(); }

/* The null platform's window with SDL's sound: what bench/ and tools can use too. */
static cc_platform sound_only(void)
{
    cc_platform p = cc_platform_null;
    const cc_audio *a = &cc_audio_sdl;
    p.name = "null+sdl_mixer";
    p.ticks_ms = sdl_ticks;
    p.open_out = a->open_out;
    p.close_out = a->close_out;
    p.pause_out = a->pause_out;
    p.open_in = a->open_in;
    p.close_in = a->close_in;
    p.lock = a->lock;
    p.unlock = a->unlock;
    p.audio = a;
    return p;
}

static int16_t *read_raw(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    int16_t *s = malloc((size_t)len + 2);
    assert_non_null(s);
    *n = fread(s, 2, (size_t)len / 2, f);
    fclose(f);
    return s;
}

/* SDL's audio thread writes silence while a device is paused, and a device opens paused:
 * the driver's file may begin with a few silent buffers that were never mixed (and are
 * not call time). The call starts at the first offset, in whole buffers, from which the
 * file matches `ref` (what the call's first samples must be). */
static size_t call_start(const int16_t *s, size_t n, const int16_t *ref, size_t nref, size_t skip)
{
    for (size_t at = 0; at <= 16 * 512 && at + skip + nref <= n; at += 512) {
        size_t i = 0;
        while (i < at && s[i] == 0) i++;
        if (i == at && memcmp(s + at + skip, ref + skip, nref * sizeof *ref) == 0) return at;
    }
    fail_msg("the speaker stream does not begin with the call's first %zu samples", nref);
    return 0;
}

static cc_pcm decode(const char *path)
{
    cc_pcm p = {0};
    char err[512];
    if (cc_wav_read(path, CC_LIVE_OUT_RATE, &p, err, sizeof err) != 0) fail_msg("%s", err);
    return p;
}

static void scenario_ambience_and_rings_are_in_the_speaker_stream(void **state)
{
    (void)state;
    const char *out = getenv("SDL_DISKAUDIOFILE");
    assert_non_null(out);
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    assert_int_equal(cc_standard_load_file(CC_SRC_DIR "/scenarios/standard.yaml", &std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(CC_SRC_DIR "/scenarios/dropped-call.yaml", std, &scn, d),
                     CC_FILE_OK);
    cc_diags_free(d);
    const cc_sound_ref *amb_ref = cc_scenario_sound(std, scn, CC_SOUND_AMBIENCE);
    /* The shipped standard names no ring: the installed one plays. */
    assert_null(cc_scenario_sound(std, scn, CC_SOUND_RING));
    assert_non_null(amb_ref);
    assert_non_null(strstr(amb_ref->path, "ambience-train.ogg"));

    assert_int_equal(SDL_Init(SDL_INIT_AUDIO), 0);
    cc_platform plat = sound_only();
    cc_live_config cfg = {1, 1, 1, 1, NULL};
    char err[256];
    cc_live *l = cc_live_create(&plat, std, scn, "Demo", 1, &cfg, err, sizeof err);
    if (!l) fail_msg("%s", err);
    assert_true(cc_live_has_speaker(l));
    uint64_t t0 = SDL_GetTicks64();
    while (!cc_live_ended(l) && SDL_GetTicks64() - t0 < 100000) {
        cc_live_step(l);
        SDL_Delay(2);
    }
    assert_true(cc_live_ended(l));
    const cc_result *r = cc_live_result(l);
    assert_non_null(r);
    if (!r->passed) fail_msg("the demo of dropped-call did not pass: score %d", r->score);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    cc_live_stop_devices(l); /* the device closes: the driver's file is complete */

    size_t n;
    int16_t *file = read_raw(out, &n);
    cc_pcm ring = decode(CC_SRC_DIR "/assets/ring.ogg"), amb = decode(amb_ref->path);
    assert_true(ring.count > 16000 && amb.count > 16000);
    /* The first ring is queued as the call starts, after the device has: its first
     * buffer or two may be past (live.c, as before SDL_mixer); from 0.25 s it must match. */
    size_t late = 4000;
    size_t lead = call_start(file, n, ring.samples, 8000, late);
    const int16_t *s = file + lead;
    n -= lead;
    size_t rate = CC_LIVE_OUT_RATE;
    size_t pick = (size_t)rec->lines[1].t * rate / 1000;
    assert_true(rec->lines[1].answered);
    assert_true(pick > 0 && pick < n);
    print_message("call %.1f s in the speaker stream; line 1 picked up at %.3f s on ring %d\n",
                  (double)n / rate, (double)pick / rate, rec->lines[1].ring);

    /* Rings: the file, to the sample, at each ring of the cadence until the pickup. */
    size_t cycle = (size_t)llround((std->settings.ring_seconds + std->settings.ring_gap_seconds) * rate);
    int rings_checked = 0;
    for (size_t k = 0; k * cycle < pick; k++) {
        size_t at = k * cycle;
        for (size_t i = k ? 0 : late; i < ring.count && at + i < pick; i++)
            if (s[at + i] != ring.samples[i])
                fail_msg("ring %zu: speaker sample %zu is %d, the ring file's sample %zu is %d", k + 1,
                         at + i, s[at + i], i, ring.samples[i]);
        rings_checked++;
    }
    /* The ring tone is on: a stream shifted by one sample would not match. */
    size_t off1 = 0;
    for (size_t i = late; i < late + 8000; i++) off1 += s[i + 1] != ring.samples[i];
    assert_true(off1 > 4000);
    assert_true(rings_checked >= 1);


    /* The ambience: it loops from the start of a device buffer after the pickup. Find
     * where, as the offset at which most samples of the next second equal the file's. */
    size_t best_at = 0, best = 0;
    for (size_t at = pick - pick % 512; at < pick + 3 * rate && at + rate < n; at += 512) {
        size_t eq = 0;
        for (size_t i = 0; i < rate; i++) eq += s[at + i] == amb.samples[i] && amb.samples[i] != 0;
        if (eq > best) best = eq, best_at = at;
    }
    print_message("ambience starts at %.3f s; %zu of the first second's samples are the file's\n",
                  (double)best_at / rate, best);
    assert_true(best > rate / 4);
    /* Over the rest of the call, where the stream is not the ambience someone is speaking:
     * the file's sound is the stream's floor, and it is also what correlates. */
    size_t eq = 0, total = 0;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = best_at; i < n; i++) {
        int16_t a = amb.samples[(i - best_at) % amb.count];
        total++;
        eq += s[i] == a;
        sxy += (double)s[i] * a;
        sxx += (double)s[i] * s[i];
        syy += (double)a * a;
    }
    double corr = sxy / sqrt(sxx * syy + 1e-9);
    print_message("after the pickup: %.0f %% of samples are exactly the ambience's; "
                  "correlation with it %.2f\n", 100.0 * eq / total, corr);
    assert_true(eq > total / 10);
    assert_true(corr > 0.05);
    /* The caller's voice came through SDL_mixer too: loud samples after the pickup. */
    size_t loud = 0;
    for (size_t i = pick; i < n; i++) loud += s[i] > 4000 || s[i] < -4000;
    assert_true(loud > rate / 10);

    cc_pcm_free(&ring);
    cc_pcm_free(&amb);
    free(file);
    cc_live_free(l);
    SDL_Quit();
    cc_scenario_free(scn);
    cc_standard_free(std);
}

/* The mixer alone on the SDL_mixer device: rings and a line that start in the
 * middle of device buffers are in the stream at exactly their samples, the line's
 * end is reported at its true last sample, and the post-mix count is the clock. */
typedef struct {
    cc_mixer *m;
    int16_t *far;
    size_t nfar, cap;
} rec_ud;

static void rec_fill(void *ud, int16_t *out, size_t n)
{
    rec_ud *r = ud;
    int16_t far[4096];
    while (n > 0) {
        size_t k = n < 4096 ? n : 4096;
        cc_mixer_fill2(r->m, out, far, k);
        if (r->nfar + k <= r->cap) memcpy(r->far + r->nfar, far, k * sizeof *far);
        r->nfar += k;
        out += k;
        n -= k;
    }
}

static void rings_and_lines_land_to_the_sample(void **state)
{
    (void)state;
    const char *out = getenv("SDL_DISKAUDIOFILE");
    assert_non_null(out);
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    assert_int_equal(cc_standard_load_file(CC_SRC_DIR "/scenarios/standard.yaml", &std, d), CC_FILE_OK);
    cc_diags_free(d);
    cc_pcm ring = decode(CC_SRC_DIR "/assets/ring.ogg");
    size_t rate = CC_LIVE_OUT_RATE, cycle = 6 * rate;
    assert_int_equal(ring.count, cycle);

    assert_int_equal(SDL_Init(SDL_INIT_AUDIO), 0);
    const cc_audio *a = &cc_audio_sdl;
    rec_ud r = {cc_mixer_create((int)rate), NULL, 0, 20 * rate};
    r.far = calloc(r.cap, sizeof *r.far);
    assert_non_null(r.far);
    assert_int_equal(cc_mixer_use_audio(r.m, a, std, NULL), 0);
    /* Three rings from sample 777 (not a buffer boundary), and a line of 3 s of a tone
     * from sample 20001 (the first ring's silence), to start while the device plays. */
    a->lock();
    for (size_t k = 0; k < 3; k++) cc_mixer_ring(r.m, 777 + k * cycle, 2 * rate);
    a->unlock();
    char err[256];
    if (a->open_out((int)rate, rec_fill, &r, err, sizeof err) != 0) fail_msg("%s", err);
    size_t line_n = 3 * rate, line_at = 40001;
    int16_t *line = malloc(line_n * sizeof *line);
    for (size_t i = 0; i < line_n; i++) line[i] = (int16_t)(8000 * sin(i * 0.05));
    int16_t *copy = malloc(line_n * sizeof *copy);
    memcpy(copy, line, line_n * sizeof *copy);
    a->lock();
    assert_int_equal(cc_mixer_play(r.m, 9, 1, line, line_n, line_at), 0);
    a->unlock();
    unsigned id = 0;
    uint64_t at = 0, pos = 0;
    int done = 0;
    while (pos < 19 * rate) {
        SDL_Delay(5);
        a->lock();
        pos = cc_mixer_pos(r.m);
        if (!done) done = cc_mixer_take_done(r.m, &id, &at);
        a->unlock();
    }
    /* Paused, the device mixes nothing: the call clock stands still. */
    a->pause_out(1);
    SDL_Delay(50);
    a->lock();
    uint64_t paused_at = cc_mixer_pos(r.m);
    a->unlock();
    SDL_Delay(100);
    a->lock();
    assert_int_equal(cc_mixer_pos(r.m), paused_at);
    a->unlock();
    /* One device: a second open is refused, the first keeps playing. */
    assert_int_equal(a->open_out((int)rate, rec_fill, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "already in use"));
    a->close_out();
    assert_true(done);
    assert_int_equal(id, 9);
    assert_int_equal(at, line_at + line_n);

    size_t n;
    int16_t *file = read_raw(out, &n);
    /* What fill recorded is what the driver wrote: the post-mix stream. */
    size_t lead = call_start(file, n, r.far, 18 * rate, 0);
    const int16_t *s = file + lead;
    n -= lead;
    assert_true(n >= 18 * rate);
    for (size_t i = 0; i < 777; i++) assert_int_equal(s[i], 0);
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < cycle && 777 + k * cycle + i < 18 * rate; i++) {
            size_t p = 777 + k * cycle + i;
            int want = ring.samples[i] + (p >= line_at && p < line_at + line_n ? copy[p - line_at] : 0);
            if (s[p] != want)
                fail_msg("sample %zu (ring %zu, its sample %zu): %d, expected %d", p, k + 1, i, s[p], want);
        }
    print_message("3 rings from sample 777 and a line from sample %zu: every sample as placed; "
                  "the line reported done at %llu\n", line_at, (unsigned long long)at);
    free(copy);
    free(file);
    free(r.far);
    cc_mixer_free(r.m);
    cc_pcm_free(&ring);
    SDL_Quit();
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rings_and_lines_land_to_the_sample),
        cmocka_unit_test(scenario_ambience_and_rings_are_in_the_speaker_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
