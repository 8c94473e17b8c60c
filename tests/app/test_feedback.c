/* Unit tests of the feedback and progress screens' parts that are not pixels,
 * on the null platform: the checklist's phases against the shipped standard;
 * the timeline's time <-> sample <-> pixel mapping; spans and marks from a
 * record; and a real call (espeak-ng caller voice, typed answers) reviewed on
 * the screen: playing a turn gives exactly that turn's samples, the model
 * answer is the trainee's own recording followed by synthesised speech, the
 * keyboard reaches every control and action, an unsaved call is saved in
 * another folder, and the progress screen of that folder shows it. Expected
 * values are worked out from the call's own record and audio. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "screen_call.h"
#include "screen_feedback.h"
#include "screen_progress.h"
#include "catalog.h"
#include "files.h"
#include "live.h"
#include "platform_null.h"
#include "player.h"
#include "waveform.h"

/* ---- the checklist ---- */

static void phases_cover_the_shipped_standard(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    assert_int_equal(cc_standard_load_file(CC_SRC_DIR "/scenarios/standard.yaml", &std, d), CC_FILE_OK);
    cc_diags_free(d);
    assert_true(std->nrules > 0);
    cc_check_row *rows = NULL;
    size_t n = cc_checklist(std, &rows);
    /* The phase ids the standard's format allows, in the order shown. */
    static const char *const ids[CC_PHASE_COUNT] = {"opening", "during", "hold-transfer", "closing"};
    int *seen = calloc(std->nrules, sizeof *seen);
    int heading = -1, last_phase = -1;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].rule < 0) {
            assert_true((int)rows[i].phase > last_phase); /* each phase once, in order */
            last_phase = (int)rows[i].phase;
            heading = (int)rows[i].phase;
            assert_true(i + 1 < n && rows[i + 1].rule >= 0); /* no empty heading */
            continue;
        }
        const cc_rule *r = &std->rules[rows[i].rule];
        assert_int_equal(rows[i].phase, heading);
        /* The rule's own phase, not a fallback. */
        assert_non_null(r->phase);
        assert_string_equal(r->phase, ids[heading]);
        seen[rows[i].rule]++;
    }
    for (size_t i = 0; i < std->nrules; i++) {
        if (seen[i] != 1) fail_msg("rule %s is listed %d times", std->rules[i].id, seen[i]);
    }
    assert_int_equal(last_phase, CC_PHASE_CLOSING);
    free(seen);
    free(rows);
    cc_standard_free(std);
}

/* ---- the timeline ---- */

static void timeline_maps_times_and_samples(void **state)
{
    (void)state;
    int rate = CC_LIVE_OUT_RATE;
    cc_timeline tl = {(int64_t)rate * 65 + 7, rate, 20, 920};
    for (int64_t ms = 0; ms <= 65000; ms += 37) {
        int64_t s = cc_tl_sample_of_ms(&tl, ms);
        assert_int_equal(s, ms * rate / 1000);
        assert_int_equal(cc_tl_ms_of_sample(&tl, s), ms);
    }
    for (int64_t s = 0; s <= tl.nsamples; s += 1013) {
        int64_t back = cc_tl_sample_of_ms(&tl, cc_tl_ms_of_sample(&tl, s));
        assert_true(back >= s && back - s < rate / 1000); /* never before, within a millisecond */
    }
    /* Outside the call: clamped, and no overflow at the far end. */
    assert_int_equal(cc_tl_sample_of_ms(&tl, -5), 0);
    assert_int_equal(cc_tl_sample_of_ms(&tl, CC_NO_TIME), 0);
    assert_int_equal(cc_tl_sample_of_ms(&tl, INT64_MAX), tl.nsamples);
    assert_int_equal(cc_tl_sample_of_ms(&tl, 66000), tl.nsamples);
    /* Pixels: every column maps back to itself, samples fall in their column. */
    for (int x = tl.x; x <= tl.x + tl.w; x++) assert_int_equal(cc_tl_x_of_sample(&tl, cc_tl_sample_of_x(&tl, x)), x);
    int prev = tl.x;
    for (int64_t s = 0; s <= tl.nsamples; s += 997) {
        int x = cc_tl_x_of_sample(&tl, s);
        assert_true(x >= prev && x <= tl.x + tl.w);
        assert_true(cc_tl_sample_of_x(&tl, x) <= s);
        prev = x;
    }
    assert_int_equal(cc_tl_x_of_sample(&tl, 0), tl.x);
    assert_int_equal(cc_tl_x_of_sample(&tl, tl.nsamples), tl.x + tl.w);
    assert_int_equal(cc_tl_sample_of_x(&tl, 0), 0);
    assert_int_equal(cc_tl_sample_of_x(&tl, 5000), tl.nsamples);
}

