/* Unit tests of the live call driver (live/live.c and its parts) on the null platform, whose
 * clock and devices the test moves: the mixer's local voices kept off the
 * line, the call's two audio tracks on the call
 * clock, retrying a call from one of its turns, the demo's synthetic trainee
 * on every shipped scenario, and closing the devices. Real engines throughout:
 * the call engine, espeak-ng for the voices, PocketSphinx where a microphone
 * is open. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "demo.h"
#include "live.h"
#include "mixer.h"
#include "platform_null.h"

typedef struct {
    cc_standard *std;
    cc_scenario *scn;
} files;

static files load(const char *standard, const char *scenario)
{
    files f = {0};
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_standard_load_file(standard, &f.std, d), CC_FILE_OK);
    if (cc_scenario_load_file(scenario, f.std, &f.scn, d) != CC_FILE_OK) {
        for (size_t i = 0; i < cc_diags_count(d); i++) {
            char buf[512];
            cc_diag_format(cc_diags_get(d, i), buf, sizeof buf);
            print_error("%s\n", buf);
        }
        fail_msg("cannot load %s", scenario);
    }
    cc_diags_free(d);
    return f;
}

static void unload(files *f)
{
    cc_scenario_free(f->scn);
    cc_standard_free(f->std);
}

/* Voices come from espeak-ng on the voice thread. A sound card would not wait
 * for them; the test's clock does, so a line starts where the engine said it
 * whatever the machine's load. Bounded, so a stuck synthesiser fails the test
 * (the line then plays late or as a silent caption) instead of hanging it. */
static void settle(cc_live *l)
{
    struct timespec ms = {0, 1000000};
    for (int i = 0; i < 20000 && cc_live_voice_pending(l); i++) {
        nanosleep(&ms, NULL);
        cc_live_step(l);
    }
}

/* 10 ms of the call: the wall clock, the speaker's clock (if open) and the
 * microphone (if open: `mic` samples, or silence) move together. */
static uint64_t ticks;
static void step10(cc_live *l, const int16_t *mic)
{
    static const int16_t quiet[160];
    ticks += 10;
    cc_null_set_ticks(ticks);
    cc_null_pump_out(160);
    cc_null_feed_in(mic ? mic : quiet, 160);
    cc_live_step(l);
    settle(l);
}

static void run_until(cc_live *l, int64_t call_ms)
{
    while (cc_live_now_ms(l) < call_ms && !cc_live_ended(l)) step10(l, NULL);
}

static int loud(int16_t s) { return s > 500 || s < -500; }

/* ---- the mixer's two outputs ---- */

static void mixer_keeps_local_voices_off_the_line(void **state)
{
    (void)state;
    cc_mixer *m = cc_mixer_create(16000);
    cc_mixer_seek(m, 1600);
    assert_int_equal(cc_mixer_pos(m), 1600);
    int16_t *caller = malloc(100 * sizeof *caller), *own = malloc(100 * sizeof *own);
    for (int i = 0; i < 100; i++) {
        caller[i] = 1000;
        own[i] = 300;
    }
    assert_int_equal(cc_mixer_play(m, 1, 1, caller, 100, 1610), 0);
    assert_int_equal(cc_mixer_play(m, 2, CC_MIXER_LOCAL, own, 100, 1650), 0);
    assert_int_equal(cc_mixer_line_end(m, 1), 1710);
    assert_int_equal(cc_mixer_line_end(m, CC_MIXER_LOCAL), 1750);
    int16_t out[200], far[200];
    cc_mixer_fill2(m, out, far, 200);
    for (int i = 0; i < 200; i++) {
        int p = 1600 + i, c = p >= 1610 && p < 1710 ? 1000 : 0, o = p >= 1650 && p < 1750 ? 300 : 0;
        assert_int_equal(out[i], c + o);
        assert_int_equal(far[i], c);
    }
    unsigned id;
    uint64_t at;
    assert_true(cc_mixer_take_done(m, &id, &at));
    assert_int_equal(id, 1);
    assert_int_equal(at, 1710);
    assert_true(cc_mixer_take_done(m, &id, &at));
    assert_int_equal(id, 2);
    assert_int_equal(at, 1750);
    cc_mixer_free(m);
}

