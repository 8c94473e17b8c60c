/* Unit tests for game/text.c: utterance normalisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

/* The tokens of w joined by single spaces, into buf. */
static const char *joined(const cc_words *w, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cc_words_count(w); i++) {
        int k = snprintf(buf + len, n - len, "%s%s", i ? " " : "", cc_words_at(w, i));
        assert_true(k >= 0 && (size_t)k < n - len);
        len += (size_t)k;
    }
    return buf;
}

typedef struct {
    const char *in;
    const char *out; /* tokens joined by one space */
} norm_case;

static void check_table(const norm_case *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cc_words *w = cc_words_from_text(t[i].in);
        assert_non_null(w);
        char buf[1024];
        const char *got = joined(w, buf, sizeof buf);
        if (strcmp(got, t[i].out) != 0)
            fail_msg("case %zu: \"%s\" -> \"%s\", expected \"%s\"", i, t[i].in, got, t[i].out);
        cc_words_free(w);
    }
}

#define CHECK_TABLE(t) check_table((t), sizeof(t) / sizeof((t)[0]))

static void test_case_and_punctuation(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"Hello, World!", "hello world"},
        {"GOOD MORNING", "good morning"},
        {"How can I help you today?", "how can i help you today"},
        {"Good morning... Northwind Travel; this is Alex.", "good morning northwind travel this is alex"},
        {"  \t\n  ", ""},
        {"", ""},
        {"?!.,;:", ""},
        {"\"quoted\" and 'single'", "quoted and single"},
        {"(brackets) [and] {braces}", "brackets and braces"},
        {"slash/separated", "slash separated"},
        {"e-mail", "e mail"},
        {"hello\xe2\x80\x94world", "hello world"},          /* em dash */
        {"\xc2\xa1Hola! \xc2\xbfQu\xc3\xa9?", "hola qu\xc3\xa9"}, /* inverted marks */
        {"\xe2\x80\x9cquoted\xe2\x80\x9d", "quoted"},       /* curly double quotes */
        {"tab\tnewline\nend", "tab newline end"},
        {"nbsp\xc2\xa0space", "nbsp space"},
        {"emoji \xf0\x9f\x98\x80 here", "emoji here"},
        {"bad \xff\xfe bytes", "bad bytes"},
        {"trunc\xe2\x80", "trunc"},                         /* cut-off sequence */
        {"over\xc0\xaflong", "over long"},                  /* overlong encoding of '/' */
    };
    CHECK_TABLE(t);
}

static void test_contractions(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"I'm", "i am"},
        {"I'M FINE", "i am fine"},
        {"can't", "can not"},
        {"cannot", "can not"},
        {"won't", "will not"},
        {"shan't", "shall not"},
        {"ain't", "is not"},
        {"don't", "do not"},
        {"doesn't", "does not"},
        {"didn't", "did not"},
        {"isn't", "is not"},
        {"aren't", "are not"},
        {"wasn't", "was not"},
        {"weren't", "were not"},
        {"haven't", "have not"},
        {"hasn't", "has not"},
        {"couldn't", "could not"},
        {"wouldn't", "would not"},
        {"shouldn't", "should not"},
        {"you're", "you are"},
        {"we're", "we are"},
        {"they're", "they are"},
        {"I'll", "i will"},
        {"you'll", "you will"},
        {"I've", "i have"},
        {"we've", "we have"},
        {"I'd", "i would"},
        {"you'd", "you would"},
        {"it's", "it is"},
        {"that's", "that is"},
        {"what's", "what is"},
        {"there's", "there is"},
        {"here's", "here is"},
        {"who's", "who is"},
        {"where's", "where is"},
        {"he's", "he is"},
        {"she's", "she is"},
        {"let's", "let us"},
        {"o'clock", "oclock"},
        /* typographic and stray apostrophes */
        {"I\xe2\x80\x99m here", "i am here"},
        {"don\xe2\x80\x99t", "do not"},
        {"can`t", "can not"},
        /* apostrophe-less forms from recognisers and quick typing */
        {"dont worry", "do not worry"},
        {"cant", "can not"},
        {"im here", "i am here"},
        {"youre welcome", "you are welcome"},
        {"thats fine", "that is fine"},
        /* words that only look like contractions stay */
        {"its well ill", "its well ill"},
        /* other apostrophes */
        {"Northwind's office", "northwind office"},
        {"O'Brien", "obrien"},
        {"ma'am", "maam"},
        {"rock'n'roll", "rocknroll"},
        {"'tis", "tis"},
        {"customers' bags", "customers bags"},
    };
    CHECK_TABLE(t);
}

