/* hearing: see hearing.h. */
#define _POSIX_C_SOURCE 200809L
#include "hearing.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "endpoint.h"
#include "micclock.h"
#include "turnend.h"

/* 10 s: far more than the main loop ever falls behind. */
#define CAPTURE_RING (CC_ENDPOINT_RATE * 10)
#define MAX_UTTS 16
#define MAX_JOBS (4 * MAX_UTTS)
#define MAX_EVENTS 64
/* An answer that has ended holds the engine back this long of wall time at most
 * (cc_hearing_barrier), so a stuck recogniser cannot stop the call. */
#define HOLDBACK_MS 8000

/* What an answer was heard as. */
typedef struct {
    char *text;
    double confidence;
    size_t words;
    int64_t last_word_ms;       /* call time, -1 when none */
    double pitch_range, loudness;
} heard;

/* An answer being heard. The recogniser decodes it as it is spoken and is asked
 * for it at each pause; when the answer ends at that pause (the UTTERANCE has
 * the same last speech) that result is the answer, a few milliseconds after the
 * pause. Otherwise its audio is recognised whole ("from audio"). */
typedef struct {
    uint64_t id;
    int64_t onset_ms, end_ms;   /* call time of the speech detected */
    int closed;                 /* its UTTERANCE came */
    uint64_t closed_wall;       /* platform ms when it did */
    uint64_t end_smp;           /* the endpointer's last speech of it (samples) */
    /* heard at a pause */
    uint64_t pause_tag;         /* the latest pause's hearing in the recogniser; 0: none */
    uint64_t pause_end;         /* the last speech it covers (samples) */
    int pause_back;
    heard at_pause;
    /* heard from its audio */
    int16_t *audio;
    size_t naudio;
    int64_t audio_base_ms;
    int sent, back;             /* recognitions of the audio asked for and back */
    int again;                  /* the audio was sent to be recognised once more */
    int unsure;                 /* the first was below the standard's confidence */
    heard from_audio;
} answer;

typedef enum { JOB_PAUSE, JOB_AUDIO, JOB_AGAIN } job_kind;

typedef struct {
    uint64_t tag, utt;
    int64_t base_ms;            /* call time of the audio's first sample */
    job_kind kind;
} job;

struct cc_hearing {
    const cc_platform *plat;
    const _Atomic uint64_t *clock_pos; /* the call clock (samples), kept by the driver */
    const cc_standard *std;
    cc_tracks *tracks;
    cc_voicework *vw;
    cc_endpointer *ep;
    cc_turnend *turn;
    int rate;

    /* The capture ring, shared with the device thread under the platform lock. */
    int16_t *cap, *scratch;
    size_t cap_head, cap_len;
    uint64_t dropped, dropped_told, dropped_placed;
    int64_t offset_smp;         /* call position of capture sample 0; INT64_MIN until the first */
    uint64_t total;             /* capture samples taken to the main thread (and lost) so far */
    int64_t lost_first_ms;      /* 1 + call ms of the first sample lost; 0: none */
    cc_micclock *clock;         /* made at the first capture */
    int16_t *placed;
    size_t placed_cap;
    double level_db;

    answer utts[MAX_UTTS];
    int nutts;
    job jobs[MAX_JOBS];
    int njobs;
    uint64_t next_tag, next_utt;

    cc_hearing_event events[MAX_EVENTS];
    int nevents, event_head;
};

