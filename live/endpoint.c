/* endpoint: see endpoint.h. An energy detector with a noise floor: simple,
 * cheap enough for every 10 ms frame, and predictable, which matters because
 * the recogniser behind it does its own finer voice-activity pass on the cut. */
#include "endpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FRAME 160 /* 10 ms */
#define MAX_EVENTS 16

/* Defaults. Trailing 700 ms: espeak-ng and people pause 300-500 ms between
 * sentences; the design notes measured that cutting at 360 ms splits sentences
 * at commas and that segments restarting within 0.7 s belong together. */
#define D_MARGIN 15.0
#define D_MIN -55.0
#define D_CONFIRM 100
#define D_TRAILING 700
#define D_PREROLL 300
#define D_TAIL 300
#define D_MAX 30000
/* Pieces: the pause between two sentences of espeak-ng at 150 words a minute
 * is 300-400 ms, between words under 100 ms; 250 ms cuts between sentences
 * and long phrases only. A piece still loses the words around its cut (more
 * misheard verdicts than the whole answer: endpoint.h, PAUSE), so answers
 * short enough are heard whole at their last pause and pieces serve the
 * long ones. */
#define D_PIECE 1500
#define D_CUT 250
/* A piece that has grown this long is cut at any pause of SHORT_CUT ms (a
 * comma, a breath): recognition time grows with the piece, and the last
 * piece's is what the trainee waits for. */
#define LONG_PIECE_MS 3000
#define SHORT_CUT_MS 120
/* Whole answers: a pause of 250 ms leaves 450 ms of the 700 ms of trailing
 * silence to recognise the answer so far; 8 s of speech take about 360 ms of
 * one core at the recogniser's 0.045 of real time. */
#define D_PAUSE 250
#define D_WHOLE 8000
#define D_STREAM_BEFORE_END 100
/* The noise floor also follows a room that got louder: when no frame of the last
 * RISE_FRAMES (1.5 s) was as quiet as the floor, the floor rises to the quietest of them.
 * Speech always has frames near the room's level between words within that time (stops,
 * breaths, pauses), so a long answer does not lift the floor into itself; a fan switched on,
 * or a microphone that starts in a noisy room, no longer reads as endless speech (the floor
 * only ever rose on frames it already took for silence, so noise 15 dB above it never ended). */
#define RISE_FRAMES 150
#define RISE_SLACK_DB 1.0
#define STEADY_DB 12.0
#define FIRST_FLOOR_MAX_DB -50.0
/* Within an answer, a frame is speech only within PEAK_RANGE_DB of the answer's loudest
 * frame so far: voices in the room behind the trainee (babble) sit well under the trainee's
 * own and must not hold the turn open, while the trainee's quiet sounds (endings, unvoiced
 * consonants) stay within that range. On bench_hear's dev part (babble at 20 dB): answers
 * the endpointer never closed 89 -> 72 of 130, verdicts agreeing 73.3 -> 74.2 %, quiet rooms
 * unchanged (20 dB did no better than 30 and would cut more of a real voice's quiet sounds). */
#define D_PEAK_RANGE 30.0

typedef enum { IDLE, CANDIDATE, SPEECH } state;

struct cc_endpointer {
    cc_endpoint_config cfg;
    int16_t frame[FRAME];
    size_t nframe;
    uint64_t pos;      /* samples fed */
    int16_t *buf;      /* audio kept, starting at buf_start */
    size_t nbuf, capbuf;
    uint64_t buf_start;
    double floor_db, level_db;
    state st;
    uint64_t onset, last_speech;
    double peak_db;       /* loudest frame of the answer so far */
    uint64_t piece_start; /* where the audio not yet handed out as a piece starts */
    uint64_t utt_start;   /* where the answer's audio starts (its pre-roll) */
    int cut_in_pause;     /* this pause already cut a piece */
    int paused;           /* this pause already gave a PAUSE */
    int pause_trailing_ms; /* this pause's trailing silence (cc_endpoint_set_trailing); 0: cfg's */
    uint64_t stream_pos;  /* stream mode: the answer's audio handed out up to here */
    int cand_speech, cand_frames;
    int heard_signal;     /* a sample was not exactly zero */
    double recent[RISE_FRAMES]; /* levels of the last frames, a ring */
    size_t nrecent, at_recent;
    cc_endpoint_event events[MAX_EVENTS];
    size_t nevents;
};

static int ms_to_samples(int ms) { return ms * (CC_ENDPOINT_RATE / 1000); }

