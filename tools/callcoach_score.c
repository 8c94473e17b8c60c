/* callcoach-score: plays a take through a scenario, headless, and prints the verdicts;
 * or scores a recorded session folder again (--session DIR). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "hear.h"
#include "report.h"
#include "score.h"
#include "sim.h"
#include "yamldoc.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-score [OPTION]... SCENARIO TAKE\n"
            "   or: callcoach-score --session DIR [--standard FILE] [--json]\n"
            "Play a take (what a trainee did, one action a line) through a scenario and\n"
            "print the verdict of every rule of the standard.\n\n"
            "  -s, --standard FILE  score against this standard (default: standard.yaml beside\n"
            "                       the scenario, else the bundled one; with --session, the\n"
            "                       standard the call was recorded with)\n"
            "  -t, --trainee NAME   the trainee's name, for {trainee} (default: Alex)\n"
            "  -j, --json           print one JSON object instead of a report\n"
            "      --seed N         choose the caller's line variants (default: 1)\n"
            "      --session DIR    score a recorded call again: DIR is its session folder\n"
            "                       (DATA/sessions/NAME); its meta.json names the scenario,\n"
            "                       the standard, the trainee and the seed, its events.take is\n"
            "                       the timed take; a call interrupted before it ended is\n"
            "                       scored from events.take.partial as far as it went\n"
            "  -h, --help           show this help and exit\n"
            "  -V, --version        show the version and exit\n\n"
            "A take may hold recorded answers (say answer.wav, relative to the take): any\n"
            "common WAV, recognised with the scenario's own language model.\n\n"
            "Exit status: 0 the call was scored (passed or not), 65 a bad scenario, standard,\n"
            "take, recording or session file, 66 a missing file or session folder, 69 no\n"
            "speech recogniser, 64 bad usage.\n");
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

/* What --session found out about the folder, for the report's first lines. */
typedef struct {
    const char *name;       /* the folder's own name */
    const char *state;      /* "finished", "unfinished" or "interrupted" */
    const char *take_file;  /* "events.take" or "events.take.partial" */
    const char *started_at; /* from meta.json, may be NULL */
    const char *recorded_standard_id, *recorded_standard_path; /* may be NULL */
    int other_standard;     /* --standard given */
    int complete;           /* the call ended while it was recorded */
} session_info;

/* Plays a take through the scenario and prints the report. given: a take read
 * already (a session's), else take_path is loaded here, after the standard and the
 * scenario, so that all their problems are reported together in that order. */
