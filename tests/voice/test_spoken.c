/* For every shipped scenario (English ones: the recogniser's model is en-us), every take is
 * played twice: typed, and spoken (each answer synthesised at test time with a voice suited to
 * recognition, written as a 22.05 kHz WAV, read back and recognised with the scenario's own
 * model). No take that fails typed may pass spoken: that bound is absolute. The spoken
 * verdicts must also agree with the typed ones (the voice rule aside: typed answers have no
 * voice) on at least MIN_AGREEMENT of them, the product's target; measured 96.9 % over the
 * twelve scenarios (1722 verdicts) with deterministic fixtures (96.6 % before the judge of
 * issue 14). CC_SHOW_HEARD=1 prints what
 * each answer was heard as; CC_SPOKEN_ONLY=NAME[,NAME] plays only those scenarios. */
#define MIN_AGREEMENT 0.95
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "files.h"
#include "hear.h"
#include "score.h"
#include "sim.h"
#include "text.h"
#include "wav.h"

/* Every shipped scenario: each scenarios/NAME.yaml that has takes in scenarios/takes/NAME/
 * (the standard and the course file have none), sorted so the output is stable. */
static char **shipped;
static size_t nshipped;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_shipped(void)
{
    DIR *dp = opendir(CC_DATA_DIR "/scenarios");
    if (!dp) return -1;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0) continue;
        char takes[1024];
        snprintf(takes, sizeof takes, "%s/scenarios/takes/%.*s", CC_DATA_DIR, (int)(len - 5),
                 de->d_name);
        DIR *t = opendir(takes);
        if (!t) continue;
        closedir(t);
        if (nshipped == cap) {
            cap = cap ? 2 * cap : 16;
            char **nv = realloc(shipped, cap * sizeof *nv);
            if (!nv) break;
            shipped = nv;
        }
        shipped[nshipped++] = strndup(de->d_name, len - 5);
    }
    closedir(dp);
    qsort(shipped, nshipped, sizeof *shipped, cmp_name);
    return nshipped > 0 ? 0 : -1;
}

static cc_standard *std;
static cc_tts *tts;
static char tmpdir[] = "/tmp/cc-spoken-XXXXXX";

static int setup(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d);
    cc_diags_free(d);
    char err[256];
    tts = cc_tts_create(NULL, err, sizeof err);
    if (!tts) print_error("%s\n", err);
    if (list_shipped() < 0) print_error("no scenarios with takes in %s/scenarios\n", CC_DATA_DIR);
    return std && tts && nshipped && mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cc_tts_free(tts);
    cc_standard_free(std);
    for (size_t i = 0; i < nshipped; i++) free(shipped[i]);
    free(shipped);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The trainee: a synthetic voice the recogniser hears well (design notes: klatt, klatt4 and
 * m1), at 160 words a minute. Each answer is spoken by the espeak-ng command, a fresh process:
 * espeak-ng's library keeps state from one line to the next (the phase of its pitch flutter),
 * so the same answer came out different (141376 against 141875 samples) depending on what was
 * said before it, and one scenario's agreement moved from 93 % to 83 % when other scenarios
 * ran first. A fresh process says the same text the same way every time. */
#define TRAINEE_VOICE "en-us+m1"
#define TRAINEE_WPM 160

/* text spoken into path: a 22.05 kHz WAV with a little room before and after, as a real
 * recording has. */
static void speak(const char *text, const char *path)
{
    char txt[512], raw[512], cmd[2048], err[256];
    snprintf(txt, sizeof txt, "%s/answer.txt", tmpdir);
    snprintf(raw, sizeof raw, "%s/raw.wav", tmpdir);
    FILE *f = fopen(txt, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "espeak-ng -v %s -s %d -f '%s' -w '%s'", TRAINEE_VOICE, TRAINEE_WPM,
             txt, raw);
    if (system(cmd) != 0) fail_msg("command failed: %s (apt-get install espeak-ng)", cmd);
    cc_pcm pcm = {0};
    if (cc_wav_read(raw, 22050, &pcm, err, sizeof err) != 0) fail_msg("%s", err);
    size_t pad = (size_t)pcm.rate / 4, tail = (size_t)pcm.rate;
    int16_t *rec = calloc(pad + pcm.count + tail, sizeof *rec);
    assert_non_null(rec);
    memcpy(rec + pad, pcm.samples, pcm.count * sizeof *rec);
    assert_int_equal(cc_wav_write(path, rec, pad + pcm.count + tail, pcm.rate, err, sizeof err), 0);
    free(rec);
    cc_pcm_free(&pcm);
}

