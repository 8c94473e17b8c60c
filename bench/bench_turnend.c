/* bench_turnend: the turn-end decision alone, on the CPU clock, for every answer of every take
 * of the shipped English scenarios.
 *
 * bench_turns.py measures turn-taking on the real binary at real time, which takes hours for
 * all scenarios and pauses and wobbles with the machine. This benchmark isolates the part that
 * decides: each answer is spoken by espeak-ng, whole or in two halves with a pause to think
 * between (split at the word nearest its middle, as tests/app/e2e_prepare does; optionally
 * with "um" before the pause), and fed to the app's endpointer in its turn-taking
 * configuration with the scenario's recogniser decoding as it is spoken. At each pause the
 * answer so far is heard and judged by game/turnend, and the endpointer's trailing silence set
 * from the verdict, exactly as the live call does. Measured per pause length:
 *   - cut-in: the turn ended (the caller would start) before the second half began, or within
 *     300 ms after it (bench_turns' rule);
 *   - gap: the silence waited after the last speech of an answer the turn ended after
 *     (the audio path's latency comes on top: bench_turns measures the whole);
 *   - what the pause was judged as (complete / unsure / unfinished), and what the answer's end
 *     was judged as.
 * Two parts that share nothing: takes (by a hash of the take file's name and index) and
 * voices. Tune the turn-end rules on --part dev; report --part test.
 * Prints a markdown table; exits 0 whatever the numbers, 2 on failure.
 *
 * Usage: bench_turnend [--part dev|test] [--pauses 0,500,1000,1500,2000,f1000] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asr.h"
#include "diag.h"
#include "endpoint.h"
#include "engine.h"
#include "files.h"
#include "hear.h"
#include "sim.h"
#include "shipped.h"
#include "speech.h"
#include "stats.h"
#include "tts.h"
#include "turnend.h"
#include "wav.h"

#ifndef CC_SOURCE_DIR
#define CC_SOURCE_DIR "."
#endif

#define RATE 16000
#define MAX_COND 8

static cc_tts *tts;
static char wav_path[64];

_Noreturn static void fail(const char *what, const char *why)
{
    fprintf(stderr, "bench_turnend: %s: %s\n", what, why);
    exit(2);
}

typedef struct {
    const char *voice, *variant;
    int wpm, pitch;
} speaker;

/* Voices of the two parts: accents, rates and pitches apart. */
static const speaker dev_voices[] = {{"en-us", "f5", 150, 50}, {"en-gb-x-rp", "m3", 175, 40}};
static const speaker test_voices[] = {{"en-us", "m2", 165, 55}, {"en-us-nyc", "f2", 140, 60},
                                      {"en-029", "m6", 185, 45}};

static int16_t *say(const speaker *sp, const char *text, size_t *n)
{
    cc_persona me = {.name = "trainee", .voice = (char *)sp->voice, .variant = (char *)sp->variant,
                     .pitch = sp->pitch, .range = 50, .rate = sp->wpm, .volume = 100,
                     .mood = CC_MOOD_CALM};
    return bench_say16(tts, &me, text, wav_path, n);
}

/* The last sample of sound (espeak-ng ends a phrase with silence of its own). */
static size_t last_sound(const int16_t *s, size_t n)
{
    while (n > 0 && abs(s[n - 1]) < 300) n--;
    return n;
}

/* The microphone stream of one answer: 0.5 s of quiet, the answer (whole when pause_ms < 0
 * or it is short; else two halves pause_ms apart), 3.5 s of quiet, a little noise throughout.
 * Sets *pause_at / *resume_at (samples; 0 when not split) and *end_at (the last sound). */
