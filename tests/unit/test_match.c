/* Unit tests for game/match.c: phrase patterns against normalised utterances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"

/* The context of a typical scenario, plus two awkward slots. */
static cc_slots *make_slots(void)
{
    static const char *const kv[][2] = {
        {"company", "Northwind Travel"},
        {"trainee", "Alex"},
        {"caller", "Frank Dawson"},
        {"caller", "Mr Dawson"},
        {"caller", "Frank"},
        {"colleague", "Maria Lopez"},
        {"time", "three o'clock"},
        {"time", "3 pm"},
        {"time", "15:00"},
        {"number", "555 1234"},
        {"extension", "2040"},
        {"department", "Customer Service"},
        {"blank", "um"},              /* normalises to nothing: must never match */
        {"refusal", "I can't help"},  /* a value that itself says a negation */
    };
    cc_slots *s = cc_slots_create();
    assert_non_null(s);
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        assert_int_equal(cc_slots_add(s, kv[i][0], kv[i][1]), 0);
    return s;
}

typedef struct {
    const char *pattern;
    const char *said;
    int expect;
    size_t first, last; /* checked when expect is 1 */
    int gap, swap, guard, after;
} match_case;

/* D: gap 2, swap on, negation guard on, what follows not read (the options these cases
 * were written for); A: the defaults, what follows read too (CC_MATCH_OPTS_DEFAULT). */
#define D 2, 1, 1, 0
#define A 2, 1, 1, 1

static void run_cases(const match_case *t, size_t n)
{
    cc_slots *slots = make_slots();
    for (size_t i = 0; i < n; i++) {
        char err[128];
        int col = -1;
        cc_pattern *p = cc_pattern_compile(t[i].pattern, err, sizeof err, &col);
        if (!p) fail_msg("case %zu: pattern \"%s\" does not compile: %d: %s", i, t[i].pattern, col, err);
        cc_words *w = cc_words_from_text(t[i].said);
        assert_non_null(w);
        cc_match_opts o = {t[i].gap, t[i].swap, t[i].guard, t[i].after};
        cc_match_span sp = {777, 777};
        int got = cc_pattern_match(p, w, slots, &o, &sp);
        if (got != t[i].expect)
            fail_msg("case %zu: \"%s\" vs \"%s\": got %d, expected %d", i, t[i].pattern, t[i].said, got,
                     t[i].expect);
        if (got && (sp.first != t[i].first || sp.last != t[i].last))
            fail_msg("case %zu: \"%s\" vs \"%s\": span [%zu,%zu], expected [%zu,%zu]", i, t[i].pattern,
                     t[i].said, sp.first, sp.last, t[i].first, t[i].last);
        if (!got && (sp.first != 777 || sp.last != 777))
            fail_msg("case %zu: span written without a match", i);
        cc_words_free(w);
        cc_pattern_free(p);
    }
    cc_slots_free(slots);
}

#define RUN_CASES(t) run_cases((t), sizeof(t) / sizeof((t)[0]))

static void test_polite_and_curt(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"how can i help you", "How can I help you today?", 1, 0, 4, D},
        {"how can i help you", "Hello, how can I help you?", 1, 1, 5, D},
        {"how can i help you", "how may I help", 0, 0, 0, D},
        {"how can i help you", "how may I help you", 0, 0, 0, D},
        {"how can i help you", "can I help you", 0, 0, 0, D},
        {"how can i help you", "what", 0, 0, 0, D},
        {"how can i help you", "", 0, 0, 0, D},
        {"how (can|may) i help [you]", "how may I help", 1, 0, 3, D},
        {"how (can|may) i help [you]", "How can I help you?", 1, 0, 4, D},
        {"good (morning|afternoon|evening)", "yeah what do you want", 0, 0, 0, D},
        {"good (morning|afternoon|evening)", "Good evening!", 1, 0, 1, D},
        {"good (morning|afternoon|evening)", "good night", 0, 0, 0, D},
        {"good (morning|afternoon|evening)", "morning", 0, 0, 0, D},
        {"good (morning|afternoon|evening)", "good, um, afternoon", 1, 0, 1, D},
        {"thank you [very much] for (calling|holding)", "Thank you for holding", 1, 0, 3, D},
        {"thank you [very much] for (calling|holding)", "thank you very much for calling", 1, 0, 5, D},
        {"thank you [very much] for (calling|holding)", "thanks for calling", 0, 0, 0, D},
        {"thank you for calling", "OK bye, thank you for calling.", 1, 2, 5, D},
        {"(please|) hold", "hold on", 1, 0, 0, D},
        {"(please|) hold", "please hold", 1, 0, 1, D},
        {"((good|fine) (morning|day)|hello) there", "hello there", 1, 0, 1, D},
        {"((good|fine) (morning|day)|hello) there", "fine day there", 1, 0, 2, D},
        {"((good|fine) (morning|day)|hello) there", "good there", 0, 0, 0, D},
        {"good morning|good afternoon", "good afternoon", 1, 0, 1, D}, /* top-level alternatives */
        {"[may i ask] who is calling", "who is calling please", 1, 0, 2, D},
        {"[may i ask] who is calling", "may I ask who's calling", 1, 0, 5, D},
        {"help", "help me help you", 1, 0, 0, D},
        {"this is *", "this is Alex", 1, 0, 2, D},
        {"this is *", "this is", 0, 0, 0, D},
        {"my name is * *", "my name is Alex Smith", 1, 0, 4, D},
        {"* speaking", "Alex speaking", 1, 0, 1, D},
        {"how can i help you", "how um can uh I help you", 1, 0, 4, D},
        {"I'm (sorry|afraid)", "I am sorry", 1, 0, 2, D},
        {"I'm (sorry|afraid)", "im afraid", 1, 0, 2, D},
        {"can't", "I cannot do that", 1, 1, 2, D},
        {"(twenty|thirty) one", "twenty-one", 1, 0, 0, D},
        {"(twenty|thirty) one", "31", 1, 0, 0, D},
        {"(twenty|thirty) one", "20 1", 0, 0, 0, D},
        {"\xd0\x94\xd0\xbe\xd0\xb1\xd1\x80\xd1\x8b\xd0\xb9 \xd0\xb4\xd0\xb5\xd0\xbd\xd1\x8c",
         "\xd0\x94\xd0\x9e\xd0\x91\xd0\xa0\xd0\xab\xd0\x99 \xd0\x94\xd0\x95\xd0\x9d\xd0\xac!", 1, 0, 1, D},
    };
    RUN_CASES(t);
}

