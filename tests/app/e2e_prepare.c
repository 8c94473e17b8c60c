/* e2e_prepare: turns a take into what a real trainee would do at the desk
 * phone, for the end-to-end test of the real `callcoach` binary:
 *   - a microphone recording (raw 16 kHz mono signed 16-bit, the capture
 *     device's format) with each spoken answer synthesised by espeak-ng
 *     (en-us+f5, a voice the recogniser hears well) and placed after the
 *     caller's line it answers, with silence (and a little noise, as a real
 *     microphone has) between;
 *   - a --keys script with the pick-up, hold, switch, transfer and hang-up
 *     presses at their times on the call clock.
 *
 * The timeline is planned by playing the scenario through the call engine
 * with the app's own timing: each caller line lasts exactly as long as the
 * app will play it (the same voice module, persona and mood, resampled to
 * the app's 16 kHz output), and each answer reaches the engine when the app
 * would deliver it (speech end + the endpointer's 700 ms of trailing silence
 * + recognition time). Answers start GAP_MS after the caller finishes, keys
 * KEY_MS after: generous margins, so that the recogniser's latency varying
 * from run to run never makes the trainee talk over the caller.
 *
 * Usage: e2e_prepare SCENARIO TAKE OUT.raw OUT.keys SEED TRAINEE
 * Also writes OUT.keys.misheard: the rules whose verdicts the recogniser's
 * errors will change (see check_heard).
 * CC_SHOW_HEARD=1 prints what each voice's answers were heard as.
 * CC_E2E_THINK_MS=N (bench/bench_turns.py): every answer of six words or more
 * is spoken in two halves with N ms of silence between, as a trainee who stops
 * to think ("I can put you through to... [pause] ...Billing"); with
 * CC_E2E_FILLER=1 the first half ends on "um". The voice is chosen and the
 * answers checked without the pauses; OUT.keys.pauses then lists each pause
 * as "answer start_ms end_ms" on the planned call clock.
 * Prints the planned call length in seconds, or a line starting "SKIPPED:"
 * when no test voice is recognised well enough (see check_heard and same_path). Exit 0,
 * or 1 with a message. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asr.h"
#include "cli.h"
#include "endpoint.h"
#include "engine.h"
#include "files.h"
#include "hear.h"
#include "phrase.h"
#include "tts.h"
#include "turnend.h"
#include "wav.h"

#define RATE 16000
#define GAP_MS 1500      /* trainee starts this long after the caller's line */
#define KEY_MS 800       /* keys this long after the caller's line */
/* Speech end -> utterance in the engine, in call time: 700 ms of trailing
 * silence for the endpointer, then the recognition of the last piece (about
 * 0.2-0.6 s of wall time, 3.2 times that in call time at the test's speed),
 * or of the whole answer again when a piece was unsure (0.5-1.5 s more). */
#define DELIVERY_MS 3000
#define PICKUP_INTO_RING_MS 1000
#define MAX_PENDING 64

typedef struct {
    unsigned id;
    int64_t done;
} pending;

static cc_call *call;
static cc_tts *tts;
static pending pend[MAX_PENDING];
static int npend;
static int64_t now_t, quiet_at;
static int16_t *mic;
static size_t mic_n, mic_cap;
static char keys[65536];
static size_t keys_len;
static char tmpdir[256];
/* What the caller says, one line each: the path a plan takes. (Not when: the
 * engine's pauses before a reply depend a little on the answer's words, and
 * the planned gaps are seconds wide.) */
static char path_log[65536];
static size_t path_len;

_Noreturn static void die(const char *what)
{
    fprintf(stderr, "e2e_prepare: %s\n", what);
    exit(1);
}

/* Audio at 16 kHz through libsamplerate (voice/wav), so the recogniser gets
 * clean full-band speech as from a microphone. */
static int16_t *speak16(const cc_persona *p, cc_mood mood, const char *text, size_t *n)
{
    int16_t *pcm = NULL;
    size_t count = 0;
    int rate = 0;
    char err[256], path[512];
    if (cc_tts_say(tts, p, mood, text, &pcm, &count, &rate, err, sizeof err) != 0) die(err);
    snprintf(path, sizeof path, "%s/line.wav", tmpdir);
    if (cc_wav_write(path, pcm ? pcm : (int16_t[1]){0}, count, rate, err, sizeof err) != 0) die(err);
    free(pcm);
    cc_pcm out = {0};
    if (cc_wav_read(path, RATE, &out, err, sizeof err) != 0) die(err);
    *n = out.count;
    return out.samples;
}

