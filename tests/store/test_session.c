/* session: the folder of a call, written while it runs, and found again after a crash. */
#include "storetest.h"

#include <signal.h>

#include "fsutil.h"
#include "history.h"
#include "recover.h"
#include "session.h"
#include "session_log.h"
#include "wav.h"

#define RATE 16000

static cc_session_meta meta_for(const cc_scenario *scn, const char *trainee)
{
    cc_session_meta m = {0};
    m.trainee = trainee;
    m.scenario_id = scn->id;
    m.scenario_title = scn->title;
    m.scenario_path = scn->path;
    m.standard_id = st_standard()->id;
    m.standard_path = st_standard()->path;
    m.channel = "take";
    m.seed = 1;
    m.started_at = 1709542800; /* 2024-03-04 09:00:00 UTC */
    return m;
}

static void tone(int16_t *x, size_t n, size_t offset)
{
    for (size_t i = 0; i < n; i++) x[i] = (int16_t)(((offset + i) * 37) % 20000 - 10000);
}

/* Every action of a record, logged as the app would log it while the call runs. */
static void log_record(cc_session *s, const cc_record *rec)
{
    char *take = cc_record_to_take(rec, NULL, NULL);
    char err[512];
    for (char *line = strtok(take, "\n"); line; line = strtok(NULL, "\n"))
        if (line[0] == '@') assert_int_equal(cc_session_log_append(s, line, err, sizeof err), 0);
    free(take);
}

