/* live: see live.h. The engine decides everything about the call; this file
 * runs its clock, gives it the inputs in order and turns its outputs into sound
 * and captions. The recorded tracks are tracks.c's, the microphone and the
 * recogniser hearing.c's, the trainee's keys live_keys.c's, the demo trainee
 * demo.c's (its decisions) and live_demo.c's (its voice), a retry live_retry.c's. */
#define _POSIX_C_SOURCE 200809L
#include "live_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "dsp.h"
#include "endpoint.h"
#include "mem.h"
#include "text.h"

/* After the call ends, utterances still being recognised get this long. */
#define DRAIN_MS 4000
/* A microphone that sends only exact zeros this long is taken for none
 * (typing_if_mic_silent). Long enough for a device that starts with a few
 * zero buffers; short enough to be found while the phone rings or just after. */
#define MIC_SILENT_MS 4000

static void close_mic(cc_live *l);

/* ---- device callbacks (device threads) ------------------------------------------- */

/* Mixes n samples into out and keeps what came down the line for the caller
 * track. Device thread, platform lock held (or the main thread without a device). */
static void mix(cc_live *l, int16_t *out, size_t n)
{
    int16_t far[1024];
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        cc_mixer_fill2(l->mixer, out, far, k);
        cc_tracks_played(l->tracks, far, k);
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
    cc_hearing_capture(l->hearing, in, n, atomic_load(&l->clock_pos));
}

/* ---- small helpers ---------------------------------------------------------------- */

int64_t live_pos_ms(const cc_live *l, uint64_t pos) { return (int64_t)(pos * 1000 / (uint64_t)l->rate); }
uint64_t live_ms_pos(const cc_live *l, int64_t ms)
{
    return ms <= 0 ? 0 : (uint64_t)ms * (uint64_t)l->rate / 1000;
}

int64_t cc_live_now_ms(const cc_live *l) { return live_pos_ms(l, atomic_load(&((cc_live *)l)->clock_pos)); }

/* What the mixer played since the last step, onto the caller track: out of its
 * ring under the lock, onto the track without it. */
static void take_played(cc_live *l)
{
    cc_tracks_grab(l->tracks);
    cc_tracks_keep(l->tracks);
}

void live_add_caption(cc_live *l, cc_who who, int line, const char *text, const char *speaker,
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

void live_queue_input(cc_live *l, cc_input in, const char *text)
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

/* Pre-synthesis: every line the engine says may come next (cc_call_next_lines),
 * asked again whenever a phone line moves to another node or state. */
static void prepare_next(cc_live *l)
{
    if (!l->vw) return;
    int moved = 0;
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        int node = cc_call_node(l->call, line);
        cc_line_status st = cc_call_line_status(l->call, line);
        moved |= node != l->asked_node[line] || st != l->asked_status[line];
        l->asked_node[line] = node;
        l->asked_status[line] = st;
    }
    if (!moved) return;
    cc_next_line *next;
    size_t n;
    if (cc_call_next_lines(l->call, &next, &n) != 0) return; /* out of memory: fetched when said */
    for (size_t i = 0; i < n; i++) cc_voicework_prepare(l->vw, next[i].text, next[i].mood, next[i].persona, 0);
    cc_call_next_lines_free(next, n);
}

/* ---- outputs ---------------------------------------------------------------------- */

static void play_line(cc_live *l, unsigned id, int line, const char *text, cc_mood mood,
                      const cc_persona *p, int force_silent)
{
    int16_t *pcm = NULL;
    size_t n = 0;
    int got = force_silent || !l->has_out ? -1 : cc_voicework_fetch(l->vw, text, mood, p, &pcm, &n);
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
    l->plat->audio->lock();
    cc_mixer_play(l->mixer, id, line, pcm, n, cc_mixer_pos(l->mixer));
    l->plat->audio->unlock();
}