static void test_gaps(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"how can i help you", "how can I possibly help you", 1, 0, 5, D},
        {"how can i help you", "how can I really truly help you", 1, 0, 6, D},
        {"how can i help you", "how can I really truly honestly help you", 0, 0, 0, D},
        {"how can i help you", "how can I possibly help you", 0, 0, 0, 0, 1, 1, 0},
        {"how can i help you", "how can I help you", 1, 0, 4, 0, 1, 1, 0},
        {"how can i help you", "how can I possibly help you", 1, 0, 5, 1, 1, 1, 0},
        {"how can i help you", "how can I really truly help you", 0, 0, 0, 1, 1, 1, 0},
        {"how can i help you", "how can I possibly help you", 0, 0, 0, -5, 1, 1, 0}, /* negative = 0 */
        {"hello alex", "hello a b c d e f g h alex", 1, 0, 9, 1000, 1, 1, 0},
        /* a gap inside a slot value is never allowed */
        {"{company}", "Northwind and Travel", 0, 0, 0, D},
        /* a later start can succeed where the first one fails */
        {"please hold", "please, no wait, please hold", 1, 3, 4, D},
    };
    RUN_CASES(t);
}

static void test_swaps(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"i can help you", "can I help you", 1, 0, 3, D},
        {"i can help you", "can I help you", 0, 0, 0, 2, 0, 1, 0},
        {"please hold the line", "hold please the line", 1, 0, 3, D},
        {"please hold the line", "please hold line the", 1, 0, 3, D},
        {"please hold the line", "hold please line the", 0, 0, 0, D}, /* two swaps */
        {"please hold the line", "the line please hold", 0, 0, 0, D},
        {"good morning {company}", "good Northwind Travel morning", 1, 0, 3, D},
        {"extension 2040", "twenty forty extension", 1, 0, 2, D},
        /* a literal match is preferred over a swapped one */
        {"a b", "b a x y z a b", 1, 5, 6, D},
    };
    RUN_CASES(t);
}

