/* voicework: see voicework.h. A pthread worker with one queue of jobs; the
 * main thread never waits on it for more than a lock. */
#define _POSIX_C_SOURCE 200809L
#include "voicework.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asr.h"
#include "cli.h"
#include "debug.h"
#include "dsp.h"
#include "mem.h"
#include "hear.h"
#include "tts.h"

typedef enum { LINE_QUEUED, LINE_URGENT, LINE_READY, LINE_FAILED } line_state;

typedef struct {
    char *text;
    cc_mood mood;
    const cc_persona *persona;
    int own;            /* the trainee's side: full band, not the phone's */
    line_state state;
    int16_t *pcm;
    size_t n;
} line_entry;

typedef enum { JOB_DECODE, JOB_STREAM_BEGIN, JOB_STREAM_FEED, JOB_STREAM_HEAR } job_kind;

typedef struct {
    uint64_t tag;
    int16_t *pcm;
    size_t n;
    job_kind kind;
    int64_t speech_end;         /* hearing: the endpointer's last speech in the answer */
} asr_job;

struct cc_voicework {
    pthread_t voice, ears;
    int started; /* threads running: 0, 1 (voice) or 2 (both) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int quit;
    int out_rate;
    int want_tts, want_asr;
    const cc_standard *std;
    const cc_scenario *scn;
    char *trainee;
    /* shared, under mu */
    line_entry *lines;
    size_t nlines, caplines;
    asr_job *jobs;
    size_t njobs, capjobs;
    int asr_busy;
    cc_voicework_heard *results;
    size_t nresults, capresults;
    char asr_problem[256];
    int asr_state; /* 0 starting, 1 ready, -1 failed / not wanted */
    char tts_problem[256];
    int tts_state; /* 0 starting, 1 ready, -1 failed / not wanted */
    /* worker only */
    cc_asr *asr;
    cc_tts *tts;
    cc_asr_mean mean_in;        /* the trainee's, from earlier calls (frames 0: none) */
    cc_asr_mean *mean_out;      /* where cc_voicework_free() leaves it, with this call's; may be NULL */
    int16_t *stream;            /* ears thread: the answer streamed so far, for delivery */
    size_t nstream, capstream;
    int stream_ok;              /* the recogniser has all of it */
};

static double wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* CALLCOACH_DEBUG=1: how long the recogniser takes, to stderr. */

/* ---- the worker's jobs ------------------------------------------------------------- */

static int synthesise(cc_voicework *w, const line_entry *e, int16_t **pcm, size_t *n)
{
    if (!w->tts) return -1;
    int16_t *raw = NULL;
    size_t count = 0;
    int rate = 0;
    char err[256];
    if (cc_tts_say(w->tts, e->persona, e->mood, e->text, &raw, &count, &rate, err, sizeof err) != 0)
        return -1;
    /* The caller sounds like a phone call: band-limited before anything else,
     * and at two thirds of full scale, so an angry caller (espeak-ng volume up
     * to 140 %) mixed with the ringer or hold music does not clip. The
     * trainee's own voice is in the room: full band, same level. */
    for (size_t i = 0; i < count; i++) raw[i] = (int16_t)(raw[i] * 2 / 3);
    if (!e->own) cc_dsp_phone_band(raw, count, rate);
    *pcm = cc_dsp_resample(raw ? raw : (int16_t[1]){0}, count, rate, w->out_rate, n);
    free(raw);
    return *pcm ? 0 : -1;
}

static void build_asr(cc_voicework *w)
{
    double t0 = wall_ms();
    char err[256] = "";
    /* What can be said: the standard's phrases, the scenario's model answers
     * and the general conversational set shipped in assets/; names through
     * espeak-ng; the model of the scenario's language (voice/hear.h). Without
     * one, err says why and that answers are typed. */
    char *path = cli_data_file("assets/conversation.txt");
    cc_listener_config lc = {w->std, w->scn, w->trainee, path, w->tts, NULL};
    cc_asr *a = cc_listener_asr(&lc, NULL, err, sizeof err);
    free(path);
    if (cc_debug_on())
        fprintf(stderr, "callcoach: debug: recogniser built in %.0f ms (%zu words)%s%s\n",
                wall_ms() - t0, a ? cc_asr_vocabulary_size(a) : 0, a ? "" : ": ", a ? "" : err);
    if (a && w->mean_in.frames) cc_asr_live_set_mean(a, &w->mean_in);
    pthread_mutex_lock(&w->mu);
    w->asr = a;
    w->asr_state = a ? 1 : -1;
    if (!a) snprintf(w->asr_problem, sizeof w->asr_problem, "%s", err);
    pthread_mutex_unlock(&w->mu);
}

