/* The shipped content proves itself: every scenario in scenarios/ lints clean,
 * its model answers pass the rules their nodes expect, and its tests (the
 * `tests:` list, which plays every take in scenarios/takes/<scenario>/)
 * hold. Each scenario must carry at least one take that passes and one that
 * fails. */
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

#include "course.h"
#include "files.h"
#include "phrase.h"
#include "scntest.h"
#include "score.h"
#include "sim.h"

static const char *const shipped[] = {
    "rude-caller",   "transfer-request", "absent-colleague", "second-line",
    "hold-lookup",   "wrong-number",     "small-request",    "follow-up",
    "anonymous-caller", "outgoing-call", "several-colleagues", "dropped-call"};

#include "shipped.h"

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
        "solution", "summary", "anything-else", "thanks", "caller-hangs-up", "keep-promise",
        /* the outgoing-call section of the digest, which names no ids of its own */
        "convenient-time", "agree-time", "state-purpose", "thank-for-time", "wrong-number-apology"};
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

/* Every end node of a shipped scenario says how the call ended (issue 14), so a
 * lost customer counts and every report can show the outcome. */
static void end_nodes_declare_outcomes(void **state)
{
    (void)state;
    assert_true(std->noutcomes > 0);
    assert_true(cc_standard_unfinished_outcome(std) >= 0);
    for (size_t k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
        cc_scenario *s = load(shipped[k]);
        for (size_t n = 0; n < s->nnodes; n++)
            if (s->nodes[n].end && s->nodes[n].outcome < 0)
                fail_msg("%s: end node '%s' declares no outcome", shipped[k], s->nodes[n].id);
        cc_scenario_free(s);
    }
}

/* The outgoing-call rules read what people really say, and a bad answer that
 * shares their words does not pass. The slots come from the scenarios that
 * expect the rules ({time} from outgoing-call, {department} from wrong-number). */
static void outgoing_rules_read_what_people_say(void **state)
{
    (void)state;
    static const struct {
        const char *scenario, *rule, *said;
        int hit;
    } t[] = {
        {"outgoing-call", "convenient-time", "Is this a good time?", 1},
        {"outgoing-call", "convenient-time", "Have you got a minute?", 1},
        {"outgoing-call", "convenient-time", "Do you have a moment to talk?", 1},
        {"outgoing-call", "convenient-time", "Can you talk now?", 1},
        {"outgoing-call", "convenient-time", "Is now convenient?", 1},
        {"outgoing-call", "convenient-time", "Would now be a good time to talk?", 1},
        {"outgoing-call", "convenient-time", "Do you have a couple of minutes?", 1},
        {"outgoing-call", "convenient-time", "Am I calling at a bad time?", 1},
        {"outgoing-call", "convenient-time", "Are you free to talk?", 1},
        {"outgoing-call", "convenient-time", "Could you spare five minutes?", 1},
        {"outgoing-call", "convenient-time", "I'm calling about your booking, listen.", 0},
        {"outgoing-call", "convenient-time", "This is Alex from Northwind Travel. This is a good time to book.", 0},
        {"outgoing-call", "convenient-time", "It will only take a minute. You need to agree to the new room.", 0},
        {"outgoing-call", "convenient-time", "Could you speak up, please?", 0},
        {"outgoing-call", "agree-time", "Of course. I'll call you back at four o'clock.", 1},
        {"outgoing-call", "agree-time", "May I ring you again at 4 pm?", 1},
        {"outgoing-call", "agree-time", "Would four o'clock suit you?", 1},
        {"outgoing-call", "agree-time", "Could I call you back tomorrow morning?", 1},
        {"outgoing-call", "agree-time", "Four o'clock it is, then.", 1},
        {"outgoing-call", "agree-time", "OK, I'll call you back later.", 0},
        {"outgoing-call", "agree-time", "Call me whenever you like.", 0},
        {"outgoing-call", "state-purpose", "I'm calling about your hotel in Rome.", 1},
        {"outgoing-call", "state-purpose", "The reason for my call is your hotel booking.", 1},
        {"outgoing-call", "state-purpose", "I'd like to talk to you about your room.", 1},
        {"outgoing-call", "state-purpose", "It's about your booking in Rome.", 1},
        {"outgoing-call", "state-purpose", "Good afternoon, this is Alex from Northwind Travel. Is this a good time?", 0},
        {"outgoing-call", "state-purpose", "I'm calling from Northwind Travel.", 0},
        {"outgoing-call", "thank-for-time", "Thank you for your time, Ms Park.", 1},
        {"outgoing-call", "thank-for-time", "Thanks very much for taking the time to talk to me.", 1},
        {"outgoing-call", "thank-for-time", "I really appreciate your time.", 1},
        {"outgoing-call", "thank-for-time", "Thank you for calling.", 0},
        {"outgoing-call", "thank-for-time", "OK, thanks, bye.", 0},
        {"wrong-number", "wrong-number-apology", "I'm sorry, I'm afraid you've reached Northwind Travel.", 1},
        {"wrong-number", "wrong-number-apology", "I'm afraid this isn't Riverside Dental.", 1},
        {"wrong-number", "wrong-number-apology", "Sorry, I think you have the wrong number.", 1},
        {"wrong-number", "wrong-number-apology", "I'm so sorry for the confusion. This is Northwind Travel.", 1},
        {"wrong-number", "wrong-number-apology", "Sorry, I must have dialled the wrong number.", 1},
        {"wrong-number", "wrong-number-apology", "Nope, wrong number.", 0},
        {"wrong-number", "wrong-number-apology", "No, this is Northwind Travel. You could have looked it up online.", 0},
        {"wrong-number", "wrong-number-apology", "Wrong number. This isn't Riverside Dental.", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cc_scenario *s = load(t[i].scenario);
        cc_slots *slots = cc_scenario_slots(std, s, "Alex");
        assert_non_null(slots);
        int r = cc_standard_find(std, t[i].rule);
        assert_true(r >= 0);
        char ev[256] = "";
        int hit = cc_rule_hit(&std->rules[r], t[i].said, slots, ev, sizeof ev);
        cc_slots_free(slots);
        cc_scenario_free(s);
        if (hit != t[i].hit)
            fail_msg("case %zu: rule %s on \"%s\": %d (evidence \"%s\")", i, t[i].rule, t[i].said,
                     hit, ev);
    }
}

/* The takes' expectations live in their scenario's `tests:` (one source of
 * truth: the take files hold what the trainee did, the scenario what it must
 * score). Every test holds; every take in scenarios/takes/<scenario>/ is
 * played by a test; each scenario has a model take that passes, and at least
 * one take whose call fails. */
static void tests_hold_and_cover_every_take(void **state)
{
    (void)state;
    int all_ok = 1;
    for (size_t k = 0; k < sizeof shipped / sizeof shipped[0]; k++) {
        cc_scenario *s = load(shipped[k]);
        cc_diags *d = cc_diags_create();
        assert_int_equal(cc_scenario_load_takes(s, d), CC_FILE_OK);
        assert_int_equal(cc_diags_count(d), 0);
        int passing = 0, failing = 0, model = 0;
        for (size_t i = 0; i < s->ntests; i++) {
            cc_test_outcome out;
            assert_int_equal(cc_scenario_test_run(std, s, i, "Alex", 1, d, &out), 0);
            all_ok &= out.ok;
            if (out.call_passed) passing++;
            else failing++;
            if (strcmp(s->tests[i].name, "model") == 0 && s->tests[i].take_file &&
                s->tests[i].expect == CC_TEST_PASS)
                model = 1;
        }
        print_diags(d);
        cc_diags_free(d);
        if (!passing || !failing)
            print_error("%s: needs a take that passes and one that fails (has %d and %d)\n",
                        shipped[k], passing, failing);
        if (!model) print_error("%s: no test 'model' with take_file and 'expect: pass'\n", shipped[k]);
        all_ok &= passing > 0 && failing > 0 && model;

        char dir[512];
        snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, shipped[k]);
        DIR *dp = opendir(dir);
        if (!dp) print_error("%s: no takes folder %s\n", shipped[k], dir);
        assert_non_null(dp);
        struct dirent *de;
        while ((de = readdir(dp))) {
            size_t n = strlen(de->d_name);
            if (n < 6 || strcmp(de->d_name + n - 5, ".take") != 0) continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            int used = 0;
            for (size_t i = 0; i < s->ntests; i++)
                if (s->tests[i].take_path && strcmp(s->tests[i].take_path, path) == 0) used = 1;
            if (!used) print_error("%s: no test in %s.yaml plays it\n", path, shipped[k]);
            all_ok &= used;
        }
        closedir(dp);
        cc_scenario_free(s);
    }
    assert_true(all_ok);
}