static void test_fillers(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"um", ""},
        {"uh", ""},
        {"er", ""},
        {"erm", ""},
        {"ah", ""},
        {"hmm", ""},
        {"mm", ""},
        {"uhm", ""},
        {"Um, uh, I can, er, help", "i can help"},
        {"ummm uhhh hmmmm errr ahh", ""},
        {"UM HELLO", "hello"},
        /* near misses are words */
        {"umbrella human hummus error", "umbrella human hummus error"},
        {"a m", "a m"}, /* a lone "m" is not "mm" */
    };
    CHECK_TABLE(t);
}

static void test_numbers(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"555 1234", "555 1234"},
        {"555-1234", "555 1234"},
        {"five five five one two three four", "5 5 5 1 2 3 4"},
        {"five-five-five", "5 5 5"},
        {"extension twenty forty", "extension 20 40"},
        {"extension 2040", "extension 2040"},
        {"two zero four zero", "2 0 4 0"},
        {"two oh four oh", "2 0 4 0"},
        {"two o four o", "2 0 4 0"},
        {"oh two oh seven", "0 2 0 7"},
        {"oh oh seven", "0 0 7"},
        {"double five", "5 5"},
        {"triple oh", "0 0 0"},
        {"double 7", "7 7"},
        {"double trouble", "double trouble"},
        {"twenty one", "21"},
        {"twenty-one", "21"},
        {"one hundred and five", "105"},
        {"a hundred and one", "101"},
        {"one hundred twenty five", "125"},
        {"two thousand and forty", "2040"},
        {"two thousand twenty four", "2024"},
        {"twenty thousand five hundred and six", "20506"},
        {"fifteen hundred", "1500"},
        {"twenty five hundred", "2500"},
        {"one million two hundred thousand", "1200000"},
        {"nineteen ninety nine", "19 99"},
        {"twenty twenty", "20 20"},
        {"three thirty", "3 30"},
        {"eleven twelve", "11 12"},
        {"zero", "0"},
        {"zero zero", "0 0"},
        {"ten", "10"},
        {"thousand", "1000"},
        {"2,040", "2040"},
        {"1,000,000", "1000000"},
        {"1, 2, 3", "1 2 3"},
        {"555,1234", "555 1234"}, /* not a thousands separator */
        {"12,34", "12 34"},
        {"3.5", "3 5"},
        {"007", "007"},
        /* "oh" is only a zero next to other numbers */
        {"oh I see", "oh i see"},
        {"oh, five", "oh 5"},
        {"oh five", "oh 5"},            /* one number after: an exclamation */
        {"oh two tickets", "oh 2 tickets"},
        {"oh five five", "0 5 5"},      /* a digit string: a zero */
        {"five oh", "5 0"},
        {"oh", "oh"},
        /* "and" joins only inside a number */
        {"five and five", "5 and 5"},
        {"hundred and", "100 and"},
        {"bread and butter", "bread and butter"},
        /* punctuation ends a number */
        {"one, two", "1 2"},
        {"twenty, one", "20 1"},
        /* "a" is a number only before hundred or thousand */
        {"a thousand thanks", "1000 thanks"},
        {"a moment", "a moment"},
        /* digits stuck to letters are split */
        {"3pm", "3 pm"},
        {"room 12b", "room 12 b"},
        {"1st", "1 st"},
        /* word and digit mixes */
        {"2 oh 4", "2 0 4"},
        {"one 2 three", "1 2 3"},
        {"which one", "which 1"},
    };
    CHECK_TABLE(t);
}

