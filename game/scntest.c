#include "scntest.h"

#include <stdlib.h>
#include <string.h>

#include "score.h"
#include "sim.h"

static const char *name_of(const cc_scenario_test *t) { return t->name ? t->name : "?"; }

cc_file_status cc_scenario_load_takes(cc_scenario *scn, cc_diags *diags)
{
    cc_file_status worst = CC_FILE_OK;
    for (size_t i = 0; scn && i < scn->ntests; i++) {
        cc_scenario_test *t = &scn->tests[i];
        if (t->take || !t->take_path) continue;
        cc_diags *tmp = cc_diags_create();
        if (!tmp) {
            cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->take_line, t->take_col,
                         "out of memory while reading the take");
            return CC_FILE_BAD;
        }
        cc_file_status st = cc_take_load_file(t->take_path, &t->take, tmp);
        if (st == CC_FILE_MISSING || st == CC_FILE_UNREADABLE) {
            /* the mistake is the name in the scenario: say so there */
            const cc_diag *g = cc_diags_get(tmp, 0);
            const char *why = g ? g->message : "cannot open";
            if (strncmp(why, "cannot open: ", 13) == 0) why += 13;
            cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->take_line, t->take_col,
                         "test '%s': cannot read take file '%s': %s", name_of(t), t->take_path,
                         why);
        } else {
            for (size_t k = 0; k < cc_diags_count(tmp); k++) {
                const cc_diag *g = cc_diags_get(tmp, k);
                cc_diags_add(diags, g->severity, g->file, g->line, g->col, "%s", g->message);
            }
        }
        if (st != CC_FILE_OK) worst = CC_FILE_BAD;
        cc_diags_free(tmp);
    }
    return worst;
}

/* "rule 'x' is pass, expected fail (evidence)" at the id in `fail` or `pass`. */
static void mismatch(cc_diags *d, const cc_scenario *scn, const cc_test_rule *at,
                     const char *name, const char *rule, const cc_rule_verdict *v,
                     const char *want)
{
    const char *ev = v->evidence && *v->evidence ? v->evidence : NULL;
    cc_diags_add(d, CC_DIAG_ERROR, scn->path, at->src_line, at->src_col,
                 "test '%s': rule '%s' is %s, expected %s%s%s%s", name, rule,
                 cc_verdict_name(v->verdict), want, ev ? " (" : "", ev ? ev : "", ev ? ")" : "");
}

static int listed(const cc_test_rule *list, size_t n, int rule)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].rule == rule) return 1;
    return 0;
}

int cc_scenario_test_run(const cc_standard *std, const cc_scenario *scn, size_t i,
                         const char *trainee, uint64_t seed, cc_diags *diags,
                         cc_test_outcome *out)
{
    memset(out, 0, sizeof *out);
    const cc_scenario_test *t = &scn->tests[i];
    const char *name = name_of(t);
    if (!t->take) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->take_line, t->take_col,
                     "test '%s': its take is not loaded, so it cannot be played", name);
        return 0;
    }
    cc_sim *sim = cc_sim_create(std, scn, trainee, seed, NULL, NULL);
    cc_result *res = NULL;
    if (!sim) return -1;
    for (size_t k = 0; k < t->take->count; k++) {
        const cc_take_action *a = &t->take->actions[k];
        int r = cc_sim_apply(sim, a);
        if (r == -2) {
            cc_diags_add(diags, CC_DIAG_ERROR, t->take->path, a->line, a->col,
                         "test '%s': a recorded answer cannot be played in a test; type the "
                         "answer as say \"...\"",
                         name);
            goto done;
        }
        if (r != 0) goto oom;
    }
    if (cc_sim_finish(sim) != 0 && !cc_call_ended(cc_sim_call(sim))) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->src_line, t->src_col,
                     "test '%s': the call did not end within two hours of call time; give the "
                     "scenario's last nodes 'end: true'",
                     name);
        goto done;
    }
    res = cc_score(std, scn, cc_call_record(cc_sim_call(sim)));
    if (!res) goto oom;
    out->played = 1;
    out->score = res->score;
    out->call_passed = res->passed;
    int ok = 1;
    if (t->expect == CC_TEST_PASS && !res->passed) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->expect_line, t->expect_col,
                     "test '%s': the call did not pass (score %d, pass mark %d%s), expected pass",
                     name, res->score, std->pass_mark,
                     res->critical_failed ? ", a critical rule failed" : "");
        for (size_t r = 0; r < res->nrules; r++)
            if (res->rules[r].verdict == CC_VERDICT_FAIL && !listed(t->pass, t->npass, (int)r))
                cc_diags_add(diags, CC_DIAG_NOTE, scn->path, t->expect_line, t->expect_col,
                             "rule '%s' failed: %s", std->rules[r].id, res->rules[r].evidence);
        ok = 0;
    } else if (t->expect == CC_TEST_FAIL && res->passed) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->expect_line, t->expect_col,
                     "test '%s': the call passed (score %d, pass mark %d), expected fail", name,
                     res->score, std->pass_mark);
        ok = 0;
    }
    for (size_t k = 0; k < t->nfail; k++) {
        const cc_rule_verdict *v = &res->rules[t->fail[k].rule];
        if (v->verdict == CC_VERDICT_FAIL) continue;
        mismatch(diags, scn, &t->fail[k], name, std->rules[t->fail[k].rule].id, v, "fail");
        ok = 0;
    }
    for (size_t k = 0; k < t->npass; k++) {
        const cc_rule_verdict *v = &res->rules[t->pass[k].rule];
        if (v->verdict == CC_VERDICT_PASS) continue;
        mismatch(diags, scn, &t->pass[k], name, std->rules[t->pass[k].rule].id, v, "pass");
        ok = 0;
    }
    if (t->has_score_min && res->score < t->score_min) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->score_min_line, t->score_min_col,
                     "test '%s': the call scored %d, below score_min %d", name, res->score,
                     t->score_min);
        ok = 0;
    }
    if (t->has_score_max && res->score > t->score_max) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->score_max_line, t->score_max_col,
                     "test '%s': the call scored %d, above score_max %d", name, res->score,
                     t->score_max);
        ok = 0;
    }
    if (t->outcome && (!res->outcome || strcmp(res->outcome, t->outcome) != 0)) {
        cc_diags_add(diags, CC_DIAG_ERROR, scn->path, t->outcome_line, t->outcome_col,
                     "test '%s': the call ended '%s', expected outcome '%s'", name,
                     res->outcome ? res->outcome : "(no outcome)", t->outcome);
        ok = 0;
    }
    out->ok = ok;
done:
    cc_result_free(res);
    cc_sim_free(sim);
    return 0;
oom:
    cc_result_free(res);
    cc_sim_free(sim);
    return -1;
}