/* ---- checking that the app will hear the answers as they are written --------
 * This is a test of the app, not of the recogniser. So before the call, the
 * planned microphone stream is recognised exactly as the app will recognise
 * it (its endpointer cuts the same pieces, the same recogniser decodes them
 * in the same order, an unsure answer is heard again whole by the same rule),
 * and every answer must (a) be heard as one answer that reaches the
 * standard's min_confidence and (b) lead the call the same way (same_path).
 * The rules it gets wrong are written out for the comparison to leave out.
 * A few espeak-ng voices are tried in turn; when none passes, the
 * test is skipped with what was misheard (SKIP_REGULAR_EXPRESSION "SKIPPED:"),
 * since the comparison would then test the recogniser, not the app. */
/* The recogniser the app builds for this scenario (voice/hear.h). */
static cc_asr *make_asr(const cc_standard *std, const cc_scenario *scn, const char *trainee)
{
    char err[256];
    cc_listener_config lc = {std, scn, trainee, "assets/conversation.txt", tts, NULL};
    cc_asr *a = cc_listener_asr(&lc, NULL, err, sizeof err);
    if (!a) die(err);
    return a;
}

typedef struct {
    char text[4096];
    double conf_sum, conf_w;
    int unsure;
} heard_answer;

/* Adds a recognition result to h (replace: the surer of the two counts): s[0, n)
 * decoded, or with s NULL the answer streamed to `a` (cc_asr_live_*) heard, its last
 * speech at sample live_end. */
static void result_into(cc_asr *a, int64_t live_end, const int16_t *s, size_t n, heard_answer *h,
                        int replace, double min_conf)
{
    cc_asr_result r = {0};
    char err[256];
    if ((s ? cc_asr_decode(a, s, n, &r, err, sizeof err)
           : cc_asr_live_hear(a, live_end, &r, err, sizeof err)) != 0)
        die(err);
    char text[4096] = "";
    double sum = 0, w = 0;
    for (size_t i = 0; i < r.nutts; i++) {
        if (!r.utts[i].text[0]) continue;
        double d = (double)(r.utts[i].end_ms - r.utts[i].start_ms);
        if (d < 1) d = 1;
        sum += d * r.utts[i].confidence;
        w += d;
        if (text[0]) strncat(text, " ", sizeof text - strlen(text) - 1);
        strncat(text, r.utts[i].text, sizeof text - strlen(text) - 1);
    }
    cc_asr_result_free(&r);
    if (replace) {
        double before = h->conf_w > 0 ? h->conf_sum / h->conf_w : 0;
        if (text[0] && w > 0 && sum / w > before) {
            snprintf(h->text, sizeof h->text, "%s", text);
            h->conf_sum = sum;
            h->conf_w = w;
        }
        return;
    }
    if (!text[0]) return;
    if (w > 0 && sum / w < min_conf) h->unsure = 1;
    size_t used = strlen(h->text);
    snprintf(h->text + used, sizeof h->text - used, "%s%s", used ? " " : "", text);
    h->conf_sum += sum;
    h->conf_w += w;
}

/* The answers the app will hear in the planned stream, in order (live/hearing.c): each
 * decoded as it is spoken (the endpointer in stream mode) and heard at its last pause;
 * when that hearing is not the end of the answer, or comes back empty, the utterance's
 * audio is recognised instead. */
/* The node each planned answer answers (the engine's, as the app asks it at a pause). */
#define MAX_ANSWERS 64
static int answer_node[MAX_ANSWERS];

