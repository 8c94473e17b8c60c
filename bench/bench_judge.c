/* bench_judge: how well the judge agrees with a trainer, per rule, on a labelled
 * corpus of trainee answers (tests/judge/README.md for the format).
 *
 *   bench_judge [--floor] [--max-false-passes N] [--min-recall PCT] [--show] CORPUS...
 *   bench_judge --calls MANIFEST     whole calls (tests/judge/calls.txt)
 *
 * Each item is judged as a call would judge it: at its scenario node, with the
 * scenario's slots and the node's facts (game/judge.h). A judged pass is a pass
 * verdict (for a forbidden rule: none of its phrases said). Prints, per rule,
 * the items, true and false passes and fails, precision and recall of the pass
 * verdict. --show lists every item judged against its label with the evidence.
 * --floor exits 1 when more negatives were judged a pass than --max-false-passes
 * (default 0) or the recall over all items is under --min-recall (default 95 %):
 * the floors of issue 14; the table is printed either way.
 * --calls plays each whole call of a manifest (scenario | take | pass or fail | outcome
 * | rules that pass | rules that fail; takes beside the manifest in calls/) and prints
 * how many of the trainer's verdicts, call verdicts and outcomes the judge gave;
 * with --floor it exits 1 when a call the trainer fails was judged a pass.
 * Deterministic: the same corpus gives the same numbers. Exit 64 on bad usage,
 * 65 on a bad corpus line, 66 when a file is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "files.h"
#include "judge.h"
#include "score.h"
#include "sim.h"

#define MAX_SCENARIOS 32
#define MAX_RULES 128

static const char *data_dir(void)
{
#ifdef CC_SOURCE_DIR
    return CC_SOURCE_DIR;
#else
    return ".";
#endif
}

typedef struct {
    char id[64];
    cc_scenario *scn;
    cc_slots *slots;
} loaded;

static loaded scns[MAX_SCENARIOS];
static size_t nscns;

static loaded *scenario(const cc_standard *std, const char *id)
{
    for (size_t i = 0; i < nscns; i++)
        if (strcmp(scns[i].id, id) == 0) return &scns[i];
    if (nscns == MAX_SCENARIOS) return NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", data_dir(), id);
    cc_diags *d = cc_diags_create();
    cc_scenario *s = NULL;
    cc_scenario_load_file(path, std, &s, d);
    cc_diags_free(d);
    if (!s) return NULL;
    loaded *l = &scns[nscns++];
    snprintf(l->id, sizeof l->id, "%s", id);
    l->scn = s;
    l->slots = cc_scenario_slots(std, s, "Alex");
    return l;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* The next line of a file read into data (cut in place), as its '|' fields, trimmed:
 * the last field takes the rest of the line. Blank and '#' lines are skipped. Returns
 * the number of fields (0 at the end); *pos and *lineno move on. */
static int next_fields(char **pos, int *lineno, char **f, int max)
{
    while (*pos && **pos) {
        char *line = *pos, *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        *pos = next;
        ++*lineno;
        char *l = trim(line);
        if (!*l || *l == '#') continue;
        int nf = 0;
        for (char *p = l; nf < max; nf++) {
            f[nf] = p;
            char *bar = nf < max - 1 ? strchr(p, '|') : NULL;
            if (!bar) {
                nf++;
                break;
            }
            *bar = '\0';
            p = bar + 1;
        }
        for (int i = 0; i < nf; i++) f[i] = trim(f[i]);
        return nf;
    }
    return 0;
}

typedef struct {
    long tp, fp, fn, tn;
} counts;

/* Checks one listed rule verdict; prints a disagreement. Returns 1 when it agrees. */
static int check_rule(const cc_standard *std, const cc_result *res, const char *id, cc_verdict want,
                      const char *call)
{
    int r = cc_standard_find(std, id);
    if (r < 0) {
        printf("%s: unknown rule '%s'\n", call, id);
        return 0;
    }
    if (res->rules[r].verdict == want) return 1;
    printf("%s: %s judged %s, the trainer says %s (%s)\n", call, id,
           cc_verdict_name(res->rules[r].verdict), cc_verdict_name(want), res->rules[r].evidence);
    return 0;
}

