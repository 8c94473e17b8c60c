/* Recording, history and live reload in the desktop app (live/recording.h,
 * app/catalog.h, the call screen and app.c), on the null platform with no
 * devices: calls are driven by typed answers through the call screen's own
 * update function, written into real session folders and a real SQLite
 * history in a temporary data folder. Failing disks are real too: a
 * read-only folder (as another user) and a small tmpfs (in a child with its
 * own mounts), as tests/store/test_session.c does; skipped where the machine
 * allows neither. */
#include "../store/storetest.h"

#include <math.h>
#include <stdbool.h>

#include "app.h"
#include "screen_call.h"
#include "screen_feedback.h"
#include "screen_picker.h"
#include "apptest.h"
#include "catalog.h"
#include "history.h"
#include "platform_null.h"
#include "recording.h"
#include "recovery.h"
#include "text_mode.h"
#include "wav.h"

#define FIXTURES CC_TEST_DIR "/fixtures"

/* ---- an app on the null platform ---- */

typedef struct {
    cc_app a;
    uint64_t now;
    char *data;      /* the data folder (pref_dir without its slash) */
} app_fx;

static void app_init(app_fx *f, const char *data, const char *scenario)
{
    memset(f, 0, sizeof *f);
    cc_app *a = &f->a;
    apptest_init(a, CC_SCREEN_CALL);
    cc_null_fail_devices(1, 1); /* typed answers, captions, the wall clock */
    a->opt.type_answers = 1;
    a->opt.mute = 1;
    a->opt.seed = 3;
    a->opt.seed_given = 1;
    a->opt.mode = -1;
    a->opt.high_contrast = -1;
    f->data = data ? strdup(data) : NULL;
    if (data) {
        /* SDL_GetPrefPath ends with a slash; the app joins names onto it. */
        size_t n = strlen(data) + 2;
        a->pref_dir = malloc(n);
        snprintf(a->pref_dir, n, "%s/", data);
    }
    a->catalog = cc_catalog_create();
    assert_non_null(a->catalog);
    a->chosen = cc_catalog_add(a->catalog, scenario, 0, NULL);
    assert_true(a->chosen >= 0);
    assert_null(a->catalog->v[a->chosen].problem);
    a->screen = a->next = CC_SCREEN_CALL;
}

static void app_done(app_fx *f)
{
    cc_app *a = &f->a;
    cc_callscreen_unload(a);
    cc_feedback_unload(a);
    cc_catalog_free(a->catalog);
    free(a->pref_dir);
    free(f->data);
}

/* Time passes on the wall clock (no speaker) until ms, or the call ends. */
static void run_to(app_fx *f, uint64_t ms)
{
    while (f->now < ms && f->a.next == CC_SCREEN_CALL) {
        f->now += 20;
        cc_null_set_ticks(f->now);
        cc_callscreen_update(&f->a, NULL);
    }
}

static void key(app_fx *f, cc_key k, int ch)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = k, .ch = ch};
    cc_callscreen_update(&f->a, &ev);
}

static void type(app_fx *f, cc_ev_kind kind, const char *text)
{
    cc_ev ev = {.kind = kind};
    snprintf(ev.text, sizeof ev.text, "%s", text);
    cc_callscreen_update(&f->a, &ev);
}

/* The fixture call answered well: greeting, permission, transfer to 2040.
 * stop_ms: stop there (the call still running) instead of playing it out. */
static void play_call(app_fx *f, uint64_t stop_ms)
{
    cc_callscreen_load(&f->a);
    assert_non_null(cc_callscreen_peek()->live);
    assert_non_null(cc_callscreen_peek()->recording);
    run_to(f, 1500);
    key(f, CC_KEY_SPACE, 0);
    run_to(f, 2000);
    type(f, CC_EV_TYPE, "Good morning, Northwind Travel, Sam speaking. How can I help you?");
    run_to(f, 3000);
    key(f, CC_KEY_ENTER, 0);
    run_to(f, 9000);
    if (stop_ms && f->now >= stop_ms) return;
    type(f, CC_EV_TYPE, "Certainly, may I put you through to billing?");
    run_to(f, 10000);
    key(f, CC_KEY_ENTER, 0);
    run_to(f, stop_ms ? stop_ms : 14000);
    if (stop_ms) return;
    cc_ev transfer = {.kind = CC_EV_KEY, .key = CC_KEY_CHAR, .ch = 't', .mods = CC_MOD_CTRL};
    cc_callscreen_update(&f->a, &transfer);
    type(f, CC_EV_TEXT, "2040");
    key(f, CC_KEY_ENTER, 0);
    run_to(f, 30000);
    if (f->a.next == CC_SCREEN_CALL) key(f, CC_KEY_ESC, 0);
    run_to(f, 60000);
    assert_int_equal(f->a.next, CC_SCREEN_FEEDBACK);
    assert_null(cc_callscreen_peek()->live);
    assert_non_null(cc_feedback_peek()->live);
    assert_true(cc_live_ended(cc_feedback_peek()->live));
    assert_non_null(cc_live_result(cc_feedback_peek()->live));
}

