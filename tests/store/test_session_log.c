/* session_log: a played call written back as a take replays to the same call.
 * Every shipped take is played (seed 1), written with cc_record_to_take, parsed
 * and played again: the verdicts, the score and the whole JSON report must be
 * the same, and writing the replay gives the same take (a fixed point). */
#include "storetest.h"

#include <math.h>

#include "session_log.h"
#include "take.h"

static char *json_of(const cc_scenario *scn, const st_call *c)
{
    cc_buf b = CC_BUF_INIT;
    cc_report_json(&b, st_standard(), scn, c->rec, c->res);
    return cc_buf_take(&b);
}

static cc_take *parse(const char *text)
{
    cc_diags *d = cc_diags_create();
    cc_take *t = cc_take_parse("events.take", text, strlen(text), d);
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        char line[512];
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        print_error("%s\n", line);
    }
    cc_diags_free(d);
    return t;
}

static void round_trip(const cc_scenario *scn, const char *take_path, const char *trainee)
{
    st_call a, b;
    st_play_file(scn, take_path, trainee, 1, &a);
    char *take = cc_record_to_take(a.rec, scn->id, "2024-03-04T09:00:00Z");
    assert_non_null(take);
    cc_take *t = parse(take);
    if (!t) print_error("%s: the written take does not parse:\n%s", take_path, take);
    assert_non_null(t);
    st_play_take(scn, t, trainee, 1, &b);
    /* Verdict by verdict first, for a readable failure. */
    assert_int_equal(a.res->nrules, b.res->nrules);
    for (size_t i = 0; i < a.res->nrules; i++) {
        if (a.res->rules[i].verdict != b.res->rules[i].verdict ||
            strcmp(a.res->rules[i].evidence, b.res->rules[i].evidence) != 0)
            print_error("%s: rule %s: %s (%s) became %s (%s)\n", take_path,
                        st_standard()->rules[i].id, cc_verdict_name(a.res->rules[i].verdict),
                        a.res->rules[i].evidence, cc_verdict_name(b.res->rules[i].verdict),
                        b.res->rules[i].evidence);
        assert_int_equal(a.res->rules[i].verdict, b.res->rules[i].verdict);
        assert_string_equal(a.res->rules[i].evidence, b.res->rules[i].evidence);
    }
    assert_int_equal(a.res->score, b.res->score);
    assert_int_equal(a.res->passed, b.res->passed);
    char *ja = json_of(scn, &a), *jb = json_of(scn, &b);
    assert_string_equal(ja, jb);
    char *again = cc_record_to_take(b.rec, scn->id, "2024-03-04T09:00:00Z");
    assert_string_equal(take, again);
    free(ja);
    free(jb);
    free(again);
    free(take);
    cc_take_free(t);
    st_call_free(&a);
    st_call_free(&b);
}

static void shipped_takes_round_trip(void **state)
{
    (void)state;
    size_t total = 0;
    for (size_t s = 0; s < sizeof st_shipped / sizeof *st_shipped; s++) {
        cc_scenario *scn = st_scenario(st_shipped[s]);
        size_t n;
        char **takes = st_takes(st_shipped[s], &n);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) round_trip(scn, takes[i], "Alex");
        total += n;
        st_free_list(takes, n);
        cc_scenario_free(scn);
    }
    assert_true(total >= 17);
}

/* Another trainee name and seeds: the variants the seed picks replay too. */
static void other_seeds_round_trip(void **state)
{
    (void)state;
    for (size_t s = 0; s < sizeof st_shipped / sizeof *st_shipped; s++) {
        cc_scenario *scn = st_scenario(st_shipped[s]);
        size_t n;
        char **takes = st_takes(st_shipped[s], &n);
        for (uint64_t seed = 2; seed <= 4; seed++) {
            st_call a, b;
            st_play_file(scn, takes[0], "Sam", seed, &a);
            char *take = cc_record_to_take(a.rec, scn->id, NULL);
            cc_take *t = parse(take);
            assert_non_null(t);
            st_play_take(scn, t, "Sam", seed, &b);
            char *ja = json_of(scn, &a), *jb = json_of(scn, &b);
            assert_string_equal(ja, jb);
            free(ja);
            free(jb);
            free(take);
            cc_take_free(t);
            st_call_free(&a);
            st_call_free(&b);
        }
        st_free_list(takes, n);
        cc_scenario_free(scn);
    }
}

/* Hand-made takes for what the shipped ones do not do: rejecting the ringing
 * phone, measured delivery, low confidence, talking on hold, a transfer while
 * holding, and typing over the caller. */
