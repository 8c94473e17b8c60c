#include "fixture.h"

#include <stdlib.h>

#include "mem.h"
#include "schema.h"

static cc_standard *std;

static int setup(void **state)
{
    (void)state;
    std = fix_standard();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(std);
    return 0;
}

static void loads_fixture(void **state)
{
    (void)state;
    cc_scenario *s = fix_scenario_text(std, FIX_SCENARIO);
    assert_string_equal(s->id, "test-call");
    assert_int_equal(s->nnodes, 11);
    assert_int_equal(s->nlines, 2);
    const cc_line_def *l1 = cc_scenario_line(s, 1);
    assert_string_equal(s->nodes[l1->start].id, "open");
    assert_int_equal(l1->caller.rate, 180);
    assert_null(cc_scenario_line(s, 3));
    const cc_node *ask = &s->nodes[2];
    assert_string_equal(ask->id, "ask");
    assert_int_equal(ask->nsay, 2);
    const cc_node *consent = &s->nodes[3];
    assert_int_equal(consent->branches[0].event, CC_ACT_TRANSFER);
    assert_string_equal(consent->branches[0].extension, "2040");
    assert_string_equal(s->nodes[consent->branches[0].target].id, "thanks");
    cc_slots *sl = cc_scenario_slots(std, s, "Alex");
    assert_int_equal(cc_slots_values(sl, "number"), 1);
    assert_int_equal(cc_slots_values(sl, "company"), 1);
    cc_slots_free(sl);
    cc_scenario_free(s);
    cc_scenario_free(NULL);
}

static char *edited(const char *from, const char *to)
{
    const char *at = strstr(FIX_SCENARIO, from);
    assert_non_null(at);
    size_t n = strlen(FIX_SCENARIO) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(at - FIX_SCENARIO), FIX_SCENARIO, to, at + strlen(from));
    return s;
}

static void check(const char *from, const char *to, int loads, const char *expected)
{
    char *text = edited(from, to);
    cc_diags *d = cc_diags_create();
    cc_scenario *s = cc_scenario_load("scn.yaml", text, strlen(text), std, d);
    char out[4096];
    cc_diags_sort(d);
    fix_diags_text(d, out, sizeof out);
    if (getenv("SHOW")) print_message("%s", out);
    else assert_string_equal(out, expected);
    if (loads) assert_non_null(s);
    else assert_null(s);
    cc_scenario_free(s);
    cc_diags_free(d);
    free(text);
}