static void test_negation_guard(void **state)
{
    (void)state;
    static const match_case t[] = {
        /* what follows can take the words back (issue 14): on by default */
        {"i understand", "I understand nothing about your booking yet", 0, 0, 0, A},
        {"i understand", "I understand nothing about your booking yet", 1, 0, 1, D},
        {"call you back", "I'll call you back, not today", 0, 0, 0, A},
        {"call you back", "I'll call you back, no later than four", 1, 2, 4, A},
        {"take a message", "Take a message? No, call back later", 0, 0, 0, A},
        {"take a message", "Would you like me to take a message, or not?", 1, 5, 7, A},
        {"sorry", "I'm sorry nobody told you", 1, 2, 2, A},
        {"sorry", "I'm sorry, but I can't", 1, 2, 2, A},
        {"book you", "I can book you at no extra cost", 1, 2, 3, A},
        {"book you", "I'd book you on it if it weren't full", 0, 0, 0, A},
        {"yeah", "Yeah, no, that's done", 1, 0, 0, D}, /* forbidden phrases: said is said */
        {"i can help you", "I can not help you", 0, 0, 0, D},
        {"i can help you", "I can't help you", 0, 0, 0, D},
        {"i can help you", "I cannot help you", 0, 0, 0, D},
        {"i can help you", "I can never help you", 0, 0, 0, D},
        {"i can help you", "I can not help you", 1, 0, 4, 2, 1, 0, 0}, /* guard off */
        {"i can help you", "Sure, I can help you", 1, 1, 4, D},
        {"i can help you", "No, I can help you.", 1, 1, 4, D},    /* punctuation closes "no" off */
        /* spoken answers come without commas: "no" before a new subject is an answer */
        {"i can help you", "no I can help you", 1, 1, 4, D},
        {"i can help you", "not I can help you", 0, 0, 0, D},
        {"i can help you", "I can help you, not a problem", 1, 0, 3, D},
        {"worry", "don't worry", 0, 0, 0, D},
        {"worry", "dont worry", 0, 0, 0, D},
        {"worry", "Never worry", 0, 0, 0, D},
        {"worry", "I worry", 1, 1, 1, D},
        {"do not worry", "don't worry", 1, 0, 2, D},
        {"i can not help you", "I can't help you", 1, 0, 4, D},
        {"i can not help you", "I can help you", 0, 0, 0, D},
        {"help you", "help not you", 0, 0, 0, D},
        {"i know that", "I know nothing that", 0, 0, 0, D},
        {"is there", "is nobody there", 0, 0, 0, D},
        {"we have rooms", "we have none rooms", 0, 0, 0, D},
        {"i * help you", "I will help you", 1, 0, 3, D},
        {"i * help you", "I can not help you", 0, 0, 0, D},
        {"i * help you", "I not help you", 0, 0, 0, D},  /* "*" does not let a negation in */
        {"i * help you", "I not help you", 1, 0, 3, 2, 1, 0, 0},
        /* the negation may come from a slot value that says it */
        {"{refusal} you", "I can not help you", 1, 0, 4, D},
        /* a negation before an earlier occurrence does not block a later one */
        {"help you", "I can not help you but she can help you", 1, 8, 9, D},
        /* clause scope (issue 14): a negation governs its whole clause, at any distance */
        {"call you back", "I can't take a message, sorry, and nobody will call you back.", 0, 0, 0, D},
        {"call you back", "no one is going to be able to call you back", 0, 0, 0, D},
        {"call you back", "I'm unable to arrange for anyone to call you back", 0, 0, 0, D},
        {"call you back", "I won't have anyone call you back", 0, 0, 0, D},
        {"call you back", "we refuse to call you back", 0, 0, 0, D},
        {"call you back", "I don't think she will call you back", 0, 0, 0, D},
        {"call you back", "she can't, but she will call you back", 1, 6, 8, D},
        {"call you back", "she can't but she will call you back", 1, 6, 8, D},
        {"call you back", "she is not in I will have her call you back", 1, 8, 10, D},
        {"call you back", "she is not in and she will call you back", 1, 7, 9, D},
        {"call you back", "no problem she will call you back", 1, 4, 6, D},
        {"call you back", "not at all, she will call you back", 1, 5, 7, D},
        {"call you back", "don't worry, she will call you back", 1, 5, 7, D},
        /* modality that offers nothing governs its clause too */
        {"call you back", "I wish someone could call you back", 0, 0, 0, D},
        {"call you back", "if only she could call you back", 0, 0, 0, D},
        {"you on the flight", "I could have put you on the flight", 0, 0, 0, D},
        {"you on the flight", "I could have booked you on the flight", 0, 0, 0, D},
        {"you on the flight", "I could have you on the flight", 1, 3, 6, D},
        {"thank you for calling", "I wish you a good trip thank you for calling", 1, 6, 9, D},
    };
    RUN_CASES(t);
}

static void test_anchors(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"^ sorry", "Sorry, you have the wrong number", 1, 0, 0, D},
        {"^ sorry", "I'm so sorry you had to wait", 0, 0, 0, D},
        {"^ so (you|your)", "Thank you, I'm so sorry you had to call twice.", 0, 0, 0, D},
        {"^ so (you|your)", "Thank you. So you need it by Friday", 1, 2, 3, D},
        {"^ so (you|your)", "so you need it by Friday", 1, 0, 1, D},
        {"is that it $", "Is that it?", 1, 0, 2, D},
        {"is that it $", "is that it", 1, 0, 2, D},
        {"is that it $", "Is that it for today?", 0, 0, 0, D},
        {"is that it $", "Is that it? Thanks", 1, 0, 2, D},
        /* no gap between an anchor and its word */
        {"is that it $", "is that it then", 0, 0, 0, D},
        {"^ you", "thank you", 0, 0, 0, D},
    };
    RUN_CASES(t);
    char err[128];
    int col = 0;
    assert_null(cc_pattern_compile("^ $", err, sizeof err, &col));
    assert_null(cc_pattern_compile("[x] ^", err, sizeof err, &col));
}

