/* Limits the product promises (issue 7), on the pure library with the
 * simulated clock: a call longer than an hour is played, scored, reported,
 * turned back into a take and replayed to the same verdicts. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "files.h"
#include "report.h"
#include "score.h"
#include "session_log.h"
#include "sim.h"
#include "take.h"

static void print_diags(const cc_diags *d)
{
    char line[512];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        print_error("%s\n", line);
    }
}

static cc_standard *load_standard(void)
{
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_file_status st = cc_standard_load_file(CC_SRC_DIR "/scenarios/standard.yaml", &std, d);
    print_diags(d);
    cc_diags_free(d);
    assert_int_equal(st, CC_FILE_OK);
    return std;
}

static cc_scenario *load_scenario(const cc_standard *std, const char *path)
{
    cc_diags *d = cc_diags_create();
    cc_scenario *scn = NULL;
    cc_file_status st = cc_scenario_load_file(path, std, &scn, d);
    print_diags(d);
    cc_diags_free(d);
    assert_int_equal(st, CC_FILE_OK);
    return scn;
}

static void apply(cc_sim *sim, cc_take_kind kind, const char *text, double seconds)
{
    cc_take_action a = {.kind = kind, .text = (char *)text, .seconds = seconds};
    assert_int_equal(cc_sim_apply(sim, &a), 0);
}

/* Plays one take on a fresh call and returns its verdicts as "id=verdict ...". */
static char *verdicts(const cc_standard *std, const cc_result *res)
{
    cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < res->nrules; i++)
        cc_buf_printf(&b, "%s=%s ", std->rules[i].id, cc_verdict_name(res->rules[i].verdict));
    return cc_buf_take(&b);
}

/* More than an hour of call time: 420 exchanges with a chatty caller, a hold
 * within the limit every fifty, then the close. */
static void call_longer_than_an_hour(void **state)
{
    (void)state;
    cc_standard *std = load_standard();
    cc_scenario *scn = load_scenario(std, CC_SRC_DIR "/tests/limits/long-call.yaml");
    cc_sim *sim = cc_sim_create(std, scn, "Alex", 7, NULL, NULL);
    assert_non_null(sim);
    cc_take_action pick = {.kind = CC_TAKE_PICKUP, .ring = 2};
    assert_int_equal(cc_sim_apply(sim, &pick), 0);
    apply(sim, CC_TAKE_SAY, "Good morning, Northwind Travel, this is Alex. How can I help you?", 0);
    int holds = 0;
    for (int i = 0; i < 420; i++) {
        apply(sim, CC_TAKE_SAY, "I see. Please go on.", 0);
        if (i % 50 == 25) {
            apply(sim, CC_TAKE_SAY, "May I put you on hold for a moment?", 0);
            apply(sim, CC_TAKE_HOLD, NULL, 0);
            apply(sim, CC_TAKE_WAIT, NULL, 20);
            apply(sim, CC_TAKE_RESUME, NULL, 0);
            apply(sim, CC_TAKE_SAY, "Thank you for waiting.", 0);
            holds++;
        }
        apply(sim, CC_TAKE_WAIT, NULL, 4);
    }
    apply(sim, CC_TAKE_SAY, "Thank you for calling, goodbye.", 0);
    assert_int_equal(cc_sim_finish(sim), 0);
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    assert_true(rec->ended);
    assert_true(rec->end_t > 3600 * 1000);
    assert_true(rec->nturns > 420);
    assert_int_equal(rec->nholds, holds);
    assert_true(rec->nutterances >= 420 + 1 + 2 * (size_t)holds);

    cc_result *res = cc_score(std, scn, rec);
    assert_non_null(res);
    assert_true(res->passed);
    /* Every turn of the hour has its verdicts, in order. */
    for (size_t i = 1; i < res->nturn_verdicts; i++)
        assert_true(res->turn_verdicts[i].turn >= res->turn_verdicts[i - 1].turn);

    /* The reports hold the whole call; the JSON ends where it should. */
    cc_buf text = CC_BUF_INIT, json = CC_BUF_INIT;
    cc_report_text(&text, std, scn, rec, res);
    cc_report_json(&json, std, scn, rec, res);
    assert_non_null(strstr(cc_buf_str(&text), "Turn 420,"));
    assert_non_null(strstr(cc_buf_str(&text), "PASSED"));
    assert_true(json.len > 0 && json.data[json.len - 2] == '}');

    /* The recorded call turns back into a take that replays to the same verdicts. */
    char *take_text = cc_record_to_take(rec, scn->id, "2026-11-22");
    assert_non_null(take_text);
    assert_true(strlen(take_text) < CC_TAKE_MAX_BYTES);
    cc_diags *d = cc_diags_create();
    cc_take *take = cc_take_parse("long.take", take_text, strlen(take_text), d);
    print_diags(d);
    assert_non_null(take);
    cc_sim *again = cc_sim_create(std, scn, "Alex", 7, NULL, NULL);
    for (size_t i = 0; i < take->count; i++) assert_int_equal(cc_sim_apply(again, &take->actions[i]), 0);
    cc_sim_finish(again);
    cc_result *res2 = cc_score(std, scn, cc_call_record(cc_sim_call(again)));
    char *v1 = verdicts(std, res), *v2 = verdicts(std, res2);
    assert_string_equal(v1, v2);
    assert_int_equal(res->score, res2->score);
    assert_int_equal(cc_call_record(cc_sim_call(again))->end_t, rec->end_t);

    free(v1);
    free(v2);
    cc_result_free(res2);
    cc_sim_free(again);
    cc_take_free(take);
    cc_diags_free(d);
    free(take_text);
    cc_buf_reset(&text);
    cc_buf_reset(&json);
    cc_result_free(res);
    cc_sim_free(sim);
    cc_scenario_free(scn);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(call_longer_than_an_hour)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
