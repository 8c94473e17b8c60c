/* voice/asr: the recogniser with the real engine.
 *
 * Real human speech: the LibriVox clips of pocketsphinx-testdata with the general model,
 * the `cards` clips with their JSGF grammar. Synthetic speech, made here with espeak-ng
 * (en-us+klatt and en-us+m1, the voices PocketSphinx hears well): the scenario model built
 * from tests/voice/scenario_sentences.txt plus assets/conversation.txt, as the game builds
 * it. Word error rates are printed. */
#include "voicetest.h"

#include <math.h>

#include "asr.h"
#include "wav.h"

#define TESTDATA "/usr/share/pocketsphinx/test/data"

static char *dir;
static char **scenario, **conversation;
static size_t nscenario, nconversation;
static const char **model_sentences;
static size_t nmodel;
static cc_asr *domain; /* built once: scenario + conversation, with the name callback */

static int pron_calls;

static const char *pronounce(void *ud, const char *word)
{
    (void)ud;
    pron_calls++;
    if (!strcmp(word, "northwind")) return "N AO1 R TH W IH0 N D";
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    if (!vt_have("sox") || !vt_have("espeak-ng")) {
        fprintf(stderr, "test_asr needs sox and the espeak-ng command (apt-get install sox espeak-ng)\n");
        return -1;
    }
    dir = vt_mkdtemp();
    nscenario = vt_read_lines(CC_TEST_DIR "/voice/scenario_sentences.txt", &scenario);
    nconversation = vt_read_lines(CC_TEST_DIR "/../assets/conversation.txt", &conversation);
    nmodel = nscenario + nconversation;
    model_sentences = malloc(nmodel * sizeof *model_sentences);
    for (size_t i = 0; i < nscenario; i++) model_sentences[i] = scenario[i];
    for (size_t i = 0; i < nconversation; i++) model_sentences[nscenario + i] = conversation[i];
    cc_asr_config c = { .sentences = model_sentences, .nsentences = nmodel, .pronounce = pronounce };
    char err[512] = "";
    domain = cc_asr_create(&c, err, sizeof err);
    if (!domain) {
        fprintf(stderr, "cannot build the scenario recogniser: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_asr_free(domain);
    free(model_sentences);
    for (size_t i = 0; i < nscenario; i++) free(scenario[i]);
    for (size_t i = 0; i < nconversation; i++) free(conversation[i]);
    free(scenario);
    free(conversation);
    vt_rmdir(dir);
    return 0;
}

/* All utterances' text joined by spaces (caller frees). */
static char *joined_text(const cc_asr_result *r)
{
    size_t len = 1;
    for (size_t i = 0; i < r->nutts; i++) len += strlen(r->utts[i].text) + 1;
    char *s = calloc(len, 1);
    for (size_t i = 0; i < r->nutts; i++) {
        if (i) strcat(s, " ");
        strcat(s, r->utts[i].text);
    }
    return s;
}

static void decode_file(cc_asr *a, const char *path, cc_asr_result *r)
{
    char err[512] = "";
    cc_pcm p = { 0 };
    if (cc_wav_read(path, 16000, &p, err, sizeof err) != 0) fail_msg("%s", err);
    if (cc_asr_decode(a, p.samples, p.count, r, err, sizeof err) != 0) fail_msg("%s", err);
    cc_pcm_free(&p);
}

static int has_word(const cc_asr_result *r, const char *w)
{
    for (size_t i = 0; i < r->nutts; i++)
        for (size_t j = 0; j < r->utts[i].nwords; j++)
            if (!strcmp(r->utts[i].words[j].word, w)) return 1;
    return 0;
}

/* Structural checks every result must pass. */
static void check_result(const cc_asr_result *r)
{
    int64_t prev_end = -1;
    for (size_t i = 0; i < r->nutts; i++) {
        const cc_asr_utt *u = &r->utts[i];
        assert_true(u->nwords > 0);
        assert_non_null(u->text);
        assert_true(u->start_ms >= 0 && u->start_ms < u->end_ms);
        assert_true(u->start_ms >= prev_end);
        assert_true(u->confidence >= 0.0 && u->confidence <= 1.0);
        int64_t t = u->start_ms;
        for (size_t j = 0; j < u->nwords; j++) {
            const cc_asr_word *w = &u->words[j];
            assert_non_null(w->word);
            assert_null(strchr(w->word, '('));
            assert_true(w->start_ms >= t && w->end_ms > w->start_ms);
            assert_true(w->confidence >= 0.0 && w->confidence <= 1.0);
            t = w->end_ms;
        }
        assert_int_equal(u->end_ms, u->words[u->nwords - 1].end_ms);
        prev_end = u->end_ms;
    }
}

/* ---- real human speech ---------------------------------------------------------------- */

/* "<s> words </s> (id)" lines of a transcription file; decodes DIR/id.wav with a and returns
 * the word error rate over all of them. */
static double transcription_wer(cc_asr *a, const char *tdir, const char *trans)
{
    char **lines;
    size_t n = vt_read_lines(trans, &lines);
    assert_true(n > 0);
    size_t errs = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        char *open = strrchr(lines[i], '('), *close = strrchr(lines[i], ')');
        assert_non_null(open);
        assert_non_null(close);
        *close = '\0';
        *open = '\0';
        char ref[2048] = "", wav[1024];
        for (char *s, *t = strtok_r(lines[i], " \t", &s); t; t = strtok_r(NULL, " \t", &s)) {
            if (!strcmp(t, "<s>") || !strcmp(t, "</s>")) continue;
            strcat(ref, ref[0] ? " " : "");
            strcat(ref, t);
        }
        snprintf(wav, sizeof wav, "%s/%s.wav", tdir, open + 1);
        cc_asr_result r;
        decode_file(a, wav, &r);
        check_result(&r);
        char *hyp = joined_text(&r);
        size_t nref, e = vt_word_errors(ref, hyp, &nref);
        print_message("  %-45s %zu/%zu  %s\n", open + 1, e, nref, hyp);
        errs += e;
        words += nref;
        free(hyp);
        cc_asr_result_free(&r);
        free(lines[i]);
    }
    free(lines);
    return (double)errs / (double)words;
}

static void test_librivox_general_model(void **state)
{
    (void)state;
    cc_asr_config c = { .lm_file = CC_PS_MODELDIR "/en-us/en-us.lm.bin" };
    char err[512] = "";
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("%s", err);
    assert_true(cc_asr_vocabulary_size(a) > 50000);
    double wer = transcription_wer(a, TESTDATA "/librivox", TESTDATA "/librivox/transcription");
    print_message("LibriVox, general model: WER %.3f (bound 0.45)\n", wer);
    assert_true(wer <= 0.45);
    cc_asr_free(a);
}

static void test_cards_grammar(void **state)
{
    (void)state;
    cc_asr_config c = { .jsgf_file = TESTDATA "/cards/cards.gram" };
    char err[512] = "";
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("%s", err);
    assert_int_equal(cc_asr_vocabulary_size(a), 19); /* 14 ranks, of, 4 suits */
    double wer = transcription_wer(a, TESTDATA "/cards", TESTDATA "/cards/cards.transcription");
    print_message("cards, JSGF grammar: WER %.3f (bound 0.15)\n", wer);
    assert_true(wer <= 0.15);
    cc_asr_free(a);
}

/* ---- the scenario model on synthetic speech ----------------------------------------- */

static const char *const polite[] = {
    "good morning northwind travel this is alex how can i help you",
    "i'm very sorry about that i understand how frustrating it must be",
    "may i have your name please so i can look at your booking",
    "may i put you on hold for a moment while i check the flights",
    "thank you for holding mister dawson",
    "i can rebook you on the two o'clock flight on saturday at no extra cost",
    "is there anything else i can help you with",
    "i'm afraid she is out of the office today would you like to leave a message",
    "i'll transfer you to our sales team now",
    "thank you for calling northwind travel have a good day",
};
static const char *const voices[] = { "en-us+klatt", "en-us+m1" };

static void test_scenario_sentences(void **state)
{
    (void)state;
    assert_int_equal(cc_asr_dropped_count(domain), 0);
    assert_int_equal(cc_asr_pronounced_count(domain), 1);
    assert_string_equal(cc_asr_pronounced(domain, 0), "northwind");
    assert_true(cc_asr_vocabulary_size(domain) > 450);
    size_t errs[2] = { 0 }, words[2] = { 0 };
    double conf_sum = 0.0, conf_min = 1.0;
    size_t nutt = 0;
    for (size_t v = 0; v < 2; v++) {
        for (size_t i = 0; i < sizeof polite / sizeof *polite; i++) {
            char wav[1024];
            snprintf(wav, sizeof wav, "%s/polite-%zu-%zu.wav", dir, v, i);
            vt_say(dir, voices[v], polite[i], 1.0, wav);
            cc_asr_result r;
            decode_file(domain, wav, &r);
            check_result(&r);
            assert_int_equal(r.nutts, 1);
            char *hyp = joined_text(&r);
            size_t nref, e = vt_word_errors(polite[i], hyp, &nref);
            print_message("  %-12s %2zu/%-2zu conf %.2f  %s\n", voices[v], e, nref,
                          r.utts[0].confidence, hyp);
            errs[v] += e;
            words[v] += nref;
            conf_sum += r.utts[0].confidence;
            if (r.utts[0].confidence < conf_min) conf_min = r.utts[0].confidence;
            nutt++;
            free(hyp);
            cc_asr_result_free(&r);
        }
    }
    double wer = (double)(errs[0] + errs[1]) / (double)(words[0] + words[1]);
    print_message("scenario model, espeak-ng: WER %.3f (klatt %.3f, m1 %.3f; bound 0.15); "
                  "confidence mean %.2f, min %.2f\n",
                  wer, (double)errs[0] / words[0], (double)errs[1] / words[1], conf_sum / nutt, conf_min);
    assert_true(wer <= 0.15);
    assert_true(conf_min >= 0.5);
}

static void test_rude_is_not_polite(void **state)
{
    (void)state;
    for (size_t v = 0; v < 2; v++) {
        char wav[1024];
        snprintf(wav, sizeof wav, "%s/rude-%zu.wav", dir, v);
        vt_say(dir, voices[v], "yeah what do you want", 1.0, wav);
        cc_asr_result r;
        decode_file(domain, wav, &r);
        check_result(&r);
        char *hyp = joined_text(&r);
        print_message("  %-12s yeah what do you want -> %s\n", voices[v], hyp);
        assert_null(strstr(hyp, "morning"));
        assert_null(strstr(hyp, "good"));
        assert_null(strstr(hyp, "help"));
        assert_true(has_word(&r, "want"));
        free(hyp);
        cc_asr_result_free(&r);
    }
}

/* Speech the scenario cannot express is forced onto its words, with low confidence. */
static void test_confidence_separates(void **state)
{
    (void)state;
    static const struct { const char *voice, *text; } off[] = {
        { "en-us+klatt", "the quick brown fox jumps over the lazy dog near the riverbank" },
        { "en-us+m1", "photosynthesis converts sunlight into chemical energy inside green leaves" },
        { "de", "Guten Morgen, ich möchte bitte einen Tisch für zwei Personen reservieren" },
        { "fr", "Bonjour, je voudrais parler au directeur de la banque, s'il vous plaît" },
    };
    double max_off = 0.0;
    for (size_t i = 0; i < sizeof off / sizeof *off; i++) {
        char wav[1024];
        snprintf(wav, sizeof wav, "%s/off-%zu.wav", dir, i);
        vt_say(dir, off[i].voice, off[i].text, 1.0, wav);
        cc_asr_result r;
        decode_file(domain, wav, &r);
        check_result(&r);
        for (size_t u = 0; u < r.nutts; u++) {
            print_message("  %-12s conf %.2f  %s\n", off[i].voice, r.utts[u].confidence, r.utts[u].text);
            if (r.utts[u].confidence > max_off) max_off = r.utts[u].confidence;
        }
        cc_asr_result_free(&r);
    }
    print_message("off-domain speech: highest utterance confidence %.2f (in-domain: >= 0.5)\n", max_off);
    assert_true(max_off < 0.5);
}

/* Two halves of a sentence with a pause between them; the result's utterance count. */
static size_t utterances_with_pause(const char *a, const char *b, double pause_s, cc_asr_result *r)
{
    char w1[1024], w2[1024], gap[1024], all[1024];
    snprintf(w1, sizeof w1, "%s/half1.wav", dir);
    snprintf(w2, sizeof w2, "%s/half2.wav", dir);
    snprintf(gap, sizeof gap, "%s/gap.wav", dir);
    snprintf(all, sizeof all, "%s/paused.wav", dir);
    vt_say(dir, "en-us+klatt", a, 0.0, w1);
    vt_say(dir, "en-us+klatt", b, 1.0, w2);
    /* espeak-ng ends a sentence with about 0.1 s of its own silence; trim it so the pause is
     * the one asked for. */
    vt_run("sox -D '%s' '%s/t1.wav' reverse silence 1 0.01 0.1%% reverse", w1, dir);
    vt_run("sox -D -n -r 16000 -c 1 -b 16 '%s' trim 0 %g", gap, pause_s);
    vt_run("sox -D '%s/t1.wav' '%s' '%s' '%s'", dir, gap, w2, all);
    decode_file(domain, all, r);
    check_result(r);
    return r->nutts;
}

static void test_pause_inside_a_sentence(void **state)
{
    (void)state;
    cc_asr_result r;
    size_t n = utterances_with_pause("good morning northwind travel", "this is alex how can i help you",
                                     0.4, &r);
    char *hyp = joined_text(&r);
    print_message("  0.4 s pause: %zu utterance(s): %s\n", n, hyp);
    assert_int_equal(n, 1);
    assert_true(has_word(&r, "northwind"));
    assert_true(has_word(&r, "alex"));
    free(hyp);
    cc_asr_result_free(&r);

    /* 0.6 s: longer than the 0.5 s that closes a region, shorter than the 0.7 s merge. */
    n = utterances_with_pause("good morning northwind travel", "this is alex how can i help you", 0.6, &r);
    print_message("  0.6 s pause: %zu utterance(s)\n", n);
    assert_int_equal(n, 1);
    cc_asr_result_free(&r);
}

/* ---- live decoding (cc_asr_live_*) ------------------------------------------------------ */

/* Feeds pcm to a live answer in pieces of 512 samples, as a microphone's would come;
 * hears it at `hear_at` samples (0: never) and at the end, into *r (the end's). */
static void live_answer(cc_asr *a, const int16_t *pcm, size_t n, size_t hear_at, char *mid,
                        size_t midlen, cc_asr_result *r)
{
    char err[512] = "";
    if (cc_asr_live_begin(a, err, sizeof err) != 0) fail_msg("%s", err);
    for (size_t i = 0; i < n; i += 512) {
        size_t k = n - i < 512 ? n - i : 512;
        if (cc_asr_live_feed(a, pcm + i, k, err, sizeof err) != 0) fail_msg("%s", err);
        if (hear_at && i < hear_at && i + k >= hear_at) {
            cc_asr_result m;
            if (cc_asr_live_hear(a, -1, &m, err, sizeof err) != 0) fail_msg("%s", err);
            check_result(&m);
            char *t = joined_text(&m);
            snprintf(mid, midlen, "%s", t);
            free(t);
            cc_asr_result_free(&m);
        }
    }
    if (cc_asr_live_hear(a, -1, r, err, sizeof err) != 0) fail_msg("%s", err);
    check_result(r);
}

/* The scenario answers heard live as the app hears them, one recogniser per voice (a call
 * has one trainee): as well as decoded whole (the same bound as test_scenario_sentences,
 * which made the recordings), each in one utterance with confidence above the standard's
 * usual limit, times on the same clock. */
static void test_live_decoding(void **state)
{
    (void)state;
    size_t errs = 0, words = 0, errs_whole = 0;
    double conf_min = 1.0;
    cc_asr_config c = { .sentences = model_sentences, .nsentences = nmodel, .pronounce = pronounce };
    for (size_t v = 0; v < 2; v++) {
        char cerr[512] = "";
        cc_asr *a = cc_asr_create(&c, cerr, sizeof cerr);
        if (!a) fail_msg("%s", cerr);
        for (size_t i = 0; i < sizeof polite / sizeof *polite; i++) {
            char wav[1024], err[512] = "";
            snprintf(wav, sizeof wav, "%s/polite-%zu-%zu.wav", dir, v, i);
            cc_pcm p = { 0 };
            if (cc_wav_read(wav, 16000, &p, err, sizeof err) != 0) fail_msg("%s", err);
            cc_asr_result whole, live;
            if (cc_asr_decode(a, p.samples, p.count, &whole, err, sizeof err) != 0)
                fail_msg("%s", err);
            live_answer(a, p.samples, p.count, 0, NULL, 0, &live);
            assert_int_equal(live.nutts, 1);
            char *hyp = joined_text(&live), *hw = joined_text(&whole);
            size_t nref, e = vt_word_errors(polite[i], hyp, &nref);
            errs += e;
            words += nref;
            errs_whole += vt_word_errors(polite[i], hw, &nref);
            if (live.utts[0].confidence < conf_min) conf_min = live.utts[0].confidence;
            /* Word times: the same clock as decoding the buffer whole (a word both heard). */
            int same = 0;
            for (size_t j = 0; j < live.utts[0].nwords && !same; j++)
                for (size_t k = 0; k < whole.utts[0].nwords && !same; k++)
                    if (!strcmp(live.utts[0].words[j].word, whole.utts[0].words[k].word)) {
                        assert_true(llabs(live.utts[0].words[j].start_ms -
                                          whole.utts[0].words[k].start_ms) <= 100);
                        same = 1;
                    }
            assert_true(same);
            print_message("  %-12s live %2zu/%-2zu conf %.2f  %s\n", voices[v], e, nref,
                          live.utts[0].confidence, hyp);
            free(hyp);
            free(hw);
            cc_asr_result_free(&whole);
            cc_asr_result_free(&live);
            cc_pcm_free(&p);
        }
        cc_asr_free(a);
    }
    double wer = (double)errs / (double)words;
    print_message("live: WER %.3f (decoded whole: %.3f; bound 0.15), confidence min %.2f\n", wer,
                  (double)errs_whole / (double)words, conf_min);
    assert_true(wer <= 0.15);
    assert_true(conf_min >= 0.5);
}

/* Heard at a pause, then the trainee goes on: the next hearing is the whole answer again,
 * also when the decoder was used for something else in between. */
static void test_live_speech_after_a_hearing(void **state)
{
    (void)state;
    cc_asr_result r;
    utterances_with_pause("good morning northwind travel", "this is alex how can i help you", 0.4, &r);
    cc_asr_result_free(&r);
    char all[1024], err[512] = "", mid[512] = "";
    snprintf(all, sizeof all, "%s/paused.wav", dir);
    cc_pcm p = { 0 };
    if (cc_wav_read(all, 16000, &p, err, sizeof err) != 0) fail_msg("%s", err);
    /* Heard in the pause (the first half is about 1.4 s of espeak-ng speech). */
    size_t at = 16000 * 16 / 10;
    live_answer(domain, p.samples, p.count, at, mid, sizeof mid, &r);
    char *hyp = joined_text(&r);
    print_message("  at the pause: %s\n  at the end:   %s\n", mid, hyp);
    assert_non_null(strstr(mid, "northwind"));
    assert_null(strstr(mid, "alex"));
    assert_int_equal(r.nutts, 1);
    assert_true(has_word(&r, "northwind"));
    assert_true(has_word(&r, "alex"));
    free(hyp);
    cc_asr_result_free(&r);

    /* cc_asr_decode() in the middle of a live answer. */
    assert_int_equal(cc_asr_live_begin(domain, err, sizeof err), 0);
    assert_int_equal(cc_asr_live_feed(domain, p.samples, at, err, sizeof err), 0);
    cc_asr_result other;
    assert_int_equal(cc_asr_decode(domain, p.samples, at, &other, err, sizeof err), 0);
    assert_true(has_word(&other, "northwind"));
    cc_asr_result_free(&other);
    assert_int_equal(cc_asr_live_feed(domain, p.samples + at, p.count - at, err, sizeof err), 0);
    assert_int_equal(cc_asr_live_hear(domain, -1, &r, err, sizeof err), 0);
    check_result(&r);
    assert_true(has_word(&r, "northwind"));
    assert_true(has_word(&r, "alex"));
    cc_asr_result_free(&r);
    cc_pcm_free(&p);
}

static void read_polite(size_t v, size_t i, cc_pcm *p)
{
    char wav[1024], err[512] = "";
    snprintf(wav, sizeof wav, "%s/polite-%zu-%zu.wav", dir, v, i);
    if (cc_wav_read(wav, 16000, p, err, sizeof err) != 0) fail_msg("%s", err);
}

/* The trainee's voice carried to the next call's recogniser: its first answer is heard
 * exactly as the same answer after the earlier ones in one recogniser. */
static void test_live_mean_carried_over(void **state)
{
    (void)state;
    char err[512] = "";
    cc_asr_config c = { .sentences = model_sentences, .nsentences = nmodel, .pronounce = pronounce };
    cc_asr *first = cc_asr_create(&c, err, sizeof err), *next = cc_asr_create(&c, err, sizeof err);
    assert_non_null(first);
    assert_non_null(next);
    cc_asr_mean m;
    cc_asr_live_mean(first, &m);
    assert_int_equal(m.frames, 0);
    cc_pcm x = { 0 }, y = { 0 };
    read_polite(1, 0, &x);
    read_polite(1, 6, &y);
    cc_asr_result rx, r1, r2;
    live_answer(first, x.samples, x.count, 0, NULL, 0, &rx);
    cc_asr_live_mean(first, &m);
    assert_true(m.frames > 100);
    live_answer(first, y.samples, y.count, 0, NULL, 0, &r1);
    cc_asr_live_set_mean(next, &m);
    live_answer(next, y.samples, y.count, 0, NULL, 0, &r2);
    assert_int_equal(r1.nutts, 1);
    assert_int_equal(r2.nutts, 1);
    print_message("  after an answer: %s (%.2f)\n  next call:       %s (%.2f)\n", r1.utts[0].text,
                  r1.utts[0].confidence, r2.utts[0].text, r2.utts[0].confidence);
    assert_string_equal(r1.utts[0].text, r2.utts[0].text);
    assert_true(fabs(r1.utts[0].confidence - r2.utts[0].confidence) < 1e-9);
    cc_asr_result_free(&rx);
    cc_asr_result_free(&r1);
    cc_asr_result_free(&r2);
    cc_pcm_free(&x);
    cc_pcm_free(&y);
    cc_asr_free(first);
    cc_asr_free(next);
    cc_asr_live_mean(NULL, &m);
    assert_int_equal(m.frames, 0);
}

static void test_two_sentences_apart(void **state)
{
    (void)state;
    cc_asr_result r;
    size_t n = utterances_with_pause("good morning northwind travel this is alex",
                                     "is there anything else i can help you with", 1.5, &r);
    print_message("  1.5 s apart: %zu utterance(s)\n", n);
    assert_int_equal(n, 2);
    assert_true(r.utts[1].start_ms - r.utts[0].end_ms >= 1200);
    assert_true(has_word(&r, "alex"));
    assert_non_null(strstr(r.utts[1].text, "anything else"));
    cc_asr_result_free(&r);
}

static void test_names_need_a_pronunciation(void **state)
{
    (void)state;
    const char *s[] = { "good morning northwind travel this is alex how can i help you",
                        "thank you for calling northwind travel" };
    char err[512] = "";
    char wav[1024];
    snprintf(wav, sizeof wav, "%s/name.wav", dir);
    vt_say(dir, "en-us+klatt", s[0], 1.0, wav);

    pron_calls = 0;
    cc_asr_config c = { .sentences = s, .nsentences = 2, .pronounce = pronounce };
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("%s", err);
    assert_int_equal(pron_calls, 1); /* only the word missing from cmudict was asked */
    assert_int_equal(cc_asr_dropped_count(a), 0);
    assert_int_equal(cc_asr_pronounced_count(a), 1);
    assert_int_equal(cc_asr_vocabulary_size(a), 15);
    cc_asr_result r;
    decode_file(a, wav, &r);
    print_message("  with a pronunciation: %s\n", r.nutts ? r.utts[0].text : "");
    assert_true(has_word(&r, "northwind"));
    cc_asr_result_free(&r);
    cc_asr_free(a);

    c.pronounce = NULL;
    a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("%s", err);
    assert_int_equal(cc_asr_dropped_count(a), 1);
    assert_string_equal(cc_asr_dropped(a, 0), "northwind");
    assert_null(cc_asr_dropped(a, 1));
    assert_int_equal(cc_asr_pronounced_count(a), 0);
    assert_int_equal(cc_asr_vocabulary_size(a), 14);
    decode_file(a, wav, &r);
    print_message("  without: %s\n", r.nutts ? r.utts[0].text : "");
    assert_false(has_word(&r, "northwind"));
    cc_asr_result_free(&r);
    cc_asr_free(a);
}

static void test_silence_and_noise(void **state)
{
    (void)state;
    char err[512] = "";
    cc_asr_result r = { (cc_asr_utt *)1, 7 };
    int16_t *zeros = calloc(32000, sizeof *zeros);
    assert_int_equal(cc_asr_decode(domain, zeros, 32000, &r, err, sizeof err), 0);
    assert_int_equal(r.nutts, 0);
    assert_null(r.utts);
    assert_int_equal(cc_asr_decode(domain, zeros, 0, &r, err, sizeof err), 0);
    assert_int_equal(cc_asr_decode(domain, zeros, 100, &r, err, sizeof err), 0);
    assert_int_equal(r.nutts, 0);
    free(zeros);
    char wav[1024];
    snprintf(wav, sizeof wav, "%s/noise.wav", dir);
    vt_run("sox -D -n -r 16000 -c 1 -b 16 '%s' synth 3 pinknoise vol 0.3 pad 0 1", wav);
    decode_file(domain, wav, &r);
    check_result(&r);
    for (size_t i = 0; i < r.nutts; i++) assert_true(r.utts[i].confidence < 0.5);
    cc_asr_result_free(&r);
    /* A tone sweep is forced onto a word or two, stretched out: not trusted. */
    snprintf(wav, sizeof wav, "%s/sweep.wav", dir);
    vt_run("sox -D -n -r 16000 -c 1 -b 16 '%s' synth 3 sine 300-900 vol 0.3 pad 0 1", wav);
    decode_file(domain, wav, &r);
    check_result(&r);
    for (size_t i = 0; i < r.nutts; i++) {
        print_message("  sweep: conf %.2f  %s\n", r.utts[i].confidence, r.utts[i].text);
        assert_true(r.utts[i].confidence < 0.5);
    }
    cc_asr_result_free(&r);
    cc_asr_result_free(NULL);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512] = "";
    const char *s[] = { "hello there" };
    cc_asr_config c = { .sentences = s, .nsentences = 1, .model_dir = "/nonexistent/model" };
    assert_null(cc_asr_create(&c, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/model"));
    print_message("  bad model: %s\n", err);

    cc_asr_config none = { 0 };
    assert_null(cc_asr_create(&none, err, sizeof err));
    assert_non_null(strstr(err, "nothing to recognise"));
    assert_null(cc_asr_create(NULL, err, sizeof err));

    const char *blank[] = { "", " ,. " };
    cc_asr_config b = { .sentences = blank, .nsentences = 2 };
    assert_null(cc_asr_create(&b, err, sizeof err));
    assert_non_null(strstr(err, "no words"));

    const char *unknown[] = { "zxqvw blorptang" };
    cc_asr_config u = { .sentences = unknown, .nsentences = 1 };
    assert_null(cc_asr_create(&u, err, sizeof err));
    assert_non_null(strstr(err, "pronunciation"));
    print_message("  no pronounceable word: %s\n", err);

    cc_asr_config g = { .jsgf_file = "/nonexistent.gram" };
    assert_null(cc_asr_create(&g, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent.gram"));

    cc_asr_config l = { .lm_file = "/nonexistent.lm" };
    assert_null(cc_asr_create(&l, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent.lm"));

    cc_asr_result r;
    assert_int_equal(cc_asr_decode(NULL, NULL, 0, &r, err, sizeof err), -1);
    assert_int_equal(cc_asr_decode(domain, NULL, 10, &r, err, sizeof err), -1);
    assert_int_equal(cc_asr_decode(domain, NULL, 0, NULL, NULL, 0), -1);
    assert_int_equal(cc_asr_vocabulary_size(NULL), 0);
    assert_null(cc_asr_dropped(NULL, 0));
    assert_true(cc_asr_last_finalize_ms(NULL, 0) < 0);
    cc_asr_free(NULL);
}

static void test_live_errors(void **state)
{
    (void)state;
    char err[512] = "";
    cc_asr_result r;
    assert_int_equal(cc_asr_live_begin(NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "no recogniser"));
    /* A fresh recogniser has no live answer yet. */
    const char *one[] = { "hello there" };
    cc_asr_config c = { .sentences = one, .nsentences = 1 };
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    assert_non_null(a);
    int16_t z[160] = { 0 };
    assert_int_equal(cc_asr_live_feed(a, z, 160, err, sizeof err), -1);
    assert_non_null(strstr(err, "cc_asr_live_begin"));
    assert_int_equal(cc_asr_live_hear(a, -1, &r, err, sizeof err), -1);
    assert_int_equal(r.nutts, 0);
    /* Silence: no utterance. */
    assert_int_equal(cc_asr_live_begin(a, err, sizeof err), 0);
    for (int i = 0; i < 100; i++) assert_int_equal(cc_asr_live_feed(a, z, 160, err, sizeof err), 0);
    assert_int_equal(cc_asr_live_hear(a, -1, &r, err, sizeof err), 0);
    assert_int_equal(r.nutts, 0);
    cc_asr_free(a);
}

static void test_text_normalisation(void **state)
{
    (void)state;
    /* Capitals, punctuation and digits in scenario sentences. */
    const char *s[] = { "Good morning, Northwind Travel! Extension 2040, please.",
                        "It's 3 o'clock -- isn't it?" };
    char err[512] = "";
    cc_asr_config c = { .sentences = s, .nsentences = 2, .pronounce = pronounce };
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("%s", err);
    /* good morning northwind travel extension two zero four please it's three o'clock isn't it */
    assert_int_equal(cc_asr_vocabulary_size(a), 14);
    assert_int_equal(cc_asr_dropped_count(a), 0);
    cc_asr_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_text_normalisation),
        cmocka_unit_test(test_names_need_a_pronunciation),
        cmocka_unit_test(test_scenario_sentences),
        cmocka_unit_test(test_rude_is_not_polite),
        cmocka_unit_test(test_confidence_separates),
        cmocka_unit_test(test_pause_inside_a_sentence),
        cmocka_unit_test(test_live_decoding),
        cmocka_unit_test(test_live_speech_after_a_hearing),
        cmocka_unit_test(test_live_errors),
        cmocka_unit_test(test_live_mean_carried_over),
        cmocka_unit_test(test_two_sentences_apart),
        cmocka_unit_test(test_silence_and_noise),
        cmocka_unit_test(test_cards_grammar),
        cmocka_unit_test(test_librivox_general_model),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