cc_hearing *cc_hearing_create(const cc_platform *plat, const _Atomic uint64_t *clock_pos,
                              const cc_standard *std, const cc_scenario *scn, const char *trainee,
                              cc_tracks *tracks, cc_voicework *vw)
{
    cc_hearing *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->plat = plat;
    h->clock_pos = clock_pos;
    h->std = std;
    h->tracks = tracks;
    h->vw = vw;
    h->rate = CC_ENDPOINT_RATE;
    h->offset_smp = INT64_MIN;
    h->level_db = -90;
    h->next_tag = 1;
    /* Answers decoded as they are spoken: the trainee waits only for the recogniser's
     * finalisation (bench/bench_listen); heard at the first short pause, so that the
     * turn ends as soon as the answer sounds finished (cc_endpoint_turn_config, turnend.h). */
    cc_endpoint_config epc;
    cc_endpoint_turn_config(&epc, &std->settings);
    h->ep = cc_endpoint_create(&epc);
    h->turn = cc_turnend_create(std, scn, trainee);
    h->cap = malloc(CAPTURE_RING * sizeof *h->cap);
    h->scratch = malloc(CAPTURE_RING * sizeof *h->scratch);
    if (!h->ep || !h->turn || !h->cap || !h->scratch) {
        cc_hearing_free(h);
        return NULL;
    }
    return h;
}

static void heard_clear(heard *x)
{
    free(x->text);
    x->text = NULL;
}

void cc_hearing_free(cc_hearing *h)
{
    if (!h) return;
    for (int i = 0; i < h->nutts; i++) {
        free(h->utts[i].audio);
        heard_clear(&h->utts[i].at_pause);
        heard_clear(&h->utts[i].from_audio);
    }
    for (int i = h->event_head; i < h->nevents; i++) free(h->events[i].text);
    cc_endpoint_free(h->ep);
    cc_turnend_free(h->turn);
    cc_micclock_free(h->clock);
    free(h->cap);
    free(h->scratch);
    free(h->placed);
    free(h);
}

void cc_hearing_set_voicework(cc_hearing *h, cc_voicework *vw) { h->vw = vw; }

/* ---- the microphone onto the clock ----------------------------------------------- */

void cc_hearing_capture(cc_hearing *h, const int16_t *in, size_t n, uint64_t clock_pos)
{
    /* The buffer just delivered began one buffer ago on the call clock. */
    if (h->offset_smp == INT64_MIN) h->offset_smp = (int64_t)clock_pos - (int64_t)n;
    for (size_t i = 0; i < n; i++) {
        if (h->cap_len == CAPTURE_RING) {
            h->dropped++;
            continue;
        }
        h->cap[(h->cap_head + h->cap_len) % CAPTURE_RING] = in[i];
        h->cap_len++;
    }
}

/* Call ms of microphone sample k (the endpointer counts the same samples). */
static int64_t mic_ms(const cc_hearing *h, uint64_t k)
{
    double p = h->clock ? cc_micclock_pos(h->clock, k)
                        : (h->offset_smp == INT64_MIN ? 0.0 : (double)h->offset_smp) + (double)k;
    return (int64_t)floor(p * 1000.0 / h->rate);
}

/* The microphone's samples onto the trainee track, resampled onto the call
 * clock (micclock.h): a late or drifting microphone stretches its audio by a
 * little; it never loses it or overwrites what was already recorded. */
static void place(cc_hearing *h, const int16_t *s, size_t n, uint64_t clock_now)
{
    if (!h->clock) {
        h->clock = cc_micclock_create(h->offset_smp == INT64_MIN ? 0.0 : (double)h->offset_smp);
        if (!h->clock) {
            cc_tracks_fail(h->tracks, cc_tracks_len(h->tracks));
            return;
        }
    }
    size_t want = n + n / 16 + 4;
    if (want > h->placed_cap) {
        int16_t *p = realloc(h->placed, want * sizeof *p);
        if (!p) {
            cc_tracks_fail(h->tracks, cc_tracks_len(h->tracks));
            return;
        }
        h->placed = p;
        h->placed_cap = want;
    }
    size_t m;
    int64_t at;
    if (cc_micclock_feed(h->clock, s, n, clock_now, h->placed, h->placed_cap, &m, &at) != 0) {
        cc_tracks_fail(h->tracks, cc_tracks_len(h->tracks));
        return;
    }
    if (m) cc_tracks_put(h->tracks, CC_TRACKS_TRAINEE, at, h->placed, m);
}

