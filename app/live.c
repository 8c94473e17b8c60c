/* live: see live.h. The engine decides everything about the call; this file
 * only turns devices into timed inputs and outputs into sound and captions. */
#define _POSIX_C_SOURCE 200809L
#include "live.h"

#include <ctype.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp.h"
#include "endpoint.h"
#include "files.h"
#include "micclock.h"
#include "mixer.h"
#include "text.h"
#include "turnend.h"
#include "voicework.h"

/* 10 s: far more than the main loop ever falls behind, even when a busy
 * machine runs the test's disk driver faster than real time. */
#define CAPTURE_RING (16000 * 10)
#define OUT_RING (CC_LIVE_OUT_RATE * 10)
#define MAX_INPUTS 64
#define MAX_WAITING 8
#define MAX_PENDING_UTT 16
/* A caller line whose voice is not ready by then is shown as a caption only,
 * so a slow synthesiser can never stall the call. */
#define VOICE_WAIT_MS 2000
/* After the call ends, utterances still being recognised get this long. */
#define DRAIN_MS 4000
/* The engine is held at the end of an answer being recognised (see
 * engine_barrier) for at most this long of wall time. */
#define HOLDBACK_MS 8000
/* A microphone that sends only exact zeros this long is taken for none
 * (typing_if_mic_silent). Long enough for a device that starts with a few
 * zero buffers; short enough to be found while the phone rings or just after. */
#define MIC_SILENT_MS 4000
/* The demo's synthetic trainee keeps the timing model of game/sim.c, so the
 * demo call is the call the scenario's tests play. */
#define DEMO_WPM 150
#define DEMO_LATENCY_MS 600
#define DEMO_KEY_LATENCY_MS 500
#define DEMO_PICKUP_INTO_RING_MS 1000
#define DEMO_INTERRUPT_EARLY_MS 1000
/* Mixer ids of the demo trainee's lines: apart from the engine's say ids. */
#define DEMO_ID 0x80000000u

typedef struct {
    cc_input in;
    char *text; /* owned copy of in.text */
    int seq;
    int toggle; /* H: hold or resume, decided when the engine gets it */
} pending_input;

typedef struct {
    unsigned id;
    int line;
    const char *text;
    cc_mood mood;
    const cc_persona *persona;
    uint64_t since_wall;
} waiting_line;

/* What an answer was heard as, for the engine: from its pieces, or heard whole. */
typedef struct {
    char *text;
    double confidence;
    size_t words;
    int64_t last_word_ms;       /* call time */
    double pitch_range, loudness;
} heard_whole;

/* An utterance being recognised. The endpointer runs in stream mode
 * (endpoint.h): the recogniser decodes the answer as it is spoken and is asked
 * for it at each pause (PAUSE); when the answer ends at that pause (the
 * UTTERANCE has the same last speech) the engine gets that result as soon as
 * it is back, which is a few milliseconds after the pause. Otherwise (the
 * queue was full, the hearing came back empty, the answer was cut at its
 * longest) the utterance's audio is recognised whole, as a "piece", and the
 * engine gets it when that is back. */
typedef struct {
    uint64_t id;
    int64_t onset_ms, end_ms;   /* call time of the speech detected */
    int sent, back, closed;     /* pieces sent and back; the last piece was sent */
    char *text;
    double conf_sum, conf_w;    /* confidence weighted by each piece's word span */
    int64_t last_word_ms;       /* call time of the last word, -1 when none */
    size_t words;
    double pitch_sum, loud_sum, delivery_w;
    int16_t *audio;             /* the pieces joined: the whole utterance, for a second opinion */
    size_t naudio;
    int64_t audio_base_ms;
    int second;                 /* the whole utterance was sent to be recognised again */
    uint64_t closed_wall;       /* platform ms when the speech ended */
    int unsure;                 /* a piece was heard below the standard's confidence */
    uint64_t end_smp;           /* the endpointer's last speech of the utterance (samples) */
    uint64_t whole_tag;         /* the latest pause's whole answer in the recogniser; 0: none */
    uint64_t whole_end;         /* the last speech it covers (samples) */
    int whole_back;             /* its result is in `whole` */
    heard_whole whole;
} pending_utt;

/* One side of the call's audio, on the call clock (sample i = call time
 * i / 16 ms), kept on the main thread. */
typedef struct {
    int16_t *s;
    size_t n, cap;
} track;

typedef struct {
    uint64_t tag, utt;
    int64_t base_ms;            /* call time of the piece's first sample */
    int whole;                  /* 0 a piece; 1 the whole utterance, recognised again;
                                 * 2 the whole answer at a pause */
} pending_piece;

struct cc_live {
    const cc_platform *plat;
    const cc_standard *std;
    const cc_scenario *scn;
    char *trainee;
    uint64_t seed;
    cc_live_config cfg;
    cc_call *call;
    cc_mixer *mixer;
    cc_voicework *vw;
    cc_endpointer *ep;
    cc_turnend *turn;   /* how finished an answer sounds, for the end of the trainee's turn */
    int rate;

    int has_out, has_in, typing_mode, paused;
    char out_problem[256], in_problem[256];
    uint64_t wall_base_ms, wall_base_pos;

    _Atomic uint64_t clock_pos;
    int64_t engine_t;

    /* capture ring, shared with the capture callback under the platform lock */
    int16_t *cap;
    size_t cap_head, cap_len;
    uint64_t cap_dropped, cap_dropped_told;
    int64_t lost_first_ms;  /* 1 + call ms of the first microphone sample lost; 0: none */
    uint64_t out_lost_total; /* caller-track samples kept as silence: the ring was full */
    int16_t *cap_scratch;
    int64_t cap_offset_smp; /* call position of capture sample 0 (capture and clock are both
                             * 16 kHz); INT64_MIN until the first capture */
    uint64_t cap_total;     /* capture samples taken to the main thread (and lost) so far */
    uint64_t cap_dropped_placed;
    /* The microphone's samples on the call clock (made at the first capture); the
     * trainee track is final up to its head while the microphone is open. */
    cc_micclock *mic_clock;
    int16_t *cap_placed;
    size_t cap_placed_cap;

    /* What the mixer played (what came down the line), from the device thread:
     * a ring under the platform lock, moved to tracks[CC_LIVE_CALLER] each step. */
    int16_t *out_ring, *out_scratch;
    size_t out_head, out_len, out_grabbed;
    uint64_t out_dropped, out_grabbed_lost;
    track tracks[2];        /* indexed by cc_live_track */
    size_t audio_n;         /* samples of the call so far, as of the last step */
    int audio_failed;
    char audio_problem[256];

    pending_input inputs[MAX_INPUTS];
    int ninputs, seq;
    waiting_line waiting[MAX_WAITING];
    int nwaiting;
    pending_utt utts[MAX_PENDING_UTT];
    int nutts;
    pending_piece pieces[4 * MAX_PENDING_UTT];
    int npieces;
    uint64_t next_tag;   /* from 1: a whole_tag of 0 means none */
    uint64_t next_utt;
    int speech_open;     /* a typed answer was begun and not yet sent */
    int typing_deferred; /* typing began over the caller: starts when they finish */
    int64_t typing_start;

    int rings[CC_MAX_LINES + 1], picked[CC_MAX_LINES + 1];
    int prepared_node[CC_MAX_LINES + 1];
    cc_caption captions[CC_LIVE_MAX_CAPTIONS];
    size_t ncaptions;
    double mic_db;

    int call_over;   /* the engine said CALL_ENDED */
    uint64_t over_wall;
    int ended;       /* scored */
    cc_result *result;
    int failed;

    /* Every input the engine was given, in order, as given: a retry replays them. */
    cc_input *fed;
    size_t nfed, capfed;
    int fed_lost;          /* the list ran out of memory: this call cannot be retried */

    /* How the answers were given, and what this call retries (for the recording). */
    int answers_typed, answers_spoken;
    int retry_turn;        /* -1: a call of its own */
    int64_t retry_at;      /* the original call up to here was kept */
    char *retry_of;        /* the original's session folder; NULL until known */

    /* The demo's synthetic trainee (cfg.demo). */
    struct {
        cc_take *take;     /* the script, or NULL: each turn's model answer */
        size_t next;       /* next action of the take */
        double wait_s;     /* silence asked for before the next action */
        int64_t ready_at;  /* call ms the last action finished */
        int64_t quiet_at;  /* call ms the caller last finished a line */
        int speaking;
        unsigned speak_id;
        int64_t speak_start;
        char *speak_text;
        uint64_t voice_wait; /* platform ms the voice was first asked for, 0 when not */
        size_t turns_answered; /* model mode: turns of the record already answered */
        int picked;
        cc_persona voice;
    } demo;
};

static void demo_said(cc_live *l, unsigned id, int64_t at);
static void close_mic(cc_live *l);
static int64_t mic_ms(const cc_live *l, uint64_t k);

/* ---- device callbacks (device threads) ------------------------------------------- */

/* Mixes n samples into out and keeps what came down the line for the caller
 * track. Device thread, platform lock held (or the main thread without a device). */
static void mix(cc_live *l, int16_t *out, size_t n)
{
    int16_t far[1024];
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        cc_mixer_fill2(l->mixer, out, far, k);
        for (size_t i = 0; i < k; i++) {
            if (l->out_len == OUT_RING) {
                l->out_dropped++;
                continue;
            }
            l->out_ring[(l->out_head + l->out_len) % OUT_RING] = far[i];
            l->out_len++;
        }
        out += k;
        n -= k;
    }
}

static void on_fill(void *ud, int16_t *out, size_t n)
{
    cc_live *l = ud;
    mix(l, out, n);
    atomic_store(&l->clock_pos, cc_mixer_pos(l->mixer));
}

static void on_capture(void *ud, const int16_t *in, size_t n)
{
    cc_live *l = ud;
    if (l->cap_offset_smp == INT64_MIN) {
        /* The buffer just delivered began one buffer ago on the call clock. */
        uint64_t pos = atomic_load(&l->clock_pos);
        l->cap_offset_smp = (int64_t)pos - (int64_t)n;
    }
    for (size_t i = 0; i < n; i++) {
        if (l->cap_len == CAPTURE_RING) {
            l->cap_dropped++;
            continue;
        }
        l->cap[(l->cap_head + l->cap_len) % CAPTURE_RING] = in[i];
        l->cap_len++;
    }
}

