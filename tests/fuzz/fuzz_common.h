/* Shared by the fuzz targets: the libFuzzer entry point, contract checks and
 * the "play a take through a scenario, score it, report it" helper that lets
 * the scenario and take targets fuzz the call engine and the scorer too.
 *
 * A broken contract calls FUZZ_CHECK, which prints where and aborts, so
 * libFuzzer (and the replay driver) report it like any crash. */
#ifndef CC_FUZZ_COMMON_H
#define CC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "report.h"
#include "scenario.h"
#include "score.h"
#include "sim.h"
#include "standard.h"
#include "take.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: fuzz contract broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* The bounds put on a take before it is played: the engine is meant to be
 * fuzzed, not made to run for hours of simulated silence. */
#define FUZZ_MAX_ACTIONS 200
#define FUZZ_MAX_WAIT_S 600.0

/* 64-bit FNV-1a: a deterministic seed for the caller's line variants. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

/* Every diagnostic must format, sort, and have a file and a message; a load
 * that failed must say why, and one that succeeded must have no error. */
static inline void fuzz_check_diags(cc_diags *d, int loaded)
{
    size_t errors = cc_diags_errors(d);
    if (loaded) FUZZ_CHECK(errors == 0);
    else FUZZ_CHECK(errors > 0);
    cc_diags_sort(d);
    char small[8], line[512];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        const cc_diag *g = cc_diags_get(d, i);
        FUZZ_CHECK(g && g->file && g->message);
        FUZZ_CHECK(g->line >= 0 && g->col >= 0);
        int need = cc_diag_format(g, line, sizeof line);
        FUZZ_CHECK(need > 0);
        FUZZ_CHECK(cc_diag_format(g, small, sizeof small) == need);
        FUZZ_CHECK(strlen(small) < sizeof small);
    }
}

static void fuzz_observe(void *ud, const cc_output *o)
{
    int64_t *last = ud;
    /* Outputs come in call-clock order (sim.h). */
    FUZZ_CHECK(o->t >= *last);
    *last = o->t;
}

/* Plays `take` (bounded) through scn with std, then scores and reports the
 * call. Checks what the headers promise of the result. */
static inline void fuzz_play(const cc_standard *std, const cc_scenario *scn, const cc_take *take,
                             uint64_t seed)
{
    int64_t last = INT64_MIN;
    cc_sim *sim = cc_sim_create(std, scn, "Alex", seed, fuzz_observe, &last);
    if (!sim) return; /* out of memory */
    double waited = 0;
    size_t n = take ? take->count : 0;
    if (n > FUZZ_MAX_ACTIONS) n = FUZZ_MAX_ACTIONS;
    for (size_t i = 0; i < n; i++) {
        const cc_take_action *a = &take->actions[i];
        if (a->kind == CC_TAKE_WAIT) {
            if (waited + a->seconds > FUZZ_MAX_WAIT_S) continue;
            waited += a->seconds;
        }
        int rc = cc_sim_apply(sim, a);
        FUZZ_CHECK(rc == 0 || rc == -1 || (rc == -2 && a->kind == CC_TAKE_SAY_WAV));
        if (rc == -1) break; /* out of memory */
    }
    /* The call always ends within two hours of call time: rings stop, a
     * caller's patience runs out. */
    int fin = cc_sim_finish(sim);
    const cc_call *call = cc_sim_call(sim);
    FUZZ_CHECK(fin != 0 || cc_call_ended(call));
    const cc_record *rec = cc_call_record(call);
    FUZZ_CHECK(rec != NULL);
    for (size_t t = 0; t < rec->nturns; t++) {
        char *txt = cc_record_turn_text(rec, (int)t, (int)(t & 1));
        free(txt);
    }
    cc_result *res = cc_score(std, scn, rec);
    if (res) {
        FUZZ_CHECK(res->score >= 0 && res->score <= 100);
        FUZZ_CHECK(res->raw_score >= 0 && res->raw_score <= 100);
        FUZZ_CHECK(res->nrules == std->nrules);
        FUZZ_CHECK(!res->passed || !res->critical_failed);
        for (size_t i = 0; i < res->nrules; i++) {
            FUZZ_CHECK(res->rules[i].evidence != NULL);
            FUZZ_CHECK(res->rules[i].turn >= -1 && res->rules[i].turn < (int)rec->nturns);
            FUZZ_CHECK(strcmp(cc_verdict_name(res->rules[i].verdict), "?") != 0);
        }
        for (size_t i = 0; i < res->nturn_verdicts; i++) {
            const cc_turn_verdict *tv = &res->turn_verdicts[i];
            FUZZ_CHECK(tv->rule >= 0 && (size_t)tv->rule < std->nrules);
            FUZZ_CHECK(tv->turn >= 0 && (size_t)tv->turn < rec->nturns);
            if (i) FUZZ_CHECK(res->turn_verdicts[i - 1].turn <= tv->turn);
        }
        cc_buf out = CC_BUF_INIT;
        cc_report_text(&out, std, scn, rec, res);
        FUZZ_CHECK(!out.failed);
        cc_buf_reset(&out);
        cc_report_json(&out, std, scn, rec, res);
        FUZZ_CHECK(!out.failed);
        if (out.len) FUZZ_CHECK(out.data[0] == '{' && strlen(out.data) == out.len);
        cc_buf_reset(&out);
        cc_result_free(res);
    }
    cc_sim_free(sim);
}

/* A take that tries every phone action, for scenarios and standards under
 * fuzzing. Parsed once; kept for the life of the process. */
static inline const cc_take *fuzz_fixed_take(void)
{
    static cc_take *take;
    static const char text[] =
        "pickup 2\n"
        "say \"Good morning, Northwind Travel, this is Alex. How can I help you?\"\n"
        "say \"I am so sorry to hear that, I understand. May I have your name please?\"\n"
        "wait 7\n"
        "say \"Can I put you on hold for a moment? Is that all right?\"\n"
        "hold\n"
        "wait 12\n"
        "resume\n"
        "say \"Thank you for holding. I will transfer you to extension 2040 now.\"\n"
        "switch\n"
        "say \"Good morning, Northwind Travel, please hold.\"\n"
        "switch\n"
        "interrupt \"Shut up, that is not my problem\"\n"
        "transfer 2040\n"
        "say \"Thank you for calling, goodbye.\"\n"
        "hangup\n";
    if (!take) {
        cc_diags *d = cc_diags_create();
        take = cc_take_parse("fixed.take", text, sizeof text - 1, d);
        if (!take) abort();
        cc_diags_free(d);
    }
    return take;
}

#endif
