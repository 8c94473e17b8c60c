/* bench_judge: how well the judge agrees with a trainer, per rule, on a labelled
 * corpus of trainee answers (tests/judge/README.md for the format).
 *
 *   bench_judge [--floor] [--max-false-passes N] [--min-recall PCT] [--show] CORPUS...
 *
 * Each item is judged as a call would judge it: at its scenario node, with the
 * scenario's slots and the node's facts (game/judge.h). A judged pass is a pass
 * verdict (for a forbidden rule: none of its phrases said). Prints, per rule,
 * the items, true and false passes and fails, precision and recall of the pass
 * verdict. --show lists every item judged against its label with the evidence.
 * --floor exits 1 when more negatives were judged a pass than --max-false-passes
 * (default 0) or the recall over all items is under --min-recall (default 95 %):
 * the floors of issue 14; the table is printed either way.
 * Deterministic: the same corpus gives the same numbers. Exit 64 on bad usage,
 * 65 on a bad corpus line, 66 when a file is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "files.h"
#include "judge.h"

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

typedef struct {
    long tp, fp, fn, tn;
} counts;

static void pct(char *out, size_t n, long a, long b)
{
    if (b == 0) snprintf(out, n, "-");
    else snprintf(out, n, "%.1f %%", 100.0 * (double)a / (double)b);
}

int main(int argc, char **argv)
{
    int floor = 0, show = 0, first = 1;
    long max_fp = 0;
    double min_recall = 95.0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--floor") == 0) floor = 1;
        else if (strcmp(argv[first], "--show") == 0) show = 1;
        else if (strcmp(argv[first], "--max-false-passes") == 0 && first + 1 < argc)
            max_fp = strtol(argv[++first], NULL, 10);
        else if (strcmp(argv[first], "--min-recall") == 0 && first + 1 < argc)
            min_recall = strtod(argv[++first], NULL);
        else {
            fprintf(stderr, "bench_judge: unknown option '%s'\nusage: bench_judge [--floor] [--show] CORPUS...\n", argv[first]);
            return EX_USAGE;
        }
    }
    if (first == argc) {
        fprintf(stderr, "usage: bench_judge [--floor] [--show] CORPUS...\n");
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
        for (char *line = data, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next) *next++ = '\0';
            lineno++;
            char *l = trim(line);
            if (!*l || *l == '#') continue;
            char *f[4];
            int nf = 0;
            for (char *p = l; nf < 4; nf++) {
                f[nf] = p;
                char *bar = nf < 3 ? strchr(p, '|') : NULL;
                if (!bar) {
                    nf++;
                    break;
                }
                *bar = '\0';
                p = bar + 1;
            }
            for (int i = 0; i < nf; i++) f[i] = trim(f[i]);
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