static size_t hear_like_app(cc_asr *a, const cc_standard *std, const cc_turnend *turn, const int16_t *mic_s,
                            size_t mic_len, heard_answer *out, size_t max)
{
    double min_conf = std->settings.min_confidence;
    cc_endpoint_config cfg;
    cc_endpoint_turn_config(&cfg, &std->settings);
    cc_endpointer *e = cc_endpoint_create(&cfg);
    size_t n = 0;
    heard_answer at_pause;
    uint64_t pause_end = 0;
    int open = 0;
    char err[256];
    for (size_t i = 0; i < mic_len; i += 512) {
        cc_endpoint_feed(e, mic_s + i, mic_len - i < 512 ? mic_len - i : 512);
        cc_endpoint_event ev;
        while (cc_endpoint_next(e, &ev)) {
            if (ev.kind == CC_ENDPOINT_ONSET) {
                if (n < max) memset(&out[n], 0, sizeof out[n]);
                open = 1;
                pause_end = 0;
                if (cc_asr_live_begin(a, err, sizeof err) != 0) die(err);
            } else if (ev.kind == CC_ENDPOINT_STREAM) {
                if (cc_asr_live_feed(a, ev.pcm, ev.n, err, sizeof err) != 0) die(err);
            } else if (ev.kind == CC_ENDPOINT_PAUSE) {
                memset(&at_pause, 0, sizeof at_pause);
                result_into(a, (int64_t)(ev.end - ev.pcm_start), NULL, 0, &at_pause, 0, min_conf);
                pause_end = ev.end;
                /* The turn ends as the app ends it: by how finished the answer sounds. */
                int node = n < MAX_ANSWERS ? answer_node[n] : -1;
                cc_endpoint_set_trailing(e, ev.end,
                                   cc_turnend_wait_ms(&std->settings, cc_turnend_judge(turn, node, at_pause.text)));
            } else if (open && n < max) {
                /* The UTTERANCE: the whole answer's audio. */
                if (pause_end == ev.end && at_pause.text[0]) out[n] = at_pause;
                else if (ev.n) result_into(a, -1, ev.pcm, ev.n, &out[n], 0, min_conf);
                n++;
                open = 0;
            }
            free(ev.pcm);
        }
    }
    cc_endpoint_free(e);
    return n;
}

static int rule_listed(const int *ids, size_t n, int rule)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == rule) return 1;
    return 0;
}

/* Compares what the app will hear with what the take says. `why` gets a
 * reason the voice cannot be used (an answer not heard as one, or heard
 * below the confidence limit: the call would take the "not understood" path);
 * else it is left empty and `misheard` lists the rules whose verdict on some
 * answer differs between the written and the heard text (the recogniser's
 * errors, which the comparison then leaves out). Whether those errors steer
 * the call another way is same_path()'s question. */
static void check_heard(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                        const cc_take *take, const heard_answer *h, size_t nh, char *why,
                        size_t whylen, int *misheard, size_t *nmisheard)
{
    why[0] = '\0';
    *nmisheard = 0;
    cc_slots *slots = cc_scenario_slots(std, scn, trainee);
    size_t k = 0;
    for (size_t i = 0; i < take->count && !why[0]; i++) {
        const cc_take_action *act = &take->actions[i];
        if (act->kind != CC_TAKE_SAY && act->kind != CC_TAKE_INTERRUPT) continue;
        if (k >= nh) {
            snprintf(why, whylen, "\"%.200s\" was not heard as an answer of its own", act->text);
            break;
        }
        const heard_answer *a = &h[k++];
        double conf = a->conf_w > 0 ? a->conf_sum / a->conf_w : 0;
        if (conf < std->settings.min_confidence) {
            snprintf(why, whylen, "\"%.200s\" heard as \"%.300s\" with confidence %.2f (limit %.2f)",
                     act->text, a->text, conf, std->settings.min_confidence);
            break;
        }
        for (size_t r = 0; r < std->nrules; r++) {
            const cc_rule *rule = &std->rules[r];
            if (rule->kind != CC_DETECT_PHRASE && rule->kind != CC_DETECT_FORBIDDEN) continue;
            char ev[256];
            int want = cc_rule_hit(rule, act->text, slots, ev, sizeof ev);
            int got = cc_rule_hit(rule, a->text, slots, ev, sizeof ev);
            if (want != got && !rule_listed(misheard, *nmisheard, (int)r)) misheard[(*nmisheard)++] = (int)r;
        }
    }
    if (!why[0] && k != nh) snprintf(why, whylen, "%zu answers were heard for %zu written", nh, k);
    cc_slots_free(slots);
}

static void plan(const cc_standard *std, const cc_scenario *scn, const cc_take *take,
                 const char *trainee, unsigned long long seed, const cc_persona *mep,
                 const char *const *answers);

/* Whether the call goes the same way with the answers as heard: the caller
 * says the same lines. A misheard rule that a branch tests
 * (or a `said` pattern) may or may not change the path; only the engine
 * knows, so it is asked. When the path differs, `why` says where; either
 * way the plan of the written take is restored (mic, keys, engine). */