/* The course names only shipped scenarios, each once (the loader checks
 * that), and leaves none of them out: a scenario outside the course is one
 * no new hire is led to. */
static void course_covers_the_shipped_scenarios(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_course *c = NULL;
    assert_int_equal(cc_course_load_file(CC_DATA_DIR "/scenarios/course.yaml", &c, d), CC_FILE_OK);
    size_t n = sizeof shipped / sizeof shipped[0];
    assert_int_equal(cc_course_check_ids(c, shipped, n, d), 0);
    print_diags(d);
    assert_int_equal(cc_diags_count(d), 0);
    for (size_t k = 0; k < n; k++) {
        if (cc_course_find(c, shipped[k], NULL, NULL) != 0)
            print_error("%s is in no stage of scenarios/course.yaml\n", shipped[k]);
        assert_int_equal(cc_course_find(c, shipped[k], NULL, NULL), 0);
    }
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++) {
            cc_scenario *s = load(c->stages[i].items[j].id);
            assert_string_equal(s->id, c->stages[i].items[j].id);
            cc_scenario_free(s);
        }
    cc_course_free(c);
    cc_diags_free(d);

    /* ...and no scenario file in scenarios/ is left out of this test. */
    DIR *dp = opendir(CC_DATA_DIR "/scenarios");
    assert_non_null(dp);
    struct dirent *de;
    int all_listed = 1;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0) continue;
        char path[1024], *data = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/scenarios/%s", CC_DATA_DIR, de->d_name);
        cc_diags *q = cc_diags_create();
        if (cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, q) == CC_FILE_OK) {
            const char *kind = cc_file_kind(data, len);
            if (kind && strcmp(kind, "scenario") == 0) {
                size_t k = 0;
                while (k < n && (strlen(shipped[k]) != l - 5 ||
                                 strncmp(shipped[k], de->d_name, l - 5) != 0))
                    k++;
                if (k == n) print_error("%s is not in this test's list of shipped scenarios\n", path);
                all_listed &= k < n;
            }
        }
        free(data);
        cc_diags_free(q);
    }
    closedir(dp);
    assert_true(all_listed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(covers_every_rule_of_the_etiquette_standard),
        cmocka_unit_test(model_answers_pass_their_rules),
        cmocka_unit_test(end_nodes_declare_outcomes),
        cmocka_unit_test(outgoing_rules_read_what_people_say),
        cmocka_unit_test(tests_hold_and_cover_every_take),
        cmocka_unit_test(course_covers_the_shipped_scenarios),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
