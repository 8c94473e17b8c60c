/* Small standard and scenario written for the unit tests, so each test shows
 * the behaviour it checks without depending on the shipped content. */
#ifndef CC_TEST_FIXTURE_H
#define CC_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "scenario.h"
#include "standard.h"

static const char FIX_STANDARD[] =
    "standard: test-std\n"
    "title: Test standard\n"
    "language: en\n"
    "company: Northwind Travel\n"
    "pass_mark: 70\n"
    "critical_cap: 40\n"
    "settings:\n"
    "  answer_by_ring: 3\n"
    "  hold_max_seconds: 30\n"
    "  dead_air_seconds: 5\n"
    "caller_reactions:\n"
    "  silence: Hello? Are you there?\n"
    "  silence_hangup: Forget it.\n"
    "  not_understood: Sorry, what?\n"
    "  long_hold: That was a long wait.\n"
    "rules:\n"
    "  - id: greeting\n"
    "    title: Greet\n"
    "    phase: opening\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    detect: {kind: phrase, phrases: ['good (morning|afternoon)']}\n"
    "    feedback: Greet.\n"
    "    model: Good morning.\n"
    "  - id: company\n"
    "    title: Company\n"
    "    phase: opening\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    detect: {kind: phrase, phrases: ['{company}']}\n"
    "    feedback: Name the company.\n"
    "    model: '{company}.'\n"
    "  - id: no-casual\n"
    "    title: No casual words\n"
    "    phase: during\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: forbidden, phrases: ['yeah', 'what do you want']}\n"
    "    feedback: Drop casual words.\n"
    "    model: How can I help?\n"
    "  - id: stay-calm\n"
    "    title: Stay calm\n"
    "    phase: during\n"
    "    reason: r\n"
    "    weight: 3\n"
    "    critical: true\n"
    "    detect: {kind: forbidden, phrases: ['shut up', 'idiot']}\n"
    "    feedback: Stay calm.\n"
    "    model: I understand.\n"
    "  - id: answer-rings\n"
    "    title: Answer fast\n"
    "    phase: opening\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    detect: {kind: timing, measure: answer-ring, max: $answer_by_ring}\n"
    "    feedback: Answer by ring 3.\n"
    "    model: (pick up)\n"
    "  - id: hold-time\n"
    "    title: Short holds\n"
    "    phase: hold-transfer\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: timing, measure: hold-seconds, max: $hold_max_seconds}\n"
    "    feedback: Come back sooner.\n"
    "    model: Thank you for holding.\n"
    "  - id: no-dead-air\n"
    "    title: No dead air\n"
    "    phase: during\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: timing, measure: silence-seconds, max: $dead_air_seconds}\n"
    "    feedback: Do not leave silence.\n"
    "    model: Let me check.\n"
    "  - id: no-interrupt\n"
    "    title: Let them finish\n"
    "    phase: during\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: timing, measure: talk-over-seconds, max: 0.5}\n"
    "    feedback: Let the caller finish.\n"
    "    model: (wait)\n"
    "  - id: hold-permission\n"
    "    title: Ask before hold\n"
    "    phase: hold-transfer\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    detect: {kind: event, event: hold, check: before, phrases: ['(may|can) i put you on hold']}\n"
    "    feedback: Ask first.\n"
    "    model: May I put you on hold?\n"
    "  - id: hold-return\n"
    "    title: Thank on return\n"
    "    phase: hold-transfer\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: event, event: resume, check: after, phrases: ['thank you for (waiting|holding)']}\n"
    "    feedback: Thank them.\n"
    "    model: Thank you for holding.\n"
    "  - id: transfer-number\n"
    "    title: Give the extension\n"
    "    phase: hold-transfer\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    detect: {kind: event, event: transfer, check: before, phrases: ['{number}']}\n"
    "    feedback: Give the number.\n"
    "    model: Extension {number}.\n"
    "  - id: caller-hangs-up\n"
    "    title: Caller hangs up first\n"
    "    phase: closing\n"
    "    reason: r\n"
    "    weight: 2\n"
    "    critical: true\n"
    "    detect: {kind: event, event: hangup, check: caller-first}\n"
    "    feedback: Let the caller hang up.\n"
    "    model: Goodbye.\n"
    "  - id: voice\n"
    "    title: Lively voice\n"
    "    phase: during\n"
    "    reason: r\n"
    "    weight: 1\n"
    "    detect: {kind: delivery, measure: pitch-range, min: 2}\n"
    "    feedback: Vary your pitch.\n"
    "    model: (smile)\n";

/* open -> ask (caller wants billing) -> consent when offered a transfer or a
 * hold -> thanks (right extension), wrong (other extension), back (after a
 * hold; line 2 rings a second after its line), or bye. */
