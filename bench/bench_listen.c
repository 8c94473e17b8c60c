/* bench_listen: what the simulator's way of listening buys and costs.
 *
 * Every answer of every take of the shipped English scenarios is spoken by espeak-ng (the
 * end-to-end tests' first two voices), placed in a quiet microphone stream, cut by the app's
 * endpointer (live/endpoint.h) and heard three ways with the scenario's recogniser
 * (voice/hear.h cc_listener_asr, as the app builds it):
 *   - in pieces cut at its pauses, each decoded alone, joined, heard again whole when a piece
 *     was unsure (cc_endpoint_second_opinion): the app's first way;
 *   - whole, the answer so far decoded at each pause of 250 ms (for answers up to 8 s), the
 *     last one's result used when nobody spoke again: the app's second way;
 *   - decoded as it is spoken (the endpointer in stream mode, voice/asr.h cc_asr_live_*) and
 *     heard at its last pause, 600 ms into the trailing silence: what the app does now.
 * Measured: how often a phrase or forbidden rule of the standard gives another verdict on the
 * heard text than on the written one; what the trainee waits for after the 700 ms of trailing
 * silence before the engine has the answer (target 50 ms at the 95th percentile); the CPU of
 * the hearing at the pause, and of all the app's recognition per second of speech.
 * Waits: pieces, the CPU time of the last piece (and of a second opinion); whole, the CPU time
 * of the whole-answer decoding beyond the 450 ms the pause leaves it; as spoken, the
 * recogniser's thread simulated as a queue (listen_live). CPU time, not wall time: the engine's
 * own time is bench_engine's, and other work on the machine is not the app's.
 * Prints a markdown table; exits 0 whatever the numbers, 2 on failure.
 *
 * Usage: bench_listen [--voice m1|f5] [--pause-ms M]   (one voice; the stream mode's PAUSE,
 * default the app's) Runs from anywhere; reads the source tree's scenarios/. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asr.h"
#include "diag.h"
#include "endpoint.h"
#include "files.h"
#include "hear.h"
#include "phrase.h"
#include "shipped.h"
#include "speech.h"
#include "stats.h"
#include "tts.h"
#include "wav.h"

#ifndef CC_SOURCE_DIR
#define CC_SOURCE_DIR "."
#endif

#define RATE 16000
static const double budget_ms = 450.0; /* the 700 ms of trailing silence less the 250 ms pause */

static cc_tts *tts;
static char wav_path[64];

_Noreturn static void fail(const char *what, const char *why)
{
    fprintf(stderr, "bench_listen: %s: %s\n", what, why);
    exit(2);
}

/* The answer as a microphone hears it: 0.5 s before, 1.5 s after, a little noise. */
static int16_t *speak(const char *variant, int wpm, const char *text, size_t *n)
{
    cc_persona me = {.name = "trainee", .voice = "en-us", .variant = (char *)variant, .pitch = 50,
                     .range = 50, .rate = wpm, .volume = 100, .mood = CC_MOOD_CALM};
    size_t count;
    int16_t *said = bench_say16(tts, &me, text, wav_path, &count);
    size_t pre = RATE / 2, post = RATE * 3 / 2;
    *n = pre + count + post;
    int16_t *o = calloc(*n, sizeof *o);
    if (!o) fail("memory", "out of memory");
    memcpy(o + pre, said, count * sizeof *o);
    free(said);
    uint32_t x = 12345;
    for (size_t i = 0; i < *n; i++) {
        x = x * 1664525u + 1013904223u;
        o[i] = (int16_t)(o[i] + (int)(x >> 30) - 2);
    }
    return o;
}

typedef struct {
    char text[4096];
    double sum, weight; /* confidence x duration, duration */
} heard;

static void decode(cc_asr *a, const int16_t *s, size_t n, heard *h)
{
    cc_asr_result r = {0};
    char err[256];
    memset(h, 0, sizeof *h);
    if (cc_asr_decode(a, s, n, &r, err, sizeof err) != 0) fail("recogniser", err);
    for (size_t i = 0; i < r.nutts; i++) {
        double d = (double)(r.utts[i].end_ms - r.utts[i].start_ms);
        if (d < 1) d = 1;
        h->sum += d * r.utts[i].confidence;
        h->weight += d;
        if (h->text[0]) strncat(h->text, " ", sizeof h->text - strlen(h->text) - 1);
        strncat(h->text, r.utts[i].text, sizeof h->text - strlen(h->text) - 1);
    }
    cc_asr_result_free(&r);
}