static void test_slots(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"{company}", "Good morning, Northwind Travel", 1, 2, 3, D},
        {"{company}", "good morning northwind", 0, 0, 0, D},
        {"this is {trainee}", "This is Alex speaking", 1, 0, 2, D},
        {"this is {trainee}", "This is Sam speaking", 0, 0, 0, D},
        {"(hello|hi) {caller}", "Hi Mr Dawson", 1, 0, 2, D},
        {"(hello|hi) {caller}", "hello Frank", 1, 0, 1, D},
        {"(hello|hi) {caller}", "hello Frank Dawson", 1, 0, 1, D}, /* earliest end */
        {"{caller} thank you", "Frank Dawson thank you", 1, 0, 3, D},
        {"(hello|hi) {caller}", "hello Mr Frank", 1, 0, 2, D},     /* Frank, one gap */
        {"(hello|hi) {caller}", "hello Mr Smith", 0, 0, 0, D},
        {"{department}", "customer service", 1, 0, 1, D},
        {"{nosuch}", "nosuch", 0, 0, 0, D},
        {"hello {nosuch}", "hello nosuch", 0, 0, 0, D},
        {"hello [{nosuch}]", "hello there", 1, 0, 0, D}, /* the other alternative still counts */
        {"{blank} hello", "hello", 0, 0, 0, D},
        {"{blank} hello", "um hello", 0, 0, 0, D},
    };
    RUN_CASES(t);
}

static void test_numbers(void **state)
{
    (void)state;
    static const match_case t[] = {
        {"call {number}", "call five five five one two three four", 1, 0, 7, D},
        {"call {number}", "call 5551234", 1, 0, 1, D},
        {"call {number}", "call 555-1234", 1, 0, 2, D},
        {"call {number}", "call 555 12 34", 1, 0, 3, D},
        {"call {number}", "call double five five one two three four", 1, 0, 7, D},
        {"call {number}", "call 555 1235", 0, 0, 0, D},
        {"call {number}", "call 555 123", 0, 0, 0, D},
        {"call {number}", "call 55512345", 0, 0, 0, D},
        /* the whole number said must be the number: a longer one is another number */
        {"call {number}", "call 5 5 5 1 2 3 4 5", 0, 0, 0, D},
        {"call {number}", "call 9 5 5 5 1 2 3 4", 0, 0, 0, D},
        {"call {number}", "call 555-1234-5", 0, 0, 0, D},
        {"call {number}", "call 555 1234, 5 times", 1, 0, 2, D}, /* punctuation ends a number */
        {"call {number}", "call 555 1234 extension 2040", 1, 0, 2, D},
        {"extension 2040", "extension twenty forty", 1, 0, 2, D},
        {"extension 2040", "extension two zero four zero", 1, 0, 4, D},
        {"extension 2040", "extension two oh four oh", 1, 0, 4, D},
        {"extension 2040", "extension 2,040", 1, 0, 1, D},
        {"extension 2040", "extension two thousand and forty", 1, 0, 1, D},
        {"extension 2040", "extension 20 40", 1, 0, 2, D},
        {"extension 2040", "extension 204", 0, 0, 0, D},
        {"extension 2040", "extension 12040", 0, 0, 0, D},
        {"extension 2040", "extension 20401", 0, 0, 0, D},
        {"extension 2040", "extension twenty four", 0, 0, 0, D},
        {"extension 2040", "extension 1 2040", 0, 0, 0, D},
        {"extension 2040", "extension 1, 2040", 1, 0, 2, D},
        {"extension 2040", "extension twenty forty five", 0, 0, 0, D},
        {"extension twenty forty", "extension 2040", 1, 0, 1, D},
        {"extension two oh four oh", "extension 2040", 1, 0, 1, D},
        {"extension {extension}", "extension two oh four oh", 1, 0, 4, D},
        {"at {time}", "at 3 pm", 1, 0, 2, D},
        {"at {time}", "at three p.m.", 1, 0, 2, D},
        {"at {time}", "at three o'clock", 1, 0, 2, D},
        {"at {time}", "at 15:00", 1, 0, 2, D},
        {"at {time}", "at fifteen hundred", 1, 0, 1, D},
        {"at {time}", "at 3", 0, 0, 0, D},
        {"at {time}", "at 4 pm", 0, 0, 0, D},
        {"at {time}", "at 3 30 pm", 0, 0, 0, D},
        {"at {time}", "at 15:00:30", 0, 0, 0, D},
        {"at 3:30", "at three thirty", 1, 0, 2, D},
        {"at three thirty", "at 3:30", 1, 0, 2, D},
        {"room 12", "room twelve", 1, 0, 1, D},
        {"room 12", "room one two", 1, 0, 2, D},
        {"room 12", "room 1 2 3", 0, 0, 0, D},
        {"room 12", "room 12 3", 0, 0, 0, D},
        {"room 12 please", "room 12, please", 1, 0, 2, D},
        {"room 12", "room 123", 0, 0, 0, D},
    };
    RUN_CASES(t);
}

typedef struct {
    const char *pattern;
    int col;
    const char *message;
} error_case;

