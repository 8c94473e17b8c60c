/* text_mode: the call in the terminal. Moved here from tools/callcoach.c when
 * the desktop window arrived; its behaviour (prompts, timing, report) is
 * unchanged, so tests/golden/text-session.expected still holds. Rings are
 * real time; after pick-up the conversation runs on the call clock: typing is
 * not speaking, so the time an answer takes to type does not count as silence
 * (use /wait to stay silent on purpose). */
#define _POSIX_C_SOURCE 200809L
#include "text_mode.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "fsutil.h"
#include "jsonout.h"
#include "live.h"
#include "recording.h"
#include "report.h"
#include "score.h"
#include "sim.h"

static const char *mood_word(cc_mood m)
{
    return m == CC_MOOD_CALM ? "" : cc_mood_name(m);
}

/* What the terminal shows of a call. In a demo the trainee's lines come from
 * the take, so they are printed too, each before the first caller output
 * that follows it on the call clock. */
typedef struct {
    cc_sim *sim; /* NULL until created */
    const char *trainee;
    int demo;
    size_t shown; /* trainee utterances printed */
} viewer;

static void show_trainee(viewer *v, int64_t until)
{
    if (!v->demo || !v->sim) return;
    const cc_record *r = cc_call_record(cc_sim_call(v->sim));
    for (; v->shown < r->nutterances && r->utterances[v->shown].start <= until; v->shown++)
        printf("  [%5.1f s] %s: %s\n", (double)r->utterances[v->shown].start / 1000.0, v->trainee,
               r->utterances[v->shown].text);
}

