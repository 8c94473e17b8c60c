/* Typed answers in the desktop app (issue 13), on the null platform:
 * - the dead-air rule: the silence runs to the first letter of the answer,
 *   the time spent typing is not silence, and a trainee who waits too long
 *   before typing fails no-dead-air (so the rule can fail);
 * - the call screen: letters always go into the answer box (never shortcuts),
 *   shortcuts take Ctrl, the dead-air clock counts down on screen, and the
 *   briefing is one key away during the call;
 * - a microphone sending only digital silence is taken for none, one that
 *   hears anything is kept;
 * - sign-in offers typed answers and remembers the choice. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apptest.h"
#include "screen_call.h"
#include "screen_feedback.h"
#include "screen_signin.h"
#include "live.h"
#include "score.h"

/* The wall clock drives a call with no speaker; the microphone, when open,
 * hears `mic` (NULL: digital silence) in step with it. */
static void run_to(cc_live *l, uint64_t ms, const int16_t *mic)
{
    static const int16_t zeros[160];
    for (uint64_t t = cc_platform_null.ticks_ms() + 10; t <= ms; t += 10) {
        cc_null_set_ticks(t);
        if (cc_null_in_open()) cc_null_feed_in(mic ? mic : zeros, 160);
        cc_live_step(l);
    }
}

static const cc_rule_verdict *verdict(const cc_live *l, const char *rule)
{
    const cc_standard *std = cc_live_standard(l);
    const cc_result *res = cc_live_result(l);
    assert_non_null(res);
    for (size_t i = 0; i < std->nrules; i++)
        if (strcmp(std->rules[i].id, rule) == 0) return &res->rules[i];
    fail_msg("no rule %s", rule);
    return NULL;
}

/* Picks up at 1 s, starts typing `wait_ms` later, types for `typing_ms`,
 * then hangs up once the caller has answered; returns the ended call. */
static cc_live *answer_after(const fixture_files *f, uint64_t wait_ms, uint64_t typing_ms)
{
    cc_live *l = apptest_live(f, 0);
    run_to(l, 1000, NULL);
    cc_live_pickup(l);
    run_to(l, 1010, NULL);
    assert_int_equal(cc_call_line_status(cc_live_call(l), 1), CC_LINE_LIVE);
    /* The dead-air clock runs from the pick-up: the trainee speaks first. */
    assert_true(cc_live_silence_ms(l) >= 0 && cc_live_silence_ms(l) <= 20);
    run_to(l, 1010 + wait_ms, NULL);
    int64_t shown = cc_live_silence_ms(l);
    assert_true(shown >= (int64_t)wait_ms - 20 && shown <= (int64_t)wait_ms + 20);
    cc_live_typing(l); /* the first letter */
    assert_true(cc_live_answer_begun(l));
    assert_int_equal(cc_live_silence_ms(l), -1);
    run_to(l, 1010 + wait_ms + typing_ms, NULL);
    cc_live_typed(l, "Good morning, Northwind Travel, Alex speaking.");
    assert_false(cc_live_answer_begun(l));
    run_to(l, 1010 + wait_ms + typing_ms + 200, NULL);
    cc_live_hangup(l);
    run_to(l, 1010 + wait_ms + typing_ms + 400, NULL);
    assert_true(cc_live_ended(l));
    return l;
}

static void typing_time_is_not_dead_air(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    assert_true(cc_live_dead_air_limit(f.std) == 5.0);
    /* 3 s to start, then 40 s of typing: far longer than the limit, and the
     * caller's patience (limit + 1 s), yet no dead air and no "are you there?". */
    cc_live *l = answer_after(&f, 3000, 40000);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    assert_int_equal(rec->nutterances, 1);
    assert_true(rec->utterances[0].start >= 3990 && rec->utterances[0].start <= 4030);
    assert_int_equal(rec->nsilences, 1);
    assert_true(rec->silences[0].to - rec->silences[0].from <= 3030);
    for (size_t i = 0; i < rec->nsaid; i++)
        assert_null(strstr(rec->said[i].text, "Are you there"));
    assert_int_equal(verdict(l, "no-dead-air")->verdict, CC_VERDICT_PASS);
    cc_live_free(l);
    unload_fixture(&f);
}