static void same_path(const cc_standard *std, const cc_scenario *scn, const cc_take *take,
                      const char *trainee, unsigned long long seed, const cc_persona *me,
                      const heard_answer *h, size_t nh, char *why, size_t whylen)
{
    char *written = strdup(path_log);
    const char **answers = calloc(nh ? nh : 1, sizeof *answers);
    if (!written || !answers) die("out of memory");
    for (size_t i = 0; i < nh; i++) answers[i] = h[i].text;
    cc_call_free(call);
    plan(std, scn, take, trainee, seed, me, answers);
    if (strcmp(written, path_log) != 0) {
        const char *a = written, *b = path_log;
        while (*a && *a == *b) {
            const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
            if (!na || !nb || na - a != nb - b || memcmp(a, b, (size_t)(na - a)) != 0) break;
            a = na + 1;
            b = nb + 1;
        }
        snprintf(why, whylen, "with the answers as heard the call goes another way: the caller says "
                 "%.*s where the take leads to %.*s", (int)strcspn(b, "\n"), *b ? b : "(the end)",
                 (int)strcspn(a, "\n"), *a ? a : "(the end)");
    }
    cc_call_free(call);
    plan(std, scn, take, trainee, seed, me, NULL);
    free(answers);
    free(written);
}

/* How long the app plays a caller line: espeak-ng's samples converted from its
 * rate to 16 kHz by the app's resampler (floor(n * 16000 / rate)). */
static int64_t caller_ms(const cc_persona *p, cc_mood mood, const char *text)
{
    int16_t *pcm = NULL;
    size_t count = 0;
    int rate = 0;
    char err[256];
    if (cc_tts_say(tts, p, mood, text, &pcm, &count, &rate, err, sizeof err) != 0) die(err);
    free(pcm);
    size_t m = (size_t)((double)count * RATE / rate);
    return (int64_t)(m * 1000 / RATE);
}

static void drain(void)
{
    cc_output o;
    while (cc_call_poll(call, &o)) {
        if (o.kind == CC_OUT_SAY && npend < MAX_PENDING) {
            int64_t done = o.t + caller_ms(o.persona, o.mood, o.text);
            path_len += (size_t)snprintf(path_log + path_len, sizeof path_log - path_len,
                                         "\"%s\"\n", o.text);
            if (path_len >= sizeof path_log) die("the call is too long to compare its path");
            pend[npend++] = (pending){o.say_id, done};
            if (done > quiet_at) quiet_at = done;
        }
    }
}

static void advance(int64_t t)
{
    for (;;) {
        int best = -1;
        for (int i = 0; i < npend; i++)
            if (best < 0 || pend[i].done < pend[best].done) best = i;
        int64_t lt = best >= 0 ? pend[best].done : INT64_MAX;
        int64_t dl = cc_call_next_deadline(call);
        int64_t next = lt < dl ? lt : dl;
        if (next > t) break;
        if (lt <= dl) {
            cc_input in = {.kind = CC_IN_LINE_DONE, .t = lt, .say_id = pend[best].id};
            pend[best] = pend[--npend];
            if (cc_call_input(call, &in) != 0) die("engine failed");
        } else if (cc_call_tick(call, dl) != 0) {
            die("engine failed");
        }
        if (next > now_t) now_t = next;
        drain();
    }
    if (t > now_t) {
        if (cc_call_tick(call, t) != 0) die("engine failed");
        now_t = t;
        drain();
    }
}

static void input(cc_input_kind kind, const char *text)
{
    cc_input in = {.kind = kind, .t = now_t, .text = text};
    if (cc_call_input(call, &in) != 0) die("engine failed");
    drain();
}

/* When the trainee acts next: after the caller (and any remark they add
 * while waiting) has finished, plus the pause. */
/* Thinking pauses (CC_E2E_THINK_MS): none while the voice is chosen. */
static int think_ms;
static int think_filler;
static char pauses[8192];
static size_t pauses_len;

/* The answer as the microphone hears it: whole, or in two halves split at the
 * word nearest its middle with think_ms of silence between. */
