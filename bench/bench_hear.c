/* bench_hear: how well spoken answers are judged for voices and rooms the project never tuned on.
 *
 * A held-out speech evaluation with two parts that share nothing:
 *   - speakers: each part has its own espeak-ng voices (language variant, accent, voice
 *     variant, rate, pitch); the test part's voices are used nowhere else in the project
 *     (not in tests, not in other benchmarks, not in the dev part), and its babble is made
 *     of yet other voices;
 *   - takes: every take of the shipped English scenarios (scenarios/takes/) and the fresh ones
 *     written for this benchmark (bench/hear/takes/SCENARIO/, good and poor) goes to one part
 *     by a hash of "scenario/file" (FNV-1a, even: dev, odd: test), fixed before anything was
 *     measured, so adding a take never moves another;
 *   - human speech (pocketsphinx-testdata): the `cards` clips in dev, the LibriVox clips in
 *     test, heard as off-script answers by every scenario's recogniser.
 * Rooms (conditions), made deterministically (fixed seeds; sox -D for reverberation and the
 * laptop's band): quiet at -26 dBFS; steady office noise (pink) at 30, 20 and 15 dB SNR;
 * babble (three other voices talking at once) at 20 dB; reverberation (sox reverb); levels of
 * -35 and -6 dBFS; a laptop microphone's band with its hiss at 30 dB.
 * Each take is played twice, typed and spoken: each answer is synthesised by the espeak-ng
 * command (a fresh process: the same text always sounds the same), placed in 1 s of the
 * room before and 1.5 s after, cut by the app's endpointer in stream mode and decoded as it
 * is spoken (cc_asr_live_*), exactly as the app listens; a take's speaker is the part's voice
 * number (take + condition) mod the number of voices, so every condition hears every voice.
 * Printed per condition: rule verdicts of the spoken call that agree with the typed call (the
 * voice rule aside: typed answers have no voice), false passes (a rule the typed call fails
 * passed spoken), poor takes passed, calls whose outcome differs (another path through the
 * scenario, or pass against fail), and answers the endpointer never closed (heard as nothing).
 *
 * Usage: bench_hear [--part dev|test] [--only COND[,COND]] [--no-human] [--poor-only --check]
 *        (CC_SHOW_HEARD=1 prints what each answer was heard as when it differs)
 * Exits 0 whatever the numbers, 2 on failure; with --check (the test voice.hear_poor_takes),
 * 1 when a take that fails typed passes spoken in any condition (the users' first bar: a bad
 * answer never scored as good). --poor-only plays only the takes that fail typed. Reads the source tree's scenarios/ and bench/hear/. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asr.h"
#include "diag.h"
#include "dsp.h"
#include "endpoint.h"
#include "files.h"
#include "hear.h"
#include "phrase.h"
#include "score.h"
#include "sim.h"
#include "stats.h"
#include "text.h"
#include "wav.h"

#ifndef CC_SOURCE_DIR
#define CC_SOURCE_DIR "."
#endif

#define RATE 16000
#define LEAD_S 1.0
#define TRAIL_S 1.5
#define NORMAL_DBFS -26.0

_Noreturn static void fail(const char *what, const char *why)
{
    fprintf(stderr, "bench_hear: %s: %s\n", what, why);
    exit(2);
}

/* ---- the two parts ------------------------------------------------------------------ */

typedef struct {
    const char *voice;
    int wpm, pitch;
} speaker;

static const speaker dev_speakers[] = {
    {"en-us+m1", 160, 50}, {"en-gb-x-rp+m2", 150, 40}, {"en-029+f4", 170, 65}};
static const speaker test_speakers[] = {{"en-us+m4", 155, 45},
                                        {"en-gb-scotland+m5", 160, 38},
                                        {"en-gb-x-gbcwmd+f1", 150, 62},
                                        {"en-gb-x-gbclan+m6", 175, 50}};
static const char *const dev_babble[] = {"en-gb+m7", "en-us+f2", "en-029+m8"};
static const char *const test_babble[] = {"en-us+m3", "en-gb+f5", "en-gb-x-rp+klatt3"};