static void whole_session_is_written(void **state)
{
    (void)state;
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("rude-caller");
    st_call c;
    st_play_file(scn, CC_DATA_DIR "/scenarios/takes/rude-caller/model.take", "Alex", 1, &c);
    cc_session_meta m = meta_for(scn, "Alex");
    cc_session *s = NULL;
    char err[512] = "";
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_string_equal(cc_session_name(s), "20240304-090000-Alex-rude-caller");
    const char *dir = cc_session_path(s);
    assert_true(st_exists(dir, "meta.json"));
    assert_true(st_exists(dir, "events.take.partial"));

    assert_int_equal(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err), 0);
    assert_int_equal(cc_session_audio_open(s, CC_TRACK_CALLER, 22050, err, sizeof err), 0);
    int16_t buf[1600];
    for (size_t k = 0; k < 30; k++) { /* 3 s in 100 ms blocks */
        tone(buf, 1600, k * 1600);
        assert_int_equal(cc_session_audio_write(s, CC_TRACK_TRAINEE, buf, 1600, err, sizeof err), 0);
        assert_int_equal(cc_session_audio_write(s, CC_TRACK_CALLER, buf, 1000, err, sizeof err), 0);
    }
    /* While the call runs, each track is already a WAV with every sample so far. */
    assert_false(st_exists(dir, "trainee.16000.pcm.partial"));
    cc_pcm live;
    char *lw = st_path(dir, "trainee.wav");
    assert_int_equal(cc_wav_read(lw, 0, &live, err, sizeof err), 0);
    assert_int_equal(live.count, 48000);
    cc_pcm_free(&live);
    free(lw);
    log_record(s, c.rec);
    assert_int_equal(cc_session_finish(s, st_standard(), scn, c.rec, c.res, err, sizeof err), 0);
    char *keep = strdup(dir);
    cc_session_free(s);

    static const char *const files[] = {"meta.json",      "trainee.wav", "caller.wav",
                                        "events.take",    "transcript.txt", "result.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) assert_true(st_exists(keep, files[i]));
    assert_false(st_exists(keep, "events.take.partial"));
    assert_false(st_exists(keep, "trainee.16000.pcm.partial"));

    char *p = st_path(keep, "meta.json");
    char *meta = st_read(p, NULL);
    free(p);
    assert_non_null(strstr(meta, "\"state\": \"finished\""));
    assert_non_null(strstr(meta, "\"trainee\": \"Alex\""));
    assert_non_null(strstr(meta, "\"scenario_id\": \"rude-caller\""));
    assert_non_null(strstr(meta, "\"standard_id\": \"northwind-default\""));
    assert_non_null(strstr(meta, "\"channel\": \"take\""));
    assert_non_null(strstr(meta, "\"mode\": null"));
    /* how the call ended, as the scenario's end node says (the model take: resolved) */
    assert_non_null(c.res->outcome);
    char want_outcome[128];
    snprintf(want_outcome, sizeof want_outcome, "\"outcome\": \"%s\"", c.res->outcome);
    assert_non_null(strstr(meta, want_outcome));
    assert_non_null(strstr(meta, "\"seed\": 1"));
    assert_non_null(strstr(meta, "\"started_unix\": 1709542800"));
    assert_non_null(strstr(meta, "\"version\": \"" CC_VERSION "\""));
    assert_non_null(strstr(meta, "\"trainee_rate\": 16000"));
    assert_non_null(strstr(meta, "\"passed\": true"));
    free(meta);

    cc_pcm pcm;
    char *wav = st_path(keep, "trainee.wav");
    assert_int_equal(cc_wav_read(wav, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.rate, RATE);
    assert_int_equal(pcm.count, 48000);
    int16_t expect[16];
    tone(expect, 16, 47984);
    assert_memory_equal(pcm.samples + 47984, expect, sizeof expect);
    cc_pcm_free(&pcm);
    free(wav);
    wav = st_path(keep, "caller.wav");
    assert_int_equal(cc_wav_read(wav, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.rate, 22050);
    assert_int_equal(pcm.count, 30000);
    cc_pcm_free(&pcm);
    free(wav);

    /* events.take is the record's take; result.json is the JSON report. */
    char *take = cc_record_to_take(c.rec, "rude-caller", NULL);
    p = st_path(keep, "events.take");
    char *written = st_read(p, NULL);
    free(p);
    const char *body = strstr(written, "\n@");
    assert_non_null(body);
    assert_non_null(strstr(take, body + 1));
    free(take);
    free(written);
    cc_buf j = CC_BUF_INIT;
    cc_report_json(&j, st_standard(), scn, c.rec, c.res);
    p = st_path(keep, "result.json");
    written = st_read(p, NULL);
    free(p);
    assert_int_equal(strncmp(written, cc_buf_str(&j), j.len), 0);
    free(written);
    cc_buf_reset(&j);

    cc_unfinished *u = NULL;
    size_t n = 9;
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    cc_unfinished_free(u, n);

    /* The same second again: a second folder, not the first overwritten. */
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_string_equal(cc_session_name(s), "20240304-090000-Alex-rude-caller-2");
    cc_session_free(s);

    free(keep);
    st_call_free(&c);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

static void names_and_folders(void **state)
{
    (void)state;
    char err[512];
    setenv("HOME", "/home/h", 1);
    unsetenv("CALLCOACH_HOME");
    unsetenv("XDG_DATA_HOME");
    char *d = cc_data_dir(NULL, err, sizeof err);
    assert_string_equal(d, "/home/h/.local/share/callcoach");
    free(d);
    setenv("XDG_DATA_HOME", "relative/not/used", 1);
    d = cc_data_dir(NULL, err, sizeof err);
    assert_string_equal(d, "/home/h/.local/share/callcoach");
    free(d);
    setenv("XDG_DATA_HOME", "/xdg/", 1);
    d = cc_data_dir(NULL, err, sizeof err);
    assert_string_equal(d, "/xdg/callcoach");
    free(d);
    setenv("CALLCOACH_HOME", "/cc/home//", 1);
    d = cc_data_dir(NULL, err, sizeof err);
    assert_string_equal(d, "/cc/home");
    free(d);
    /* What SDL_GetPrefPath("", "callcoach") gives, with its trailing slash. */
    d = cc_data_dir("/home/h/.local/share/callcoach/", err, sizeof err);
    assert_string_equal(d, "/home/h/.local/share/callcoach");
    free(d);
    unsetenv("CALLCOACH_HOME");
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_null(cc_data_dir(NULL, err, sizeof err));
    assert_non_null(strstr(err, "CALLCOACH_HOME"));

    /* Odd names become letters, digits and dashes. */
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("second-line");
    cc_session_meta m = meta_for(scn, "  Zoë O'Brien / ../x ");
    cc_session *s = NULL;
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_string_equal(cc_session_name(s), "20240304-090000-Zo-O-Brien-x-second-line");
    cc_session_free(s);
    m.trainee = "";
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), -1);
    assert_null(s);
    cc_session_free(NULL);
    cc_unfinished_free(NULL, 0);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

/* ---- a call killed while recording ---- */

typedef struct {
    const char *data;
    int ready_fd;
} kill_arg;

/* The child records: 3 s of the trainee's audio and 2 s of the caller's, three
 * logged actions and a fourth line half written; then tells the parent and waits
 * to be killed. */
static int record_until_killed(void *p)
{
    kill_arg *a = p;
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Kim");
    m.channel = "voice";
    cc_session *s = NULL;
    char err[512];
    CHILD_CHECK(cc_session_begin(a->data, &m, &s, err, sizeof err) == 0);
    /* Known after the call began: the mode, and that it retries an earlier call. */
    CHILD_CHECK(cc_session_describe(s, "assessment", NULL, "20240304-085000-Kim-rude-caller", 2,
                                    12500, err, sizeof err) == 0);
    CHILD_CHECK(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err) == 0);
    CHILD_CHECK(cc_session_audio_open(s, CC_TRACK_CALLER, 8000, err, sizeof err) == 0);
    int16_t buf[800];
    for (size_t k = 0; k < 60; k++) {
        tone(buf, 800, k * 800);
        CHILD_CHECK(cc_session_audio_write(s, CC_TRACK_TRAINEE, buf, 800, err, sizeof err) == 0);
        if (k < 20) CHILD_CHECK(cc_session_audio_write(s, CC_TRACK_CALLER, buf, 800, err, sizeof err) == 0);
    }
    CHILD_CHECK(cc_session_log_append(s, "@7.000 pickup", err, sizeof err) == 0);
    cc_take_action say = {.kind = CC_TAKE_SAY, .text = "Good morning, Northwind Travel, this is Kim.",
                          .timed = 1, .at_ms = 7600, .until_ms = 10100, .measured = 1,
                          .confidence = 0.9, .pitch_range = 4, .rate_wpm = 150, .loudness = -20};
    CHILD_CHECK(cc_session_log_action(s, &say, err, sizeof err) == 0);
    CHILD_CHECK(cc_session_log_append(s, "@11.500-13.000 say \"How can I help you?\" confidence 0.8\n",
                                      err, sizeof err) == 0);
    /* A line cut in the middle, as a crash inside write() could leave it. */
    char *lp = st_path(cc_session_path(s), "events.take.partial");
    int fd = open(lp, O_WRONLY | O_APPEND);
    CHILD_CHECK(fd >= 0 && write(fd, "@14.000-15.", 11) == 11);
    close(fd);
    free(lp);
    CHILD_CHECK(write(a->ready_fd, "R", 1) == 1);
    for (;;) pause();
}

static void sigkill_during_recording_is_recovered(void **state)
{
    (void)state;
    char *data = st_tempdir();
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    kill_arg a = {data, pfd[1]};
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pfd[0]);
        _exit(record_until_killed(&a));
    }
    close(pfd[1]);
    char c = 0;
    assert_int_equal(read(pfd[0], &c, 1), 1);
    close(pfd[0]);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    char err[512] = "";
    cc_unfinished *u = NULL;
    size_t n = 0;
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(u[0].name, "20240304-090000-Kim-rude-caller");
    assert_string_equal(u[0].trainee, "Kim");
    assert_string_equal(u[0].scenario_id, "rude-caller");
    assert_string_equal(u[0].how.channel, "desktop");
    assert_string_equal(u[0].how.mode, "assessment");
    assert_null(u[0].how.answers);
    assert_string_equal(u[0].how.retry_of, "20240304-085000-Kim-rude-caller");
    assert_int_equal(u[0].how.retry_turn, 2);
    assert_int_equal(u[0].how.kept_ms, 12500);
    assert_int_equal(u[0].seed, 1);
    assert_int_equal(u[0].started_at, 1709542800);
    assert_true(u[0].has_partial_log);
    assert_int_equal(u[0].log_actions, 3);
    assert_true(u[0].has_trainee_audio && u[0].has_caller_audio);
    assert_true(u[0].trainee_seconds > 2.99 && u[0].trainee_seconds < 3.01);
    assert_true(u[0].caller_seconds > 1.99 && u[0].caller_seconds < 2.01);
    char *dir = strdup(u[0].path);
    cc_unfinished_free(u, n);

    /* Tear the headers as a kill inside a write can: 800 more samples reached
     * trainee.wav but its header was not updated; caller.wav's sizes were never
     * written (a kill right after opening, before the first update). */
    char *tw = st_path(dir, "trainee.wav"), *cw = st_path(dir, "caller.wav");
    int16_t more[800];
    tone(more, 800, 48000);
    int fd = open(tw, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, more, sizeof more), (ssize_t)sizeof more);
    assert_int_equal(write(fd, "\x01", 1), 1); /* and half a sample */
    close(fd);
    cc_pcm torn;
    assert_int_equal(cc_wav_read(tw, 0, &torn, err, sizeof err), 0);
    assert_int_equal(torn.count, 48000); /* the 800 are not readable yet */
    cc_pcm_free(&torn);
    fd = open(cw, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "\0\0\0\0", 4, 4), 4);
    assert_int_equal(pwrite(fd, "\0\0\0\0", 4, 40), 4);
    close(fd);

    assert_int_equal(cc_session_recover(dir, err, sizeof err), 0);
    assert_true(st_exists(dir, "trainee.wav"));
    assert_true(st_exists(dir, "caller.wav"));
    assert_true(st_exists(dir, "events.take"));
    assert_true(st_exists(dir, "recovered.txt"));
    assert_false(st_exists(dir, "events.take.partial"));
    assert_false(st_exists(dir, "trainee.16000.pcm.partial"));
    cc_pcm pcm;
    assert_int_equal(cc_wav_read(tw, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.count, 48800);
    assert_int_equal(pcm.rate, RATE);
    int16_t expect[800];
    tone(expect, 8, 40000);
    assert_memory_equal(pcm.samples + 40000, expect, 8 * sizeof *expect);
    tone(expect, 800, 48000);
    assert_memory_equal(pcm.samples + 48000, expect, sizeof expect);
    cc_pcm_free(&pcm);
    assert_int_equal(cc_wav_read(cw, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.count, 16000);
    assert_int_equal(pcm.rate, 8000);
    tone(expect, 800, 15200);
    assert_memory_equal(pcm.samples + 15200, expect, sizeof expect);
    cc_pcm_free(&pcm);
    free(tw);
    free(cw);
    char *mp = st_path(dir, "meta.json"), *meta = st_read(mp, NULL);
    assert_non_null(strstr(meta, "\"state\": \"interrupted\""));
    free(meta);
    free(mp);

    /* The events replay: score the interrupted call and finish its folder. */
    char *tp = st_path(dir, "events.take");
    cc_diags *d = cc_diags_create();
    cc_take *take = NULL;
    assert_int_equal(cc_take_load_file(tp, &take, d), CC_FILE_OK);
    cc_diags_free(d);
    assert_int_equal(take->count, 3);
    assert_true(take->actions[1].confidence == 0.9);
    cc_scenario *scn = st_scenario("rude-caller");
    st_call call;
    st_play_take(scn, take, "Kim", 1, &call);
    cc_session *s = NULL;
    assert_int_equal(cc_session_reopen(dir, &s, err, sizeof err), 0);
    /* Reopened to be finished, not to record over what was kept. */
    assert_int_equal(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err), -1);
    assert_non_null(strstr(err, "reopened"));
    assert_int_equal(cc_session_finish(s, st_standard(), scn, call.rec, call.res, err, sizeof err), 0);
    cc_session_free(s);
    assert_true(st_exists(dir, "result.json"));
    tw = st_path(dir, "trainee.wav");
    assert_int_equal(cc_wav_read(tw, 0, &pcm, err, sizeof err), 0);
    assert_int_equal(pcm.count, 48800);
    cc_pcm_free(&pcm);
    free(tw);
    mp = st_path(dir, "meta.json");
    meta = st_read(mp, NULL);
    assert_non_null(strstr(meta, "\"trainee\": \"Kim\""));
    assert_non_null(strstr(meta, "\"trainee_rate\": 16000"));
    assert_non_null(strstr(meta, "\"state\": \"finished\""));
    free(meta);
    free(mp);
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    cc_unfinished_free(u, n);

    st_call_free(&call);
    cc_scenario_free(scn);
    cc_take_free(take);
    free(tp);
    free(dir);
    st_rmrf(data);
    free(data);
}