/* ---- small helpers ---------------------------------------------------------------- */

static int64_t pos_ms(const cc_live *l, uint64_t pos) { return (int64_t)(pos * 1000 / (uint64_t)l->rate); }
static uint64_t ms_pos(const cc_live *l, int64_t ms)
{
    return ms <= 0 ? 0 : (uint64_t)ms * (uint64_t)l->rate / 1000;
}

int64_t cc_live_now_ms(const cc_live *l) { return pos_ms(l, atomic_load(&((cc_live *)l)->clock_pos)); }

/* ---- the call's audio ------------------------------------------------------------ */

/* Out of memory for the audio: the call goes on without its recording. */
static void audio_fail(cc_live *l, size_t want)
{
    if (l->audio_failed) return;
    l->audio_failed = 1;
    snprintf(l->audio_problem, sizeof l->audio_problem,
             "the call's audio is no longer recorded: out of memory at %.0f s of call "
             "(%.0f MB a side); the call goes on and is scored; close other programs before "
             "the next call",
             (double)want / CC_LIVE_OUT_RATE, (double)want * sizeof(int16_t) / (1024.0 * 1024.0));
}

/* Makes the track at least n samples long, the new ones silent. Geometric
 * growth: an hour is 57.6 M samples a track, grown in about 20 steps. */
static int track_reserve(cc_live *l, track *t, size_t n)
{
    if (l->audio_failed) return -1;
    if (n > t->cap) {
        size_t cap = t->cap ? t->cap : CC_LIVE_OUT_RATE * 16;
        while (cap < n) cap = cap > SIZE_MAX / 4 ? n : cap * 2;
        int16_t *p = realloc(t->s, cap * sizeof *p);
        if (!p) {
            audio_fail(l, n);
            return -1;
        }
        t->s = p;
        t->cap = cap;
    }
    if (n > t->n) {
        memset(t->s + t->n, 0, (n - t->n) * sizeof *t->s);
        t->n = n;
    }
    return 0;
}

/* Writes samples at position `at`, over the silence that may be there. */
static void track_put(cc_live *l, track *t, int64_t at, const int16_t *s, size_t n)
{
    if (at < 0) {
        if ((uint64_t)-at >= n) return;
        s += -at;
        n -= (size_t)-at;
        at = 0;
    }
    if (track_reserve(l, t, (size_t)at + n) != 0) return;
    memcpy(t->s + at, s, n * sizeof *s);
}

/* What the mixer played since the last step, out of the ring into
 * out_scratch; called with the platform lock held (or with no device), and
 * quick, so the audio thread never waits on the track's memory. */
static void grab_played(cc_live *l)
{
    size_t n = 0;
    while (l->out_len > 0) {
        size_t k = l->out_len;
        if (k > OUT_RING - l->out_head) k = OUT_RING - l->out_head;
        memcpy(l->out_scratch + n, l->out_ring + l->out_head, k * sizeof *l->out_scratch);
        n += k;
        l->out_head = (l->out_head + k) % OUT_RING;
        l->out_len -= k;
    }
    l->out_grabbed = n;
    l->out_grabbed_lost = l->out_dropped;
    l->out_lost_total += l->out_dropped;
    l->out_dropped = 0;
}

/* ... then onto the caller track, without the lock. Samples the ring had no
 * room for are kept as silence (they were the newest), so the track stays on
 * the clock. */
static void keep_played(cc_live *l)
{
    track *t = &l->tracks[CC_LIVE_CALLER];
    if (l->out_grabbed) track_put(l, t, (int64_t)t->n, l->out_scratch, l->out_grabbed);
    if (l->out_grabbed_lost) track_reserve(l, t, t->n + l->out_grabbed_lost);
    l->out_grabbed = l->out_grabbed_lost = 0;
}

static void take_played(cc_live *l)
{
    grab_played(l);
    keep_played(l);
}

static void add_caption(cc_live *l, cc_who who, int line, const char *text, const char *speaker,
                        int unclear)
{
    if (l->ncaptions == CC_LIVE_MAX_CAPTIONS) {
        free(l->captions[0].text);
        free(l->captions[0].speaker);
        memmove(l->captions, l->captions + 1, (CC_LIVE_MAX_CAPTIONS - 1) * sizeof l->captions[0]);
        l->ncaptions--;
    }
    cc_caption *c = &l->captions[l->ncaptions];
    c->who = who;
    c->line = line;
    c->t = l->engine_t;
    c->text = strdup(text ? text : "");
    c->speaker = speaker ? strdup(speaker) : NULL;
    c->unclear = unclear;
    if (c->text) l->ncaptions++;
    else free(c->speaker);
}

static void queue_input(cc_live *l, cc_input in, const char *text)
{
    if (l->ninputs == MAX_INPUTS) return;
    pending_input *p = &l->inputs[l->ninputs];
    p->in = in;
    p->text = text ? strdup(text) : NULL;
    p->in.text = p->text;
    p->seq = l->seq++;
    p->toggle = 0;
    l->ninputs++;
}

static cc_mood node_mood(const cc_scenario *scn, const cc_node *n, const cc_persona *p)
{
    return n->has_mood ? n->mood : p ? p->mood : CC_MOOD_CALM;
}

static void prepare_text(cc_live *l, const char *raw, cc_mood mood, const cc_persona *p)
{
    char *filled = cc_slots_fill(cc_call_slots(l->call), raw);
    if (filled) cc_vw_prepare(l->vw, filled, mood, p, 0);
    free(filled);
}

/* Pre-synthesis: every line the caller on this phone line may say next. */
static void prepare_node(cc_live *l, int line, int node)
{
    if (!l->vw || node < 0) return;
    const cc_line_def *d = cc_scenario_line(l->scn, line);
    const cc_persona *p = d ? &d->caller : NULL;
    const cc_node *n = &l->scn->nodes[node];
    for (size_t i = 0; i < n->nevents; i++)
        if (n->events[i].kind == CC_TIMED_SAY)
            prepare_text(l, n->events[i].text, node_mood(l->scn, n, p), p);
    for (size_t b = 0; b < n->nbranches; b++) {
        const cc_node *t = &l->scn->nodes[n->branches[b].target];
        for (size_t v = 0; v < t->nsay; v++) prepare_text(l, t->say[v], node_mood(l->scn, t, p), p);
    }
}

static void prepare_reactions(cc_live *l, const cc_persona *p)
{
    const cc_reactions *r = &l->std->reactions;
    prepare_text(l, r->silence, CC_MOOD_IMPATIENT, p);
    prepare_text(l, r->silence_hangup, CC_MOOD_IMPATIENT, p);
    prepare_text(l, r->long_hold, CC_MOOD_IMPATIENT, p);
    prepare_text(l, r->not_understood, p->mood, p);
}

/* ---- outputs ---------------------------------------------------------------------- */

static void play_line(cc_live *l, unsigned id, int line, const char *text, cc_mood mood,
                      const cc_persona *p, int force_silent)
{
    int16_t *pcm = NULL;
    size_t n = 0;
    int got = force_silent || !l->has_out ? -1 : cc_vw_fetch(l->vw, text, mood, p, &pcm, &n);
    if (got == 0) {
        if (l->nwaiting < MAX_WAITING) {
            l->waiting[l->nwaiting++] =
                (waiting_line){id, line, text, mood, p, l->plat->ticks_ms()};
            return;
        }
        got = -1;
    }
    if (got < 0) {
        /* Captions only: a silent stretch as long as the line would take, so
         * the engine's timing (and the trainee's turn) is the same. */
        n = (size_t)(cc_speech_ms(text, p ? p->rate : 175) * l->rate / 1000);
        pcm = calloc(n ? n : 1, sizeof *pcm);
        if (!pcm) n = 0;
    }
    l->plat->lock();
    cc_mixer_play(l->mixer, id, line, pcm, n, cc_mixer_pos(l->mixer));
    l->plat->unlock();
}

static void retry_waiting(cc_live *l)
{
    uint64_t now = l->plat->ticks_ms();
    for (int i = 0; i < l->nwaiting;) {
        waiting_line w = l->waiting[i];
        int16_t *pcm = NULL;
        size_t n = 0;
        int got = cc_vw_fetch(l->vw, w.text, w.mood, w.persona, &pcm, &n);
        if (got == 0 && now - w.since_wall < VOICE_WAIT_MS) {
            i++;
            continue;
        }
        l->waiting[i] = l->waiting[--l->nwaiting];
        if (got == 1) {
            l->plat->lock();
            cc_mixer_play(l->mixer, w.id, w.line, pcm, n, cc_mixer_pos(l->mixer));
            l->plat->unlock();
        } else {
            play_line(l, w.id, w.line, w.text, w.mood, w.persona, 1);
        }
    }
}

static void drop_waiting(cc_live *l, int line)
{
    for (int i = 0; i < l->nwaiting;)
        if (l->waiting[i].line == line) l->waiting[i] = l->waiting[--l->nwaiting];
        else i++;
}

