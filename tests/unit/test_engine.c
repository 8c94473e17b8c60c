/* The engine driven directly, input by input, as the desktop app drives it. */
#define _POSIX_C_SOURCE 200809L
#include "fixture.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>

#include "engine.h"
#include "files.h"
#include "sim.h"
#include "take.h"

static cc_standard *std;
static cc_scenario *scn;

static int setup(void **state)
{
    (void)state;
    std = fix_standard();
    scn = fix_scenario_text(std, FIX_SCENARIO);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_scenario_free(scn);
    cc_standard_free(std);
    return 0;
}

static int next_output(cc_call *c, cc_output_kind kind, cc_output *out)
{
    cc_output o = {0};
    while (cc_call_poll(c, &o))
        if (o.kind == kind) {
            *out = o;
            return 1;
        }
    return 0;
}

static cc_input utterance(int64_t start, int64_t end, const char *text, double conf)
{
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = end, .text = text, .start = start,
                   .confidence = conf, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    return in;
}

static void rings_on_the_cadence_and_counts_the_pickup_ring(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    assert_int_equal(cc_call_start(c, 0), 0);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 1);
    assert_int_equal(cc_call_next_deadline(c), 6000); /* 2 s on + 4 s off */
    assert_int_equal(cc_call_tick(c, 12500), 0);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 2);
    assert_int_equal(o.t, 6000);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.ring, 3);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 13000};
    assert_int_equal(cc_call_input(c, &in), 0);
    assert_int_equal(cc_call_record(c)->lines[1].ring, 3);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_LIVE);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "open");
    /* time never goes backwards */
    in.t = 100;
    assert_int_equal(cc_call_input(c, &in), -1);
    cc_call_free(c);
}

static void unanswered_call_is_missed_after_the_last_ring(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    assert_int_equal(cc_call_tick(c, 60000), 0);
    assert_true(cc_call_ended(c));
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->lines[1].answered, 0);
    assert_int_equal(r->lines[1].end, CC_END_MISSED);
    assert_int_equal(r->lines[1].ring, 8);
    assert_int_equal(r->end_t, 48000);
    cc_call_free(c);
}

static void answer_moves_the_call_and_low_confidence_is_not_scored(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    /* heard badly: the caller asks again and the call stays put */
    in = utterance(1500, 3000, "good morning northwind travel", 0.3);
    assert_int_equal(cc_call_input(c, &in), 0);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Sorry, what?");
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "open");
    assert_int_equal(cc_call_record(c)->utterances[0].understood, 0);
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 4000, .say_id = o.say_id};
    cc_call_input(c, &in);
    /* a rude answer fails the greeting and the caller turns grumpy */
    in = utterance(4500, 6000, "yeah what do you want", 1.0);
    cc_call_input(c, &in);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "grumpy");
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Not very friendly. Anyway, billing please.");
    assert_int_equal(o.line, 1);
    assert_string_equal(o.persona->name, "Pat");
    cc_call_free(c);
}

static void caller_prompts_then_hangs_up_on_silence(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    /* dead air is 5 s; the caller speaks up a second after the limit */
    assert_int_equal(cc_call_next_deadline(c), 7000);
    cc_call_tick(c, 7000);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Hello? Are you there?");
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 8000, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 14000);
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Forget it.");
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 15000, .say_id = o.say_id};
    cc_call_input(c, &in);
    assert_true(cc_call_ended(c));
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->lines[1].end, CC_END_CALLER);
    /* one silence, from pick-up to the hang-up: the prompts were not answers */
    assert_int_equal(r->nsilences, 1);
    assert_int_equal(r->silences[0].from, 1000);
    assert_int_equal(r->silences[0].to, 15000);
    cc_call_free(c);
}

static void same_seed_same_call(void **state)
{
    (void)state;
    /* `ask` has two variants of the caller's line: the seed picks one */
    int seen[2] = {0, 0};
    for (uint64_t seed = 1; seed <= 16; seed++) {
        const char *first = NULL;
        for (int run = 0; run < 2; run++) {
            cc_call *c = cc_call_create(std, scn, "Alex", seed);
            cc_call_start(c, 0);
            cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
            cc_call_input(c, &in);
            in = utterance(1500, 3000, "Good morning, Northwind Travel", 1.0);
            cc_call_input(c, &in);
            cc_output o = {0};
            assert_true(next_output(c, CC_OUT_SAY, &o));
            if (run == 0) first = strcmp(o.text, "Billing please.") == 0 ? "b" : "c";
            else assert_string_equal(first, strcmp(o.text, "Billing please.") == 0 ? "b" : "c");
            seen[first[0] == 'b']++;
            cc_call_free(c);
        }
    }
    assert_true(seen[0] > 0 && seen[1] > 0);
}