static void test_compile_errors(void **state)
{
    (void)state;
    static const error_case t[] = {
        {"", 1, "empty pattern"},
        {"   ", 1, "empty pattern"},
        {"...", 1, "empty pattern"},
        {"um", 1, "empty pattern"},
        {"()", 1, "empty pattern"},
        {"(a|b", 1, "unbalanced '('"},
        {"good (morning|afternoon", 6, "unbalanced '('"},
        {"((a)", 1, "unbalanced '('"},
        {"a b)", 4, "unbalanced ')'"},
        {"(a))", 4, "unbalanced ')'"},
        {"[please hold", 1, "unbalanced '['"},
        {"please] hold", 7, "unbalanced ']'"},
        {"(a]", 3, "unbalanced ']'"},
        {"[a)", 3, "unbalanced ')'"},
        {"{company", 1, "unbalanced '{'"},
        {"hi {abc(x)}", 4, "unbalanced '{'"},
        {"hello }", 7, "unbalanced '}'"},
        {"{}", 1, "empty slot name"},
        {"this is {}", 9, "empty slot name"},
        {"{Company}", 2, "bad character in slot name (use a-z, 0-9, '-', '_')"},
        {"{my name}", 4, "bad character in slot name (use a-z, 0-9, '-', '_')"},
        {"x {a.b}", 5, "bad character in slot name (use a-z, 0-9, '-', '_')"},
        {"{caf\xc3\xa9}", 5, "bad character in slot name (use a-z, 0-9, '-', '_')"},
        {"[please]", 1, "every word of the pattern is optional, so it would match anything"},
        {"(a|)", 1, "every word of the pattern is optional, so it would match anything"},
        {"(hello|[there])", 1, "every word of the pattern is optional, so it would match anything"},
        {"[um] (uh|er)", 1, "empty pattern"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char err[128] = "unchanged";
        int col = -1;
        cc_pattern *p = cc_pattern_compile(t[i].pattern, err, sizeof err, &col);
        if (p) fail_msg("case %zu: \"%s\" compiled", i, t[i].pattern);
        if (col != t[i].col || strcmp(err, t[i].message) != 0)
            fail_msg("case %zu: \"%s\": %d: %s; expected %d: %s", i, t[i].pattern, col, err, t[i].col,
                     t[i].message);
    }
}

static char *repeat(const char *unit, int n, const char *prefix)
{
    size_t len = strlen(prefix) + strlen(unit) * (size_t)n + 1;
    char *s = malloc(len);
    assert_non_null(s);
    strcpy(s, prefix);
    for (int i = 0; i < n; i++) strcat(s, unit);
    return s;
}

static void test_expansion_cap(void **state)
{
    (void)state;
    char err[128];
    int col = -1;

    /* 2^12 = 4096 sequences is allowed */
    char *src = repeat("(a|b) ", 12, "");
    cc_pattern *p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_non_null(p);
    cc_words *w = cc_words_from_text("x b a b a b a b a b a b a y");
    assert_non_null(w);
    cc_match_span sp;
    assert_int_equal(cc_pattern_match(p, w, NULL, NULL, &sp), 1);
    assert_int_equal(sp.first, 1);
    assert_int_equal(sp.last, 12);
    cc_words_free(w);
    cc_pattern_free(p);
    free(src);

    /* the 13th group takes it over, at column 73 */
    src = repeat("(a|b) ", 13, "");
    p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_null(p);
    assert_int_equal(col, 73);
    assert_string_equal(err, "pattern has too many alternatives (over 4096)");
    free(src);

    /* one group of 4097 alternatives: reported at its '(' */
    size_t len = 3 + 2 * 4097 + 1;
    src = malloc(len);
    assert_non_null(src);
    strcpy(src, "x (");
    for (int i = 0; i < 4096; i++) strcat(src, "a|");
    strcat(src, "a)");
    p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_null(p);
    assert_int_equal(col, 3);
    assert_string_equal(err, "pattern has too many alternatives (over 4096)");
    free(src);

    /* nested optionals multiply too: 2^13 */
    src = repeat("[a] ", 13, "z ");
    p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_null(p);
    assert_string_equal(err, "pattern has too many alternatives (over 4096)");
    free(src);
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char err[128];
    int col = -1;
    char src[200];
    /* 32 levels compile */
    memset(src, '(', 32);
    src[32] = 'a';
    memset(src + 33, ')', 32);
    src[65] = '\0';
    cc_pattern *p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_non_null(p);
    cc_pattern_free(p);
    /* the 33rd is refused where it opens */
    memset(src, '(', 33);
    src[33] = 'a';
    memset(src + 34, ')', 33);
    src[67] = '\0';
    p = cc_pattern_compile(src, err, sizeof err, &col);
    assert_null(p);
    assert_int_equal(col, 33);
    assert_string_equal(err, "pattern nested too deeply (over 32 levels)");
}

static void test_compile_api(void **state)
{
    (void)state;
    /* err and err_col are optional */
    assert_null(cc_pattern_compile("(", NULL, 0, NULL));
    cc_pattern *p = cc_pattern_compile("ok", NULL, 0, NULL);
    assert_non_null(p);
    cc_pattern_free(p);
    /* a short buffer gets a truncated, terminated message */
    char err[8];
    int col = 0;
    assert_null(cc_pattern_compile("(a", err, sizeof err, &col));
    assert_string_equal(err, "unbalan");
    assert_int_equal(col, 1);
    /* success leaves err empty and col 0 */
    char big[64] = "stale";
    col = 5;
    p = cc_pattern_compile("good {company}", big, sizeof big, &col);
    assert_non_null(p);
    assert_string_equal(big, "");
    assert_int_equal(col, 0);
    assert_string_equal(cc_pattern_source(p), "good {company}");
    cc_pattern_free(p);
    cc_pattern_free(NULL);
    assert_null(cc_pattern_source(NULL));
}

static void test_slot_names(void **state)
{
    (void)state;
    cc_pattern *p = cc_pattern_compile("{company} and {caller} with [{company}] ({time}|{x-1_b})", NULL,
                                       0, NULL);
    assert_non_null(p);
    assert_int_equal(cc_pattern_slot_count(p), 4);
    assert_string_equal(cc_pattern_slot_name(p, 0), "company");
    assert_string_equal(cc_pattern_slot_name(p, 1), "caller");
    assert_string_equal(cc_pattern_slot_name(p, 2), "time");
    assert_string_equal(cc_pattern_slot_name(p, 3), "x-1_b");
    assert_null(cc_pattern_slot_name(p, 4));
    cc_pattern_free(p);

    p = cc_pattern_compile("no slots here", NULL, 0, NULL);
    assert_non_null(p);
    assert_int_equal(cc_pattern_slot_count(p), 0);
    assert_null(cc_pattern_slot_name(p, 0));
    cc_pattern_free(p);
    assert_int_equal(cc_pattern_slot_count(NULL), 0);
    assert_null(cc_pattern_slot_name(NULL, 0));
}

static void test_slots_api(void **state)
{
    (void)state;
    cc_slots *s = make_slots();
    assert_int_equal(cc_slots_values(s, "caller"), 3);
    assert_int_equal(cc_slots_values(s, "company"), 1);
    assert_int_equal(cc_slots_values(s, "blank"), 1);
    assert_int_equal(cc_slots_values(s, "nosuch"), 0);
    assert_int_equal(cc_slots_values(s, NULL), 0);
    assert_int_equal(cc_slots_values(NULL, "caller"), 0);
    assert_int_equal(cc_slots_add(NULL, "a", "b"), -1);
    assert_int_equal(cc_slots_add(s, NULL, "b"), -1);
    assert_int_equal(cc_slots_add(s, "a", NULL), -1);

    /* values added after a match are seen by the next match */
    cc_pattern *p = cc_pattern_compile("hello {caller}", NULL, 0, NULL);
    assert_non_null(p);
    cc_words *w = cc_words_from_text("hello Ms Jones");
    assert_non_null(w);
    assert_int_equal(cc_pattern_match(p, w, s, NULL, NULL), 0);
    assert_int_equal(cc_slots_add(s, "caller", "Ms Jones"), 0);
    assert_int_equal(cc_slots_values(s, "caller"), 4);
    assert_int_equal(cc_pattern_match(p, w, s, NULL, NULL), 1);
    /* with no slot set, a slot never matches */
    assert_int_equal(cc_pattern_match(p, w, NULL, NULL, NULL), 0);
    cc_words_free(w);
    cc_pattern_free(p);
    cc_slots_free(s);
    cc_slots_free(NULL);
}

typedef struct {
    const char *in, *out;
} fill_case;

static void test_fill(void **state)
{
    (void)state;
    static const fill_case t[] = {
        {"Good morning, {company}, this is {trainee}.", "Good morning, Northwind Travel, this is Alex."},
        {"Hello {caller}", "Hello Frank Dawson"},
        {"at {time}", "at three o'clock"},
        {"call {number} or {nosuch}", "call 555 1234 or {nosuch}"},
        {"(Good morning|Hello) [sir], {company}!", "(Good morning|Hello) [sir], Northwind Travel!"},
        {"{Company} {} { company } {company", "{Company} {} { company } {company"},
        {"{{company}}", "{Northwind Travel}"},
        {"", ""},
        {"no slots", "no slots"},
    };
    cc_slots *s = make_slots();
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *got = cc_slots_fill(s, t[i].in);
        assert_non_null(got);
        if (strcmp(got, t[i].out) != 0)
            fail_msg("case %zu: \"%s\" -> \"%s\", expected \"%s\"", i, t[i].in, got, t[i].out);
        free(got);
    }
    char *got = cc_slots_fill(NULL, "Hi {company}");
    assert_non_null(got);
    assert_string_equal(got, "Hi {company}");
    free(got);
    assert_null(cc_slots_fill(s, NULL));
    cc_slots_free(s);
}