/* The session folders under data/sessions. */
static size_t sessions_in(const char *data, char ***out)
{
    char *dir = st_path(data, "sessions");
    struct dirent **list = NULL;
    int k = scandir(dir, &list, NULL, alphasort);
    size_t n = 0;
    char **v = calloc(k > 0 ? (size_t)k : 1, sizeof *v);
    for (int i = 0; i < k; i++) {
        if (list[i]->d_name[0] != '.') v[n++] = st_path(dir, list[i]->d_name);
        free(list[i]);
    }
    free(list);
    free(dir);
    *out = v;
    return n;
}

/* events.take played again on the simulated clock gives the call's verdicts. */
static void replays_to_same_verdicts(const char *session, const cc_standard *std,
                                     const cc_scenario *scn, const char *trainee, uint64_t seed,
                                     const cc_result *want)
{
    char *tp = st_path(session, "events.take");
    cc_diags *d = cc_diags_create();
    cc_take *t = NULL;
    assert_int_equal(cc_take_load_file(tp, &t, d), CC_FILE_OK);
    assert_true(t->count >= 3);
    cc_sim *sim = cc_sim_create(std, scn, trainee, seed, NULL, NULL);
    for (size_t i = 0; i < t->count; i++) assert_int_equal(cc_sim_apply(sim, &t->actions[i]), 0);
    if (!cc_call_ended(cc_sim_call(sim))) assert_int_equal(cc_sim_finish(sim), 0);
    cc_result *got = cc_score(std, scn, cc_call_record(cc_sim_call(sim)));
    assert_non_null(got);
    assert_int_equal(got->nrules, want->nrules);
    for (size_t i = 0; i < want->nrules; i++) {
        if (got->rules[i].verdict != want->rules[i].verdict)
            print_error("rule %s: replay %s, call %s\n", std->rules[i].id,
                        cc_verdict_name(got->rules[i].verdict), cc_verdict_name(want->rules[i].verdict));
        assert_int_equal(got->rules[i].verdict, want->rules[i].verdict);
    }
    assert_int_equal(got->score, want->score);
    cc_result_free(got);
    cc_sim_free(sim);
    cc_take_free(t);
    cc_diags_free(d);
    free(tp);
}