static void waiting_to_start_typing_is_dead_air(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    /* 5.5 s before the first letter (reading, or looking for the box): past
     * the limit, so the rule fails however quickly the answer is then typed. */
    cc_live *l = answer_after(&f, 5500, 1000);
    const cc_rule_verdict *v = verdict(l, "no-dead-air");
    assert_int_equal(v->verdict, CC_VERDICT_FAIL);
    cc_live_free(l);
    unload_fixture(&f);
}

static void typing_over_the_caller_starts_when_they_finish(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    cc_live *l = apptest_live(&f, 0);
    run_to(l, 1000, NULL);
    cc_live_pickup(l);
    run_to(l, 1500, NULL);
    cc_live_typing(l);
    run_to(l, 2500, NULL);
    cc_live_typed(l, "Good morning, Northwind Travel, Alex speaking.");
    /* The caller answers (captions only: a silent stretch as long as the line);
     * the trainee starts typing while it plays. */
    run_to(l, 2600, NULL);
    assert_true(cc_live_caller_talking(l));
    assert_int_equal(cc_live_silence_ms(l), -1); /* no clock while the caller talks */
    cc_live_typing(l);
    assert_true(cc_live_answer_begun(l));
    for (int i = 0; i < 2000 && cc_live_caller_talking(l); i++) run_to(l, cc_platform_null.ticks_ms() + 10, NULL);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    int64_t line_end = rec->said[rec->nsaid - 1].done;
    assert_true(line_end != CC_NO_TIME);
    run_to(l, cc_platform_null.ticks_ms() + 3000, NULL);
    cc_live_typed(l, "Certainly, I can put you through to billing.");
    run_to(l, cc_platform_null.ticks_ms() + 100, NULL);
    assert_int_equal(rec->nutterances, 2);
    /* It began where the caller stopped: no talk-over, no silence. */
    assert_true(rec->utterances[1].start >= line_end && rec->utterances[1].start <= line_end + 20);
    for (size_t i = 0; i < rec->nsilences; i++)
        assert_true(rec->silences[i].to - rec->silences[i].from <= 20 || rec->silences[i].from < 1100);
    cc_live_free(l);
    unload_fixture(&f);
}

/* ---- the microphone that sends only zeros ---- */

static void silent_microphone_is_no_microphone(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    cc_live *l = apptest_live(&f, 1);
    run_to(l, 3900, NULL);
    assert_true(cc_live_has_mic(l)); /* a device may start with a few silent buffers */
    run_to(l, 4100, NULL);
    assert_false(cc_live_has_mic(l));
    assert_false(cc_null_in_open());
    assert_true(cc_live_typing_mode(l));
    assert_false(cc_live_paused(l)); /* nothing was lost: the call goes on, typed */
    assert_non_null(strstr(cc_live_mic_problem(l), "only digital silence"));
    cc_live_free(l);

    /* A quiet microphone hears its own noise: it stays. */
    l = apptest_live(&f, 1);
    int16_t hiss[160];
    for (int i = 0; i < 160; i++) hiss[i] = (int16_t)(i % 3 - 1);
    run_to(l, 8000, hiss);
    assert_true(cc_live_has_mic(l));
    assert_false(cc_live_typing_mode(l));
    cc_live_free(l);
    unload_fixture(&f);
}

/* ---- the call screen ---- */

static void app_init(cc_app *a, cc_catalog **cat)
{
    apptest_init(a, CC_SCREEN_CALL);
    cc_null_fail_devices(1, 1);
    cc_null_set_ticks(0);
    a->opt.mute = 1;
    a->opt.seed = 3;
    a->opt.seed_given = 1;
    *cat = a->catalog = cc_catalog_create();
    assert_non_null(a->catalog);
    a->chosen = cc_catalog_add(a->catalog, CC_TEST_DIR "/fixtures/call.yaml", 0, NULL);
    assert_true(a->chosen >= 0);
}

static uint64_t now_ms;
static void wait_to(cc_app *a, uint64_t ms)
{
    while (now_ms < ms && a->next == CC_SCREEN_CALL) {
        now_ms += 20;
        cc_null_set_ticks(now_ms);
        cc_callscreen_update(a, NULL);
    }
}

static void press(cc_app *a, cc_key k, int ch, int mods)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = k, .ch = ch, .mods = mods};
    cc_callscreen_update(a, &ev);
}

