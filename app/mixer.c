/* mixer: see mixer.h. In software it sums caller lines, the ringer and hold music
 * with saturation; caller lines are the loudest thing, tones sit below them. On a
 * device with channels (SDL_mixer) it keeps the same timeline and hands each sound
 * to a channel at the start of the buffer it begins in (begin_buffer), padded with
 * silence so that it starts on its sample; fill then only reads what was mixed. */
#include "mixer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "wav.h"

#define MAX_LINES 32
#define MAX_DONE 64
#define MAX_RINGS 16
/* Silence kept in front of every sound that may start mid-buffer: a sound that
 * starts k samples into a buffer is played from LEAD - k. More than any buffer. */
#define LEAD 8192
enum { CH_RING, CH_HOLD, CH_AMBIENCE, CH_LINES, CH_COUNT = CH_LINES + MAX_LINES };
enum { LOOP_OFF, LOOP_ON, LOOP_PAUSED };

typedef struct {
    unsigned id;
    int phone_line;
    int16_t *mem; /* what is freed: the PCM, behind LEAD samples of silence on a device */
    int16_t *pcm;
    size_t n;
    uint64_t start; /* position of its first sample; decided when queued, confirmed when
                     * the device mixes it */
    int chan;       /* the device channel playing it; -1: none */
    uint64_t started_buf; /* the buffer it was started in */
    int confirmed;
} voice_line;

typedef struct {
    uint64_t start, end;
    int started; /* on the device's ring channel */
} span;

/* A sound file's samples (at the mixer's rate) behind LEAD samples of silence. */
typedef struct {
    int16_t *mem;
    size_t n;
} sound;

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

    /* On a device with channels (cc_mixer_use_audio); all NULL/0 in software. */
    const cc_audio *audio;
    const cc_audio_channels *ch;
    size_t ext_left;     /* samples of the device's current buffer fill has not had */
    uint64_t buf_start;  /* the current buffer's first sample */
    uint64_t seen[CH_COUNT]; /* 1 + the buffer a channel's sound was first mixed in */
    int chan_busy[CH_COUNT], chan_vol[CH_COUNT];
    struct {
        int chan;
        int16_t *mem;
    } dropped[MAX_LINES]; /* stopped at the next buffer, then freed */
    size_t ndropped;
    sound ring, hold, ambience;
    int ring_halt, hold_state, ambience_state;
    /* The caller is connected (the ambience plays): a phone line has spoken and not been
     * dropped, or the phone was picked up and no line has ended yet. */
    unsigned live_lines;
    int picked, any_dropped;
    uint64_t ambience_pos; /* in software */
    char problem[512];
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
    if (m->audio) {
        /* The device must not read what is freed below (it is normally closed by now). */
        m->audio->set_begin(NULL, m);
        for (int c = 0; c < CH_COUNT; c++)
            if (m->chan_busy[c] || c < CH_LINES) m->ch->stop(c);
    }
    for (size_t i = 0; i < m->nlines; i++) free(m->lines[i].mem);
    for (size_t i = 0; i < m->ndropped; i++) free(m->dropped[i].mem);
    free(m->ring.mem);
    free(m->hold.mem);
    free(m->ambience.mem);
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
    if (phone_line >= 1 && phone_line < 32) m->live_lines |= 1u << phone_line;
    if (n == 0) {
        /* Nothing to play: it is over as soon as it starts. */
        free(pcm);
        pcm = NULL;
        if (start <= m->pos) {
            push_done(m, id, m->pos);
            return 0;
        }
    }
    int16_t *mem = pcm;
    if (m->ch && n > 0) {
        mem = calloc(LEAD + n, sizeof *mem);
        if (!mem) {
            free(pcm);
            return -1;
        }
        memcpy(mem + LEAD, pcm, n * sizeof *pcm);
        free(pcm);
        pcm = mem + LEAD;
    }
    m->lines[m->nlines++] = (voice_line){id, phone_line, mem, pcm, n, start, -1, 0, 0};
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

