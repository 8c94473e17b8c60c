/* bench_listen: what the simulator's way of listening buys and costs.
 *
 * The app cuts a long answer into pieces at its pauses (app/endpoint.h) so that most of it is
 * recognised while the trainee still talks, and hears an answer of up to 8 s whole at each
 * pause of 250 ms, within the rest of the 700 ms of trailing silence. Every answer of every
 * take of the shipped English scenarios is spoken by espeak-ng (the end-to-end tests' first two
 * voices), placed in a quiet microphone stream, cut by the app's endpointer with its defaults,
 * and heard both ways with the scenario's recogniser (voice/hear.h cc_listener_asr, as the app
 * builds it):
 *   - in pieces, each decoded alone, joined, heard again whole when a piece was unsure
 *     (cc_ep_second_opinion), as the app did before it heard answers whole;
 *   - whole, the audio of the last PAUSE (the one with the answer's end), as the app does now.
 * Measured: how often a phrase or forbidden rule of the standard gives another verdict on the
 * heard text than on the written one, both ways; and the CPU time of the whole-answer
 * recognition against the time the trailing silence leaves for it.
 * Prints a markdown table; exits 0 whatever the numbers, 2 on failure.
 *
 * Also: what the trainee waits for after the trailing silence, before the engine hears the
 * answer, both ways (recognition CPU time; the engine's own time is bench_engine's).
 *
 * Usage: bench_listen [--whole-ms N] [--pause-ms M]   (the endpointer's whole_ms and
 * pause_ms; default the app's)
 * Runs from anywhere; reads the source tree's scenarios/. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
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
#include "stats.h"
#include "tts.h"
#include "wav.h"

#ifndef CC_SOURCE_DIR
#define CC_SOURCE_DIR "."
#endif

#define RATE 16000
static double budget_ms = 450.0; /* the 700 ms of trailing silence less the pause */

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
    int16_t *pcm = NULL;
    size_t count = 0;
    int rate = 0;
    char err[256];
    if (cc_tts_say(tts, &me, CC_MOOD_CALM, text, &pcm, &count, &rate, err, sizeof err) != 0)
        fail("espeak-ng", err);
    if (cc_wav_write(wav_path, pcm ? pcm : (int16_t[1]){0}, count, rate, err, sizeof err) != 0)
        fail(wav_path, err);
    free(pcm);
    cc_pcm p = {0};
    if (cc_wav_read(wav_path, RATE, &p, err, sizeof err) != 0) fail(wav_path, err);
    size_t pre = RATE / 2, post = RATE * 3 / 2;
    *n = pre + p.count + post;
    int16_t *o = calloc(*n, sizeof *o);
    if (!o) fail("memory", "out of memory");
    memcpy(o + pre, p.samples, p.count * sizeof *o);
    cc_pcm_free(&p);
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

/* One answer both ways. Returns whether it was heard whole at its last pause. */
static cc_ep_config ep_cfg; /* the app's defaults unless --whole-ms */