/* ---- the audio tracks ---- */

static void audio_tracks_on_the_call_clock(void **state)
{
    (void)state;
    files f = load(CC_TEST_DIR "/fixtures/standard.yaml", CC_TEST_DIR "/fixtures/call.yaml");
    cc_null_reset();
    ticks = 0;
    cc_live_config cfg = {0, 1, 0, 0, NULL}; /* typed answers, a speaker */
    char err[256];
    cc_live *l = cc_live_create(&cc_platform_null, f.std, f.scn, "Alex", 3, &cfg, err, sizeof err);
    assert_non_null(l);
    assert_true(cc_live_has_speaker(l));
    const int16_t *caller, *trainee;
    assert_int_equal(cc_live_audio(l, CC_LIVE_CALLER, &caller), 0);
    assert_null(caller);

    run_until(l, 1000);
    size_t n = cc_live_audio(l, CC_LIVE_CALLER, &caller);
    assert_int_equal(n, (size_t)cc_live_now_ms(l) * 16);
    assert_int_equal(cc_live_audio(l, CC_LIVE_TRAINEE, &trainee), n);
    size_t rung = 0;
    for (size_t i = 0; i < n; i++) rung += loud(caller[i]);
    assert_true(rung > n / 4); /* the first ring sounds from call time 0 */

    cc_live_pickup(l);
    int64_t picked = cc_live_now_ms(l);
    cc_live_step(l);
    cc_live_typing(l);
    run_until(l, 2000);
    cc_live_typed(l, "Good morning, Northwind Travel.");
    cc_live_step(l);
    settle(l);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    assert_true(rec->nsaid >= 1);
    const cc_said *said = &rec->said[0];
    while (said->done == CC_NO_TIME && cc_live_now_ms(l) < 20000) step10(l, NULL);
    assert_true(said->done != CC_NO_TIME);
    run_until(l, said->done + 400);

    n = cc_live_audio(l, CC_LIVE_CALLER, &caller);
    assert_int_equal(n, (size_t)cc_live_now_ms(l) * 16);
    assert_int_equal(cc_live_audio(l, CC_LIVE_TRAINEE, &trainee), n);
    size_t t0 = (size_t)said->t * 16, t1 = (size_t)said->done * 16;
    assert_true(t1 > t0 + 16 * 300); /* a real voice, not an instant */
    /* Between the pick-up and the line: nothing (the ringer stopped, nobody spoke). */
    for (size_t i = (size_t)picked * 16; i < t0; i++) assert_false(loud(caller[i]));
    /* The voice starts where the record says the line was said and ends where it
     * says it finished (espeak-ng pads a line with a little silence). */
    size_t first = t0;
    while (first < t1 && !loud(caller[first])) first++;
    assert_true(first < t0 + 16 * 200);
    size_t last = t1;
    while (last > t0 && !loud(caller[last - 1])) last--;
    assert_true(last + 16 * 300 > t1);
    for (size_t i = t1; i < n; i++) assert_false(loud(caller[i]));
    /* Typed answers: the trainee's track is silence from start to end. */
    for (size_t i = 0; i < n; i++) assert_int_equal(trainee[i], 0);
    assert_null(cc_live_audio_problem(l));
    cc_live_free(l);
    unload(&f);
}