static int16_t *speak(const speaker *sp, const char *text, int pause_ms, int filler, size_t *n,
                      size_t *pause_at, size_t *resume_at, size_t *end_at)
{
    size_t len = strlen(text), words = 0, cut = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == ' ') words++;
    size_t pre = RATE / 2, post = RATE * 7 / 2, n1 = 0, n2 = 0;
    int16_t *a, *b = NULL;
    *pause_at = *resume_at = 0;
    if (pause_ms > 0 && words >= 5) {
        for (size_t i = 0, best = len; i < len; i++)
            if (text[i] == ' ') {
                size_t d = i > len / 2 ? i - len / 2 : len / 2 - i;
                if (d < best) {
                    best = d;
                    cut = i;
                }
            }
        char first[2048];
        snprintf(first, sizeof first, "%.*s%s", (int)cut, text, filler ? ", um" : "");
        a = say(sp, first, &n1);
        n1 = last_sound(a, n1);
        b = say(sp, text + cut + 1, &n2);
    } else {
        a = say(sp, text, &n1);
    }
    size_t gap = b ? (size_t)pause_ms * RATE / 1000 : 0;
    *n = pre + n1 + gap + n2 + post;
    int16_t *o = calloc(*n, sizeof *o);
    if (!o) fail("memory", "out of memory");
    memcpy(o + pre, a, n1 * sizeof *o);
    if (b) {
        memcpy(o + pre + n1 + gap, b, n2 * sizeof *o);
        *pause_at = pre + n1;
        *resume_at = pre + n1 + gap;
        *end_at = pre + n1 + gap + last_sound(b, n2);
    } else {
        *end_at = pre + last_sound(a, n1);
    }
    free(a);
    free(b);
    uint32_t x = 12345;
    for (size_t i = 0; i < *n; i++) {
        x = x * 1664525u + 1013904223u;
        o[i] = (int16_t)(o[i] + (int)(x >> 30) - 2);
    }
    return o;
}

typedef struct {
    long answers, split, cutins, judged[3], end_judged[3];
    bench_series gap;
} tally;

/* One answer through the endpointer and the turn-end decision, as the live call hears it. */
static void listen(cc_asr *a, const cc_standard *std, const cc_turnend *turn, int node, const int16_t *s,
                   size_t n, size_t pause_at, size_t resume_at, size_t end_at, tally *t)
{
    cc_endpoint_config cfg;
    cc_endpoint_turn_config(&cfg, &std->settings);
    cc_endpointer *e = cc_endpoint_create(&cfg);
    if (!e) fail("endpointer", "out of memory");
    char err[256];
    int done = 0;
    cc_turnend_kind last_kind = CC_TURNEND_UNSURE;
    char last_text[4096] = "";
    t->answers++;
    if (pause_at) t->split++;
    int judged_pause = 0;
    for (size_t i = 0; i < n && !done; i += 512) {
        cc_endpoint_feed(e, s + i, n - i < 512 ? n - i : 512);
        cc_endpoint_event ev;
        while (!done && cc_endpoint_next(e, &ev)) {
            if (ev.kind == CC_ENDPOINT_ONSET) {
                if (cc_asr_live_begin(a, err, sizeof err) != 0) fail("recogniser", err);
            } else if (ev.kind == CC_ENDPOINT_STREAM) {
                if (cc_asr_live_feed(a, ev.pcm, ev.n, err, sizeof err) != 0) fail("recogniser", err);
            } else if (ev.kind == CC_ENDPOINT_PAUSE) {
                cc_asr_result r = {0};
                if (cc_asr_live_hear(a, (int64_t)(ev.end - ev.pcm_start), &r, err, sizeof err) != 0)
                    fail("recogniser", err);
                char text[4096] = "";
                for (size_t u = 0; u < r.nutts; u++) {
                    if (text[0]) strncat(text, " ", sizeof text - strlen(text) - 1);
                    strncat(text, r.utts[u].text, sizeof text - strlen(text) - 1);
                }
                cc_asr_result_free(&r);
                cc_turnend_kind k = cc_turnend_judge(turn, node, text);
                last_kind = k;
                snprintf(last_text, sizeof last_text, "%s", text);
                /* the pause to think: the last pause heard before the second half began */
                if (pause_at && ev.end <= resume_at && ev.end + RATE / 2 >= pause_at) {
                    if (!judged_pause) t->judged[k]++;
                    judged_pause = 1;
                    if (getenv("CC_SHOW_HEARD")) fprintf(stderr, "  pause: %-10s %s\n", cc_turnend_kind_name(k), text);
                }
                cc_endpoint_set_trailing(e, ev.end, cc_turnend_wait_ms(&std->settings, k));
            } else if (ev.kind == CC_ENDPOINT_UTTERANCE) {
                done = 1;
                /* the turn ends where the trailing silence ran out: the position fed so far */
                uint64_t at = cc_endpoint_pos(e);
                if (pause_at && at < resume_at + RATE * 3 / 10) {
                    t->cutins++;
                } else {
                    t->end_judged[last_kind]++;
                    if (getenv("CC_SHOW_HEARD"))
                        fprintf(stderr, "  end:   %-10s %s\n", cc_turnend_kind_name(last_kind), last_text);
                    bench_push(&t->gap, (double)(at > end_at ? at - end_at : 0) * 1000.0 / RATE);
                }
            }
            free(ev.pcm);
        }
    }
    cc_endpoint_free(e);
}