static int16_t *speak_answer(const cc_persona *me, const char *text, size_t k, int64_t start, size_t *n)
{
    size_t len = strlen(text), words = 0, cut = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == ' ') words++;
    if (think_ms <= 0 || words < 5) return speak16(me, CC_MOOD_CALM, text, n);
    for (size_t i = 0, best = len; i < len; i++)
        if (text[i] == ' ') {
            size_t d = i > len / 2 ? i - len / 2 : len / 2 - i;
            if (d < best) {
                best = d;
                cut = i;
            }
        }
    char first[2048], second[2048];
    snprintf(first, sizeof first, "%.*s%s", (int)cut, text, think_filler ? ", um" : "");
    snprintf(second, sizeof second, "%s", text + cut + 1);
    size_t n1, n2, gap = (size_t)think_ms * RATE / 1000;
    int16_t *a = speak16(me, CC_MOOD_CALM, first, &n1), *b = speak16(me, CC_MOOD_CALM, second, &n2);
    /* espeak-ng ends a phrase with silence of its own: the pause starts at the last sound */
    size_t end1 = n1;
    while (end1 > 0 && abs(a[end1 - 1]) < 300) end1--;
    int16_t *out = calloc(end1 + gap + n2 + 1, sizeof *out);
    if (!out) die("out of memory");
    memcpy(out, a, end1 * sizeof *a);
    memcpy(out + end1 + gap, b, n2 * sizeof *b);
    pauses_len += (size_t)snprintf(pauses + pauses_len, sizeof pauses - pauses_len, "%zu %lld %lld\n", k + 1,
                                   (long long)(start + (int64_t)(end1 * 1000 / RATE)),
                                   (long long)(start + (int64_t)((end1 + gap) * 1000 / RATE)));
    free(a);
    free(b);
    *n = end1 + gap + n2;
    return out;
}

static int64_t after_caller(int64_t pause)
{
    int64_t t = (quiet_at > now_t ? quiet_at : now_t) + pause;
    for (int guard = 0; guard < 100; guard++) {
        advance(t);
        if (quiet_at <= now_t || cc_call_ended(call)) break;
        t = quiet_at + pause;
    }
    return now_t;
}

static void key(int64_t t, const char *k)
{
    keys_len += (size_t)snprintf(keys + keys_len, sizeof keys - keys_len, "%s%.3f:%s",
                                 keys_len ? "," : "", (double)t / 1000.0, k);
}

static void place(int64_t start_ms, const int16_t *s, size_t n)
{
    size_t at = (size_t)(start_ms * RATE / 1000);
    if (at + n > mic_n) {
        if (at + n > mic_cap) {
            mic_cap = (at + n) * 2;
            mic = realloc(mic, mic_cap * sizeof *mic);
            if (!mic) die("out of memory");
        }
        memset(mic + mic_n, 0, (at + n - mic_n) * sizeof *mic);
        mic_n = at + n;
    }
    if (n) memcpy(mic + at, s, n * sizeof *s);
}

/* Plans the call with this voice: fills mic, keys, path_log and the engine.
 * The engine is given answers[k] for the take's k-th answer (NULL: the
 * take's own text); the microphone always speaks the take's text. */
