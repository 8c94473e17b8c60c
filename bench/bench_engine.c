/* bench_engine: how long the pure library takes between the end of an answer
 * and the caller's reply being chosen (matching every branch and rule), and to
 * score a whole call. Plays every shipped take many times and reports
 * percentiles; the clock is the host's, never the library's. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "score.h"
#include "sim.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

typedef struct {
    double *v;
    size_t n, cap;
} series;

static void push(series *s, double x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) exit(71);
    }
    s->v[s->n++] = x;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 20;
    const char *ids[] = {"rude-caller", "transfer-request", "absent-colleague", "second-line"};
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    if (cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK) {
        fprintf(stderr, "bench_engine: cannot load the standard\n");
        return 66;
    }
    series answer = {0}, scoring = {0}, load = {0};
    for (int run = 0; run < runs; run++) {
        for (size_t k = 0; k < 4; k++) {
            char path[512], dir[512];
            snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, ids[k]);
            double t0 = now_ms();
            cc_scenario *scn = NULL;
            cc_scenario_load_file(path, std, &scn, d);
            push(&load, now_ms() - t0);
            if (!scn) return 65;
            snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, ids[k]);
            DIR *dp = opendir(dir);
            struct dirent *de;
            while (dp && (de = readdir(dp))) {
                if (!strstr(de->d_name, ".take")) continue;
                char tp[1024];
                snprintf(tp, sizeof tp, "%s/%s", dir, de->d_name);
                cc_take *take = NULL;
                cc_take_load_file(tp, &take, d);
                if (!take) continue;
                cc_sim *sim = cc_sim_create(std, scn, "Alex", 1, NULL, NULL);
                for (size_t i = 0; i < take->count; i++) {
                    double a = now_ms();
                    cc_sim_apply(sim, &take->actions[i]);
                    /* a `say` is the end of an answer: the engine matches it and picks the reply */
                    if (take->actions[i].kind == CC_TAKE_SAY) push(&answer, now_ms() - a);
                }
                cc_sim_finish(sim);
                double b = now_ms();
                cc_result *res = cc_score(std, scn, cc_call_record(cc_sim_call(sim)));
                push(&scoring, now_ms() - b);
                cc_result_free(res);
                cc_sim_free(sim);
                cc_take_free(take);
            }
            if (dp) closedir(dp);
            cc_scenario_free(scn);
        }
    }
    printf("| measure (pure library, %d runs) | p50 | p95 | max |\n|---|---|---|---|\n", runs);
    printf("| end of answer to caller's reply chosen, ms | %.3f | %.3f | %.3f |\n", pct(answer.v, answer.n, 0.5),
           pct(answer.v, answer.n, 0.95), pct(answer.v, answer.n, 1.0));
    printf("| scoring a whole call, ms | %.3f | %.3f | %.3f |\n", pct(scoring.v, scoring.n, 0.5),
           pct(scoring.v, scoring.n, 0.95), pct(scoring.v, scoring.n, 1.0));
    printf("| loading a scenario, ms | %.3f | %.3f | %.3f |\n", pct(load.v, load.n, 0.5),
           pct(load.v, load.n, 0.95), pct(load.v, load.n, 1.0));
    free(answer.v);
    free(scoring.v);
    free(load.v);
    cc_standard_free(std);
    cc_diags_free(d);
    return 0;
}