static int score_take(const char *std_path, const char *scn_path, const cc_take *given,
                      const char *take_path, const char *trainee, unsigned long long seed,
                      int json, const session_info *si)
{
    int rc = EX_SOFTWARE;
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_take *loaded = NULL;
    const cc_take *take = given;
    cc_sim *sim = NULL;
    cc_result *res = NULL;
    cc_buf out = CC_BUF_INIT;
    cc_ears ears = {NULL, NULL};
    if (!d) goto oom;

    cc_file_status st = cc_standard_load_file(std_path, &std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(scn_path, std, &scn, d);
    if (!given) {
        cc_file_status tst = cc_take_load_file(take_path, &loaded, d);
        if (st == CC_FILE_OK) st = tst;
        take = loaded;
    }
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
    if (json) {
        cc_report_json(&out, std, scn, rec, res);
        if (si && !out.failed && out.len > 0 && out.data[0] == '{') {
            /* The session goes first in the same object, so the rest reads as
             * callcoach-score --json always prints it. */
            cc_buf head = CC_BUF_INIT;
            cc_buf_puts(&head, "{\"session\":{\"folder\":");
            cc_buf_json_string(&head, si->name);
            cc_buf_puts(&head, ",\"state\":");
            cc_buf_json_string(&head, si->state);
            cc_buf_printf(&head, ",\"complete\":%s,\"take\":", si->complete ? "true" : "false");
            cc_buf_json_string(&head, si->take_file);
            cc_buf_puts(&head, ",\"started_at\":");
            if (si->started_at) cc_buf_json_string(&head, si->started_at);
            else cc_buf_puts(&head, "null");
            cc_buf_puts(&head, ",\"recorded_standard\":");
            if (si->recorded_standard_id) cc_buf_json_string(&head, si->recorded_standard_id);
            else cc_buf_puts(&head, "null");
            cc_buf_printf(&head, ",\"other_standard\":%s},", si->other_standard ? "true" : "false");
            cc_buf_append(&head, out.data + 1, out.len - 1);
            cc_buf_reset(&out);
            out = head;
        }
    } else {
        if (si) {
            cc_buf_printf(&out, "Session: %s", si->name);
            if (si->started_at) cc_buf_printf(&out, ", recorded %s", si->started_at);
            cc_buf_printf(&out, ", %s\n", si->state);
            if (!si->complete)
                cc_buf_printf(&out, "Note: %s; scored from %s as far as it was recorded\n",
                              strcmp(si->state, "interrupted") == 0
                                  ? "the call was interrupted before it ended (recovered after "
                                    "the program stopped)"
                                  : "the recording stopped before the call ended (the program "
                                    "stopped, or it is still recording)",
                              si->take_file);
            if (si->other_standard)
                cc_buf_printf(&out, "Scored again against another standard: %s (%s); recorded "
                                    "against %s\n",
                              std->id, std_path,
                              si->recorded_standard_id ? si->recorded_standard_id : "an unknown one");
            else
                cc_buf_printf(&out, "Scored again against the standard it was recorded with: %s\n",
                              std->id);
            cc_buf_puts(&out, "\n");
        }
        cc_report_text(&out, std, scn, rec, res);
    }
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
    cc_take_free(loaded);
    cc_scenario_free(scn);
    cc_standard_free(std);
    cc_diags_free(d);
    return rc;
}

/* ---- --session DIR ---- */

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    char *p = malloc(n + strlen(name) + 2);
    if (p) sprintf(p, "%.*s/%s", (int)n, dir, name);
    return p;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A string or number of meta.json, NULL when absent or null. */
static const char *meta_text(const cc_yaml_node *root, const char *key)
{
    const cc_yaml_node *v = cc_yaml_get(root, key);
    if (!v || v->kind != CC_YAML_SCALAR) return NULL;
    if (!v->quoted && (strcmp(v->text, "null") == 0 || v->text[0] == '\0')) return NULL;
    return v->text;
}

static int score_session(const char *dir, const char *standard, int json)
{
    int rc = EX_SOFTWARE;
    char *meta_path = path_in(dir, "meta.json"), *take_path = NULL, *data = NULL;
    char *name = NULL, *scn_path = NULL, *std_path = NULL;
    cc_diags *d = cc_diags_create();
    cc_yaml_doc *doc = NULL;
    cc_take *take = NULL;
    if (!meta_path || !d) goto oom;

    struct stat st;
    int found = stat(dir, &st) == 0;
    if (!found || !S_ISDIR(st.st_mode)) {
        cli_error("cannot score the session %s: %s; give the folder of a recorded call "
                  "(DATA/sessions/NAME, e.g. under ~/.local/share/callcoach)",
                  dir, found ? "it is a file, not a folder" : strerror(errno));
        rc = EX_NOINPUT;
        goto done;
    }
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    size_t b = n;
    while (b > 0 && dir[b - 1] != '/') b--;
    name = malloc(n - b + 1);
    if (!name) goto oom;
    memcpy(name, dir + b, n - b);
    name[n - b] = '\0';

    /* meta.json: the scenario, the standard, the trainee and the seed of the call. */
    if (!is_file(meta_path)) {
        cli_error("cannot score the session %s: %s is missing; it is not a session folder "
                  "written by callcoach (or meta.json was removed)",
                  dir, meta_path);
        rc = EX_NOINPUT;
        goto done;
    }
    size_t len = 0;
    cc_file_status fst = cc_file_read(meta_path, CC_FILE_MAX_BYTES, &data, &len, d);
    if (fst == CC_FILE_OK && cc_yaml_parse(meta_path, data, len, &doc, d) != 0) fst = CC_FILE_BAD;
    const cc_yaml_node *root = doc ? cc_yaml_root(doc) : NULL;
    if (fst == CC_FILE_OK && (!root || root->kind != CC_YAML_MAP)) {
        cc_diags_add(d, CC_DIAG_ERROR, meta_path, root ? root->line : 1, root ? root->col : 1,
                     "meta.json is not a JSON object");
        fst = CC_FILE_BAD;
    }
    if (fst == CC_FILE_OK && !meta_text(root, "scenario_path") && !meta_text(root, "scenario_id")) {
        cc_diags_add(d, CC_DIAG_ERROR, meta_path, root->line, root->col,
                     "names no scenario (no \"scenario_path\" or \"scenario_id\")");
        fst = CC_FILE_BAD;
    }
    if (fst != CC_FILE_OK) {
        cli_print_diags(d, stderr);
        cli_error("cannot score the session %s: its meta.json %s; fix or restore it", dir,
                  fst == CC_FILE_BAD ? "has errors" : "could not be read");
        rc = cli_exit_for(fst);
        goto done;
    }

    const char *sp = meta_text(root, "scenario_path"), *sid = meta_text(root, "scenario_id");
    if (sp) {
        scn_path = strdup(sp);
    } else {
        /* A scenario recorded without a path is one of the bundled ones. */
        char rel[512];
        snprintf(rel, sizeof rel, "scenarios/%s.yaml", sid);
        scn_path = cli_data_file(rel);
    }
    if (!scn_path) goto oom;
    if (!is_file(scn_path)) {
        cli_error("cannot score the session %s: its scenario %s (named in %s) does not exist; "
                  "run from the folder the call was recorded in, or restore the scenario",
                  dir, scn_path, meta_path);
        rc = EX_NOINPUT;
        goto done;
    }
    const char *recorded_std = meta_text(root, "standard_path");
    if (standard) {
        std_path = strdup(standard);
    } else if (recorded_std) {
        std_path = strdup(recorded_std);
        if (std_path && !is_file(std_path)) {
            cli_error("cannot score the session %s: its standard %s (named in %s) does not "
                      "exist; restore it, or give one with --standard FILE",
                      dir, std_path, meta_path);
            rc = EX_NOINPUT;
            goto done;
        }
    } else {
        std_path = cli_default_standard(NULL, scn_path);
    }
    if (!std_path) goto oom;

    /* The take: events.take when the call was finished or recovered, else the
     * partial log of a call that stopped, without its torn last line. */
    session_info si = {0};
    si.name = name;
    si.started_at = meta_text(root, "started_at");
    si.recorded_standard_id = meta_text(root, "standard_id");
    si.recorded_standard_path = recorded_std;
    si.other_standard = standard != NULL;
    char *whole = path_in(dir, "events.take"), *partial = path_in(dir, "events.take.partial");
    char *recovered = path_in(dir, "recovered.txt");
    if (!whole || !partial || !recovered) {
        free(whole);
        free(partial);
        free(recovered);
        goto oom;
    }
    const char *state = meta_text(root, "state");
    int was_recovered = is_file(recovered);
    free(recovered);
    if (is_file(whole)) {
        take_path = whole;
        free(partial);
        si.take_file = "events.take";
        int interrupted = was_recovered || (state && strcmp(state, "interrupted") == 0);
        si.state = interrupted ? "interrupted" : "finished";
        si.complete = !interrupted;
        fst = cc_take_load_file(take_path, &take, d);
    } else if (is_file(partial)) {
        take_path = partial;
        free(whole);
        si.take_file = "events.take.partial";
        si.state = "unfinished";
        si.complete = 0;
        char *log = NULL;
        size_t ll = 0;
        fst = cc_file_read(take_path, CC_TAKE_MAX_BYTES, &log, &ll, d);
        if (fst == CC_FILE_OK) {
            while (ll > 0 && log[ll - 1] != '\n') ll--; /* a line torn by the stop */
            log[ll] = '\0';
            take = cc_take_parse(take_path, log, ll, d);
            if (!take) fst = CC_FILE_BAD;
        }
        free(log);
    } else {
        cli_error("cannot score the session %s: %s is missing (and there is no "
                  "events.take.partial): nothing of the call was recorded",
                  dir, whole);
        free(whole);
        free(partial);
        rc = EX_NOINPUT;
        goto done;
    }
    if (fst != CC_FILE_OK || cc_diags_errors(d)) {
        cli_print_diags(d, stderr);
        cli_error("cannot score the session %s: its %s %s; fix the file named above", dir,
                  si.take_file, fst == CC_FILE_BAD || fst == CC_FILE_OK ? "has errors"
                                                                        : "could not be read");
        rc = cli_exit_for(fst == CC_FILE_OK ? CC_FILE_BAD : fst);
        goto done;
    }
    cli_print_diags(d, stderr);

    const char *trainee = meta_text(root, "trainee");
    unsigned long long seed = 1;
    const char *sv = meta_text(root, "seed");
    if (sv && cli_parse_u64(sv, &seed) != 0) {
        cli_error("cannot score the session %s: the seed '%s' in %s is not a whole number; fix "
                  "meta.json",
                  dir, sv, meta_path);
        rc = EX_DATAERR;
        goto done;
    }
    rc = score_take(std_path, scn_path, take, take_path, trainee ? trainee : "Alex", seed, json,
                    &si);
    goto done;
oom:
    cli_error("out of memory; close other programs and try again");
    rc = EX_OSERR;
done:
    cc_take_free(take);
    cc_yaml_free(doc);
    cc_diags_free(d);
    free(data);
    free(meta_path);
    free(take_path);
    free(name);
    free(scn_path);
    free(std_path);
    return rc;
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-score";
    static const struct option opts[] = {{"standard", required_argument, 0, 's'},
                                         {"trainee", required_argument, 0, 't'},
                                         {"json", no_argument, 0, 'j'},
                                         {"seed", required_argument, 0, 'S'},
                                         {"session", required_argument, 0, 'D'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *standard = NULL, *trainee = "Alex", *session = NULL;
    int json = 0, c, trainee_given = 0, seed_given = 0;
    unsigned long long seed = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:t:jhV", opts, NULL)) != -1) {
        switch (c) {
        case 's': standard = optarg; break;
        case 't':
            trainee = optarg;
            trainee_given = 1;
            break;
        case 'j': json = 1; break;
        case 'S':
            if (cli_parse_u64(optarg, &seed) != 0) {
                cli_error("--seed '%s' is not a whole number; give one, e.g. --seed 7", optarg);
                return EX_USAGE;
            }
            seed_given = 1;
            break;
        case 'D': session = optarg; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach-score %s\n", CC_VERSION); return EX_OK;
        default: return cli_option_error(c, argv);
        }
    }
    if (session) {
        if (argc - optind != 0) {
            cli_error("--session DIR takes no SCENARIO or TAKE: the session folder names them; "
                      "see --help");
            return EX_USAGE;
        }
        if (trainee_given || seed_given) {
            cli_error("--session DIR replays the call with the trainee and seed it was recorded "
                      "with; drop --%s",
                      trainee_given ? "trainee" : "seed");
            return EX_USAGE;
        }
        return score_session(session, standard, json);
    }
    if (argc - optind != 2) {
        cli_error("need a scenario and a take, e.g. callcoach-score scenarios/rude-caller.yaml "
                  "my.take; see --help");
        return EX_USAGE;
    }
    const char *scn_path = argv[optind], *take_path = argv[optind + 1];
    char *std_path = cli_default_standard(standard, scn_path);
    if (!std_path) {
        cli_error("out of memory; close other programs and try again");
        return EX_OSERR;
    }
    int rc = score_take(std_path, scn_path, NULL, take_path, trainee, seed, json, NULL);
    free(std_path);
    return rc;
}