static const char FIX_SCENARIO[] =
    "scenario: test-call\n"
    "title: Test call\n"
    "language: en\n"
    "briefing: A test.\n"
    "context:\n"
    "  number: '2040'\n"
    "lines:\n"
    "  - line: 1\n"
    "    start: open\n"
    "    caller: {name: Pat, voice: en-us, rate: 180, mood: calm}\n"
    "  - line: 2\n"
    "    start: l2\n"
    "    caller: {name: Sam, voice: en-us, rate: 180}\n"
    "nodes:\n"
    "  - id: open\n"
    "    expect: [greeting, company]\n"
    "    model: Good morning, Northwind Travel.\n"
    "    branches:\n"
    "      - when: {failed: [greeting]}\n"
    "        goto: grumpy\n"
    "      - goto: ask\n"
    "  - id: grumpy\n"
    "    say: Not very friendly. Anyway, billing please.\n"
    "    branches:\n"
    "      - goto: ask2\n"
    "  - id: ask\n"
    "    say: [Can you put me through to billing?, Billing please.]\n"
    "    branches:\n"
    "      - when: {said: ['(transfer|put) you']}\n"
    "        goto: consent\n"
    "      - goto: bye\n"
    "  - id: consent\n"
    "    say: Yes please.\n"
    "    branches:\n"
    "      - when: {event: transfer, extension: '2040'}\n"
    "        goto: thanks\n"
    "      - when: {event: transfer}\n"
    "        goto: wrong\n"
    "      - when: {event: hold}\n"
    "        goto: back\n"
    "      - goto: bye\n"
    "  - id: ask2\n"
    "    say: Well?\n"
    "    branches:\n"
    "      - goto: bye\n"
    "  - id: back\n"
    "    say: Any news?\n"
    "    events:\n"
    "      - {after: 1, do: ring, line: 2}\n"
    "    branches:\n"
    "      - goto: bye\n"
    "  - id: wrong\n"
    "    say: That was the wrong department!\n"
    "    branches:\n"
    "      - goto: bye\n"
    "  - id: thanks\n"
    "    say: Thanks.\n"
    "    end: true\n"
    "  - id: bye\n"
    "    say: Goodbye then.\n"
    "    end: true\n"
    "  - id: l2\n"
    "    expect: [greeting]\n"
    "    model: Good morning.\n"
    "    branches:\n"
    "      - goto: l2bye\n"
    "  - id: l2bye\n"
    "    say: I will call later.\n"
    "    end: true\n";

static inline cc_standard *fix_standard(void)
{
    cc_diags *d = cc_diags_create();
    cc_standard *s = cc_standard_load("std.yaml", FIX_STANDARD, strlen(FIX_STANDARD), d);
    if (!s) {
        char buf[512];
        for (size_t i = 0; i < cc_diags_count(d); i++) {
            cc_diag_format(cc_diags_get(d, i), buf, sizeof buf);
            print_error("%s\n", buf);
        }
    }
    cc_diags_free(d);
    assert_non_null(s);
    return s;
}

static inline cc_scenario *fix_scenario_text(const cc_standard *std, const char *text)
{
    cc_diags *d = cc_diags_create();
    cc_scenario *s = cc_scenario_load("scn.yaml", text, strlen(text), std, d);
    if (!s) {
        char buf[512];
        for (size_t i = 0; i < cc_diags_count(d); i++) {
            cc_diag_format(cc_diags_get(d, i), buf, sizeof buf);
            print_error("%s\n", buf);
        }
    }
    cc_diags_free(d);
    assert_non_null(s);
    return s;
}

/* The formatted diagnostics, one a line, for exact comparisons. */
static inline void fix_diags_text(const cc_diags *d, char *out, size_t n)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        char line[512];
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        int w = snprintf(out + used, n - used, "%s\n", line);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
}

#endif

#include "score.h"
#include "sim.h"
#include "take.h"

/* Plays a take given as text; the sim is the caller's to free. */
static inline cc_sim *fix_play(const cc_standard *std, const cc_scenario *scn, const char *take,
                               uint64_t seed)
{
    cc_diags *d = cc_diags_create();
    cc_take *t = cc_take_parse("t.take", take, strlen(take), d);
    assert_int_equal(cc_diags_errors(d), 0);
    assert_non_null(t);
    cc_sim *sim = cc_sim_create(std, scn, "Alex", seed, NULL, NULL);
    assert_non_null(sim);
    for (size_t i = 0; i < t->count; i++) assert_int_equal(cc_sim_apply(sim, &t->actions[i]), 0);
    assert_int_equal(cc_sim_finish(sim), 0);
    cc_take_free(t);
    cc_diags_free(d);
    return sim;
}

static inline cc_verdict fix_verdict(const cc_standard *std, const cc_result *r, const char *id)
{
    int i = cc_standard_find(std, id);
    assert_true(i >= 0);
    return r->rules[i].verdict;
}

static inline const char *fix_evidence(const cc_standard *std, const cc_result *r, const char *id)
{
    int i = cc_standard_find(std, id);
    assert_true(i >= 0);
    return r->rules[i].evidence;
}