/* ---- spans and marks, from a record made by hand ---- */

static void spans_and_marks_follow_the_record(void **state)
{
    (void)state;
    cc_turn turns[2] = {{1, 0, 0, 5000, 0}, {1, 1, 5000, CC_NO_TIME, 1}};
    cc_said said[2] = {{1000, 3000, 1, 0, CC_SAID_NODE, (char *)"Hello?", 1},
                       {5000, 7000, 1, 1, CC_SAID_NODE, (char *)"Well?", 2}};
    cc_utterance utts[2] = {
        /* Starts while the caller's first line plays: talk-over from 2.0 to 3.0 s. */
        {2000, 4000, (char *)"Good morning", 1, 1, 1, 1, 0, 0, 0, 0},
        /* Talking when the caller starts: the caller interrupts, not the trainee. */
        {4500, 6000, (char *)"Sorry", 1, 1, 1, 1, 1, 0, 0, 0}};
    cc_span silences[1] = {{1, 7000, 9500, CC_VIA_ANY, 1}};
    cc_span holds[1] = {{1, 10000, 12000, CC_VIA_KEY, 1}};
    cc_record rec = {.turns = turns, .nturns = 2, .utterances = utts, .nutterances = 2,
                     .said = said, .nsaid = 2, .silences = silences, .nsilences = 1,
                     .holds = holds, .nholds = 1, .ended = 1, .end_t = 13000};
    cc_review_span *sp = NULL;
    size_t n = cc_review_spans(&rec, &sp);
    int talk = 0, sil = 0, hold = 0;
    for (size_t i = 0; i < n; i++) {
        if (sp[i].kind == CC_SPAN_TALK_OVER) {
            talk++;
            assert_int_equal(sp[i].from, 2000);
            assert_int_equal(sp[i].to, 3000);
        }
        if (sp[i].kind == CC_SPAN_SILENCE) {
            sil++;
            assert_int_equal(sp[i].from, silences[0].from);
            assert_int_equal(sp[i].to, silences[0].to);
        }
        if (sp[i].kind == CC_SPAN_HOLD) {
            hold++;
            assert_int_equal(sp[i].from, holds[0].from);
            assert_int_equal(sp[i].to, holds[0].to);
        }
    }
    assert_int_equal(talk, 1);
    assert_int_equal(sil, 1);
    assert_int_equal(hold, 1);
    free(sp);
    /* Turns: the last runs to the end of the call; what was said in each. */
    int64_t from, to;
    assert_int_equal(cc_turn_span(&rec, 1, &from, &to), 0);
    assert_int_equal(from, 5000);
    assert_int_equal(to, 13000);
    assert_int_equal(cc_turn_answer_span(&rec, 0, &from, &to), 0);
    assert_int_equal(from, 2000);
    assert_int_equal(to, 4000);
    assert_int_equal(cc_turn_at(&rec, 4999), 0);
    assert_int_equal(cc_turn_at(&rec, 5000), 1);
    assert_int_equal(cc_turn_span(&rec, 2, &from, &to), -1);

    /* Marks: a verdict's own moment; one tied only to a turn sits where the
     * trainee answered in it; n/a and momentless ones have none. */
    cc_standard std = {.nrules = 4};
    cc_rule_verdict rv[4] = {{CC_VERDICT_PASS, (char *)"", 0, 800},
                             {CC_VERDICT_FAIL, (char *)"", 0, CC_NO_TIME},
                             {CC_VERDICT_NA, (char *)"", -1, CC_NO_TIME},
                             {CC_VERDICT_FAIL, (char *)"", -1, CC_NO_TIME}};
    cc_turn_verdict tv[2] = {{1, 1, CC_VERDICT_FAIL, (char *)""}, {0, 1, CC_VERDICT_FAIL, (char *)""}};
    cc_result res = {.rules = rv, .nrules = 4, .turn_verdicts = tv, .nturn_verdicts = 2};
    cc_mark *m = NULL;
    n = cc_review_marks(&std, &rec, &res, &m);
    assert_int_equal(n, 3); /* rule 0, rule 1 in turn 0, rule 1 in turn 1 (not said yet) */
    assert_int_equal(m[0].rule, 0);
    assert_int_equal(m[0].at, 800);
    assert_int_equal(m[1].rule, 1);
    assert_int_equal(m[1].at, 2000);
    assert_int_equal(m[2].rule, 1);
    assert_int_equal(m[2].turn, 1);
    assert_int_equal(m[2].at, 4500); /* "Sorry" was said in turn 1 */
    free(m);
}