/* A session recorded by the previous version, which spooled raw samples to
 * TRACK.RATE.pcm.partial and was killed: recovery still makes its WAVs. */
static void old_spool_is_recovered(void **state)
{
    (void)state;
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Old");
    cc_session *s = NULL;
    char err[512] = "";
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_int_equal(cc_session_log_append(s, "@7.000 pickup", err, sizeof err), 0);
    char *dir = strdup(cc_session_path(s));
    cc_session_free(s);
    /* The spools as the previous version wrote them: 16-bit little-endian. */
    static const struct { const char *name; size_t n; } spools[] = {
        {"trainee.16000.pcm.partial", 24000}, {"caller.22050.pcm.partial", 11025}};
    for (int k = 0; k < 2; k++) {
        unsigned char *raw = malloc(spools[k].n * 2);
        int16_t *x = malloc(spools[k].n * sizeof *x);
        tone(x, spools[k].n, 0);
        for (size_t i = 0; i < spools[k].n; i++) {
            raw[2 * i] = (unsigned char)((uint16_t)x[i] & 0xFF);
            raw[2 * i + 1] = (unsigned char)((uint16_t)x[i] >> 8);
        }
        char *p = st_path(dir, spools[k].name);
        FILE *f = fopen(p, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(raw, 2, spools[k].n, f), spools[k].n);
        fclose(f);
        free(p);
        free(raw);
        free(x);
    }
    cc_unfinished *u = NULL;
    size_t n = 0;
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_true(u[0].has_trainee_audio && u[0].has_caller_audio);
    assert_true(u[0].trainee_seconds > 1.49 && u[0].trainee_seconds < 1.51);
    assert_true(u[0].caller_seconds > 0.49 && u[0].caller_seconds < 0.51);
    assert_int_equal(u[0].log_actions, 1);
    cc_unfinished_free(u, n);

    assert_int_equal(cc_session_recover(dir, err, sizeof err), 0);
    assert_false(st_exists(dir, "trainee.16000.pcm.partial"));
    assert_false(st_exists(dir, "caller.22050.pcm.partial"));
    assert_true(st_exists(dir, "recovered.txt"));
    static const struct { const char *wav; int rate; size_t n; } wavs[] = {
        {"trainee.wav", 16000, 24000}, {"caller.wav", 22050, 11025}};
    for (int k = 0; k < 2; k++) {
        char *p = st_path(dir, wavs[k].wav);
        cc_pcm pcm;
        assert_int_equal(cc_wav_read(p, 0, &pcm, err, sizeof err), 0);
        assert_int_equal(pcm.rate, wavs[k].rate);
        assert_int_equal(pcm.count, wavs[k].n);
        int16_t *x = malloc(wavs[k].n * sizeof *x);
        tone(x, wavs[k].n, 0);
        assert_memory_equal(pcm.samples, x, wavs[k].n * sizeof *x);
        free(x);
        cc_pcm_free(&pcm);
        free(p);
    }
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    cc_unfinished_free(u, n);
    free(dir);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

/* ---- a read-only data folder ---- */

typedef struct {
    const char *data;
    const char *finished_dir; /* a session written before, to stay untouched */
    const char *meta_before;
} ro_arg;

static int write_into_readonly(void *p)
{
    ro_arg *a = p;
    int rc = st_child_drop_root();
    if (rc) return rc;
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Ro");
    m.started_at += 60;
    cc_session *s = NULL;
    char err[512] = "";
    CHILD_CHECK(cc_session_begin(a->data, &m, &s, err, sizeof err) == -1);
    CHILD_CHECK(s == NULL);
    fprintf(stderr, "read-only session: %s\n", err);
    CHILD_CHECK(strstr(err, "cannot create a session folder in") != NULL);
    CHILD_CHECK(strstr(err, "Permission denied") != NULL || strstr(err, "Read-only") != NULL);
    CHILD_CHECK(strstr(err, "choose another data folder") != NULL);

    /* The history: opening for writing says so; the one there stays readable. */
    cc_history *h = NULL;
    int st = cc_history_open(a->data, 0, &h, err, sizeof err);
    fprintf(stderr, "read-only history: %s\n", err);
    CHILD_CHECK(st == CC_HISTORY_READONLY);
    CHILD_CHECK(h == NULL);
    CHILD_CHECK(strstr(err, "read-only") != NULL || strstr(err, "cannot be opened") != NULL);

    /* An old session folder is untouched, and finishing into it fails cleanly. */
    char *mp = st_path(a->finished_dir, "meta.json");
    char *now = st_read(mp, NULL);
    CHILD_CHECK(now && strcmp(now, a->meta_before) == 0);
    free(now);
    free(mp);
    cc_unfinished *u = NULL;
    size_t n = 0;
    CHILD_CHECK(cc_session_find_unfinished(a->data, &u, &n, err, sizeof err) == 0);
    cc_unfinished_free(u, n);
    cc_scenario_free(scn);
    return 0;
}

static void readonly_data_folder_is_a_clear_error(void **state)
{
    (void)state;
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("rude-caller");
    st_call c;
    st_play_file(scn, CC_DATA_DIR "/scenarios/takes/rude-caller/curt.take", "Alex", 1, &c);
    cc_session_meta m = meta_for(scn, "Alex");
    cc_session *s = NULL;
    char err[512];
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_int_equal(cc_session_finish(s, st_standard(), scn, c.rec, c.res, err, sizeof err), 0);
    char *fin = strdup(cc_session_path(s));
    cc_session_free(s);
    char *mp = st_path(fin, "meta.json");
    char *before = st_read(mp, NULL);
    free(mp);
    cc_history *h = NULL;
    assert_int_equal(cc_history_open(data, 0, &h, err, sizeof err), 0);
    cc_history_close(h);

    /* Permissions: no writing anywhere under the data folder. */
    char *sessions = st_path(data, "sessions");
    char *db = st_path(data, "history.sqlite");
    chmod(sessions, 0555);
    chmod(fin, 0555);
    chmod(db, 0444);
    chmod(data, 0555);
    ro_arg a = {data, fin, before};
    st_expect_child(st_in_child(write_into_readonly, &a));
    chmod(data, 0755);
    chmod(sessions, 0755);
    chmod(fin, 0755);
    chmod(db, 0644);
    free(sessions);
    free(db);
    free(before);
    free(fin);
    st_call_free(&c);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

/* A read-only file system (EROFS), in a child with its own mounts. */
static int write_into_erofs(void *p)
{
    const char *dir = p;
    int rc = st_child_tmpfs(dir, 1024, 1);
    if (rc) return rc;
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Ro");
    cc_session *s = NULL;
    char err[512] = "";
    CHILD_CHECK(cc_session_begin(dir, &m, &s, err, sizeof err) == -1);
    fprintf(stderr, "read-only disk: %s\n", err);
    CHILD_CHECK(strstr(err, "Read-only file system") != NULL);
    CHILD_CHECK(strstr(err, "the disk is read-only") != NULL);
    cc_history *h = NULL;
    CHILD_CHECK(cc_history_open(dir, 0, &h, err, sizeof err) != 0);
    fprintf(stderr, "read-only disk, history: %s\n", err);
    cc_scenario_free(scn);
    return 0;
}

static void readonly_disk_is_a_clear_error(void **state)
{
    (void)state;
    char *data = st_tempdir();
    st_expect_child(st_in_child(write_into_erofs, data));
    st_rmrf(data);
    free(data);
}

/* ---- a full disk while recording ---- */

static int record_onto_full_disk(void *p)
{
    const char *dir = p;
    int rc = st_child_tmpfs(dir, 256, 0);
    if (rc) return rc;
    cc_scenario *scn = st_scenario("rude-caller");
    st_call c;
    st_play_file(scn, CC_DATA_DIR "/scenarios/takes/rude-caller/model.take", "Alex", 1, &c);
    cc_session_meta m = meta_for(scn, "Alex");
    cc_session *s = NULL;
    char err[512] = "";
    CHILD_CHECK(cc_session_begin(dir, &m, &s, err, sizeof err) == 0);
    const char *sd = cc_session_path(s);
    char *mp = st_path(sd, "meta.json");
    CHILD_CHECK(cc_session_log_append(s, "@1.000 pickup", err, sizeof err) == 0);
    CHILD_CHECK(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err) == 0);
    char *meta_before = st_read(mp, NULL);
    int16_t buf[4000];
    tone(buf, 4000, 0);
    size_t written = 0;
    int failed = 0;
    for (int k = 0; k < 1000 && !failed; k++) {
        if (cc_session_audio_write(s, CC_TRACK_TRAINEE, buf, 4000, err, sizeof err) != 0) failed = 1;
        else written += 4000;
    }
    CHILD_CHECK(failed);
    fprintf(stderr, "full disk, audio: %s\n", err);
    CHILD_CHECK(strstr(err, "trainee.wav: No space left on device") != NULL);
    CHILD_CHECK(strstr(err, "the disk is full: free some space") != NULL);
    /* trainee.wav is a valid WAV of whole samples: all written before the failure
     * (and what part of the failed block fitted). */
    char *tw = st_path(sd, "trainee.wav");
    cc_pcm pcm;
    CHILD_CHECK(cc_wav_read(tw, 0, &pcm, err, sizeof err) == 0);
    size_t kept = pcm.count;
    CHILD_CHECK(kept >= written && kept < written + 4000);
    CHILD_CHECK(memcmp(pcm.samples + written - 4000, buf, sizeof buf) == 0);
    cc_pcm_free(&pcm);
    /* Logging fails cleanly and leaves no half line. */
    int log_failed = 0;
    for (int k = 0; k < 200 && !log_failed; k++)
        if (cc_session_log_append(s, "@2.000-3.000 say \"a line to fill the disk\" confidence 1",
                                  err, sizeof err) != 0)
            log_failed = 1;
    if (log_failed) {
        fprintf(stderr, "full disk, log: %s\n", err);
        CHILD_CHECK(strstr(err, "events.take.partial") != NULL);
        size_t ll = 0;
        char *lp = st_path(sd, "events.take.partial");
        char *log = st_read(lp, &ll);
        CHILD_CHECK(ll > 0 && log[ll - 1] == '\n');
        free(log);
        free(lp);
    }
    /* Finishing cannot write its files: a clear error, the audio kept, the earlier
     * files intact, no result.json. */
    CHILD_CHECK(cc_session_finish(s, st_standard(), scn, c.rec, c.res, err, sizeof err) == -1);
    fprintf(stderr, "full disk, finish: %s\n", err);
    CHILD_CHECK(strstr(err, "free some") != NULL);
    char *meta_now = st_read(mp, NULL);
    CHILD_CHECK(meta_now && strcmp(meta_now, meta_before) == 0);
    CHILD_CHECK(!st_exists(sd, "result.json"));
    char *dir_copy = strdup(sd);
    cc_session_free(s);
    cc_unfinished *u = NULL;
    size_t n = 0;
    CHILD_CHECK(cc_session_find_unfinished(dir, &u, &n, err, sizeof err) == 0);
    CHILD_CHECK(n == 1 && u[0].has_trainee_audio && u[0].log_actions >= 1);
    cc_unfinished_free(u, n);
    /* Recovery cannot write events.take either, and says so without losing audio. */
    CHILD_CHECK(cc_session_recover(dir_copy, err, sizeof err) == -1);
    fprintf(stderr, "full disk, recover: %s\n", err);
    CHILD_CHECK(strstr(err, "free some") != NULL);
    CHILD_CHECK(cc_wav_read(tw, 0, &pcm, err, sizeof err) == 0 && pcm.count == kept);
    cc_pcm_free(&pcm);
    free(tw);
    free(dir_copy);
    free(meta_now);
    free(meta_before);
    free(mp);
    st_call_free(&c);
    cc_scenario_free(scn);
    return 0;
}

static void full_disk_while_recording(void **state)
{
    (void)state;
    char *data = st_tempdir();
    st_expect_child(st_in_child(record_onto_full_disk, data));
    st_rmrf(data);
    free(data);
}

/* Atomic files: a failed replace keeps the old file. */
static int atomic_on_full_disk(void *p)
{
    const char *dir = p;
    int rc = st_child_tmpfs(dir, 64, 0);
    if (rc) return rc;
    char *f = st_path(dir, "small.json");
    char err[512];
    CHILD_CHECK(cc_fs_write_atomic(f, "{\"old\": true}\n", 14, err, sizeof err) == 0);
    size_t big = 256 * 1024;
    char *junk = malloc(big);
    memset(junk, 'x', big);
    CHILD_CHECK(cc_fs_write_atomic(f, junk, big, err, sizeof err) == -1);
    fprintf(stderr, "full disk, atomic: %s\n", err);
    CHILD_CHECK(strstr(err, "the disk is full") != NULL);
    char *now = st_read(f, NULL);
    CHILD_CHECK(now && strcmp(now, "{\"old\": true}\n") == 0);
    DIR *d = opendir(dir);
    struct dirent *de;
    int files = 0;
    while ((de = readdir(d)) != NULL) files += de->d_name[0] != '.';
    closedir(d);
    CHILD_CHECK(files == 1); /* no temporary left behind */
    free(now);
    free(junk);
    free(f);
    return 0;
}

static void atomic_write_keeps_old_file(void **state)
{
    (void)state;
    char *data = st_tempdir();
    st_expect_child(st_in_child(atomic_on_full_disk, data));
    st_rmrf(data);
    free(data);
}

static void misuse_is_refused(void **state)
{
    (void)state;
    char err[256];
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Alex");
    cc_session *s = NULL;
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    int16_t x[4] = {0};
    assert_int_equal(cc_session_audio_write(s, CC_TRACK_TRAINEE, x, 4, err, sizeof err), -1);
    assert_non_null(strstr(err, "not open"));
    assert_int_equal(cc_session_audio_open(s, CC_TRACK_TRAINEE, 10, err, sizeof err), -1);
    assert_int_equal(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err), 0);
    assert_int_equal(cc_session_audio_open(s, CC_TRACK_TRAINEE, RATE, err, sizeof err), -1);
    assert_int_equal(cc_session_log_append(s, "@1 hold\n@2 resume", err, sizeof err), -1);
    assert_non_null(strstr(err, "one action a line"));
    cc_take_action untimed = {.kind = CC_TAKE_HOLD};
    assert_int_equal(cc_session_log_action(s, &untimed, err, sizeof err), -1);
    assert_int_equal(cc_session_finish(s, NULL, scn, NULL, NULL, err, sizeof err), -1);
    assert_int_equal(cc_session_audio_close(s, CC_TRACK_TRAINEE, err, sizeof err), 0);
    assert_true(st_exists(cc_session_path(s), "trainee.wav"));
    cc_session_free(s);
    assert_int_equal(cc_session_reopen("/nonexistent/x", &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(cc_session_recover(NULL, err, sizeof err), -1);
    cc_unfinished *u = NULL;
    size_t n = 5;
    char *none = st_path(data, "nothing-here");
    assert_int_equal(cc_session_find_unfinished(none, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    free(none);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

/* A call another callcoach is recording right now is not "interrupted": the
 * recording process holds events.take.partial locked until it frees the
 * session or dies, so start-up recovery in a second copy leaves it alone. */
static void session_being_recorded_is_not_recovered(void **state)
{
    (void)state;
    char err[512];
    char *data = st_tempdir();
    cc_scenario *scn = st_scenario("rude-caller");
    cc_session_meta m = meta_for(scn, "Alex");
    cc_session *s = NULL;
    assert_int_equal(cc_session_begin(data, &m, &s, err, sizeof err), 0);
    assert_int_equal(cc_session_log_append(s, "@1.000 pickup", err, sizeof err), 0);
    char *dir = strdup(cc_session_path(s));
    cc_unfinished *u = NULL;
    size_t n = 5;
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    cc_unfinished_free(u, n);
    assert_int_equal(cc_session_recover(dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "still recording"));
    assert_true(st_exists(dir, "events.take.partial"));
    /* The recording process went away without finishing: now it is interrupted. */
    cc_session_free(s);
    assert_int_equal(cc_session_find_unfinished(data, &u, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(u[0].log_actions, 1);
    assert_int_equal(cc_session_recover(u[0].path, err, sizeof err), 0);
    cc_unfinished_free(u, n);
    free(dir);
    cc_scenario_free(scn);
    st_rmrf(data);
    free(data);
}

static int setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(st_std);
    st_std = NULL;
    return 0;
}

/* meta.json of sessions recorded before modes existed had "mode": "voice"
 * (the channel); they are read as such, with the mode unknown. */
static void old_meta_is_read(void **state)
{
    (void)state;
    cc_meta_how h;
    cc_meta_how_read("{\n  \"format\": 1,\n  \"mode\": \"voice\",\n  \"seed\": 3\n}\n", &h);
    assert_string_equal(h.channel, "desktop");
    assert_null(h.mode);
    assert_null(h.retry_of);
    cc_meta_how_clear(&h);
    cc_meta_how_read("{\"channel\": \"text\", \"mode\": \"practice\", \"answers\": \"typed\", "
                     "\"outcome\": \"resolved\", \"retry_of\": \"\", \"retry_turn\": 1, "
                     "\"kept_ms\": 900}", &h);
    assert_string_equal(h.channel, "terminal");
    assert_string_equal(h.mode, "practice");
    assert_string_equal(h.answers, "typed");
    assert_string_equal(h.outcome, "resolved");
    assert_string_equal(h.retry_of, "");
    assert_int_equal(h.retry_turn, 1);
    assert_int_equal(h.kept_ms, 900);
    cc_meta_how_clear(&h);
    cc_meta_how_clear(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_session_is_written),
        cmocka_unit_test(old_meta_is_read),
        cmocka_unit_test(names_and_folders),
        cmocka_unit_test(sigkill_during_recording_is_recovered),
        cmocka_unit_test(old_spool_is_recovered),
        cmocka_unit_test(readonly_data_folder_is_a_clear_error),
        cmocka_unit_test(readonly_disk_is_a_clear_error),
        cmocka_unit_test(full_disk_while_recording),
        cmocka_unit_test(atomic_write_keeps_old_file),
        cmocka_unit_test(misuse_is_refused),
        cmocka_unit_test(session_being_recorded_is_not_recovered),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