static const int16_t zeros[1024];

/* Moves what the microphone delivered into scratch and onto the trainee
 * track; returns the number of samples. Samples the ring had no room for are
 * counted and kept as silence; *lost_out says how many followed the returned
 * ones, for the endpointer to count them too. */
static size_t take_captured(cc_hearing *h, uint64_t *lost_out)
{
    h->plat->audio->lock();
    size_t n = h->cap_len;
    for (size_t i = 0; i < n; i++) h->scratch[i] = h->cap[(h->cap_head + i) % CAPTURE_RING];
    h->cap_head = (h->cap_head + n) % CAPTURE_RING;
    h->cap_len = 0;
    uint64_t dropped = h->dropped;
    h->plat->audio->unlock();
    uint64_t clock_now = atomic_load(h->clock_pos);
    uint64_t lost = dropped - h->dropped_placed;
    if (n) place(h, h->scratch, n, clock_now);
    h->total += n;
    if (lost) {
        for (uint64_t left = lost; left > 0;) {
            size_t k = left < 1024 ? (size_t)left : 1024;
            place(h, zeros, k, clock_now);
            left -= k;
        }
        if (!h->lost_first_ms) h->lost_first_ms = mic_ms(h, h->total) + 1;
        h->total += lost;
    }
    h->dropped_placed = dropped;
    if (lost_out) *lost_out = lost;
    return n;
}

/* What the microphone delivered, onto the track and into the endpointer. */
static void feed_mic(cc_hearing *h)
{
    uint64_t lost = 0;
    size_t n = take_captured(h, &lost);
    if (h->dropped != h->dropped_told && cc_debug_on()) {
        fprintf(stderr, "callcoach: debug: %llu microphone samples lost so far\n",
                (unsigned long long)h->dropped);
        h->dropped_told = h->dropped;
    }
    if (n) {
        cc_endpoint_feed(h->ep, h->scratch, n);
        h->level_db = cc_endpoint_level_db(h->ep);
    }
    for (uint64_t left = lost; left > 0;) {
        size_t k = left < 1024 ? (size_t)left : 1024;
        cc_endpoint_feed(h->ep, zeros, k);
        left -= k;
    }
}

void cc_hearing_drain_device(cc_hearing *h) { feed_mic(h); }

/* ---- answers --------------------------------------------------------------------- */

static void post(cc_hearing *h, cc_hearing_event ev)
{
    if (h->event_head == h->nevents) h->event_head = h->nevents = 0;
    if (h->nevents == MAX_EVENTS) {
        free(ev.text); /* nobody polls: as the engine's input queue, drop the newest */
        return;
    }
    h->events[h->nevents++] = ev;
}

int cc_hearing_poll(cc_hearing *h, cc_hearing_event *ev)
{
    if (h->event_head >= h->nevents) return 0;
    *ev = h->events[h->event_head++];
    return 1;
}

static answer *find_utt(cc_hearing *h, uint64_t id)
{
    for (int i = 0; i < h->nutts; i++)
        if (h->utts[i].id == id) return &h->utts[i];
    return NULL;
}

static void forget_utt(cc_hearing *h, answer *u)
{
    free(u->audio);
    heard_clear(&u->at_pause);
    heard_clear(&u->from_audio);
    *u = h->utts[--h->nutts];
}

static int jobs_full(const cc_hearing *h) { return h->njobs == MAX_JOBS; }

/* The kept audio of the answer recognised once more, whole. */
static int hear_again(cc_hearing *h, answer *u)
{
    if (jobs_full(h)) return 0;
    uint64_t tag = h->next_tag++;
    int16_t *copy = malloc(u->naudio * sizeof *copy);
    if (!copy) return 0;
    memcpy(copy, u->audio, u->naudio * sizeof *copy);
    if (cc_voicework_recognise(h->vw, tag, copy, u->naudio) != 0) return 0;
    h->jobs[h->njobs++] = (job){tag, u->id, u->audio_base_ms, JOB_AGAIN};
    u->sent++;
    u->again = 1;
    return 1;
}