static void audio_microphone_on_the_call_clock(void **state)
{
    (void)state;
    files f = load(CC_TEST_DIR "/fixtures/standard.yaml", CC_TEST_DIR "/fixtures/call.yaml");
    cc_null_reset();
    ticks = 0;
    cc_live_config cfg = {1, 1, 1, 0, NULL};
    char err[256];
    cc_live *l = cc_live_create(&cc_platform_null, f.std, f.scn, "Alex", 3, &cfg, err, sizeof err);
    assert_non_null(l);
    assert_true(cc_live_has_mic(l));
    int16_t tone[160];
    for (int i = 0; i < 160; i++) tone[i] = (int16_t)(8000 * sin(2 * 3.14159265358979 * 440 * i / 16000.0));
    /* The microphone hears a tone from 0.5 s to 0.8 s of call time. */
    while (cc_live_now_ms(l) < 1200) {
        int64_t now = cc_live_now_ms(l);
        step10(l, now >= 500 && now < 800 ? tone : NULL);
    }
    const int16_t *mic;
    size_t n = cc_live_audio(l, CC_LIVE_TRAINEE, &mic);
    assert_int_equal(n, (size_t)cc_live_now_ms(l) * 16);
    for (size_t i = 0; i < n; i++) {
        int in_tone = i >= 500 * 16 && i < 800 * 16;
        if (in_tone) assert_int_equal(mic[i], tone[i % 160]);
        else assert_int_equal(mic[i], 0);
    }
    cc_live_free(l);
    unload(&f);
}

/* ---- retry from a turn ---- */

static char *slots_of(const cc_live *l)
{
    return cc_slots_fill(cc_call_slots(cc_live_call(l)), "{company}|{trainee}|{number}");
}

static void typed_turn(cc_live *l, const char *text)
{
    /* Answer once the caller has finished, as the trainee would. */
    for (int i = 0; i < 3000 && cc_live_caller_talking(l); i++) step10(l, NULL);
    run_until(l, cc_live_now_ms(l) + 600);
    cc_live_typing(l);
    run_until(l, cc_live_now_ms(l) + 1000);
    cc_live_typed(l, text);
    step10(l, NULL);
}