/* What was recognised in pcm[0, n), as the main thread gets it. */
static cc_voicework_heard heard_from(const cc_asr_result *r, uint64_t tag, const int16_t *pcm, size_t n)
{
    cc_voicework_heard h = {tag, NULL, 0, 0, 0, 0, NAN, NAN, NAN};
    size_t len = 0, cap = 0;
    char *text = NULL;
    double wsum = 0, csum = 0;
    size_t words = 0;
    int first = 1;
    for (size_t i = 0; i < r->nutts; i++) {
        const cc_asr_utt *u = &r->utts[i];
        size_t ul = strlen(u->text);
        if (!ul) continue;
        if (cc_grow((void **)&text, &cap, len + ul + 2, 1) != 0) break;
        if (len) text[len++] = ' ';
        memcpy(text + len, u->text, ul);
        len += ul;
        text[len] = '\0';
        double d = (double)(u->end_ms - u->start_ms);
        if (d < 1) d = 1;
        wsum += d;
        csum += d * u->confidence;
        words += u->nwords;
        if (first) h.start_ms = u->start_ms;
        first = 0;
        h.end_ms = u->end_ms;
    }
    h.confidence = wsum > 0 ? csum / wsum : 0;
    h.words = words;
    if (h.end_ms > h.start_ms && words > 0)
        h.rate_wpm = (double)words * 60000.0 / (double)(h.end_ms - h.start_ms);
    /* Delivery is measured on the words' stretch of audio only. */
    size_t a = (size_t)(h.start_ms * 16), b = (size_t)(h.end_ms * 16);
    if (b > n) b = n;
    cc_delivery d;
    if (words > 0 && b > a && cc_dsp_delivery(pcm + a, b - a, 16000, &d) == 0 &&
        d.speech_seconds > 0) {
        h.pitch_range = d.pitch_range_semitones;
        h.loudness = d.loudness_dbfs;
    }
    h.text = text ? text : strdup("");
    return h;
}

static void post_result(cc_voicework *w, cc_voicework_heard h)
{
    pthread_mutex_lock(&w->mu);
    if (h.text && cc_grow((void **)&w->results, &w->capresults, w->nresults, sizeof *w->results) == 0)
        w->results[w->nresults++] = h;
    else
        free(h.text);
    w->asr_busy = 0;
    pthread_mutex_unlock(&w->mu);
}

/* An answer as it is spoken (voice/asr.h cc_asr_live_*). A job that fails leaves the
 * stream unusable until the next answer; its hearing then comes back empty, and the app
 * recognises the utterance's audio instead. */
static void stream_job(cc_voicework *w, asr_job *j)
{
    char err[256] = "";
    double t0 = wall_ms();
    if (j->kind == JOB_STREAM_BEGIN) {
        w->nstream = 0;
        w->stream_ok = w->asr && cc_asr_live_begin(w->asr, err, sizeof err) == 0;
    } else if (j->kind == JOB_STREAM_FEED) {
        if (w->stream_ok && cc_grow((void **)&w->stream, &w->capstream, w->nstream + j->n,
                                 sizeof *w->stream) == 0) {
            memcpy(w->stream + w->nstream, j->pcm, j->n * sizeof *j->pcm);
            w->nstream += j->n;
            w->stream_ok = cc_asr_live_feed(w->asr, j->pcm, j->n, err, sizeof err) == 0;
        } else {
            w->stream_ok = 0;
        }
    } else {
        cc_asr_result r = {0};
        cc_voicework_heard h = {j->tag, NULL, 0, 0, 0, 0, NAN, NAN, NAN};
        if (w->stream_ok && cc_asr_live_hear(w->asr, j->speech_end, &r, err, sizeof err) == 0)
            h = heard_from(&r, j->tag, w->stream, w->nstream);
        if (cc_debug_on())
            fprintf(stderr, "callcoach: debug: heard %.1f s of streamed audio in %.0f ms: \"%s\" %.2f\n",
                    (double)w->nstream / 16000.0, wall_ms() - t0, h.text ? h.text : "", h.confidence);
        cc_asr_result_free(&r);
        if (!h.text) h.text = strdup("");
        free(j->pcm);
        post_result(w, h);
        return;
    }
    if (err[0] && cc_debug_on()) fprintf(stderr, "callcoach: debug: streamed recognition: %s\n", err);
    free(j->pcm);
    pthread_mutex_lock(&w->mu);
    w->asr_busy = 0;
    pthread_mutex_unlock(&w->mu);
}

