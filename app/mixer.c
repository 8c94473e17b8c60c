/* mixer: see mixer.h. Sums caller lines, the ringer and hold music with
 * saturation; caller lines are the loudest thing, tones sit below them. */
#include "mixer.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINES 32
#define MAX_DONE 64
#define MAX_RINGS 16

typedef struct {
    unsigned id;
    int phone_line;
    int16_t *pcm;
    size_t n;
    uint64_t start; /* position of its first sample; decided when queued */
} voice_line;

typedef struct {
    uint64_t start, end;
} span;

struct cc_mixer {
    int rate;
    uint64_t pos;
    voice_line lines[MAX_LINES];
    size_t nlines;
    struct {
        unsigned id;
        uint64_t at;
    } done[MAX_DONE];
    size_t ndone;
    span rings[MAX_RINGS];
    size_t nrings;
    int hold_on;
    int muted[4];
    cc_tone_fn ring_fn, hold_fn;
    uint64_t hold_pos; /* hold music resumes where it stopped, like a real loop */
    int16_t tmp[1024];
    double level;
};

cc_mixer *cc_mixer_create(int rate)
{
    cc_mixer *m = calloc(1, sizeof *m);
    if (m) m->rate = rate;
    return m;
}

void cc_mixer_free(cc_mixer *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nlines; i++) free(m->lines[i].pcm);
    free(m);
}

void cc_mixer_set_tones(cc_mixer *m, cc_tone_fn ring, cc_tone_fn hold)
{
    m->ring_fn = ring;
    m->hold_fn = hold;
}

uint64_t cc_mixer_pos(const cc_mixer *m) { return m->pos; }
int cc_mixer_rate(const cc_mixer *m) { return m->rate; }

static void push_done(cc_mixer *m, unsigned id, uint64_t at)
{
    if (m->ndone < MAX_DONE) {
        m->done[m->ndone].id = id;
        m->done[m->ndone].at = at;
        m->ndone++;
    }
}

int cc_mixer_play(cc_mixer *m, unsigned id, int phone_line, int16_t *pcm, size_t n,
                  uint64_t not_before)
{
    if (m->nlines == MAX_LINES) {
        free(pcm);
        return -1;
    }
    uint64_t start = not_before > m->pos ? not_before : m->pos;
    if (n == 0) {
        /* Nothing to play: it is over as soon as it starts. */
        free(pcm);
        if (start <= m->pos) {
            push_done(m, id, m->pos);
            return 0;
        }
    }
    m->lines[m->nlines++] = (voice_line){id, phone_line, pcm, n, start};
    return 0;
}

size_t cc_mixer_playing(const cc_mixer *m) { return m->nlines; }

int cc_mixer_line_busy(const cc_mixer *m, int phone_line)
{
    for (size_t i = 0; i < m->nlines; i++)
        if (m->lines[i].phone_line == phone_line) return 1;
    return 0;
}

uint64_t cc_mixer_line_end(const cc_mixer *m, int phone_line)
{
    uint64_t end = 0;
    for (size_t i = 0; i < m->nlines; i++)
        if (m->lines[i].phone_line == phone_line && m->lines[i].start + m->lines[i].n > end)
            end = m->lines[i].start + m->lines[i].n;
    return end;
}

void cc_mixer_mute_line(cc_mixer *m, int phone_line, int muted)
{
    if (phone_line >= 0 && phone_line < 4) m->muted[phone_line] = muted;
}

void cc_mixer_drop_line(cc_mixer *m, int phone_line)
{
    size_t j = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        if (m->lines[i].phone_line == phone_line) free(m->lines[i].pcm);
        else m->lines[j++] = m->lines[i];
    }
    m->nlines = j;
}

int cc_mixer_take_done(cc_mixer *m, unsigned *id, uint64_t *at)
{
    if (m->ndone == 0) return 0;
    *id = m->done[0].id;
    *at = m->done[0].at;
    memmove(m->done, m->done + 1, (m->ndone - 1) * sizeof m->done[0]);
    m->ndone--;
    return 1;
}