static void retry_from_a_turn(void **state)
{
    (void)state;
    files f = load(CC_TEST_DIR "/fixtures/standard.yaml", CC_TEST_DIR "/fixtures/call.yaml");
    cc_null_reset();
    cc_null_fail_devices(1, 1);
    ticks = 0;
    cc_live_config cfg = {0, 1, 0, 0, NULL};
    char err[256];
    cc_live *a = cc_live_create(&cc_platform_null, f.std, f.scn, "Alex", 5, &cfg, err, sizeof err);
    assert_non_null(a);
    run_until(a, 1000);
    cc_live_pickup(a);
    step10(a, NULL);
    typed_turn(a, "Good morning, Northwind Travel.");
    typed_turn(a, "Certainly, I will put you through.");
    for (int i = 0; i < 3000 && cc_live_caller_talking(a); i++) step10(a, NULL);
    cc_live_transfer(a, "2040");
    for (int i = 0; i < 3000 && !cc_live_ended(a); i++) step10(a, NULL);
    assert_true(cc_live_ended(a));
    const cc_record *ra = cc_call_record(cc_live_call(a));
    assert_true(ra->nturns >= 3);
    const int k = 1; /* the caller asks for billing */
    assert_string_equal(f.scn->nodes[ra->turns[k].node].id, "ask");
    assert_string_equal(f.scn->nodes[ra->turns[k + 1].node].id, "consent");
    int score_a = cc_live_result(a)->score;

    assert_null(cc_live_create_retry(a, (int)ra->nturns, &cfg, err, sizeof err));
    assert_non_null(strstr(err, "turn"));
    cc_live *b = cc_live_create_retry(a, k, &cfg, err, sizeof err);
    assert_non_null(b);
    /* The same moment of the same call: the node, the slots, the caller's words. */
    const cc_record *rb = cc_call_record(cc_live_call(b));
    assert_int_equal(cc_live_now_ms(b), ra->turns[k].entered);
    assert_int_equal(rb->nturns, k + 1);
    assert_int_equal(rb->turns[k].node, ra->turns[k].node);
    assert_int_equal(rb->turns[k].entered, ra->turns[k].entered);
    assert_true(rb->turns[k].say >= 0);
    assert_string_equal(rb->said[rb->turns[k].say].text, ra->said[ra->turns[k].say].text);
    char *sa = slots_of(a), *sb = slots_of(b);
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
    assert_int_equal(cc_live_seed(b), cc_live_seed(a));
    assert_string_equal(cc_live_trainee(b), "Alex");
    assert_ptr_equal(cc_live_standard(b), f.std);
    assert_ptr_equal(cc_live_scenario(b), f.scn);
    /* Its audio starts as the first call's did, up to the turn. */
    const int16_t *pa, *pb;
    size_t nb = cc_live_audio(b, CC_LIVE_CALLER, &pb);
    assert_int_equal(nb, (size_t)ra->turns[k].entered * 16);
    assert_true(cc_live_audio(a, CC_LIVE_CALLER, &pa) >= nb);
    assert_memory_equal(pa, pb, nb * sizeof *pa);
    /* Its captions are the first call's, in the order they came (the caller's
     * lines between the trainee's answers, not after them all). */
    size_t nca = cc_live_caption_count(a), ncb = cc_live_caption_count(b);
    assert_true(ncb >= 3);
    assert_true(nca >= ncb);
    for (size_t i = 0; i < ncb; i++) {
        const cc_caption *x = cc_live_caption(a, i), *y = cc_live_caption(b, i);
        if (x->who != y->who || strcmp(x->text, y->text) != 0)
            fail_msg("caption %zu: retry has %d \"%s\", the call had %d \"%s\"", i, (int)y->who,
                     y->text, (int)x->who, x->text);
    }
    /* It knows it is a retry, and of which turn; a retry of it retries the same call. */
    assert_int_equal(cc_live_retry_turn(a), -1);
    assert_int_equal(cc_live_retry_turn(b), k);
    assert_int_equal(cc_live_retry_kept_ms(b), ra->turns[k].entered);
    assert_null(cc_live_retry_of(b));
    assert_int_equal(cc_live_set_retry_of(b, "first-call"), 0);
    assert_int_equal(cc_live_set_retry_of(b, "other"), 0);
    assert_string_equal(cc_live_retry_of(b), "first-call");
    int typed = -1, spoken = -1;
    cc_live_answers(b, &typed, &spoken);
    assert_int_equal(typed, 1); /* the greeting, kept from the first call */
    assert_int_equal(spoken, 0);

    /* The caller's line is said again, and a different answer takes another branch. */
    typed_turn(b, "No.");
    for (int i = 0; i < 3000 && !cc_live_ended(b); i++) step10(b, NULL);
    assert_true(cc_live_ended(b));
    rb = cc_call_record(cc_live_call(b));
    assert_true(rb->nturns >= (size_t)k + 2);
    assert_string_equal(f.scn->nodes[rb->turns[k + 1].node].id, "bye");
    assert_int_not_equal(cc_live_result(b)->score, score_a);
    /* The new branch is scored as a whole call: the greeting before the retry counts. */
    assert_int_equal(rb->nutterances, 2);
    cc_live_answers(b, &typed, &spoken);
    assert_int_equal(typed, 2);
    cc_live *c2 = cc_live_create_retry(b, k, &cfg, err, sizeof err);
    assert_non_null(c2);
    assert_string_equal(cc_live_retry_of(c2), "first-call");
    cc_live_free(c2);
    cc_live_free(b);
    cc_live_free(a);
    unload(&f);
}

/* ---- the demo ---- */

static void demo_take_uses_the_trainee_name(void **state)
{
    (void)state;
    files f = load(CC_SRC_DIR "/scenarios/standard.yaml", CC_SRC_DIR "/scenarios/rude-caller.yaml");
    char err[256];
    cc_take *t = cc_demo_take(f.scn, "Demo", err, sizeof err);
    assert_non_null(t);
    int intro = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (!t->actions[i].text) continue;
        assert_null(strstr(t->actions[i].text, "Alex"));
        intro |= strstr(t->actions[i].text, "this is Demo.") != NULL;
    }
    assert_true(intro);
    cc_take_free(t);
    unload(&f);
}