static void test_times(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"3 pm", "3 pm"},
        {"3 PM", "3 pm"},
        {"3 p.m.", "3 pm"},
        {"3pm", "3 pm"},
        {"3p.m.", "3 pm"},
        {"three p m", "3 pm"},
        {"three a.m.", "3 am"},
        {"nine a m tomorrow", "9 am tomorrow"},
        {"three o'clock", "3 oclock"},
        {"three o clock", "3 oclock"},
        {"three oclock", "3 oclock"},
        {"three o'clock p.m.", "3 oclock pm"},
        {"15:00", "15 00"},
        {"3:30", "3 30"},
        {"three thirty", "3 30"},
        {"half past three", "half past 3"},
        /* "a" and "m" away from a number stay words */
        {"a m", "a m"},
        {"p.m. at three", "p m at 3"},
        {"I am here", "i am here"},
    };
    CHECK_TABLE(t);
}

static void test_non_ascii(void **state)
{
    (void)state;
    static const norm_case t[] = {
        {"\xd0\x94\xd0\x9e\xd0\x91\xd0\xa0\xd0\xab\xd0\x99 \xd0\xb4\xd0\xb5\xd0\xbd\xd1\x8c",
         "\xd0\xb4\xd0\xbe\xd0\xb1\xd1\x80\xd1\x8b\xd0\xb9 \xd0\xb4\xd0\xb5\xd0\xbd\xd1\x8c"}, /* ДОБРЫЙ день */
        {"\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0", "\xd1\x91\xd0\xbb\xd0\xba\xd0\xb0"},             /* Ёлка -> ёлка */
        {"\xd0\x84\xd0\x86\xd0\x87", "\xd1\x94\xd1\x96\xd1\x97"},                             /* ЄІЇ -> єії */
        {"\xd2\x90", "\xd2\x91"},                                                             /* Ґ -> ґ */
        {"CAF\xc3\x89", "caf\xc3\xa9"},                                                       /* CAFÉ */
        {"\xc3\x80\xc3\x89\xc3\x8e\xc3\x95\xc3\x9c", "\xc3\xa0\xc3\xa9\xc3\xae\xc3\xb5\xc3\xbc"}, /* ÀÉÎÕÜ */
        {"Stra\xc3\x9f" "e", "stra\xc3\x9f" "e"},                                             /* ß stays */
        {"\xc5\x81\xc3\xb3\x64\xc5\xba", "\xc5\x82\xc3\xb3\x64\xc5\xba"},                     /* Łódź */
        {"\xc5\xbd\xc5\xa0\xc4\x8c", "\xc5\xbe\xc5\xa1\xc4\x8d"},                             /* ŽŠČ */
        {"\xc4\xb9\xc4\xbd", "\xc4\xba\xc4\xbe"},                                             /* ĹĽ (odd/even flip) */
        {"\xc5\xb8", "\xc3\xbf"},                                                             /* Ÿ -> ÿ */
        {"\xc4\xb0stanbul", "istanbul"},                                                      /* İ */
        {"\xce\x91\xce\x92\xce\x93", "\xce\xb1\xce\xb2\xce\xb3"},                             /* ΑΒΓ -> αβγ */
        /* other scripts are kept as written */
        {"\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac"},                             /* 日本 */
        /* multiplication sign is punctuation, not a letter */
        {"2\xc3\x97" "3", "2 3"},
    };
    CHECK_TABLE(t);
}

/* ---- languages ---- */

typedef struct {
    const char *lang, *in, *out;
} lang_case;

static void check_lang_table(const lang_case *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cc_words *w = cc_words_from_text_lang(t[i].in, t[i].lang);
        assert_non_null(w);
        char buf[1024];
        const char *got = joined(w, buf, sizeof buf);
        if (strcmp(got, t[i].out) != 0)
            fail_msg("case %zu (%s): \"%s\" -> \"%s\", expected \"%s\"", i,
                     t[i].lang ? t[i].lang : "NULL", t[i].in, got, t[i].out);
        cc_words_free(w);
    }
}