static void test_null_arguments(void **state)
{
    (void)state;
    cc_pattern *p = cc_pattern_compile("hello", NULL, 0, NULL);
    assert_non_null(p);
    cc_words *w = cc_words_from_text("hello");
    assert_non_null(w);
    cc_match_span sp = {5, 5};
    assert_int_equal(cc_pattern_match(NULL, w, NULL, NULL, &sp), 0);
    assert_int_equal(cc_pattern_match(p, NULL, NULL, NULL, &sp), 0);
    assert_int_equal(sp.first, 5);
    assert_int_equal(cc_pattern_match(p, w, NULL, NULL, NULL), 1); /* span optional */
    assert_int_equal(cc_pattern_match(p, w, NULL, NULL, &sp), 1);
    assert_int_equal(sp.first, 0);
    assert_int_equal(sp.last, 0);
    assert_null(cc_pattern_compile(NULL, NULL, 0, NULL)); /* NULL is the empty pattern */
    cc_words_free(w);
    cc_pattern_free(p);
}

static void test_long_utterance(void **state)
{
    (void)state;
    /* Worst case: the biggest pattern allowed, a slot with many values, and a long
     * utterance full of near misses that only fail at the last word. It must finish
     * (quickly; the time is not asserted, sanitizers and valgrind slow it down). */
    char src[128] = "{x} ";
    for (int i = 0; i < 11; i++) strcat(src, "(a|b) ");
    strcat(src, "c");
    cc_pattern *p = cc_pattern_compile(src, NULL, 0, NULL);
    assert_non_null(p);
    cc_slots *s = cc_slots_create();
    assert_non_null(s);
    for (int i = 0; i < 50; i++) {
        char v[16];
        snprintf(v, sizeof v, "a %d", i % 2 ? 7 : 9);
        assert_int_equal(cc_slots_add(s, "x", v), 0);
    }
    char *text = repeat("a 7 a b a b a b a b a b ", 33, "");
    cc_words *w = cc_words_from_text(text);
    assert_non_null(w);
    assert_int_equal(cc_words_count(w), 396);
    cc_match_span sp = {1, 1};
    assert_int_equal(cc_pattern_match(p, w, s, NULL, &sp), 0);
    cc_words_free(w);
    free(text);

    /* the same utterance with a "c" near the end: the match is found */
    text = repeat("a 7 a b a b a b a b a b ", 33, "");
    strcpy(text + strlen(text) - 2, "c");
    w = cc_words_from_text(text);
    assert_non_null(w);
    assert_int_equal(cc_words_count(w), 396);
    assert_int_equal(cc_pattern_match(p, w, s, NULL, &sp), 1);
    assert_int_equal(sp.last, 395);
    /* The first expanded sequence, "{x} a a a a a a a a a a a c", is the one that
     * matches: its a's sit two apart, so it can only start at the last-but-one "a 7". */
    assert_int_equal(sp.first, 372);
    cc_words_free(w);
    free(text);
    cc_pattern_free(p);
    cc_slots_free(s);
}