typedef enum { NOISE_NONE, NOISE_STEADY, NOISE_BABBLE } noise_kind;
typedef struct {
    const char *name;
    double level_dbfs;
    noise_kind noise;
    double snr_db;
    const char *sox; /* effect chain, or NULL */
} condition;

static const condition conditions[] = {
    {"quiet", NORMAL_DBFS, NOISE_NONE, 0, NULL},
    {"steady-30", NORMAL_DBFS, NOISE_STEADY, 30, NULL},
    {"steady-20", NORMAL_DBFS, NOISE_STEADY, 20, NULL},
    {"steady-15", NORMAL_DBFS, NOISE_STEADY, 15, NULL},
    {"babble-20", NORMAL_DBFS, NOISE_BABBLE, 20, NULL},
    {"reverb", NORMAL_DBFS, NOISE_NONE, 0, "reverb 50 50 80 100 20"},
    {"level-35", -35.0, NOISE_NONE, 0, NULL},
    {"level-6", -6.0, NOISE_NONE, 0, NULL},
    {"laptop", NORMAL_DBFS, NOISE_STEADY, 30, "sinc 250-6500 equalizer 3000 2q 4"},
};
#define NCOND (sizeof conditions / sizeof *conditions)

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* ---- audio ---------------------------------------------------------------------------- */

static char tmpdir[] = "/tmp/bench-hear-XXXXXX";

static void run(const char *cmd)
{
    if (system(cmd) != 0) fail("command failed", cmd);
}

static int16_t *read16k(const char *path, size_t *n)
{
    cc_pcm p = {0};
    char err[512];
    if (cc_wav_read(path, RATE, &p, err, sizeof err) != 0) fail(path, err);
    *n = p.count;
    return p.samples;
}

/* text said by a voice: 16 kHz samples (cached in the scratch folder). */
static int16_t *say(const char *voice, int wpm, int pitch, const char *text, size_t *n)
{
    char key[4096], wav[600], txt[600], cmd[2048];
    snprintf(key, sizeof key, "%s|%d|%d|%s", voice, wpm, pitch, text);
    snprintf(wav, sizeof wav, "%s/%08x.wav", tmpdir, fnv1a(key));
    struct stat st;
    if (stat(wav, &st) != 0) {
        snprintf(txt, sizeof txt, "%s/say.txt", tmpdir);
        FILE *f = fopen(txt, "w");
        if (!f) fail(txt, "cannot write");
        fputs(text, f);
        fclose(f);
        snprintf(cmd, sizeof cmd, "espeak-ng -v '%s' -s %d -p %d -f '%s' -w '%s'", voice, wpm,
                 pitch, txt, wav);
        run(cmd);
    }
    return read16k(wav, n);
}

/* Office noise: pink (Paul Kellet's economy filter over white noise), unit RMS about 1. */
static void pink(double *out, size_t n, uint32_t seed)
{
    uint32_t x = seed;
    double b0 = 0, b1 = 0, b2 = 0;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        double w = ((double)(x >> 8) / 16777216.0 - 0.5) * 3.4641; /* unit variance */
        b0 = 0.99765 * b0 + w * 0.0990460;
        b1 = 0.96300 * b1 + w * 0.2965164;
        b2 = 0.57000 * b2 + w * 1.0526913;
        out[i] = (b0 + b1 + b2 + w * 0.1848) / 3.3;
    }
}

static double rms_db(const double *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += s[i] * s[i];
    return n ? 10 * log10(sum / (double)n / (32768.0 * 32768.0) + 1e-20) : -200;
}

/* Babble: the part's babble voices saying lines of the conversational set at once. */
static double *babble;
static size_t nbabble;

