/* Languages, end to end: the Russian standard and scenario shipped in
 * scenarios/ru/ lint clean and their tests hold on typed answers; the rules
 * read Russian answers the Russian way (case, ё/е, number words, negation);
 * languages without tables are lower-cased letter by letter; bad language
 * codes are refused where they are written; the caller speaks with the
 * language's espeak-ng voice (real espeak-ng); and the recogniser refuses a
 * language it has no model for, saying why and that answers are typed. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "files.h"
#include "hear.h"
#include "phrase.h"
#include "scntest.h"
#include "text.h"
#include "tts.h"

#define RU_STANDARD CC_DATA_DIR "/scenarios/ru/standard.yaml"
#define RU_SCENARIO CC_DATA_DIR "/scenarios/ru/rude-caller-ru.yaml"

static void print_diags(cc_diags *d)
{
    char line[1024];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        print_error("%s\n", line);
    }
}

/* Diagnostics joined into one string, for checking what they say. */
static void diags_text(cc_diags *d, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cc_diags_count(d) && len + 1 < n; i++) {
        cc_diag_format(cc_diags_get(d, i), buf + len, n - len);
        len += strlen(buf + len);
        if (len + 1 < n) buf[len++] = '\n', buf[len] = '\0';
    }
}

static cc_standard *load_ru_standard(void)
{
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    assert_int_equal(cc_standard_load_file(RU_STANDARD, &std, d), CC_FILE_OK);
    print_diags(d);
    assert_int_equal(cc_diags_count(d), 0); /* no warnings either */
    cc_diags_free(d);
    return std;
}

static cc_scenario *load_ru_scenario(const cc_standard *std)
{
    cc_diags *d = cc_diags_create();
    cc_scenario *s = NULL;
    assert_int_equal(cc_scenario_load_file(RU_SCENARIO, std, &s, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_takes(s, d), CC_FILE_OK);
    print_diags(d);
    assert_int_equal(cc_diags_count(d), 0);
    cc_diags_free(d);
    return s;
}

/* ---- the shipped Russian content ---- */

static void ru_files_lint_clean_and_match_the_english(void **state)
{
    (void)state;
    cc_standard *ru = load_ru_standard();
    cc_scenario *s = load_ru_scenario(ru);
    assert_string_equal(ru->language, "ru");
    assert_string_equal(s->language, "ru");
    /* A translation, not a different standard: every rule id, in order, with its weight. */
    cc_diags *d = cc_diags_create();
    cc_standard *en = NULL;
    assert_int_equal(cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &en, d),
                     CC_FILE_OK);
    cc_diags_free(d);
    assert_int_equal(ru->nrules, en->nrules);
    for (size_t i = 0; i < en->nrules; i++) {
        assert_string_equal(ru->rules[i].id, en->rules[i].id);
        assert_int_equal(ru->rules[i].weight, en->rules[i].weight);
        assert_int_equal(ru->rules[i].critical, en->rules[i].critical);
        assert_int_equal(ru->rules[i].kind, en->rules[i].kind);
    }
    assert_int_equal(ru->pass_mark, en->pass_mark);
    cc_standard_free(en);
    cc_scenario_free(s);
    cc_standard_free(ru);
}

static void ru_scenario_tests_hold(void **state)
{
    (void)state;
    cc_standard *std = load_ru_standard();
    cc_scenario *s = load_ru_scenario(std);
    assert_true(s->ntests >= 2);
    cc_diags *d = cc_diags_create();
    int passing = 0, failing = 0, all_ok = 1;
    for (size_t i = 0; i < s->ntests; i++) {
        cc_test_outcome out;
        assert_int_equal(cc_scenario_test_run(std, s, i, "Alex", 1, d, &out), 0);
        assert_true(out.played);
        all_ok &= out.ok;
        if (out.call_passed) passing++;
        else failing++;
    }
    print_diags(d);
    assert_int_equal(cc_diags_count(d), 0);
    assert_true(all_ok);
    assert_true(passing > 0 && failing > 0);
    cc_diags_free(d);
    cc_scenario_free(s);
    cc_standard_free(std);
}

/* The same rules read through the English tables would miss these: the
 * answers only match once Russian is normalised as Russian. */