static void retry_waiting(cc_live *l)
{
    uint64_t now = l->plat->ticks_ms();
    for (int i = 0; i < l->nwaiting;) {
        waiting_line w = l->waiting[i];
        int16_t *pcm = NULL;
        size_t n = 0;
        int got = cc_voicework_fetch(l->vw, w.text, w.mood, w.persona, &pcm, &n);
        if (got == 0 && now - w.since_wall < VOICE_WAIT_MS) {
            i++;
            continue;
        }
        l->waiting[i] = l->waiting[--l->nwaiting];
        if (got == 1) {
            l->plat->audio->lock();
            cc_mixer_play(l->mixer, w.id, w.line, pcm, n, cc_mixer_pos(l->mixer));
            l->plat->audio->unlock();
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

void live_on_output(cc_live *l, const cc_output *o)
{
    const cc_settings *st = &l->std->settings;
    switch (o->kind) {
    case CC_OUT_RING:
        l->rings[o->line] = o->ring;
        l->plat->audio->lock();
        cc_mixer_ring(l->mixer, live_ms_pos(l, o->t), (uint64_t)(st->ring_seconds * l->rate));
        l->plat->audio->unlock();
        if (o->ring == 1 && o->line != 1)
            live_add_caption(l, CC_WHO_PHONE, o->line, "Line 2 is ringing.", NULL, 0);
        break;
    case CC_OUT_RING_STOP:
        l->plat->audio->lock();
        cc_mixer_ring_stop(l->mixer);
        l->plat->audio->unlock();
        if (cc_call_record(l->call)->lines[o->line].answered && !l->picked[o->line]) {
            l->picked[o->line] = o->ring;
            char msg[96];
            snprintf(msg, sizeof msg, "You picked up line %d on ring %d.", o->line, o->ring);
            live_add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        }
        break;
    case CC_OUT_SAY:
        live_add_caption(l, CC_WHO_CALLER, o->line, o->text, o->persona ? o->persona->name : "Caller", 0);
        play_line(l, o->say_id, o->line, o->text, o->mood, o->persona, 0);
        break;
    case CC_OUT_HOLD_START: {
        char msg[64];
        snprintf(msg, sizeof msg, "Line %d is on hold.", o->line);
        live_add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        break;
    }
    case CC_OUT_HOLD_END: break;
    case CC_OUT_CALLER_HANGUP: {
        const cc_line_def *d = cc_scenario_line(l->scn, o->line);
        char msg[160];
        snprintf(msg, sizeof msg, "%s hung up.", d ? d->caller.name : "The caller");
        live_add_caption(l, CC_WHO_PHONE, o->line, msg, NULL, 0);
        break;
    }
    case CC_OUT_LINE_ENDED:
        l->plat->audio->lock();
        cc_mixer_drop_line(l->mixer, o->line);
        l->plat->audio->unlock();
        drop_waiting(l, o->line);
        break;
    case CC_OUT_CALL_ENDED:
        live_add_caption(l, CC_WHO_PHONE, 0, "The call has ended.", NULL, 0);
        l->call_over = 1;
        l->over_wall = l->plat->ticks_ms();
        break;
    }
}

void live_drain(cc_live *l)
{
    cc_output o;
    while (cc_call_poll(l->call, &o)) live_on_output(l, &o);
    prepare_next(l);
}

/* Keeps the sound consistent with the phone: only the line the trainee is
 * on is heard, and hold music plays while that line is on hold. */
static void sync_sound(cc_live *l)
{
    int active = cc_call_active_line(l->call);
    l->plat->audio->lock();
    for (int line = 1; line <= CC_MAX_LINES; line++) cc_mixer_mute_line(l->mixer, line, line != active);
    cc_mixer_hold(l->mixer, !l->call_over && cc_call_line_status(l->call, active) == CC_LINE_HELD);
    l->plat->audio->unlock();
}

/* ---- inputs ----------------------------------------------------------------------- */

static int cmp_input(const void *a, const void *b)
{
    const pending_input *x = a, *y = b;
    if (x->in.t != y->in.t) return x->in.t < y->in.t ? -1 : 1;
    return x->seq - y->seq;
}

/* What the trainee said comes before what they did next. While an answer
 * that has ended is still being recognised, the engine is not moved past its
 * end (cc_hearing_barrier): a key pressed meanwhile (H after "may I put you on
 * hold?"), a caller line that finishes, a timer, all wait, and then happen in
 * their order at their own times. Otherwise recognition latency would reorder
 * the call: the hold would come first and the answer would be said to a held
 * line. The wait is bounded so a stuck recogniser cannot stop the call. */
static int64_t engine_barrier(const cc_live *l)
{
    return l->hearing ? cc_hearing_barrier(l->hearing) : INT64_MAX;
}

void live_log_input(cc_live *l, const cc_input *in)
{
    if (l->fed_lost) return;
    if (cc_grow((void **)&l->fed, &l->capfed, l->nfed, sizeof *l->fed) != 0) {
        l->fed_lost = 1;
        return;
    }
    cc_input c = *in;
    c.text = cc_strdup(in->text);
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
        if (cc_debug_on())
            fprintf(stderr, "callcoach: debug: wall %llu ms: input %d at %lld ms (asked %lld) start %lld text \"%s\" conf %.2f\n",
                    (unsigned long long)l->plat->ticks_ms(), (int)in.kind, (long long)in.t,
                    (long long)l->inputs[i].in.t, (long long)in.start, in.text ? in.text : "",
                    in.confidence);
        if (cc_call_input(l->call, &in) != 0) l->failed = 1;
        else live_log_input(l, &in);
        l->engine_t = in.t;
        live_drain(l);
        free(l->inputs[i].text);
    }
    l->ninputs = kept;
}

/* A microphone that has sent nothing but exact zeros since it opened is not
 * one (SDL's dummy capture, a muted input): the trainee types instead, as
 * with no microphone, and the banner says why. Any sample not zero makes it a
 * microphone for the rest of the call: a real one always hears some noise. */
static void typing_if_mic_silent(cc_live *l)
{
    if (!l->has_in || l->typing_mode || !l->hearing) return;
    if (!cc_hearing_silent_for(l->hearing, MIC_SILENT_MS)) return;
    close_mic(l);
    l->typing_mode = 1;
    snprintf(l->in_problem, sizeof l->in_problem,
             "the microphone sent only digital silence for %d s: it is muted, or not a real one",
             MIC_SILENT_MS / 1000);
}

/* ---- the microphone --------------------------------------------------------------- */

/* What was heard, to the engine: speech onsets and answers (hearing.h). */
static void take_heard(cc_live *l)
{
    cc_hearing_event ev;
    while (cc_hearing_poll(l->hearing, &ev)) {
        if (ev.kind == CC_HEARD_ONSET) {
            if (!l->call_over) live_start_speech(l, ev.t, 0);
            continue;
        }
        cc_input in = {.kind = CC_IN_UTTERANCE, .t = ev.t, .start = ev.start,
                       .confidence = ev.confidence, .pitch_range = ev.pitch_range,
                       .rate_wpm = ev.rate_wpm, .loudness = ev.loudness};
        live_queue_input(l, in, ev.text);
        l->answers_spoken++;
        live_add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call),
                         *ev.text ? ev.text : "(speech, no words recognised)", NULL, ev.unclear);
        free(ev.text);
    }
}