static void on_output(cc_live *l, const cc_output *o)
{
    const cc_settings *st = &l->std->settings;
    switch (o->kind) {
    case CC_OUT_RING:
        l->rings[o->line] = o->ring;
        l->plat->lock();
        cc_mixer_ring(l->mixer, ms_pos(l, o->t), (uint64_t)(st->ring_seconds * l->rate));
        l->plat->unlock();
        if (o->ring == 1 && o->line != 1)
            add_caption(l, CC_WHO_PHONE, o->line, "Line 2 is ringing.", NULL, 0);
        break;
    case CC_OUT_RING_STOP:
        l->plat->lock();
        cc_mixer_ring_stop(l->mixer);
        l->plat->unlock();
        if (cc_call_record(l->call)->lines[o->line].answered && !l->picked[o->line]) {
            l->picked[o->line] = o->ring;
            char msg[96];
            snprintf(msg, sizeof msg, "You picked up line %d on ring %d.", o->line, o->ring);
            add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        }
        break;
    case CC_OUT_SAY:
        add_caption(l, CC_WHO_CALLER, o->line, o->text, o->persona ? o->persona->name : "Caller", 0);
        play_line(l, o->say_id, o->line, o->text, o->mood, o->persona, 0);
        break;
    case CC_OUT_HOLD_START: {
        char msg[64];
        snprintf(msg, sizeof msg, "Line %d is on hold.", o->line);
        add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        break;
    }
    case CC_OUT_HOLD_END: break;
    case CC_OUT_CALLER_HANGUP: {
        const cc_line_def *d = cc_scenario_line(l->scn, o->line);
        char msg[160];
        snprintf(msg, sizeof msg, "%s hung up.", d ? d->caller.name : "The caller");
        add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        break;
    }
    case CC_OUT_LINE_ENDED:
        l->plat->lock();
        cc_mixer_drop_line(l->mixer, o->line);
        l->plat->unlock();
        drop_waiting(l, o->line);
        break;
    case CC_OUT_CALL_ENDED:
        add_caption(l, CC_WHO_PHONE, 0, "The call has ended.", NULL, 0);
        l->call_over = 1;
        l->over_wall = l->plat->ticks_ms();
        break;
    }
}

static void drain(cc_live *l)
{
    cc_output o;
    while (cc_call_poll(l->call, &o)) on_output(l, &o);
    /* Lines the caller may say next, as soon as the call reaches a new node. */
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        int node = cc_call_node(l->call, line);
        if (node != l->prepared_node[line]) {
            l->prepared_node[line] = node;
            prepare_node(l, line, node);
        }
    }
}

/* Keeps the sound consistent with the phone: only the line the trainee is
 * on is heard, and hold music plays while that line is on hold. */
static void sync_sound(cc_live *l)
{
    int active = cc_call_active_line(l->call);
    l->plat->lock();
    for (int line = 1; line <= CC_MAX_LINES; line++) cc_mixer_mute_line(l->mixer, line, line != active);
    cc_mixer_hold(l->mixer, !l->call_over && cc_call_line_status(l->call, active) == CC_LINE_HELD);
    l->plat->unlock();
}

/* ---- inputs ----------------------------------------------------------------------- */

static int cmp_input(const void *a, const void *b)
{
    const pending_input *x = a, *y = b;
    if (x->in.t != y->in.t) return x->in.t < y->in.t ? -1 : 1;
    return x->seq - y->seq;
}

/* CALLCOACH_DEBUG=1 prints every input the engine gets, with its call time and
 * the wall clock, to see how the devices and the recogniser keep time. */
static int debug_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("CALLCOACH_DEBUG");
        on = e && *e && strcmp(e, "0") != 0;
    }
    return on;
}

/* What the trainee said comes before what they did next. While an answer
 * that has ended is still being recognised, the engine is not moved past its
 * end: a key pressed meanwhile (H after "may I put you on hold?"), a caller
 * line that finishes, a timer, all wait, and then happen in their order at
 * their own times. Otherwise recognition latency would reorder the call: the
 * hold would come first and the answer would be said to a held line. The
 * wait is bounded (HOLDBACK_MS) so a stuck recogniser cannot stop the call. */
static int64_t engine_barrier(const cc_live *l)
{
    int64_t b = INT64_MAX;
    uint64_t now = l->plat->ticks_ms();
    for (int i = 0; i < l->nutts; i++) {
        const pending_utt *u = &l->utts[i];
        if (u->closed && now - u->closed_wall < HOLDBACK_MS && u->end_ms < b) b = u->end_ms;
    }
    return b;
}

static void log_input(cc_live *l, const cc_input *in)
{
    if (l->fed_lost) return;
    if (l->nfed == l->capfed) {
        size_t cap = l->capfed ? l->capfed * 2 : 64;
        cc_input *p = realloc(l->fed, cap * sizeof *p);
        if (!p) {
            l->fed_lost = 1;
            return;
        }
        l->fed = p;
        l->capfed = cap;
    }
    cc_input c = *in;
    c.text = in->text ? strdup(in->text) : NULL;
    if (in->text && !c.text) {
        l->fed_lost = 1;
        return;
    }
    l->fed[l->nfed++] = c;
}

static void feed_inputs(cc_live *l, int64_t barrier)
{
    qsort(l->inputs, (size_t)l->ninputs, sizeof l->inputs[0], cmp_input);
    int kept = 0;
    for (int i = 0; i < l->ninputs; i++) {
        if (l->inputs[i].in.t > barrier) {
            l->inputs[kept++] = l->inputs[i];
            continue;
        }
        cc_input in = l->inputs[i].in;
        if (l->inputs[i].toggle) {
            int active = cc_call_active_line(l->call);
            in.kind = cc_call_line_status(l->call, active) == CC_LINE_HELD ? CC_IN_RESUME : CC_IN_HOLD;
        }
        /* The engine's clock never goes back: what was noticed late happens now. */
        if (in.t < l->engine_t) in.t = l->engine_t;
        if (in.kind == CC_IN_UTTERANCE && in.start > in.t) in.start = in.t;
        if (debug_on())
            fprintf(stderr, "callcoach: debug: wall %llu ms: input %d at %lld ms (asked %lld) start %lld text \"%s\" conf %.2f\n",
                    (unsigned long long)l->plat->ticks_ms(), (int)in.kind, (long long)in.t,
                    (long long)l->inputs[i].in.t, (long long)in.start, in.text ? in.text : "",
                    in.confidence);
        if (cc_call_input(l->call, &in) != 0) l->failed = 1;
        else log_input(l, &in);
        l->engine_t = in.t;
        drain(l);
        free(l->inputs[i].text);
    }
    l->ninputs = kept;
}

static int64_t clock_now(cc_live *l)
{
    l->plat->lock();
    uint64_t pos = cc_mixer_pos(l->mixer);
    l->plat->unlock();
    return pos_ms(l, pos);
}

static void simple_input(cc_live *l, cc_input_kind kind, const char *text)
{
    if (l->call_over || l->paused) return;
    /* The demo's trainee works the phone; the watcher may only end the call. */
    if (l->cfg.demo && kind != CC_IN_HANGUP) return;
    cc_input in = {.kind = kind, .t = clock_now(l)};
    queue_input(l, in, text);
}

void cc_live_pickup(cc_live *l) { simple_input(l, CC_IN_PICKUP, NULL); }
void cc_live_switch(cc_live *l) { simple_input(l, CC_IN_SWITCH, NULL); }
void cc_live_hangup(cc_live *l) { simple_input(l, CC_IN_HANGUP, NULL); }
void cc_live_transfer(cc_live *l, const char *ext) { simple_input(l, CC_IN_TRANSFER, ext); }

void cc_live_hold_toggle(cc_live *l)
{
    simple_input(l, CC_IN_HOLD, NULL);
    if (l->ninputs > 0 && l->inputs[l->ninputs - 1].in.kind == CC_IN_HOLD)
        l->inputs[l->ninputs - 1].toggle = 1;
}

int cc_live_caller_talking(const cc_live *l)
{
    int active = cc_call_active_line(l->call);
    l->plat->lock();
    int busy = cc_mixer_line_busy(l->mixer, active);
    l->plat->unlock();
    for (int i = 0; i < l->nwaiting; i++) busy |= l->waiting[i].line == active;
    return busy;
}

static void start_speech(cc_live *l, int64_t t, int typed)
{
    cc_input in = {.kind = CC_IN_SPEECH_START, .t = t};
    queue_input(l, in, NULL);
    if (typed) {
        l->speech_open = 1;
        l->typing_start = t;
    }
}

void cc_live_typing(cc_live *l)
{
    if (l->cfg.demo) return;
    if (l->call_over || l->paused || l->speech_open || l->typing_deferred) return;
    /* Words typed to a ringing or held line are said to nobody: no answer begins. */
    if (cc_call_line_status(l->call, cc_call_active_line(l->call)) != CC_LINE_LIVE) return;
    /* Typing over the caller is not talking over them: the answer counts as
     * started when they finish. */
    if (cc_live_caller_talking(l)) l->typing_deferred = 1;
    else start_speech(l, clock_now(l), 1);
}

/* A microphone that has sent nothing but exact zeros since it opened is not
 * one (SDL's dummy capture, a muted input): the trainee types instead, as
 * with no microphone, and the banner says why. Any sample not zero makes it a
 * microphone for the rest of the call: a real one always hears some noise. */
static void typing_if_mic_silent(cc_live *l)
{
    if (!l->has_in || l->typing_mode || !l->ep) return;
    if (cc_ep_heard_signal(l->ep) || cc_ep_pos(l->ep) < (uint64_t)MIC_SILENT_MS * (CC_EP_RATE / 1000))
        return;
    close_mic(l);
    l->typing_mode = 1;
    snprintf(l->in_problem, sizeof l->in_problem,
             "the microphone sent only digital silence for %d s: it is muted, or not a real one",
             MIC_SILENT_MS / 1000);
}

int cc_live_answer_begun(const cc_live *l) { return l->speech_open || l->typing_deferred; }

int64_t cc_live_silence_ms(const cc_live *l)
{
    int line = cc_call_active_line(l->call);
    int64_t since = cc_call_silence_since(l->call, line);
    if (since == CC_NO_TIME || cc_call_line_status(l->call, line) != CC_LINE_LIVE ||
        cc_live_answer_begun(l) || l->call_over)
        return -1;
    int64_t now = cc_live_now_ms(l);
    return now > since ? now - since : 0;
}

double cc_live_dead_air_limit(const cc_standard *std)
{
    /* The strictest rule on silence is the one the trainee must keep to. */
    double lim = std->settings.dead_air_seconds;
    int any = 0;
    for (size_t i = 0; i < std->nrules; i++) {
        const cc_rule *r = &std->rules[i];
        if (r->kind != CC_DETECT_TIMING || r->measure != CC_MEASURE_SILENCE_SECONDS || !r->has_max)
            continue;
        if (!any || r->max < lim) lim = r->max;
        any = 1;
    }
    return lim;
}