static void hold_defers_the_next_line_until_resume(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    in = utterance(1500, 3000, "Good morning, Northwind Travel", 1.0);
    cc_call_input(c, &in);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 5000, .say_id = o.say_id};
    cc_call_input(c, &in);
    in = utterance(5500, 7000, "May I put you on hold for a moment?", 1.0);
    cc_call_input(c, &in);
    assert_string_equal(scn->nodes[cc_call_node(c, 1)].id, "consent");
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 8000, .say_id = o.say_id};
    cc_call_input(c, &in);
    in = (cc_input){.kind = CC_IN_HOLD, .t = 8500};
    cc_call_input(c, &in);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_HELD);
    assert_true(next_output(c, CC_OUT_HOLD_START, &o));
    assert_false(next_output(c, CC_OUT_SAY, &o)); /* `back` waits for the resume */
    in = (cc_input){.kind = CC_IN_RESUME, .t = 20000};
    cc_call_input(c, &in);
    assert_true(next_output(c, CC_OUT_SAY, &o));
    assert_string_equal(o.text, "Any news?");
    const cc_record *r = cc_call_record(c);
    assert_int_equal(r->nholds, 1);
    assert_int_equal(r->holds[0].to - r->holds[0].from, 11500);
    /* its timed event rings line 2 a second after the line */
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 21000, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 22000);
    assert_true(next_output(c, CC_OUT_RING, &o));
    assert_int_equal(o.line, 2);
    /* switching answers line 2 and holds line 1 */
    in = (cc_input){.kind = CC_IN_SWITCH, .t = 23000};
    cc_call_input(c, &in);
    assert_int_equal(cc_call_active_line(c), 2);
    assert_int_equal(cc_call_line_status(c, 1), CC_LINE_HELD);
    assert_int_equal(cc_call_line_status(c, 2), CC_LINE_LIVE);
    assert_int_equal(r->lines[2].ring, 1);
    cc_call_free(c);
    cc_call_free(NULL);
}

/* A caller who remarks after 3 s, and one who cuts in after 3 s. */
static const char TIMED[] =
    "scenario: timed\ntitle: T\nlanguage: en\nbriefing: B\n"
    "lines:\n  - line: 1\n    start: open\n    caller: {name: Pat, voice: en-us}\n"
    "nodes:\n"
    "  - id: open\n    expect: [greeting]\n    model: Good morning.\n"
    "    branches:\n      - when: {said: [wait]}\n        goto: open\n      - goto: ask\n"
    "  - id: ask\n    say: Hello.\n"
    "    events:\n      - {after: 3, do: say, text: Still there?}\n"
    "      - {after: 3, do: say, text: Listen to me!, interrupt: %s}\n"
    "    branches:\n      - when: {said: ['hold on']}\n        goto: ask\n      - goto: bye\n"
    "  - id: bye\n    say: Bye.\n    end: true\n";

static void timed_remarks_wait_for_the_trainee_unless_they_interrupt(void **state)
{
    (void)state;
    for (int cut_in = 0; cut_in <= 1; cut_in++) {
        char text[2048];
        snprintf(text, sizeof text, TIMED, cut_in ? "true" : "false");
        cc_scenario *t = fix_scenario_text(std, text);
        cc_call *c = cc_call_create(std, t, "Alex", 1);
        cc_call_start(c, 0);
        cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
        cc_call_input(c, &in);
        in = utterance(1500, 2500, "Good morning", 1.0);
        cc_call_input(c, &in);
        cc_output o = {0};
        assert_true(next_output(c, CC_OUT_SAY, &o));
        in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 3000, .say_id = o.say_id};
        cc_call_input(c, &in);
        /* the trainee starts a long answer at 4 s; the remarks are due at 6 s */
        in = (cc_input){.kind = CC_IN_SPEECH_START, .t = 4000};
        cc_call_input(c, &in);
        cc_call_tick(c, 7000);
        int said = 0;
        while (cc_call_poll(c, &o))
            if (o.kind == CC_OUT_SAY) said++;
        /* "Still there?" waits; "Listen to me!" cuts in only when told to */
        assert_int_equal(said, cut_in ? 1 : 0);
        cc_call_free(c);
        cc_scenario_free(t);
    }
}