/* A line leaves the list; one a device channel may still be reading waits for the
 * next buffer's start to be stopped before it is freed. */
static void release_line(cc_mixer *m, voice_line *l, int still_playing)
{
    if (l->chan >= 0 && still_playing && m->ndropped < MAX_LINES) {
        m->dropped[m->ndropped].chan = l->chan;
        m->dropped[m->ndropped].mem = l->mem;
        m->ndropped++;
        return;
    }
    if (l->chan >= 0) m->chan_busy[l->chan] = 0;
    free(l->mem);
}

void cc_mixer_drop_line(cc_mixer *m, int phone_line)
{
    size_t j = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        if (m->lines[i].phone_line == phone_line) release_line(m, &m->lines[i], 1);
        else m->lines[j++] = m->lines[i];
    }
    m->nlines = j;
    if (phone_line >= 1 && phone_line < 32) m->live_lines &= ~(1u << phone_line);
    m->any_dropped = 1;
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
    m->rings[m->nrings++] = (span){start, start + len, 0};
}

void cc_mixer_ring_stop(cc_mixer *m)
{
    m->nrings = 0;
    m->ring_halt = 1;
    m->picked = 1;
}
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

/* Adds n samples of a looped sound from its sample pos. */
static void add_loop(int16_t *out, size_t n, const sound *s, uint64_t pos)
{
    for (size_t i = 0; i < n; i++)
        out[i] = clip((int32_t)out[i] + s->mem[LEAD + (pos + i) % s->n]);
}

static int connected(const cc_mixer *m) { return m->live_lines != 0 || (m->picked && !m->any_dropped); }

void cc_mixer_seek(cc_mixer *m, uint64_t pos)
{
    m->pos = pos;
}

void cc_mixer_fill(cc_mixer *m, int16_t *out, size_t n) { cc_mixer_fill2(m, out, NULL, n); }

static void fill_mixed(cc_mixer *m, int16_t *out, int16_t *far, size_t n);

/* The part of line l in [from, to): added to out, and to far unless it is a local
 * voice; or, when a device channel mixed it already (mixed), only a local voice taken
 * back off far. A muted line is silent. Returns its peak unless local. */
static int mix_line(const cc_mixer *m, const voice_line *l, int16_t *out, int16_t *far,
                    uint64_t from, uint64_t to, int mixed)
{
    uint64_t end = l->start + l->n;
    int mute = l->phone_line >= 0 && l->phone_line < 4 && m->muted[l->phone_line];
    int local = l->phone_line == CC_MIXER_LOCAL;
    if (l->start >= to || end <= from || mute) return 0;
    uint64_t a = l->start > from ? l->start : from, b = end < to ? end : to;
    int peak = 0;
    for (uint64_t p = a; p < b; p++) {
        int16_t s = l->pcm[p - l->start];
        if (!mixed) {
            out[p - from] = clip((int32_t)out[p - from] + s);
            if (far && !local) far[p - from] = clip((int32_t)far[p - from] + s);
        } else if (far && local) {
            far[p - from] = clip((int32_t)far[p - from] - s);
        }
        int mag = s < 0 ? -s : s;
        if (mag > peak && !local) peak = mag;
    }
    return peak;
}