void cc_live_typed(cc_live *l, const char *text)
{
    if (l->call_over || l->paused || l->cfg.demo) return;
    int64_t now = clock_now(l);
    if (!l->speech_open) start_speech(l, now, 1);
    l->typing_deferred = 0;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = now, .start = l->typing_start, .confidence = 1.0,
                   .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    queue_input(l, in, text);
    l->answers_typed++;
    l->speech_open = 0;
    add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call), text, NULL, 0);
}

/* ---- the microphone --------------------------------------------------------------- */

static pending_utt *find_utt(cc_live *l, uint64_t id)
{
    for (int i = 0; i < l->nutts; i++)
        if (l->utts[i].id == id) return &l->utts[i];
    return NULL;
}

/* All pieces back and the last one sent: the utterance goes to the engine. */
static int send_whole(cc_live *l, pending_utt *u);

static void forget_utt(cc_live *l, pending_utt *u)
{
    free(u->text);
    free(u->audio);
    free(u->whole.text);
    *u = l->utts[--l->nutts];
}

static void deliver(cc_live *l, pending_utt *u)
{
    if (!u->closed) return;
    /* Heard whole at its last pause: that result, with every word's context,
     * is the answer (the pieces' results are dropped when they come). */
    int at_pause = u->whole_tag && u->whole_end == u->end_smp;
    if (at_pause && !u->whole_back) return;
    heard_whole h;
    if (at_pause && u->whole.text && *u->whole.text) {
        h = u->whole;
    } else {
        if (u->back < u->sent) return;
        double conf = u->conf_w > 0 ? u->conf_sum / u->conf_w : 0;
        /* Pieces lose the sentence around their first words; when a piece was not
         * heard surely, the whole utterance is heard once more, with its context,
         * and the surer of the two results counts. This costs the recognition of
         * the whole answer, only for answers that need it. */
        if (!u->second &&
            cc_ep_second_opinion(u->unsure, conf, l->std->settings.min_confidence, u->naudio) &&
            send_whole(l, u))
            return;
        h = (heard_whole){u->text, conf, u->words, u->last_word_ms,
                          u->delivery_w > 0 ? u->pitch_sum / u->delivery_w : NAN,
                          u->delivery_w > 0 ? u->loud_sum / u->delivery_w : NAN};
    }
    int words = h.text && *h.text;
    /* Start at the detected onset; end at the last word, or where the voice stopped. */
    int64_t end = words && h.last_word_ms >= 0 ? h.last_word_ms : u->end_ms;
    if (end < u->onset_ms) end = u->onset_ms;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = end, .start = u->onset_ms,
                   .confidence = words ? h.confidence : 0,
                   .pitch_range = h.pitch_range,
                   /* pace over the whole answer, pauses included, as a listener hears it */
                   .rate_wpm = words && end > u->onset_ms
                                   ? (double)h.words * 60000.0 / (double)(end - u->onset_ms)
                                   : NAN,
                   .loudness = h.loudness};
    queue_input(l, in, words ? h.text : "");
    l->answers_spoken++;
    add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call),
                words ? h.text : "(speech, no words recognised)", NULL,
                !words || h.confidence < l->std->settings.min_confidence);
    forget_utt(l, u);
}

/* The whole answer so far, at a pause (endpoint.h's PAUSE): the recogniser is
 * asked for what it has decoded. A previous pause's request is not taken back
 * (its result is dropped when it comes): each hearing ends the decoding and
 * speech after it starts it again from the answer's first frame, so taking one
 * back would make what is heard depend on the threads' timing. */
static void send_at_pause(cc_live *l, pending_utt *u, cc_ep_event *ev)
{
    u->whole_tag = 0;
    u->whole_back = 0;
    free(u->whole.text);
    u->whole.text = NULL;
    if (l->npieces == (int)(sizeof l->pieces / sizeof l->pieces[0])) {
        free(ev->pcm);
        return; /* heard in pieces instead */
    }
    uint64_t tag = l->next_tag++;
    /* The recogniser has had the answer as it was spoken (the STREAM events): it only
     * finishes it. */
    free(ev->pcm);
    if (cc_vw_stream_hear(l->vw, tag, (int64_t)(ev->end - ev->pcm_start)) != 0) return;
    l->pieces[l->npieces++] = (pending_piece){tag, u->id, mic_ms(l, ev->pcm_start), 2};
    u->whole_tag = tag;
    u->whole_end = ev->end;
}

static int send_whole(cc_live *l, pending_utt *u)
{
    if (l->npieces == (int)(sizeof l->pieces / sizeof l->pieces[0])) return 0;
    uint64_t tag = l->next_tag++;
    int16_t *copy = malloc(u->naudio * sizeof *copy);
    if (!copy) return 0;
    memcpy(copy, u->audio, u->naudio * sizeof *copy);
    if (cc_vw_recognise(l->vw, tag, copy, u->naudio) != 0) return 0;
    l->pieces[l->npieces++] = (pending_piece){tag, u->id, u->audio_base_ms, 1};
    u->sent++;
    u->second = 1;
    return 1;
}

/* Keeps a piece's audio (ev->pcm stays the caller's): the whole utterance may be
 * recognised again. */
static void keep_audio(const cc_live *l, pending_utt *u, cc_ep_event *ev)
{
    if (ev->n) {
        int16_t *a = realloc(u->audio, (u->naudio + ev->n) * sizeof *a);
        if (a) {
            if (!u->naudio) u->audio_base_ms = mic_ms(l, ev->pcm_start);
            memcpy(a + u->naudio, ev->pcm, ev->n * sizeof *a);
            u->audio = a;
            u->naudio += ev->n;
        }
    }
}

static void send_piece(cc_live *l, pending_utt *u, cc_ep_event *ev)
{
    keep_audio(l, u, ev);
    uint64_t tag = l->next_tag++;
    if (l->npieces == (int)(sizeof l->pieces / sizeof l->pieces[0]) ||
        cc_vw_recognise(l->vw, tag, ev->pcm, ev->n) != 0) {
        if (l->npieces == (int)(sizeof l->pieces / sizeof l->pieces[0])) free(ev->pcm);
        return; /* lost: the rest of the utterance is still heard */
    }
    l->pieces[l->npieces++] = (pending_piece){tag, u->id, mic_ms(l, ev->pcm_start), 0};
    u->sent++;
}

static void take_endpoints(cc_live *l)
{
    cc_ep_event ev;
    while (cc_ep_next(l->ep, &ev)) {
        if (ev.kind == CC_EP_STREAM) {
            /* The answer's audio as it comes, to be decoded while the trainee talks. */
            if (l->vw) cc_vw_stream_feed(l->vw, ev.pcm, ev.n);
            else free(ev.pcm);
            continue;
        }
        if (ev.kind == CC_EP_ONSET) {
            if (l->vw) cc_vw_stream_begin(l->vw);
            /* Every onset is said: the engine treats a repeat as the same talk. */
            if (!l->call_over) start_speech(l, mic_ms(l, ev.onset), 0);
            if (l->nutts < MAX_PENDING_UTT)
                l->utts[l->nutts++] = (pending_utt){.id = l->next_utt++,
                                                    .onset_ms = mic_ms(l, ev.onset),
                                                    .last_word_ms = -1};
            continue;
        }
        /* Pieces and the end belong to the newest utterance still open. */
        pending_utt *u = NULL;
        for (int i = 0; i < l->nutts; i++)
            if (!l->utts[i].closed && (!u || l->utts[i].id > u->id)) u = &l->utts[i];
        if (!u) {
            free(ev.pcm);
            continue;
        }
        if (ev.kind == CC_EP_PAUSE) {
            send_at_pause(l, u, &ev);
            continue;
        }
        /* An answer heard at its last pause needs no other recognition; its audio is
         * kept in case that hearing comes back empty (deliver()). */
        if (ev.kind == CC_EP_UTTERANCE && u->whole_tag && u->whole_end == ev.end) {
            keep_audio(l, u, &ev);
            free(ev.pcm);
        } else
            send_piece(l, u, &ev);
        if (ev.kind == CC_EP_UTTERANCE) {
            u->closed = 1;
            u->end_smp = ev.end;
            u->closed_wall = l->plat->ticks_ms();
            u->end_ms = mic_ms(l, ev.end);
            deliver(l, u);
        }
    }
}

/* The answer heard at a pause: how finished it sounds decides how much more
 * silence ends the trainee's turn (turnend.h), for this pause only. */
static void end_turn_after(cc_live *l, const pending_utt *u)
{
    int node = cc_call_node(l->call, cc_call_active_line(l->call));
    cc_turnend_kind k = cc_turnend_judge(l->turn, node, u->whole.text ? u->whole.text : "");
    int ms = cc_turnend_wait_ms(&l->std->settings, k);
    int applied = cc_ep_set_trailing(l->ep, u->whole_end, ms);
    if (debug_on())
        fprintf(stderr, "callcoach: debug: %.3f s: the answer sounds %s: the turn ends after %d ms of silence%s\n",
                (double)cc_live_now_ms(l) / 1000.0, cc_turnend_kind_name(k), ms,
                applied ? "" : " (too late: the trainee spoke again or the turn ended)");
}