static void deliver(cc_hearing *h, answer *u)
{
    if (!u->closed) return;
    /* Heard whole at its last pause: that result, with every word's context, is
     * the answer (what the audio is heard as, if asked for, is then dropped). */
    int at_pause = u->pause_tag && u->pause_end == u->end_smp;
    if (at_pause && !u->pause_back) return;
    heard x;
    if (at_pause && u->at_pause.text && *u->at_pause.text) {
        x = u->at_pause;
    } else {
        if (u->back < u->sent) return;
        double conf = u->from_audio.text ? u->from_audio.confidence : 0;
        /* Not heard, or not surely: the audio is recognised (once more), and the
         * surer of the two results counts. */
        if (!u->again &&
            cc_endpoint_second_opinion(u->unsure, conf, h->std->settings.min_confidence, u->naudio) &&
            hear_again(h, u))
            return;
        x = u->from_audio;
        x.confidence = conf;
    }
    int words = x.text && *x.text;
    /* Start at the detected onset; end at the last word, or where the voice stopped. */
    int64_t end = words && x.last_word_ms >= 0 ? x.last_word_ms : u->end_ms;
    if (end < u->onset_ms) end = u->onset_ms;
    cc_hearing_event ev = {
        .kind = CC_HEARD_ANSWER, .t = end, .start = u->onset_ms,
        .text = strdup(words ? x.text : ""),
        .confidence = words ? x.confidence : 0,
        .pitch_range = x.pitch_range,
        /* pace over the whole answer, pauses included, as a listener hears it */
        .rate_wpm = words && end > u->onset_ms ? (double)x.words * 60000.0 / (double)(end - u->onset_ms)
                                               : NAN,
        .loudness = x.loudness,
        .unclear = !words || x.confidence < h->std->settings.min_confidence};
    if (ev.text) post(h, ev);
    forget_utt(h, u);
}

/* The whole answer so far, at a pause (endpoint.h's PAUSE): the recogniser is
 * asked for what it has decoded. A previous pause's request is not taken back
 * (its result is dropped when it comes): each hearing ends the decoding and
 * speech after it starts it again from the answer's first frame, so taking one
 * back would make what is heard depend on the threads' timing. */
static void hear_at_pause(cc_hearing *h, answer *u, cc_endpoint_event *ev)
{
    u->pause_tag = 0;
    u->pause_back = 0;
    heard_clear(&u->at_pause);
    /* The recogniser has had the answer as it was spoken (the STREAM events): it
     * only finishes it. */
    free(ev->pcm);
    if (jobs_full(h)) return; /* heard from its audio instead */
    uint64_t tag = h->next_tag++;
    if (cc_voicework_stream_hear(h->vw, tag, (int64_t)(ev->end - ev->pcm_start)) != 0) return;
    h->jobs[h->njobs++] = (job){tag, u->id, mic_ms(h, ev->pcm_start), JOB_PAUSE};
    u->pause_tag = tag;
    u->pause_end = ev->end;
}

/* Keeps the answer's audio (ev->pcm stays the caller's): it may have to be
 * recognised from it. */
static void keep_audio(const cc_hearing *h, answer *u, const cc_endpoint_event *ev)
{
    if (!ev->n) return;
    int16_t *a = realloc(u->audio, (u->naudio + ev->n) * sizeof *a);
    if (!a) return;
    if (!u->naudio) u->audio_base_ms = mic_ms(h, ev->pcm_start);
    memcpy(a + u->naudio, ev->pcm, ev->n * sizeof *a);
    u->audio = a;
    u->naudio += ev->n;
}