/* Plays a demo call to its end; with_voice: a speaker, so espeak-ng speaks both sides. */
static void play_demo(const char *path, int with_voice)
{
    files f = load(CC_SRC_DIR "/scenarios/standard.yaml", path);
    cc_null_reset();
    if (!with_voice) cc_null_fail_devices(1, 1);
    ticks = 0;
    cc_live_config cfg = {1, 1, 1, 1, NULL};
    char err[256];
    cc_live *l = cc_live_create(&cc_platform_null, f.std, f.scn, "Demo", 1, &cfg, err, sizeof err);
    assert_non_null(l);
    assert_false(cc_live_has_mic(l));
    assert_false(cc_live_typing_mode(l));
    /* Keys of the watcher do nothing to the demo, but for hanging up. */
    cc_live_pickup(l);
    cc_live_typed(l, "Rubbish.");
    while (!cc_live_ended(l) && cc_live_now_ms(l) < 2 * 3600 * 1000) step10(l, NULL);
    assert_true(cc_live_ended(l));
    const cc_result *r = cc_live_result(l);
    assert_non_null(r);
    if (!r->passed) fail_msg("the demo of %s did not pass: score %d", path, r->score);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    assert_true(rec->nutterances >= 2);
    for (size_t i = 0; i < rec->nutterances; i++) {
        assert_true(rec->utterances[i].confidence == 1.0);
        assert_string_not_equal(rec->utterances[i].text, "Rubbish.");
    }
    if (with_voice) {
        /* The demo trainee's voice is on the trainee's track while they speak,
         * and not on the caller's (it never went down the line). */
        const int16_t *me, *them;
        size_t n = cc_live_audio(l, CC_LIVE_TRAINEE, &me);
        assert_int_equal(cc_live_audio(l, CC_LIVE_CALLER, &them), n);
        const cc_utterance *u = &rec->utterances[0];
        size_t a = (size_t)u->start * 16, b = (size_t)u->end * 16, voiced = 0;
        assert_true(b <= n && b > a);
        for (size_t i = a; i < b; i++) {
            voiced += loud(me[i]);
            assert_false(loud(them[i]));
        }
        assert_true(voiced > (b - a) / 10);
        for (size_t i = 0; i < a; i++) assert_int_equal(me[i], 0);
    }
    cc_live_free(l);
    unload(&f);
}

static int is_scenario(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    cc_diags *d = cc_diags_create();
    int yes = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, d) == CC_FILE_OK &&
              cc_file_kind(data, len) && strcmp(cc_file_kind(data, len), "scenario") == 0;
    free(data);
    cc_diags_free(d);
    return yes;
}

static void demo_of_every_shipped_scenario_passes(void **state)
{
    (void)state;
    DIR *dir = opendir(CC_SRC_DIR "/scenarios");
    assert_non_null(dir);
    struct dirent *e;
    int played = 0;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", CC_SRC_DIR, e->d_name);
        if (!is_scenario(path)) continue;
        play_demo(path, 0);
        played++;
    }
    closedir(dir);
    assert_true(played >= 4);
}

static void demo_with_voices(void **state)
{
    (void)state;
    play_demo(CC_SRC_DIR "/scenarios/transfer-request.yaml", 1);
}

/* A scenario without a passing test: each turn gets its node's model answer. */
static void demo_without_a_take_answers_with_models(void **state)
{
    (void)state;
    files f = load(CC_TEST_DIR "/fixtures/standard.yaml", CC_TEST_DIR "/fixtures/call.yaml");
    char err[256];
    assert_null(cc_demo_take(f.scn, "Demo", err, sizeof err));
    assert_non_null(strstr(err, "no test expected to pass"));
    cc_null_reset();
    cc_null_fail_devices(1, 1);
    ticks = 0;
    cc_live_config cfg = {1, 1, 1, 1, NULL};
    cc_live *l = cc_live_create(&cc_platform_null, f.std, f.scn, "Demo", 3, &cfg, err, sizeof err);
    assert_non_null(l);
    while (!cc_live_ended(l) && cc_live_now_ms(l) < 600000) step10(l, NULL);
    assert_true(cc_live_ended(l));
    const cc_record *rec = cc_call_record(cc_live_call(l));
    assert_true(rec->nutterances >= 1);
    assert_string_equal(rec->utterances[0].text, f.scn->nodes[0].model);
    assert_true(rec->lines[1].answered);
    assert_int_equal(rec->lines[1].ring, 1);
    cc_live_free(l);
    unload(&f);
}