static void take_results(cc_live *l)
{
    cc_vw_heard h;
    while (l->vw && cc_vw_result(l->vw, &h)) {
        int k = -1;
        for (int i = 0; i < l->npieces; i++)
            if (l->pieces[i].tag == h.tag) k = i;
        pending_utt *u = k >= 0 ? find_utt(l, l->pieces[k].utt) : NULL;
        if (!u) {
            if (k >= 0) l->pieces[k] = l->pieces[--l->npieces];
            cc_vw_heard_clear(&h);
            continue;
        }
        int64_t base = l->pieces[k].base_ms;
        int whole = l->pieces[k].whole;
        l->pieces[k] = l->pieces[--l->npieces];
        if (whole == 2) {
            /* The answer heard whole at a pause; a stale pause's is dropped. */
            if (h.tag == u->whole_tag) {
                u->whole_back = 1;
                u->whole = (heard_whole){h.text, h.confidence, h.words,
                                         h.text && *h.text ? base + h.end_ms : -1, h.pitch_range,
                                         h.loudness};
                h.text = NULL;
                if (!u->closed) end_turn_after(l, u);
            }
            cc_vw_heard_clear(&h);
            deliver(l, u);
            continue;
        }
        u->back++;
        if (whole) {
            /* The second opinion replaces the pieces' result if it is surer. */
            double before = u->conf_w > 0 ? u->conf_sum / u->conf_w : 0;
            if (h.text && *h.text && h.confidence > before) {
                free(u->text);
                u->text = strdup(h.text);
                double span = (double)(h.end_ms - h.start_ms);
                if (span < 1) span = 1;
                u->conf_sum = h.confidence * span;
                u->conf_w = span;
                u->words = h.words;
                u->last_word_ms = base + h.end_ms;
            }
        } else if (h.text && *h.text) {
            if (h.confidence < l->std->settings.min_confidence) u->unsure = 1;
            size_t old = u->text ? strlen(u->text) : 0, add = strlen(h.text);
            char *t = realloc(u->text, old + add + 2);
            if (t) {
                if (old) t[old++] = ' ';
                memcpy(t + old, h.text, add + 1);
                u->text = t;
            }
            double span = (double)(h.end_ms - h.start_ms);
            if (span < 1) span = 1;
            u->conf_sum += h.confidence * span;
            u->conf_w += span;
            u->words += h.words;
            u->last_word_ms = base + h.end_ms;
            if (!isnan(h.pitch_range) && !isnan(h.loudness)) {
                u->pitch_sum += h.pitch_range * span;
                u->loud_sum += h.loudness * span;
                u->delivery_w += span;
            }
        }
        cc_vw_heard_clear(&h);
        deliver(l, u);
    }
}

/* The microphone's samples onto the trainee track, resampled onto the call
 * clock (micclock.h): a late or drifting microphone stretches its audio by a
 * little; it never loses it or overwrites what was already recorded. */
static void place_captured(cc_live *l, const int16_t *s, size_t n, uint64_t clock_now)
{
    if (!l->mic_clock) {
        l->mic_clock = cc_micclock_create(l->cap_offset_smp == INT64_MIN ? 0.0 : (double)l->cap_offset_smp);
        if (!l->mic_clock) {
            audio_fail(l, l->audio_n);
            return;
        }
    }
    size_t want = n + n / 16 + 4;
    if (want > l->cap_placed_cap) {
        int16_t *p = realloc(l->cap_placed, want * sizeof *p);
        if (!p) {
            audio_fail(l, l->audio_n);
            return;
        }
        l->cap_placed = p;
        l->cap_placed_cap = want;
    }
    size_t m;
    int64_t at;
    if (cc_micclock_feed(l->mic_clock, s, n, clock_now, l->cap_placed, l->cap_placed_cap, &m, &at) != 0) {
        audio_fail(l, l->audio_n);
        return;
    }
    if (m) track_put(l, &l->tracks[CC_LIVE_TRAINEE], at, l->cap_placed, m);
}

/* Call ms of microphone sample k (the endpointer counts the same samples). */
static int64_t mic_ms(const cc_live *l, uint64_t k)
{
    double p = l->mic_clock ? cc_micclock_pos(l->mic_clock, k)
                            : (l->cap_offset_smp == INT64_MIN ? 0.0 : (double)l->cap_offset_smp) + (double)k;
    return (int64_t)floor(p * 1000.0 / l->rate);
}

/* Moves what the microphone delivered into cap_scratch and onto the trainee
 * track; returns the number of samples. Samples the ring had no room for are
 * counted (cc_live_audio_lost) and kept as silence; *lost_out says how many
 * followed the returned ones, for the endpointer to count them too. */
static size_t take_captured(cc_live *l, uint64_t *lost_out)
{
    size_t n;
    l->plat->lock();
    n = l->cap_len;
    for (size_t i = 0; i < n; i++) l->cap_scratch[i] = l->cap[(l->cap_head + i) % CAPTURE_RING];
    l->cap_head = (l->cap_head + n) % CAPTURE_RING;
    l->cap_len = 0;
    uint64_t dropped = l->cap_dropped;
    l->plat->unlock();
    uint64_t clock_now = atomic_load(&l->clock_pos);
    uint64_t lost = dropped - l->cap_dropped_placed;
    if (n) place_captured(l, l->cap_scratch, n, clock_now);
    l->cap_total += n;
    if (lost) {
        static const int16_t zeros[1024];
        for (uint64_t left = lost; left > 0;) {
            size_t k = left < 1024 ? (size_t)left : 1024;
            place_captured(l, zeros, k, clock_now);
            left -= k;
        }
        if (!l->lost_first_ms) l->lost_first_ms = mic_ms(l, l->cap_total) + 1;
        l->cap_total += lost;
    }
    l->cap_dropped_placed = dropped;
    if (lost_out) *lost_out = lost;
    return n;
}

/* What the microphone delivered, onto the track and into the endpointer. */
static void feed_mic(cc_live *l)
{
    uint64_t lost = 0;
    size_t n = take_captured(l, &lost);
    if (l->cap_dropped != l->cap_dropped_told && debug_on()) {
        fprintf(stderr, "callcoach: debug: %llu microphone samples lost so far\n",
                (unsigned long long)l->cap_dropped);
        l->cap_dropped_told = l->cap_dropped;
    }
    if (n) {
        cc_ep_feed(l->ep, l->cap_scratch, n);
        l->mic_db = cc_ep_level_db(l->ep);
    }
    static const int16_t zeros[1024];
    for (uint64_t left = lost; left > 0;) {
        size_t k = left < 1024 ? (size_t)left : 1024;
        cc_ep_feed(l->ep, zeros, k);
        left -= k;
    }
}

static void pump_capture(cc_live *l)
{
    if (!l->has_in) return;
    feed_mic(l);
    take_endpoints(l);
}

/* Closes the microphone; what it left in the ring is the trainee's too. */
static void close_mic(cc_live *l)
{
    if (!l->has_in) return;
    l->plat->close_in();
    feed_mic(l);
    l->has_in = 0;
}

/* ---- the demo's synthetic trainee ------------------------------------------------- */

static int word_char(char c) { return isalnum((unsigned char)c) || ((unsigned char)c & 0x80); }