static void show(void *ud, const cc_output *o)
{
    show_trainee(ud, o->t);
    double t = (double)o->t / 1000.0;
    switch (o->kind) {
    case CC_OUT_RING:
        if (o->line != 1) printf("  [%5.1f s] line %d is ringing (ring %d): /switch to answer\n", t, o->line, o->ring);
        break;
    case CC_OUT_SAY:
        printf("  [%5.1f s] %s (line %d%s%s): %s\n", t, o->persona ? o->persona->name : "Caller",
               o->line, *mood_word(o->mood) ? ", " : "", mood_word(o->mood), o->text);
        break;
    case CC_OUT_HOLD_START: printf("  [%5.1f s] line %d on hold (music)\n", t, o->line); break;
    case CC_OUT_HOLD_END: printf("  [%5.1f s] line %d off hold\n", t, o->line); break;
    case CC_OUT_CALLER_HANGUP: printf("  [%5.1f s] the caller on line %d hung up\n", t, o->line); break;
    case CC_OUT_CALL_ENDED: printf("  [%5.1f s] call ended\n", t); break;
    default: break;
    }
    fflush(stdout);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Rings in real time until Enter; returns the ring answered on, or 0 if the
 * caller gave up or input ended. */
static int ring_until_answered(const cc_standard *std, char *line, size_t n)
{
    double cycle = std->settings.ring_seconds + std->settings.ring_gap_seconds;
    double start = now_s();
    int shown = 0;
    for (;;) {
        int ring = (int)((now_s() - start) / cycle) + 1;
        if (ring > std->settings.caller_gives_up_ring) return 0;
        if (ring > shown) {
            printf("  ring %d... (press Enter to answer)\n", ring);
            fflush(stdout);
            shown = ring;
        }
        double next = start + ring * cycle;
        int ms = (int)((next - now_s()) * 1000.0) + 1;
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        int r = poll(&p, 1, ms > 0 ? ms : 0);
        if (r < 0 && errno != EINTR) return 0;
        if (r > 0) {
            if (!fgets(line, (int)n, stdin)) return 0;
            return (int)((now_s() - start) / cycle) + 1;
        }
    }
}

/* A typed line becomes a take action: "/cmd args" or speech. */
static int to_action(const char *typed, int lineno, cc_take_action *a, cc_diags *d)
{
    if (typed[0] == '/') return cc_take_parse_line("input", lineno, typed + 1, a, d);
    memset(a, 0, sizeof *a);
    a->kind = CC_TAKE_SAY;
    a->text = strdup(typed);
    return a->text ? 1 : -1;
}

int cc_text_mode_run(const cc_text_opts *o)
{
    const char *standard = o->standard, *trainee = o->trainee;
    unsigned long long seed = o->seed;
    if (!o->scenario) {
        cli_error("no scenario to play: name one, e.g. callcoach --text "
                  "scenarios/rude-caller.yaml; see --help");
        return EX_USAGE;
    }
    if (!trainee || !*trainee) trainee = "Alex";
    const char *scn_path = o->scenario;
    int rc = EX_SOFTWARE;
    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(standard, scn_path);
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_sim *sim = NULL;
    cc_result *res = NULL;
    cc_recording *rec_to = NULL;
    cc_take *take = NULL;
    char *data_dir = NULL;
    cc_buf out = CC_BUF_INIT;
    viewer view = {NULL, trainee, o->demo, 0};
    if (!d || !std_path) goto oom;
    cc_file_status st = cc_standard_load_file(std_path, &std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(scn_path, std, &scn, d);
    cli_print_diags(d, stderr);
    if (st != CC_FILE_OK) {
        cli_error("cannot start the call: %s; fix the file named above",
                  st == CC_FILE_BAD ? "a file has errors" : "a file could not be read");
        rc = cli_exit_for(st);
        goto done;
    }
    if (o->demo) {
        char why[512];
        if (!(take = cc_live_demo_take(scn, trainee, why, sizeof why))) {
            cli_error("cannot play the demo in the terminal: %s", why);
            rc = EX_DATAERR;
            goto done;
        }
        printf("%s (demo: %s plays the model take)\n\n", scn->title, trainee);
    } else {
        printf("%s\n\n%s\nYou are %s at %s. Type what you say; /help for the keys.\n\n",
               scn->title, scn->briefing, trainee, std->company);
    }
    sim = cc_sim_create(std, scn, trainee, seed, show, &view);
    if (!sim) goto oom;
    view.sim = sim;
    /* A demonstration is the model trainee, not the trainee: nothing to keep. */
    if (!o->demo) {
        char why[512] = "";
        data_dir = cc_data_dir(NULL, why, sizeof why);
        rec_to = cc_recording_start(data_dir, std, scn, trainee, "text", seed, (int64_t)time(NULL));
        if (!rec_to) goto oom;
        if (cc_recording_problem(rec_to))
            cli_error("%s", data_dir ? cc_recording_problem(rec_to) : why);
    }
    for (size_t i = 0; take && i < take->count; i++)
        if (cc_sim_apply(sim, &take->actions[i]) == -1) goto oom;
    char line[4096];
    int ring = take ? 0 : ring_until_answered(std, line, sizeof line);
    if (ring > 0) {
        cc_take_action pick = {.kind = CC_TAKE_PICKUP, .ring = ring};
        if (cc_sim_apply(sim, &pick) != 0) goto oom;
        printf("  (you picked up on ring %d)\n", ring);
    }
    int lineno = 0;
    int prompt = isatty(STDIN_FILENO);
    while (ring > 0 && !cc_call_ended(cc_sim_call(sim))) {
        if (prompt) {
            printf("> ");
            fflush(stdout);
        }
        if (!fgets(line, sizeof line, stdin)) break;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        if (strcmp(line, "/help") == 0) {
            printf("  /hold /resume /switch /transfer EXT /hangup /wait SECONDS; anything else is "
                   "what you say\n");
            continue;
        }
        cc_take_action a;
        cc_diags *ld = cc_diags_create();
        if (!ld) goto oom;
        int r = to_action(line, lineno, &a, ld);
        if (r < 0) {
            for (size_t i = 0; i < cc_diags_count(ld); i++)
                printf("  %s\n", cc_diags_get(ld, i)->message);
        }
        cc_diags_free(ld);
        if (r <= 0) continue;
        r = cc_sim_apply(sim, &a);
        cc_take_action_clear(&a);
        if (r != 0) goto oom;
        cc_recording_log(rec_to, cc_call_record(cc_sim_call(sim)));
    }
    if (!cc_call_ended(cc_sim_call(sim))) cc_sim_finish(sim);
    show_trainee(&view, INT64_MAX);
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    res = cc_score(std, scn, rec);
    if (!res) goto oom;
    cc_report_text(&out, std, scn, rec, res);
    printf("\n%s", cc_buf_str(&out));
    rc = EX_OK;
    if (rec_to) {
        int said = cc_recording_problem(rec_to) != NULL;
        if (cc_recording_finish_record(rec_to, rec, res) != 0 && !said)
            cli_error("%s", cc_recording_problem(rec_to));
    }
    if (o->json_out) {
        char why[512];
        if (cc_write_result_json(o->json_out, std, scn, rec, res, why, sizeof why) != 0) {
            cli_error("cannot write the result to %s: %s; check the folder exists and is "
                      "writable", o->json_out, why);
            rc = EX_IOERR;
        }
    }
    goto done;
oom:
    cli_error("out of memory; close other programs and try again");
    rc = EX_OSERR;
done:
    cc_buf_reset(&out);
    cc_recording_free(rec_to);
    cc_take_free(take);
    free(data_dir);
    cc_result_free(res);
    cc_sim_free(sim);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(std_path);
    cc_diags_free(d);
    return rc;
}
