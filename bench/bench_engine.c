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
#include "stats.h"
#include "score.h"
#include "sim.h"

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
    bench_series answer = {0}, scoring = {0}, load = {0};
    for (int run = 0; run < runs; run++) {
        for (size_t k = 0; k < 4; k++) {
            char path[512], dir[512];
            snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, ids[k]);
            double t0 = bench_now_ms();
            cc_scenario *scn = NULL;
            cc_scenario_load_file(path, std, &scn, d);
            bench_push(&load, bench_now_ms() - t0);
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
                    double a = bench_now_ms();
                    cc_sim_apply(sim, &take->actions[i]);
                    /* a `say` is the end of an answer: the engine matches it and picks the reply */
                    if (take->actions[i].kind == CC_TAKE_SAY) bench_push(&answer, bench_now_ms() - a);
                }
                cc_sim_finish(sim);
                double b = bench_now_ms();
                cc_result *res = cc_score(std, scn, cc_call_record(cc_sim_call(sim)));
                bench_push(&scoring, bench_now_ms() - b);
                cc_result_free(res);
                cc_sim_free(sim);
                cc_take_free(take);
            }
            if (dp) closedir(dp);
            cc_scenario_free(scn);
        }
    }
    printf("| measure (pure library, %d runs) | p50 | p95 | max |\n|---|---|---|---|\n", runs);
    printf("| end of answer to caller's reply chosen, ms | %.3f | %.3f | %.3f |\n", bench_pct(answer.v, answer.n, 0.5),
           bench_pct(answer.v, answer.n, 0.95), bench_pct(answer.v, answer.n, 1.0));
    printf("| scoring a whole call, ms | %.3f | %.3f | %.3f |\n", bench_pct(scoring.v, scoring.n, 0.5),
           bench_pct(scoring.v, scoring.n, 0.95), bench_pct(scoring.v, scoring.n, 1.0));
    printf("| loading a scenario, ms | %.3f | %.3f | %.3f |\n", bench_pct(load.v, load.n, 0.5),
           bench_pct(load.v, load.n, 0.95), bench_pct(load.v, load.n, 1.0));
    free(answer.v);
    free(scoring.v);
    free(load.v);
    cc_standard_free(std);
    cc_diags_free(d);
    return 0;
}
