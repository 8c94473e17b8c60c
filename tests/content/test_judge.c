/* The judge on the shipped standard and scenarios: every example of issue 14 ("The
 * judge: verdicts a trainer would sign"), judged at the node of the call where it
 * was said, as a trainer would judge it. Whole calls of the issue are scenario tests
 * (rude-caller lost-customer, small-request curt) played by content.shipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "files.h"
#include "judge.h"
#include "scenario.h"
#include "score.h"
#include "sim.h"
#include "take.h"

#include "shipped.h"

static int node_of(const cc_scenario *s, const char *id)
{
    for (size_t i = 0; i < s->nnodes; i++)
        if (strcmp(s->nodes[i].id, id) == 0) return (int)i;
    fail_msg("no node '%s' in %s", id, s->id);
    return -1;
}

typedef struct {
    const char *scenario, *node, *rule, *said;
    int hit; /* phrase rule: passes; forbidden rule: a phrase was said */
} example;

static void judge_all(const example *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cc_scenario *s = load(t[i].scenario);
        cc_slots *slots = cc_scenario_slots(std, s, "Alex");
        int r = cc_standard_find(std, t[i].rule);
        assert_true(r >= 0);
        cc_judgement jd;
        assert_int_equal(cc_judge_answer(std, s, node_of(s, t[i].node), r, t[i].said, slots, &jd), 0);
        cc_slots_free(slots);
        cc_scenario_free(s);
        if (jd.hit != t[i].hit)
            fail_msg("case %zu: %s at %s/%s on \"%s\": %d (%s: %s)", i, t[i].rule, t[i].scenario,
                     t[i].node, t[i].said, jd.hit, jd.by_facts ? "facts" : "phrases", jd.evidence);
    }
}

/* "Negation ignored" and "Cue words without the content". */
static void negation_and_cue_words(void **state)
{
    (void)state;
    static const example t[] = {
        {"absent-colleague", "ask", "offer-alternative",
         "I can't take a message, sorry, and nobody will call you back.", 0},
        {"absent-colleague", "ask", "offer-alternative",
         "I'm afraid I can't help, but she can call you back after three.", 1},
        {"absent-colleague", "ask", "offer-alternative",
         "She's not in I can take a message for her", 1},
        {"absent-colleague", "ask", "offer-alternative",
         "No problem, I'll have her call you back.", 1},
        {"absent-colleague", "ask", "offer-alternative",
         "I'm unable to take a message, you will have to call again.", 0},
        {"rude-caller", "gives_name", "active-listening",
         "Thank you, I'm so sorry you had to call twice.", 0},
        {"absent-colleague", "check_number", "active-listening",
         "Thank you, I'm so sorry you had to call twice.", 0},
        {"rude-caller", "what_now", "solution", "I'll see what I can do.", 0},
        {"anonymous-caller", "prices", "solution", "I'll see what I can do.", 0},
        {"anonymous-caller", "prices", "solution", "Let me see what I can do.", 0},
        {"rude-caller", "what_now", "solution",
         "I can rebook you on the two o'clock flight on Saturday at no extra cost.", 1},
        {"rude-caller", "what_now", "solution", "I can't rebook you on the two o'clock flight.", 0},
        {"rude-caller", "what_now", "solution", "Nobody can put you on the two o'clock flight.", 0},
        /* a negation after the words, a refusal tag, a counterfactual (corpus-test2.txt) */
        {"rude-caller", "complaint", "empathy", "I understand nothing about your booking yet.", 0},
        {"rude-caller", "complaint", "apologise", "I'm really sorry nobody told you, Mr Dawson.", 1},
        {"absent-colleague", "when_back", "offer-alternative",
         "She can call you back, but not today.", 0},
        {"absent-colleague", "when_back", "offer-alternative",
         "Take a message? No, just call back later.", 0},
        {"rude-caller", "what_now", "solution",
         "I'd book you on the two o'clock if it weren't full.", 0},
    };
    judge_all(t, sizeof t / sizeof t[0]);
}

/* "Register missed": dismissive questions. */
static void dismissive_questions(void **state)
{
    (void)state;
    static const example t[] = {
        {"small-request", "confirm_big", "equal-courtesy", "Was that all you wanted?", 1},
        {"small-request", "confirm_big", "equal-courtesy", "Is that it?", 1},
        {"small-request", "confirm_big", "equal-courtesy", "Is that all you needed?", 1},
        {"small-request", "confirm_big", "equal-courtesy", "Is that all for today?", 0},
        {"small-request", "confirm_big", "equal-courtesy", "Is that everything for today, Mrs Grant?", 0},
        {"small-request", "small_done", "anything-else", "Is there anything else I can help you with?", 1},
    };
    judge_all(t, sizeof t / sizeof t[0]);
}