/* text with every whole word `from` replaced by `to`; NULL on out-of-memory. */
static char *replace_word(const char *text, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), hits = 0;
    for (const char *p = text; (p = strstr(p, from)); p += fl) hits++;
    char *out = malloc(strlen(text) + hits * tl + 1), *o = out;
    if (!out) return NULL;
    for (const char *p = text; *p;) {
        if (strncmp(p, from, fl) == 0 && (p == text || !word_char(p[-1])) && !word_char(p[fl])) {
            memcpy(o, to, tl);
            o += tl;
            p += fl;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

cc_take *cc_live_demo_take(const cc_scenario *scn, const char *trainee, char *err, size_t errlen)
{
    const cc_scenario_test *best = NULL;
    if (!trainee || !*trainee) trainee = CC_LIVE_TEST_TRAINEE;
    for (size_t i = 0; i < scn->ntests; i++) {
        const cc_scenario_test *t = &scn->tests[i];
        if (t->expect != CC_TEST_PASS) continue;
        if (!best || (strcmp(t->name, "model") == 0 && strcmp(best->name, "model") != 0)) best = t;
    }
    if (!best) {
        snprintf(err, errlen, "scenario '%s' has no test expected to pass, so no model take to "
                              "play; add one under tests: (docs/authoring.md)", scn->id);
        return NULL;
    }
    const cc_take *src = best->take;
    cc_take *loaded = NULL;
    if (!src) {
        cc_diags *d = cc_diags_create();
        if (!d) {
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        if (cc_take_load_file(best->take_path, &loaded, d) != CC_FILE_OK || !loaded) {
            char why[512] = "it cannot be read";
            if (cc_diags_count(d)) cc_diag_format(cc_diags_get(d, 0), why, sizeof why);
            snprintf(err, errlen, "cannot read the model take of test '%s': %s; check it with "
                                  "callcoach-lint --test", best->name, why);
            cc_diags_free(d);
            cc_take_free(loaded);
            return NULL;
        }
        cc_diags_free(d);
        src = loaded;
    }
    cc_take *t = calloc(1, sizeof *t);
    if (t) t->actions = calloc(src->count ? src->count : 1, sizeof *t->actions);
    if (t) t->path = strdup(src->path ? src->path : "");
    int ok = t && t->actions && t->path;
    for (size_t i = 0; ok && i < src->count; i++) {
        t->actions[i] = src->actions[i];
        t->actions[i].text = NULL;
        t->count = i + 1;
        if (!src->actions[i].text) continue;
        /* The scenario's tests are played as CC_LIVE_TEST_TRAINEE; the demo
         * trainee introduces themself by their own name. */
        int spoken = src->actions[i].kind == CC_TAKE_SAY || src->actions[i].kind == CC_TAKE_INTERRUPT;
        t->actions[i].text = spoken ? replace_word(src->actions[i].text, CC_LIVE_TEST_TRAINEE, trainee)
                                    : strdup(src->actions[i].text);
        ok = t->actions[i].text != NULL;
    }
    cc_take_free(loaded);
    if (!ok) {
        cc_take_free(t);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return t;
}

/* A second voice: the language of the caller's voice, with a variant no
 * caller of this scenario uses (those listed are clear in espeak-ng). */
static void demo_voice(cc_live *l)
{
    static char name[] = "Demo trainee", variants[][8] = {"klatt4", "m1", "klatt", "m7", "f5"};
    static char en[] = "en-us";
    cc_persona *v = &l->demo.voice;
    *v = (cc_persona){.name = name, .voice = en, .variant = variants[0],
                      .pitch = 50, .range = 50, .rate = DEMO_WPM, .volume = 100, .mood = CC_MOOD_CALM};
    if (l->scn->nlines && l->scn->lines[0].caller.voice) v->voice = l->scn->lines[0].caller.voice;
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        int used = 0;
        for (size_t i = 0; i < l->scn->nlines; i++) {
            const cc_persona *c = &l->scn->lines[i].caller;
            used |= c->variant && strcmp(c->variant, variants[k]) == 0 && c->voice &&
                    strcmp(c->voice, v->voice) == 0;
        }
        if (!used) {
            v->variant = variants[k];
            break;
        }
    }
}

/* with_take: play the scenario's model take; else (or without one) answer
 * each turn with its node's model answer. */
static void demo_setup(cc_live *l, int with_take)
{
    demo_voice(l);
    char why[512];
    if (with_take) l->demo.take = cc_live_demo_take(l->scn, l->trainee, why, sizeof why);
    if (!l->has_out) return;
    /* Every answer the demo will give, synthesised ahead. */
    if (l->demo.take) {
        for (size_t i = 0; i < l->demo.take->count; i++) {
            const cc_take_action *a = &l->demo.take->actions[i];
            if (a->kind == CC_TAKE_SAY || a->kind == CC_TAKE_INTERRUPT)
                cc_vw_prepare_own(l->vw, a->text, &l->demo.voice);
        }
        return;
    }
    for (size_t i = 0; i < l->scn->nnodes; i++) {
        if (!l->scn->nodes[i].model) continue;
        char *filled = cc_slots_fill(cc_call_slots(l->call), l->scn->nodes[i].model);
        if (filled) cc_vw_prepare_own(l->vw, filled, &l->demo.voice);
        free(filled);
    }
}

/* Starts saying `text` now: through the mixer (so it is heard), onto the
 * trainee track, and to the engine as talking. 0 while its voice is not
 * ready (for at most VOICE_WAIT_MS; then it is a silent stretch). */
static int demo_speak(cc_live *l, const char *text)
{
    int16_t *pcm = NULL;
    size_t n = 0;
    int got = l->has_out ? cc_vw_fetch_own(l->vw, text, &l->demo.voice, &pcm, &n) : -1;
    if (got == 0) {
        uint64_t now = l->plat->ticks_ms();
        if (!l->demo.voice_wait) l->demo.voice_wait = now + 1;
        if (now + 1 - l->demo.voice_wait < VOICE_WAIT_MS) return 0;
        got = -1;
    }
    l->demo.voice_wait = 0;
    if (got < 0) {
        n = (size_t)(cc_speech_ms(text, DEMO_WPM) * l->rate / 1000);
        pcm = calloc(n ? n : 1, sizeof *pcm);
        if (!pcm) n = 0;
    }
    int16_t *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (copy) memcpy(copy, pcm, n * sizeof *copy);
    unsigned id = DEMO_ID | (unsigned)(l->seq & 0x7fffffff);
    l->plat->lock();
    uint64_t start = cc_mixer_pos(l->mixer);
    int played = cc_mixer_play(l->mixer, id, CC_MIXER_LOCAL, pcm, n, start);
    l->plat->unlock();
    if (copy) track_put(l, &l->tracks[CC_LIVE_TRAINEE], (int64_t)start, copy, n);
    free(copy);
    free(l->demo.speak_text);
    l->demo.speak_text = strdup(text);
    l->demo.speak_start = pos_ms(l, start);
    l->demo.speak_id = id;
    l->demo.speaking = 1;
    start_speech(l, l->demo.speak_start, 0);
    add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call), text, l->demo.voice.name, 0);
    if (played != 0) demo_said(l, id, l->demo.speak_start); /* the mixer was full: said at once */
    return 1;
}

/* The mixer finished a line of the demo trainee: the answer goes to the
 * engine as an utterance heard surely, like a typed one (no delivery measures). */
static void demo_said(cc_live *l, unsigned id, int64_t at)
{
    if (!l->demo.speaking || id != l->demo.speak_id) return;
    l->demo.speaking = 0;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = at, .start = l->demo.speak_start,
                   .confidence = 1.0, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    queue_input(l, in, l->demo.speak_text ? l->demo.speak_text : "");
    l->demo.ready_at = at;
}

static void demo_key(cc_live *l, cc_input_kind kind, const char *text, int64_t now)
{
    cc_input in = {.kind = kind, .t = now};
    queue_input(l, in, text);
    l->demo.ready_at = now;
}

/* Without a take: picks up on the first ring, then answers each new turn on
 * the line it is on with that node's model answer. */
static void demo_models(cc_live *l, int64_t now)
{
    if (!l->demo.picked) {
        if (now < DEMO_PICKUP_INTO_RING_MS) return;
        demo_key(l, CC_IN_PICKUP, NULL, now);
        l->demo.picked = 1;
        return;
    }
    const cc_record *rec = cc_call_record(l->call);
    if (rec->nturns == 0 || l->demo.turns_answered >= rec->nturns) return;
    const cc_turn *turn = &rec->turns[rec->nturns - 1];
    if (turn->line != cc_call_active_line(l->call)) return;
    const char *model = l->scn->nodes[turn->node].model;
    if (!model) {
        l->demo.turns_answered = rec->nturns;
        return;
    }
    int64_t base = l->demo.quiet_at > l->demo.ready_at ? l->demo.quiet_at : l->demo.ready_at;
    if (cc_live_caller_talking(l) || now < base + DEMO_LATENCY_MS) return;
    char *filled = cc_slots_fill(cc_call_slots(l->call), model);
    if (!filled) return;
    if (demo_speak(l, filled)) l->demo.turns_answered = rec->nturns;
    free(filled);
}

/* The next action of the take, when its time comes (the rules of game/sim.c:
 * pick up a second into the ring named; answer 0.6 s, and work the phone
 * 0.5 s, after the caller has finished, or after a `wait`). */
static void demo_drive(cc_live *l)
{
    if (l->call_over || l->demo.speaking) return;
    int64_t now = l->engine_t;
    cc_take *t = l->demo.take;
    if (!t) {
        demo_models(l, now);
        return;
    }
    const cc_settings *st = &l->std->settings;
    while (l->demo.next < t->count) {
        const cc_take_action *a = &t->actions[l->demo.next];
        int64_t wait = (int64_t)llround(l->demo.wait_s * 1000.0);
        if (a->kind == CC_TAKE_WAIT) {
            l->demo.wait_s += a->seconds;
            l->demo.next++;
            continue;
        }
        if (a->kind == CC_TAKE_SAY_WAV) { /* a recording: nothing to say it with */
            l->demo.next++;
            continue;
        }
        if (a->kind == CC_TAKE_PICKUP) {
            int64_t cycle = (int64_t)llround((st->ring_seconds + st->ring_gap_seconds) * 1000.0);
            int64_t due = (int64_t)(a->ring - 1) * cycle + DEMO_PICKUP_INTO_RING_MS;
            if (wait > 0) due = l->demo.ready_at + wait;
            if (a->timed) due = a->at_ms;
            if (now < due) return;
            demo_key(l, CC_IN_PICKUP, NULL, now);
        } else if (a->kind == CC_TAKE_INTERRUPT && !a->timed) {
            /* A second before the caller's line ends, or now if they are quiet. */
            int active = cc_call_active_line(l->call);
            l->plat->lock();
            uint64_t end = cc_mixer_line_end(l->mixer, active);
            l->plat->unlock();
            if (end && now < pos_ms(l, end) - DEMO_INTERRUPT_EARLY_MS) return;
            if (!demo_speak(l, a->text)) return;
        } else {
            int say = a->kind == CC_TAKE_SAY || a->kind == CC_TAKE_INTERRUPT;
            if (a->timed) {
                if (now < a->at_ms) return;
            } else {
                int64_t base = l->demo.quiet_at > l->demo.ready_at ? l->demo.quiet_at : l->demo.ready_at;
                int64_t pause = wait > 0 ? wait : say ? DEMO_LATENCY_MS : DEMO_KEY_LATENCY_MS;
                if (cc_live_caller_talking(l) || now < base + pause) return;
            }
            if (say) {
                if (!demo_speak(l, a->text)) return;
            } else {
                cc_input_kind k = a->kind == CC_TAKE_HOLD       ? CC_IN_HOLD
                                  : a->kind == CC_TAKE_RESUME   ? CC_IN_RESUME
                                  : a->kind == CC_TAKE_SWITCH   ? CC_IN_SWITCH
                                  : a->kind == CC_TAKE_TRANSFER ? CC_IN_TRANSFER
                                                                : CC_IN_HANGUP;
                demo_key(l, k, a->text, now);
            }
        }
        l->demo.wait_s = 0;
        l->demo.next++;
        return;
    }
}

/* ---- the step --------------------------------------------------------------------- */

static void pump_wall(cc_live *l)
{
    /* No output device: the wall clock drives the mixer, in buffer-sized steps. */
    uint64_t now = l->plat->ticks_ms();
    uint64_t want = l->wall_base_pos + (now - l->wall_base_ms) * (uint64_t)l->rate / 1000;
    int16_t buf[512];
    while (cc_mixer_pos(l->mixer) < want) {
        uint64_t left = want - cc_mixer_pos(l->mixer);
        size_t k = left < 512 ? (size_t)left : 512;
        mix(l, buf, k);
        /* The ring is ours alone here; keep it from overflowing on a long step. */
        if (l->out_len > OUT_RING / 2) take_played(l);
    }
    atomic_store(&l->clock_pos, cc_mixer_pos(l->mixer));
}

static void finish(cc_live *l)
{
    if (l->ended) return;
    l->result = cc_score(l->std, l->scn, cc_call_record(l->call));
    if (!l->result) l->failed = 1;
    l->ended = 1;
    close_mic(l);
}

int cc_live_step(cc_live *l)
{
    if (l->ended) return l->failed ? -1 : 0;
    if (l->paused) return 0;
    if (!l->has_out) pump_wall(l);
    l->plat->lock();
    uint64_t pos = cc_mixer_pos(l->mixer);
    grab_played(l);
    unsigned id;
    uint64_t at;
    while (cc_mixer_take_done(l->mixer, &id, &at)) {
        if (id & DEMO_ID) {
            demo_said(l, id, pos_ms(l, at));
            continue;
        }
        cc_input in = {.kind = CC_IN_LINE_DONE, .t = pos_ms(l, at), .say_id = id};
        queue_input(l, in, NULL);
        if (pos_ms(l, at) > l->demo.quiet_at) l->demo.quiet_at = pos_ms(l, at);
    }
    l->plat->unlock();
    keep_played(l);
    int64_t now = pos_ms(l, pos);
    const char *asr = l->has_in ? cc_vw_asr_problem(l->vw) : NULL;
    if (asr && strcmp(asr, "starting") != 0) {
        /* No recogniser after all: the microphone is of no use; type instead. */
        close_mic(l);
        l->typing_mode = 1;
        snprintf(l->in_problem, sizeof l->in_problem, "speech recognition is not available (%s)",
                 asr);
    }
    pump_capture(l);
    typing_if_mic_silent(l);
    /* Both tracks reach the clock: silence where nobody spoke or nothing was recorded. */
    for (int t = 0; t < 2; t++) track_reserve(l, &l->tracks[t], (size_t)pos);
    if (!l->audio_failed) l->audio_n = (size_t)pos;
    take_results(l);
    if (l->typing_deferred && !cc_live_caller_talking(l)) {
        l->typing_deferred = 0;
        start_speech(l, now, 1);
    }
    int64_t barrier = engine_barrier(l);
    feed_inputs(l, barrier);
    int64_t upto = now < barrier ? now : barrier;
    if (upto > l->engine_t) {
        if (cc_call_tick(l->call, upto) != 0) l->failed = 1;
        l->engine_t = upto;
        drain(l);
    }
    if (l->cfg.demo) demo_drive(l);
    retry_waiting(l);
    sync_sound(l);
    if (l->call_over) {
        /* Let what the trainee was still saying be heard, then score. */
        if (l->has_in && cc_ep_in_speech(l->ep)) {
            cc_ep_flush(l->ep);
            take_endpoints(l);
        }
        if (l->nutts == 0 || l->plat->ticks_ms() - l->over_wall > DRAIN_MS) finish(l);
    }
    return l->failed ? -1 : 0;
}

int cc_live_idle_ms(const cc_live *l)
{
    if (l->paused) return 33;
    return 10;
}

/* ---- devices ---------------------------------------------------------------------- */

void cc_live_mic_lost(cc_live *l)
{
    if (!l->has_in) return;
    close_mic(l);
    snprintf(l->in_problem, sizeof l->in_problem, "the microphone was disconnected");
    /* Whatever was being said is recognised with what arrived. */
    cc_ep_flush(l->ep);
    take_endpoints(l);
    if (l->call_over) return;
    l->paused = 1;
    if (l->has_out) l->plat->pause_out(1);
}

void cc_live_continue_typed(cc_live *l)
{
    l->typing_mode = 1;
    l->speech_open = 0;
    if (!l->paused) return;
    l->paused = 0;
    if (l->has_out) l->plat->pause_out(0);
    l->wall_base_ms = l->plat->ticks_ms();
    l->wall_base_pos = cc_mixer_pos(l->mixer);
}

void cc_live_speaker_lost(cc_live *l)
{
    if (!l->has_out) return;
    l->plat->close_out();
    l->has_out = 0;
    snprintf(l->out_problem, sizeof l->out_problem, "the speaker or headset was disconnected");
    l->wall_base_ms = l->plat->ticks_ms();
    l->wall_base_pos = cc_mixer_pos(l->mixer);
}

int cc_live_paused(const cc_live *l) { return l->paused; }

/* ---- lifetime --------------------------------------------------------------------- */

/* Everything but starting the call. The clock starts at `from`'s position
 * `at_pos` (0 for a new call), and the audio tracks with `from`'s audio up to
 * it, both before a device can call back. */
static cc_live *live_new(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                         const char *trainee, uint64_t seed, const cc_live_config *cfg,
                         const cc_live *from, uint64_t at_pos, char *err, size_t errlen)
{
    cc_live *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->next_tag = 1;
    l->retry_turn = -1;
    l->plat = plat;
    l->std = std;
    l->scn = scn;
    l->cfg = *cfg;
    l->rate = CC_LIVE_OUT_RATE;
    l->cap_offset_smp = INT64_MIN;
    l->mic_db = -90;
    for (int i = 0; i <= CC_MAX_LINES; i++) l->prepared_node[i] = -1;
    l->call = cc_call_create(std, scn, trainee, seed);
    l->mixer = cc_mixer_create(l->rate);
    /* Answers decoded as they are spoken: the trainee waits only for the recogniser's
     * finalisation (bench/bench_listen); heard at the first short pause, so that the
     * turn ends as soon as the answer sounds finished (cc_ep_turn_config, turnend.h). */
    cc_ep_config epc;
    cc_ep_turn_config(&epc, &std->settings);
    l->ep = cc_ep_create(&epc);
    l->turn = cc_turnend_create(std, scn, trainee);
    l->cap = malloc(CAPTURE_RING * sizeof *l->cap);
    l->cap_scratch = malloc(CAPTURE_RING * sizeof *l->cap_scratch);
    l->out_ring = malloc(OUT_RING * sizeof *l->out_ring);
    l->out_scratch = malloc(OUT_RING * sizeof *l->out_scratch);
    l->trainee = strdup(trainee ? trainee : "");
    l->seed = seed;
    if (!l->call || !l->mixer || !l->ep || !l->turn || !l->cap || !l->cap_scratch || !l->out_ring ||
        !l->out_scratch || !l->trainee) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    cc_mixer_set_tones(l->mixer, cc_dsp_ringback, cc_dsp_hold_music);
    /* Issue 16 hook: SDL_mixer's channels carry the sound when the platform has them,
     * with the call's ring, hold music and ambience files (mixer.h). */
    if (cc_mixer_use_audio(l->mixer, plat->audio, std, scn) != 0) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    if (from) {
        cc_mixer_seek(l->mixer, at_pos);
        atomic_store(&l->clock_pos, at_pos);
        for (int t = 0; t < 2; t++) {
            const int16_t *pcm;
            size_t n = cc_live_audio(from, (cc_live_track)t, &pcm);
            if (n > at_pos) n = (size_t)at_pos;
            if (n) track_put(l, &l->tracks[t], 0, pcm, n);
            track_reserve(l, &l->tracks[t], (size_t)at_pos);
        }
        if (l->audio_failed) {
            snprintf(err, errlen, "out of memory copying the call's audio");
            cc_live_free(l);
            return NULL;
        }
        l->audio_n = (size_t)at_pos;
    }

    /* Devices first: whether there is a speaker decides whether voices are made. */
    if (cfg->want_speaker) {
        if (plat->open_out(l->rate, on_fill, l, l->out_problem, sizeof l->out_problem) == 0)
            l->has_out = 1;
    } else {
        snprintf(l->out_problem, sizeof l->out_problem, "sound is turned off");
    }
    int asr = cfg->want_asr && cfg->want_mic && !cfg->demo;
    /* The demo's synthetic trainee is not the trainee: their voice is not carried over. */
    l->vw = cc_vw_create(std, scn, trainee, l->rate, l->has_out, asr,
                         l->cfg.demo ? NULL : l->cfg.voice_mean);
    if (!l->vw) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    if (cfg->demo) {
        snprintf(l->in_problem, sizeof l->in_problem,
                 "this is a demonstration: a synthetic trainee answers");
    } else if (asr) {
        if (plat->open_in(CC_EP_RATE, on_capture, l, l->in_problem, sizeof l->in_problem) == 0)
            l->has_in = 1;
    } else {
        snprintf(l->in_problem, sizeof l->in_problem,
                 cfg->want_mic ? "speech recognition is turned off" : "typed answers were asked for");
    }
    l->typing_mode = !l->has_in && !cfg->demo;
    l->wall_base_ms = plat->ticks_ms();
    l->wall_base_pos = at_pos;

    for (size_t i = 0; i < scn->nlines; i++) {
        prepare_node(l, scn->lines[i].number, scn->lines[i].start);
        prepare_reactions(l, &scn->lines[i].caller);
    }
    return l;
}

cc_live *cc_live_create(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                        const char *trainee, uint64_t seed, const cc_live_config *cfg,
                        char *err, size_t errlen)
{
    cc_live *l = live_new(plat, std, scn, trainee, seed, cfg, NULL, 0, err, errlen);
    if (!l) return NULL;
    if (cfg->demo) demo_setup(l, 1);
    if (cc_call_start(l->call, 0) != 0) {
        snprintf(err, errlen, "the call engine could not start the call");
        cc_live_free(l);
        return NULL;
    }
    drain(l);
    return l;
}

/* What the replay made the engine say: the past is shown, not heard again,
 * except caller lines still unfinished at the moment the retry starts (at),
 * which the original call's record (old) tells: the same inputs gave the
 * same lines with the same ids. */
static void replay_output(cc_live *l, const cc_record *old, int64_t at, const cc_output *o)
{
    if (o->kind == CC_OUT_SAY) {
        for (size_t i = 0; i < old->nsaid; i++) {
            if (old->said[i].say_id == o->say_id && old->said[i].done != CC_NO_TIME &&
                old->said[i].done <= at) {
                add_caption(l, CC_WHO_CALLER, o->line, o->text,
                            o->persona ? o->persona->name : "Caller", 0);
                return;
            }
        }
    }
    on_output(l, o);
}

cc_live *cc_live_create_retry(const cc_live *from, int turn, const cc_live_config *cfg, char *err,
                              size_t errlen)
{
    const cc_record *old = cc_call_record(from->call);
    if (turn < 0 || (size_t)turn >= old->nturns) {
        snprintf(err, errlen, "cannot retry from turn %d: the call has %zu turns; pick one of them",
                 turn + 1, old->nturns);
        return NULL;
    }
    if (from->fed_lost) {
        snprintf(err, errlen, "cannot retry this call: its inputs were not all kept (out of "
                              "memory); start the call again");
        return NULL;
    }
    int64_t at = old->turns[turn].entered;
    /* The platform has one microphone and one speaker: the new call takes them.
     * `from` is the caller's own object, only declared const for the reading
     * it otherwise gets here. */
    if (from->has_in || from->has_out) cc_live_stop_devices((cc_live *)from);
    cc_live *l = live_new(from->plat, from->std, from->scn, from->trainee, from->seed, cfg, from,
                          ms_pos(from, at), err, errlen);
    if (!l) return NULL;
    if (cc_call_start(l->call, 0) != 0) goto engine;
    /* The engine is a pure step function: the same inputs at the same times
     * bring it to the same state, and the same seed to the same lines. What it
     * says is shown as it comes, so the captions keep the call's order. */
    cc_output o;
    for (size_t i = 0; i < from->nfed; i++) {
        const cc_input *in = &from->fed[i];
        if (in->t > at) break;
        if (cc_call_tick(l->call, in->t) != 0) goto engine;
        if (cc_call_record(l->call)->nturns > (size_t)turn) break;
        while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
        if (cc_call_input(l->call, in) != 0) goto engine;
        log_input(l, in);
        if (in->kind == CC_IN_UTTERANCE) {
            /* Typed answers come sure and unmeasured (cc_live_typed). */
            if (in->confidence >= 1.0 && isnan(in->pitch_range) && isnan(in->rate_wpm))
                l->answers_typed++;
            else
                l->answers_spoken++;
            add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call), in->text ? in->text : "",
                        NULL, in->confidence < l->std->settings.min_confidence);
        }
        while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
    }
    if (cc_call_tick(l->call, at) != 0) goto engine;
    const cc_record *rec = cc_call_record(l->call);
    if (rec->nturns <= (size_t)turn || rec->turns[turn].node != old->turns[turn].node ||
        rec->turns[turn].entered != at) {
        snprintf(err, errlen, "cannot retry from turn %d: replaying the call did not reach it; "
                              "start the call again", turn + 1);
        cc_live_free(l);
        return NULL;
    }
    l->engine_t = at;
    l->demo.quiet_at = l->demo.ready_at = at;
    while (cc_call_poll(l->call, &o)) replay_output(l, old, at, &o);
    l->retry_turn = turn;
    l->retry_at = at;
    /* A retry of a retry retries the same call. */
    if (from->retry_of && !(l->retry_of = strdup(from->retry_of))) goto engine;
    drain(l);
    if (cfg->demo) {
        demo_setup(l, 0);
        l->demo.picked = 1;
        l->demo.turns_answered = (size_t)turn;
    }
    return l;