cc_endpointer *cc_endpoint_create(const cc_endpoint_config *cfg)
{
    cc_endpointer *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    if (cfg) e->cfg = *cfg;
    if (e->cfg.margin_db == 0) e->cfg.margin_db = D_MARGIN;
    if (e->cfg.min_db == 0) e->cfg.min_db = D_MIN;
    if (e->cfg.confirm_ms == 0) e->cfg.confirm_ms = D_CONFIRM;
    if (e->cfg.trailing_ms == 0) e->cfg.trailing_ms = D_TRAILING;
    if (e->cfg.preroll_ms == 0) e->cfg.preroll_ms = D_PREROLL;
    if (e->cfg.tail_ms == 0) e->cfg.tail_ms = D_TAIL;
    if (e->cfg.max_ms == 0) e->cfg.max_ms = D_MAX;
    if (e->cfg.peak_range_db == 0) e->cfg.peak_range_db = D_PEAK_RANGE;
    if (e->cfg.piece_ms == 0) e->cfg.piece_ms = D_PIECE;
    if (e->cfg.cut_ms == 0) e->cfg.cut_ms = D_CUT;
    /* Stream mode: hearing what was decoded costs a few ms (bench/bench_listen: p95 under
     * 20 ms), so the PAUSE comes late, D_STREAM_BEFORE_END before the trailing silence
     * ends: fewer pauses inside an answer give one, and speech after one makes the recogniser
     * decode the answer again from its start (with 250 ms it used 1.5 times the CPU). */
    if (e->cfg.pause_ms == 0 && e->cfg.stream) {
        e->cfg.pause_ms = e->cfg.trailing_ms - D_STREAM_BEFORE_END;
        if (e->cfg.pause_ms < e->cfg.trailing_ms / 2) e->cfg.pause_ms = e->cfg.trailing_ms / 2;
    }
    if (e->cfg.pause_ms == 0) e->cfg.pause_ms = D_PAUSE;
    if (e->cfg.whole_ms == 0) e->cfg.whole_ms = D_WHOLE;
    if (e->cfg.stream) {
        /* Heard as it is spoken: no pieces, a PAUSE at any length, without audio. */
        e->cfg.piece_ms = -1;
        e->cfg.whole_ms = e->cfg.max_ms;
    }
    e->floor_db = -90;
    e->level_db = -90;
    return e;
}

void cc_endpoint_free(cc_endpointer *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->nevents; i++) free(e->events[i].pcm);
    free(e->buf);
    free(e);
}

static int push_event(cc_endpointer *e, cc_endpoint_event ev)
{
    if (e->nevents < MAX_EVENTS) {
        e->events[e->nevents++] = ev;
        return 0;
    }
    free(ev.pcm);
    return -1;
}

int cc_endpoint_next(cc_endpointer *e, cc_endpoint_event *ev)
{
    if (e->nevents == 0) return 0;
    *ev = e->events[0];
    memmove(e->events, e->events + 1, (e->nevents - 1) * sizeof *ev);
    e->nevents--;
    return 1;
}

uint64_t cc_endpoint_pos(const cc_endpointer *e) { return e->pos; }
double cc_endpoint_level_db(const cc_endpointer *e) { return e->level_db; }
int cc_endpoint_in_speech(const cc_endpointer *e) { return e->st == SPEECH; }
int cc_endpoint_heard_signal(const cc_endpointer *e) { return e->heard_signal; }

/* Drops kept audio before `from` (never past what is kept). */
static void trim(cc_endpointer *e, uint64_t from)
{
    if (from <= e->buf_start) return;
    size_t drop = (size_t)(from - e->buf_start);
    if (drop > e->nbuf) drop = e->nbuf;
    memmove(e->buf, e->buf + drop, (e->nbuf - drop) * sizeof *e->buf);
    e->nbuf -= drop;
    e->buf_start += drop;
}

/* Audio [from, to) of what is kept, as an event of this kind; -1 when it could not be
 * queued (the queue is full or memory ran out). */
static int cut(cc_endpointer *e, cc_endpoint_kind kind, uint64_t from, uint64_t to)
{
    if (from < e->buf_start) from = e->buf_start;
    if (to > e->buf_start + e->nbuf) to = e->buf_start + e->nbuf;
    size_t n = to > from ? (size_t)(to - from) : 0;
    if (kind == CC_ENDPOINT_PAUSE && e->cfg.stream) n = 0; /* the stream has carried it */
    cc_endpoint_event ev = {kind, e->onset, e->last_speech, NULL, n, from};
    if (n) {
        ev.pcm = malloc(n * sizeof *ev.pcm);
        if (ev.pcm) memcpy(ev.pcm, e->buf + (from - e->buf_start), n * sizeof *ev.pcm);
        else if (kind == CC_ENDPOINT_STREAM) return -1;
        else ev.n = 0;
    }
    return push_event(e, ev);
}