/* An answer not heard at its last pause: its audio (the UTTERANCE's, taken). */
static void hear_audio(cc_hearing *h, answer *u, cc_endpoint_event *ev)
{
    keep_audio(h, u, ev);
    uint64_t tag = h->next_tag++;
    if (jobs_full(h)) {
        free(ev->pcm);
        return;
    }
    if (cc_voicework_recognise(h->vw, tag, ev->pcm, ev->n) != 0) return;
    h->jobs[h->njobs++] = (job){tag, u->id, mic_ms(h, ev->pcm_start), JOB_AUDIO};
    u->sent++;
}

static void take_endpoints(cc_hearing *h)
{
    cc_endpoint_event ev;
    while (cc_endpoint_next(h->ep, &ev)) {
        if (ev.kind == CC_ENDPOINT_STREAM) {
            /* The answer's audio as it comes, to be decoded while the trainee talks. */
            if (h->vw) cc_voicework_stream_feed(h->vw, ev.pcm, ev.n);
            else free(ev.pcm);
            continue;
        }
        if (ev.kind == CC_ENDPOINT_ONSET) {
            if (h->vw) cc_voicework_stream_begin(h->vw);
            /* Every onset is said: the engine treats a repeat as the same talk. */
            post(h, (cc_hearing_event){.kind = CC_HEARD_ONSET, .t = mic_ms(h, ev.onset)});
            if (h->nutts < MAX_UTTS)
                h->utts[h->nutts++] = (answer){.id = h->next_utt++, .onset_ms = mic_ms(h, ev.onset),
                                               .at_pause.last_word_ms = -1,
                                               .from_audio.last_word_ms = -1};
            continue;
        }
        /* A pause and the end belong to the newest answer still open. */
        answer *u = NULL;
        for (int i = 0; i < h->nutts; i++)
            if (!h->utts[i].closed && (!u || h->utts[i].id > u->id)) u = &h->utts[i];
        if (!u || ev.kind == CC_ENDPOINT_PIECE) { /* stream mode cuts no pieces */
            free(ev.pcm);
            continue;
        }
        if (ev.kind == CC_ENDPOINT_PAUSE) {
            hear_at_pause(h, u, &ev);
            continue;
        }
        /* An answer heard at its last pause needs no other recognition; its audio is
         * kept in case that hearing comes back empty (deliver()). */
        if (u->pause_tag && u->pause_end == ev.end) {
            keep_audio(h, u, &ev);
            free(ev.pcm);
        } else {
            hear_audio(h, u, &ev);
        }
        u->closed = 1;
        u->end_smp = ev.end;
        u->closed_wall = h->plat->ticks_ms();
        u->end_ms = mic_ms(h, ev.end);
        deliver(h, u);
    }
}

/* The answer heard at a pause: how finished it sounds decides how much more
 * silence ends the trainee's turn (turnend.h), for this pause only. */
static void end_turn_after(cc_hearing *h, const answer *u, int node)
{
    cc_turnend_kind k = cc_turnend_judge(h->turn, node, u->at_pause.text ? u->at_pause.text : "");
    int ms = cc_turnend_wait_ms(&h->std->settings, k);
    int applied = cc_endpoint_set_trailing(h->ep, u->pause_end, ms);
    if (cc_debug_on())
        fprintf(stderr, "callcoach: debug: %.3f s: the answer sounds %s: the turn ends after %d ms of silence%s\n",
                (double)(atomic_load(h->clock_pos) * 1000 / CC_TRACKS_RATE) / 1000.0,
                cc_turnend_kind_name(k), ms,
                applied ? "" : " (too late: the trainee spoke again or the turn ended)");
}

static heard heard_from(cc_voicework_heard *r, int64_t base)
{
    heard x = {r->text, r->confidence, r->words, r->text && *r->text ? base + r->end_ms : -1,
               r->pitch_range, r->loudness};
    r->text = NULL;
    return x;
}

