/* bench_tts: how quickly the caller starts speaking. For every caller line of
 * the shipped scenarios, in each persona's voice and every mood, the time from
 * asking cc_tts_say_stream() for the line to its first audio sample, and how
 * much faster than real time the whole line is made; the start-up time of
 * cc_tts_create() (cold, in a fresh process, and warm); peak memory; and the
 * cost of the DSP that runs on the same path (phone band, delivery measures).
 * Prints a markdown table. Usage: bench_tts [rounds]   (default 5) */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dsp.h"
#include "files.h"
#include "stats.h"
#include "tts.h"

typedef struct {
    double t0, first;
    size_t n;
    int16_t *keep; /* last line, for the DSP rows */
    size_t keep_n, keep_cap;
} sink;

static int on_chunk(void *ud, const int16_t *s, size_t n)
{
    sink *k = ud;
    if (k->n == 0 && n > 0) k->first = bench_now_ms() - k->t0;
    k->n += n;
    if (k->keep_n + n > k->keep_cap) {
        k->keep_cap = (k->keep_n + n) * 2;
        k->keep = realloc(k->keep, k->keep_cap * sizeof *k->keep);
        if (!k->keep) exit(71);
    }
    memcpy(k->keep + k->keep_n, s, n * sizeof *s);
    k->keep_n += n;
    return 0;
}

/* `bench_tts --cold`: one cold cc_tts_create in this fresh process; prints ms. */
static int cold_once(void)
{
    char err[256] = "";
    double t0 = bench_now_ms();
    cc_tts *t = cc_tts_create(NULL, err, sizeof err);
    double ms = bench_now_ms() - t0;
    if (!t) {
        fprintf(stderr, "bench_tts: %s\n", err);
        return 70;
    }
    printf("%.3f %ld\n", ms, bench_peak_rss_kb());
    cc_tts_free(t);
    return 0;
}