static void make_babble(const char *const *voices, size_t nvoices)
{
    char **lines = NULL;
    size_t nlines = 0, cap = 0;
    FILE *f = fopen(CC_SOURCE_DIR "/assets/conversation.txt", "r");
    if (!f) fail(CC_SOURCE_DIR "/assets/conversation.txt", "cannot read");
    char buf[1024];
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (strlen(buf) < 25 || buf[0] == '#') continue; /* whole sentences, not "yes" */
        if (nlines == cap) lines = realloc(lines, (cap = cap ? 2 * cap : 64) * sizeof *lines);
        lines[nlines++] = strdup(buf);
    }
    fclose(f);
    nbabble = (size_t)RATE * 30;
    babble = calloc(nbabble, sizeof *babble);
    if (!babble || nlines < 30) fail("babble", "out of memory or too few sentences");
    for (size_t v = 0; v < nvoices; v++) {
        size_t at = (size_t)RATE * v / 3;
        for (size_t k = v * 10; at < nbabble; k++) {
            size_t n;
            int16_t *s = say(voices[v], 165, 50, lines[(k * 7) % nlines], &n);
            for (size_t i = 0; i < n && at + i < nbabble; i++) babble[at + i] += s[i];
            at += n + RATE / 10;
            free(s);
        }
    }
    for (size_t i = 0; i < nlines; i++) free(lines[i]);
    free(lines);
}

/* The answer in the room: lead and trail of the room around the speech, at the condition's
 * level, with its effect and noise. */
static int16_t *in_room(const condition *c, const int16_t *speech, size_t ns, uint32_t seed,
                        size_t *n)
{
    size_t lead = (size_t)(LEAD_S * RATE), trail = (size_t)(TRAIL_S * RATE);
    *n = lead + ns + trail;
    double *x = calloc(*n, sizeof *x);
    if (!x) fail("memory", "out of memory");
    cc_delivery d;
    if (cc_dsp_delivery(speech, ns, RATE, &d) != 0 || d.speech_seconds <= 0) d.loudness_dbfs = -20;
    /* loudness_dbfs is re a full-scale square wave, as rms_db() is. */
    double gain = pow(10, (c->level_dbfs - d.loudness_dbfs) / 20);
    for (size_t i = 0; i < ns; i++) x[lead + i] = speech[i] * gain;
    if (c->sox) {
        char in[600], out[600], cmd[2048], err[256];
        snprintf(in, sizeof in, "%s/room-in.wav", tmpdir);
        snprintf(out, sizeof out, "%s/room-out.wav", tmpdir);
        int16_t *s = malloc(*n * sizeof *s);
        for (size_t i = 0; i < *n; i++) s[i] = (int16_t)fmax(-32768, fmin(32767, lround(x[i])));
        if (cc_wav_write(in, s, *n, RATE, err, sizeof err) != 0) fail(in, err);
        free(s);
        snprintf(cmd, sizeof cmd, "sox -D '%s' '%s' %s", in, out, c->sox);
        run(cmd);
        size_t m;
        int16_t *r = read16k(out, &m);
        for (size_t i = 0; i < *n; i++) x[i] = i < m ? r[i] : 0;
        free(r);
    }
    if (c->noise != NOISE_NONE) {
        double *nz = malloc(*n * sizeof *nz);
        if (!nz) fail("memory", "out of memory");
        if (c->noise == NOISE_STEADY) {
            pink(nz, *n, seed);
        } else {
            size_t off = seed % (nbabble - 1);
            for (size_t i = 0; i < *n; i++) nz[i] = babble[(off + i) % nbabble];
        }
        double g = pow(10, (c->level_dbfs - c->snr_db - rms_db(nz, *n)) / 20);
        for (size_t i = 0; i < *n; i++) x[i] += nz[i] * g;
        free(nz);
    }
    int16_t *o = malloc(*n * sizeof *o);
    if (!o) fail("memory", "out of memory");
    for (size_t i = 0; i < *n; i++) o[i] = (int16_t)fmax(-32768, fmin(32767, lround(x[i])));
    free(x);
    return o;
}

/* ---- hearing, as the app does (live/hearing.c, live/voicework.c) ---------------------- */

static int ended_by_endpointer;
static char heard_text[8192];

static void append(const char *t)
{
    if (!t || !*t) return;
    if (heard_text[0]) strncat(heard_text, " ", sizeof heard_text - strlen(heard_text) - 1);
    strncat(heard_text, t, sizeof heard_text - strlen(heard_text) - 1);
}