/* Stream mode: the answer's audio not yet handed out, up to `to`. */
static void stream_to(cc_endpointer *e, uint64_t to)
{
    if (!e->cfg.stream || e->st != SPEECH || e->paused || to <= e->stream_pos) return;
    /* Not queued: the next call hands it out with what follows, so the stream has no gap. */
    if (cut(e, CC_ENDPOINT_STREAM, e->stream_pos, to) == 0) e->stream_pos = to;
}

static void close_utterance(cc_endpointer *e, uint64_t end_pos)
{
    cut(e, CC_ENDPOINT_UTTERANCE, e->piece_start, end_pos);
    e->st = IDLE;
}

static void on_frame(cc_endpointer *e, const int16_t *f, uint64_t fstart)
{
    double sum = 0;
    for (int i = 0; i < FRAME; i++) sum += (double)f[i] * f[i];
    double ms = sum / FRAME / (32768.0 * 32768.0);
    double db = ms > 1e-9 ? 10.0 * log10(ms) : -90.0;
    e->level_db = db;
    /* The first frame is the best guess of the room, unless it is loud enough to be a voice
     * already (a recording that starts with speech): then a room no louder than
     * FIRST_FLOOR_MAX_DB, which the next quiet frame corrects at once. */
    if (fstart == 0) e->floor_db = db < FIRST_FLOOR_MAX_DB ? db : FIRST_FLOOR_MAX_DB;
    e->recent[e->at_recent] = db;
    e->at_recent = (e->at_recent + 1) % RISE_FRAMES;
    if (e->nrecent < RISE_FRAMES) e->nrecent++;
    if (e->nrecent == RISE_FRAMES) {
        double quietest = db, loudest = db;
        for (size_t i = 0; i < RISE_FRAMES; i++) {
            if (e->recent[i] < quietest) quietest = e->recent[i];
            if (e->recent[i] > loudest) loudest = e->recent[i];
        }
        /* Inside an answer only a steady sound lifts the floor: speech spans far more than
         * STEADY_DB between its loud and quiet frames, a fan or a hum does not. Lifting it on
         * any answer without a quiet frame cut clean synthetic answers short (bench_asr's
         * word error rate as the app hears 0.039 -> 0.061). */
        if (quietest > e->floor_db + RISE_SLACK_DB && (e->st == IDLE || loudest - quietest < STEADY_DB))
            e->floor_db = quietest;
    }
    double thr = e->floor_db + e->cfg.margin_db;
    if (thr < e->cfg.min_db) thr = e->cfg.min_db;
    int speech = db > thr;
    if (e->st == SPEECH && e->cfg.peak_range_db > 0 && db < e->peak_db - e->cfg.peak_range_db)
        speech = 0;
    if (e->st != IDLE && db > e->peak_db) e->peak_db = db;
    uint64_t fend = fstart + FRAME;
    /* The floor follows quiet frames quickly downwards and slowly upwards, and
     * never learns from speech. */
    if (e->st == IDLE || !speech) {
        if (db < e->floor_db) e->floor_db = db;
        else if (!speech) e->floor_db += 0.05 * (db - e->floor_db);
    }
    int confirm_frames = e->cfg.confirm_ms / 10;
    switch (e->st) {
    case IDLE:
        if (speech) {
            e->st = CANDIDATE;
            e->peak_db = db;
            e->onset = fstart;
            e->last_speech = fend;
            e->cand_speech = 1;
            e->cand_frames = 1;
        }
        break;
    case CANDIDATE:
        e->cand_frames++;
        if (speech) {
            e->cand_speech++;
            e->last_speech = fend;
        }
        if (e->cand_speech >= confirm_frames) {
            e->st = SPEECH;
            uint64_t pre = (uint64_t)ms_to_samples(e->cfg.preroll_ms);
            e->piece_start = e->onset > pre ? e->onset - pre : 0;
            e->utt_start = e->piece_start;
            e->stream_pos = e->utt_start;
            e->paused = 0;
            e->pause_trailing_ms = 0;
            push_event(e, (cc_endpoint_event){CC_ENDPOINT_ONSET, e->onset, 0, NULL, 0, 0});
        } else if (e->cand_frames >= 2 * confirm_frames) {
            e->st = IDLE; /* a click, not a voice */
        }
        break;
    case SPEECH:
        if (speech) {
            e->last_speech = fend;
            e->cut_in_pause = 0;
            e->paused = 0;
            e->pause_trailing_ms = 0;
        }
        /* A pause long enough, after enough speech: hand out what came before. */
        uint64_t piece = e->last_speech - e->piece_start, pause = fend - e->last_speech;
        int long_piece = piece >= (uint64_t)ms_to_samples(LONG_PIECE_MS) &&
                         pause >= (uint64_t)ms_to_samples(SHORT_CUT_MS);
        int normal = piece >= (uint64_t)ms_to_samples(e->cfg.piece_ms) &&
                     pause >= (uint64_t)ms_to_samples(e->cfg.cut_ms);
        if (!speech && e->cfg.piece_ms > 0 && !e->cut_in_pause && (long_piece || normal)) {
            uint64_t at = e->last_speech + pause / 2;
            cut(e, CC_ENDPOINT_PIECE, e->piece_start, at);
            e->piece_start = at;
            e->cut_in_pause = 1;
        }
        /* The whole answer so far, to be heard during the rest of the pause. */
        if (!speech && !e->paused && e->cfg.whole_ms > 0 &&
            pause >= (uint64_t)ms_to_samples(e->cfg.pause_ms) &&
            e->last_speech - e->utt_start <= (uint64_t)ms_to_samples(e->cfg.whole_ms)) {
            stream_to(e, fend);
            /* The stream must have reached the pause first (a full queue: next frame). */
            if (!e->cfg.stream || e->stream_pos >= fend) {
                cut(e, CC_ENDPOINT_PAUSE, e->utt_start, fend);
                e->paused = 1;
            }
        }
        int trailing = e->pause_trailing_ms ? e->pause_trailing_ms : e->cfg.trailing_ms;
        if (fend - e->last_speech >= (uint64_t)ms_to_samples(trailing) ||
            fend - e->onset >= (uint64_t)ms_to_samples(e->cfg.max_ms)) {
            uint64_t end = e->last_speech + (uint64_t)ms_to_samples(e->cfg.tail_ms);
            close_utterance(e, end < fend ? end : fend);
        }
        break;
    }
    if (e->st == IDLE) {
        /* Keep only the pre-roll while nobody talks. */
        uint64_t keep = (uint64_t)ms_to_samples(e->cfg.preroll_ms + 100);
        if (fend > keep) trim(e, fend - keep);
    }
}

