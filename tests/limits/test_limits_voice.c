/* Limits of the spoken path (issue 7): an answer longer than two minutes.
 * The live endpointer must lose none of it, whatever it cuts, and the
 * recogniser must hear it as words, not give up or run out of memory.
 * The speech is made at test time with espeak-ng (the m1 voice, which the
 * design notes found recognisable) and sox. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../voice/voicetest.h"
#include "endpoint.h"
#include "files.h"
#include "hear.h"
#include "wav.h"

/* What a talkative trainee might say about a booking, a little over 50 s at
 * espeak-ng's default rate; said four times it is over two and a half minutes. */
static const char *const SENTENCES =
    "Good morning, Northwind Travel, this is Alex. How can I help you? "
    "I'm very sorry about that, I understand how frustrating it must be. "
    "May I have your name, please, so I can look at your booking? "
    "Thank you, Mr Dawson. So you need to be in Barcelona by Saturday evening. "
    "May I put you on hold for a moment while I check the flights? "
    "Thank you for holding, Mr Dawson. I can rebook you on the two o'clock flight on Saturday "
    "at no extra cost, so you'll be there in good time. Shall I do that? "
    "Done. You're booked on the two o'clock flight to Barcelona this Saturday, at no extra "
    "cost, and you'll receive your new ticket by email within the hour. "
    "Is there anything else I can help you with? ";

static int16_t *pcm;
static size_t npcm;
static char *dir;

static int setup(void **state)
{
    (void)state;
    vt_need_tools();
    dir = vt_mkdtemp();
    size_t len = 4 * strlen(SENTENCES) + 1;
    char *text = malloc(len);
    text[0] = '\0';
    for (int i = 0; i < 4; i++) strcat(text, SENTENCES);
    char path[1024];
    snprintf(path, sizeof path, "%s/long.wav", dir);
    vt_say(dir, "en-us+m1", text, 1.0, path);
    free(text);
    char err[512];
    cc_pcm p;
    if (cc_wav_read(path, 16000, &p, err, sizeof err) != 0) fail_msg("%s", err);
    pcm = p.samples;
    npcm = p.count;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(pcm);
    vt_rmdir(dir);
    return 0;
}

/* Fed as a live microphone in 10 ms pieces, every sample of speech reaches
 * the recogniser in some piece or utterance: nothing is dropped at the cuts
 * or at the 30 s cap. */
static void endpointer_loses_nothing_of_a_long_answer(void **state)
{
    (void)state;
    assert_true(npcm > 150 * 16000);
    cc_endpointer *ep = cc_endpoint_create(&(cc_endpoint_config){0});
    assert_non_null(ep);
    uint64_t covered_to = 0, first_onset = UINT64_MAX, last_end = 0;
    size_t pieces = 0, utterances = 0, longest = 0;
    int gap = 0;
    for (size_t off = 0; off < npcm; off += 160) {
        size_t n = npcm - off < 160 ? npcm - off : 160;
        assert_int_equal(cc_endpoint_feed(ep, pcm + off, n), 0);
        cc_endpoint_event ev;
        while (cc_endpoint_next(ep, &ev)) {
            if (ev.kind == CC_ENDPOINT_ONSET) {
                if (first_onset == UINT64_MAX) first_onset = ev.onset;
            } else {
                /* Each piece starts where the last one stopped, or earlier (preroll). */
                if (covered_to && ev.pcm_start > covered_to && ev.kind == CC_ENDPOINT_PIECE) gap = 1;
                if (ev.pcm_start + ev.n > covered_to) covered_to = ev.pcm_start + ev.n;
                if (ev.n > longest) longest = ev.n;
                if (ev.kind == CC_ENDPOINT_PIECE) pieces++;
                if (ev.kind == CC_ENDPOINT_UTTERANCE) {
                    utterances++;
                    last_end = ev.end;
                }
                free(ev.pcm);
            }
        }
    }
    cc_endpoint_flush(ep);
    cc_endpoint_event ev;
    while (cc_endpoint_next(ep, &ev)) {
        if (ev.kind == CC_ENDPOINT_UTTERANCE) {
            utterances++;
            last_end = ev.end;
        }
        if (ev.pcm_start + ev.n > covered_to) covered_to = ev.pcm_start + ev.n;
        free(ev.pcm);
    }
    print_message("%.1f s of speech: %zu pieces, %zu utterances, longest cut %.1f s\n",
                  npcm / 16000.0, pieces, utterances, longest / 16000.0);
    assert_false(gap);
    assert_true(first_onset < 16000);           /* speech starts at once */
    assert_true(utterances >= 1);
    assert_true(last_end + 16000 >= npcm - 16000); /* the last word, before the 1 s pad */
    assert_true(covered_to >= last_end);
    assert_true(longest <= (size_t)(31 * 16000)); /* no cut beyond the 30 s cap and its margins */
    cc_endpoint_free(ep);
}

/* The recogniser hears the whole answer in one buffer (a recorded answer, or
 * the second opinion on a long utterance): mostly the right words, heard with
 * confidence, timed over the whole two and a half minutes. */
static void listener_hears_a_long_answer(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    assert_int_equal(cc_standard_load_file(CC_SRC_DIR "/scenarios/standard.yaml", &std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(CC_SRC_DIR "/scenarios/rude-caller.yaml", std, &scn, d),
                     CC_FILE_OK);
    cc_diags_free(d);
    char err[512];
    cc_listener_config cfg = {.std = std, .scn = scn, .trainee = "Alex",
                              .conversation_file = CC_SRC_DIR "/assets/conversation.txt"};
    cc_listener *l = cc_listener_create(&cfg, err, sizeof err);
    if (!l) fail_msg("%s", err);
    cc_heard h;
    if (cc_listener_hear(l, pcm, npcm, &h, err, sizeof err) != 0) fail_msg("%s", err);
    assert_true(h.speech_ms > 150 * 1000);
    assert_true(h.lead_ms < 1000);
    /* The reference as the recogniser spells it: lower case, no punctuation. */
    size_t len = 4 * strlen(SENTENCES) + 1, j = 0;
    char *ref = malloc(len);
    for (int i = 0; i < 4; i++)
        for (const char *s = SENTENCES; *s; s++) {
            char c = *s;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || c == '\'' || c == ' ') ref[j++] = c;
        }
    ref[j] = '\0';
    size_t nref = 0, errors = vt_word_errors(ref, h.text, &nref);
    double wer = (double)errors / (double)nref;
    print_message("long answer: %zu words, word error rate %.1f %%, confidence %.2f, %.1f s\n", nref,
                  100 * wer, h.confidence, h.speech_ms / 1000.0);
    assert_true(wer < 0.25);
    assert_true(h.confidence >= std->settings.min_confidence);
    free(ref);
    cc_listener_free(l);
    cc_scenario_free(scn);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endpointer_loses_nothing_of_a_long_answer),
        cmocka_unit_test(listener_hears_a_long_answer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