engine:
    snprintf(err, errlen, "out of memory replaying the call; close other programs and try again");
    cc_live_free(l);
    return NULL;
}

void cc_live_free(cc_live *l)
{
    if (!l) return;
    /* Devices stop before what their callbacks use goes away. */
    if (l->has_in) l->plat->close_in();
    if (l->has_out) l->plat->close_out();
    cc_vw_free(l->vw);
    for (int i = 0; i < l->ninputs; i++) free(l->inputs[i].text);
    for (int i = 0; i < l->nutts; i++) {
        free(l->utts[i].text);
        free(l->utts[i].audio);
        free(l->utts[i].whole.text);
    }
    for (size_t i = 0; i < l->ncaptions; i++) {
        free(l->captions[i].text);
        free(l->captions[i].speaker);
    }
    for (size_t i = 0; i < l->nfed; i++) free((char *)l->fed[i].text);
    free(l->fed);
    free(l->retry_of);
    cc_take_free(l->demo.take);
    free(l->demo.speak_text);
    cc_result_free(l->result);
    cc_call_free(l->call);
    cc_mixer_free(l->mixer);
    cc_ep_free(l->ep);
    cc_turnend_free(l->turn);
    free(l->cap);
    free(l->cap_scratch);
    free(l->cap_placed);
    cc_micclock_free(l->mic_clock);
    free(l->out_ring);
    free(l->out_scratch);
    for (int t = 0; t < 2; t++) free(l->tracks[t].s);
    free(l->trainee);
    free(l);
}