static void edge_takes_round_trip(void **state)
{
    (void)state;
    static const char *const takes[] = {
        "@3 hangup\n",
        "pickup\n"
        "@1.6-4.3 say \"good morning northwind travel this is Alex\" confidence 0.91 pitch 4.2 "
        "wpm 152 loudness -21.5\n"
        "say \"mumble\" confidence 0.2\n"
        "hold\n"
        "say \"talking while on hold\"\n"
        "wait 3\n"
        "transfer 2040\n",
        "pickup 2\n"
        "interrupt \"Sorry, sir, \\\"calm\\\" down \\\\ please\"\n"
        "wait 20\n"
        "switch\n"
        "switch\n"
        "hangup\n",
    };
    const char *scns[] = {"rude-caller", "transfer-request", "second-line"};
    for (size_t s = 0; s < 3; s++) {
        cc_scenario *scn = st_scenario(scns[s]);
        for (size_t k = 0; k < sizeof takes / sizeof *takes; k++) {
            cc_take *t0 = parse(takes[k]);
            assert_non_null(t0);
            st_call a, b;
            st_play_take(scn, t0, "Alex", 1, &a);
            char *take = cc_record_to_take(a.rec, scn->id, NULL);
            cc_take *t = parse(take);
            if (!t) print_error("%s", take);
            assert_non_null(t);
            st_play_take(scn, t, "Alex", 1, &b);
            char *ja = json_of(scn, &a), *jb = json_of(scn, &b);
            if (strcmp(ja, jb) != 0) print_error("take %zu on %s:\n%s\n", k, scns[s], take);
            assert_string_equal(ja, jb);
            free(ja);
            free(jb);
            free(take);
            cc_take_free(t);
            cc_take_free(t0);
            st_call_free(&a);
            st_call_free(&b);
        }
        cc_scenario_free(scn);
    }
}

/* An answer typed in one go (a line piped to the terminal mode) starts and
 * ends in the same millisecond: written "@S-S", it must replay with no length,
 * not with the length of speaking it (which moved the caller's reply and made
 * the terminal's recorded call score differently when replayed). */
static void answer_with_no_length_round_trips(void **state)
{
    (void)state;
    cc_scenario *scn = st_scenario("transfer-request");
    cc_take *t0 = parse("pickup\n@2.500-2.500 say \"Good morning, Northwind Travel, Alex speaking.\"\n");
    assert_non_null(t0);
    assert_int_equal(t0->actions[1].until_ms, 2500);
    st_call a, b;
    st_play_take(scn, t0, "Alex", 1, &a);
    assert_true(a.rec->nutterances >= 1);
    assert_int_equal(a.rec->utterances[0].start, 2500);
    assert_int_equal(a.rec->utterances[0].end, 2500);
    char *take = cc_record_to_take(a.rec, scn->id, NULL);
    assert_non_null(strstr(take, "@2.500-2.500 say"));
    cc_take *t = parse(take);
    assert_non_null(t);
    st_play_take(scn, t, "Alex", 1, &b);
    char *ja = json_of(scn, &a), *jb = json_of(scn, &b);
    assert_string_equal(ja, jb);
    /* without an end, an answer still lasts as long as saying it takes */
    cc_take *t2 = parse("pickup\n@2.5 say \"Good morning\"\n");
    assert_int_equal(t2->actions[1].until_ms, -1);
    free(ja);
    free(jb);
    free(take);
    cc_take_free(t);
    cc_take_free(t2);
    cc_take_free(t0);
    st_call_free(&a);
    st_call_free(&b);
    cc_scenario_free(scn);
}