/* Closes the microphone; what it left in the ring is the trainee's too. */
static void close_mic(cc_live *l)
{
    if (!l->has_in) return;
    l->plat->audio->close_in();
    cc_hearing_drain_device(l->hearing);
    l->has_in = 0;
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
        if (cc_tracks_ring_len(l->tracks) > CC_TRACKS_RATE * 5) take_played(l);
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
    l->plat->audio->lock();
    uint64_t pos = cc_mixer_pos(l->mixer);
    cc_tracks_grab(l->tracks);
    unsigned id;
    uint64_t at;
    while (cc_mixer_take_done(l->mixer, &id, &at)) {
        if (id & DEMO_ID) {
            live_demo_said(l, id, live_pos_ms(l, at));
            continue;
        }
        cc_input in = {.kind = CC_IN_LINE_DONE, .t = live_pos_ms(l, at), .say_id = id};
        live_queue_input(l, in, NULL);
        if (l->demo) cc_demo_caller_done(l->demo, live_pos_ms(l, at));
    }
    l->plat->audio->unlock();
    cc_tracks_keep(l->tracks);
    int64_t now = live_pos_ms(l, pos);
    const char *asr = l->has_in ? cc_voicework_asr_problem(l->vw) : NULL;
    if (asr && strcmp(asr, "starting") != 0) {
        /* No recogniser after all: the microphone is of no use; type instead. */
        close_mic(l);
        l->typing_mode = 1;
        snprintf(l->in_problem, sizeof l->in_problem, "speech recognition is not available (%s)",
                 asr);
    }
    if (l->has_in) cc_hearing_listen(l->hearing);
    typing_if_mic_silent(l);
    /* Both tracks reach the clock: silence where nobody spoke or nothing was recorded. */
    cc_tracks_reach(l->tracks, pos);
    cc_hearing_take_results(l->hearing, cc_call_node(l->call, cc_call_active_line(l->call)));
    take_heard(l);
    if (l->typing_deferred && !cc_live_caller_talking(l)) {
        l->typing_deferred = 0;
        live_start_speech(l, now, 1);
    }
    int64_t barrier = engine_barrier(l);
    feed_inputs(l, barrier);
    int64_t upto = now < barrier ? now : barrier;
    if (upto > l->engine_t) {
        if (cc_call_tick(l->call, upto) != 0) l->failed = 1;
        l->engine_t = upto;
        live_drain(l);
    }
    if (l->demo) live_demo_step(l);
    retry_waiting(l);
    sync_sound(l);
    if (l->call_over) {
        /* Let what the trainee was still saying be heard, then score. */
        if (l->has_in && cc_hearing_in_speech(l->hearing)) {
            cc_hearing_flush(l->hearing);
            take_heard(l);
        }
        if (!cc_hearing_busy(l->hearing) || l->plat->ticks_ms() - l->over_wall > DRAIN_MS) finish(l);
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
    cc_hearing_flush(l->hearing);
    take_heard(l);
    if (l->call_over) return;
    l->paused = 1;
    if (l->has_out) l->plat->audio->pause_out(1);
}

void cc_live_continue_typed(cc_live *l)
{
    l->typing_mode = 1;
    l->speech_open = 0;
    if (!l->paused) return;
    l->paused = 0;
    if (l->has_out) l->plat->audio->pause_out(0);
    l->wall_base_ms = l->plat->ticks_ms();
    l->wall_base_pos = cc_mixer_pos(l->mixer);
}

void cc_live_speaker_lost(cc_live *l)
{
    if (!l->has_out) return;
    l->plat->audio->close_out();
    l->has_out = 0;
    snprintf(l->out_problem, sizeof l->out_problem, "the speaker or headset was disconnected");
    l->wall_base_ms = l->plat->ticks_ms();
    l->wall_base_pos = cc_mixer_pos(l->mixer);
}

int cc_live_paused(const cc_live *l) { return l->paused; }

/* ---- lifetime --------------------------------------------------------------------- */

cc_live *live_new(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                  const char *trainee, uint64_t seed, const cc_live_config *cfg,
                  const cc_live *from, uint64_t at_pos, char *err, size_t errlen)
{
    cc_live *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->retry_turn = -1;
    l->plat = plat;
    l->std = std;
    l->scn = scn;
    l->cfg = *cfg;
    l->rate = CC_LIVE_OUT_RATE;
    for (int i = 0; i <= CC_MAX_LINES; i++) l->asked_node[i] = -2;
    l->call = cc_call_create(std, scn, trainee, seed);
    l->mixer = cc_mixer_create(l->rate);
    l->tracks = cc_tracks_create();
    l->hearing = l->tracks ? cc_hearing_create(plat, &l->clock_pos, std, scn, trainee, l->tracks, NULL)
                           : NULL;
    l->trainee = strdup(trainee ? trainee : "");
    l->seed = seed;
    if (!l->call || !l->mixer || !l->tracks || !l->hearing || !l->trainee) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    cc_mixer_set_tones(l->mixer, cc_dsp_ringback, cc_dsp_hold_music);
    /* SDL_mixer's channels carry the sound when the platform has them, with the call's
     * ring, hold music and ambience files (mixer.h). */
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
            if (n) cc_tracks_put(l->tracks, (cc_tracks_side)t, 0, pcm, n);
        }
        cc_tracks_reach(l->tracks, at_pos);
        if (cc_tracks_problem(l->tracks)) {
            snprintf(err, errlen, "out of memory copying the call's audio");
            cc_live_free(l);
            return NULL;
        }
    }

    /* Devices first: whether there is a speaker decides whether voices are made. */
    if (cfg->want_speaker) {
        if (plat->audio->open_out(l->rate, on_fill, l, l->out_problem, sizeof l->out_problem) == 0)
            l->has_out = 1;
    } else {
        snprintf(l->out_problem, sizeof l->out_problem, "sound is turned off");
    }
    int asr = cfg->want_asr && cfg->want_mic && !cfg->demo;
    /* The demo's synthetic trainee is not the trainee: their voice is not carried over. */
    l->vw = cc_voicework_create(std, scn, trainee, l->rate, l->has_out, asr,
                         l->cfg.demo ? NULL : l->cfg.voice_mean);
    if (!l->vw) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    cc_hearing_set_voicework(l->hearing, l->vw);
    if (cfg->demo) {
        snprintf(l->in_problem, sizeof l->in_problem,
                 "this is a demonstration: a synthetic trainee answers");
    } else if (asr) {
        if (plat->audio->open_in(CC_ENDPOINT_RATE, on_capture, l, l->in_problem, sizeof l->in_problem) == 0)
            l->has_in = 1;
    } else {
        snprintf(l->in_problem, sizeof l->in_problem,
                 cfg->want_mic ? "speech recognition is turned off" : "typed answers were asked for");
    }
    l->typing_mode = !l->has_in && !cfg->demo;
    l->wall_base_ms = plat->ticks_ms();
    l->wall_base_pos = at_pos;
    /* Every line the caller may say first, ahead. */
    prepare_next(l);
    return l;
}