/* ---- a real call, reviewed ---- */

typedef struct {
    cc_standard *std;
    cc_scenario *scn;
    cc_live *live;
} call_fixture;

static void pump(cc_live *l)
{
    /* The audio clock moves 10 ms; the voice thread gets a moment to work. */
    cc_null_pump_out(CC_LIVE_OUT_RATE / 100);
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
    cc_live_step(l);
}

static void run_until(cc_live *l, int64_t ms)
{
    while (cc_live_now_ms(l) < ms) pump(l);
}

/* Waits (on the call clock) for the caller's line to finish, at most max_ms. */
static void run_while_caller_talks(cc_live *l, int64_t max_ms)
{
    int64_t until = cc_live_now_ms(l) + max_ms;
    do pump(l);
    while (cc_live_now_ms(l) < until && (cc_live_caller_talking(l) || cc_live_now_ms(l) % 1000 < 500));
    run_until(l, cc_live_now_ms(l) + 300);
}

/* The fixture call: the phone rings, the trainee answers, greets, offers the
 * transfer, and hangs up. The caller speaks through the null platform's
 * output (espeak-ng), so the caller's track holds real speech. */
static int setup_call(void **state)
{
    call_fixture *f = calloc(1, sizeof *f);
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_standard_load_file(CC_TEST_DIR "/fixtures/standard.yaml", &f->std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(CC_TEST_DIR "/fixtures/call.yaml", f->std, &f->scn, d), CC_FILE_OK);
    cc_diags_free(d);
    cc_null_reset();
    cc_null_fail_devices(0, 1); /* a speaker, no microphone: typed answers */
    cc_live_config cfg = {1, 1, 0, 0, NULL};
    char err[256];
    f->live = cc_live_create(&cc_platform_null, f->std, f->scn, "Alex", 7, &cfg, err, sizeof err);
    assert_non_null(f->live);
    assert_true(cc_live_has_speaker(f->live));
    run_until(f->live, 1500);
    cc_live_pickup(f->live);
    run_until(f->live, 2500);
    cc_live_typing(f->live);
    run_until(f->live, 3500);
    cc_live_typed(f->live, "Good morning, Northwind Travel.");
    run_while_caller_talks(f->live, 8000);
    cc_live_typing(f->live);
    run_until(f->live, cc_live_now_ms(f->live) + 800);
    cc_live_typed(f->live, "Certainly, I will put you through.");
    run_while_caller_talks(f->live, 8000);
    cc_live_hangup(f->live);
    for (int i = 0; i < 2000 && !cc_live_ended(f->live); i++) pump(f->live);
    assert_true(cc_live_ended(f->live));
    assert_non_null(cc_live_result(f->live));
    *state = f;
    return 0;
}

static int teardown_call(void **state)
{
    call_fixture *f = *state;
    cc_live_free(f->live);
    cc_scenario_free(f->scn);
    cc_standard_free(f->std);
    free(f);
    return 0;
}

/* The feedback screen on a hand-built app, handed the finished call. */
static void open_screen(cc_app *a, call_fixture *f)
{
    memset(a, 0, sizeof *a);
    a->plat = &cc_platform_null;
    a->w = 960;
    a->h = 640;
    cc_prefs_defaults(&a->prefs);
    snprintf(a->prefs.name, sizeof a->prefs.name, "Alex");
    cc_app_set_theme(a, 0);
    a->screen = a->next = CC_SCREEN_FEEDBACK;
    a->chosen = -1;
    cc_null_fail_devices(0, 0);
    cc_feedback_show(a, f->live, NULL);
    f->live = NULL; /* the screen owns it now */
    cc_feedback_load(a);
    assert_non_null(cc_feedback_peek()->player);
    assert_false(cc_player_busy(cc_feedback_peek()->player));
}