static int listen(cc_asr *a, const int16_t *s, size_t n, double min_conf, heard *pieces,
                  heard *whole, bench_series *cpu_ms, bench_series *audio_s, bench_series *wait_pieces,
                  bench_series *wait_app)
{
    cc_endpointer *e = cc_ep_create(&ep_cfg);
    double last_piece_ms = 0, whole_ms = -1;
    int16_t *all = NULL, *at_pause = NULL;
    size_t nall = 0, npause = 0;
    uint64_t pause_end = 0;
    int unsure = 0, done = 0, used_whole = 0;
    memset(pieces, 0, sizeof *pieces);
    memset(whole, 0, sizeof *whole);
    for (size_t i = 0; i < n && !done; i += 512) {
        cc_ep_feed(e, s + i, n - i < 512 ? n - i : 512);
        cc_ep_event ev;
        while (!done && cc_ep_next(e, &ev)) {
            if (ev.kind == CC_EP_ONSET) continue;
            if (ev.kind == CC_EP_PAUSE) {
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
            if (ev.kind != CC_EP_UTTERANCE) continue;
            done = 1;
            double conf = pieces->weight > 0 ? pieces->sum / pieces->weight : 0;
            if (cc_ep_second_opinion(unsure, conf, min_conf, nall)) {
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
    cc_ep_free(e);
    return used_whole;
}

static int is_scenario_file(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strcmp(dot, ".yaml") != 0) return 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    static char data[1 << 20];
    size_t len = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[len] = '\0';
    return strcmp(cc_file_kind(data, len), "scenario") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--whole-ms") == 0) ep_cfg.whole_ms = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--pause-ms") == 0) ep_cfg.pause_ms = atoi(argv[i + 1]);
    }
    budget_ms = 700.0 - (ep_cfg.pause_ms ? ep_cfg.pause_ms : 250);
    snprintf(wav_path, sizeof wav_path, "/tmp/bench-listen-%d.wav", (int)getpid());
    char err[512];
    if (!(tts = cc_tts_create(NULL, err, sizeof err))) fail("espeak-ng", err);
    char *files[256];
    size_t nfiles = 0;
    DIR *dir = opendir(CC_SOURCE_DIR "/scenarios");
    if (!dir) fail(CC_SOURCE_DIR "/scenarios", "cannot open the folder");
    for (struct dirent *d; (d = readdir(dir)) && nfiles < 256;) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", CC_SOURCE_DIR, d->d_name);
        if (is_scenario_file(path)) files[nfiles++] = strdup(path);
    }
    closedir(dir);
    qsort(files, nfiles, sizeof *files, cmp_str);

    static const struct {
        const char *variant;
        int wpm;
    } voices[] = {{"m1", 160}, {"f5", 140}};
    printf("Every answer of every take of the %zu shipped English scenarios, spoken by espeak-ng, cut "
           "by the app's endpointer and heard in pieces and whole (the app: whole at the last pause "
           "when the answer is at most 8 s).\n\n", nfiles);
    printf("| voice | answers | heard whole | rule verdicts | differ from the text, pieces | "
           "differ, as the app hears | whole-answer recognition CPU, p50 / p95 / max | within %.0f ms | "
           "wait after the trailing silence, pieces: p50 / p95 | as the app hears: p50 / p95 | "
           "target <= 50 ms p95 | |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|---|\n", budget_ms);
    for (size_t v = 0; v < sizeof voices / sizeof *voices; v++) {
        long answers = 0, whole_used = 0, verdicts = 0, differ_pieces = 0, differ_app = 0;
        bench_series cpu = {0}, audio = {0}, wait_pieces = {0}, wait_app = {0};
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
                    whole_used += listen(a, s, n, std->settings.min_confidence, &p, &w, &cpu, &audio,
                                         &wait_pieces, &wait_app);
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
        size_t within = 0;
        for (size_t i = 0; i < cpu.n; i++) within += cpu.v[i] <= budget_ms;
        double longest = audio.n ? bench_pct(audio.v, audio.n, 1.0) : 0;
        printf("| en-us+%s, %d wpm | %ld | %ld | %ld | %.2f %% | %.2f %% | %.0f / %.0f / %.0f ms "
               "(answers up to %.1f s) | %zu of %zu | %.0f / %.0f ms | %.0f / %.0f ms | | %s |\n",
               voices[v].variant, voices[v].wpm, answers, whole_used, verdicts,
               100.0 * (double)differ_pieces / (double)verdicts,
               100.0 * (double)differ_app / (double)verdicts, bench_pct(cpu.v, cpu.n, 0.5),
               bench_pct(cpu.v, cpu.n, 0.95), bench_pct(cpu.v, cpu.n, 1.0), longest, within, cpu.n,
               bench_pct(wait_pieces.v, wait_pieces.n, 0.5), bench_pct(wait_pieces.v, wait_pieces.n, 0.95),
               bench_pct(wait_app.v, wait_app.n, 0.5), bench_pct(wait_app.v, wait_app.n, 0.95),
               bench_pct(wait_app.v, wait_app.n, 0.95) <= 50.0 ? "ok" : "MISSED");
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
