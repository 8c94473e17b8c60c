/* tracks: see tracks.h. */
#include "tracks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 10 s: far more than the main loop ever falls behind, even when a busy
 * machine runs the test's disk driver faster than real time. */
#define OUT_RING (CC_TRACKS_RATE * 10)

typedef struct {
    int16_t *s;
    size_t n, cap;
} track;

struct cc_tracks {
    /* What the mixer played, from the device thread (under the platform lock). */
    int16_t *ring, *scratch;
    size_t head, len, grabbed;
    uint64_t dropped, grabbed_lost, lost_total;
    track tracks[2];   /* indexed by cc_tracks_side */
    size_t n;          /* samples of the call so far */
    int failed;
    char problem[256];
};

cc_tracks *cc_tracks_create(void)
{
    cc_tracks *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->ring = malloc(OUT_RING * sizeof *t->ring);
    t->scratch = malloc(OUT_RING * sizeof *t->scratch);
    if (!t->ring || !t->scratch) {
        cc_tracks_free(t);
        return NULL;
    }
    return t;
}

void cc_tracks_free(cc_tracks *t)
{
    if (!t) return;
    free(t->ring);
    free(t->scratch);
    for (int k = 0; k < 2; k++) free(t->tracks[k].s);
    free(t);
}

void cc_tracks_played(cc_tracks *t, const int16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t->len == OUT_RING) {
            t->dropped++;
            continue;
        }
        t->ring[(t->head + t->len) % OUT_RING] = s[i];
        t->len++;
    }
}

size_t cc_tracks_ring_len(const cc_tracks *t) { return t->len; }

void cc_tracks_grab(cc_tracks *t)
{
    size_t n = 0;
    while (t->len > 0) {
        size_t k = t->len;
        if (k > OUT_RING - t->head) k = OUT_RING - t->head;
        memcpy(t->scratch + n, t->ring + t->head, k * sizeof *t->scratch);
        n += k;
        t->head = (t->head + k) % OUT_RING;
        t->len -= k;
    }
    t->grabbed = n;
    t->grabbed_lost = t->dropped;
    t->lost_total += t->dropped;
    t->dropped = 0;
}

void cc_tracks_fail(cc_tracks *t, size_t want)
{
    if (t->failed) return;
    t->failed = 1;
    snprintf(t->problem, sizeof t->problem,
             "the call's audio is no longer recorded: out of memory at %.0f s of call "
             "(%.0f MB a side); the call goes on and is scored; close other programs before "
             "the next call",
             (double)want / CC_TRACKS_RATE, (double)want * sizeof(int16_t) / (1024.0 * 1024.0));
}

/* Makes the track at least n samples long, the new ones silent. Geometric
 * growth: an hour is 57.6 M samples a track, grown in about 20 steps. */
static int reserve(cc_tracks *t, track *k, size_t n)
{
    if (t->failed) return -1;
    if (n > k->cap) {
        size_t cap = k->cap ? k->cap : CC_TRACKS_RATE * 16;
        while (cap < n) cap = cap > SIZE_MAX / 4 ? n : cap * 2;
        int16_t *p = realloc(k->s, cap * sizeof *p);
        if (!p) {
            cc_tracks_fail(t, n);
            return -1;
        }
        k->s = p;
        k->cap = cap;
    }
    if (n > k->n) {
        memset(k->s + k->n, 0, (n - k->n) * sizeof *k->s);
        k->n = n;
    }
    return 0;
}

void cc_tracks_put(cc_tracks *t, cc_tracks_side which, int64_t at, const int16_t *s, size_t n)
{
    track *k = &t->tracks[which];
    if (at < 0) {
        if ((uint64_t)-at >= n) return;
        s += -at;
        n -= (size_t)-at;
        at = 0;
    }
    if (reserve(t, k, (size_t)at + n) != 0) return;
    memcpy(k->s + at, s, n * sizeof *s);
}

void cc_tracks_keep(cc_tracks *t)
{
    track *k = &t->tracks[CC_TRACKS_CALLER];
    if (t->grabbed) cc_tracks_put(t, CC_TRACKS_CALLER, (int64_t)k->n, t->scratch, t->grabbed);
    if (t->grabbed_lost) reserve(t, k, k->n + t->grabbed_lost);
    t->grabbed = t->grabbed_lost = 0;
}

void cc_tracks_reach(cc_tracks *t, uint64_t pos)
{
    for (int k = 0; k < 2; k++) reserve(t, &t->tracks[k], (size_t)pos);
    if (!t->failed) t->n = (size_t)pos;
}

size_t cc_tracks_get(const cc_tracks *t, cc_tracks_side which, size_t limit, const int16_t **pcm)
{
    const track *k = &t->tracks[which];
    size_t n = t->n < k->n ? t->n : k->n;
    if (limit < n) n = limit;
    *pcm = n ? k->s : NULL;
    return n;
}

size_t cc_tracks_len(const cc_tracks *t) { return t->n; }
uint64_t cc_tracks_caller_lost(const cc_tracks *t) { return t->lost_total; }
const char *cc_tracks_problem(const cc_tracks *t) { return t->failed ? t->problem : NULL; }