static void test_russian(void **state)
{
    (void)state;
    static const lang_case t[] = {
        {"ru", "ДОБРЫЙ ДЕНЬ, Компания «Северный Ветер»!", "добрый день компания северный ветер"},
        /* ё and е are one letter to a Russian reader; both are written */
        {"ru", "Всё хорошо, ЁЖ", "все хорошо еж"},
        {"ru", "пять пять пять", "5 5 5"},
        {"ru", "двадцать один", "21"},
        {"ru", "двадцать сорок", "20 40"},
        {"ru", "двести сорок пять", "245"},
        {"ru", "две тысячи сорок", "2040"},
        {"ru", "тысяча двести", "1200"},
        {"ru", "девятнадцать", "19"},
        {"ru", "ноль два ноль семь", "0 2 0 7"},
        {"ru", "добавочный 2040", "добавочный 2040"},
        /* fillers, stretched, dropped; other words with the same letters kept */
        {"ru", "Ээ, ну, мммм, я могу помочь", "я могу помочь"},
        {"ru", "эм хм гм", ""},
        {"ru", "нужно", "нужно"},
        /* no English rules in Russian: no contractions, "a" and "oh" are letters */
        {"ru", "I'm o'clock", "i'm o'clock"},
        {"ru", "five five", "five five"},
        /* the region does not change the tables */
        {"ru-RU", "Пять Пять", "5 5"},
        {"RU", "ёлка", "елка"},
    };
    check_lang_table(t, sizeof t / sizeof t[0]);
}

static void test_languages_without_tables(void **state)
{
    (void)state;
    static const lang_case t[] = {
        /* Polish, Romanian, Latvian: lower-cased letter by letter, nothing else guessed */
        {"pl", "DZIEŃ DOBRY, ŻÓŁTA ŁÓDŹ", "dzień dobry żółta łódź"},
        {"pl", "ĄĆĘŁŃÓŚŹŻ", "ąćęłńóśźż"},
        {"ro", "BUNĂ ZIUA, ȘTEFAN ȚĂRAN ÎȘI Â", "bună ziua ștefan țăran își â"},
        {"ro", "ŞŢ", "şţ"}, /* the older cedilla forms too */
        {"lv", "LABDIEN, ĀĒĪŪ ĢĶĻŅ ČŠŽ", "labdien āēīū ģķļņ čšž"},
        /* English tables are not used: no contractions, fillers or number words */
        {"pl", "um I'm five", "um i'm five"},
        {"lv", "555-1234", "555 1234"},
        /* ё is kept where it is a letter of its own */
        {"be", "Ёлка", "ёлка"},
        /* English by code and by default */
        {"en-GB", "I'm twenty one", "i am 21"},
        {NULL, "um, I can't", "i can not"},
    };
    check_lang_table(t, sizeof t / sizeof t[0]);
}

static void test_negation_words(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *in;
        const char *neg; /* one char per token: 1 negation, 0 not */
    } t[] = {
        {"ru", "я не могу помочь", "0100"},
        {"ru", "нет, ни за что, никогда", "11001"},
        {"ru", "нельзя ничего", "11"},
        {"ru", "not no", "00"}, /* English words are not Russian negations */
        {"en", "I can not help, no", "00101"},
        {"en", "не нет", "00"},
        {"pl", "nie no not", "000"}, /* no tables: no negation is guessed */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cc_words *w = cc_words_from_text_lang(t[i].in, t[i].lang);
        assert_non_null(w);
        assert_int_equal(cc_words_count(w), strlen(t[i].neg));
        for (size_t k = 0; k < cc_words_count(w); k++)
            if (cc_words_is_negation(w, k) != (t[i].neg[k] == '1'))
                fail_msg("case %zu token %zu \"%s\": negation %d", i, k, cc_words_at(w, k),
                         cc_words_is_negation(w, k));
        cc_words_free(w);
    }
    assert_int_equal(cc_words_is_negation(NULL, 0), 0);
}