int live_demo_start(cc_live *l, int with_take)
{
    l->demo = cc_demo_create(l->std, l->scn, l->trainee, with_take);
    if (!l->demo) return -1;
    if (l->has_out) cc_demo_prepare(l->demo, l->vw, cc_call_slots(l->call));
    return 0;
}

cc_live *cc_live_create(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                        const char *trainee, uint64_t seed, const cc_live_config *cfg,
                        char *err, size_t errlen)
{
    cc_live *l = live_new(plat, std, scn, trainee, seed, cfg, NULL, 0, err, errlen);
    if (!l) return NULL;
    if (cfg->demo && live_demo_start(l, 1) != 0) {
        snprintf(err, errlen, "out of memory");
        cc_live_free(l);
        return NULL;
    }
    if (cc_call_start(l->call, 0) != 0) {
        snprintf(err, errlen, "the call engine could not start the call");
        cc_live_free(l);
        return NULL;
    }
    live_drain(l);
    return l;
}

void cc_live_free(cc_live *l)
{
    if (!l) return;
    /* Devices stop before what their callbacks use goes away. */
    if (l->has_in) l->plat->audio->close_in();
    if (l->has_out) l->plat->audio->close_out();
    cc_hearing_free(l->hearing);
    cc_voicework_free(l->vw);
    for (int i = 0; i < l->ninputs; i++) free(l->inputs[i].text);
    for (size_t i = 0; i < l->ncaptions; i++) {
        free(l->captions[i].text);
        free(l->captions[i].speaker);
    }
    for (size_t i = 0; i < l->nfed; i++) free((char *)l->fed[i].text);
    free(l->fed);
    free(l->retry_of);
    cc_demo_free(l->demo);
    free(l->said.text);
    cc_result_free(l->result);
    cc_call_free(l->call);
    cc_mixer_free(l->mixer);
    cc_tracks_free(l->tracks);
    free(l->trainee);
    free(l);
}