static void wav_frames_cover(const char *session, const char *name, size_t at_least)
{
    char *p = st_path(session, name);
    cc_pcm pcm = {0};
    char err[256];
    assert_int_equal(cc_wav_read(p, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.rate, CC_LIVE_OUT_RATE);
    if (pcm.count < at_least) print_error("%s: %zu samples, want %zu\n", name, pcm.count, at_least);
    assert_true(pcm.count >= at_least);
    cc_pcm_free(&pcm);
    free(p);
}

static int history_rows(const char *data, const char *trainee, const char *mode, int *score)
{
    cc_history *h = NULL;
    char err[512];
    if (cc_history_open(data, CC_HISTORY_READ_ONLY, &h, err, sizeof err) != 0) return -1;
    cc_history_session *s = NULL;
    size_t n = 0;
    assert_true(cc_history_sessions(h, trainee, NULL, &s, &n, err, sizeof err) >= 0);
    int rows = 0;
    for (size_t i = 0; i < n; i++) {
        if (mode && strcmp(s[i].channel, mode) != 0) continue;
        rows++;
        if (score) *score = s[i].score;
    }
    assert_int_equal(cc_history_check(h, err, sizeof err), 0);
    cc_history_sessions_free(s, n);
    cc_history_close(h);
    return rows;
}

/* ---- a call, recorded ---- */

static void typed_call_is_recorded_and_in_history(void **state)
{
    (void)state;
    char *data = st_tempdir();
    app_fx f;
    app_init(&f, data, FIXTURES "/call.yaml");
    cc_app_refresh_best(&f.a);
    assert_int_equal(f.a.catalog->v[f.a.chosen].best, -1); /* no history yet */
    play_call(&f, 0);

    cc_recording *r = cc_feedback_peek()->recording;
    assert_non_null(r);
    if (cc_recording_problem(r)) print_error("problem: %s\n", cc_recording_problem(r));
    assert_null(cc_recording_problem(r));
    assert_true(cc_recording_saved(r));
    const char *sd = cc_recording_path(r);
    assert_non_null(sd);
    char **list = NULL;
    size_t n = sessions_in(data, &list);
    assert_int_equal(n, 1);
    assert_string_equal(list[0], sd);
    st_free_list(list, n);
    static const char *const files[] = {"meta.json", "trainee.wav", "caller.wav", "events.take",
                                        "transcript.txt", "result.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (!st_exists(sd, files[i])) print_error("missing %s in %s\n", files[i], sd);
        assert_true(st_exists(sd, files[i]));
    }
    assert_false(st_exists(sd, "events.take.partial"));
    char *mp = st_path(sd, "meta.json");
    char *meta = st_read(mp, NULL);
    assert_non_null(strstr(meta, "\"finished\""));
    assert_non_null(strstr(meta, "\"Sam\""));
    free(meta);
    free(mp);

    /* Both tracks hold the whole call on the call clock. */
    const cc_live *l = cc_feedback_peek()->live;
    const int16_t *pcm;
    size_t want = cc_live_audio(l, CC_LIVE_TRAINEE, &pcm);
    assert_true(want > (size_t)CC_LIVE_OUT_RATE * 5);
    wav_frames_cover(sd, "trainee.wav", want);
    wav_frames_cover(sd, "caller.wav", cc_live_audio(l, CC_LIVE_CALLER, &pcm));

    const cc_catalog_entry *e = &f.a.catalog->v[f.a.chosen];
    const cc_result *res = cc_live_result(l);
    replays_to_same_verdicts(sd, e->std, e->scn, "Sam", 3, res);

    int score = -1;
    assert_int_equal(history_rows(data, "Sam", "desktop", &score), 1);
    assert_int_equal(score, res->score);

    /* Back at the picker: the best score comes from the history. */
    cc_app_refresh_best(&f.a);
    assert_int_equal(f.a.catalog->v[f.a.chosen].best, res->score);
    snprintf(f.a.prefs.name, sizeof f.a.prefs.name, "Alex"); /* another trainee: none */
    cc_app_refresh_best(&f.a);
    assert_int_equal(f.a.catalog->v[f.a.chosen].best, -1);

    /* Nothing left to recover. */
    char msg[512];
    assert_int_equal(cc_recovery_run(data, NULL, msg, sizeof msg), 0);
    assert_string_equal(msg, "");
    app_done(&f);
    st_rmrf(data);
    free(data);
}

/* The bug of a busy machine: the microphone's buffers arrive late (here 250 ms
 * behind the speaker, handed over in bursts of 400 ms), so its audio for a
 * stretch of the call comes after the speaker's clock has passed it. The
 * trainee's track must still hold every sample where it belongs: nothing was
 * written as silence ahead of the microphone. The microphone is also a sound
 * card of its own whose clock runs 0.5 % slow (real ones drift by about
 * 0.1 %): its audio must stay where it happened on the call clock, not slide
 * by its sample count. It hears a 440 Hz burst of 300 ms every 1.5 s of its
 * own time; trainee.wav must hold every burst made before the hang-up, each
 * 300 ms long (stretched by 0.5 %), each at its real time after the first. */
static void late_microphone_loses_nothing(void **state)
{
    (void)state;
    char *data = st_tempdir();
    app_fx f;
    app_init(&f, data, FIXTURES "/call.yaml");
    cc_null_fail_devices(0, 0);
    f.a.opt.type_answers = 0;
    f.a.opt.mute = 0;
    cc_callscreen_load(&f.a);
    assert_non_null(cc_callscreen_peek()->live);
    assert_true(cc_live_has_mic(cc_callscreen_peek()->live));
    enum { RATE = 16000, LAG = 4000, BURST = 6400 };
    const double mic_rate = RATE * 0.995;
    const size_t every = RATE * 3 / 2, len = RATE * 3 / 10;
    size_t made = 0, given = 0;
    int16_t buf[BURST];
    while (f.a.next == CC_SCREEN_CALL && f.now < 60000) {
        f.now += 20;
        cc_null_set_ticks(f.now);
        cc_null_pump_out(320);
        made = (size_t)((double)f.now * mic_rate / 1000.0);
        /* hand over what the microphone made up to LAG ago, in bursts */
        if (made >= given + LAG + BURST) {
            for (size_t i = 0; i < BURST; i++) {
                size_t k = given + i, ph = k % every;
                buf[i] = ph >= RATE / 2 && ph < RATE / 2 + len
                             ? (int16_t)(6000 * sin(2 * 3.14159265358979 * 440 * (double)k / RATE))
                             : 0;
            }
            cc_null_feed_in(buf, BURST);
            given += BURST;
        }
        if (f.now == 1500) key(&f, CC_KEY_SPACE, 0);
        if (f.now == 12000) key(&f, CC_KEY_ESC, 0);
        cc_callscreen_update(&f.a, NULL);
    }
    assert_int_equal(f.a.next, CC_SCREEN_FEEDBACK);
    cc_recording *r = cc_feedback_peek()->recording;
    assert_non_null(r);
    assert_null(cc_recording_problem(r));
    const char *sd = cc_recording_path(r);
    assert_false(st_exists(sd, "audio-lost.txt"));
    assert_int_equal(cc_live_audio_lost(cc_feedback_peek()->live, CC_LIVE_TRAINEE, NULL), 0);
    char *p = st_path(sd, "trainee.wav");
    cc_pcm pcm = {0};
    char err[256];
    assert_int_equal(cc_wav_read(p, 0, &pcm, err, sizeof err), 0);
    /* The bursts: runs of loud 10 ms windows. */
    size_t starts[64], ends[64], nb = 0, win = 160;
    int in = 0;
    for (size_t w = 0; w + win <= pcm.count; w += win) {
        double e = 0;
        for (size_t i = 0; i < win; i++) e += abs(pcm.samples[w + i]);
        int loudw = e / (double)win > 1000;
        if (loudw && !in && nb < 64) starts[nb] = w;
        if (!loudw && in && nb < 64) ends[nb++] = w;
        in = loudw;
    }
    /* every burst the microphone handed over before the call ended */
    size_t want = 0;
    for (size_t k = every / 3; k + len < given; k += every) want++;
    print_message("%zu bursts in trainee.wav, %zu handed over\n", nb, want);
    assert_true(want >= 6);
    assert_true(nb + 1 >= want && nb <= want);
    for (size_t i = 0; i < nb; i++) {
        double dur = (double)(ends[i] - starts[i]) / 16.0;
        if (dur < 280 || dur > 320) print_error("burst %zu lasts %.0f ms\n", i, dur);
        assert_true(dur >= 280 && dur <= 320);
        /* burst i began i * 1.5 s of microphone time after the first: on the call
         * clock, i * 1.5 s / 0.995 */
        double want_ms = (double)i * 1500.0 * RATE / mic_rate;
        double got_ms = (double)(starts[i] - starts[0]) / 16.0;
        if (fabs(got_ms - want_ms) > 50)
            print_error("burst %zu at %.0f ms after the first, it happened %.0f ms after\n", i, got_ms, want_ms);
        assert_true(fabs(got_ms - want_ms) <= 50);
    }
    cc_pcm_free(&pcm);
    free(p);
    app_done(&f);
    st_rmrf(data);
    free(data);
}

/* A retry made by the feedback screen arrives through cc_callscreen_retry: the call
 * screen records it in a folder of its own, saved as a retry of the first call
 * (meta.json and the history name that call's folder, the turn and the moment
 * kept), in the mode app.c says, with its answers typed; it is not an attempt,
 * so the best score stays the first call's. */
static void retry_is_recorded_as_a_retry(void **state)
{
    (void)state;
    char *data = st_tempdir();
    app_fx f;
    app_init(&f, data, FIXTURES "/call.yaml");
    play_call(&f, 0);
    int first_score = cc_live_result(cc_feedback_peek()->live)->score;
    cc_live_config cfg = {0, 0, 0, 0, NULL};
    char err[256];
    cc_live *retry = cc_live_create_retry(cc_feedback_peek()->live, 1, &cfg, err, sizeof err);
    if (!retry) print_error("retry: %s\n", err);
    assert_non_null(retry);
    /* What the feedback screen's R does with the folder the call was saved in. */
    char *first = strdup(cc_recording_folder_name(cc_feedback_peek()->recording));
    assert_int_equal(cc_live_set_retry_of(retry, first), 0);
    int64_t kept = cc_live_retry_kept_ms(retry);
    cc_feedback_unload(&f.a);
    cc_callscreen_retry(&f.a, retry);
    f.a.next = CC_SCREEN_CALL;
    cc_callscreen_load(&f.a);
    cc_recording_describe(cc_callscreen_peek()->recording, "assessment"); /* as app.c's load_screen */
    assert_ptr_equal(cc_callscreen_peek()->live, retry);
    assert_non_null(cc_callscreen_peek()->recording);
    run_to(&f, f.now + 2000);
    /* meta.json says so while the call runs (a crash keeps it a retry). */
    char *mp = st_path(cc_recording_path(cc_callscreen_peek()->recording), "meta.json");
    char *meta = st_read(mp, NULL);
    char want[256];
    snprintf(want, sizeof want, "\"retry_of\": \"%s\"", first);
    assert_non_null(strstr(meta, want));
    assert_non_null(strstr(meta, "\"retry_turn\": 1"));
    assert_non_null(strstr(meta, "\"mode\": \"assessment\""));
    free(meta);
    free(mp);
    if (f.a.next == CC_SCREEN_CALL) key(&f, CC_KEY_ESC, 0);
    run_to(&f, f.now + 40000);
    assert_int_equal(f.a.next, CC_SCREEN_FEEDBACK);
    cc_recording *r = cc_feedback_peek()->recording;
    assert_true(cc_recording_saved(r));
    assert_string_not_equal(cc_recording_folder_name(r), first);
    assert_true(st_exists(cc_recording_path(r), "result.json"));
    mp = st_path(cc_recording_path(r), "meta.json");
    meta = st_read(mp, NULL);
    assert_non_null(strstr(meta, want));
    assert_non_null(strstr(meta, "\"answers\": \"typed\""));
    assert_non_null(strstr(meta, "\"state\": \"finished\""));
    free(meta);
    free(mp);
    int retry_score = cc_live_result(cc_feedback_peek()->live)->score;
    cc_feedback_load(&f.a);
    cc_feedback_draw(&f.a);
    if (!strstr(cc_null_frame_text(), ", as a retry (not counted as an attempt)"))
        fail_msg("the feedback screen does not say it is a retry:\n%s", cc_null_frame_text());

    cc_history *h = NULL;
    assert_int_equal(cc_history_open(data, CC_HISTORY_READ_ONLY, &h, err, sizeof err), 0);
    cc_history_session *s = NULL;
    size_t n = 0;
    assert_int_equal(cc_history_sessions(h, "Sam", NULL, &s, &n, err, sizeof err), 2);
    assert_null(s[0].retry_of);
    assert_string_equal(s[0].folder, first);
    assert_string_equal(s[0].answers, "typed");
    assert_string_equal(s[1].retry_of, first);
    assert_int_equal(s[1].retry_turn, 1);
    assert_int_equal(s[1].kept_ms, kept);
    assert_string_equal(s[1].mode, "assessment");
    assert_string_equal(s[1].answers, "typed");
    assert_int_equal(s[1].score, retry_score);
    cc_history_sessions_free(s, n);
    cc_history_scenario_stat *ss = NULL;
    assert_int_equal(cc_history_scenario_stats(h, "Sam", &ss, &n, err, sizeof err), 1);
    assert_int_equal(ss[0].attempts, 1);
    assert_int_equal(ss[0].retries, 1);
    assert_int_equal(ss[0].best_score, first_score);
    cc_history_scenario_stats_free(ss, n);
    cc_history_close(h);
    /* The picker's best is the first call's, whatever the retry scored. */
    cc_app_refresh_best(&f.a);
    assert_int_equal(f.a.catalog->v[f.a.chosen].best, first_score);
    /* So is the progress screen's: one call, and the retry counted apart. */
    cc_progress_load(&f.a);
    cc_progress_draw(&f.a);
    char line[128];
    snprintf(line, sizeof line, "first %d, best %d; 1 call, %d passed; 1 retry", first_score,
             first_score, first_score >= 70);
    if (!strstr(cc_null_frame_text(), line)) fail_msg("no \"%s\" in:\n%s", line, cc_null_frame_text());
    cc_progress_unload(&f.a);
    free(first);
    cc_feedback_unload(&f.a); /* frees the live call and the recording too */
    app_done(&f);
    st_rmrf(data);
    free(data);
}

/* keep_audio_days in prefs.txt: at the next start the audio of calls older
 * than that goes, and their score, transcript and history row stay. */
static void old_audio_goes_at_start(void **state)
{
    (void)state;
    char *data = st_tempdir();
    app_fx f;
    app_init(&f, data, FIXTURES "/call.yaml");
    play_call(&f, 0);
    char *sd = strdup(cc_recording_path(cc_feedback_peek()->recording));
    assert_true(st_exists(sd, "trainee.wav"));
    /* The setting survives a save and a load of prefs.txt. */
    f.a.prefs.keep_audio_days = 30;
    char err[256];
    assert_int_equal(cc_prefs_save(&f.a.prefs, f.a.pref_dir, err, sizeof err), 0);
    cc_prefs p;
    cc_prefs_load(&p, f.a.pref_dir);
    assert_int_equal(p.keep_audio_days, 30);
    /* A call of 31 days ago is kept as long as the setting says, not longer; today's stays. */
    cc_app_recover(&f.a);
    assert_true(st_exists(sd, "trainee.wav"));
    char *mp = st_path(sd, "meta.json");
    char *meta = st_read(mp, NULL);
    char *at = strstr(meta, "\"started_unix\": ");
    assert_non_null(at);
    char stamp[24];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL) - 31 * 86400);
    memcpy(at + 16, stamp, strlen(stamp));
    st_write(mp, meta);
    free(meta);
    f.a.prefs = p;
    cc_app_recover(&f.a);
    assert_false(st_exists(sd, "trainee.wav"));
    assert_false(st_exists(sd, "caller.wav"));
    assert_true(st_exists(sd, "audio-removed.txt"));
    assert_true(st_exists(sd, "transcript.txt"));
    assert_true(st_exists(sd, "result.json"));
    assert_int_equal(history_rows(data, "Sam", NULL, NULL), 1);
    free(mp);
    free(sd);
    app_done(&f);
    st_rmrf(data);
    free(data);
}

