/* player: see player.h. The pieces are mixed into one buffer when play() is
 * called, so the device callback is a copy and a counter, and the main thread
 * swaps the buffer in under the platform's lock. */
#include "player.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cc_player {
    const cc_platform *plat;
    int rate;
    int open;
    /* Shared with the device thread: changed only under plat->audio->lock(). */
    int16_t *buf;
    size_t n, pos;
    size_t *starts;   /* npieces + 1 offsets into buf */
    int64_t *origins; /* per piece */
    size_t npieces;
};

cc_player *cc_player_create(const cc_platform *plat, int rate, char *err, size_t errlen)
{
    cc_player *p = calloc(1, sizeof *p);
    if (!p) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->plat = plat;
    p->rate = rate;
    char why[256] = "";
    if (plat->audio->open_out(rate, cc_player_fill, p, why, sizeof why) != 0) {
        if (errlen) snprintf(err, errlen, "%s", why[0] ? why : "the sound output could not be opened");
        free(p);
        return NULL;
    }
    p->open = 1;
    return p;
}

void cc_player_free(cc_player *p)
{
    if (!p) return;
    /* The device stops before the buffer it reads goes away. */
    if (p->open) p->plat->audio->close_out();
    free(p->buf);
    free(p->starts);
    free(p->origins);
    free(p);
}

void cc_player_fill(void *player, int16_t *out, size_t n)
{
    cc_player *p = player;
    size_t k = 0;
    if (p->buf && p->pos < p->n) {
        k = p->n - p->pos < n ? p->n - p->pos : n;
        memcpy(out, p->buf + p->pos, k * sizeof *out);
        p->pos += k;
    }
    if (k < n) memset(out + k, 0, (n - k) * sizeof *out);
}

static int16_t mix2(int a, int b)
{
    int v = a + b;
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static void swap_in(cc_player *p, int16_t *buf, size_t n, size_t *starts, int64_t *origins,
                    size_t npieces)
{
    p->plat->audio->lock();
    int16_t *old_buf = p->buf;
    size_t *old_starts = p->starts;
    int64_t *old_origins = p->origins;
    p->buf = buf;
    p->n = n;
    p->pos = 0;
    p->starts = starts;
    p->origins = origins;
    p->npieces = npieces;
    p->plat->audio->unlock();
    free(old_buf);
    free(old_starts);
    free(old_origins);
}

int cc_player_play(cc_player *p, const cc_player_piece *pieces, size_t n, char *err, size_t errlen)
{
    if (!p) {
        if (errlen) snprintf(err, errlen, "there is no sound output");
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += pieces[i].n;
    int16_t *buf = malloc((total ? total : 1) * sizeof *buf);
    size_t *starts = malloc((n + 1) * sizeof *starts);
    int64_t *origins = malloc((n ? n : 1) * sizeof *origins);
    if (!buf || !starts || !origins) {
        free(buf);
        free(starts);
        free(origins);
        cc_player_stop(p);
        if (errlen) snprintf(err, errlen, "out of memory for %zu samples", total);
        return -1;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const cc_player_piece *pc = &pieces[i];
        starts[i] = at;
        origins[i] = pc->origin;
        for (size_t k = 0; k < pc->n; k++)
            buf[at + k] = mix2(pc->a ? pc->a[k] : 0, pc->b ? pc->b[k] : 0);
        at += pc->n;
    }
    starts[n] = at;
    swap_in(p, buf, total, starts, origins, n);
    return 0;
}

void cc_player_stop(cc_player *p)
{
    if (!p) return;
    swap_in(p, NULL, 0, NULL, NULL, 0);
}

int cc_player_busy(const cc_player *p)
{
    if (!p) return 0;
    p->plat->audio->lock();
    int busy = p->buf && p->pos < p->n;
    p->plat->audio->unlock();
    return busy;
}

size_t cc_player_played(const cc_player *p)
{
    if (!p) return 0;
    p->plat->audio->lock();
    size_t pos = p->pos;
    p->plat->audio->unlock();
    return pos;
}

int cc_player_where(const cc_player *p, int64_t *timeline)
{
    int piece = -1;
    int64_t t = -1;
    if (p) {
        p->plat->audio->lock();
        if (p->buf && p->pos < p->n) {
            for (size_t i = 0; i < p->npieces; i++)
                if (p->pos >= p->starts[i] && p->pos < p->starts[i + 1]) {
                    piece = (int)i;
                    if (p->origins[i] >= 0) t = p->origins[i] + (int64_t)(p->pos - p->starts[i]);
                    break;
                }
        }
        p->plat->audio->unlock();
    }
    if (timeline) *timeline = t;
    return piece;
}