static void take_results(cc_hearing *h, int node)
{
    cc_voicework_heard r;
    while (h->vw && cc_voicework_result(h->vw, &r)) {
        int k = -1;
        for (int i = 0; i < h->njobs; i++)
            if (h->jobs[i].tag == r.tag) k = i;
        answer *u = k >= 0 ? find_utt(h, h->jobs[k].utt) : NULL;
        if (!u) {
            if (k >= 0) h->jobs[k] = h->jobs[--h->njobs];
            cc_voicework_heard_clear(&r);
            continue;
        }
        job j = h->jobs[k];
        h->jobs[k] = h->jobs[--h->njobs];
        if (j.kind == JOB_PAUSE) {
            /* A stale pause's hearing is dropped. */
            if (r.tag == u->pause_tag) {
                u->pause_back = 1;
                u->at_pause = heard_from(&r, j.base_ms);
                if (!u->closed) end_turn_after(h, u, node);
            }
        } else {
            u->back++;
            int words = r.text && *r.text;
            if (j.kind == JOB_AUDIO && words) {
                if (r.confidence < h->std->settings.min_confidence) u->unsure = 1;
                heard_clear(&u->from_audio);
                u->from_audio = heard_from(&r, j.base_ms);
                if (isnan(u->from_audio.pitch_range) || isnan(u->from_audio.loudness))
                    u->from_audio.pitch_range = u->from_audio.loudness = NAN;
            } else if (j.kind == JOB_AGAIN && words &&
                       r.confidence > (u->from_audio.text ? u->from_audio.confidence : 0)) {
                /* The surer result counts; the delivery stays the first hearing's. */
                double pitch = u->from_audio.text ? u->from_audio.pitch_range : NAN;
                double loud = u->from_audio.text ? u->from_audio.loudness : NAN;
                heard_clear(&u->from_audio);
                u->from_audio = heard_from(&r, j.base_ms);
                u->from_audio.pitch_range = pitch;
                u->from_audio.loudness = loud;
            }
        }
        cc_voicework_heard_clear(&r);
        deliver(h, u);
    }
}

void cc_hearing_listen(cc_hearing *h)
{
    feed_mic(h);
    take_endpoints(h);
}

void cc_hearing_take_results(cc_hearing *h, int node) { take_results(h, node); }

void cc_hearing_flush(cc_hearing *h)
{
    cc_endpoint_flush(h->ep);
    take_endpoints(h);
}

int64_t cc_hearing_barrier(const cc_hearing *h)
{
    int64_t b = INT64_MAX;
    uint64_t now = h->plat->ticks_ms();
    for (int i = 0; i < h->nutts; i++) {
        const answer *u = &h->utts[i];
        if (u->closed && now - u->closed_wall < HOLDBACK_MS && u->end_ms < b) b = u->end_ms;
    }
    return b;
}

int cc_hearing_busy(const cc_hearing *h) { return h->nutts; }
int cc_hearing_in_speech(const cc_hearing *h) { return cc_endpoint_in_speech(h->ep); }
double cc_hearing_level_db(const cc_hearing *h) { return h->level_db; }
int cc_hearing_silent_for(const cc_hearing *h, int ms)
{
    return !cc_endpoint_heard_signal(h->ep) && cc_endpoint_pos(h->ep) >= (uint64_t)ms * (CC_ENDPOINT_RATE / 1000);
}
int64_t cc_hearing_head(const cc_hearing *h) { return h->clock ? cc_micclock_head(h->clock) : 0; }
uint64_t cc_hearing_lost(const cc_hearing *h, int64_t *first_ms)
{
    if (first_ms) *first_ms = h->lost_first_ms ? h->lost_first_ms - 1 : -1;
    return h->dropped;
}
double cc_hearing_drift_ppm(const cc_hearing *h) { return h->clock ? cc_micclock_ppm(h->clock) : 0; }