static void ru_rules_read_russian(void **state)
{
    (void)state;
    cc_standard *std = load_ru_standard();
    cc_scenario *s = load_ru_scenario(std);
    cc_slots *slots = cc_scenario_slots(std, s, "Alex");
    assert_non_null(slots);
    assert_int_equal(cc_slots_add(slots, "number", "2040"), 0);
    static const struct {
        const char *rule, *said;
        int hit;
    } t[] = {
        /* case */
        {"offer-help", "ЧЕМ Я МОГУ ВАМ ПОМОЧЬ?", 1},
        {"company", "Доброе утро, НОРДВИНД ТРЭВЕЛ.", 1},
        /* ё and е */
        {"anything-else", "Могу ли я ещё чем-нибудь помочь?", 1},
        {"anything-else", "Могу ли я еще чем-нибудь помочь?", 1},
        {"hold-permission", "Вы подождёте минутку?", 1},
        /* number words meet the digits of a slot */
        {"transfer-number", "Это добавочный две тысячи сорок.", 1},
        {"transfer-number", "Добавочный два ноль четыре ноль.", 1},
        {"transfer-number", "Добавочный двадцать сорок.", 1},
        {"transfer-number", "Добавочный две тысячи пятьдесят.", 0},
        /* negation */
        {"offer-alternative", "Я могу вам помочь.", 1},
        {"offer-alternative", "Я не могу вам помочь.", 0},
        {"empathy", "Я вас понимаю.", 1},
        {"empathy", "Я вас не понимаю.", 0},
        /* a negation the phrase itself says is not a negated phrase */
        {"hold-permission", "Пожалуйста, не кладите трубку.", 1},
        {"stay-calm", "Это не моя проблема.", 1},
        {"stay-calm", "Это моя задача, я помогу.", 0},
        /* the caller's name from the scenario's context, in any case */
        {"caller-name", "Спасибо, ГОСПОДИН ДОУСОН.", 1},
        /* English answers do not pass a Russian standard */
        {"offer-help", "How can I help you?", 0},
        {"greeting", "Good morning", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int r = cc_standard_find(std, t[i].rule);
        assert_true(r >= 0);
        char ev[256];
        int hit = cc_rule_hit(&std->rules[r], t[i].said, slots, ev, sizeof ev);
        if (hit != t[i].hit)
            fail_msg("case %zu: rule %s on \"%s\": %d (evidence \"%s\")", i, t[i].rule, t[i].said,
                     hit, ev);
    }
    cc_slots_free(slots);
    cc_scenario_free(s);
    cc_standard_free(std);
}

/* The outgoing-call rules of the Russian standard read how Russians say it
 * (памятка 000: узнать, располагает ли собеседник временем; договориться о
 * времени; назвать цель; извиниться при ошибочном номере), and a bad answer
 * that shares their words does not pass. The ru scenario has no {time}: the
 * outgoing scenario's is added, with the wrong-number scenario's clinic. */
static void ru_outgoing_rules_read_russian(void **state)
{
    (void)state;
    cc_standard *std = load_ru_standard();
    cc_scenario *s = load_ru_scenario(std);
    cc_slots *slots = cc_scenario_slots(std, s, "Alex");
    assert_non_null(slots);
    assert_int_equal(cc_slots_add(slots, "time", "четыре часа"), 0);
    assert_int_equal(cc_slots_add(slots, "time", "16:00"), 0);
    assert_int_equal(cc_slots_add(slots, "department", "Риверсайд Дентал"), 0);
    static const struct {
        const char *rule, *said;
        int hit;
    } t[] = {
        {"convenient-time", "Вам удобно сейчас разговаривать?", 1},
        {"convenient-time", "Удобно ли вам сейчас говорить?", 1},
        {"convenient-time", "У вас есть пара минут?", 1},
        {"convenient-time", "Есть ли у вас минутка?", 1},
        {"convenient-time", "Не могли бы вы уделить мне пару минут?", 1},
        {"convenient-time", "Я вас не отвлекаю?", 1},
        {"convenient-time", "Я звоню не вовремя?", 1},
        {"convenient-time", "Я звоню по поводу вашего бронирования, слушайте.", 0},
        {"convenient-time", "Это займёт всего минуту, вам нужно согласиться.", 0},
        {"agree-time", "Конечно. Я перезвоню вам в четыре часа.", 1},
        {"agree-time", "Можно я позвоню вам в 16:00?", 1},
        {"agree-time", "Хорошо, договорились, в четыре часа.", 1},
        {"agree-time", "Я перезвоню вам завтра утром.", 1},
        {"agree-time", "Я перезвоню попозже.", 0},
        {"state-purpose", "Я звоню по поводу вашего отеля в Риме.", 1},
        {"state-purpose", "Я хотела бы обсудить ваше бронирование.", 1},
        {"state-purpose", "Добрый день, это Алекс из «Нордвинд Трэвел». Вам удобно говорить?", 0},
        {"state-purpose", "Звоню из «Нордвинд Трэвел».", 0},
        {"thank-for-time", "Спасибо, что уделили мне время.", 1},
        {"thank-for-time", "Спасибо вам большое за ваше время.", 1},
        {"thank-for-time", "Спасибо за звонок.", 0},
        {"wrong-number-apology", "Извините, вы позвонили в «Нордвинд Трэвел», а не в Риверсайд Дентал.", 1},
        {"wrong-number-apology", "Простите, но вы, кажется, не туда попали.", 1},
        {"wrong-number-apology", "Извините, это не Риверсайд Дентал.", 1},
        {"wrong-number-apology", "Извините за путаницу.", 1},
        {"wrong-number-apology", "Нет, ошиблись номером.", 0},
        {"wrong-number-apology", "Это не стоматология, смотрите внимательнее.", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int r = cc_standard_find(std, t[i].rule);
        assert_true(r >= 0);
        char ev[256] = "";
        int hit = cc_rule_hit(&std->rules[r], t[i].said, slots, ev, sizeof ev);
        if (hit != t[i].hit)
            fail_msg("case %zu: rule %s on \"%s\": %d (evidence \"%s\")", i, t[i].rule, t[i].said,
                     hit, ev);
    }
    cc_slots_free(slots);
    cc_scenario_free(s);
    cc_standard_free(std);
}

static void diacritics_lower_cased(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *in, *out;
    } t[] = {
        {"pl", "DZIEŃ DOBRY, ŻÓŁW Ąę Ść", "dzień dobry żółw ąę ść"},
        {"ro", "BUNĂ ZIUA, ȘTEFAN ȚINE ÎȘI", "bună ziua ștefan ține își"},
        {"lv", "LABDIEN, ĀĒĪŪ ĢĶĻŅ ČŠŽ", "labdien āēīū ģķļņ čšž"},
        {"ru", "ЁЛКА Ёжик", "елка ежик"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cc_words *w = cc_words_from_text_lang(t[i].in, t[i].lang);
        assert_non_null(w);
        char got[256] = "";
        for (size_t k = 0; k < cc_words_count(w); k++) {
            if (k) strcat(got, " ");
            strcat(got, cc_words_at(w, k));
        }
        if (strcmp(got, t[i].out) != 0) fail_msg("%s: \"%s\" -> \"%s\"", t[i].lang, t[i].in, got);
        cc_words_free(w);
    }
    /* A Polish pattern matches a Polish answer in capitals, through the whole path. */
    cc_pattern *p = cc_pattern_compile_lang("w czym mogę pomóc", "pl", NULL, 0, NULL);
    assert_non_null(p);
    char ev[128];
    assert_int_equal(cc_phrases_hit(&p, 1, 2, 0, "DZIEŃ DOBRY, W CZYM MOGĘ POMÓC?", NULL, ev,
                                     sizeof ev),
                     1);
    assert_string_equal(ev, "W CZYM MOGĘ POMÓC");
    assert_int_equal(cc_phrases_hit(&p, 1, 2, 0, "w czym moge pomoc", NULL, ev, sizeof ev), 0);
    cc_pattern_free(p);
}

/* ---- language codes in files ---- */

static const char *const std_head = "standard: s\n"
                                    "title: T\n"
                                    "language: %s\n"
                                    "company: C\n"
                                    "%s"
                                    "caller_reactions: {silence: a, silence_hangup: b, "
                                    "not_understood: c, long_hold: d}\n"
                                    "rules:\n"
                                    "  - id: greeting\n"
                                    "    title: G\n"
                                    "    phase: opening\n"
                                    "    reason: r\n"
                                    "    weight: 1\n"
                                    "    feedback: f\n"
                                    "    model: m\n"
                                    "    detect: {kind: phrase, phrases: [\"доброе утро\"]}\n";

static cc_standard *load_std_text(const char *path, const char *lang, const char *extra,
                                  cc_diags *d)
{
    char buf[2048];
    snprintf(buf, sizeof buf, std_head, lang, extra);
    return cc_standard_load(path, buf, strlen(buf), d);
}

static void language_codes_checked(void **state)
{
    (void)state;
    static const char *const bad[] = {"english", "ru_RU", "русский", "e", "en-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cc_diags *d = cc_diags_create();
        cc_standard *s = load_std_text("bad.yaml", bad[i], "", d);
        assert_null(s);
        char text[1024];
        diags_text(d, text, sizeof text);
        /* where: the value of `language:` on line 3, column 11 */
        if (!strstr(text, "bad.yaml:3:11: error: 'language' is") ||
            !strstr(text, "not a language code"))
            fail_msg("\"%s\": %s", bad[i], text);
        cc_diags_free(d);
    }
    static const char *const good[] = {"ru", "ru-RU", "pl", "ro", "lv", "en-US"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        cc_diags *d = cc_diags_create();
        cc_standard *s = load_std_text("good.yaml", good[i], "", d);
        print_diags(d);
        assert_non_null(s);
        cc_standard_free(s);
        cc_diags_free(d);
    }

    /* A scenario: its code is checked, and must be its standard's. */
    cc_diags *d = cc_diags_create();
    cc_standard *std = load_std_text("s.yaml", "ru", "", d);
    assert_non_null(std);
    static const char *const scn = "scenario: x\ntitle: X\nlanguage: %s\nbriefing: b\n"
                                   "lines:\n  - line: 1\n    start: a\n"
                                   "    caller: {name: Пётр%s}\n"
                                   "nodes:\n  - id: a\n    branches:\n      - goto: b\n"
                                   "  - id: b\n    say: \"До свидания\"\n    end: true\n";
    char buf[1024], text[2048];
    snprintf(buf, sizeof buf, scn, "russian", "");
    assert_null(cc_scenario_load("x.yaml", buf, strlen(buf), std, d));
    diags_text(d, text, sizeof text);
    if (!strstr(text, "x.yaml:3:11: error: 'language' is 'russian', which is not a language code"))
        fail_msg("%s", text);
    cc_diags_free(d);

    d = cc_diags_create();
    snprintf(buf, sizeof buf, scn, "pl", "");
    assert_null(cc_scenario_load("x.yaml", buf, strlen(buf), std, d));
    diags_text(d, text, sizeof text);
    if (!strstr(text, "x.yaml:3:11: error: scenario language 'pl' differs from the standard's 'ru'"))
        fail_msg("%s", text);
    cc_diags_free(d);

    /* No voice: allowed (the language's voice speaks); a voice of another language: a warning. */
    d = cc_diags_create();
    snprintf(buf, sizeof buf, scn, "ru", "");
    cc_scenario *s = cc_scenario_load("x.yaml", buf, strlen(buf), std, d);
    print_diags(d);
    assert_non_null(s);
    assert_int_equal(cc_diags_count(d), 0);
    assert_null(s->lines[0].caller.voice);
    cc_scenario_free(s);
    snprintf(buf, sizeof buf, scn, "ru", ", voice: en-us");
    s = cc_scenario_load("x.yaml", buf, strlen(buf), std, d);
    assert_non_null(s);
    diags_text(d, text, sizeof text);
    if (!strstr(text, "warning: voice 'en-us' speaks another language than the scenario's 'ru'"))
        fail_msg("%s", text);
    cc_scenario_free(s);
    cc_diags_free(d);
    cc_standard_free(std);
}

static void recognition_model_key(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard *s = load_std_text("/data/company/standard.yaml", "ru",
                                   "recognition_model: models/ru\n", d);
    print_diags(d);
    assert_non_null(s);
    assert_string_equal(s->recognition_model, "/data/company/models/ru");
    cc_standard_free(s);
    s = load_std_text("/data/company/standard.yaml", "ru", "recognition_model: /opt/ru\n", d);
    assert_non_null(s);
    assert_string_equal(s->recognition_model, "/opt/ru");
    cc_standard_free(s);
    s = load_std_text("standard.yaml", "ru", "", d);
    assert_non_null(s);
    assert_null(s->recognition_model);
    cc_standard_free(s);
    s = load_std_text("standard.yaml", "ru", "recognition_model: \"\"\n", d);
    assert_null(s);
    char text[1024];
    diags_text(d, text, sizeof text);
    if (!strstr(text, "'recognition_model' is empty")) fail_msg("%s", text);
    cc_diags_free(d);
}

/* ---- speech out: the language's voice (real espeak-ng) ---- */

static double rms(const int16_t *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += (double)s[i] * s[i];
    return n ? sqrt(sum / (double)n) : 0;
}

static void caller_speaks_russian(void **state)
{
    (void)state;
    cc_standard *std = load_ru_standard();
    cc_scenario *s = load_ru_scenario(std);
    char err[256] = "";
    cc_tts *t = cc_tts_create(NULL, err, sizeof err);
    if (!t) fail_msg("espeak-ng: %s", err);
    /* Before a language is set, a persona without a voice has nothing to speak with. */
    assert_string_equal(cc_tts_language_voice(t), "");
    assert_int_equal(cc_tts_check_voice(t, NULL, NULL, err, sizeof err), -1);
    if (!strstr(err, "no espeak-ng voice")) fail_msg("%s", err);
    if (cc_tts_set_language(t, "en", err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(cc_tts_language_voice(t), "en-us");
    if (cc_tts_set_language(t, s->language, err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(cc_tts_language_voice(t), "ru");
    if (cc_tts_set_language(t, "ru-RU", err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(cc_tts_language_voice(t), "ru");
    if (cc_tts_set_language(t, "pl", err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(cc_tts_language_voice(t), "pl");
    assert_int_equal(cc_tts_set_language(t, "xq", err, sizeof err), -1);
    if (!strstr(err, "no voice for language 'xq'")) fail_msg("%s", err);
    assert_string_equal(cc_tts_language_voice(t), "pl"); /* a failure changes nothing */
    assert_int_equal(cc_tts_set_language(t, s->language, err, sizeof err), 0);

    /* The scenario's own persona (voice: ru) says the complaint. */
    const cc_persona *p = &s->lines[0].caller;
    assert_string_equal(p->voice, "ru");
    const char *line = s->nodes[1].say[0];
    int16_t *pcm = NULL;
    size_t n = 0;
    int rate = 0;
    if (cc_tts_say(t, p, p->mood, line, &pcm, &n, &rate, err, sizeof err) != 0)
        fail_msg("say: %s", err);
    /* A long sentence: seconds of sound, not a click. */
    assert_true(rate > 0);
    assert_true(n > (size_t)rate * 2);
    assert_true(rms(pcm, n) > 300);
    free(pcm);

    /* The same persona with no voice of its own gets the language's voice. */
    cc_persona bare = *p;
    bare.voice = NULL;
    bare.variant = NULL;
    pcm = NULL;
    if (cc_tts_say(t, &bare, CC_MOOD_CALM, "Спасибо. До свидания.", &pcm, &n, &rate, err,
                   sizeof err) != 0)
        fail_msg("say without a voice: %s", err);
    assert_true(n > (size_t)rate / 2);
    assert_true(rms(pcm, n) > 300);
    free(pcm);
    assert_int_equal(cc_tts_check_voice(t, NULL, NULL, err, sizeof err), 0);

    cc_tts_free(t);
    cc_scenario_free(s);
    cc_standard_free(std);
}

/* ---- speech in: the language's model, or typed answers ---- */

static void listener_without_russian_model(void **state)
{
    (void)state;
    cc_standard *std = load_ru_standard();
    cc_scenario *s = load_ru_scenario(std);
    char err[512] = "";
    unsetenv("CALLCOACH_MODEL_RU");
    cc_listener_config cfg = {std, s, "Alex", NULL, NULL, NULL};
    cc_listener *l = cc_listener_create(&cfg, err, sizeof err);
    assert_null(l);
    if (!strstr(err, "no speech recognition model for language 'ru': answers are typed") ||
        !strstr(err, "recognition_model") || !strstr(err, "CALLCOACH_MODEL_RU"))
        fail_msg("%s", err);

    /* A folder that is not a model: the message names the folder and where it came from. */
    char dir[] = "/tmp/cc-not-a-model-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[sizeof dir + 16];
    snprintf(file, sizeof file, "%s/readme.txt", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("not a model\n", f);
    fclose(f);
    setenv("CALLCOACH_MODEL_RU", dir, 1);
    l = cc_listener_create(&cfg, err, sizeof err);
    assert_null(l);
    if (!strstr(err, dir) || !strstr(err, "CALLCOACH_MODEL_RU") ||
        !strstr(err, "not a PocketSphinx model") || !strstr(err, "answers are typed"))
        fail_msg("%s", err);

    /* A path that does not exist at all. */
    setenv("CALLCOACH_MODEL_RU", "/nonexistent/ru-model", 1);
    l = cc_listener_create(&cfg, err, sizeof err);
    assert_null(l);
    if (!strstr(err, "/nonexistent/ru-model") || !strstr(err, "not a folder")) fail_msg("%s", err);

    /* The folder given to the program wins over the environment. */
    cfg.model_dir = dir;
    char model[256];
    assert_int_equal(cc_listener_model(std, s, dir, model, sizeof model, err, sizeof err), -1);
    if (!strstr(err, "--model-dir")) fail_msg("%s", err);
    unsetenv("CALLCOACH_MODEL_RU");
    remove(file);
    rmdir(dir);

    /* A folder laid out like a model: the acoustic model in a subfolder, one dictionary.
     * With only mdef and means it is refused, naming the folder and the missing part;
     * complete, it is accepted (the files are empty: only their presence is checked here,
     * loading real ones is tests/voice/test_models.c). */
    char mdir[] = "/tmp/cc-ru-model-XXXXXX";
    assert_non_null(mkdtemp(mdir));
    char sub[sizeof mdir + 8], fl[6][sizeof mdir + 32];
    snprintf(sub, sizeof sub, "%s/ru", mdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    static const char *const names[6] = {"ru/mdef", "ru/means", "ru.dict", "ru/variances",
                                         "ru/transition_matrices", "ru/sendump"};
    for (size_t i = 0; i < 6; i++) snprintf(fl[i], sizeof fl[i], "%s/%s", mdir, names[i]);
    for (size_t i = 0; i < 3; i++) {
        f = fopen(fl[i], "w");
        assert_non_null(f);
        fclose(f);
    }
    /* from the standard's recognition_model, which comes before the environment */
    setenv("CALLCOACH_MODEL_RU", "/nonexistent/ru-model", 1);
    char *keep = std->recognition_model;
    std->recognition_model = mdir;
    assert_int_equal(cc_listener_model(std, s, NULL, model, sizeof model, err, sizeof err), -1);
    if (!strstr(err, mdir) || !strstr(err, "recognition_model") || !strstr(err, "variances") ||
        !strstr(err, "answers are typed"))
        fail_msg("%s", err);
    for (size_t i = 3; i < 6; i++) {
        f = fopen(fl[i], "w");
        assert_non_null(f);
        fclose(f);
    }
    err[0] = '\0';
    if (cc_listener_model(std, s, NULL, model, sizeof model, err, sizeof err) != 0)
        fail_msg("a complete Russian model folder was refused: %s", err);
    assert_string_equal(model, mdir);
    std->recognition_model = keep;
    unsetenv("CALLCOACH_MODEL_RU");
    for (size_t i = 0; i < 6; i++) remove(fl[i]);
    rmdir(sub);
    rmdir(mdir);

    /* English keeps the installed model: no folder needed. */
    assert_int_equal(cc_listener_model(NULL, NULL, NULL, model, sizeof model, err, sizeof err), 0);
    assert_string_equal(model, "");
    cc_scenario_free(s);
    cc_standard_free(std);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ru_files_lint_clean_and_match_the_english),
        cmocka_unit_test(ru_scenario_tests_hold),
        cmocka_unit_test(ru_rules_read_russian),
        cmocka_unit_test(ru_outgoing_rules_read_russian),
        cmocka_unit_test(diacritics_lower_cased),
        cmocka_unit_test(language_codes_checked),
        cmocka_unit_test(recognition_model_key),
        cmocka_unit_test(caller_speaks_russian),
        cmocka_unit_test(listener_without_russian_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