void cc_mixer_fill2(cc_mixer *m, int16_t *out, int16_t *far, size_t n)
{
    if (m->ext_left > 0) {
        /* The device mixed this: read it (what is past its buffer is ours to mix). */
        size_t k = n < m->ext_left ? n : m->ext_left;
        fill_mixed(m, out, far, k);
        if (k < n) cc_mixer_fill2(m, out + k, far ? far + k : NULL, n - k);
        return;
    }
    memset(out, 0, n * sizeof *out);
    uint64_t from = m->pos, to = m->pos + n;
    /* Tones first, written straight into out, each for the part of this buffer it covers. */
    for (size_t r = 0; r < m->nrings && (m->ring_fn || m->ring.mem); r++) {
        uint64_t a = m->rings[r].start > from ? m->rings[r].start : from;
        uint64_t b = m->rings[r].end < to ? m->rings[r].end : to;
        if (m->ring.mem) {
            /* The sound the device would play (a buffer before it is ready, or after). */
            const int16_t *ring = m->ring.mem + LEAD;
            for (uint64_t p = a; p < b && p - m->rings[r].start < m->ring.n; p++)
                out[p - from] = clip((int32_t)out[p - from] + ring[p - m->rings[r].start]);
        } else if (a < b) {
            add_tone(m, m->ring_fn, out + (a - from), (size_t)(b - a), a - m->rings[r].start, 1);
        }
    }
    size_t j = 0;
    for (size_t r = 0; r < m->nrings; r++)
        if (m->rings[r].end > to) m->rings[j++] = m->rings[r];
    m->nrings = j;
    if (m->hold_on && m->hold.mem) {
        add_loop(out, n, &m->hold, m->hold_pos);
        m->hold_pos += n;
    } else if (m->hold_on && m->hold_fn) {
        add_tone(m, m->hold_fn, out, n, m->hold_pos, 0);
        m->hold_pos += n;
    }
    if (m->ambience.mem && connected(m) && !m->hold_on) {
        add_loop(out, n, &m->ambience, m->ambience_pos);
        m->ambience_pos += n;
    }
    /* Tones all come down the line; local voices are added to out only. */
    if (far) memcpy(far, out, n * sizeof *out);

    int peak = 0;
    size_t keep = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        voice_line *l = &m->lines[i];
        uint64_t end = l->start + l->n;
        int lp = mix_line(m, l, out, far, from, to, 0);
        if (lp > peak) peak = lp;
        if (end <= to) {
            /* Its last sample is in this buffer: the line is done at its end. */
            push_done(m, l->id, end);
            release_line(m, l, 0);
        } else {
            m->lines[keep++] = *l;
        }
    }
    m->nlines = keep;
    m->level = peak / 32768.0;
    m->pos = to;
}

/* ---- on a device with channels ------------------------------------------------------ */

static void on_seen(void *ud, int chan)
{
    cc_mixer *m = ud;
    if (chan >= 0 && chan < CH_COUNT && !m->seen[chan]) m->seen[chan] = 1 + m->buf_start;
}

/* Plays s (or the part of it after `skip` samples) from sample `lead` of this buffer. */
static int start_sound(cc_mixer *m, int chan, const int16_t *pcm, size_t n, uint64_t lead,
                       uint64_t skip, int loop)
{
    if (skip >= n) return -1;
    m->seen[chan] = 0;
    m->chan_vol[chan] = 128;
    m->ch->volume(chan, 128);
    return m->ch->play(chan, pcm - lead + skip, (size_t)(lead + n - skip), loop,
                       chan >= CH_LINES ? on_seen : NULL, m);
}

/* A looped sound that pauses and resumes where it was (hold music, the ambience). */
static void keep_loop(cc_mixer *m, int chan, const sound *s, int *state, int want)
{
    if (!s->mem) return;
    if (want && *state == LOOP_OFF) {
        if (start_sound(m, chan, s->mem + LEAD, s->n, 0, 0, 1) == 0) *state = LOOP_ON;
    } else if (want && *state == LOOP_PAUSED) {
        m->ch->pause(chan, 0);
        *state = LOOP_ON;
    } else if (!want && *state == LOOP_ON) {
        m->ch->pause(chan, 1);
        *state = LOOP_PAUSED;
    }
}

static int free_channel(const cc_mixer *m)
{
    for (int c = CH_LINES; c < CH_COUNT; c++)
        if (!m->chan_busy[c]) return c;
    return -1;
}

/* The start of the device's next buffer of n samples (device thread, audio lock held):
 * every sound that begins in it goes to a channel now. */