static void test_language_codes(void **state)
{
    (void)state;
    static const char *const good[] = {"en", "en-US", "ru", "pl", "ro", "lv", "sr-Latn",
                                       "ru-RU", "fil", "zh-Hant-TW", "de-1996"};
    static const char *const bad[] = {"", "e", "english", "en_US", "en-", "-en", "en--US",
                                      "ру", "en US", "e1", "en-toolongsubtag", "en-U"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!cc_language_valid(good[i])) fail_msg("\"%s\" should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (cc_language_valid(bad[i])) fail_msg("\"%s\" should be refused", bad[i]);
    assert_false(cc_language_valid(NULL));
    assert_true(cc_language_has_tables("en"));
    assert_true(cc_language_has_tables("EN-us"));
    assert_true(cc_language_has_tables("ru"));
    assert_false(cc_language_has_tables("pl"));
    assert_false(cc_language_has_tables(NULL));
    assert_true(cc_language_same("en", "en-GB"));
    assert_true(cc_language_same("RU", "ru-RU"));
    assert_false(cc_language_same("en", "eng"));
    assert_false(cc_language_same("ru", NULL));
    cc_words *w = cc_words_from_text_lang("x", "ru-RU");
    assert_string_equal(cc_words_language(w), "ru");
    cc_words_free(w);
    w = cc_words_from_text_lang("x", "lv");
    assert_string_equal(cc_words_language(w), "");
    cc_words_free(w);
    w = cc_words_from_text("x");
    assert_string_equal(cc_words_language(w), "en");
    cc_words_free(w);
}

typedef struct {
    const char *in;
    size_t i, start, end;
} span_case;

static void test_spans(void **state)
{
    (void)state;
    static const span_case t[] = {
        {"Hello, world", 0, 0, 5},
        {"Hello, world", 1, 7, 12},
        {"  I'm here", 0, 2, 5},  /* "i" of "I'm" */
        {"  I'm here", 1, 2, 5},  /* "am" of "I'm" */
        {"  I'm here", 2, 6, 10},
        {"call twenty one now", 1, 5, 15},
        {"call twenty one now", 2, 16, 19},
        {"two thousand and forty", 0, 0, 22},
        {"um, hello", 0, 4, 9},
        {"at 3 p.m.", 2, 5, 8},
        {"three o clock", 1, 6, 13},
        {"double five", 0, 0, 11},
        {"double five", 1, 0, 11},
        {"2,040 people", 0, 0, 5},
        {"\xd0\x94\xd0\x90 da", 1, 5, 7}, /* spans count bytes */
        {"\xc4\xb0x y", 1, 4, 5},           /* İ shrinks when lowered; spans keep the original */
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        cc_words *w = cc_words_from_text(t[k].in);
        assert_non_null(w);
        size_t s = 99, e = 99;
        cc_words_span(w, t[k].i, &s, &e);
        if (s != t[k].start || e != t[k].end)
            fail_msg("case %zu: \"%s\" token %zu span [%zu,%zu), expected [%zu,%zu)", k, t[k].in,
                     t[k].i, s, e, t[k].start, t[k].end);
        cc_words_free(w);
    }
}

static void test_is_number(void **state)
{
    (void)state;
    cc_words *w = cc_words_from_text("call five 55 b2 oh seven now");
    assert_non_null(w);
    static const char *const want[] = {"call", "5", "55", "b", "2", "0", "7", "now"};
    static const int num[] = {0, 1, 1, 0, 1, 1, 1, 0};
    assert_int_equal(cc_words_count(w), 8);
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(cc_words_at(w, i), want[i]);
        assert_int_equal(cc_words_is_number(w, i), num[i]);
    }
    cc_words_free(w);
}

/* Clause starts, negations in force, and what is taken back after the words before each
 * token (issue 14), per language: '1' marks a token. */