static int cold_runs(const char *self, int runs, bench_series *ms, bench_series *rss)
{
    for (int r = 0; r < runs; r++) {
        int fd[2];
        if (pipe(fd) != 0) return -1;
        pid_t pid = fork();
        if (pid < 0) return -1;
        if (pid == 0) {
            dup2(fd[1], 1);
            close(fd[0]);
            close(fd[1]);
            execl(self, self, "--cold", (char *)NULL);
            _exit(127);
        }
        close(fd[1]);
        char buf[128] = "";
        ssize_t got = read(fd[0], buf, sizeof buf - 1);
        close(fd[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        double v = 0;
        long kb = 0;
        if (got <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            sscanf(buf, "%lf %ld", &v, &kb) != 2)
            return -1;
        bench_push(ms, v);
        bench_push(rss, (double)kb);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--cold") == 0) return cold_once();
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    if (rounds < 1) rounds = 1;
    long rss0 = bench_peak_rss_kb();

    bench_series cold = {0}, cold_rss = {0};
    int cold_ok = cold_runs("/proc/self/exe", 5, &cold, &cold_rss) == 0;

    /* the shipped callers and their lines */
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    if (cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK) {
        fprintf(stderr, "bench_tts: cannot load the standard\n");
        return 66;
    }
    cc_scenario *scn[16];
    size_t nscn = 0;
    DIR *dir = opendir(CC_DATA_DIR "/scenarios");
    struct dirent *de;
    while (dir && (de = readdir(dir)) && nscn < 16) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0 || strcmp(de->d_name, "standard.yaml") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", CC_DATA_DIR, de->d_name);
        if (cc_scenario_load_file(path, std, &scn[nscn], d) == CC_FILE_OK) nscn++;
    }
    if (dir) closedir(dir);
    if (!nscn) {
        fprintf(stderr, "bench_tts: no scenarios\n");
        return 66;
    }

    char err[256] = "";
    bench_series warm = {0};
    cc_tts *t = NULL;
    for (int r = 0; r < 5; r++) {
        double t0 = bench_now_ms();
        t = cc_tts_create(NULL, err, sizeof err);
        bench_push(&warm, bench_now_ms() - t0);
        if (!t) {
            fprintf(stderr, "bench_tts: %s\n", err);
            return 70;
        }
        if (r < 4) cc_tts_free(t);
    }
    int rate = cc_tts_rate(t);

    bench_series first = {0}, first_switch = {0};
    double audio_s = 0, wall_ms = 0, cpu0 = bench_cpu_ms();
    size_t lines = 0;
    sink k = {0};
    for (int r = 0; r < rounds; r++) {
        for (size_t s = 0; s < nscn; s++) {
            for (size_t ln = 0; ln < scn[s]->nlines; ln++) {
                const cc_persona *p = &scn[s]->lines[ln].caller;
                for (size_t i = 0; i < scn[s]->nnodes; i++) {
                    const cc_node *node = &scn[s]->nodes[i];
                    for (size_t v = 0; v < node->nsay; v++) {
                        for (int mood = 0; mood < 4; mood++) {
                            k.n = 0;
                            k.keep_n = 0;
                            /* every few lines, make the voice change first */
                            int sw = (lines % 3) == 0;
                            if (sw) cc_tts_check_voice(t, "en-us", "klatt4", NULL, 0);
                            k.t0 = bench_now_ms();
                            if (cc_tts_say_stream(t, p, (cc_mood)mood, node->say[v], on_chunk, &k, err,
                                                  sizeof err) != 0) {
                                fprintf(stderr, "bench_tts: %s\n", err);
                                return 70;
                            }
                            double ms = bench_now_ms() - k.t0;
                            bench_push(sw ? &first_switch : &first, k.first);
                            audio_s += (double)k.n / rate;
                            wall_ms += ms;
                            lines++;
                        }
                    }
                }
            }
        }
    }

    double cpu_used = bench_cpu_ms() - cpu0;

    /* DSP on the same path, on the last line */
    int16_t *copy = malloc(k.keep_n * sizeof *copy);
    if (!copy) return 71;
    double band_ms = 0, dlv_ms = 0;
    for (int r = 0; r < 5; r++) {
        memcpy(copy, k.keep, k.keep_n * sizeof *copy);
        double t0 = bench_now_ms();
        cc_dsp_phone_band(copy, k.keep_n, rate);
        band_ms += bench_now_ms() - t0;
        cc_delivery dl;
        t0 = bench_now_ms();
        cc_dsp_delivery(k.keep, k.keep_n, rate, &dl);
        dlv_ms += bench_now_ms() - t0;
    }
    double line_s = (double)k.keep_n / rate;
    long rss1 = bench_peak_rss_kb();

    size_t nfirst = first.n, nsw = first_switch.n;
    double all[4096];
    size_t nall = 0;
    for (size_t i = 0; i < first.n && nall < 4096; i++) all[nall++] = first.v[i];
    for (size_t i = 0; i < first_switch.n && nall < 4096; i++) all[nall++] = first_switch.v[i];

    printf("espeak-ng %s Hz, %zu scenarios, %zu lines spoken (%d rounds x every caller "
           "line x 4 moods)\n\n",
           rate == 22050 ? "22050" : "?", nscn, lines, rounds);
    printf("| measure | p50 | p95 | max | target |\n|---|---|---|---|---|\n");
    double a50 = bench_pct(all, nall, 0.5), a95 = bench_pct(all, nall, 0.95), amax = bench_pct(all, nall, 1.0);
    printf("| line requested -> first audio sample, all (ms) | %.2f | %.2f | %.2f | <= 20 |\n", a50, a95, amax);
    printf("| ... same voice as the line before (ms, n=%zu) | %.2f | %.2f | %.2f | |\n", nfirst,
           bench_pct(first.v, first.n, 0.5), bench_pct(first.v, first.n, 0.95), bench_pct(first.v, first.n, 1.0));
    printf("| ... right after a voice change (ms, n=%zu) | %.2f | %.2f | %.2f | |\n", nsw,
           bench_pct(first_switch.v, first_switch.n, 0.5), bench_pct(first_switch.v, first_switch.n, 0.95),
           bench_pct(first_switch.v, first_switch.n, 1.0));
    if (cold_ok)
        printf("| cc_tts_create, cold: fresh process, espeak-ng init + warm-up (ms, n=%zu) | %.2f | %.2f | %.2f | |\n",
               cold.n, bench_pct(cold.v, cold.n, 0.5), bench_pct(cold.v, cold.n, 0.95), bench_pct(cold.v, cold.n, 1.0));
    else
        printf("| cc_tts_create, cold | could not run a child process | | | |\n");
    printf("| cc_tts_create, warm: after a free (ms, n=%zu) | %.2f | %.2f | %.2f | |\n", warm.n - 1,
           bench_pct(warm.v + 1, warm.n - 1, 0.5), bench_pct(warm.v + 1, warm.n - 1, 0.95),
           bench_pct(warm.v + 1, warm.n - 1, 1.0));
    printf("\n| measure | value |\n|---|---|\n");
    printf("| synthesis speed, wall clock | %.0fx real time (%.1f s of speech in %.1f ms) |\n",
           audio_s * 1e3 / wall_ms, audio_s, wall_ms);
    printf("| synthesis speed, CPU time (what other load on the machine cannot skew) | %.0fx real time |\n",
           audio_s * 1e3 / cpu_used);
    if (cold_ok)
        printf("| peak memory, a process that only creates a cc_tts | %.1f MB (max RSS) |\n",
               bench_pct(cold_rss.v, cold_rss.n, 1.0) / 1024.0);
    printf("| peak memory, this benchmark (scenarios loaded, %zu lines) | %.1f MB (max RSS; %.1f MB before "
           "espeak-ng) |\n",
           lines, rss1 / 1024.0, rss0 / 1024.0);
    printf("| phone band on a %.1f s line | %.2f ms (%.0fx real time) |\n", line_s, band_ms / 5,
           line_s * 1e3 / (band_ms / 5));
    printf("| delivery measures on a %.1f s line | %.2f ms (%.0fx real time) |\n", line_s, dlv_ms / 5,
           line_s * 1e3 / (dlv_ms / 5));

    free(copy);
    free(k.keep);
    free(first.v), free(first_switch.v), free(cold.v), free(cold_rss.v), free(warm.v);
    cc_tts_free(t);
    for (size_t s = 0; s < nscn; s++) cc_scenario_free(scn[s]);
    cc_standard_free(std);
    cc_diags_free(d);
    return a95 <= 20.0 ? 0 : 1;
}
