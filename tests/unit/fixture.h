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

/* The fixture files, read once per test program (kept for its lifetime). */
static inline const char *fix_file(const char *name)
{
    static struct { const char *name; char *text; } cache[4];
    for (int i = 0; i < 4; i++) {
        if (cache[i].name && strcmp(cache[i].name, name) == 0) return cache[i].text;
        if (cache[i].name) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/fixtures/%s", CC_TEST_DIR, name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[4][65536];
        size_t n = fread(buf[i], 1, sizeof buf[i] - 1, f);
        fclose(f);
        buf[i][n] = '\0';
        cache[i].name = name;
        cache[i].text = buf[i];
        return buf[i];
    }
    fail_msg("too many fixture files");
    return NULL;
}

/* A compact standard (13 rules, one of each kind) and a call with branches,
 * a transfer, a hold and a second line: tests/fixtures/. */
#define FIX_STANDARD fix_file("standard.yaml")
#define FIX_SCENARIO fix_file("call.yaml")

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