static cc_endpoint_config ep_cfg;      /* the endpointer of the first two ways (defaults) */
static int stream_pause_ms;      /* --pause-ms: stream mode's PAUSE; 0: the app's */

/* One answer the first two ways. */
static void listen(cc_asr *a, const int16_t *s, size_t n, double min_conf, heard *pieces,
                  heard *whole, bench_series *cpu_ms, bench_series *audio_s, bench_series *wait_pieces,
                  bench_series *wait_app)
{
    cc_endpointer *e = cc_endpoint_create(&ep_cfg);
    double last_piece_ms = 0, whole_ms = -1;
    int16_t *all = NULL, *at_pause = NULL;
    size_t nall = 0, npause = 0;
    uint64_t pause_end = 0;
    int unsure = 0, done = 0, used_whole = 0;
    memset(pieces, 0, sizeof *pieces);
    memset(whole, 0, sizeof *whole);
    for (size_t i = 0; i < n && !done; i += 512) {
        cc_endpoint_feed(e, s + i, n - i < 512 ? n - i : 512);
        cc_endpoint_event ev;
        while (!done && cc_endpoint_next(e, &ev)) {
            if (ev.kind == CC_ENDPOINT_ONSET) continue;
            if (ev.kind == CC_ENDPOINT_PAUSE) {
                free(at_pause);
                at_pause = ev.pcm;
                npause = ev.n;
                pause_end = ev.end;
                continue;
            }
            int16_t *grown = realloc(all, (nall + ev.n + 1) * sizeof *all);
            if (!grown) fail("memory", "out of memory");
            all = grown;
            if (ev.n) memcpy(all + nall, ev.pcm, ev.n * sizeof *all);
            nall += ev.n;
            heard h;
            double c0 = bench_cpu_ms();
            decode(a, ev.pcm, ev.n, &h);
            last_piece_ms = bench_cpu_ms() - c0;
            free(ev.pcm);
            if (h.weight > 0 && h.sum / h.weight < min_conf) unsure = 1;
            if (h.text[0]) {
                if (pieces->text[0]) strncat(pieces->text, " ", sizeof pieces->text - strlen(pieces->text) - 1);
                strncat(pieces->text, h.text, sizeof pieces->text - strlen(pieces->text) - 1);
            }
            pieces->sum += h.sum;
            pieces->weight += h.weight;
            if (ev.kind != CC_ENDPOINT_UTTERANCE) continue;
            done = 1;
            double conf = pieces->weight > 0 ? pieces->sum / pieces->weight : 0;
            if (cc_endpoint_second_opinion(unsure, conf, min_conf, nall)) {
                heard again;
                double t1 = bench_cpu_ms();
                decode(a, all, nall, &again);
                last_piece_ms += bench_cpu_ms() - t1;
                if (again.text[0] && again.weight > 0 && again.sum / again.weight > conf) *pieces = again;
            }
            if (at_pause && pause_end == ev.end) {
                double t1 = bench_cpu_ms();
                decode(a, at_pause, npause, whole);
                whole_ms = bench_cpu_ms() - t1;
                bench_push(cpu_ms, whole_ms);
                bench_push(audio_s, (double)npause / RATE);
                used_whole = whole->text[0] != '\0';
            }
        }
    }
    if (!used_whole) *whole = *pieces; /* the app falls back to the pieces */
    /* What the trainee waits for after the trailing silence: the last piece's recognition
     * (and a second opinion's); heard whole, what of the recognition the pause left over. */
    if (done) {
        bench_push(wait_pieces, last_piece_ms);
        double over = whole_ms - budget_ms;
        bench_push(wait_app, used_whole ? (over > 0 ? over : 0) : last_piece_ms);
    }
    free(all);
    free(at_pause);
    cc_endpoint_free(e);
}

/* What the app does now: the answer decoded while it is spoken (voice/asr.h cc_asr_live_*, the
 * endpointer in stream mode) and heard at its last pause. The recogniser's thread is simulated
 * as a queue: each job starts when its audio has arrived (real time, 512 samples a feed) and
 * the job before it is done, and takes its CPU time; the trainee waits from the end of the
 * trailing silence (the UTTERANCE) to the hearing's end. */