static void plan(const cc_standard *std, const cc_scenario *scn, const cc_take *take,
                 const char *trainee, unsigned long long seed, const cc_persona *mep,
                 const char *const *answers)
{
    cc_persona me = *mep;
    size_t nsaid = 0;
    npend = 0;
    path_len = 0;
    path_log[0] = '\0';
    pauses_len = 0;
    pauses[0] = '\0';
    now_t = quiet_at = 0;
    mic_n = 0;
    keys_len = 0;
    keys[0] = '\0';

    call = cc_call_create(std, scn, trainee, seed);
    if (!call || cc_call_start(call, 0) != 0) die("cannot start the call");
    drain();
    const cc_settings *st = &std->settings;
    int64_t cycle = (int64_t)llround((st->ring_seconds + st->ring_gap_seconds) * 1000.0);
    double wait_s = 0;
    for (size_t i = 0; i < take->count && !cc_call_ended(call); i++) {
        const cc_take_action *a = &take->actions[i];
        int64_t pause = wait_s > 0 ? (int64_t)llround(wait_s * 1000) : -1;
        wait_s = 0;
        switch (a->kind) {
        case CC_TAKE_PICKUP: {
            int64_t t = pause >= 0 ? now_t + pause : (int64_t)(a->ring - 1) * cycle + PICKUP_INTO_RING_MS;
            advance(t);
            key(now_t, "space");
            input(CC_IN_PICKUP, NULL);
            break;
        }
        case CC_TAKE_SAY:
        case CC_TAKE_INTERRUPT: {
            int64_t start;
            if (a->kind == CC_TAKE_INTERRUPT) {
                start = quiet_at - 1000 > now_t ? quiet_at - 1000 : now_t;
                advance(start);
            } else {
                start = after_caller(pause >= 0 ? pause : GAP_MS);
            }
            size_t n;
            if (nsaid < MAX_ANSWERS) answer_node[nsaid] = cc_call_node(call, cc_call_active_line(call));
            int16_t *pcm = speak_answer(&me, a->text, nsaid, start, &n);
            place(start, pcm, n);
            free(pcm);
            input(CC_IN_SPEECH_START, NULL);
            int64_t end = start + (int64_t)(n * 1000 / RATE);
            advance(end + DELIVERY_MS);
            const char *said = answers ? answers[nsaid] : a->text;
            nsaid++;
            cc_input in = {.kind = CC_IN_UTTERANCE, .t = now_t, .text = said, .start = start,
                           .confidence = 1.0, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
            if (cc_call_input(call, &in) != 0) die("engine failed");
            drain();
            break;
        }
        case CC_TAKE_WAIT: wait_s += a->seconds; break;
        case CC_TAKE_SAY_WAV: die("WAV answers are not planned by this test");
        case CC_TAKE_HOLD:
        case CC_TAKE_RESUME:
            after_caller(pause >= 0 ? pause : KEY_MS);
            key(now_t, "ctrl+h");
            input(a->kind == CC_TAKE_HOLD ? CC_IN_HOLD : CC_IN_RESUME, NULL);
            break;
        case CC_TAKE_SWITCH:
            after_caller(pause >= 0 ? pause : KEY_MS);
            key(now_t, "tab");
            input(CC_IN_SWITCH, NULL);
            break;
        case CC_TAKE_HANGUP:
            after_caller(pause >= 0 ? pause : KEY_MS);
            key(now_t, "esc");
            input(CC_IN_HANGUP, NULL);
            break;
        case CC_TAKE_TRANSFER: {
            int64_t t = after_caller(pause >= 0 ? pause : KEY_MS);
            char k[64];
            key(t, "ctrl+t");
            snprintf(k, sizeof k, "type=%s", a->text);
            key(t + 100, k);
            key(t + 200, "enter");
            advance(t + 200);
            input(CC_IN_TRANSFER, a->text);
            break;
        }
        }
    }
    /* The rest of the call plays out with the trainee silent. */
    for (int guard = 0; guard < 10000 && !cc_call_ended(call); guard++) {
        int64_t next = cc_call_next_deadline(call);
        for (int i = 0; i < npend; i++)
            if (pend[i].done < next) next = pend[i].done;
        if (next == INT64_MAX) break;
        advance(next);
    }
    int64_t end_t = cc_call_record(call)->end_t;
    /* A quiet microphone (about -80 dBFS of noise) for the whole call and 5 s after. */
    size_t total = (size_t)((end_t + 5000) * RATE / 1000);
    if (total > mic_n) place((int64_t)(total * 1000 / RATE), NULL, 0);
    uint32_t x = 12345;
    for (size_t i = 0; i < mic_n; i++) {
        x = x * 1664525u + 1013904223u;
        int noise = (int)(x >> 30) - 2; /* -2..1 */
        int v = mic[i] + noise;
        mic[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
}

static void unlink_tmp(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/line.wav", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

int main(int argc, char **argv)
{
    if (argc != 7) die("usage: e2e_prepare SCENARIO TAKE OUT.raw OUT.keys SEED TRAINEE");
    const char *scn_path = argv[1], *take_path = argv[2];
    unsigned long long seed = strtoull(argv[5], NULL, 10);
    const char *trainee = argv[6];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cc-e2e-XXXXXX");
    if (!mkdtemp(tmpdir)) die("cannot make a temporary folder");

    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(NULL, scn_path);
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_take *take = NULL;
    if (cc_standard_load_file(std_path, &std, d) != CC_FILE_OK ||
        cc_scenario_load_file(scn_path, std, &scn, d) != CC_FILE_OK ||
        cc_take_load_file(take_path, &take, d) != CC_FILE_OK) {
        cli_print_diags(d, stderr);
        die("cannot load the scenario, standard or take");
    }
    char err[256];
    tts = cc_tts_create(NULL, err, sizeof err);
    if (!tts) die(err);
    static const struct {
        const char *variant;
        int rate;
    } voices[] = {{"f5", 140}, {"klatt2", 150}, {"m1", 160}}; /* m1: test_spoken's voice */
    cc_persona me = {.name = "trainee", .voice = "en-us", .variant = "f5", .pitch = 50,
                     .range = 50, .rate = 140, .volume = 100, .mood = CC_MOOD_CALM};
    cc_asr *asr = make_asr(std, scn, trainee);
    cc_turnend *turn = cc_turnend_create(std, scn, trainee);
    if (!turn) die("out of memory");
    char report[8192] = "";
    int found = 0;
    static heard_answer heard[64];
    int misheard[256];
    size_t nmisheard = 0;
    for (size_t v = 0; v < sizeof voices / sizeof voices[0] && !found; v++) {
        me.variant = (char *)voices[v].variant;
        me.rate = voices[v].rate;
        plan(std, scn, take, trainee, seed, &me, NULL);
        size_t nh = hear_like_app(asr, std, turn, mic, mic_n, heard, 64);
        if (getenv("CC_SHOW_HEARD"))
            for (size_t i = 0; i < nh; i++)
                fprintf(stderr, "e2e_prepare: en-us+%s heard (%.2f) %s\n", voices[v].variant,
                        heard[i].conf_w > 0 ? heard[i].conf_sum / heard[i].conf_w : 0, heard[i].text);
        char why[2048];
        check_heard(std, scn, trainee, take, heard, nh, why, sizeof why, misheard, &nmisheard);
        if (!why[0]) same_path(std, scn, take, trainee, seed, &me, heard, nh, why, sizeof why);
        if (!why[0]) {
            found = 1;
            break;
        }
        size_t used = strlen(report);
        snprintf(report + used, sizeof report - used, "en-us+%s at %d wpm: %s; ", voices[v].variant,
                 voices[v].rate, why);
        cc_call_free(call);
        call = NULL;
    }
    cc_asr_free(asr);
    cc_turnend_free(turn);
    if (!found) {
        printf("SKIPPED: the recogniser does not hear this take's answers as written with any "
               "test voice: %sthe comparison would test the recogniser, not the app\n",
               report);
        free(mic);
        cc_tts_free(tts);
        cc_take_free(take);
        cc_scenario_free(scn);
        cc_standard_free(std);
        free(std_path);
        cc_diags_free(d);
        unlink_tmp();
        return 0;
    }
    fprintf(stderr, "e2e_prepare: the trainee speaks as en-us+%s at %d words a minute\n",
            me.variant, me.rate);
    const char *think = getenv("CC_E2E_THINK_MS");
    if (think && atoi(think) > 0) {
        /* The call planned again with the pauses: the microphone speaks them. */
        think_ms = atoi(think);
        think_filler = getenv("CC_E2E_FILLER") && atoi(getenv("CC_E2E_FILLER")) > 0;
        cc_call_free(call);
        plan(std, scn, take, trainee, seed, &me, NULL);
        char ppath[4096];
        snprintf(ppath, sizeof ppath, "%s.pauses", argv[4]);
        FILE *pf = fopen(ppath, "w");
        if (!pf || fputs(pauses, pf) < 0 || fclose(pf) != 0) die("cannot write the pauses file");
    }
    /* The rules the recogniser will get wrong, for the comparison to leave out. */
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s.misheard", argv[4]);
    FILE *mf = fopen(mpath, "w");
    if (!mf) die("cannot write the misheard rules");
    for (size_t i = 0; i < nmisheard; i++) fprintf(mf, "%s\n", std->rules[misheard[i]].id);
    fclose(mf);
    int64_t end_t = cc_call_record(call)->end_t;
    FILE *f = fopen(argv[3], "wb");
    if (!f || fwrite(mic, sizeof *mic, mic_n, f) != mic_n || fclose(f) != 0)
        die("cannot write the microphone file");
    f = fopen(argv[4], "w");
    if (!f || fprintf(f, "%s", keys) < 0 || fclose(f) != 0) die("cannot write the keys file");
    printf("%.1f\n", (double)end_t / 1000.0);
    unlink_tmp();
    free(mic);
    cc_call_free(call);
    cc_tts_free(tts);
    cc_take_free(take);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(std_path);
    cc_diags_free(d);
    return 0;
}