/* ---- the call's audio ------------------------------------------------------------ */

size_t cc_live_audio(const cc_live *l, cc_live_track t, const int16_t **pcm)
{
    size_t limit = SIZE_MAX;
    if (t == CC_LIVE_TRAINEE && l->has_in) {
        /* Only what the microphone has delivered is final: the rest of the
         * clock's length is still on its way from the device. */
        int64_t head = cc_hearing_head(l->hearing);
        limit = head < 0 ? 0 : (size_t)head;
    }
    return cc_tracks_get(l->tracks, t == CC_LIVE_TRAINEE ? CC_TRACKS_TRAINEE : CC_TRACKS_CALLER,
                         limit, pcm);
}

uint64_t cc_live_audio_lost(const cc_live *l, cc_live_track t, int64_t *first_ms)
{
    if (t == CC_LIVE_TRAINEE) return cc_hearing_lost(l->hearing, first_ms);
    if (first_ms) *first_ms = -1;
    return cc_tracks_caller_lost(l->tracks);
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

double cc_live_mic_drift_ppm(const cc_live *l) { return cc_hearing_drift_ppm(l->hearing); }

const char *cc_live_audio_problem(const cc_live *l) { return cc_tracks_problem(l->tracks); }

void cc_live_stop_devices(cc_live *l)
{
    if (!l) return;
    if (l->has_in) {
        close_mic(l);
        snprintf(l->in_problem, sizeof l->in_problem, "the microphone was closed: the call is over");
    }
    if (l->has_out) {
        l->plat->audio->close_out();
        l->has_out = 0;
        snprintf(l->out_problem, sizeof l->out_problem, "the speaker was closed: the call is over");
        /* Should the call still run, the wall clock takes over from here. */
        l->wall_base_ms = l->plat->ticks_ms();
        l->wall_base_pos = cc_mixer_pos(l->mixer);
    }
    /* The speaker is closed: what it left in its ring is ours to keep. */
    l->plat->audio->lock();
    cc_tracks_grab(l->tracks);
    uint64_t pos = cc_mixer_pos(l->mixer);
    l->plat->audio->unlock();
    cc_tracks_keep(l->tracks);
    cc_tracks_reach(l->tracks, pos);
    /* A scored call says and hears nothing more. Its voices go, so that the
     * feedback screen's model answers and a retry's caller can have espeak-ng,
     * which has one owner per process (tts.h). */
    if (l->ended) {
        cc_hearing_set_voicework(l->hearing, NULL);
        cc_voicework_free(l->vw);
        l->vw = NULL;
    }
}

/* ---- what the screen shows -------------------------------------------------------- */

const cc_standard *cc_live_standard(const cc_live *l) { return l->std; }
const cc_scenario *cc_live_scenario(const cc_live *l) { return l->scn; }
const char *cc_live_trainee(const cc_live *l) { return l->trainee; }
uint64_t cc_live_seed(const cc_live *l) { return l->seed; }
void cc_live_answers(const cc_live *l, int *typed, int *spoken)
{
    *typed = l->answers_typed;
    *spoken = l->answers_spoken;
}
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
double cc_live_mic_db(const cc_live *l) { return l->has_in ? cc_hearing_level_db(l->hearing) : -90; }
int cc_live_has_mic(const cc_live *l) { return l->has_in; }
int cc_live_has_speaker(const cc_live *l) { return l->has_out; }
int cc_live_typing_mode(const cc_live *l) { return l->typing_mode; }
int cc_live_talking(const cc_live *l) { return l->has_in && cc_hearing_in_speech(l->hearing); }
const char *cc_live_mic_problem(const cc_live *l) { return l->has_in ? NULL : l->in_problem; }
const char *cc_live_speaker_problem(const cc_live *l) { return l->has_out ? NULL : l->out_problem; }
const char *cc_live_asr_problem(const cc_live *l)
{
    return l->has_in ? cc_voicework_asr_problem(l->vw) : NULL;
}
int cc_live_recognising(const cc_live *l) { return cc_hearing_busy(l->hearing) > 0; }
int cc_live_voice_pending(const cc_live *l) { return l->nwaiting + (l->said.voice_wait != 0); }