/* What a keyboard sends for typed text: each character's key, then its text. */
static void type_like_a_keyboard(cc_app *a, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ') press(a, CC_KEY_SPACE, 0, 0);
        else press(a, CC_KEY_CHAR, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, 0);
        cc_ev t = {.kind = CC_EV_TEXT};
        t.text[0] = *s;
        cc_callscreen_update(a, &t);
    }
}

static const char *frame(cc_app *a)
{
    a->plat->begin_frame(a->theme.bg);
    cc_callscreen_draw(a);
    return cc_null_frame_text();
}

static void letters_answer_and_shortcuts_take_ctrl(void **state)
{
    (void)state;
    cc_app a;
    cc_catalog *cat;
    app_init(&a, &cat);
    now_ms = 0;
    cc_callscreen_load(&a);
    cc_live *l = cc_callscreen_peek()->live;
    assert_non_null(l);
    assert_true(cc_live_typing_mode(l));
    wait_to(&a, 500);
    /* Typed to a ringing phone: nothing is said, and the screen says why. */
    type_like_a_keyboard(&a, "Hello");
    assert_false(cc_callscreen_peek()->answer_open);
    assert_string_equal(cc_callscreen_peek()->answer, "");
    assert_non_null(strstr(frame(&a), "pick up first (Space)"));
    press(&a, CC_KEY_SPACE, 0, 0);
    wait_to(&a, 1000);
    const cc_call *c = cc_live_call(l);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    /* The dead-air clock counts down while no answer is begun (a key press
     * clears the tip that stood in its place). */
    const char *shown = frame(&a);
    assert_non_null(strstr(shown, "Dead air:"));
    assert_non_null(strstr(shown, "left to start your answer (limit 5 s)"));
    /* Enter opens the box, empty; that alone starts no answer (the first
     * letter does), and Esc closes it again without hanging up. */
    press(&a, CC_KEY_ENTER, 0, 0);
    assert_true(cc_callscreen_peek()->answer_open);
    assert_false(cc_live_answer_begun(l));
    press(&a, CC_KEY_ESC, 0, 0);
    assert_false(cc_callscreen_peek()->answer_open);
    wait_to(&a, now_ms + 100);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    /* "Good morning" with the box closed: the box opens with the G, and the
     * letters h and m neither hold the call nor show the model answer. */
    type_like_a_keyboard(&a, "Good morning, hm");
    assert_true(cc_callscreen_peek()->answer_open);
    assert_string_equal(cc_callscreen_peek()->answer, "Good morning, hm");
    assert_false(cc_callscreen_peek()->show_model);
    wait_to(&a, now_ms + 100);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    assert_true(cc_live_answer_begun(l));
    shown = frame(&a);
    assert_null(strstr(shown, "Dead air:"));
    assert_non_null(strstr(shown, "typing is not silence"));
    /* Shortcuts work with the box open: Ctrl+M shows the model answer. */
    press(&a, CC_KEY_CHAR, 'm', CC_MOD_CTRL);
    assert_true(cc_callscreen_peek()->show_model);
    assert_non_null(strstr(frame(&a), "Model answer: Good morning, Northwind Travel."));
    assert_string_equal(cc_callscreen_peek()->answer, "Good morning, hm");
    /* Esc hides the box but keeps the answer; a letter brings it back. */
    press(&a, CC_KEY_ESC, 0, 0);
    assert_false(cc_callscreen_peek()->answer_open);
    assert_false(cc_live_ended(l));
    type_like_a_keyboard(&a, "m");
    assert_true(cc_callscreen_peek()->answer_open);
    assert_string_equal(cc_callscreen_peek()->answer, "Good morning, hmm");
    for (int i = 0; i < 5; i++) press(&a, CC_KEY_BACKSPACE, 0, 0);
    type_like_a_keyboard(&a, ", Northwind Travel, Sam speaking.");
    press(&a, CC_KEY_ENTER, 0, 0);
    assert_false(cc_callscreen_peek()->answer_open);
    assert_string_equal(cc_callscreen_peek()->answer, "");
    wait_to(&a, now_ms + 100);
    const cc_record *rec = cc_call_record(c);
    assert_int_equal(rec->nutterances, 1);
    assert_string_equal(rec->utterances[0].text, "Good morning, Northwind Travel, Sam speaking.");
    /* The shortcuts, with Ctrl: briefing, hold. */
    press(&a, CC_KEY_CHAR, 'b', CC_MOD_CTRL);
    assert_true(cc_callscreen_peek()->briefing_open);
    shown = frame(&a);
    assert_non_null(strstr(shown, "Briefing (Ctrl+B, F1 or Esc closes it)"));
    assert_non_null(strstr(shown, "You are Sam at"));
    press(&a, CC_KEY_ESC, 0, 0); /* closes the briefing, does not hang up */
    assert_false(cc_callscreen_peek()->briefing_open);
    press(&a, CC_KEY_F1, 0, 0);
    assert_true(cc_callscreen_peek()->briefing_open);
    press(&a, CC_KEY_F1, 0, 0);
    assert_false(cc_callscreen_peek()->briefing_open);
    press(&a, CC_KEY_CHAR, 'h', CC_MOD_CTRL);
    wait_to(&a, now_ms + 100);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_HELD);
    type_like_a_keyboard(&a, "Sorry");
    assert_false(cc_callscreen_peek()->answer_open); /* nobody hears it while they are on hold */
    assert_non_null(strstr(frame(&a), "on hold: Ctrl+H"));
    press(&a, CC_KEY_CHAR, 'h', CC_MOD_CTRL);
    wait_to(&a, now_ms + 100);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    /* The footer names the keys as they are. */
    shown = frame(&a);
    assert_non_null(strstr(shown, "Ctrl+H: hold/resume"));
    assert_non_null(strstr(shown, "Ctrl+M: model answer"));
    assert_non_null(strstr(shown, "Type to answer, Enter sends"));
    press(&a, CC_KEY_ESC, 0, 0); /* box closed, nothing open: hang up */
    wait_to(&a, now_ms + 6000);
    assert_int_equal(a.next, CC_SCREEN_FEEDBACK);
    cc_feedback_unload(&a);
    cc_callscreen_unload(&a);
    cc_catalog_free(cat);
}