static void add_result(const cc_asr_result *r, uint64_t base, double *csum, double *wsum,
                       size_t *words, int64_t *first, int64_t *last)
{
    for (size_t u = 0; u < r->nutts; u++) {
        const cc_asr_utt *ut = &r->utts[u];
        if (!ut->text[0]) continue;
        append(ut->text);
        double d = (double)(ut->end_ms - ut->start_ms);
        if (d < 1) d = 1;
        *csum += d * ut->confidence;
        *wsum += d;
        *words += ut->nwords;
        int64_t s = (int64_t)(base / 16) + ut->start_ms, e = (int64_t)(base / 16) + ut->end_ms;
        if (*first < 0) *first = s;
        *last = e;
    }
}

static cc_heard hear(cc_asr *a, const int16_t *s, size_t n)
{
    cc_endpoint_config cfg = {.stream = 1};
    cc_endpointer *e = cc_endpoint_create(&cfg);
    char err[256];
    heard_text[0] = '\0';
    cc_asr_result pause = {0};
    uint64_t pause_end = 0, stream_start = 0;
    int have_pause = 0, closed = 0;
    double csum = 0, wsum = 0;
    size_t words = 0;
    int64_t first = -1, last = -1;
    for (size_t i = 0; i < n; i += 512) {
        cc_endpoint_feed(e, s + i, n - i < 512 ? n - i : 512);
        cc_endpoint_event ev;
        while (cc_endpoint_next(e, &ev)) {
            if (ev.kind == CC_ENDPOINT_ONSET) {
                if (cc_asr_live_begin(a, err, sizeof err) != 0) fail("recogniser", err);
                have_pause = 0;
                stream_start = UINT64_MAX;
            } else if (ev.kind == CC_ENDPOINT_STREAM) {
                if (stream_start == UINT64_MAX) stream_start = ev.pcm_start;
                if (cc_asr_live_feed(a, ev.pcm, ev.n, err, sizeof err) != 0) fail("recogniser", err);
            } else if (ev.kind == CC_ENDPOINT_PAUSE) {
                cc_asr_result_free(&pause);
                if (cc_asr_live_hear(a, (int64_t)(ev.end - stream_start), &pause, err, sizeof err) != 0)
                    fail("recogniser", err);
                pause_end = ev.end;
                have_pause = 1;
            } else if (ev.kind == CC_ENDPOINT_UTTERANCE) {
                closed = 1;
                if (have_pause && pause_end == ev.end) {
                    add_result(&pause, stream_start, &csum, &wsum, &words, &first, &last);
                } else { /* as the app: the utterance's audio recognised whole */
                    cc_asr_result r = {0};
                    if (cc_asr_decode(a, ev.pcm, ev.n, &r, err, sizeof err) != 0) fail("recogniser", err);
                    add_result(&r, ev.pcm_start, &csum, &wsum, &words, &first, &last);
                    cc_asr_result_free(&r);
                }
                have_pause = 0;
            }
            free(ev.pcm);
        }
    }
    if (cc_endpoint_in_speech(e)) closed = 0; /* still "talking" at the end: the app would wait on */
    ended_by_endpointer = closed;
    cc_asr_result_free(&pause);
    cc_endpoint_free(e);
    cc_heard h = {"", 0, (int64_t)(n / 16), 0, NAN, NAN, NAN};
    if (!closed || first < 0) {
        heard_text[0] = '\0';
        return h;
    }
    h.text = heard_text;
    h.confidence = wsum > 0 ? csum / wsum : 0;
    h.lead_ms = first - (int64_t)(LEAD_S * 1000) + 500; /* the room before: 0.5 s as test_spoken */
    if (h.lead_ms < 0) h.lead_ms = 0;
    h.speech_ms = last - first;
    size_t b0 = (size_t)first * 16, b1 = (size_t)last * 16;
    if (b1 > n) b1 = n;
    cc_delivery d;
    if (b1 > b0 && cc_dsp_delivery(s + b0, b1 - b0, RATE, &d) == 0 && d.speech_seconds > 0) {
        if (d.voiced_seconds > 0.3) h.pitch_range = d.pitch_range_semitones;
        h.loudness = d.loudness_dbfs;
    }
    if (h.speech_ms > 500 && words) h.rate_wpm = (double)words * 60000.0 / (double)h.speech_ms;
    return h;
}

/* ---- takes ------------------------------------------------------------------------------ */

