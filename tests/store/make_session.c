/* make_session: records session folders through the store, as the app does while a
 * call runs, for the callcoach-score --session tests (tests/tools.cmake).
 *
 *   make_session DATA SCENARIO STANDARD TAKE TRAINEE SEED
 *
 * Plays TAKE through SCENARIO on the simulated clock (as callcoach-score does), and
 * records it under DATA/sessions (DATA/sessions is emptied first) three times:
 *   20240304-090000-T-S  finished: every action logged while the call ran, audio on
 *                        both tracks, then cc_session_finish (events.take, result.json)
 *   20240304-090100-T-S  unfinished: the program "stopped" after the first half of the
 *                        actions and half a line: only events.take.partial
 *   20240304-090200-T-S  the same, then recovered with cc_session_recover (events.take,
 *                        recovered.txt, state "interrupted")
 * Times are UTC. Paths are written into meta.json as given, so run it from the folder
 * the scoring runs in. Exit 0, or 1 with the reason on stderr. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "score.h"
#include "recover.h"
#include "session.h"
#include "session_log.h"
#include "sim.h"

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)flag;
    (void)f;
    return remove(p);
}

static int fail(const char *what, const char *why)
{
    fprintf(stderr, "make_session: %s: %s\n", what, why);
    return 1;
}

/* One recording. keep: how many of the take's action lines to log (all: SIZE_MAX);
 * finish: score and finish it; recover: leave it unfinished, then recover it. */
static int record(const char *data, const cc_session_meta *m, const cc_standard *std,
                  const cc_scenario *scn, const cc_record *rec, const cc_result *res, size_t keep,
                  int finish, int recover)
{
    char err[512] = "";
    cc_session *s = NULL;
    if (cc_session_begin(data, m, &s, err, sizeof err) != 0) return fail("begin", err);
    if (cc_session_audio_open(s, CC_TRACK_TRAINEE, 16000, err, sizeof err) != 0 ||
        cc_session_audio_open(s, CC_TRACK_CALLER, 22050, err, sizeof err) != 0) {
        cc_session_free(s);
        return fail("audio", err);
    }
    /* A second of a quiet tone on each track: the scoring does not listen to it,
     * the folder only has to look like a real recording. */
    int16_t x[1600];
    for (int k = 0; k < 10; k++) {
        for (size_t i = 0; i < 1600; i++) x[i] = (int16_t)(((k * 1600 + i) * 97) % 2000 - 1000);
        if (cc_session_audio_write(s, CC_TRACK_TRAINEE, x, 1600, err, sizeof err) != 0 ||
            cc_session_audio_write(s, CC_TRACK_CALLER, x, 1600, err, sizeof err) != 0) {
            cc_session_free(s);
            return fail("audio", err);
        }
    }
    /* The actions as the app logs them while the call runs: the record's timed take. */
    char *take = cc_record_to_take(rec, NULL, NULL);
    if (!take) {
        cc_session_free(s);
        return fail("take", "out of memory");
    }
    size_t logged = 0;
    int rc = 0;
    for (char *line = strtok(take, "\n"); line && logged < keep; line = strtok(NULL, "\n")) {
        if (line[0] != '@') continue;
        if (cc_session_log_append(s, line, err, sizeof err) != 0) {
            rc = fail("log", err);
            break;
        }
        logged++;
    }
    free(take);
    if (rc == 0 && !finish) {
        /* The program stopped in the middle of writing a line. */
        if (cc_session_log_append(s, "@99.000-", err, sizeof err) == 0) {
            /* cc_session_log_append ends the line; cut it back to a torn one. */
            char path[1024];
            snprintf(path, sizeof path, "%s/events.take.partial", cc_session_path(s));
            FILE *f = fopen(path, "r+");
            if (!f || fseek(f, -1, SEEK_END) != 0 || ftruncate(fileno(f), ftell(f)) != 0)
                rc = fail(path, "cannot tear the last line");
            if (f) fclose(f);
        } else {
            rc = fail("log", err);
        }
    }
    if (rc == 0 && finish && cc_session_finish(s, std, scn, rec, res, err, sizeof err) != 0)
        rc = fail("finish", err);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", cc_session_path(s));
    cc_session_free(s);
    if (rc == 0 && recover && cc_session_recover(dir, err, sizeof err) != 0) rc = fail("recover", err);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: make_session DATA SCENARIO STANDARD TAKE TRAINEE SEED\n");
        return 64;
    }
    const char *data = argv[1], *scn_path = argv[2], *std_path = argv[3], *take_path = argv[4],
               *trainee = argv[5];
    uint64_t seed = strtoull(argv[6], NULL, 10);
    setenv("TZ", "UTC", 1);
    tzset();
    char sessions[1024];
    snprintf(sessions, sizeof sessions, "%s/sessions", data);
    nftw(sessions, rm_one, 16, FTW_DEPTH | FTW_PHYS);

    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_take *take = NULL;
    int rc = 1;
    if (cc_standard_load_file(std_path, &std, d) != CC_FILE_OK ||
        cc_scenario_load_file(scn_path, std, &scn, d) != CC_FILE_OK ||
        cc_take_load_file(take_path, &take, d) != CC_FILE_OK || cc_diags_errors(d)) {
        fprintf(stderr, "make_session: cannot load the standard, scenario or take\n");
        goto done;
    }
    cc_sim *sim = cc_sim_create(std, scn, trainee, seed, NULL, NULL);
    for (size_t i = 0; sim && i < take->count; i++)
        if (cc_sim_apply(sim, &take->actions[i]) != 0) {
            fprintf(stderr, "make_session: cannot play action %zu\n", i + 1);
            cc_sim_free(sim);
            goto done;
        }
    if (!sim || cc_sim_finish(sim) != 0) {
        fprintf(stderr, "make_session: the call did not end\n");
        cc_sim_free(sim);
        goto done;
    }
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    cc_result *res = cc_score(std, scn, rec);
    cc_session_meta m = {.trainee = trainee,
                         .scenario_id = scn->id,
                         .scenario_title = scn->title,
                         .scenario_path = scn_path,
                         .standard_id = std->id,
                         .standard_path = std_path,
                         .channel = "take",
                         .seed = seed,
                         .started_at = 1709542800, /* 2024-03-04 09:00:00 UTC */
                         .program_version = "test"};
    size_t actions = take->count;
    rc = res ? record(data, &m, std, scn, rec, res, (size_t)-1, 1, 0) : 1;
    m.started_at += 60;
    if (rc == 0) rc = record(data, &m, std, scn, rec, res, actions / 2, 0, 0);
    m.started_at += 60;
    if (rc == 0) rc = record(data, &m, std, scn, rec, res, actions / 2, 0, 1);
    cc_result_free(res);
    cc_sim_free(sim);
done:
    cc_take_free(take);
    cc_scenario_free(scn);
    cc_standard_free(std);
    cc_diags_free(d);
    return rc;
}
