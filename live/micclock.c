/* micclock: the microphone's samples placed on the call clock (micclock.h).
 *
 * Steering. After each feed the lag of the microphone's newest sample behind
 * the clock is measured. A busy machine only ever makes that lag larger (a
 * buffer handed over late), so each one-second segment keeps the smallest lag
 * seen in it: the microphone's true delivery lag, whatever the stalls. Its
 * usual value is learnt over the first two seconds; after that each new
 * segment's slope is 1 + the error / 2 s + the error's sum / 20 s (a PI
 * controller), within +-2 %: a constant drift ends with no error at all, a
 * change of lag is taken back in a few seconds, at 2 % at most (20 ms of
 * stretch a second). */
#include "micclock.h"

#include <math.h>
#include <stdlib.h>

#define SEG 16000u          /* microphone samples a segment: one second */
#define LEARN_SEGS 2        /* segments over which the usual lag is learnt */
#define KP (1.0 / 32000.0)  /* slope per sample of lag error */
#define KI (1.0 / 320000.0) /* slope per sample of lag error, summed each segment */
#define MAX_SLEW 0.02

struct cc_micclock {
    double *p, *r;          /* segment j: call position of sample j*SEG, slope */
    size_t nseg, capseg;
    uint64_t count;         /* samples fed */
    int16_t last;           /* sample count-1, for interpolation across feeds */
    int64_t head;           /* next call position to give */
    double seg_min;         /* smallest lag seen since the last segment began */
    double usual, sum;      /* the learnt lag; the integral term */
    int learnt;
};

cc_micclock *cc_micclock_create(double origin)
{
    cc_micclock *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->capseg = 64;
    c->p = malloc(c->capseg * sizeof *c->p);
    c->r = malloc(c->capseg * sizeof *c->r);
    if (!c->p || !c->r) {
        cc_micclock_free(c);
        return NULL;
    }
    c->p[0] = origin;
    c->r[0] = 1.0;
    c->nseg = 1;
    c->head = origin > 0 ? (int64_t)ceil(origin) : 0;
    c->seg_min = HUGE_VAL;
    c->usual = HUGE_VAL;
    return c;
}

void cc_micclock_free(cc_micclock *c)
{
    if (!c) return;
    free(c->p);
    free(c->r);
    free(c);
}

static double clamp_slew(double x)
{
    return x > MAX_SLEW ? MAX_SLEW : x < -MAX_SLEW ? -MAX_SLEW : x;
}

/* The slope of a new segment, from the lags seen in the one before. */
static double next_slope(cc_micclock *c, size_t j)
{
    double seen = c->seg_min;
    c->seg_min = HUGE_VAL;
    if (!c->learnt) {
        if (seen < c->usual) c->usual = seen;
        if (j >= LEARN_SEGS && c->usual < HUGE_VAL) c->learnt = 1;
        return 1.0;
    }
    if (seen == HUGE_VAL) return c->r[j - 1]; /* nothing arrived: keep going */
    double e = seen - c->usual;
    c->sum = clamp_slew(c->sum + e * KI);
    return 1.0 + clamp_slew(e * KP + c->sum);
}

/* Segments for every sample up to index `upto` (exclusive), each with the
 * slope of the moment its first sample arrives. */
static int add_segments(cc_micclock *c, uint64_t upto)
{
    size_t want = (size_t)((upto + SEG - 1) / SEG);
    if (want <= c->nseg) return 0;
    if (want > c->capseg) {
        size_t cap = c->capseg;
        while (cap < want) cap *= 2;
        double *p = realloc(c->p, cap * sizeof *p);
        if (!p) return -1;
        c->p = p;
        double *r = realloc(c->r, cap * sizeof *r);
        if (!r) return -1;
        c->r = r;
        c->capseg = cap;
    }
    for (size_t j = c->nseg; j < want; j++) {
        c->p[j] = c->p[j - 1] + (double)SEG * c->r[j - 1];
        c->r[j] = next_slope(c, j);
    }
    c->nseg = want;
    return 0;
}

double cc_micclock_pos(const cc_micclock *c, uint64_t k)
{
    size_t j = (size_t)(k / SEG);
    if (j >= c->nseg) j = c->nseg - 1;
    return c->p[j] + (double)(k - (uint64_t)j * SEG) * c->r[j];
}

/* Sample i, with in[] holding samples first..count-1: an index before `first`
 * can only be first - 1, the previous feed's last sample. */
static double sample_at(const cc_micclock *c, const int16_t *in, uint64_t first, uint64_t i)
{
    return i < first ? c->last : in[i - first];
}

int cc_micclock_feed(cc_micclock *c, const int16_t *in, size_t n, uint64_t clock_now, int16_t *out,
                     size_t cap, size_t *nout, int64_t *at)
{
    *nout = 0;
    *at = c->head;
    if (n == 0) return 0;
    if (add_segments(c, c->count + n) != 0) return -1;
    uint64_t first = c->count; /* index of in[0] */
    c->count += n;
    /* Give every call position whose source lies within what has arrived:
     * source s between samples floor(s) and floor(s) + 1, both known. */
    size_t j = 0;
    while (j + 1 < c->nseg && c->p[j + 1] <= (double)c->head) j++;
    size_t m = 0;
    while (m < cap) {
        double o = (double)c->head;
        while (j + 1 < c->nseg && c->p[j + 1] <= o) j++;
        double s = (double)((uint64_t)j * SEG) + (o - c->p[j]) / c->r[j];
        if (s > (double)(c->count - 1)) break;
        if (s < 0) s = 0;
        uint64_t i = (uint64_t)s;
        double f = s - (double)i;
        double a = sample_at(c, in, first, i);
        double b = i + 1 < c->count ? sample_at(c, in, first, i + 1) : a;
        out[m++] = (int16_t)lrint(a + (b - a) * f);
        c->head++;
    }
    c->last = in[n - 1];
    *nout = m;
    /* Steering: how far the newest sample is behind the clock. */
    double lag = (double)clock_now - cc_micclock_pos(c, c->count);
    if (lag < c->seg_min) c->seg_min = lag;
    return 0;
}

int64_t cc_micclock_head(const cc_micclock *c) { return c->head; }
uint64_t cc_micclock_count(const cc_micclock *c) { return c->count; }
double cc_micclock_ppm(const cc_micclock *c) { return (c->r[c->nseg - 1] - 1.0) * 1e6; }