/* ---- a reference matcher for plain word sequences, to cross-check the real one on
 * random input (long utterances cross the 64-position words of its bit sets) ---- */

static const char *const vocab[] = {"a", "b", "c", "not"};

typedef struct {
    const int *u; /* utterance word ids */
    int n;
    const int *p; /* pattern word ids, swap applied */
    int m, gap, guard;
    int memo[8][202]; /* earliest end from (k, t) + 2; 0 = not computed yet */
} ref;

/* Earliest end (exclusive) of units k.. placed from position t on, or -1. */
static int ref_end(ref *R, int k, int t)
{
    if (k == R->m) return t;
    if (R->memo[k][t]) return R->memo[k][t] - 2;
    int best = -1;
    for (int x = t; x < R->n && x <= t + (k ? R->gap : 0); x++) {
        if (R->guard && R->u[x] == 3 && x > t) break;    /* negation in the gap */
        if (R->u[x] != R->p[k]) {
            if (R->guard && R->u[x] == 3) break;
            continue;
        }
        int e = ref_end(R, k + 1, x + 1);
        if (e >= 0 && (best < 0 || e < best)) best = e;
    }
    R->memo[k][t] = best + 2;
    return best;
}

static int ref_match(const int *u, int n, const int *pat, int m, int gap, int swap, int guard,
                     cc_match_span *sp)
{
    int has_not = 0;
    for (int i = 0; i < m; i++) has_not |= pat[i] == 3;
    guard = guard && !has_not;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && !swap) break;
        for (int sw = pass ? 0 : -1; sw < (pass ? m - 1 : 0); sw++) {
            int q[8];
            for (int i = 0; i < m; i++) q[i] = pat[i];
            if (sw >= 0) {
                if (q[sw] == q[sw + 1]) continue;
                int t = q[sw];
                q[sw] = q[sw + 1];
                q[sw + 1] = t;
            }
            ref R = {u, n, q, m, gap, guard, {{0}}};
            for (int s = 0; s < n; s++) {
                /* a "not" anywhere before governs: these words make one clause */
                int negated = 0;
                for (int k = 0; k <= s; k++) negated |= u[k] == 3;
                if (guard && negated) continue;
                if (u[s] != q[0]) continue;
                int e = ref_end(&R, 1, s + 1);
                if (e < 0) continue;
                sp->first = (size_t)s;
                sp->last = (size_t)e - 1;
                return 1;
            }
        }
    }
    return 0;
}

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}
#define RND() next_random(&seed)