/* ---- failing disks: the call goes on, says why, and can be saved elsewhere ---- */

typedef struct {
    const char *data;
    const char *elsewhere;
    int tmpfs_kib;   /* > 0: a small tmpfs on data (a full disk); 0: read-only folder */
} fail_arg;

static int call_on_failing_disk(void *p)
{
    fail_arg *x = p;
    int rc = x->tmpfs_kib > 0 ? st_child_tmpfs(x->data, x->tmpfs_kib, 0) : st_child_drop_root();
    if (rc) return rc;
    app_fx f;
    app_init(&f, x->data, FIXTURES "/call.yaml");
    play_call(&f, 0);
    cc_recording *r = cc_feedback_peek()->recording;
    const char *why = cc_recording_problem(r);
    CHILD_CHECK(why != NULL);
    fprintf(stderr, "%s: %s\n", x->tmpfs_kib ? "full disk" : "read-only", why);
    if (x->tmpfs_kib) CHILD_CHECK(strstr(why, "the disk is full") != NULL);
    else CHILD_CHECK(strstr(why, "Permission denied") != NULL || strstr(why, "read-only") != NULL);
    CHILD_CHECK(strncmp(why, "cannot ", 7) == 0 && strchr(why, ';') != NULL);
    CHILD_CHECK(strstr(f.a.notice, why) != NULL); /* shown in the window */
    CHILD_CHECK(!cc_recording_saved(r));
    CHILD_CHECK(cc_recording_path(r) == NULL); /* no folder holds the whole call */
    /* The call itself ended scored, all in memory. */
    CHILD_CHECK(cc_live_ended(cc_feedback_peek()->live) && cc_live_result(cc_feedback_peek()->live) != NULL);

    char err[512];
    CHILD_CHECK(cc_recording_save_to(r, cc_feedback_peek()->live, x->elsewhere, err, sizeof err) == 0);
    CHILD_CHECK(cc_recording_saved(r));
    CHILD_CHECK(cc_recording_problem(r) == NULL);
    const char *sd = cc_recording_path(r);
    CHILD_CHECK(sd && strncmp(sd, x->elsewhere, strlen(x->elsewhere)) == 0);
    static const char *const files[] = {"meta.json", "trainee.wav", "caller.wav", "events.take",
                                        "transcript.txt", "result.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) CHILD_CHECK(st_exists(sd, files[i]));
    const cc_catalog_entry *e = &f.a.catalog->v[f.a.chosen];
    replays_to_same_verdicts(sd, e->std, e->scn, "Sam", 3, cc_live_result(cc_feedback_peek()->live));
    int score = -1;
    CHILD_CHECK(history_rows(x->elsewhere, "Sam", "desktop", &score) == 1);
    CHILD_CHECK(score == cc_live_result(cc_feedback_peek()->live)->score);
    app_done(&f);
    return 0;
}

static void failing_disk(int tmpfs_kib)
{
    char *data = st_tempdir();
    char *elsewhere = st_tempdir();
    chmod(elsewhere, 0777); /* the child may be another user */
    if (!tmpfs_kib) chmod(data, 0555);
    fail_arg x = {data, elsewhere, tmpfs_kib};
    int rc = st_in_child(call_on_failing_disk, &x);
    chmod(data, 0755);
    st_rmrf(data);
    st_rmrf(elsewhere);
    free(data);
    free(elsewhere);
    st_expect_child(rc);
}

static void readonly_data_folder(void **state)
{
    (void)state;
    failing_disk(0);
}

static void full_disk_during_the_call(void **state)
{
    (void)state;
    failing_disk(96); /* room for the folder, not for the call's audio */
}

/* ---- a crash mid-call ---- */

static void interrupted_call_is_recovered(void **state)
{
    (void)state;
    char *data = st_tempdir();
    app_fx f;
    app_init(&f, data, FIXTURES "/call.yaml");
    play_call(&f, 12000); /* greeted, asked; the call still running */
    assert_int_equal(f.a.next, CC_SCREEN_CALL);
    char *sd = strdup(cc_recording_path(cc_callscreen_peek()->recording));
    assert_true(st_exists(sd, "events.take.partial"));
    /* What a crash leaves: the recording freed without finishing. */
    cc_callscreen_unload(&f.a);
    assert_false(st_exists(sd, "result.json"));
    char *pp = st_path(sd, "events.take.partial");
    char *partial = st_read(pp, NULL);
    assert_non_null(strstr(partial, " pickup"));
    assert_non_null(strstr(partial, "Good morning, Northwind Travel"));
    free(partial);
    free(pp);

    /* The next start. */
    f.a.notice[0] = '\0';
    snprintf(f.a.bundled_dir, sizeof f.a.bundled_dir, "%s", FIXTURES);
    cc_app_recover(&f.a);
    fprintf(stderr, "notice: %s\n", f.a.notice);
    assert_non_null(strstr(f.a.notice, "Recovered 1 interrupted call"));
    assert_non_null(strstr(f.a.notice, "test-call"));
    assert_non_null(strstr(f.a.notice, "scored"));
    assert_true(st_exists(sd, "result.json"));
    assert_true(st_exists(sd, "recovered.txt"));
    assert_true(st_exists(sd, "trainee.wav"));
    assert_true(st_exists(sd, "events.take"));
    int score = -1;
    assert_int_equal(history_rows(data, "Sam", NULL, &score), 1);
    assert_true(score >= 0);
    cc_app_refresh_best(&f.a);
    assert_int_equal(f.a.catalog->v[f.a.chosen].best, score);
    /* The recovered take scores what result.json says. */
    char *rp = st_path(sd, "result.json");
    char *json = st_read(rp, NULL);
    char want[32];
    snprintf(want, sizeof want, "\"score\": %d", score);
    if (!strstr(json, want)) snprintf(want, sizeof want, "\"score\":%d", score);
    assert_non_null(strstr(json, want));
    free(json);
    free(rp);
    /* Once only. */
    char msg[256];
    assert_int_equal(cc_recovery_run(data, FIXTURES, msg, sizeof msg), 0);
    assert_string_equal(msg, "");
    free(sd);
    app_done(&f);
    st_rmrf(data);
    free(data);
}

/* ---- live reload ---- */

static void copy_file(const char *from, const char *to)
{
    char *s = st_read(from, NULL);
    assert_non_null(s);
    st_write(to, s);
    free(s);
}

/* Writes text and moves the modification time on, as an editor's save does
 * (a second later than before, whatever the file system's granularity). */
static void save(const char *path, const char *text)
{
    struct stat st;
    int had = stat(path, &st) == 0;
    st_write(path, text);
    if (had) {
        struct timespec ts[2] = {{st.st_mtim.tv_sec + 1, st.st_mtim.tv_nsec},
                                 {st.st_mtim.tv_sec + 1, st.st_mtim.tv_nsec}};
        assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    }
}

static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
    return out;
}