void cc_mixer_ring(cc_mixer *m, uint64_t start, uint64_t len)
{
    if (m->nrings == MAX_RINGS) {
        memmove(m->rings, m->rings + 1, (MAX_RINGS - 1) * sizeof m->rings[0]);
        m->nrings--;
    }
    m->rings[m->nrings++] = (span){start, start + len};
}

void cc_mixer_ring_stop(cc_mixer *m) { m->nrings = 0; }
void cc_mixer_hold(cc_mixer *m, int on) { m->hold_on = on; }
double cc_mixer_voice_level(const cc_mixer *m) { return m->level; }

static int16_t clip(int32_t v)
{
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/* Adds n samples of a tone (from its sample pos) into out. Ring tones are
 * taken modulo the generator's first 2 s, its "on" part, so a standard with
 * longer rings still hears a steady ring. */
static void add_tone(cc_mixer *m, cc_tone_fn fn, int16_t *out, size_t n, uint64_t pos, int ring)
{
    uint64_t period = (uint64_t)m->rate * 2;
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        uint64_t p = pos;
        if (ring) {
            p = pos % period;
            if (k > period - p) k = (size_t)(period - p);
        }
        fn(m->tmp, k, m->rate, p);
        for (size_t i = 0; i < k; i++) out[i] = clip((int32_t)out[i] + m->tmp[i]);
        out += k;
        n -= k;
        pos += k;
    }
}

void cc_mixer_seek(cc_mixer *m, uint64_t pos)
{
    m->pos = pos;
}

void cc_mixer_fill(cc_mixer *m, int16_t *out, size_t n) { cc_mixer_fill2(m, out, NULL, n); }

void cc_mixer_fill2(cc_mixer *m, int16_t *out, int16_t *far, size_t n)
{
    memset(out, 0, n * sizeof *out);
    uint64_t from = m->pos, to = m->pos + n;
    /* Tones first, written straight into out, each for the part of this buffer it covers. */
    for (size_t r = 0; r < m->nrings && m->ring_fn; r++) {
        uint64_t a = m->rings[r].start > from ? m->rings[r].start : from;
        uint64_t b = m->rings[r].end < to ? m->rings[r].end : to;
        if (a < b) add_tone(m, m->ring_fn, out + (a - from), (size_t)(b - a), a - m->rings[r].start, 1);
    }
    size_t j = 0;
    for (size_t r = 0; r < m->nrings; r++)
        if (m->rings[r].end > to) m->rings[j++] = m->rings[r];
    m->nrings = j;
    if (m->hold_on && m->hold_fn) {
        add_tone(m, m->hold_fn, out, n, m->hold_pos, 0);
        m->hold_pos += n;
    }
    /* Tones all come down the line; local voices are added to out only. */
    if (far) memcpy(far, out, n * sizeof *out);

    int peak = 0;
    size_t keep = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        voice_line *l = &m->lines[i];
        uint64_t end = l->start + l->n;
        if (l->start < to && end > from) {
            uint64_t a = l->start > from ? l->start : from;
            uint64_t b = end < to ? end : to;
            int mute = l->phone_line >= 0 && l->phone_line < 4 && m->muted[l->phone_line];
            int local = l->phone_line == CC_MIXER_LOCAL;
            for (uint64_t p = a; p < b; p++) {
                int16_t s = l->pcm[p - l->start];
                if (mute) continue;
                out[p - from] = clip((int32_t)out[p - from] + s);
                if (far && !local) far[p - from] = clip((int32_t)far[p - from] + s);
                int mag = s < 0 ? -s : s;
                if (mag > peak && !local) peak = mag;
            }
        }
        if (end <= to) {
            /* Its last sample is in this buffer: the line is done at its end. */
            push_done(m, l->id, end);
            free(l->pcm);
        } else {
            m->lines[keep++] = *l;
        }
    }
    m->nlines = keep;
    m->level = peak / 32768.0;
    m->pos = to;
}