/* A demo retried from a turn goes on by itself with the model answers. */
static void demo_retry_goes_on(void **state)
{
    (void)state;
    files f = load(CC_SRC_DIR "/scenarios/standard.yaml", CC_SRC_DIR "/scenarios/rude-caller.yaml");
    cc_null_reset();
    cc_null_fail_devices(1, 1);
    ticks = 0;
    cc_live_config cfg = {1, 1, 1, 1, NULL};
    char err[256];
    cc_live *a = cc_live_create(&cc_platform_null, f.std, f.scn, "Demo", 1, &cfg, err, sizeof err);
    assert_non_null(a);
    while (!cc_live_ended(a) && cc_live_now_ms(a) < 600000) step10(a, NULL);
    assert_true(cc_live_ended(a));
    const cc_record *ra = cc_call_record(cc_live_call(a));
    assert_true(ra->nturns > 2);
    cc_live *b = cc_live_create_retry(a, 1, &cfg, err, sizeof err);
    assert_non_null(b);
    while (!cc_live_ended(b) && cc_live_now_ms(b) < 600000) step10(b, NULL);
    assert_true(cc_live_ended(b));
    const cc_record *rb = cc_call_record(cc_live_call(b));
    /* The answer to turn 1 is that node's model answer, said again. */
    int found = 0;
    for (size_t i = 0; i < rb->nutterances; i++)
        found |= rb->utterances[i].turn == 1 && rb->utterances[i].start >= ra->turns[1].entered;
    assert_true(found);
    assert_non_null(cc_live_result(b));
    cc_live_free(a);
    cc_live_free(b);
    unload(&f);
}

/* ---- devices ---- */

static void stop_devices_is_idempotent(void **state)
{
    (void)state;
    files f = load(CC_TEST_DIR "/fixtures/standard.yaml", CC_TEST_DIR "/fixtures/call.yaml");
    cc_null_reset();
    ticks = 0;
    cc_live_config cfg = {1, 1, 1, 0, NULL};
    char err[256];
    cc_live *l = cc_live_create(&cc_platform_null, f.std, f.scn, "Alex", 3, &cfg, err, sizeof err);
    assert_non_null(l);
    assert_true(cc_null_out_open());
    assert_true(cc_null_in_open());
    run_until(l, 300);
    cc_live_stop_devices(l);
    assert_false(cc_null_out_open());
    assert_false(cc_null_in_open());
    assert_false(cc_live_has_mic(l));
    assert_false(cc_live_has_speaker(l));
    const int16_t *pcm;
    size_t n = cc_live_audio(l, CC_LIVE_CALLER, &pcm);
    assert_int_equal(n, 300 * 16);
    cc_live_stop_devices(l);
    assert_int_equal(cc_live_audio(l, CC_LIVE_CALLER, &pcm), n);
    cc_live_stop_devices(NULL);
    cc_live_free(l);
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mixer_keeps_local_voices_off_the_line),
        cmocka_unit_test(audio_tracks_on_the_call_clock),
        cmocka_unit_test(audio_microphone_on_the_call_clock),
        cmocka_unit_test(retry_from_a_turn),
        cmocka_unit_test(demo_take_uses_the_trainee_name),
        cmocka_unit_test(demo_of_every_shipped_scenario_passes),
        cmocka_unit_test(demo_with_voices),
        cmocka_unit_test(demo_without_a_take_answers_with_models),
        cmocka_unit_test(demo_retry_goes_on),
        cmocka_unit_test(stop_devices_is_idempotent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