static void scenario_and_standard_reload_while_running(void **state)
{
    (void)state;
    char *dir = st_tempdir();
    char *scn_path = st_path(dir, "call.yaml");
    char *std_path = st_path(dir, "standard.yaml");
    copy_file(FIXTURES "/call.yaml", scn_path);
    copy_file(FIXTURES "/standard.yaml", std_path);
    char *good = st_read(scn_path, NULL);
    app_fx f;
    app_init(&f, NULL, scn_path);
    cc_catalog_entry *e = &f.a.catalog->v[f.a.chosen];
    assert_int_equal(cc_app_poll_files(&f.a), 0); /* nothing changed */
    assert_string_equal(f.a.notice, "");

    /* A call starts on the version loaded now. */
    cc_callscreen_load(&f.a);
    const cc_scenario *playing = cc_live_scenario(cc_callscreen_peek()->live);
    assert_ptr_equal(playing, e->scn);

    /* Saved with a new title: reloaded for the next call; the call keeps its own. */
    char *renamed = replace(good, "title: Test call", "title: Test call, revised");
    save(scn_path, renamed);
    assert_int_equal(cc_app_poll_files(&f.a), 1);
    assert_null(e->problem);
    assert_string_equal(e->scn->title, "Test call, revised");
    assert_ptr_not_equal(e->scn, playing);
    assert_string_equal(cc_live_scenario(cc_callscreen_peek()->live)->title, "Test call"); /* not freed */
    assert_int_equal(f.a.catalog->nold, 1);
    assert_non_null(strstr(f.a.notice, "Reloaded"));
    run_to(&f, 500);
    cc_callscreen_draw(&f.a); /* draws the call's own scenario */
    assert_non_null(strstr(cc_null_frame_text(), "Test call"));
    assert_null(strstr(cc_null_frame_text(), "revised"));

    /* Saved with an error: the error with its place, and the last good version kept. */
    const cc_scenario *kept = e->scn;
    char *broken = replace(good, "title: Test call", "title: Test call\nnot_a_key: 1");
    save(scn_path, broken);
    f.a.notice[0] = '\0';
    assert_int_equal(cc_app_poll_files(&f.a), 1);
    fprintf(stderr, "broken: %s\n", f.a.notice);
    assert_non_null(e->problem);
    char place[4200];
    snprintf(place, sizeof place, "%s:3:1: error:", scn_path);
    assert_non_null(strstr(e->problem, place));
    assert_non_null(strstr(f.a.notice, place));
    assert_non_null(strstr(f.a.notice, "kept"));
    assert_ptr_equal(e->scn, kept);
    assert_int_equal(cc_app_poll_files(&f.a), 0); /* reported once */
    /* The picker still plays the kept version while the file is broken. */
    cc_picker_peek()->focus = f.a.chosen;
    cc_screen_id was = f.a.next;
    cc_ev enter = {.kind = CC_EV_KEY, .key = CC_KEY_ENTER};
    cc_picker_update(&f.a, &enter);
    assert_int_equal(f.a.next, CC_SCREEN_BRIEFING); /* then its call */
    f.a.next = was;

    /* The call ends: what only it held is freed (ASan would see a leak or a
     * use after free otherwise). */
    cc_callscreen_unload(&f.a);
    cc_app_poll_files(&f.a);
    assert_int_equal(f.a.catalog->nold, 0);

    /* The standard changes: every scenario checked against it is loaded again. */
    save(scn_path, good);
    cc_app_poll_files(&f.a);
    assert_null(e->problem);
    char *stdtext = st_read(std_path, NULL);
    char *std2 = replace(stdtext, "company: ", "company: Southwind, formerly ");
    save(std_path, std2);
    f.a.notice[0] = '\0';
    assert_int_equal(cc_app_poll_files(&f.a), 1);
    assert_null(e->problem);
    assert_non_null(strstr(e->std->company, "Southwind"));
    /* ...and a standard with an error keeps the old one for every scenario. */
    char *std3 = replace(stdtext, "company: ", "nonsense_key: 2\ncompany: ");
    save(std_path, std3);
    assert_int_equal(cc_app_poll_files(&f.a), 1);
    assert_non_null(e->problem);
    assert_non_null(strstr(e->problem, std_path));
    assert_non_null(strstr(e->std->company, "Southwind"));

    /* A scenario saved into a scanned folder appears in the list. */
    char *mine = st_path(dir, "mine");
    assert_int_equal(mkdir(mine, 0755), 0);
    char *mine_std = st_path(mine, "standard.yaml");
    copy_file(FIXTURES "/standard.yaml", mine_std);
    cc_catalog_scan(f.a.catalog, mine, 1, NULL);
    size_t before = f.a.catalog->n;
    assert_int_equal(cc_app_poll_files(&f.a), 0); /* its standard is no scenario */
    char *mine_scn = st_path(mine, "new.yaml");
    char *other = replace(good, "title: Test call", "title: A new call");
    save(mine_scn, other);
    f.a.notice[0] = '\0';
    assert_int_equal(cc_app_poll_files(&f.a), 1);
    assert_int_equal(f.a.catalog->n, before + 1);
    const cc_catalog_entry *added = &f.a.catalog->v[before];
    assert_string_equal(added->path, mine_scn);
    assert_true(added->user);
    assert_null(added->problem);
    assert_string_equal(added->scn->title, "A new call");
    assert_non_null(strstr(f.a.notice, "Added"));
    assert_int_equal(cc_app_poll_files(&f.a), 0);
    free(other);
    free(mine_scn);
    free(mine_std);
    free(mine);

    free(std3);
    free(std2);
    free(stdtext);
    free(broken);
    free(renamed);
    free(good);
    app_done(&f);
    free(scn_path);
    free(std_path);
    st_rmrf(dir);
    free(dir);
}