static void test_clauses(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *in, *clause, *neg, *back;
    } t[] = {
        {"en", "I can not help, but she will call you back", "1000110000", "0010000000", "0110000000"},
        {"en", "she is not in I will take a message", "100010000", "001000000", "011000000"},
        {"en", "I do not think she will call", "1000000", "0010000", "0110000"},
        {"en", "no problem she will call", "10100", "00000", "00000"},
        {"en", "no I can help", "1100", "0000", "0000"},
        {"en", "nobody will call and she is out", "1001100", "1000000", "0000000"},
        {"en", "I am unable to call you back", "1000000", "0010000", "0110000"},
        {"en", "Sorry? Could you repeat that", "11000", "00000", "00000"},
        {"en", "I'd book you on it if it weren't full", "10000010000", "01000000010", "01000000110"},
        {"en", "I'd take a message, but the system is down", "1000010000", "0100000000", "0100000000"},
        {"en", "I'd recommend the two o'clock, but it's your choice", "10000011000", "00000000000", "00000000000"},
        {"en", "I was going to put you on it, but it sold out", "100000001000", "001000000000", "011000000000"},
        {"en", "I can put you on it if that works for you", "10000010000", "00000000000", "00000000000"},
        {"en", "I'm sorry nobody told you", "100100", "000100", "000000"},
        {"en", "at no extra cost", "1000", "0000", "0000"},
        {"ru", "я не могу, но она перезвонит", "100100", "010000", "010000"},
        {"ru", "не за что, я помогу", "10010", "00000", "00000"},
        {"ru", "никто не перезвонит и я тоже", "100100", "110000", "010000"},
        {"en", "I understand nothing about your booking yet", "1000000", "0010000", "0110000"},
        {"en", "I can book you at no extra cost", "10000000", "00000000", "00000000"},
        {"en", "I'll call you back, not today", "1000010", "0000010", "0111110"},
        {"en", "I'm sorry, but I can't", "1001100", "0000001", "0000011"},
        {"en", "Take a message? No, call back later", "1001100", "0001000", "0111000"},
        {"en", "Sorry, no, this is Northwind Travel", "111000", "010000", "000000"},
        {"en", "Would you like me to take a message, or not?", "1000000010", "0000000001", "0000000001"},
        {"en", "I'm sorry not to have called", "1000000", "0001000", "0000000"},
        {"en", "I can help nobody", "1000", "0001", "0111"},
        {"en", "I can help you with nothing", "100000", "000001", "011111"},
        {"en", "I'm sorry you never heard from us", "10000000", "00001000", "00001000"},
        {"en", "She can call you back, but she won't", "100001100", "000000001", "011111011"},
        {"en", "I'll call you back, I'm afraid not", "100001000", "000000001", "011111111"},
        {"en", "I can take a message but she is out", "100001100", "000000000", "000000000"},
        {"en", "I'll call you back, but not before four", "100001000", "000000100", "000000100"},
        {"en", "Thank you for calling, and never hesitate to ring", "100010000", "000001000", "000001000"},
        {"ru", "я могу перезвонить, но не сегодня", "100100", "000010", "011110"},
        {"ru", "мне жаль, но я не могу", "101000", "000010", "000010"},
        {"ru", "могу принять сообщение? нет", "1001", "0001", "0111"},
        {"pl", "mogę oddzwonić, ale nie dziś", "10100", "00000", "00000"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cc_words *w = cc_words_from_text_lang(t[i].in, t[i].lang);
        assert_non_null(w);
        if (cc_words_count(w) != strlen(t[i].clause))
            fail_msg("case %zu: %zu tokens", i, cc_words_count(w));
        for (size_t k = 0; k < cc_words_count(w); k++) {
            if (cc_words_clause_start(w, k) != (t[i].clause[k] == '1'))
                fail_msg("case %zu \"%s\" token %zu \"%s\": clause start %d", i, t[i].in, k,
                         cc_words_at(w, k), cc_words_clause_start(w, k));
            if (cc_words_is_negation(w, k) != (t[i].neg[k] == '1'))
                fail_msg("case %zu \"%s\" token %zu \"%s\": negation %d", i, t[i].in, k,
                         cc_words_at(w, k), cc_words_is_negation(w, k));
            if (cc_words_taken_back(w, k) != (t[i].back[k] == '1'))
                fail_msg("case %zu \"%s\" before token %zu \"%s\": taken back %d", i, t[i].in,
                         k, cc_words_at(w, k), cc_words_taken_back(w, k));
        }
        assert_int_equal(cc_words_taken_back(w, cc_words_count(w)), 0);
        cc_words_free(w);
    }
    cc_words *w = cc_words_from_text("Sorry? Could you repeat that");
    assert_string_equal(cc_words_at(w, 0), "pardon");
    cc_words_free(w);
    w = cc_words_from_text("Sorry, you have the wrong number");
    assert_string_equal(cc_words_at(w, 0), "sorry");
    cc_words_free(w);
    assert_int_equal(cc_words_clause_start(NULL, 0), 0);
    assert_int_equal(cc_words_taken_back(NULL, 0), 0);
}