/* Answers that a take cannot hold as they are come out parseable. */
static void awkward_text_is_escaped(void **state)
{
    (void)state;
    cc_utterance u[3] = {
        {1000, 2500, "say \"hi\" \\ there\nnew\tline \xff end", 0.75, 1, 1, 1, 0, NAN, NAN, NAN},
        {3000, 3000, "", 0.0, 0, 1, 1, 0, 3.5, NAN, -20.0},
        {4000, 5000, "caf\xc3\xa9", 1.0, 1, 1, 1, 0, NAN, 140.0, NAN},
    };
    cc_record rec;
    memset(&rec, 0, sizeof rec);
    rec.trainee = "Zo\xc3\xab \"Z\"";
    rec.seed = 7;
    rec.utterances = u;
    rec.nutterances = 3;
    rec.lines[1].answered = 1;
    rec.lines[1].rang = 1;
    rec.lines[1].t = 500;
    rec.end_t = CC_NO_TIME;
    char *take = cc_record_to_take(&rec, "x", "now");
    assert_non_null(take);
    cc_take *t = parse(take);
    assert_non_null(t);
    assert_int_equal(t->count, 4);
    assert_int_equal(t->actions[0].kind, CC_TAKE_PICKUP);
    assert_int_equal(t->actions[0].at_ms, 500);
    assert_string_equal(t->actions[1].text, "say \"hi\" \\ there new line \xef\xbf\xbd end");
    assert_int_equal(t->actions[1].at_ms, 1000);
    assert_int_equal(t->actions[1].until_ms, 2500);
    assert_true(t->actions[1].confidence == 0.75);
    assert_true(isnan(t->actions[1].pitch_range));
    assert_string_equal(t->actions[2].text, "...");
    assert_int_equal(t->actions[2].until_ms, 3000); /* no length: kept as none */
    assert_true(t->actions[2].confidence == 0.0);
    assert_true(t->actions[2].pitch_range == 3.5);
    assert_true(t->actions[2].loudness == -20.0);
    assert_string_equal(t->actions[3].text, "caf\xc3\xa9");
    assert_true(t->actions[3].rate_wpm == 140.0);
    assert_non_null(strstr(take, "# trainee \"Zo\xc3\xab \\\"Z\\\"\", seed 7"));
    cc_take_free(t);
    free(take);

    /* Numbers keep every bit, in their shortest form. */
    cc_buf b = CC_BUF_INIT;
    cc_take_action a = {.kind = CC_TAKE_SAY, .text = "x", .timed = 1, .at_ms = 12345,
                        .until_ms = 13000, .measured = 1, .confidence = 0.1 + 0.2,
                        .pitch_range = 1.0 / 3.0, .rate_wpm = 150, .loudness = NAN};
    assert_int_equal(cc_take_format_action(&b, &a), 0);
    cc_take *t2 = parse(cc_buf_str(&b));
    assert_non_null(t2);
    assert_true(t2->actions[0].confidence == 0.1 + 0.2);
    assert_true(t2->actions[0].pitch_range == 1.0 / 3.0);
    assert_non_null(strstr(cc_buf_str(&b), "@12.345-13.000 say \"x\""));
    assert_non_null(strstr(cc_buf_str(&b), " wpm 150"));
    assert_null(strstr(cc_buf_str(&b), "loudness"));
    cc_take_free(t2);
    cc_buf_reset(&b);
}

static void format_action_refuses_what_is_not_a_line(void **state)
{
    (void)state;
    cc_buf b = CC_BUF_INIT;
    cc_take_action untimed = {.kind = CC_TAKE_HOLD};
    cc_take_action wav = {.kind = CC_TAKE_SAY_WAV, .text = "a.wav", .timed = 1};
    cc_take_action wait = {.kind = CC_TAKE_WAIT, .seconds = 2, .timed = 1};
    cc_take_action ext = {.kind = CC_TAKE_TRANSFER, .text = "20 40", .timed = 1};
    cc_take_action neg = {.kind = CC_TAKE_HOLD, .timed = 1, .at_ms = -5};
    assert_int_equal(cc_take_format_action(&b, &untimed), -1);
    assert_int_equal(cc_take_format_action(&b, &wav), -1);
    assert_int_equal(cc_take_format_action(&b, &wait), -1);
    assert_int_equal(cc_take_format_action(&b, &ext), -1);
    assert_int_equal(cc_take_format_action(&b, &neg), -1);
    assert_int_equal(cc_take_format_action(NULL, &neg), -1);
    assert_int_equal(cc_take_format_action(&b, NULL), -1);
    assert_int_equal((int)b.len, 0);
    cc_take_action ok = {.kind = CC_TAKE_TRANSFER, .text = "2040", .timed = 1, .at_ms = 61000};
    assert_int_equal(cc_take_format_action(&b, &ok), 0);
    assert_string_equal(cc_buf_str(&b), "@61.000 transfer 2040\n");
    cc_buf_reset(&b);
    assert_null(cc_record_to_take(NULL, NULL, NULL));
    assert_null(cc_record_transcript(NULL));
}

static void transcript_reads_like_the_call(void **state)
{
    (void)state;
    cc_scenario *scn = st_scenario("rude-caller");
    st_call a;
    st_play_file(scn, CC_DATA_DIR "/scenarios/takes/rude-caller/model.take", "Alex", 1, &a);
    char *t = cc_record_transcript(a.rec);
    assert_non_null(t);
    assert_non_null(strstr(t, "Alex answers line 1 (ring 2)"));
    assert_non_null(strstr(t, "] Caller 1: "));
    assert_non_null(strstr(t, "] Alex: Good morning, Northwind Travel, this is Alex."));
    assert_non_null(strstr(t, "Alex puts line 1 on hold"));
    assert_non_null(strstr(t, "The call ends"));
    /* In time order: the pickup comes before the first answer. */
    assert_true(strstr(t, "answers line 1") < strstr(t, "] Alex: Good morning"));
    free(t);
    st_call_free(&a);
    cc_scenario_free(scn);
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(st_std);
    st_std = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_takes_round_trip),
        cmocka_unit_test(other_seeds_round_trip),
        cmocka_unit_test(edge_takes_round_trip),
        cmocka_unit_test(answer_with_no_length_round_trips),
        cmocka_unit_test(awkward_text_is_escaped),
        cmocka_unit_test(format_action_refuses_what_is_not_a_line),
        cmocka_unit_test(transcript_reads_like_the_call),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
