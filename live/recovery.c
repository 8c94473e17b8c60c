/* recovery: the calls a crash interrupted, found at start-up, made whole, scored and
 * added to the history (live/recording.c records them so that this can be done). */
#define _XOPEN_SOURCE 700
#include "recovery.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "files.h"
#include "fsutil.h"
#include "history.h"
#include "meta.h"
#include "recover.h"
#include "score.h"
#include "session.h"
#include "sim.h"
#include "take.h"


/* Keys before answers at the same moment, as cc_record_to_take orders them. */
static int action_cmp(const void *x, const void *y)
{
    const cc_take_action *a = x, *b = y;
    if (a->at_ms != b->at_ms) return a->at_ms < b->at_ms ? -1 : 1;
    int ka = a->kind == CC_TAKE_SAY || a->kind == CC_TAKE_INTERRUPT;
    int kb = b->kind == CC_TAKE_SAY || b->kind == CC_TAKE_INTERRUPT;
    if (ka != kb) return ka - kb;
    return a->line - b->line; /* the order they were logged in */
}

static int exists(const char *p)
{
    FILE *f = p ? fopen(p, "rb") : NULL;
    if (f) fclose(f);
    return f != NULL;
}

/* The scenario and standard of an interrupted call: the files it was played
 * with, else the bundled ones of the same id. */
static int load_files(const cc_unfinished *u, const char *bundled, cc_standard **std,
                      cc_scenario **scn, char *why, size_t whylen)
{
    char alt[4096] = "";
    const char *scn_path = u->scenario_path;
    if (!exists(scn_path) && bundled && u->scenario_id) {
        snprintf(alt, sizeof alt, "%s/%s.yaml", bundled, u->scenario_id);
        scn_path = alt;
    }
    if (!exists(scn_path)) {
        snprintf(why, whylen, "its scenario %s is gone",
                 u->scenario_path ? u->scenario_path : u->scenario_id ? u->scenario_id : "(unknown)");
        return -1;
    }
    char *std_path = exists(u->standard_path) ? strdup(u->standard_path)
                                              : cli_default_standard(NULL, scn_path);
    cc_diags *d = cc_diags_create();
    int rc = -1;
    if (!std_path || !d) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    if (cc_standard_load_file(std_path, std, d) != CC_FILE_OK ||
        cc_scenario_load_file(scn_path, *std, scn, d) != CC_FILE_OK || !*scn) {
        snprintf(why, whylen, "its scenario or standard now has errors (callcoach-lint %s)", scn_path);
        goto done;
    }
    rc = 0;
done:
    free(std_path);
    cc_diags_free(d);
    return rc;
}

/* Replays events.take and finishes the folder. *score gets the score. */
static int score_recovered(const cc_unfinished *u, const char *data_dir, const char *bundled,
                           int *score, char *why, size_t whylen)
{
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_take *take = NULL;
    cc_sim *sim = NULL;
    cc_result *res = NULL;
    cc_session *s = NULL;
    cc_diags *d = cc_diags_create();
    char *tp = cc_fs_join(u->path, "events.take");
    int rc = -1;
    if (!d || !tp) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    if (load_files(u, bundled, &std, &scn, why, whylen) != 0) goto done;
    if (cc_take_load_file(tp, &take, d) != CC_FILE_OK || !take) {
        snprintf(why, whylen, "its events could not be read back");
        goto done;
    }
    /* Lines were logged as they became known; the call happened in time order. */
    for (size_t i = 0; i < take->count; i++)
        if (!take->actions[i].timed) take->actions[i].at_ms = 0;
    qsort(take->actions, take->count, sizeof *take->actions, action_cmp);
    sim = cc_sim_create(std, scn, u->trainee ? u->trainee : "Trainee", u->seed, NULL, NULL);
    if (!sim) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < take->count; i++)
        if (cc_sim_apply(sim, &take->actions[i]) != 0) {
            snprintf(why, whylen, "its events could not be replayed");
            goto done;
        }
    /* The trainee's part ends where the recording ends: the call runs out from there. */
    if (!cc_call_ended(cc_sim_call(sim))) cc_sim_finish(sim);
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    res = cc_score(std, scn, rec);
    if (!res) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    char err[512];
    if (cc_session_reopen(u->path, &s, err, sizeof err) != 0 ||
        cc_session_finish(s, std, scn, rec, res, err, sizeof err) != 0) {
        snprintf(why, whylen, "%s", err);
        goto done;
    }
    cc_history_how how = {cc_meta_channel(u->how.channel), u->how.mode, u->how.answers,
                          u->how.retry_of, u->name, u->how.retry_turn, u->how.kept_ms,
                          u->started_at};
    if (cc_history_store_result(data_dir, std, scn, rec, res, &how, err, sizeof err) != 0) {
        snprintf(why, whylen, "%s", err);
        goto done;
    }
    *score = res->score;
    rc = 0;
done:
    cc_session_free(s);
    cc_result_free(res);
    cc_sim_free(sim);
    cc_take_free(take);
    cc_scenario_free(scn);
    cc_standard_free(std);
    cc_diags_free(d);
    free(tp);
    return rc;
}

static void appendf(char *msg, size_t msglen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void appendf(char *msg, size_t msglen, const char *fmt, ...)
{
    size_t n = strlen(msg);
    if (n + 1 >= msglen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, msglen - n, fmt, ap);
    va_end(ap);
}

int cc_recovery_run(const char *data_dir, const char *bundled_scenarios, char *msg,
                             size_t msglen)
{
    if (msg && msglen) msg[0] = '\0';
    char tmp[1];
    if (!msg || !msglen) {
        msg = tmp;
        msglen = sizeof tmp;
        tmp[0] = '\0';
    }
    if (!data_dir) return 0;
    cc_unfinished *u = NULL;
    size_t n = 0;
    char err[512];
    if (cc_session_find_unfinished(data_dir, &u, &n, err, sizeof err) != 0) {
        snprintf(msg, msglen, "Interrupted calls could not be looked for: %s", err);
        return 0;
    }
    int recovered = 0;
    for (size_t i = 0; i < n; i++) {
        char why[600] = "";
        char when[32] = "";
        if (u[i].started_at > 0) {
            time_t t = (time_t)u[i].started_at;
            struct tm tm;
            if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        }
        appendf(msg, msglen, "%s%s (%s%s%s, %.0f s of audio, %zu actions): ",
                recovered ? "; " : "", u[i].scenario_id ? u[i].scenario_id : u[i].name,
                u[i].trainee ? u[i].trainee : "?", when[0] ? ", " : "", when,
                u[i].trainee_seconds, u[i].log_actions);
        recovered++;
        if (cc_session_recover(u[i].path, err, sizeof err) != 0) {
            appendf(msg, msglen, "kept as it is, not scored: %s", err);
            continue;
        }
        int score = 0;
        if (score_recovered(&u[i], data_dir, bundled_scenarios, &score, why, sizeof why) == 0)
            appendf(msg, msglen, "scored %d/100 and added to your history", score);
        else
            appendf(msg, msglen, "audio and events kept in %s, not scored: %s", u[i].path, why);
    }
    cc_unfinished_free(u, n);
    if (recovered) {
        char body[2048];
        snprintf(body, sizeof body, "%s", msg);
        snprintf(msg, msglen, "Recovered %d interrupted call%s: %s.", recovered,
                 recovered == 1 ? "" : "s", body);
    }
    return recovered;
}