/* ---- the terminal mode records too ---- */

static void text_mode_is_recorded(void **state)
{
    (void)state;
    char *data = st_tempdir();
    setenv("CALLCOACH_HOME", data, 1);
    char *in = st_path(data, "typed.txt");
    st_write(in, "\nGood morning, Northwind Travel, Sam speaking.\n/hangup\n");
    FILE *saved = fdopen(dup(STDIN_FILENO), "r");
    assert_non_null(freopen(in, "r", stdin));
    cc_text_opts o = {FIXTURES "/call.yaml", NULL, "Sam", 3, NULL, 0, "assessment"};
    assert_int_equal(cc_text_mode_run(&o), 0);
    dup2(fileno(saved), STDIN_FILENO);
    fclose(saved);
    unsetenv("CALLCOACH_HOME");
    char **list = NULL;
    size_t n = sessions_in(data, &list);
    assert_int_equal(n, 1);
    assert_true(st_exists(list[0], "result.json"));
    assert_true(st_exists(list[0], "events.take"));
    char *mp = st_path(list[0], "meta.json");
    char *meta = st_read(mp, NULL);
    assert_non_null(strstr(meta, "\"channel\": \"terminal\""));
    assert_non_null(strstr(meta, "\"answers\": \"typed\""));
    assert_non_null(strstr(meta, "\"mode\": \"assessment\"")); /* --mode reaches the session */
    free(meta);
    free(mp);
    assert_int_equal(history_rows(data, "Sam", "terminal", NULL), 1);
    st_free_list(list, n);
    free(in);
    st_rmrf(data);
    free(data);
}