size_t cc_live_audio(const cc_live *l, cc_live_track t, const int16_t **pcm)
{
    const track *k = t == CC_LIVE_TRAINEE ? &l->tracks[CC_LIVE_TRAINEE] : &l->tracks[CC_LIVE_CALLER];
    size_t n = l->audio_n < k->n ? l->audio_n : k->n;
    if (t == CC_LIVE_TRAINEE && l->has_in) {
        /* Only what the microphone has delivered is final: the rest of the
         * clock's length is still on its way from the device. */
        int64_t head = l->mic_clock ? cc_micclock_head(l->mic_clock) : 0;
        if (head < 0) head = 0;
        if ((uint64_t)head < n) n = (size_t)head;
    }
    *pcm = n ? k->s : NULL;
    return n;
}

uint64_t cc_live_audio_lost(const cc_live *l, cc_live_track t, int64_t *first_ms)
{
    if (first_ms) *first_ms = t == CC_LIVE_TRAINEE && l->lost_first_ms ? l->lost_first_ms - 1 : -1;
    return t == CC_LIVE_TRAINEE ? l->cap_dropped : l->out_lost_total;
}

void cc_live_lost_note(const cc_live *l, char *buf, size_t len)
{
    int64_t first;
    uint64_t mic = cc_live_audio_lost(l, CC_LIVE_TRAINEE, &first), out = cc_live_audio_lost(l, CC_LIVE_CALLER, NULL);
    if (len) buf[0] = '\0';
    if (!mic && !out) return;
    int k = 0;
    if (mic)
        k = snprintf(buf, len, "%.2f s of your microphone were lost, from %.1f s of the call on (the computer was "
                     "too busy to take them in time): that stretch of your recording is silent%s",
                     (double)mic / CC_LIVE_OUT_RATE, (double)first / 1000.0, out ? "; " : "");
    if (out && k >= 0 && (size_t)k < len)
        snprintf(buf + k, len - (size_t)k, "%.2f s of the caller's side were not recorded (the computer was too "
                 "busy); that stretch of the caller's recording is silent", (double)out / CC_LIVE_OUT_RATE);
}

double cc_live_mic_drift_ppm(const cc_live *l) { return l->mic_clock ? cc_micclock_ppm(l->mic_clock) : 0; }

const char *cc_live_audio_problem(const cc_live *l) { return l->audio_failed ? l->audio_problem : NULL; }

void cc_live_stop_devices(cc_live *l)
{
    if (!l) return;
    if (l->has_in) {
        close_mic(l);
        snprintf(l->in_problem, sizeof l->in_problem, "the microphone was closed: the call is over");
    }
    if (l->has_out) {
        l->plat->close_out();
        l->has_out = 0;
        snprintf(l->out_problem, sizeof l->out_problem, "the speaker was closed: the call is over");
        /* Should the call still run, the wall clock takes over from here. */
        l->wall_base_ms = l->plat->ticks_ms();
        l->wall_base_pos = cc_mixer_pos(l->mixer);
    }
    /* The speaker is closed: what it left in its ring is ours to keep. */
    l->plat->lock();
    grab_played(l);
    uint64_t pos = cc_mixer_pos(l->mixer);
    l->plat->unlock();
    keep_played(l);
    for (int t = 0; t < 2; t++) track_reserve(l, &l->tracks[t], (size_t)pos);
    if (!l->audio_failed) l->audio_n = (size_t)pos;
    /* A scored call says and hears nothing more. Its voices go, so that the
     * feedback screen's model answers and a retry's caller can have espeak-ng,
     * which has one owner per process (tts.h). */
    if (l->ended) {
        cc_vw_free(l->vw);
        l->vw = NULL;
    }
}

const cc_standard *cc_live_standard(const cc_live *l) { return l->std; }
const cc_scenario *cc_live_scenario(const cc_live *l) { return l->scn; }
const char *cc_live_trainee(const cc_live *l) { return l->trainee; }
uint64_t cc_live_seed(const cc_live *l) { return l->seed; }
int cc_live_retry_turn(const cc_live *l) { return l->retry_turn; }
int64_t cc_live_retry_kept_ms(const cc_live *l) { return l->retry_turn >= 0 ? l->retry_at : 0; }
const char *cc_live_retry_of(const cc_live *l) { return l->retry_of; }
int cc_live_set_retry_of(cc_live *l, const char *folder)
{
    if (!l || l->retry_turn < 0 || l->retry_of) return 0;
    return (l->retry_of = strdup(folder ? folder : "")) ? 0 : -1;
}
void cc_live_answers(const cc_live *l, int *typed, int *spoken)
{
    *typed = l->answers_typed;
    *spoken = l->answers_spoken;
}

/* ---- what the screen shows -------------------------------------------------------- */

const cc_call *cc_live_call(const cc_live *l) { return l->call; }
int cc_live_ended(const cc_live *l) { return l->ended; }
const cc_result *cc_live_result(const cc_live *l) { return l->result; }
int cc_live_rings(const cc_live *l, int line)
{
    return line >= 1 && line <= CC_MAX_LINES ? l->rings[line] : 0;
}
int cc_live_picked_up_on(const cc_live *l, int line)
{
    return line >= 1 && line <= CC_MAX_LINES ? l->picked[line] : 0;
}
size_t cc_live_caption_count(const cc_live *l) { return l->ncaptions; }
const cc_caption *cc_live_caption(const cc_live *l, size_t i) { return &l->captions[i]; }
double cc_live_mic_db(const cc_live *l) { return l->has_in ? l->mic_db : -90; }
int cc_live_has_mic(const cc_live *l) { return l->has_in; }
int cc_live_has_speaker(const cc_live *l) { return l->has_out; }
int cc_live_typing_mode(const cc_live *l) { return l->typing_mode; }
int cc_live_talking(const cc_live *l) { return l->has_in && cc_ep_in_speech(l->ep); }
const char *cc_live_mic_problem(const cc_live *l) { return l->has_in ? NULL : l->in_problem; }
const char *cc_live_speaker_problem(const cc_live *l) { return l->has_out ? NULL : l->out_problem; }
const char *cc_live_asr_problem(const cc_live *l)
{
    return l->has_in ? cc_vw_asr_problem(l->vw) : NULL;
}
int cc_live_recognising(const cc_live *l) { return l->nutts > 0; }
int cc_live_voice_pending(const cc_live *l) { return l->nwaiting + (l->demo.voice_wait != 0); }