static int calls(const cc_standard *std, const char *manifest, int floor)
{
    char *data = NULL;
    size_t len = 0;
    cc_diags *d = cc_diags_create();
    if (cc_file_read(manifest, CC_FILE_MAX_BYTES, &data, &len, d) != CC_FILE_OK) {
        fprintf(stderr, "bench_judge: %s: cannot read it\n", manifest);
        cc_diags_free(d);
        return EX_NOINPUT;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", manifest);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = '\0';
    else dir[0] = '\0';
    long ncalls = 0, calls_ok = 0, outcomes_ok = 0, rules = 0, rules_ok = 0, failed_passed = 0;
    int status = 0, lineno = 0;
    char *pos = data, *f[6];
    for (int nf; !status && (nf = next_fields(&pos, &lineno, f, 6)) > 0;) {
        loaded *sc = nf == 6 ? scenario(std, f[0]) : NULL;
        if (!sc) {
            fprintf(stderr, "%s:%d:1: error: expected 'scenario | take | pass or fail | outcome | "
                            "passes | fails' with a shipped scenario\n", manifest, lineno);
            status = EX_DATAERR;
            break;
        }
        char path[2048];
        snprintf(path, sizeof path, "%scalls/%s", dir, f[1]);
        cc_take *take = NULL;
        if (cc_take_load_file(path, &take, d) != CC_FILE_OK) {
            fprintf(stderr, "%s:%d:1: error: cannot load the take %s\n", manifest, lineno, path);
            status = EX_DATAERR;
            break;
        }
        cc_sim *sim = cc_sim_create(std, sc->scn, "Alex", 1, NULL, NULL);
        for (size_t i = 0; sim && i < take->count; i++) cc_sim_apply(sim, &take->actions[i]);
        if (sim) cc_sim_finish(sim);
        cc_result *res = sim ? cc_score(std, sc->scn, cc_call_record(cc_sim_call(sim))) : NULL;
        if (!res) {
            fprintf(stderr, "bench_judge: out of memory\n");
            return EX_OSERR;
        }
        ncalls++;
        int want_pass = strcmp(f[2], "pass") == 0;
        if (res->passed == want_pass) calls_ok++;
        else printf("%s: the call judged %s (score %d), the trainer says %s\n", f[1],
                    res->passed ? "pass" : "fail", res->score, f[2]);
        if (!want_pass && res->passed) failed_passed++;
        if (res->outcome && strcmp(res->outcome, f[3]) == 0) outcomes_ok++;
        else printf("%s: outcome %s, the trainer says %s\n", f[1], res->outcome ? res->outcome : "none", f[3]);
        for (int k = 4; k <= 5; k++)
            for (char *id = strtok(f[k], ", "); id; id = strtok(NULL, ", ")) {
                rules++;
                rules_ok += check_rule(std, res, id, k == 4 ? CC_VERDICT_PASS : CC_VERDICT_FAIL, f[1]);
            }
        cc_result_free(res);
        cc_sim_free(sim);
        cc_take_free(take);
    }
    cc_diags_free(d);
    free(data);
    if (status) return status;
    printf("| whole calls | calls | call verdicts right | outcomes right | rule verdicts right |\n");
    printf("|---|---|---|---|---|\n");
    printf("| %s | %ld | %ld | %ld | %ld of %ld |\n", manifest, ncalls, calls_ok, outcomes_ok,
           rules_ok, rules);
    if (floor && failed_passed) {
        printf("FLOOR NOT MET: %ld calls a trainer fails were judged a pass\n", failed_passed);
        return 1;
    }
    return 0;
}

static void pct(char *out, size_t n, long a, long b)
{
    if (b == 0) snprintf(out, n, "-");
    else snprintf(out, n, "%.1f %%", 100.0 * (double)a / (double)b);
}

int main(int argc, char **argv)
{
    int floor = 0, show = 0, first = 1;
    const char *calls_file = NULL;
    long max_fp = 0;
    double min_recall = 95.0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--floor") == 0) floor = 1;
        else if (strcmp(argv[first], "--show") == 0) show = 1;
        else if (strcmp(argv[first], "--max-false-passes") == 0 && first + 1 < argc)
            max_fp = strtol(argv[++first], NULL, 10);
        else if (strcmp(argv[first], "--min-recall") == 0 && first + 1 < argc)
            min_recall = strtod(argv[++first], NULL);
        else if (strcmp(argv[first], "--calls") == 0 && first + 1 < argc)
            calls_file = argv[++first];
        else {
            fprintf(stderr, "bench_judge: unknown option '%s'\nusage: bench_judge [--floor] [--show] CORPUS...\n", argv[first]);
            return EX_USAGE;
        }
    }
    if (first == argc && !calls_file) {
        fprintf(stderr, "usage: bench_judge [--floor] [--show] CORPUS... | --calls MANIFEST\n");
        return EX_USAGE;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/standard.yaml", data_dir());
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_standard_load_file(path, &std, d);
    cc_diags_free(d);
    if (!std) {
        fprintf(stderr, "bench_judge: %s: cannot load the standard\n", path);
        return EX_NOINPUT;
    }
    if (calls_file) {
        int st = calls(std, calls_file, floor);
        for (size_t i = 0; i < nscns; i++) {
            cc_slots_free(scns[i].slots);
            cc_scenario_free(scns[i].scn);
        }
        cc_standard_free(std);
        return st;
    }
    static counts per[MAX_RULES];
    counts all = {0, 0, 0, 0};
    int status = 0;
    for (int a = first; a < argc && !status; a++) {
        cc_diags *fd = cc_diags_create();
        char *data = NULL;
        size_t len = 0;
        if (cc_file_read(argv[a], CC_FILE_MAX_BYTES, &data, &len, fd) != CC_FILE_OK) {
            fprintf(stderr, "bench_judge: %s: cannot read it\n", argv[a]);
            cc_diags_free(fd);
            status = EX_NOINPUT;
            break;
        }
        cc_diags_free(fd);
        int lineno = 0;
        char *pos = data, *f[4];
        for (int nf; (nf = next_fields(&pos, &lineno, f, 4)) > 0;) {
            char *slash = nf == 4 ? strchr(f[1], '/') : NULL;
            int rule = nf == 4 ? cc_standard_find(std, f[0]) : -1;
            if (nf != 4 || !slash || rule < 0 || rule >= MAX_RULES ||
                (strcmp(f[2], "+") != 0 && strcmp(f[2], "-") != 0)) {
                fprintf(stderr, "%s:%d:1: error: expected 'rule | scenario/node | + or - | answer' "
                                "with a rule of the standard\n", argv[a], lineno);
                status = EX_DATAERR;
                break;
            }
            *slash = '\0';
            loaded *sc = scenario(std, f[1]);
            int node = -1;
            for (size_t i = 0; sc && i < sc->scn->nnodes; i++)
                if (strcmp(sc->scn->nodes[i].id, slash + 1) == 0) node = (int)i;
            if (!sc || node < 0) {
                fprintf(stderr, "%s:%d:1: error: no node '%s' in scenario '%s'\n", argv[a], lineno,
                        slash + 1, f[1]);
                status = EX_DATAERR;
                break;
            }
            cc_judgement jd;
            if (cc_judge_answer(std, sc->scn, node, rule, f[3], sc->slots, &jd) != 0) {
                fprintf(stderr, "bench_judge: out of memory\n");
                return EX_OSERR;
            }
            int passed = std->rules[rule].kind == CC_DETECT_FORBIDDEN ? !jd.hit : jd.hit;
            int want = f[2][0] == '+';
            counts *c = &per[rule];
            if (want && passed) c->tp++, all.tp++;
            else if (!want && passed) c->fp++, all.fp++;
            else if (want) c->fn++, all.fn++;
            else c->tn++, all.tn++;
            if (show && passed != want)
                printf("%s:%d: %s at %s/%s labelled %s, judged %s: \"%s\" (%s%s)\n", argv[a], lineno,
                       f[0], f[1], slash + 1, want ? "pass" : "fail", passed ? "pass" : "fail", f[3],
                       jd.by_facts ? "facts: " : "", jd.evidence);
        }
        free(data);
    }
    if (!status) {
        printf("| rule | items | passes right | fails right | negatives judged pass | positives judged fail | precision | recall |\n");
        printf("|---|---|---|---|---|---|---|---|\n");
        char p[16], r[16];
        for (size_t i = 0; i < std->nrules && i < MAX_RULES; i++) {
            counts *c = &per[i];
            long n = c->tp + c->fp + c->fn + c->tn;
            if (!n) continue;
            pct(p, sizeof p, c->tp, c->tp + c->fp);
            pct(r, sizeof r, c->tp, c->tp + c->fn);
            printf("| %s | %ld | %ld | %ld | %ld | %ld | %s | %s |\n", std->rules[i].id, n, c->tp,
                   c->tn, c->fp, c->fn, p, r);
        }
        pct(p, sizeof p, all.tp, all.tp + all.fp);
        pct(r, sizeof r, all.tp, all.tp + all.fn);
        printf("| **all** | %ld | %ld | %ld | %ld | %ld | %s | %s |\n",
               all.tp + all.fp + all.fn + all.tn, all.tp, all.tn, all.fp, all.fn, p, r);
        if (floor) {
            double recall = all.tp + all.fn ? (double)all.tp / (double)(all.tp + all.fn) : 1.0;
            if (all.fp > max_fp || 100.0 * recall < min_recall) {
                printf("FLOOR NOT MET: %ld negatives judged a pass (floor %ld), recall %.1f %% (floor %g %%)\n",
                       all.fp, max_fp, 100.0 * recall, min_recall);
                status = 1;
            } else {
                printf("floors met: %ld negatives judged a pass (floor %ld), recall %.1f %% (floor %g %%)\n",
                       all.fp, max_fp, 100.0 * recall, min_recall);
            }
        }
    }
    for (size_t i = 0; i < nscns; i++) {
        cc_slots_free(scns[i].slots);
        cc_scenario_free(scns[i].scn);
    }
    cc_standard_free(std);
    return status;
}