static void begin_buffer(void *ud, size_t n)
{
    cc_mixer *m = ud;
    uint64_t from = m->pos, to = m->pos + n;
    m->buf_start = from;
    m->ext_left = n;
    for (size_t i = 0; i < m->ndropped; i++) {
        m->ch->stop(m->dropped[i].chan);
        m->chan_busy[m->dropped[i].chan] = 0;
        free(m->dropped[i].mem);
    }
    m->ndropped = 0;

    if (m->ring_halt) {
        m->ch->stop(CH_RING);
        m->ring_halt = 0;
    }
    for (size_t r = 0; r < m->nrings && m->ring.mem; r++) {
        span *sp = &m->rings[r];
        if (sp->started || sp->start >= to || sp->end <= from) continue;
        /* Each ring plays the file from its start (a new ring cuts the last): a file of
         * one cadence keeps the cadence to the sample, whatever the buffers. */
        uint64_t lead = sp->start > from ? sp->start - from : 0;
        if (lead > LEAD) continue;
        start_sound(m, CH_RING, m->ring.mem + LEAD, m->ring.n, lead,
                    sp->start < from ? from - sp->start : 0, 0);
        sp->started = 1;
    }

    for (size_t i = 0; i < m->nlines; i++) {
        voice_line *l = &m->lines[i];
        int mute = l->phone_line >= 0 && l->phone_line < 4 && m->muted[l->phone_line];
        if (l->chan < 0 && l->n > 0 && l->start < to && l->start + l->n > from) {
            uint64_t lead = l->start > from ? l->start - from : 0;
            int c = lead <= LEAD ? free_channel(m) : -1;
            if (c >= 0 &&
                start_sound(m, c, l->pcm, l->n, lead, l->start < from ? from - l->start : 0, 0) == 0) {
                l->chan = c;
                l->started_buf = from;
                m->chan_busy[c] = 1;
            }
        }
        /* A line on a muted phone line runs its course silently (mixer.h). */
        if (l->chan >= 0 && m->chan_vol[l->chan] != (mute ? 0 : 128)) {
            m->chan_vol[l->chan] = mute ? 0 : 128;
            m->ch->volume(l->chan, m->chan_vol[l->chan]);
        }
    }
    keep_loop(m, CH_HOLD, &m->hold, &m->hold_state, m->hold_on);
    keep_loop(m, CH_AMBIENCE, &m->ambience, &m->ambience_state, connected(m) && !m->hold_on);
}

/* fill on a buffer the device mixed: out holds it. The call clock moves by n; the
 * lines' true starts are confirmed, their ends reported; far is out without the
 * local voices. A line no channel took is mixed in here, late but heard. */
static void fill_mixed(cc_mixer *m, int16_t *out, int16_t *far, size_t n)
{
    uint64_t from = m->pos, to = m->pos + n;
    m->ext_left -= n;
    if (far) memcpy(far, out, n * sizeof *out);
    int peak = 0;
    size_t keep = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        voice_line *l = &m->lines[i];
        if (l->chan >= 0 && !l->confirmed) {
            uint64_t seen = m->seen[l->chan];
            if (seen) {
                l->start += seen - 1 - l->started_buf;
                l->confirmed = 1;
            } else if (m->ext_left == 0) {
                /* Not mixed in the buffer it was started in: it starts a buffer later. */
                l->start += n;
                l->started_buf += n;
            }
        }
        uint64_t end = l->start + l->n;
        int lp = mix_line(m, l, out, far, from, to, l->chan >= 0);
        if (lp > peak) peak = lp;
        if (end <= to && (l->chan < 0 || l->confirmed)) {
            push_done(m, l->id, end);
            release_line(m, l, 0);
        } else {
            m->lines[keep++] = *l;
        }
    }
    m->nlines = keep;
    size_t j = 0;
    for (size_t r = 0; r < m->nrings; r++)
        if (m->rings[r].end > to) m->rings[j++] = m->rings[r];
    m->nrings = j;
    if (m->hold_on) m->hold_pos += n;
    m->level = peak / 32768.0;
    m->pos = to;
}