/* "Good answers failed": the facts of the node, in any words. */
static void facts_in_any_words(void **state)
{
    (void)state;
    static const example t[] = {
        {"hold-lookup", "hold_ok", "solution",
         "You can take one suitcase of twenty-three kilos and one cabin bag.", 1},
        {"hold-lookup", "hold_ok", "solution",
         "Your ticket includes a 23 kg suitcase plus hand luggage.", 1},
        {"hold-lookup", "hold_ok", "solution", "You can take one suitcase.", 0},
        {"hold-lookup", "hold_ok", "solution",
         "You can take one suitcase but no cabin bag, I'm afraid.", 0},
        {"hold-lookup", "hold_ok", "solution", "I'll see what I can do about your luggage.", 0},
        {"hold-lookup", "confirm", "summary",
         "So that's one suitcase and one cabin bag for Thursday.", 1},
        {"hold-lookup", "confirm", "summary", "To recap, you're all set.", 0},
        {"wrong-number", "ask", "apologise",
         "Sorry, you have the wrong number, this is Northwind Travel.", 1},
        {"wrong-number", "ask", "apologise", "Wrong number. This is Northwind Travel.", 0},
        {"rude-caller", "gives_name", "active-listening",
         "Right, Barcelona on Saturday. Let me look.", 1},
        {"rude-caller", "gives_name", "active-listening", "Yep.", 0},
    };
    judge_all(t, sizeof t / sizeof t[0]);
}

/* A take played through a shipped scenario, for whole-call checks. */
typedef struct {
    cc_scenario *scn;
    cc_diags *diags;
    cc_take *take;
    cc_sim *sim;
} played;

static played play(const char *scenario, const char *take)
{
    played p = {load(scenario), cc_diags_create(), NULL, NULL};
    p.take = cc_take_parse("take", take, strlen(take), p.diags);
    assert_non_null(p.take);
    p.sim = cc_sim_create(std, p.scn, "Alex", 1, NULL, NULL);
    assert_non_null(p.sim);
    for (size_t i = 0; i < p.take->count; i++)
        assert_int_equal(cc_sim_apply(p.sim, &p.take->actions[i]), 0);
    cc_sim_finish(p.sim);
    return p;
}

static void played_free(played *p)
{
    cc_sim_free(p->sim);
    cc_take_free(p->take);
    cc_diags_free(p->diags);
    cc_scenario_free(p->scn);
}

/* Plays a take through a scenario and returns what the caller said, joined by " | ". */
static char *caller_lines(const char *scenario, const char *take)
{
    played p = play(scenario, take);
    const cc_record *rec = cc_call_record(cc_sim_call(p.sim));
    static char out[4096];
    out[0] = '\0';
    for (size_t i = 0; i < rec->nsaid; i++) {
        strncat(out, rec->said[i].text, sizeof out - strlen(out) - 4);
        strcat(out, " | ");
    }
    played_free(&p);
    return out;
}

/* "The caller reacts to cue words too": branches use the same judgement. */
static void the_caller_reacts_to_meaning(void **state)
{
    (void)state;
    static const char yep[] =
        "pickup 1\n"
        "say \"Good morning, Northwind Travel, this is Alex. How can I help you?\"\n"
        "say \"I'm afraid Maria is in a meeting until three o'clock.\"\n"
        "say \"Would you like me to take a message?\"\n"
        "say \"May I have your name and number, please?\"\n"
        "say \"Let me read that back.\"\n"
        "say \"Yep.\"\n";
    const char *said = caller_lines("absent-colleague", yep);
    const char *again = strstr(said, "Could you read it back to me");
    const char *agreed = strstr(said, "Yes, that's right");
    if (!again || agreed)
        fail_msg("after a bare \"yep\" the caller said: %s", said);
    static const char read_back[] =
        "pickup 1\n"
        "say \"Good morning, Northwind Travel, this is Alex. How can I help you?\"\n"
        "say \"I'm afraid Maria is in a meeting until three o'clock.\"\n"
        "say \"Would you like me to take a message?\"\n"
        "say \"May I have your name and number, please?\"\n"
        "say \"Let me read that back.\"\n"
        "say \"Yes: five five five, oh one four two.\"\n";
    said = caller_lines("absent-colleague", read_back);
    if (!strstr(said, "Yes, that's right"))
        fail_msg("after the number read back the caller said: %s", said);
    static const char brush_off[] =
        "pickup 1\n"
        "say \"Good morning, Northwind Travel, this is Alex. How can I help you?\"\n"
        "say \"Thank you, Mrs Grant. I can book that for you now.\"\n"
        "say \"Was that all you wanted?\"\n"
        "say \"Well, it is on the website.\"\n";
    said = caller_lines("small-request", brush_off);
    if (strstr(said, "That's really helpful"))
        fail_msg("after a brush-off the caller said: %s", said);
}

/* "The outcome does not count": a lost customer fails the call, and the rules the
 * call never came to fail with the outcome named in their evidence. */
static void a_lost_customer_fails_the_call(void **state)
{
    (void)state;
    static const char take[] =
        "pickup 1\n"
        "say \"Good morning, Northwind Travel, this is Alex. How can I help you?\"\n"
        "say \"I'm so sorry about that, I understand how frustrating that must be.\"\n"
        "say \"Well, these things happen, I'm afraid.\"\n";
    played p = play("rude-caller", take);
    cc_result *res = cc_score(std, p.scn, cc_call_record(cc_sim_call(p.sim)));
    assert_non_null(res);
    assert_string_equal(res->outcome, "lost");
    assert_false(res->passed);
    int sol = cc_standard_find(std, "solution");
    assert_int_equal(res->rules[sol].verdict, CC_VERDICT_FAIL);
    if (!strstr(res->rules[sol].evidence, "lost"))
        fail_msg("solution's evidence: %s", res->rules[sol].evidence);
    cc_result_free(res);
    played_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(negation_and_cue_words),
        cmocka_unit_test(dismissive_questions),
        cmocka_unit_test(facts_in_any_words),
        cmocka_unit_test(the_caller_reacts_to_meaning),
        cmocka_unit_test(a_lost_customer_fails_the_call),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
