/* The shipped content proves itself: every scenario in scenarios/ lints clean,
 * its model answers pass the rules their nodes expect, and every take in
 * scenarios/takes/<scenario>/ scores as its header says:
 *   # expect: pass | fail
 *   # expect-fail: rule-id ...
 *   # expect-pass: rule-id ...
 * Each scenario must carry at least one take that passes and one that fails. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "files.h"
#include "phrase.h"
#include "score.h"
#include "sim.h"

static const char *const shipped[] = {"rude-caller", "transfer-request", "absent-colleague",
                                      "second-line"};

static cc_standard *std;

static void print_diags(cc_diags *d)
{
    char line[1024];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        print_error("%s\n", line);
    }
}

static int setup(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d);
    print_diags(d);
    cc_diags_free(d);
    return std ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(std);
    return 0;
}

static cc_scenario *load(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, id);
    cc_diags *d = cc_diags_create();
    cc_scenario *s = NULL;
    cc_scenario_load_file(path, std, &s, d);
    if (cc_diags_count(d)) print_diags(d);
    assert_int_equal(cc_diags_count(d), 0); /* no errors and no warnings either */
    cc_diags_free(d);
    assert_non_null(s);
    return s;
}

static void covers_every_rule_of_the_etiquette_standard(void **state)
{
    (void)state;
    static const char *const ids[] = {
        "answer-rings", "greeting", "company", "self-intro", "offer-help", "no-casual",
        "caller-name", "clarify", "active-listening", "no-interrupt", "equal-courtesy", "voice",
        "hold-permission", "hold-time", "hold-return", "no-dead-air", "absent-reason",
        "absent-return", "absent-wait", "offer-alternative", "take-details", "avoid-transfer",
        "transfer-consent", "transfer-number", "no-pass-around", "second-line-excuse",
        "second-line-triage", "second-line-return", "stay-calm", "empathy", "apologise",
        "solution", "summary", "anything-else", "thanks", "caller-hangs-up", "keep-promise"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (cc_standard_find(std, ids[i]) < 0) print_error("missing rule %s\n", ids[i]);
        assert_true(cc_standard_find(std, ids[i]) >= 0);
    }
    assert_int_equal(std->nrules, sizeof ids / sizeof ids[0]);
}

/* A model answer that fails its own node's rules would teach the wrong thing. */
static void model_answers_pass_their_rules(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
        cc_scenario *s = load(shipped[k]);
        cc_slots *slots = cc_scenario_slots(std, s, "Alex");
        for (size_t n = 0; n < s->nnodes; n++) {
            const cc_node *node = &s->nodes[n];
            if (!node->nexpect) continue;
            assert_non_null(node->model);
            char *model = cc_slots_fill(slots, node->model);
            char ev[256];
            for (size_t r = 0; r < node->nexpect; r++) {
                const cc_rule *rule = &std->rules[node->expect[r]];
                int hit = cc_rule_hit(rule, model, slots, ev, sizeof ev);
                if (hit != 1)
                    print_error("%s: node '%s': model \"%s\" fails '%s'\n", shipped[k], node->id,
                                model, rule->id);
                assert_int_equal(hit, 1);
            }
            for (size_t r = 0; r < std->nrules; r++) {
                const cc_rule *rule = &std->rules[r];
                if (rule->kind != CC_DETECT_FORBIDDEN) continue;
                int hit = cc_rule_hit(rule, model, slots, ev, sizeof ev);
                if (hit != 0)
                    print_error("%s: node '%s': model \"%s\" says forbidden \"%s\" (%s)\n",
                                shipped[k], node->id, model, ev, rule->id);
                assert_int_equal(hit, 0);
            }
            free(model);
        }
        cc_slots_free(slots);
        cc_scenario_free(s);
    }
}

typedef struct {
    int expect_pass; /* -1 unset */
    char fail_ids[2048], pass_ids[2048];
} expectations;