/* ---- sign-in ---- */

static void signin_offers_typed_answers(void **state)
{
    (void)state;
    char dir[] = "/tmp/cc-typed-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char pref[64];
    snprintf(pref, sizeof pref, "%s/", dir);
    cc_app a;
    apptest_init(&a, CC_SCREEN_SIGNIN);
    a.pref_dir = pref;
    cc_signin_load(&a);
    a.plat->begin_frame(a.theme.bg);
    cc_signin_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "(x) Spoken into the microphone"));
    assert_non_null(strstr(cc_null_frame_text(), "( ) Typed on the keyboard"));
    cc_signin_peek()->focus = 2; /* the answers row: name, mode, answers, ... */
    cc_ev right = {.kind = CC_EV_KEY, .key = CC_KEY_RIGHT};
    cc_signin_update(&a, &right);
    a.plat->begin_frame(a.theme.bg);
    cc_signin_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "(x) Typed on the keyboard"));
    cc_ev enter = {.kind = CC_EV_KEY, .key = CC_KEY_ENTER};
    cc_signin_update(&a, &enter);
    assert_int_equal(a.next, CC_SCREEN_PICKER);
    assert_true(a.prefs.typed_answers);
    /* Remembered: the next start reads it back. */
    cc_prefs p;
    cc_prefs_load(&p, pref);
    assert_true(p.typed_answers);
    assert_string_equal(p.name, "Sam");
    p.typed_answers = 0;
    char why[256];
    assert_int_equal(cc_prefs_save(&p, pref, why, sizeof why), 0);
    cc_prefs_load(&p, pref);
    assert_false(p.typed_answers);
    cc_signin_unload(&a);
    char path[128];
    snprintf(path, sizeof path, "%sprefs.txt", pref);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typing_time_is_not_dead_air),
        cmocka_unit_test(waiting_to_start_typing_is_dead_air),
        cmocka_unit_test(typing_over_the_caller_starts_when_they_finish),
        cmocka_unit_test(silent_microphone_is_no_microphone),
        cmocka_unit_test(letters_answer_and_shortcuts_take_ctrl),
        cmocka_unit_test(signin_offers_typed_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