static void no_silence_while_the_trainee_talks_over_the_end_of_a_line(void **state)
{
    (void)state;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_PICKUP, .t = 1000};
    cc_call_input(c, &in);
    in = utterance(1500, 2500, "Good morning, Northwind Travel", 1.0);
    cc_call_input(c, &in);
    cc_output o = {0};
    assert_true(next_output(c, CC_OUT_SAY, &o));
    in = (cc_input){.kind = CC_IN_SPEECH_START, .t = 3000}; /* starts before the line ends */
    cc_call_input(c, &in);
    in = (cc_input){.kind = CC_IN_LINE_DONE, .t = 3500, .say_id = o.say_id};
    cc_call_input(c, &in);
    cc_call_tick(c, 20000); /* a long answer: no prompt, no dead air */
    assert_false(next_output(c, CC_OUT_SAY, &o));
    in = utterance(3000, 20000, "I could put you through to billing", 1.0);
    cc_call_input(c, &in);
    /* the only silence is the half second before the greeting */
    assert_int_equal(cc_call_record(c)->nsilences, 1);
    assert_int_equal(cc_call_record(c)->silences[0].to, 1500);
    cc_call_free(c);
}

/* ---- the engine says what comes next (cc_call_next_lines) ---- */

typedef struct {
    int line;
    char *text;
    cc_mood mood;
    const cc_persona *persona;
    int64_t t; /* call time it was first listed at */
} listed_line;

typedef struct {
    cc_sim *sim;
    listed_line *v;
    size_t n, cap;
    size_t says, checked;
    const char *where;
} next_watch;

static void take_listing(next_watch *w, int64_t t)
{
    cc_next_line *v;
    size_t n;
    assert_int_equal(cc_call_next_lines(cc_sim_call(w->sim), &v, &n), 0);
    for (size_t i = 0; i < n; i++) {
        int known = 0;
        for (size_t k = 0; k < w->n && !known; k++)
            known = w->v[k].line == v[i].line && w->v[k].mood == v[i].mood &&
                    w->v[k].persona == v[i].persona && strcmp(w->v[k].text, v[i].text) == 0;
        if (known) continue;
        if (w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 64;
            w->v = realloc(w->v, w->cap * sizeof *w->v);
            assert_non_null(w->v);
        }
        w->v[w->n] = (listed_line){v[i].line, strdup(v[i].text), v[i].mood, v[i].persona, t};
        assert_non_null(w->v[w->n].text);
        w->n++;
    }
    cc_call_next_lines_free(v, n);
}

/* Every line the engine says was listed at an earlier moment of the call: before
 * the input or the tick that made the engine say it (a listing taken while that
 * input's outputs come out does not count). */
static void watch_next(void *ud, const cc_output *o)
{
    next_watch *w = ud;
    if (!w->sim) return; /* cc_sim_create's first drain: rings only */
    if (o->kind == CC_OUT_SAY) {
        w->says++;
        int found = 0;
        for (size_t k = 0; k < w->n && !found; k++)
            found = w->v[k].t < o->t && w->v[k].line == o->line && w->v[k].mood == o->mood &&
                    w->v[k].persona == o->persona && strcmp(w->v[k].text, o->text) == 0;
        if (!found)
            fail_msg("%s: at %lld ms line %d says \"%s\" (mood %d), which the engine did not list "
                     "before", w->where, (long long)o->t, o->line, o->text, (int)o->mood);
        w->checked++;
    }
    take_listing(w, o->t);
}

static void play_take_watching_next(const cc_standard *s, const cc_scenario *sc, const char *path,
                                    size_t *says)
{
    cc_diags *d = cc_diags_create();
    cc_take *take = NULL;
    assert_int_equal(cc_take_load_file(path, &take, d), CC_FILE_OK);
    cc_diags_free(d);
    next_watch w = {.where = path};
    cc_sim *sim = cc_sim_create(s, sc, "Alex", 7, watch_next, &w);
    assert_non_null(sim);
    w.sim = sim;
    take_listing(&w, 0);
    for (size_t i = 0; i < take->count; i++) {
        int rc = cc_sim_apply(sim, &take->actions[i]);
        assert_true(rc == 0 || rc == -2); /* -2: a recorded answer, not played here */
        int64_t now;
        cc_sim_now_ms(sim, &now);
        take_listing(&w, now);
    }
    cc_sim_finish(sim);
    assert_int_equal(w.checked, w.says);
    *says += w.says;
    for (size_t k = 0; k < w.n; k++) free(w.v[k].text);
    free(w.v);
    cc_sim_free(sim);
    cc_take_free(take);
}