static void recognise(cc_voicework *w, asr_job *j)
{
    if (j->kind != JOB_DECODE) {
        stream_job(w, j);
        return;
    }
    double t0 = wall_ms();
    cc_asr_result r = {0};
    char err[256];
    cc_voicework_heard h = {j->tag, NULL, 0, 0, 0, 0, NAN, NAN, NAN};
    if (w->asr && cc_asr_decode(w->asr, j->pcm, j->n, &r, err, sizeof err) == 0)
        h = heard_from(&r, j->tag, j->pcm, j->n);
    if (cc_debug_on() && w->asr)
        fprintf(stderr, "callcoach: debug: recognised %.1f s of audio in %.0f ms (finalise %.0f ms): \"%s\" %.2f\n",
                (double)j->n / 16000.0, wall_ms() - t0, cc_asr_last_finalize_ms(w->asr, 0),
                h.text ? h.text : "", h.confidence);
    cc_asr_result_free(&r);
    if (!h.text) h.text = strdup("");
    free(j->pcm);
    post_result(w, h);
}

/* The next line to synthesise (urgent first), marked so nobody else takes it. */
static int next_line(cc_voicework *w, line_entry *copy)
{
    size_t best = (size_t)-1;
    for (size_t i = 0; i < w->nlines; i++) {
        if (w->lines[i].state == LINE_URGENT) {
            best = i;
            break;
        }
        if (w->lines[i].state == LINE_QUEUED && best == (size_t)-1) best = i;
    }
    if (best == (size_t)-1) return -1;
    *copy = w->lines[best];
    copy->text = strdup(w->lines[best].text);
    return copy->text ? (int)best : -1;
}

/* The voice thread: owns the synthesiser (espeak-ng wants one thread), builds
 * the recogniser (which asks the synthesiser how names are said), then makes
 * caller lines: the one being said now first, then those that may come next. */