static void test_against_reference(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        int m = 1 + (int)(RND() % 4), n = 1 + (int)(RND() % 200);
        int pat[8], *u = malloc(sizeof(int) * (size_t)n);
        assert_non_null(u);
        char src[64] = "", *text = malloc((size_t)n * 4 + 1);
        assert_non_null(text);
        text[0] = '\0';
        for (int i = 0; i < m; i++) {
            pat[i] = RND() % 8 == 0 ? 3 : (int)(RND() % 3); /* "not" now and then */
            strcat(src, vocab[pat[i]]);
            strcat(src, " ");
        }
        for (int i = 0; i < n; i++) {
            u[i] = (int)(RND() % 16) == 0 ? 3 : (int)(RND() % 3);
            strcat(text, vocab[u[i]]);
            strcat(text, " ");
        }
        static const int gaps[] = {0, 1, 2, 3, 17, 40, 1000};
        int gap = gaps[RND() % 7], swap = (int)(RND() % 2), guard = (int)(RND() % 2);
        cc_pattern *p = cc_pattern_compile(src, NULL, 0, NULL);
        assert_non_null(p);
        cc_words *w = cc_words_from_text(text);
        assert_non_null(w);
        cc_match_opts o = {gap, swap, guard, 0};
        cc_match_span got = {0, 0}, want = {0, 0};
        int g = cc_pattern_match(p, w, NULL, &o, &got);
        int r = ref_match(u, n, pat, m, gap, swap, guard, &want);
        if (g != r || (g && (got.first != want.first || got.last != want.last)))
            fail_msg("round %d: \"%s\" gap %d swap %d guard %d: got %d [%zu,%zu], want %d [%zu,%zu]\n%s",
                     round, src, gap, swap, guard, g, got.first, got.last, r, want.first, want.last,
                     text);
        cc_words_free(w);
        cc_pattern_free(p);
        free(u);
        free(text);
    }
}

/* ---- languages ---- */

typedef struct {
    const char *lang, *pattern, *said;
    int expect;
} lang_match_case;

static void test_languages(void **state)
{
    (void)state;
    static const lang_match_case t[] = {
        /* Russian negation guard: "не" before the span, inside it, or in the pattern */
        {"ru", "могу помочь", "я могу вам помочь", 1},
        {"ru", "могу помочь", "я не могу помочь", 0},
        {"ru", "могу помочь", "нет, могу помочь", 1}, /* a comma closes the "нет" off */
        {"ru", "могу помочь", "могу ничем помочь", 0},
        {"ru", "не кладите трубку", "пожалуйста, не кладите трубку", 1},
        {"ru", "(не|нельзя) [вам] помочь", "к сожалению, нельзя вам помочь", 1},
        /* case and ё/е both ways */
        {"ru", "Всё ясно", "ВСЕ ЯСНО", 1},
        {"ru", "все ясно", "всё ясно", 1},
        /* number words in patterns and answers alike */
        {"ru", "добавочный 2040", "добавочный две тысячи сорок", 1},
        {"ru", "добавочный 2040", "добавочный два ноль четыре ноль", 1},
        {"ru", "добавочный двадцать сорок", "добавочный 2040", 1},
        {"ru", "номер 555", "номер пять пять пять", 1},
        {"ru", "номер 555", "номер пять пять шесть", 0},
        {"ru", "{company}", "компания северный ветер", 1},
        /* English guard words mean nothing in Russian, and the other way round */
        {"ru", "могу помочь", "not могу помочь", 1},
        {"en", "I can help", "не I can help", 1},
        {"en", "I can help", "I can not help", 0},
        /* a language without tables: exact words, lower-cased */
        {"pl", "dzień dobry", "DZIEŃ DOBRY, w czym mogę pomóc", 1},
        {"pl", "czym mogę pomóc", "w czym moge pomoc", 0},
        {"ro", "bună ziua", "BUNĂ ZIUA", 1},
        {"lv", "labdien", "LABDIEN", 1},
    };
    cc_slots *slots = cc_slots_create_lang("ru");
    assert_non_null(slots);
    assert_int_equal(cc_slots_add(slots, "company", "Компания «Северный Ветер»"), 0);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char err[128];
        int col = -1;
        cc_pattern *p = cc_pattern_compile_lang(t[i].pattern, t[i].lang, err, sizeof err, &col);
        if (!p) fail_msg("case %zu: \"%s\" does not compile: %s", i, t[i].pattern, err);
        assert_string_equal(cc_pattern_language(p), t[i].lang);
        cc_words *w = cc_words_from_text_lang(t[i].said, t[i].lang);
        assert_non_null(w);
        cc_match_span span;
        int got = cc_pattern_match(p, w, slots, NULL, &span);
        if (got != t[i].expect)
            fail_msg("case %zu (%s): \"%s\" in \"%s\": got %d", i, t[i].lang, t[i].pattern,
                     t[i].said, got);
        cc_words_free(w);
        cc_pattern_free(p);
    }
    cc_slots_free(slots);
    /* the English default is unchanged */
    cc_pattern *p = cc_pattern_compile("twenty forty", NULL, 0, NULL);
    assert_non_null(p);
    assert_null(cc_pattern_language(p));
    cc_pattern_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polite_and_curt),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_swaps),
        cmocka_unit_test(test_negation_guard),
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_slots),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_expansion_cap),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_compile_api),
        cmocka_unit_test(test_slot_names),
        cmocka_unit_test(test_slots_api),
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_long_utterance),
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