static void listen_live(cc_asr *a, const int16_t *s, size_t n, heard *h, bench_series *wait,
                        bench_series *hear_ms, double *cpu_total)
{
    cc_endpoint_config cfg = {.stream = 1, .pause_ms = stream_pause_ms};
    cc_endpointer *e = cc_endpoint_create(&cfg);
    char err[256];
    double busy_until = 0, result_at = -1;
    uint64_t pause_end = 0;
    int done = 0;
    memset(h, 0, sizeof *h);
    for (size_t i = 0; i < n && !done; i += 512) {
        cc_endpoint_feed(e, s + i, n - i < 512 ? n - i : 512);
        double arrive = (double)cc_endpoint_pos(e) / (RATE / 1000);
        cc_endpoint_event ev;
        while (!done && cc_endpoint_next(e, &ev)) {
            double start = arrive > busy_until ? arrive : busy_until;
            double c0 = bench_cpu_ms();
            if (ev.kind == CC_ENDPOINT_ONSET) {
                if (cc_asr_live_begin(a, err, sizeof err) != 0) fail("recogniser", err);
            } else if (ev.kind == CC_ENDPOINT_STREAM) {
                if (cc_asr_live_feed(a, ev.pcm, ev.n, err, sizeof err) != 0) fail("recogniser", err);
            } else if (ev.kind == CC_ENDPOINT_PAUSE) {
                cc_asr_result r = {0};
                if (cc_asr_live_hear(a, (int64_t)(ev.end - ev.pcm_start), &r, err, sizeof err) != 0)
                    fail("recogniser", err);
                memset(h, 0, sizeof *h);
                for (size_t u = 0; u < r.nutts; u++) {
                    double d = (double)(r.utts[u].end_ms - r.utts[u].start_ms);
                    if (d < 1) d = 1;
                    h->sum += d * r.utts[u].confidence;
                    h->weight += d;
                    strncat(h->text, r.utts[u].text, sizeof h->text - strlen(h->text) - 1);
                }
                cc_asr_result_free(&r);
                pause_end = ev.end;
                bench_push(hear_ms, bench_cpu_ms() - c0);
            } else if (ev.kind == CC_ENDPOINT_UTTERANCE) {
                done = 1;
                if (pause_end == ev.end) bench_push(wait, result_at > arrive ? result_at - arrive : 0);
            }
            double took = bench_cpu_ms() - c0;
            *cpu_total += took;
            if (ev.kind != CC_ENDPOINT_UTTERANCE) busy_until = start + took;
            if (ev.kind == CC_ENDPOINT_PAUSE) result_at = busy_until;
            free(ev.pcm);
        }
    }
    cc_endpoint_free(e);
}