static void *voice_thread(void *arg)
{
    cc_voicework *w = arg;
    if (w->want_tts || w->want_asr) {
        char err[256] = "";
        cc_tts *t = cc_tts_create(NULL, err, sizeof err);
        /* Personas without a voice speak the scenario's language (voice/tts.h). */
        if (t && w->scn && w->scn->language) cc_tts_set_language(t, w->scn->language, NULL, 0);
        pthread_mutex_lock(&w->mu);
        w->tts = t;
        if (w->want_tts) {
            w->tts_state = t ? 1 : -1;
            if (!t) snprintf(w->tts_problem, sizeof w->tts_problem, "%s", err);
        }
        pthread_mutex_unlock(&w->mu);
    }
    pthread_mutex_lock(&w->mu);
    for (;;) {
        if (w->quit) break;
        int urgent = 0;
        for (size_t i = 0; i < w->nlines && !urgent; i++) urgent = w->lines[i].state == LINE_URGENT;
        if (!urgent && w->want_asr && w->asr_state == 0) {
            pthread_mutex_unlock(&w->mu);
            build_asr(w);
            pthread_mutex_lock(&w->mu);
            pthread_cond_broadcast(&w->cv);
            continue;
        }
        line_entry e;
        int idx = w->tts && w->want_tts ? next_line(w, &e) : -1;
        if (idx >= 0) {
            pthread_mutex_unlock(&w->mu);
            int16_t *pcm = NULL;
            size_t n = 0;
            int rc = synthesise(w, &e, &pcm, &n);
            pthread_mutex_lock(&w->mu);
            /* Entries are only appended, never moved out of order, so idx holds. */
            w->lines[idx].pcm = pcm;
            w->lines[idx].n = n;
            w->lines[idx].state = rc == 0 ? LINE_READY : LINE_FAILED;
            free(e.text);
            continue;
        }
        pthread_cond_wait(&w->cv, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* The ears thread: recognises utterances, in order, once the recogniser is
 * built. Apart from the voice thread so that a long recognition never
 * delays the caller's next line, and the other way round. */
static void *ears_thread(void *arg)
{
    cc_voicework *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        if (w->quit) break;
        if (w->njobs && w->asr_state == 1) {
            asr_job j = w->jobs[0];
            memmove(w->jobs, w->jobs + 1, (w->njobs - 1) * sizeof *w->jobs);
            w->njobs--;
            w->asr_busy = 1;
            pthread_mutex_unlock(&w->mu);
            recognise(w, &j);
            pthread_mutex_lock(&w->mu);
            continue;
        }
        pthread_cond_wait(&w->cv, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* ---- the main thread's side -------------------------------------------------------- */

cc_voicework *cc_voicework_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                           int out_rate, int want_tts, int want_asr, cc_asr_mean *mean)
{
    cc_voicework *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    if (mean) w->mean_in = *mean;
    w->mean_out = mean;
    w->std = std;
    w->scn = scn;
    w->out_rate = out_rate;
    w->want_tts = want_tts;
    w->want_asr = want_asr;
    w->trainee = strdup(trainee ? trainee : "");
    w->asr_state = want_asr ? 0 : -1;
    w->tts_state = want_tts ? 0 : -1;
    if (!want_asr) snprintf(w->asr_problem, sizeof w->asr_problem, "not wanted");
    if (!want_tts) snprintf(w->tts_problem, sizeof w->tts_problem, "not wanted");
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (!w->trainee || pthread_create(&w->voice, NULL, voice_thread, w) != 0) {
        cc_voicework_free(w);
        return NULL;
    }
    w->started = 1;
    if (pthread_create(&w->ears, NULL, ears_thread, w) != 0) {
        cc_voicework_free(w);
        return NULL;
    }
    w->started = 2;
    return w;
}

void cc_voicework_free(cc_voicework *w)
{
    if (!w) return;
    if (w->started) {
        pthread_mutex_lock(&w->mu);
        w->quit = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->voice, NULL);
        if (w->started > 1) pthread_join(w->ears, NULL);
    }
    for (size_t i = 0; i < w->nlines; i++) {
        free(w->lines[i].text);
        free(w->lines[i].pcm);
    }
    free(w->lines);
    for (size_t i = 0; i < w->njobs; i++) free(w->jobs[i].pcm);
    free(w->jobs);
    for (size_t i = 0; i < w->nresults; i++) free(w->results[i].text);
    free(w->results);
    free(w->stream);
    if (w->mean_out && w->asr) {
        cc_asr_mean m;
        cc_asr_live_mean(w->asr, &m);
        if (m.frames) *w->mean_out = m;
    }
    cc_asr_free(w->asr);
    cc_tts_free(w->tts);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w->trainee);
    free(w);
}

static line_entry *find_line(cc_voicework *w, const char *text, cc_mood mood,
                             const cc_persona *p, int own)
{
    for (size_t i = 0; i < w->nlines; i++) {
        line_entry *e = &w->lines[i];
        if (e->mood == mood && e->persona == p && e->own == own && strcmp(e->text, text) == 0)
            return e;
    }
    return NULL;
}

static void prepare(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                    int urgent, int own)
{
    if (!w || !text || !p) return;
    pthread_mutex_lock(&w->mu);
    if (w->tts_state != -1) {
        line_entry *e = find_line(w, text, mood, p, own);
        if (e) {
            if (urgent && e->state == LINE_QUEUED) e->state = LINE_URGENT;
        } else if (cc_grow((void **)&w->lines, &w->caplines, w->nlines, sizeof *w->lines) == 0) {
            char *t = strdup(text);
            if (t) {
                w->lines[w->nlines++] =
                    (line_entry){t, mood, p, own, urgent ? LINE_URGENT : LINE_QUEUED, NULL, 0};
                pthread_cond_broadcast(&w->cv);
            }
        }
    }
    pthread_mutex_unlock(&w->mu);
}

void cc_voicework_prepare(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                   int urgent)
{
    prepare(w, text, mood, p, urgent, 0);
}

void cc_voicework_prepare_own(cc_voicework *w, const char *text, const cc_persona *p)
{
    prepare(w, text, p ? p->mood : CC_MOOD_CALM, p, 0, 1);
}

static int fetch(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                 int own, int16_t **pcm, size_t *n)
{
    if (!w || !p) return -1;
    int rc;
    pthread_mutex_lock(&w->mu);
    line_entry *e = w->tts_state == -1 ? NULL : find_line(w, text, mood, p, own);
    if (w->tts_state == -1) {
        rc = -1;
    } else if (!e) {
        rc = 0;
    } else if (e->state == LINE_FAILED) {
        rc = -1;
    } else if (e->state == LINE_READY) {
        *n = e->n;
        *pcm = malloc((e->n ? e->n : 1) * sizeof **pcm);
        if (*pcm) memcpy(*pcm, e->pcm, e->n * sizeof **pcm);
        rc = *pcm ? 1 : -1;
    } else {
        rc = 0;
    }
    pthread_mutex_unlock(&w->mu);
    if (rc == 0 && !e) prepare(w, text, mood, p, 1, own);
    return rc;
}

int cc_voicework_fetch(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                int16_t **pcm, size_t *n)
{
    return fetch(w, text, mood, p, 0, pcm, n);
}

int cc_voicework_fetch_own(cc_voicework *w, const char *text, const cc_persona *p, int16_t **pcm,
                    size_t *n)
{
    return fetch(w, text, p ? p->mood : CC_MOOD_CALM, p, 1, pcm, n);
}

const char *cc_voicework_tts_problem(cc_voicework *w)
{
    if (!w) return "no voice worker";
    pthread_mutex_lock(&w->mu);
    const char *r = w->tts_state == -1 ? w->tts_problem : NULL;
    pthread_mutex_unlock(&w->mu);
    return r;
}

static int queue_job(cc_voicework *w, asr_job j)
{
    int rc = -1;
    pthread_mutex_lock(&w->mu);
    if (w->asr_state != -1 &&
        cc_grow((void **)&w->jobs, &w->capjobs, w->njobs, sizeof *w->jobs) == 0) {
        w->jobs[w->njobs++] = j;
        pthread_cond_broadcast(&w->cv);
        rc = 0;
    }
    pthread_mutex_unlock(&w->mu);
    if (rc != 0) free(j.pcm);
    return rc;
}

int cc_voicework_recognise(cc_voicework *w, uint64_t tag, int16_t *pcm, size_t n)
{
    return queue_job(w, (asr_job){tag, pcm, n, JOB_DECODE, -1});
}

int cc_voicework_stream_begin(cc_voicework *w)
{
    return queue_job(w, (asr_job){0, NULL, 0, JOB_STREAM_BEGIN, -1});
}

int cc_voicework_stream_feed(cc_voicework *w, int16_t *pcm, size_t n)
{
    return queue_job(w, (asr_job){0, pcm, n, JOB_STREAM_FEED, -1});
}

int cc_voicework_stream_hear(cc_voicework *w, uint64_t tag, int64_t speech_end)
{
    return queue_job(w, (asr_job){tag, NULL, 0, JOB_STREAM_HEAR, speech_end});
}

int cc_voicework_result(cc_voicework *w, cc_voicework_heard *out)
{
    int rc = 0;
    pthread_mutex_lock(&w->mu);
    if (w->nresults) {
        *out = w->results[0];
        memmove(w->results, w->results + 1, (w->nresults - 1) * sizeof *w->results);
        w->nresults--;
        rc = 1;
    }
    pthread_mutex_unlock(&w->mu);
    return rc;
}

void cc_voicework_heard_clear(cc_voicework_heard *h)
{
    if (!h) return;
    free(h->text);
    h->text = NULL;
}

size_t cc_voicework_pending(cc_voicework *w)
{
    pthread_mutex_lock(&w->mu);
    size_t n = w->njobs + (size_t)w->asr_busy + w->nresults;
    pthread_mutex_unlock(&w->mu);
    return n;
}

const char *cc_voicework_asr_problem(cc_voicework *w)
{
    if (!w) return "no voice worker";
    pthread_mutex_lock(&w->mu);
    const char *r = w->asr_state == 1 ? NULL : w->asr_state == 0 ? "starting" : w->asr_problem;
    pthread_mutex_unlock(&w->mu);
    return r;
}
