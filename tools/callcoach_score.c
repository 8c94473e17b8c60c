/* callcoach-score: plays a take through a scenario, headless, and prints the verdicts. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "hear.h"
#include "report.h"
#include "score.h"
#include "sim.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-score [OPTION]... SCENARIO TAKE\n"
            "Play a take (what a trainee did, one action a line) through a scenario and\n"
            "print the verdict of every rule of the standard.\n\n"
            "  -s, --standard FILE  score against this standard (default: standard.yaml beside\n"
            "                       the scenario, else the bundled one)\n"
            "  -t, --trainee NAME   the trainee's name, for {trainee} (default: Alex)\n"
            "  -j, --json           print one JSON object instead of a report\n"
            "      --seed N         choose the caller's line variants (default: 1)\n"
            "  -h, --help           show this help and exit\n"
            "  -V, --version        show the version and exit\n\n"
            "A take may hold recorded answers (say answer.wav, relative to the take): any\n"
            "common WAV, recognised with the scenario's own language model.\n\n"
            "Exit status: 0 the call was scored (passed or not), 65 a bad scenario, standard,\n"
            "take or recording, 66 a missing file, 69 no speech recogniser, 64 bad usage.\n");
}

/* A WAV path in a take is relative to the take's folder. */
static char *beside(const char *take_path, const char *file)
{
    if (file[0] == '/') return strdup(file);
    const char *slash = strrchr(take_path, '/');
    size_t dir = slash ? (size_t)(slash - take_path) + 1 : 0;
    char *p = malloc(dir + strlen(file) + 1);
    if (!p) return NULL;
    memcpy(p, take_path, dir);
    strcpy(p + dir, file);
    return p;
}

/* The recogniser is built only for takes with recorded answers: it costs a
 * model build that typed takes do not need. */
typedef struct {
    cc_tts *tts;
    cc_listener *listener;
} cc_ears;

static int hear_wav(cc_ears *e, const cc_standard *std, const cc_scenario *scn, const char *trainee,
                    const char *take_path, const cc_take_action *a, cc_sim *sim)
{
    char err[512] = "";
    if (!e->listener) {
        e->tts = cc_tts_create(NULL, err, sizeof err); /* names only; works without */
        char *conv = cli_data_file("assets/conversation.txt");
        cc_listener_config cfg = {std, scn, trainee, conv, e->tts, NULL};
        e->listener = cc_listener_create(&cfg, err, sizeof err);
        free(conv);
        if (!e->listener) {
            cli_error("cannot recognise recorded answers: %s; check that pocketsphinx-en-us is "
                      "installed",
                      err);
            return EX_UNAVAILABLE;
        }
    }
    char *path = beside(take_path, a->text);
    if (!path) return EX_OSERR;
    int missing = access(path, F_OK) != 0;
    cc_heard h;
    int rc = missing ? -1 : cc_listener_hear_file(e->listener, path, &h, err, sizeof err);
    if (rc != 0) {
        if (missing)
            cli_error("%s:%d:%d: the recorded answer %s does not exist; record it or fix the path "
                      "(it is relative to the take)",
                      take_path, a->line, a->col, path);
        else
            cli_error("%s:%d:%d: %s", take_path, a->line, a->col, err);
        free(path);
        return missing ? EX_NOINPUT : EX_DATAERR;
    }
    free(path);
    return cc_sim_say_heard(sim, &h) == 0 ? EX_OK : EX_OSERR;
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-score";
    static const struct option opts[] = {{"standard", required_argument, 0, 's'},
                                         {"trainee", required_argument, 0, 't'},
                                         {"json", no_argument, 0, 'j'},
                                         {"seed", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *standard = NULL, *trainee = "Alex";
    int json = 0, c;
    unsigned long long seed = 1;
    while ((c = getopt_long(argc, argv, "s:t:jhV", opts, NULL)) != -1) {
        switch (c) {
        case 's': standard = optarg; break;
        case 't': trainee = optarg; break;
        case 'j': json = 1; break;
        case 'S':
            if (cli_parse_u64(optarg, &seed) != 0) {
                cli_error("bad --seed '%s': give a whole number, e.g. --seed 7", optarg);
                return EX_USAGE;
            }
            break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach-score %s\n", CC_VERSION); return EX_OK;
        default: usage(stderr); return EX_USAGE;
        }
    }
    if (argc - optind != 2) {
        cli_error("need a scenario and a take, e.g. callcoach-score scenarios/rude-caller.yaml "
                  "my.take; see --help");
        return EX_USAGE;
    }
    const char *scn_path = argv[optind], *take_path = argv[optind + 1];
    int rc = EX_SOFTWARE;
    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(standard, scn_path);
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_take *take = NULL;
    cc_sim *sim = NULL;
    cc_result *res = NULL;
    cc_buf out = CC_BUF_INIT;
    cc_ears ears = {NULL, NULL};
    if (!d || !std_path) goto oom;

    cc_file_status st = cc_standard_load_file(std_path, &std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(scn_path, std, &scn, d);
    cc_file_status tst = cc_take_load_file(take_path, &take, d);
    if (st == CC_FILE_OK) st = tst;
    if (st != CC_FILE_OK || cc_diags_errors(d)) {
        cli_print_diags(d, stderr);
        cli_error("cannot score: %s; fix the file%s named above",
                  st == CC_FILE_BAD ? "a file has errors" : "a file could not be read",
                  cc_diags_errors(d) > 1 ? "s" : "");
        rc = cli_exit_for(st == CC_FILE_OK ? CC_FILE_BAD : st);
        goto done;
    }
    cli_print_diags(d, stderr); /* warnings */

    sim = cc_sim_create(std, scn, trainee, seed, NULL, NULL);
    if (!sim) goto oom;
    for (size_t i = 0; i < take->count; i++) {
        const cc_take_action *a = &take->actions[i];
        int r = cc_sim_apply(sim, a);
        if (r == -2) {
            rc = hear_wav(&ears, std, scn, trainee, take_path, a, sim);
            if (rc == EX_OSERR) goto oom;
            if (rc != EX_OK) goto done;
            continue;
        }
        if (r != 0) goto oom;
    }
    if (cc_sim_finish(sim) != 0 && !cc_call_ended(cc_sim_call(sim))) {
        cli_error("the call did not end within two hours of call time: the scenario '%s' has "
                  "no way to end; give its last nodes 'end: true'",
                  scn_path);
        rc = EX_DATAERR;
        goto done;
    }
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    res = cc_score(std, scn, rec);
    if (!res) goto oom;
    if (json) cc_report_json(&out, std, scn, rec, res);
    else cc_report_text(&out, std, scn, rec, res);
    if (out.failed) goto oom;
    fputs(cc_buf_str(&out), stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the report: output error; check the disk or the pipe");
        rc = EX_IOERR;
        goto done;
    }
    rc = EX_OK;
    goto done;
oom:
    cli_error("out of memory; close other programs and try again");
    rc = EX_OSERR;
done:
    cc_listener_free(ears.listener);
    cc_tts_free(ears.tts);
    cc_buf_reset(&out);
    cc_result_free(res);
    cc_sim_free(sim);
    cc_take_free(take);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(std_path);
    cc_diags_free(d);
    return rc;
}