static void read_expectations(const char *path, expectations *e)
{
    e->expect_pass = -1;
    e->fail_ids[0] = e->pass_ids[0] = '\0';
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "# expect: ", 10) == 0) e->expect_pass = strcmp(line + 10, "pass") == 0;
        else if (strncmp(line, "# expect-fail: ", 15) == 0)
            snprintf(e->fail_ids, sizeof e->fail_ids, "%s", line + 15);
        else if (strncmp(line, "# expect-pass: ", 15) == 0)
            snprintf(e->pass_ids, sizeof e->pass_ids, "%s", line + 15);
    }
    fclose(f);
    if (e->expect_pass < 0) print_error("%s: no '# expect: pass|fail' line\n", path);
    assert_true(e->expect_pass >= 0);
}

static int check_ids(const char *take, const cc_result *res, char *ids, cc_verdict want)
{
    int ok = 1;
    for (char *id = strtok(ids, " "); id; id = strtok(NULL, " ")) {
        int r = cc_standard_find(std, id);
        if (r < 0) {
            print_error("%s: unknown rule '%s' in its expectations\n", take, id);
            ok = 0;
            continue;
        }
        if (res->rules[r].verdict != want) {
            print_error("%s: rule '%s' is %s (%s), expected %s\n", take, id,
                        cc_verdict_name(res->rules[r].verdict), res->rules[r].evidence,
                        cc_verdict_name(want));
            ok = 0;
        }
    }
    return ok;
}

static void takes_score_as_expected(void **state)
{
    (void)state;
    int all_ok = 1;
    for (size_t k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
        cc_scenario *s = load(shipped[k]);
        char dir[512];
        snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, shipped[k]);
        DIR *dp = opendir(dir);
        if (!dp) print_error("%s: no takes folder %s\n", shipped[k], dir);
        assert_non_null(dp);
        int passing = 0, failing = 0;
        struct dirent *de;
        while ((de = readdir(dp))) {
            size_t n = strlen(de->d_name);
            if (n < 6 || strcmp(de->d_name + n - 5, ".take") != 0) continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            expectations e;
            read_expectations(path, &e);
            cc_diags *d = cc_diags_create();
            cc_take *take = NULL;
            cc_take_load_file(path, &take, d);
            print_diags(d);
            assert_non_null(take);
            cc_sim *sim = cc_sim_create(std, s, "Alex", 1, NULL, NULL);
            for (size_t i = 0; i < take->count; i++)
                assert_int_equal(cc_sim_apply(sim, &take->actions[i]), 0);
            assert_int_equal(cc_sim_finish(sim), 0);
            cc_result *res = cc_score(std, s, cc_call_record(cc_sim_call(sim)));
            assert_non_null(res);
            int ok = 1;
            if (res->passed != e.expect_pass) {
                print_error("%s: scored %d (%s), expected it to %s\n", path, res->score,
                            res->passed ? "passed" : "not passed", e.expect_pass ? "pass" : "fail");
                for (size_t r = 0; r < res->nrules; r++)
                    if (res->rules[r].verdict == CC_VERDICT_FAIL)
                        print_error("    fail %s: %s\n", std->rules[r].id, res->rules[r].evidence);
                ok = 0;
            }
            ok &= check_ids(path, res, e.fail_ids, CC_VERDICT_FAIL);
            ok &= check_ids(path, res, e.pass_ids, CC_VERDICT_PASS);
            all_ok &= ok;
            if (res->passed) passing++;
            else failing++;
            cc_result_free(res);
            cc_sim_free(sim);
            cc_take_free(take);
            cc_diags_free(d);
        }
        closedir(dp);
        if (!passing || !failing)
            print_error("%s: needs a take that passes and one that fails (has %d and %d)\n",
                        shipped[k], passing, failing);
        all_ok &= passing > 0 && failing > 0;
        cc_scenario_free(s);
    }
    assert_true(all_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(covers_every_rule_of_the_etiquette_standard),
        cmocka_unit_test(model_answers_pass_their_rules),
        cmocka_unit_test(takes_score_as_expected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