static void test_break_before(void **state)
{
    (void)state;
    cc_words *w = cc_words_from_text("No, I can't - really. Twenty-one");
    assert_non_null(w);
    char buf[256];
    assert_string_equal(joined(w, buf, sizeof buf), "no i can not really 21");
    static const int brk[] = {0, 1, 0, 0, 0, 1};
    for (size_t i = 0; i < 6; i++) assert_int_equal(cc_words_break_before(w, i), brk[i]);
    cc_words_free(w);

    /* a colon or a point inside a number is no break; a comma after one is */
    w = cc_words_from_text("at 3:30, 2.5 or 15:00:30");
    assert_non_null(w);
    assert_string_equal(joined(w, buf, sizeof buf), "at 3 30 2 5 or 15 00 30");
    static const int brk2[] = {0, 0, 0, 1, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 9; i++) assert_int_equal(cc_words_break_before(w, i), brk2[i]);
    cc_words_free(w);

    /* leading punctuation and dropped fillers: the first token never has a break, and
     * a break before a dropped filler moves to the next word */
    w = cc_words_from_text("\"Um, well... um yes");
    assert_non_null(w);
    assert_string_equal(joined(w, buf, sizeof buf), "well yes");
    assert_int_equal(cc_words_break_before(w, 0), 0);
    assert_int_equal(cc_words_break_before(w, 1), 1);
    cc_words_free(w);
}

static void test_accessors_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(cc_words_count(NULL), 0);
    assert_string_equal(cc_words_at(NULL, 0), "");
    assert_int_equal(cc_words_is_number(NULL, 0), 0);
    assert_int_equal(cc_words_break_before(NULL, 0), 0);
    size_t s = 7, e = 7;
    cc_words_span(NULL, 0, &s, &e);
    assert_int_equal(s, 0);
    assert_int_equal(e, 0);
    cc_words_span(NULL, 0, NULL, NULL);
    cc_words_free(NULL);

    cc_words *w = cc_words_from_text("one word");
    assert_non_null(w);
    assert_int_equal(cc_words_count(w), 2);
    assert_string_equal(cc_words_at(w, 2), "");
    assert_int_equal(cc_words_is_number(w, 5), 0);
    cc_words_span(w, 9, &s, &e);
    assert_int_equal(s, 0);
    assert_int_equal(e, 0);
    cc_words_free(w);

    w = cc_words_from_text(NULL);
    assert_non_null(w);
    assert_int_equal(cc_words_count(w), 0);
    cc_words_free(w);
}

static void test_long_input(void **state)
{
    (void)state;
    /* 2000 words, a long number and a very long word: no limits inside */
    size_t n = 2000 * 6 + 1;
    char *text = malloc(n + 4000);
    assert_non_null(text);
    text[0] = '\0';
    for (int i = 0; i < 2000; i++) strcat(text, "hello ");
    size_t len = strlen(text);
    memset(text + len, 'x', 1500);
    text[len + 1500] = ' ';
    memset(text + len + 1501, '7', 1500);
    text[len + 3001] = '\0';
    cc_words *w = cc_words_from_text(text);
    assert_non_null(w);
    assert_int_equal(cc_words_count(w), 2002);
    assert_int_equal(strlen(cc_words_at(w, 2000)), 1500);
    assert_int_equal(strlen(cc_words_at(w, 2001)), 1500);
    assert_true(cc_words_is_number(w, 2001));
    cc_words_free(w);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_punctuation),
        cmocka_unit_test(test_contractions),
        cmocka_unit_test(test_fillers),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_non_ascii),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_is_number),
        cmocka_unit_test(test_break_before),
        cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_accessors_out_of_range),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_languages_without_tables),
        cmocka_unit_test(test_negation_words),
        cmocka_unit_test(test_language_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