/* The hearing at a pause takes a few ms (bench_listen: p95 under 20 ms); 80 ms
 * before a finished answer's turn ends leaves room for it, and never less than
 * 60 ms of pause: shorter ones are the gaps between words. */
#define TURN_HEAR_BEFORE_MS 80
#define TURN_HEAR_MIN_MS 60

void cc_endpoint_turn_config(cc_endpoint_config *cfg, const cc_settings *st)
{
    int finished = (int)lround(st->turn_end_finished_seconds * 1000.0);
    int unsure = (int)lround(st->turn_end_unsure_seconds * 1000.0);
    int hear = finished - TURN_HEAR_BEFORE_MS;
    if (hear > unsure - D_STREAM_BEFORE_END) hear = unsure - D_STREAM_BEFORE_END;
    if (hear < TURN_HEAR_MIN_MS) hear = TURN_HEAR_MIN_MS;
    *cfg = (cc_endpoint_config){.stream = 1, .trailing_ms = unsure, .pause_ms = hear};
}

int cc_endpoint_set_trailing(cc_endpointer *e, uint64_t pause_end, int ms)
{
    if (e->st != SPEECH || e->last_speech != pause_end || ms <= 0) return 0;
    e->pause_trailing_ms = ms;
    return 1;
}

int cc_endpoint_feed(cc_endpointer *e, const int16_t *s, size_t n)
{
    int rc = 0;
    if (e->nbuf + n > e->capbuf) {
        size_t cap = e->capbuf ? e->capbuf : 16000;
        while (cap < e->nbuf + n) cap *= 2;
        int16_t *nb = realloc(e->buf, cap * sizeof *nb);
        if (nb) {
            e->buf = nb;
            e->capbuf = cap;
        } else {
            rc = -1;
        }
    }
    if (e->nbuf + n <= e->capbuf) {
        memcpy(e->buf + e->nbuf, s, n * sizeof *s);
        e->nbuf += n;
    } else {
        /* Out of memory: forget what was kept and carry on from here. */
        e->nbuf = 0;
        e->buf_start = e->pos + n;
        e->st = e->st == SPEECH ? SPEECH : IDLE;
    }
    for (size_t i = 0; i < n; i++) {
        e->heard_signal |= s[i] != 0;
        e->frame[e->nframe++] = s[i];
        if (e->nframe == FRAME) {
            uint64_t fstart = e->pos + i + 1 - FRAME;
            on_frame(e, e->frame, fstart);
            e->nframe = 0;
        }
    }
    e->pos += n;
    stream_to(e, e->pos - e->nframe);
    return rc;
}

void cc_endpoint_flush(cc_endpointer *e)
{
    if (e->st == SPEECH) close_utterance(e, e->pos);
    e->st = IDLE;
}

int cc_endpoint_second_opinion(int a_piece_unsure, double confidence, double min_confidence,
                         size_t samples)
{
    if (samples == 0) return 0;
    if (confidence < min_confidence) return 1;
    return a_piece_unsure && samples <= (size_t)ms_to_samples(CC_ENDPOINT_SECOND_MAX_MS);
}