int main(int argc, char **argv)
{
    const char *only_voice = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--voice") == 0) only_voice = argv[i + 1];
        else if (strcmp(argv[i], "--pause-ms") == 0) stream_pause_ms = atoi(argv[i + 1]);
    }
    snprintf(wav_path, sizeof wav_path, "/tmp/bench-listen-%d.wav", (int)getpid());
    char err[512];
    if (!(tts = cc_tts_create(NULL, err, sizeof err))) fail("espeak-ng", err);
    char *files[256];
    long listed = bench_shipped_scenarios(files, 256);
    if (listed < 0) fail(CC_SOURCE_DIR "/scenarios", "cannot open the folder");
    size_t nfiles = (size_t)listed;

    static const struct {
        const char *variant;
        int wpm;
    } voices[] = {{"m1", 160}, {"f5", 140}};
    printf("Every answer of every take of the %zu shipped English scenarios, spoken by espeak-ng, cut "
           "by the app's endpointer and heard three ways: in pieces, whole at a pause of 250 ms (up to "
           "8 s), and decoded as it is spoken, heard at its last pause (the app).\n\n", nfiles);
    printf("| voice | answers | rule verdicts | differ from the text: pieces / whole at a pause / "
           "as spoken (the app) | wait after the trailing silence, p50 / p95: pieces / whole at a "
           "pause / as spoken (the app) | target <= 50 ms p95 | | hearing at the pause, CPU p50 / "
           "p95 / max | the app's recognition CPU per second of speech |\n"
           "|---|---|---|---|---|---|---|---|---|\n");
    for (size_t v = 0; v < sizeof voices / sizeof *voices; v++) {
        if (only_voice && strcmp(only_voice, voices[v].variant) != 0) continue;
        long answers = 0, verdicts = 0, differ_pieces = 0, differ_app = 0, differ_live = 0;
        bench_series cpu = {0}, audio = {0}, wait_pieces = {0}, wait_app = {0}, wait_live = {0},
                     hear_ms = {0};
        double live_cpu = 0, speech_s = 0;
        for (size_t f = 0; f < nfiles; f++) {
            cc_diags *d = cc_diags_create();
            cc_standard *std = NULL;
            cc_scenario *scn = NULL;
            if (cc_standard_load_file(CC_SOURCE_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK ||
                cc_scenario_load_file(files[f], std, &scn, d) != CC_FILE_OK)
                fail(files[f], "cannot load it with scenarios/standard.yaml");
            cc_listener_config lc = {std, scn, "Alex", CC_SOURCE_DIR "/assets/conversation.txt", tts,
                                     NULL};
            cc_asr *a = cc_listener_asr(&lc, NULL, err, sizeof err);
            if (!a) fail(files[f], err);
            cc_slots *slots = cc_scenario_slots(std, scn, "Alex");
            for (size_t t = 0; t < scn->ntests; t++) {
                cc_take *loaded = NULL;
                const cc_take *take = scn->tests[t].take;
                if (!take && cc_take_load_file(scn->tests[t].take_path, &loaded, d) != CC_FILE_OK)
                    fail(scn->tests[t].take_path, "cannot load the take");
                if (!take) take = loaded;
                for (size_t k = 0; k < take->count; k++) {
                    if (take->actions[k].kind != CC_TAKE_SAY) continue;
                    const char *text = take->actions[k].text;
                    size_t n;
                    int16_t *s = speak(voices[v].variant, voices[v].wpm, text, &n);
                    heard p, w;
                    listen(a, s, n, std->settings.min_confidence, &p, &w, &cpu, &audio, &wait_pieces,
                           &wait_app);
                    heard lv;
                    listen_live(a, s, n, &lv, &wait_live, &hear_ms, &live_cpu);
                    speech_s += (double)n / RATE - 2.0; /* less the quiet before and after */
                    if (getenv("CC_SHOW_HEARD"))
                        fprintf(stderr, "%s\n  whole: %s\n  live:  %s\n", text, w.text, lv.text);
                    free(s);
                    answers++;
                    for (size_t r = 0; r < std->nrules; r++) {
                        const cc_rule *rule = &std->rules[r];
                        if (rule->kind != CC_DETECT_PHRASE && rule->kind != CC_DETECT_FORBIDDEN) continue;
                        char ev[256];
                        int want = cc_rule_hit(rule, text, slots, ev, sizeof ev);
                        verdicts++;
                        differ_pieces += cc_rule_hit(rule, p.text, slots, ev, sizeof ev) != want;
                        differ_app += cc_rule_hit(rule, w.text, slots, ev, sizeof ev) != want;
                        differ_live += cc_rule_hit(rule, lv.text, slots, ev, sizeof ev) != want;
                    }
                }
                cc_take_free(loaded);
            }
            cc_slots_free(slots);
            cc_asr_free(a);
            cc_scenario_free(scn);
            cc_standard_free(std);
            cc_diags_free(d);
        }
        double p95 = bench_pct(wait_live.v, wait_live.n, 0.95);
        printf("| en-us+%s, %d wpm | %ld | %ld | %.2f %% / %.2f %% / %.2f %% | %.0f / %.0f ms, "
               "%.0f / %.0f ms, %.0f / %.0f ms | | %s | %.1f / %.1f / %.1f ms | %.3f |\n",
               voices[v].variant, voices[v].wpm, answers, verdicts,
               100.0 * (double)differ_pieces / (double)verdicts,
               100.0 * (double)differ_app / (double)verdicts,
               100.0 * (double)differ_live / (double)verdicts,
               bench_pct(wait_pieces.v, wait_pieces.n, 0.5), bench_pct(wait_pieces.v, wait_pieces.n, 0.95),
               bench_pct(wait_app.v, wait_app.n, 0.5), bench_pct(wait_app.v, wait_app.n, 0.95),
               bench_pct(wait_live.v, wait_live.n, 0.5), p95, p95 <= 50.0 ? "ok" : "MISSED",
               bench_pct(hear_ms.v, hear_ms.n, 0.5), bench_pct(hear_ms.v, hear_ms.n, 0.95),
               bench_pct(hear_ms.v, hear_ms.n, 1.0), live_cpu / 1000.0 / speech_s);
        free(wait_live.v);
        free(hear_ms.v);
        free(cpu.v);
        free(audio.v);
        free(wait_pieces.v);
        free(wait_app.v);
    }
    for (size_t f = 0; f < nfiles; f++) free(files[f]);
    cc_tts_free(tts);
    unlink(wav_path);
    return 0;
}