/* FNV-1a: which part a take belongs to, fixed by its name alone. */
static unsigned hash(const char *s, size_t k)
{
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ (unsigned)k) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    const char *part = "dev", *pauses = "0,500,1000,1500,2000,f1000";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--part") == 0) part = argv[i + 1];
        else if (strcmp(argv[i], "--pauses") == 0) pauses = argv[i + 1];
        else fail(argv[i], "unknown option (--part dev|test, --pauses 0,1000,f1000)");
    }
    int test = strcmp(part, "test") == 0;
    if (!test && strcmp(part, "dev") != 0) fail(part, "the part is dev or test");
    int cond_ms[MAX_COND], cond_filler[MAX_COND];
    size_t ncond = 0;
    char list[256];
    snprintf(list, sizeof list, "%s", pauses);
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok && ncond < MAX_COND;
         tok = strtok_r(NULL, ",", &save)) {
        cond_filler[ncond] = tok[0] == 'f';
        cond_ms[ncond++] = atoi(tok + (tok[0] == 'f'));
    }
    const speaker *voices = test ? test_voices : dev_voices;
    size_t nvoices = test ? sizeof test_voices / sizeof *test_voices : sizeof dev_voices / sizeof *dev_voices;

    snprintf(wav_path, sizeof wav_path, "/tmp/bench-turnend-%d.wav", (int)getpid());
    char err[512];
    if (!(tts = cc_tts_create(NULL, err, sizeof err))) fail("espeak-ng", err);
    char *files[256];
    long listed = bench_shipped_scenarios(files, 256);
    if (listed < 0) fail(CC_SOURCE_DIR "/scenarios", "cannot open the folder");
    size_t nfiles = (size_t)listed;

    tally tallies[MAX_COND];
    memset(tallies, 0, sizeof tallies);
    for (size_t f = 0; f < nfiles; f++) {
        cc_diags *d = cc_diags_create();
        cc_standard *std = NULL;
        cc_scenario *scn = NULL;
        if (cc_standard_load_file(CC_SOURCE_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK ||
            cc_scenario_load_file(files[f], std, &scn, d) != CC_FILE_OK)
            fail(files[f], "cannot load it with scenarios/standard.yaml");
        if (scn->language && strncmp(scn->language, "en", 2) != 0) {
            cc_scenario_free(scn);
            cc_standard_free(std);
            cc_diags_free(d);
            continue;
        }
        cc_listener_config lc = {std, scn, "Alex", CC_SOURCE_DIR "/assets/conversation.txt", tts, NULL};
        cc_asr *a = cc_listener_asr(&lc, NULL, err, sizeof err);
        if (!a) fail(files[f], err);
        cc_turnend *turn = cc_turnend_create(std, scn, "Alex");
        if (!turn) fail(files[f], "out of memory");
        for (size_t ti = 0; ti < scn->ntests; ti++) {
            const char *name = strrchr(files[f], '/') + 1;
            if ((int)(hash(name, ti) & 1) != test) continue;
            cc_take *loaded = NULL;
            const cc_take *take = scn->tests[ti].take;
            if (!take && cc_take_load_file(scn->tests[ti].take_path, &loaded, d) != CC_FILE_OK)
                fail(scn->tests[ti].take_path, "cannot load the take");
            if (!take) take = loaded;
            /* The node each answer answers: the take played on the simulated clock, then the
             * record's turn of each utterance (as the live call asks the engine at a pause). */
            int nodes[256];
            size_t nsay = 0;
            cc_sim *sim = cc_sim_create(std, scn, "Alex", 7, NULL, NULL);
            if (!sim) fail(files[f], "out of memory");
            for (size_t k = 0; k < take->count; k++)
                if (cc_sim_apply(sim, &take->actions[k]) != 0) break;
            const cc_record *rec = cc_call_record(cc_sim_call(sim));
            for (size_t u = 0; u < rec->nutterances && nsay < 256; u++) {
                int ti_ = rec->utterances[u].turn;
                nodes[nsay++] = ti_ >= 0 && (size_t)ti_ < rec->nturns ? rec->turns[ti_].node : -1;
            }
            cc_sim_free(sim);
            size_t said = 0;
            for (size_t k = 0; k < take->count && said < nsay; k++) {
                cc_take_kind kind = take->actions[k].kind;
                if (kind != CC_TAKE_SAY && kind != CC_TAKE_INTERRUPT) continue;
                int node = nodes[said++];
                if (kind != CC_TAKE_SAY) continue; /* talking over the caller: not a turn's end */
                const char *text = take->actions[k].text;
                for (size_t v = 0; v < nvoices; v++)
                    for (size_t c = 0; c < ncond; c++) {
                        size_t n, pause_at, resume_at, end_at;
                        int16_t *s = speak(&voices[v], text, cond_ms[c], cond_filler[c], &n, &pause_at,
                                           &resume_at, &end_at);
                        if (getenv("CC_SHOW_HEARD"))
                            fprintf(stderr, "%s [%d ms] %s\n", voices[v].variant, cond_ms[c], text);
                        listen(a, std, turn, node, s, n, pause_at, resume_at, end_at, &tallies[c]);
                        free(s);
                    }
            }
            cc_take_free(loaded);
        }
        cc_turnend_free(turn);
        cc_asr_free(a);
        cc_scenario_free(scn);
        cc_standard_free(std);
        cc_diags_free(d);
    }

    printf("Part **%s**: every answer of the %s takes of the shipped English scenarios, ", part,
           test ? "test" : "dev");
    printf("voices");
    for (size_t v = 0; v < nvoices; v++)
        printf("%s %s+%s (%d wpm)", v ? "," : "", voices[v].voice, voices[v].variant, voices[v].wpm);
    printf(". The decision alone: the audio path's latency comes on top.\n\n");
    printf("| pause to think | answers | paused (6+ words) | pause judged complete / unsure / unfinished | "
           "cut-ins | gap after the answer p50 / p95 / max | answer's end judged complete / unsure / "
           "unfinished |\n|---|---|---|---|---|---|---|\n");
    for (size_t c = 0; c < ncond; c++) {
        tally *t = &tallies[c];
        char cond[32];
        if (cond_ms[c] <= 0) snprintf(cond, sizeof cond, "none");
        else snprintf(cond, sizeof cond, "%.1f s%s", cond_ms[c] / 1000.0, cond_filler[c] ? " after \"um\"" : "");
        double p50 = bench_pct(t->gap.v, t->gap.n, 0.5), p95 = bench_pct(t->gap.v, t->gap.n, 0.95),
               max = bench_pct(t->gap.v, t->gap.n, 1.0);
        printf("| %s | %ld | %ld | ", cond, t->answers, t->split);
        if (t->split)
            printf("%ld / %ld / %ld | %ld (%.1f %%) | ", t->judged[CC_TURNEND_COMPLETE], t->judged[CC_TURNEND_UNSURE],
                   t->judged[CC_TURNEND_UNFINISHED], t->cutins, 100.0 * (double)t->cutins / (double)t->split);
        else
            printf("- | - | ");
        printf("%.0f / %.0f / %.0f ms | %ld / %ld / %ld |\n", p50, p95, max, t->end_judged[CC_TURNEND_COMPLETE],
               t->end_judged[CC_TURNEND_UNSURE], t->end_judged[CC_TURNEND_UNFINISHED]);
        free(t->gap.v);
    }
    for (size_t f = 0; f < nfiles; f++) free(files[f]);
    cc_tts_free(tts);
    unlink(wav_path);
    return 0;
}