/* The samples of a sound file at the mixer's rate, or made by a tone function when
 * the file is not named or does not decode (the reason is kept for the app). */
static int load_sound(cc_mixer *m, sound *s, const cc_sound_ref *ref, cc_tone_fn fn, size_t made_n,
                      int ring)
{
    cc_pcm pcm = {0};
    char why[400] = "";
    if (ref && ref->path && cc_wav_read(ref->path, m->rate, &pcm, why, sizeof why) == 0 && pcm.count) {
        s->mem = calloc(LEAD + pcm.count, sizeof *s->mem);
        if (s->mem) memcpy(s->mem + LEAD, pcm.samples, pcm.count * sizeof *s->mem);
        s->n = pcm.count;
        cc_pcm_free(&pcm);
        return s->mem ? 0 : -1;
    }
    if (ref && ref->path && !m->problem[0])
        snprintf(m->problem, sizeof m->problem, "%s; the phone's own sound is used instead",
                 why[0] ? why : "a sound file is empty");
    if (!fn || made_n == 0) return 0;
    s->mem = calloc(LEAD + made_n, sizeof *s->mem);
    if (!s->mem) return -1;
    s->n = made_n;
    /* The same sound the software mixer makes (add_tone: a ring is taken modulo 2 s). */
    int16_t *save = calloc(made_n, sizeof *save);
    if (!save) return -1;
    add_tone(m, fn, save, made_n, 0, ring);
    memcpy(s->mem + LEAD, save, made_n * sizeof *save);
    free(save);
    return 0;
}

/* The sound the call names, else the one installed with callcoach (NULL: none). */
static cc_sound_ref installed_or(const cc_sound_ref *named, const char *installed, char **own)
{
    if (named) return *named;
    *own = installed ? cli_data_file(installed) : NULL;
    return (cc_sound_ref){*own, 0, 0};
}

int cc_mixer_use_audio(cc_mixer *m, const cc_audio *audio, const cc_standard *std,
                       const cc_scenario *scn)
{
    if (!audio || !audio->channels || audio->channels->count < CH_COUNT) return 0;
    double ring_s = std ? std->settings.ring_seconds : 2.0;
    double cycle = std ? ring_s + std->settings.ring_gap_seconds : 6.0;
    /* The installed ring is one ring of 2 s on, 4 s off; another cadence gets the tone. */
    char *own_ring = NULL, *own_hold = NULL;
    cc_sound_ref ring = installed_or(cc_scenario_sound(std, scn, CC_SOUND_RING),
                                     ring_s == 2.0 && cycle == 6.0 ? "assets/ring.ogg" : NULL,
                                     &own_ring);
    cc_sound_ref hold = installed_or(cc_scenario_sound(std, scn, CC_SOUND_HOLD_MUSIC),
                                     "assets/hold-music.ogg", &own_hold);
    /* cc_dsp_hold_music repeats every 8 s. */
    int rc = load_sound(m, &m->ring, &ring, m->ring_fn, (size_t)(ring_s * m->rate), 1);
    if (rc == 0) rc = load_sound(m, &m->hold, &hold, m->hold_fn, (size_t)m->rate * 8, 0);
    if (rc == 0)
        rc = load_sound(m, &m->ambience, cc_scenario_sound(std, scn, CC_SOUND_AMBIENCE), NULL, 0, 0);
    free(own_ring);
    free(own_hold);
    if (rc != 0) return -1;
    m->audio = audio;
    m->ch = audio->channels;
    audio->set_begin(begin_buffer, m);
    return 0;
}

const char *cc_mixer_sound_problem(const cc_mixer *m) { return m->problem[0] ? m->problem : NULL; }