typedef struct {
    char *scenario; /* file name without .yaml */
    char *path;
    char *name;     /* scenario/file, what the part is decided on */
} take_ref;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    long answers, verdicts, agree, false_pass, poor, poor_passed, takes, outcome_wrong, not_ended;
} tally;

static void add_tally(tally *t, const tally *u)
{
    t->answers += u->answers;
    t->verdicts += u->verdicts;
    t->agree += u->agree;
    t->false_pass += u->false_pass;
    t->poor += u->poor;
    t->poor_passed += u->poor_passed;
    t->takes += u->takes;
    t->outcome_wrong += u->outcome_wrong;
    t->not_ended += u->not_ended;
}

static int same_path(const cc_record *a, const cc_record *b)
{
    if (a->nturns != b->nturns) return 0;
    for (size_t i = 0; i < a->nturns; i++)
        if (a->turns[i].line != b->turns[i].line || a->turns[i].node != b->turns[i].node) return 0;
    return 1;
}

typedef struct {
    cc_result *r;
    cc_sim *sim;
} played;

static played play(const cc_standard *std, const cc_scenario *scn, const cc_take *take,
                   cc_asr *a, const condition *c, const speaker *spk, uint32_t seed, tally *t)
{
    cc_sim *sim = cc_sim_create(std, scn, "Alex", 1, NULL, NULL);
    for (size_t i = 0; i < take->count; i++) {
        const cc_take_action *act = &take->actions[i];
        if (!a || act->kind != CC_TAKE_SAY) {
            if (cc_sim_apply(sim, act) != 0) fail("take", "an action the simulator cannot play");
            continue;
        }
        size_t ns, n;
        int16_t *speech = say(spk->voice, spk->wpm, spk->pitch, act->text, &ns);
        int16_t *room = in_room(c, speech, ns, seed + (uint32_t)i * 7919u, &n);
        cc_heard h = hear(a, room, n);
        t->answers++;
        t->not_ended += !ended_by_endpointer;
        if (getenv("CC_SHOW_HEARD"))
            fprintf(stderr, "  [%s %s] said:  %s\n  heard: %s (%.2f)%s\n", c->name, spk->voice,
                    act->text, h.text, h.confidence, ended_by_endpointer ? "" : " NOT ENDED");
        if (cc_sim_say_heard(sim, &h) != 0) fail("simulator", "cannot take the heard answer");
        free(speech);
        free(room);
    }
    cc_sim_finish(sim);
    played p = {cc_score(std, scn, cc_call_record(cc_sim_call(sim))), sim};
    return p;
}

/* Human speech: clips heard as answers by a scenario's recogniser, the phrase and forbidden
 * rules judged on the heard text against the transcription. */
typedef struct {
    long clips, verdicts, agree, false_hits;
} human_tally;

static void hear_human(const char *const *paths, const char *const *refs, size_t nclips,
                       const cc_standard *std, const cc_scenario *scn, cc_asr *a, human_tally *t)
{
    cc_slots *slots = cc_scenario_slots(std, scn, "Alex");
    for (size_t k = 0; k < nclips; k++) {
        size_t m;
        int16_t *clip = read16k(paths[k], &m);
        size_t lead = RATE, trail = (size_t)(TRAIL_S * RATE), n = lead + m + trail;
        int16_t *s = calloc(n, sizeof *s);
        memcpy(s + lead, clip, m * sizeof *s);
        free(clip);
        cc_heard h = hear(a, s, n);
        free(s);
        t->clips++;
        for (size_t r = 0; r < std->nrules; r++) {
            const cc_rule *rule = &std->rules[r];
            if (rule->kind != CC_DETECT_PHRASE && rule->kind != CC_DETECT_FORBIDDEN) continue;
            char ev[256];
            int want = cc_rule_hit(rule, refs[k], slots, ev, sizeof ev);
            int got = cc_rule_hit(rule, h.text, slots, ev, sizeof ev);
            t->verdicts++;
            t->agree += want == got;
            t->false_hits += got && !want && rule->kind == CC_DETECT_PHRASE;
        }
        if (getenv("CC_SHOW_HEARD"))
            fprintf(stderr, "  [human] said:  %s\n  heard: %s (%.2f)\n", refs[k], h.text, h.confidence);
    }
    cc_slots_free(slots);
}