/* `callcoach --demo --text`: the shipped scenario's model take plays itself in
 * the terminal, both sides are printed, the call passes, and nothing goes into
 * the trainee's records (the demo is the model trainee, as in the window). */
static void text_mode_demo_is_not_recorded(void **state)
{
    (void)state;
    char *data = st_tempdir();
    setenv("CALLCOACH_HOME", data, 1);
    char *json = st_path(data, "demo.json");
    char *out = st_path(data, "stdout.txt");
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_non_null(freopen(out, "w", stdout));
    cc_text_opts o = {CC_TEST_DIR "/../scenarios/absent-colleague.yaml", NULL, "Demo", 7, json, 1, NULL};
    int rc = cc_text_mode_run(&o);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    unsetenv("CALLCOACH_HOME");
    assert_int_equal(rc, 0);
    char *printed = st_read(out, NULL);
    assert_non_null(printed);
    /* The trainee's first line, then the caller's answer to it, in that order. */
    const char *mine = strstr(printed, "Demo: Good morning, Northwind Travel, this is Demo.");
    const char *theirs = strstr(printed, "Tomas Novak (line 1): Hello, could I speak to Maria");
    assert_non_null(mine);
    assert_non_null(theirs);
    assert_true(mine < theirs);
    char *result = st_read(json, NULL);
    assert_non_null(result);
    assert_non_null(strstr(result, "\"passed\":true"));
    char **list = NULL;
    assert_int_equal(sessions_in(data, &list), 0);
    st_free_list(list, 0);
    free(result);
    free(printed);
    free(out);
    free(json);
    st_rmrf(data);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typed_call_is_recorded_and_in_history),
        cmocka_unit_test(late_microphone_loses_nothing),
        cmocka_unit_test(retry_is_recorded_as_a_retry),
        cmocka_unit_test(old_audio_goes_at_start),
        cmocka_unit_test(readonly_data_folder),
        cmocka_unit_test(full_disk_during_the_call),
        cmocka_unit_test(interrupted_call_is_recovered),
        cmocka_unit_test(scenario_and_standard_reload_while_running),
        cmocka_unit_test(text_mode_is_recorded),
        cmocka_unit_test(text_mode_demo_is_not_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