static void key(cc_app *a, cc_key k, int ch, int mods)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = k, .ch = ch, .mods = mods};
    cc_feedback_update(a, &ev);
}

/* Pulls everything the player has to give, the way the sound card would. */
static int16_t *pull(cc_app *a, size_t *n)
{
    size_t cap = 1 << 16, len = 0;
    int16_t *out = malloc(cap * sizeof *out);
    while (cc_player_busy(cc_feedback_peek()->player)) {
        if (len + 512 > cap) out = realloc(out, (cap *= 2) * sizeof *out);
        cc_player_fill(cc_feedback_peek()->player, out + len, 512);
        len += 512;
    }
    /* What came after the end is silence, and the player says it is done. */
    for (size_t i = len; i-- > 0 && out[i] == 0;) len = i;
    *n = len;
    return out;
}

static int16_t mixed(const int16_t *c, size_t nc, const int16_t *t, size_t nt, size_t i)
{
    int v = (i < nc ? c[i] : 0) + (i < nt ? t[i] : 0);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static void playing_a_turn_plays_exactly_that_turn(void **state)
{
    call_fixture *f = *state;
    cc_app a;
    open_screen(&a, f);
    const cc_record *rec = cc_call_record(cc_live_call(cc_feedback_peek()->live));
    const int16_t *caller, *trainee;
    size_t nc = cc_live_audio(cc_feedback_peek()->live, CC_LIVE_CALLER, &caller);
    size_t nt = cc_live_audio(cc_feedback_peek()->live, CC_LIVE_TRAINEE, &trainee);
    assert_true(nc > 0);
    assert_true(rec->nturns >= 2);
    for (int turn = 0; turn < (int)rec->nturns; turn++) {
        int64_t from, to;
        assert_int_equal(cc_turn_span(rec, turn, &from, &to), 0);
        /* Put the cursor inside the turn, then T. */
        cc_feedback_peek()->cursor_ms = from + (to - from) / 2;
        key(&a, CC_KEY_CHAR, 't', 0);
        size_t s0 = (size_t)(from * CC_LIVE_OUT_RATE / 1000), s1 = (size_t)(to * CC_LIVE_OUT_RATE / 1000);
        if (s1 > nc) s1 = nc;
        int64_t where;
        assert_int_equal(cc_player_where(cc_feedback_peek()->player, &where), 0);
        assert_int_equal(where, (int64_t)s0);
        size_t n;
        int16_t *got = pull(&a, &n);
        size_t want_n = s1 - s0;
        /* Trailing silence in the turn itself is trimmed by pull() too. */
        while (want_n > 0 && mixed(caller, nc, trainee, nt, s0 + want_n - 1) == 0) want_n--;
        assert_int_equal(n, want_n);
        int loud = 0;
        for (size_t i = 0; i < n; i++) {
            int16_t w = mixed(caller, nc, trainee, nt, s0 + i);
            if (got[i] != w) fail_msg("turn %d: sample %zu is %d, the call has %d", turn, i, got[i], w);
            loud |= w > 2000 || w < -2000;
        }
        /* Every turn of this call has the caller's ring or voice in it. */
        assert_true(loud);
        free(got);
    }
    cc_feedback_unload(&a);
}

static void model_answer_follows_the_trainees_own(void **state)
{
    call_fixture *f = *state;
    cc_app a;
    open_screen(&a, f);
    const cc_record *rec = cc_call_record(cc_live_call(cc_feedback_peek()->live));
    /* The first turn's node has a model answer and the trainee answered in it. */
    int64_t from, to;
    assert_int_equal(cc_turn_answer_span(rec, 0, &from, &to), 0);
    assert_true(to > from);
    cc_feedback_peek()->cursor_ms = rec->turns[0].entered;
    key(&a, CC_KEY_CHAR, 'm', 0);
    assert_non_null(strstr(cc_feedback_peek()->status, "Good morning, Northwind Travel."));
    if (!cc_player_busy(cc_feedback_peek()->player)) fail_msg("nothing plays: %s", cc_feedback_peek()->status);
    /* First the trainee's recording of that answer, on the call's timeline. */
    const int16_t *trainee;
    size_t nt = cc_live_audio(cc_feedback_peek()->live, CC_LIVE_TRAINEE, &trainee);
    size_t s0 = (size_t)(from * CC_LIVE_OUT_RATE / 1000), k = (size_t)((to - from) * CC_LIVE_OUT_RATE / 1000);
    assert_true(s0 + k <= nt);
    int64_t where;
    assert_int_equal(cc_player_where(cc_feedback_peek()->player, &where), 0);
    assert_int_equal(where, (int64_t)s0);
    int16_t *mine = malloc(k * sizeof *mine);
    cc_player_fill(cc_feedback_peek()->player, mine, k);
    assert_memory_equal(mine, trainee + s0, k * sizeof *mine);
    free(mine);
    /* Then speech that is not on the call's timeline: the synthetic voice. */
    assert_true(cc_player_where(cc_feedback_peek()->player, &where) > 0);
    assert_int_equal(where, -1);
    size_t n;
    int16_t *rest = pull(&a, &n);
    size_t loud = 0;
    for (size_t i = 0; i < n; i++) loud += rest[i] > 1000 || rest[i] < -1000;
    /* "Good morning, Northwind Travel." spoken: over a second, much of it voiced. */
    assert_true(n > CC_LIVE_OUT_RATE);
    assert_true(loud > (size_t)CC_LIVE_OUT_RATE / 10);
    free(rest);
    cc_feedback_unload(&a);
}

static void the_keyboard_reaches_everything(void **state)
{
    call_fixture *f = *state;
    cc_app a;
    open_screen(&a, f);
    const cc_record *rec = cc_call_record(cc_live_call(cc_feedback_peek()->live));
    /* Tab goes round every control and back; Shift+Tab goes back. */
    int first = cc_feedback_peek()->focus, seen[CC_FB_COUNT] = {0}, count = 0;
    do {
        assert_true(cc_feedback_peek()->focus >= 0 && cc_feedback_peek()->focus < CC_FB_COUNT);
        if (!seen[cc_feedback_peek()->focus]++) count++;
        key(&a, CC_KEY_TAB, 0, 0);
    } while ((int)cc_feedback_peek()->focus != first && count <= CC_FB_COUNT);
    assert_int_equal((int)cc_feedback_peek()->focus, first);
    /* All but "save elsewhere", which is there only when the call was not saved
     * (this one was not recorded at all). */
    assert_int_equal(count, CC_FB_COUNT - 1);
    assert_false(seen[CC_FB_SAVE]);
    key(&a, CC_KEY_TAB, 0, 0);
    key(&a, CC_KEY_TAB, 0, CC_MOD_SHIFT);
    assert_int_equal(cc_feedback_peek()->focus, first);
    /* Every control does something with Enter; the retry, which leaves the
     * screen, last. */
    for (int c = 0; c < CC_FB_COUNT; c++) {
        if (!seen[c] || c == CC_FB_RETRY) continue;
        cc_feedback_peek()->focus = (enum cc_fb_control)c;
        cc_feedback_peek()->cursor_ms = rec->turns[0].entered;
        cc_feedback_peek()->status[0] = '\0';
        a.next = CC_SCREEN_FEEDBACK;
        int was_busy = cc_player_busy(cc_feedback_peek()->player);
        key(&a, CC_KEY_ENTER, 0, 0);
        int acted = a.next != CC_SCREEN_FEEDBACK || cc_feedback_peek()->status[0] ||
                    cc_player_busy(cc_feedback_peek()->player) != was_busy;
        if (!acted) fail_msg("Enter on control %d did nothing", c);
    }
    a.next = CC_SCREEN_FEEDBACK;
    cc_feedback_peek()->focus = CC_FB_RETRY;
    cc_feedback_peek()->cursor_ms = rec->turns[1].entered + 10;
    key(&a, CC_KEY_ENTER, 0, 0);
    assert_int_equal(a.next, CC_SCREEN_CALL);
    /* The retry: a new call from turn 2, handed to the call screen, which
     * starts where that turn began. */
    assert_non_null(cc_callscreen_peek()->live);
    cc_live_free(cc_callscreen_peek()->live);
    cc_callscreen_peek()->live = NULL;
    cc_feedback_unload(&a);
}

static void keys_move_the_cursor_and_the_rule(void **state)
{
    call_fixture *f = *state;
    cc_app a;
    open_screen(&a, f);
    const cc_record *rec = cc_call_record(cc_live_call(cc_feedback_peek()->live));
    cc_feedback_peek()->focus = 0; /* the timeline */
    cc_feedback_peek()->cursor_ms = 0;
    key(&a, CC_KEY_RIGHT, 0, 0);
    int64_t step = cc_feedback_peek()->cursor_ms;
    assert_true(step > 0);
    key(&a, CC_KEY_RIGHT, 0, CC_MOD_SHIFT);
    assert_true(cc_feedback_peek()->cursor_ms > 2 * step);
    key(&a, CC_KEY_LEFT, 0, CC_MOD_SHIFT);
    assert_int_equal(cc_feedback_peek()->cursor_ms, step);
    for (int i = 0; i < 10; i++) key(&a, CC_KEY_LEFT, 0, 0);
    assert_int_equal(cc_feedback_peek()->cursor_ms, 0); /* not before the call */
    /* Down on the timeline: the next turn's start. */
    key(&a, CC_KEY_DOWN, 0, 0);
    assert_int_equal(cc_feedback_peek()->cursor_ms, rec->turns[1].entered);
    /* Space plays from the cursor; S stops there. */
    key(&a, CC_KEY_SPACE, 0, 0);
    int64_t where;
    assert_int_equal(cc_player_where(cc_feedback_peek()->player, &where), 0);
    assert_int_equal(where, rec->turns[1].entered * CC_LIVE_OUT_RATE / 1000);
    int16_t buf[1600];
    cc_player_fill(cc_feedback_peek()->player, buf, 1600);
    key(&a, CC_KEY_CHAR, 's', 0);
    assert_false(cc_player_busy(cc_feedback_peek()->player));
    assert_int_equal(cc_feedback_peek()->cursor_ms, rec->turns[1].entered + 100);
    /* Down in the checklist: another rule, and the cursor goes to its moment. */
    cc_feedback_peek()->focus = 1;
    int row = cc_feedback_peek()->row;
    key(&a, CC_KEY_DOWN, 0, 0);
    assert_int_not_equal(cc_feedback_peek()->row, row);
    key(&a, CC_KEY_UP, 0, 0);
    assert_int_equal(cc_feedback_peek()->row, row);
    /* The screen says what it shows, in words. */
    cc_feedback_draw(&a);
    const char *text = cc_null_frame_text();
    assert_non_null(strstr(text, "Score "));
    assert_non_null(strstr(text, " passed, ")); /* a phase's heading */
    assert_non_null(strstr(text, "Caller"));
    assert_non_null(strstr(text, "You"));
    assert_non_null(strstr(text, "Play this turn (T)"));
    /* P opens the progress screen; Esc quits. */
    key(&a, CC_KEY_CHAR, 'p', 0);
    assert_int_equal(a.next, CC_SCREEN_PROGRESS);
    cc_feedback_unload(&a);
}

/* ---- saving elsewhere, and the progress screen it feeds ---- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void an_unsaved_call_is_saved_elsewhere_and_shows_in_progress(void **state)
{
    call_fixture *f = *state;
    char dir[] = "/tmp/cc-feedback-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* No data folder: the recording only remembers why the call was not saved. */
    cc_recording *r = cc_recording_start(NULL, f->std, f->scn, "Alex", "text", 7, 0);
    assert_non_null(r);
    cc_recording_finish(r, f->live);
    assert_null(cc_recording_path(r));
    assert_non_null(cc_recording_problem(r));
    const cc_result *res = cc_live_result(f->live);
    int score = res->score;
    cc_app a;
    open_screen(&a, f);
    cc_feedback_peek()->recording = r; /* handed over as the call screen does */
    cc_feedback_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "NOT SAVED"));
    assert_non_null(strstr(cc_null_frame_text(), "Save elsewhere (E)"));
    /* Tab reaches the button now that there is something to save. */
    int reached = 0;
    for (int i = 0; i < CC_FB_COUNT; i++) {
        key(&a, CC_KEY_TAB, 0, 0);
        reached |= cc_feedback_peek()->focus == CC_FB_SAVE;
    }
    assert_true(reached);
    key(&a, CC_KEY_CHAR, 'e', 0);
    assert_true(cc_feedback_peek()->save_open);
    /* The key's own text, as SDL sends it after the key: not part of the folder. */
    cc_ev t = {.kind = CC_EV_TEXT, .text = "e"};
    cc_feedback_update(&a, &t);
    assert_string_equal(cc_feedback_peek()->save_dir, "");
    snprintf(t.text, sizeof t.text, "%s", dir);
    cc_feedback_update(&a, &t);
    key(&a, CC_KEY_ENTER, 0, 0);
    assert_false(cc_feedback_peek()->save_open);
    const char *path = cc_recording_path(r);
    if (!path) fail_msg("not saved: %s", cc_feedback_peek()->status);
    assert_memory_equal(path, dir, strlen(dir));
    char wav[4200];
    snprintf(wav, sizeof wav, "%s/caller.wav", path);
    assert_int_equal(access(wav, R_OK), 0);
    assert_non_null(strstr(cc_feedback_peek()->status, "Saved in"));
    cc_feedback_unload(&a); /* frees the call and the recording */

    /* The progress screen of that folder: the call, its score, first and best. */
    char pref[4200];
    snprintf(pref, sizeof pref, "%s/", dir);
    cc_app p;
    memset(&p, 0, sizeof p);
    p.plat = &cc_platform_null;
    p.w = 960;
    p.h = 640;
    cc_prefs_defaults(&p.prefs);
    snprintf(p.prefs.name, sizeof p.prefs.name, "Alex");
    cc_app_set_theme(&p, 0);
    p.pref_dir = pref;
    p.screen = p.next = CC_SCREEN_PROGRESS;
    /* The catalog the drill is picked from: the fixture scenario. */
    p.catalog = cc_catalog_create();
    assert_int_equal(cc_catalog_add(p.catalog, CC_TEST_DIR "/fixtures/call.yaml", 0, NULL), 0);
    assert_null(p.catalog->v[0].problem);
    p.chosen = -1;
    cc_progress_load(&p);
    cc_progress_draw(&p);
    assert_non_null(strstr(cc_null_frame_text(), "Next drill: Test call"));
    char want[128];
    snprintf(want, sizeof want, "first %d, best %d; 1 call", score, score);
    if (!strstr(cc_null_frame_text(), want)) fail_msg("no \"%s\" in:\n%s", want, cc_null_frame_text());
    assert_non_null(strstr(cc_null_frame_text(), "Test call"));
    /* Tab goes round the three parts and the export button (the trainee's own; the
     * group's reports are the trainer's); Enter on the drill starts that call. */
    int start = cc_progress_peek()->focus, parts = 0;
    cc_ev tab = {.kind = CC_EV_KEY, .key = CC_KEY_TAB};
    do {
        cc_progress_update(&p, &tab);
        parts++;
    } while (cc_progress_peek()->focus != start && parts < 10);
    assert_int_equal(parts, 4);
    cc_ev enter = {.kind = CC_EV_KEY, .key = CC_KEY_ENTER};
    cc_progress_update(&p, &enter);
    assert_int_equal(p.next, CC_SCREEN_BRIEFING); /* the drill's briefing, then its call */
    assert_int_equal(p.chosen, 0);
    p.next = CC_SCREEN_PROGRESS;
    cc_ev esc = {.kind = CC_EV_KEY, .key = CC_KEY_ESC};
    cc_progress_update(&p, &esc);
    assert_int_equal(p.next, CC_SCREEN_PICKER);
    cc_progress_unload(&p);

    /* Another trainee has no calls: the friendly empty state. */
    snprintf(p.prefs.name, sizeof p.prefs.name, "Robin");
    cc_progress_load(&p);
    cc_progress_draw(&p);
    assert_non_null(strstr(cc_null_frame_text(), "No calls yet for Robin"));
    cc_progress_unload(&p);
    cc_catalog_free(p.catalog);
    assert_int_equal(nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phases_cover_the_shipped_standard),
        cmocka_unit_test(timeline_maps_times_and_samples),
        cmocka_unit_test(spans_and_marks_follow_the_record),
        cmocka_unit_test_setup_teardown(playing_a_turn_plays_exactly_that_turn, setup_call, teardown_call),
        cmocka_unit_test_setup_teardown(model_answer_follows_the_trainees_own, setup_call, teardown_call),
        cmocka_unit_test_setup_teardown(the_keyboard_reaches_everything, setup_call, teardown_call),
        cmocka_unit_test_setup_teardown(keys_move_the_cursor_and_the_rule, setup_call, teardown_call),
        cmocka_unit_test_setup_teardown(an_unsaved_call_is_saved_elsewhere_and_shows_in_progress,
                                        setup_call, teardown_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