static void problems_are_found_and_placed(void **state)
{
    (void)state;
    check("        goto: grumpy\n", "        goto: grumpi\n", 0,
          "scn.yaml:20:15: error: 'goto' 'grumpi' is not a node (did you mean 'grumpy'?)\n");
    check("        goto: grumpy\n", "        goto: nowhere-at-all\n", 0,
          "scn.yaml:20:15: error: 'goto' 'nowhere-at-all' is not a node of this scenario\n");
    check("expect: [greeting, company]", "expect: [greting, company]", 0,
          "scn.yaml:16:14: error: unknown rule 'greting' (did you mean 'greeting'?)\n");
    check("expect: [greeting, company]", "expect: [greeting, offer-help-please]", 0,
          "scn.yaml:16:24: error: unknown rule 'offer-help-please': standard 'test-std' has no "
          "such rule; use one of its rule ids or add the rule to the standard\n");
    /* A slot no one fills would be shown, spoken or matched as "{city}". */
#define SLOTS_ARE "; slots are {company}, {trainee}, {caller}, {colleague}, {time}, {number}, {department}\n"
    check("model: Good morning, Northwind Travel.", "model: Good morning, {company} in {city}.", 0,
          "scn.yaml:17:12: error: unknown slot {city}" SLOTS_ARE);
    check("say: [Can you put me through to billing?, Billing please.]",
          "say: [Can you put me through to billing?, '{colegue} please.']", 0,
          "scn.yaml:27:47: error: unknown slot {colegue} (did you mean {colleague}?)\n");
    check("      - {after: 1, do: ring, line: 2}\n",
          "      - {after: 1, do: ring, line: 2}\n      - {after: 2, do: say, text: 'From {town}?'}\n",
          0,
          "scn.yaml:50:35: error: unknown slot {town}" SLOTS_ARE);
    check("{said: ['(transfer|put) you']}", "{said: ['(transfer|put) you to {dept}']}", 0,
          "scn.yaml:29:23: error: unknown slot {dept}" SLOTS_ARE);
    check("expect: [greeting, company]", "expect: [greeting, hold-time]", 0,
          "scn.yaml:16:24: error: rule 'hold-time' is not a phrase rule: it is checked on its "
          "own and does not go in 'expect'\n");
    check("      - goto: ask2\n", "", 0,
          "scn.yaml:24:14: error: 'branches' is empty; it must be a list\n");
    check("    say: Thanks.\n    end: true\n", "    say: Thanks.\n    end: true\n    expect: [greeting]\n", 0,
          "scn.yaml:59:13: error: an end node has no 'expect': the trainee cannot answer after "
          "the caller hangs up\n");
    check("    caller: {name: Pat, voice: en-us, rate: 180, mood: calm}",
          "    caller: {name: Pat, voice: en-us, rate: 1800, mood: grumpy}", 0,
          "scn.yaml:10:45: error: 'rate' is 1800; it must be between 80 and 450\n"
          "scn.yaml:10:57: error: 'mood' must be one of: calm, impatient, angry, relieved\n");
    check("      - {after: 1, do: ring, line: 2}", "      - {after: 1, do: rnig, line: 2}", 0,
          "scn.yaml:49:24: error: 'do' cannot be 'rnig' (did you mean 'ring'?)\n");
    check("  - id: ask2\n", "  - id: ask\n", 0,
          "scn.yaml:25:15: error: 'goto' 'ask2' is not a node (did you mean 'ask'?)\n"
          "scn.yaml:42:9: error: node id 'ask' is used twice (first at line 26)\n");
    check("      - when: {failed: [greeting]}", "      - when: {failed: [hold-time]}", 0,
          "scn.yaml:19:25: error: a branch can test phrase and forbidden rules only; 'hold-time' "
          "is judged after the call\n");
    check("      - when: {event: transfer}\n", "      - when: {event: transfer, said: [hi]}\n", 0,
          "scn.yaml:37:15: error: an 'event' branch cannot also test what was said or silence\n");
}

/* ring:, hold_music:, ambience: are kept as paths beside the file; a scenario's
 * override the standard's; a bad one is placed at its value. */
static void sounds_are_paths_beside_the_file(void **state)
{
    (void)state;
    char *text = edited("\ntitle:", "\nambience: sounds/train.ogg\nring: /abs/ring.wav\ntitle:");
    cc_diags *d = cc_diags_create();
    cc_scenario *s = cc_scenario_load("calls/scn.yaml", text, strlen(text), std, d);
    assert_non_null(s);
    assert_int_equal(cc_diags_errors(d), 0);
    assert_string_equal(s->sounds[CC_SOUND_AMBIENCE].path, "calls/sounds/train.ogg");
    assert_int_equal(s->sounds[CC_SOUND_AMBIENCE].line, 2);
    assert_int_equal(s->sounds[CC_SOUND_AMBIENCE].col, 11);
    assert_string_equal(cc_scenario_sound(std, s, CC_SOUND_RING)->path, "/abs/ring.wav");
    assert_null(cc_scenario_sound(std, s, CC_SOUND_HOLD_MUSIC));
    /* The standard's, when the scenario names none. */
    std->sounds[CC_SOUND_HOLD_MUSIC].path = cc_strdup("std/tune.ogg");
    assert_string_equal(cc_scenario_sound(std, s, CC_SOUND_HOLD_MUSIC)->path, "std/tune.ogg");
    assert_string_equal(cc_scenario_sound(std, NULL, CC_SOUND_HOLD_MUSIC)->path, "std/tune.ogg");
    free(std->sounds[CC_SOUND_HOLD_MUSIC].path);
    std->sounds[CC_SOUND_HOLD_MUSIC].path = NULL;
    cc_scenario_free(s);
    cc_diags_free(d);
    free(text);
    check("\ntitle:", "\nhold_music: [a, b]\ntitle:", 0,
          "scn.yaml:2:13: error: 'hold_music' must be a text, not a list\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_fixture),
        cmocka_unit_test(problems_are_found_and_placed),
        cmocka_unit_test(sounds_are_paths_beside_the_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