static void engine_lists_every_line_before_saying_it(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard *shipped = NULL;
    assert_int_equal(cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &shipped, d),
                     CC_FILE_OK);
    DIR *dp = opendir(CC_DATA_DIR "/scenarios/takes");
    assert_non_null(dp);
    size_t says = 0, takes = 0, models = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, de->d_name);
        cc_scenario *sc = NULL;
        if (cc_scenario_load_file(path, shipped, &sc, d) != CC_FILE_OK) continue;
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, de->d_name);
        DIR *tp = opendir(dir);
        assert_non_null(tp);
        struct dirent *te;
        while ((te = readdir(tp))) {
            size_t len = strlen(te->d_name);
            if (len < 6 || strcmp(te->d_name + len - 5, ".take") != 0) continue;
            char take[2048];
            snprintf(take, sizeof take, "%s/%s", dir, te->d_name);
            play_take_watching_next(shipped, sc, take, &says);
            takes++;
            models += strcmp(te->d_name, "model.take") == 0;
        }
        closedir(tp);
        cc_scenario_free(sc);
    }
    closedir(dp);
    cc_diags_free(d);
    cc_standard_free(shipped);
    /* the shipped scenarios with model takes: at least those when this was written */
    assert_true(models >= 12);
    assert_true(takes > models);
    assert_true(says > 100);
    /* and the fixture's call: two lines, a hold, a transfer */
    cc_sim *sim;
    next_watch w = {.where = "fixture"};
    sim = cc_sim_create(std, scn, "Alex", 3, watch_next, &w);
    w.sim = sim;
    take_listing(&w, 0);
    cc_take_action acts[] = {
        {.kind = CC_TAKE_PICKUP, .ring = 1},
        {.kind = CC_TAKE_SAY, .text = "Good morning, Northwind Travel, Alex speaking"},
        {.kind = CC_TAKE_SAY, .text = "I will put you through"},
        {.kind = CC_TAKE_HOLD},
        {.kind = CC_TAKE_WAIT, .seconds = 5},
        {.kind = CC_TAKE_RESUME},
        {.kind = CC_TAKE_WAIT, .seconds = 2},
        {.kind = CC_TAKE_SWITCH},
        {.kind = CC_TAKE_SAY, .text = "Good morning, Northwind Travel"},
        {.kind = CC_TAKE_SWITCH},
        {.kind = CC_TAKE_TRANSFER, .text = "2040"},
    };
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        cc_sim_apply(sim, &acts[i]);
        int64_t now;
        cc_sim_now_ms(sim, &now);
        take_listing(&w, now);
    }
    cc_sim_finish(sim);
    /* the request, consent, the line kept for the resume, line 2's */
    assert_true(w.says >= 4);
    for (size_t k = 0; k < w.n; k++) free(w.v[k].text);
    free(w.v);
    cc_sim_free(sim);
    /* an ended call has nothing more to say */
    cc_next_line *v = (cc_next_line *)1;
    size_t n = 1;
    cc_call *c = cc_call_create(std, scn, "Alex", 1);
    assert_int_equal(cc_call_next_lines(c, &v, &n), 0);
    assert_true(n > 0); /* ringing: the greeting and what follows it */
    cc_call_next_lines_free(v, n);
    cc_call_start(c, 0);
    cc_input in = {.kind = CC_IN_HANGUP, .t = 100};
    cc_call_input(c, &in);
    assert_true(cc_call_ended(c));
    assert_int_equal(cc_call_next_lines(c, &v, &n), 0);
    assert_null(v);
    assert_int_equal(n, 0);
    cc_call_free(c);
    cc_call_next_lines_free(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rings_on_the_cadence_and_counts_the_pickup_ring),
        cmocka_unit_test(unanswered_call_is_missed_after_the_last_ring),
        cmocka_unit_test(answer_moves_the_call_and_low_confidence_is_not_scored),
        cmocka_unit_test(caller_prompts_then_hangs_up_on_silence),
        cmocka_unit_test(same_seed_same_call),
        cmocka_unit_test(hold_defers_the_next_line_until_resume),
        cmocka_unit_test(timed_remarks_wait_for_the_trainee_unless_they_interrupt),
        cmocka_unit_test(no_silence_while_the_trainee_talks_over_the_end_of_a_line),
        cmocka_unit_test(engine_lists_every_line_before_saying_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