static cc_result *play(const cc_scenario *scn, const cc_take *take, cc_listener *ears,
                       int *answers, int *heard_right)
{
    cc_sim *sim = cc_sim_create(std, scn, "Alex", 1, NULL, NULL);
    for (size_t i = 0; i < take->count; i++) {
        const cc_take_action *a = &take->actions[i];
        if (!ears || a->kind != CC_TAKE_SAY) {
            assert_int_equal(cc_sim_apply(sim, a), 0);
            continue;
        }
        char err[256], path[512];
        snprintf(path, sizeof path, "%s/answer.wav", tmpdir);
        speak(a->text, path);
        cc_heard h;
        if (cc_listener_hear_file(ears, path, &h, err, sizeof err) != 0) print_error("%s\n", err);
        (*answers)++;
        cc_words *want = cc_words_from_text(a->text), *got = cc_words_from_text(h.text);
        int same = cc_words_count(want) == cc_words_count(got);
        for (size_t k = 0; same && k < cc_words_count(want); k++)
            same = strcmp(cc_words_at(want, k), cc_words_at(got, k)) == 0;
        *heard_right += same;
        if (getenv("CC_SHOW_HEARD"))
            print_message("  said:  %s\n  heard: %s (%.2f)\n", a->text, h.text, h.confidence);
        cc_words_free(want);
        cc_words_free(got);
        assert_int_equal(cc_sim_say_heard(sim, &h), 0);
    }
    assert_int_equal(cc_sim_finish(sim), 0);
    cc_result *r = cc_score(std, scn, cc_call_record(cc_sim_call(sim)));
    cc_sim_free(sim);
    return r;
}

static void spoken_takes_score_like_typed_ones(void **state)
{
    (void)state;
    int agree = 0, total = 0, answers = 0, exact = 0, ok = 1;
    int voice = cc_standard_find(std, "voice");
    const char *only = getenv("CC_SPOKEN_ONLY"); /* one scenario, when looking into it */
    for (size_t k = 0; k < nshipped; k++) {
        if (only && !strstr(only, shipped[k])) continue;
        char path[512], dir[512], err[512];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, shipped[k]);
        cc_diags *d = cc_diags_create();
        cc_scenario *scn = NULL;
        cc_scenario_load_file(path, std, &scn, d);
        if (!scn) print_error("%s does not load\n", path);
        assert_non_null(scn);
        /* The recogniser's model is English (en-us); other languages are typed. */
        if (scn->language && !cc_language_same(scn->language, "en")) {
            print_message("%s: skipped, language %s (answers are typed)\n", shipped[k],
                          scn->language);
            cc_scenario_free(scn);
            cc_diags_free(d);
            continue;
        }
        cc_listener_config cfg = {std, scn, "Alex", CC_DATA_DIR "/assets/conversation.txt", tts,
                                  NULL};
        cc_listener *ears = cc_listener_create(&cfg, err, sizeof err);
        if (!ears) print_error("%s\n", err);
        assert_non_null(ears);
        snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, shipped[k]);
        DIR *dp = opendir(dir);
        assert_non_null(dp);
        struct dirent *de;
        while ((de = readdir(dp))) {
            if (!strstr(de->d_name, ".take")) continue;
            char tp[1024];
            snprintf(tp, sizeof tp, "%s/%s", dir, de->d_name);
            cc_take *take = NULL;
            cc_take_load_file(tp, &take, d);
            assert_non_null(take);
            int dummy = 0;
            cc_result *typed = play(scn, take, NULL, &dummy, &dummy);
            cc_result *spoken = play(scn, take, ears, &answers, &exact);
            int a = 0, t = 0;
            for (size_t r = 0; r < std->nrules; r++) {
                if ((int)r == voice) continue;
                t++;
                if (typed->rules[r].verdict == spoken->rules[r].verdict) a++;
                else
                    print_message("%s/%s: %s typed %s, spoken %s (%s)\n", shipped[k], de->d_name,
                                  std->rules[r].id, cc_verdict_name(typed->rules[r].verdict),
                                  cc_verdict_name(spoken->rules[r].verdict),
                                  spoken->rules[r].evidence);
            }
            agree += a;
            total += t;
            if (!typed->passed && spoken->passed) {
                print_error("%s/%s fails typed but passes spoken (%d)\n", shipped[k], de->d_name,
                            spoken->score);
                ok = 0;
            }
            print_message("%s/%s: typed %d %s, spoken %d %s, %d/%d verdicts agree\n", shipped[k],
                          de->d_name, typed->score, typed->passed ? "pass" : "fail",
                          spoken->score, spoken->passed ? "pass" : "fail", a, t);
            cc_result_free(typed);
            cc_result_free(spoken);
            cc_take_free(take);
        }
        closedir(dp);
        cc_listener_free(ears);
        cc_scenario_free(scn);
        cc_diags_free(d);
    }
    double rate = total ? (double)agree / total : 0;
    print_message("verdict agreement %.1f %% (%d of %d); answers heard word for word: %d of %d\n",
                  100.0 * rate, agree, total, exact, answers);
    assert_true(ok);
    assert_true(rate >= MIN_AGREEMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(spoken_takes_score_like_typed_ones)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