/* The clips of a pocketsphinx-testdata folder with their transcriptions ("<s> words </s> (id)"). */
static size_t load_clips(const char *dir, const char *transcription, char ***paths, char ***refs)
{
    char p[1024], line[2048];
    snprintf(p, sizeof p, "%s/%s", dir, transcription);
    FILE *f = fopen(p, "r");
    if (!f) fail(p, "cannot read (apt-get install pocketsphinx-testdata)");
    size_t n = 0;
    *paths = NULL;
    *refs = NULL;
    while (fgets(line, sizeof line, f)) {
        char *open = strrchr(line, '('), *close = strrchr(line, ')');
        if (!open || !close || close < open) continue;
        *close = '\0';
        char *ref = line;
        if (!strncmp(ref, "<s>", 3)) ref += 3;
        char *end = strstr(ref, "</s>");
        if (end) *end = '\0';
        while (*ref == ' ') ref++;
        for (char *e = ref + strlen(ref); e > ref && e[-1] == ' ';) *--e = '\0';
        *paths = realloc(*paths, (n + 1) * sizeof **paths);
        *refs = realloc(*refs, (n + 1) * sizeof **refs);
        char wav[1200];
        snprintf(wav, sizeof wav, "%s/%s.wav", dir, open + 1);
        (*paths)[n] = strdup(wav);
        (*refs)[n] = strdup(ref);
        n++;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    const char *part = "test", *only = NULL;
    int human = 1, poor_only = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--part") && i + 1 < argc) part = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--no-human")) human = 0;
        else if (!strcmp(argv[i], "--poor-only")) poor_only = 1;
        else if (!strcmp(argv[i], "--check")) check = 1;
        else {
            fprintf(stderr, "usage: bench_hear [--part dev|test] [--only COND[,COND]] [--no-human] "
                            "[--poor-only --check]\n");
            return 64;
        }
    }
    int test = strcmp(part, "test") == 0;
    if (!test && strcmp(part, "dev") != 0) fail(part, "the part is dev or test");
    const speaker *spk = test ? test_speakers : dev_speakers;
    size_t nspk = test ? sizeof test_speakers / sizeof *test_speakers
                       : sizeof dev_speakers / sizeof *dev_speakers;
    if (!mkdtemp(tmpdir)) fail(tmpdir, "cannot make the scratch folder");
    if (test) make_babble(test_babble, sizeof test_babble / sizeof *test_babble);
    else make_babble(dev_babble, sizeof dev_babble / sizeof *dev_babble);

    /* Scenarios with takes, in name order. */
    char *names[256];
    size_t nnames = 0;
    DIR *dir = opendir(CC_SOURCE_DIR "/scenarios");
    if (!dir) fail(CC_SOURCE_DIR "/scenarios", "cannot open the folder");
    for (struct dirent *d; (d = readdir(dir)) && nnames < 256;) {
        size_t len = strlen(d->d_name);
        if (len < 6 || strcmp(d->d_name + len - 5, ".yaml")) continue;
        char takes[1024];
        snprintf(takes, sizeof takes, "%s/scenarios/takes/%.*s", CC_SOURCE_DIR, (int)(len - 5), d->d_name);
        DIR *t = opendir(takes);
        if (!t) continue;
        closedir(t);
        names[nnames++] = strndup(d->d_name, len - 5);
    }
    closedir(dir);
    qsort(names, nnames, sizeof *names, cmp_str);

    char **hpaths = NULL, **hrefs = NULL;
    size_t nh = human ? load_clips(test ? "/usr/share/pocketsphinx/test/data/librivox"
                                        : "/usr/share/pocketsphinx/test/data/cards",
                                   test ? "transcription" : "cards.transcription", &hpaths, &hrefs)
                      : 0;

    tally per[NCOND] = {{0}}, all = {0};
    human_tally ht = {0};
    long take_index = 0;
    char err[1024];
    for (size_t s = 0; s < nnames; s++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_SOURCE_DIR, names[s]);
        cc_diags *d = cc_diags_create();
        cc_standard *std = NULL;
        cc_scenario *scn = NULL;
        if (cc_standard_load_file(CC_SOURCE_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK ||
            cc_scenario_load_file(path, std, &scn, d) != CC_FILE_OK)
            fail(path, "cannot load it with scenarios/standard.yaml");
        if (scn->language && !cc_language_same(scn->language, "en")) {
            cc_scenario_free(scn);
            cc_standard_free(std);
            cc_diags_free(d);
            continue;
        }
        /* The takes: shipped ones and this benchmark's fresh ones, those of this part. */
        char *files[128];
        size_t nfiles = 0;
        const char *folders[2] = {"scenarios/takes", "bench/hear/takes"};
        for (int f = 0; f < 2; f++) {
            char fd[1024];
            snprintf(fd, sizeof fd, "%s/%s/%s", CC_SOURCE_DIR, folders[f], names[s]);
            DIR *td = opendir(fd);
            if (!td) continue;
            for (struct dirent *de; (de = readdir(td)) && nfiles < 128;) {
                size_t len = strlen(de->d_name);
                if (len < 6 || strcmp(de->d_name + len - 5, ".take")) continue;
                char key[600];
                snprintf(key, sizeof key, "%s/%s", names[s], de->d_name);
                if ((int)(fnv1a(key) & 1) != test) continue;
                char full[2048];
                snprintf(full, sizeof full, "%s/%s", fd, de->d_name);
                files[nfiles++] = strdup(full);
            }
            closedir(td);
        }
        qsort(files, nfiles, sizeof *files, cmp_str);
        cc_tts *tts = NULL; /* names come from the model's dictionary or espeak-ng: */
        tts = cc_tts_create(NULL, err, sizeof err);
        cc_listener_config lc = {std, scn, "Alex", CC_SOURCE_DIR "/assets/conversation.txt", tts, NULL};
        cc_asr *a = cc_listener_asr(&lc, NULL, err, sizeof err);
        cc_tts_free(tts);
        if (!a) fail(path, err);
        int voice_rule = cc_standard_find(std, "voice");
        for (size_t f = 0; f < nfiles; f++, take_index++) {
            cc_take *take = NULL;
            if (cc_take_load_file(files[f], &take, d) != CC_FILE_OK) fail(files[f], "cannot load the take");
            played typed = play(std, scn, take, NULL, NULL, NULL, 0, &all);
            for (size_t c = 0; c < NCOND && !(poor_only && typed.r->passed); c++) {
                if (only && !strstr(only, conditions[c].name)) continue;
                const speaker *sp = &spk[(size_t)(take_index + (long)c) % nspk];
                tally t = {0};
                /* A fresh recogniser state per call: the trainee's voice as the app carries it
                 * is learnt within the call. */
                cc_asr_mean zero = {{0}, 0};
                cc_asr_live_set_mean(a, &zero);
                played spoken = play(std, scn, take, a, &conditions[c], sp,
                                     fnv1a(files[f]) + (uint32_t)c, &t);
                t.takes = 1;
                t.poor = !typed.r->passed;
                for (size_t r = 0; r < std->nrules; r++) {
                    if ((int)r == voice_rule) continue;
                    cc_verdict tv = typed.r->rules[r].verdict, sv = spoken.r->rules[r].verdict;
                    t.verdicts++;
                    t.agree += tv == sv;
                    t.false_pass += tv == CC_VERDICT_FAIL && sv == CC_VERDICT_PASS;
                    if (tv != sv && getenv("CC_SHOW_HEARD"))
                        fprintf(stderr, "%s %s %s: %s typed %s, spoken %s (%s)\n", conditions[c].name,
                                sp->voice, files[f] + strlen(CC_SOURCE_DIR) + 1, std->rules[r].id,
                                cc_verdict_name(tv), cc_verdict_name(sv), spoken.r->rules[r].evidence);
                }
                t.poor_passed = !typed.r->passed && spoken.r->passed;
                if (t.poor_passed)
                    fprintf(stderr, "bench_hear: %s (%s, %s) fails typed (%d) but passes spoken (%d)\n",
                            files[f] + strlen(CC_SOURCE_DIR) + 1, conditions[c].name, sp->voice,
                            typed.r->score, spoken.r->score);
                const char *to = typed.r->outcome ? typed.r->outcome : "";
                const char *so = spoken.r->outcome ? spoken.r->outcome : "";
                t.outcome_wrong = typed.r->passed != spoken.r->passed || strcmp(to, so) != 0 ||
                                  !same_path(cc_call_record(cc_sim_call(typed.sim)),
                                             cc_call_record(cc_sim_call(spoken.sim)));
                if (t.outcome_wrong && getenv("CC_SHOW_HEARD")) {
                    const cc_record *ra = cc_call_record(cc_sim_call(typed.sim)),
                                    *rb = cc_call_record(cc_sim_call(spoken.sim));
                    fprintf(stderr, "%s %s: outcome differs: typed %s, spoken %s; nodes typed", conditions[c].name,
                            files[f] + strlen(CC_SOURCE_DIR) + 1, typed.r->passed ? "pass" : "fail",
                            spoken.r->passed ? "pass" : "fail");
                    for (size_t i = 0; i < ra->nturns; i++) fprintf(stderr, " %d:%d", ra->turns[i].line, ra->turns[i].node);
                    fprintf(stderr, "; spoken");
                    for (size_t i = 0; i < rb->nturns; i++) fprintf(stderr, " %d:%d", rb->turns[i].line, rb->turns[i].node);
                    fprintf(stderr, "\n");
                }
                add_tally(&per[c], &t);
                cc_result_free(spoken.r);
                cc_sim_free(spoken.sim);
            }
            cc_result_free(typed.r);
            cc_sim_free(typed.sim);
            cc_take_free(take);
            free(files[f]);
        }
        if (nh) {
            cc_asr_mean zero = {{0}, 0};
            cc_asr_live_set_mean(a, &zero);
            hear_human((const char *const *)hpaths, (const char *const *)hrefs, nh, std, scn, a, &ht);
        }
        cc_asr_free(a);
        cc_scenario_free(scn);
        cc_standard_free(std);
        cc_diags_free(d);
        free(names[s]);
    }

    printf("Part **%s**: %ld takes of the shipped English scenarios and bench/hear/takes; speakers ",
           part, take_index);
    for (size_t i = 0; i < nspk; i++)
        printf("%s%s (%d wpm, pitch %d)", i ? ", " : "", spk[i].voice, spk[i].wpm, spk[i].pitch);
    printf(".\n\n| condition | answers | rule verdicts | agree with typed | false passes | poor takes "
           "passed | call outcomes wrong | answers never ended |\n|---|---|---|---|---|---|---|---|\n");
    for (size_t c = 0; c < NCOND; c++) {
        const tally *t = &per[c];
        if (!t->takes) continue;
        printf("| %s | %ld | %ld | %.1f %% | %ld | %ld of %ld | %ld of %ld | %ld |\n", conditions[c].name,
               t->answers, t->verdicts, 100.0 * (double)t->agree / (double)t->verdicts, t->false_pass,
               t->poor_passed, t->poor, t->outcome_wrong, t->takes, t->not_ended);
        add_tally(&all, t);
    }
    if (all.verdicts)
        printf("| all | %ld | %ld | %.1f %% | %ld | %ld of %ld | %ld of %ld | %ld |\n", all.answers,
               all.verdicts, 100.0 * (double)all.agree / (double)all.verdicts, all.false_pass,
               all.poor_passed, all.poor, all.outcome_wrong, all.takes, all.not_ended);
    if (ht.clips)
        printf("\nHuman speech (pocketsphinx-testdata %s, off-script for every scenario): %ld hearings, "
               "phrase and forbidden rules on the heard text agree with the transcription on %.1f %% "
               "(%ld verdicts); phrase rules passed that the transcription does not pass: %ld.\n",
               test ? "LibriVox" : "cards", ht.clips, 100.0 * (double)ht.agree / (double)ht.verdicts,
               ht.verdicts, ht.false_hits);
    for (size_t i = 0; i < nh; i++) {
        free(hpaths[i]);
        free(hrefs[i]);
    }
    free(hpaths);
    free(hrefs);
    free(babble);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "bench_hear: could not remove %s\n", tmpdir);
    if (check && all.poor == 0) {
        fprintf(stderr, "bench_hear: no take that fails typed was played\n");
        return 1;
    }
    return check && all.poor_passed ? 1 : 0;
}
