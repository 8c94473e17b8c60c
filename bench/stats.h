/* stats: what every benchmark needs to measure and summarise: clocks, a
 * growing series of samples, percentiles, peak memory. Header-only so each
 * benchmark stays one file; the measuring is the host's, never the library's. */
#ifndef CC_BENCH_STATS_H
#define CC_BENCH_STATS_H

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static inline double bench_clock_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
static inline double bench_now_ms(void) { return bench_clock_ms(CLOCK_MONOTONIC); }
static inline double bench_cpu_ms(void) { return bench_clock_ms(CLOCK_PROCESS_CPUTIME_ID); }

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th quantile (0..1) by the nearest rank; sorts v. 0 for no samples. */
static inline double bench_pct(double *v, size_t n, double p)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

typedef struct {
    double *v;
    size_t n, cap;
} bench_series;

/* Exits 71 (EX_OSERR) on out of memory: a benchmark has nothing to save. */
static inline void bench_push(bench_series *s, double x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) exit(71);
    }
    s->v[s->n++] = x;
}

/* Peak resident memory of this process so far, in KiB. */
static inline long bench_peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

#endif
