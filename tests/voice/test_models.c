/* voice/asr + voice/hear: a model folder for any language, with the real engines.
 *
 * A model folder for a made-up language "xx" is built at test time in a layout of its own
 * (the installed en-us acoustic model's files linked into <tmp>/model/acoustic/, a
 * dictionary trimmed to the scenario's words as <tmp>/model/words.dict), and a copy of the
 * test standard and scenario declared as "xx" points at it with recognition_model. An
 * answer spoken by espeak-ng is recognised through it (cc_listener_hear). Folders that lack
 * a part are refused with a message naming the folder and the part. The words of xx are
 * English, so the en-us acoustic model can hear them; what is tested is that nothing but
 * the folder decides which model is used and how. */
#include "voicetest.h"

#include <ctype.h>

#include "asr.h"
#include "corpus.h"
#include "diag.h"
#include "files.h"
#include "hear.h"
#include "scenario.h"
#include "standard.h"
#include "tts.h"

#define EN_MODEL "/usr/share/pocketsphinx/model/en-us"

static char *dir;               /* scratch folder */
static char model[600];         /* <dir>/model */
static cc_standard *std;
static cc_scenario *scn;

/* Copies a file, replacing the line "language: en" with "language: xx" and appending extra. */
static void copy_as_xx(const char *from, const char *to, const char *extra)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    assert_non_null(in);
    assert_non_null(out);
    char line[2048];
    int replaced = 0;
    while (fgets(line, sizeof line, in)) {
        if (!strcmp(line, "language: en\n")) {
            fputs("language: xx\n", out);
            replaced = 1;
        } else {
            fputs(line, out);
        }
    }
    if (extra) fputs(extra, out);
    fclose(in);
    assert_int_equal(fclose(out), 0);
    if (!replaced) fail_msg("%s has no line 'language: en' to make 'xx'", from);
}

/* Adds the lower-cased words of s (letters and inner apostrophes) to *v. */
static void add_words(const char *s, char ***v, size_t *n, size_t *cap)
{
    char w[128];
    size_t len = 0;
    for (const char *p = s;; p++) {
        int in = isalpha((unsigned char)*p) || (*p == '\'' && len > 0 && isalpha((unsigned char)p[1]));
        if (in && len + 1 < sizeof w) {
            w[len++] = (char)tolower((unsigned char)*p);
            continue;
        }
        if (len) {
            w[len] = '\0';
            if (*n == *cap) *v = realloc(*v, (*cap = *cap ? 2 * *cap : 256) * sizeof **v);
            (*v)[(*n)++] = strdup(w);
            len = 0;
        }
        if (!*p) break;
    }
}

static int has_word(char **v, size_t n, const char *w, size_t wl)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) == wl && !strncmp(v[i], w, wl)) return 1;
    return 0;
}

/* words.dict: the cmudict entries (with alternates) of the corpus's words and the digit
 * words, except "northwind" (not in cmudict anyway: it must come out dropped), and three
 * Russian digit words in CMU phones for the Russian digit check. */
static void write_dict(const char *path)
{
    cc_corpus *c = cc_corpus_build(std, scn, "Sam", NULL, 0);
    assert_non_null(c);
    char **v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < cc_corpus_count(c); i++) add_words(cc_corpus_at(c, i), &v, &n, &cap);
    cc_corpus_free(c);
    static const char *const more[] = { "zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "extension", "please" };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) add_words(more[i], &v, &n, &cap);
    FILE *in = fopen(EN_MODEL "/cmudict-en-us.dict", "r"), *out = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(out);
    char line[1024];
    size_t kept = 0;
    while (fgets(line, sizeof line, in)) {
        size_t wl = strcspn(line, " (\t\n");
        if (has_word(v, n, line, wl)) {
            fputs(line, out);
            kept++;
        }
    }
    fputs("ноль N OW L\nдва D V AA\nчетыре CH EH T IY R EH\n", out);
    fclose(in);
    assert_int_equal(fclose(out), 0);
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
    assert_true(kept > 20);
}

/* An acoustic model folder holding links to the installed en-us acoustic model's files,
 * all but those named in skip (space-separated). */
static void link_acoustic(const char *to, const char *skip)
{
    assert_int_equal(mkdir(to, 0700), 0);
    DIR *d = opendir(EN_MODEL "/en-us");
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (skip && strstr(skip, e->d_name)) continue;
        char src[1024], dst[1024];
        snprintf(src, sizeof src, "%s/en-us/%s", EN_MODEL, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
        assert_int_equal(symlink(src, dst), 0);
    }
    closedir(d);
}

static void rm_tree(const char *path)
{
    vt_run("rm -rf '%s'", path);
}

static int setup(void **state)
{
    (void)state;
    if (!vt_have("sox") || !vt_have("espeak-ng")) {
        fprintf(stderr, "test_models needs sox and the espeak-ng command (apt-get install sox espeak-ng)\n");
        return -1;
    }
    dir = vt_mkdtemp();
    char p[700], q[700];
    snprintf(p, sizeof p, "%s/standard.yaml", dir);
    copy_as_xx(CC_TEST_DIR "/fixtures/standard.yaml", p, "recognition_model: model\n");
    snprintf(q, sizeof q, "%s/call.yaml", dir);
    copy_as_xx(CC_TEST_DIR "/fixtures/call.yaml", q, NULL);
    cc_diags *d = cc_diags_create();
    if (cc_standard_load_file(p, &std, d) != CC_FILE_OK ||
        cc_scenario_load_file(q, std, &scn, d) != CC_FILE_OK) {
        fprintf(stderr, "cannot load the xx copies of the test standard and scenario (%zu messages)\n",
                cc_diags_count(d));
        cc_diags_free(d);
        return -1;
    }
    cc_diags_free(d);
    snprintf(model, sizeof model, "%s/model", dir);
    if (mkdir(model, 0700) != 0) return -1;
    char ac[700], dict[700];
    snprintf(ac, sizeof ac, "%s/acoustic", model);
    link_acoustic(ac, NULL);
    snprintf(dict, sizeof dict, "%s/words.dict", model);
    write_dict(dict);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cc_scenario_free(scn);
    cc_standard_free(std);
    if (dir) rm_tree(dir);
    return 0;
}

/* The standard's recognition_model names the folder; the listener takes it for "xx". */
static void xx_model_hears_speech(void **state)
{
    (void)state;
    assert_string_equal(std->language, "xx");
    char found[700], err[1024] = "";
    if (cc_listener_model(std, scn, NULL, found, sizeof found, err, sizeof err) != 0)
        fail_msg("the xx model was refused: %s", err);
    assert_string_equal(found, model);

    cc_listener_config cfg = { std, scn, "Sam", NULL, NULL, NULL };
    cc_listener *l = cc_listener_create(&cfg, err, sizeof err);
    if (!l) fail_msg("cannot build the xx listener: %s", err);
    assert_true(cc_listener_sentences(l) > 0);
    /* Not in words.dict, and no pronouncer given: dropped, not guessed. */
    int northwind = 0;
    for (size_t i = 0; i < cc_listener_dropped_count(l); i++)
        if (!strcmp(cc_listener_dropped(l, i), "northwind")) northwind = 1;
    assert_true(northwind);

    static const char *const answers[] = { "good morning", "may i put you on hold",
                                           "thank you for holding" };
    size_t errors = 0, words = 0;
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
        char wav[700];
        snprintf(wav, sizeof wav, "%s/answer%zu.wav", dir, i);
        vt_say(dir, "en-us+klatt", answers[i], 1.0, wav);
        cc_heard h;
        if (cc_listener_hear_file(l, wav, &h, err, sizeof err) != 0) fail_msg("hear: %s", err);
        size_t nref = 0, e = vt_word_errors(answers[i], h.text, &nref);
        print_message("  xx model: \"%s\" -> \"%s\" (confidence %.2f)\n", answers[i], h.text,
                      h.confidence);
        errors += e;
        words += nref;
        assert_true(h.speech_ms > 0);
    }
    /* espeak-ng klatt, in-domain answers: allow one slip. */
    if (errors > 1) fail_msg("%zu word errors in %zu words through the xx model", errors, words);
    cc_listener_free(l);
}

static const char *pron(void *ud, const char *word)
{
    (void)ud;
    return !strcmp(word, "northwind") ? "N AO1 R TH W IH0 N D" : NULL;
}

/* Digits are spelled in the model's language, or left out; a CMU-phone model takes the
 * pronouncer's names whatever its language code. */
static void digits_and_names_follow_the_language(void **state)
{
    (void)state;
    char err[1024] = "";
    const char *s[] = { "Extension 2040 please, Northwind" };
    cc_asr_config c = { .model_dir = model, .sentences = s, .nsentences = 1, .language = "xx",
                        .pronounce = pron };
    cc_asr *a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("xx: %s", err);
    /* extension, please, northwind: no digit words in a language without a table */
    assert_int_equal(cc_asr_vocabulary_size(a), 3);
    assert_int_equal(cc_asr_pronounced_count(a), 1);
    assert_string_equal(cc_asr_pronounced(a, 0), "northwind");
    assert_int_equal(cc_asr_dropped_count(a), 0);
    cc_asr_free(a);

    c.language = "en-GB";
    a = cc_asr_create(&c, err, sizeof err);
    if (!a) fail_msg("en-GB: %s", err);
    /* + two, zero, four */
    assert_int_equal(cc_asr_vocabulary_size(a), 6);
    cc_asr_free(a);

    const char *ru[] = { "Добавочный 2040" };
    cc_asr_config r = { .model_dir = model, .sentences = ru, .nsentences = 1, .language = "ru" };
    a = cc_asr_create(&r, err, sizeof err);
    if (!a) fail_msg("ru: %s", err);
    /* два, ноль, четыре; "добавочный" is not in words.dict and there is no pronouncer */
    assert_int_equal(cc_asr_vocabulary_size(a), 3);
    assert_int_equal(cc_asr_dropped_count(a), 1);
    assert_string_equal(cc_asr_dropped(a, 0), "добавочный");
    cc_asr_free(a);
}

/* Makes <dir>/<name> as a model folder: acoustic files but those in skip, ndict dictionaries. */
static void make_broken(char *out, size_t outlen, const char *name, const char *skip, int ndict,
                        int nacoustic)
{
    snprintf(out, outlen, "%s/%s", dir, name);
    assert_int_equal(mkdir(out, 0700), 0);
    for (int i = 0; i < nacoustic; i++) {
        char ac[800];
        snprintf(ac, sizeof ac, "%s/am%d", out, i);
        link_acoustic(ac, skip);
    }
    for (int i = 0; i < ndict; i++) {
        char p[800];
        snprintf(p, sizeof p, "%s/d%d.dict", out, i);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs("hello HH AH L OW\n", f);
        fclose(f);
    }
}

static void broken_folders_named(void **state)
{
    (void)state;
    static const struct {
        const char *name, *skip;
        int ndict, nacoustic;
        const char *says;
    } cases[] = {
        { "no-dict", NULL, 0, 1, "no pronouncing dictionary" },
        { "two-dicts", NULL, 2, 1, "2 pronouncing dictionaries" },
        { "no-mdef", "mdef", 1, 1, "no acoustic model" },
        { "no-acoustic", NULL, 1, 0, "no acoustic model" },
        { "two-acoustic", NULL, 1, 2, "2 acoustic models" },
        { "no-means", "means", 1, 1, "no means" },
    };
    const char *s[] = { "hello" };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char folder[700], err[1024] = "";
        make_broken(folder, sizeof folder, cases[i].name, cases[i].skip, cases[i].ndict,
                    cases[i].nacoustic);
        cc_asr_config c = { .model_dir = folder, .sentences = s, .nsentences = 1, .language = "xx" };
        assert_null(cc_asr_create(&c, err, sizeof err));
        if (!strstr(err, folder) || !strstr(err, cases[i].says)) fail_msg("%s: %s", cases[i].name, err);
        print_message("  %s: %s\n", cases[i].name, err);

        /* The listener refuses it before building anything, naming where it came from. */
        char found[700];
        err[0] = '\0';
        char *keep = std->recognition_model;
        std->recognition_model = folder;
        assert_int_equal(cc_listener_model(std, scn, NULL, found, sizeof found, err, sizeof err), -1);
        std->recognition_model = keep;
        if (!strstr(err, folder) || !strstr(err, cases[i].says) ||
            !strstr(err, "recognition_model") || !strstr(err, "answers are typed"))
            fail_msg("%s (listener): %s", cases[i].name, err);
        rm_tree(folder);
    }
}

/* cc_listener_asr() is the listener's recogniser alone (the app decodes with it): the same
 * sentences; and a conversational set that cannot be read is an error naming the file, not a
 * recogniser that would force off-script speech onto the rubric's words. */
static void listener_asr_is_the_listeners(void **state)
{
    (void)state;
    char err[1024] = "";
    cc_listener_config cfg = { std, scn, "Sam", NULL, NULL, NULL };
    cc_listener *l = cc_listener_create(&cfg, err, sizeof err);
    if (!l) fail_msg("cannot build the xx listener: %s", err);
    size_t n = 0;
    cc_asr *a = cc_listener_asr(&cfg, &n, err, sizeof err);
    if (!a) fail_msg("cannot build the xx recogniser: %s", err);
    assert_true(n > 0);
    assert_int_equal(n, cc_listener_sentences(l));
    cc_asr_free(a);
    cc_listener_free(l);

    char missing[700];
    snprintf(missing, sizeof missing, "%s/no-such-folder/conversation.txt", dir);
    cfg.conversation_file = missing;
    n = 7;
    a = cc_listener_asr(&cfg, &n, err, sizeof err);
    assert_null(a);
    assert_int_equal(n, 0);
    if (!strstr(err, missing) || !strstr(err, "reinstall"))
        fail_msg("the message does not name the file and what to do: %s", err);
    assert_null(cc_listener_create(&cfg, err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xx_model_hears_speech),
        cmocka_unit_test(digits_and_names_follow_the_language),
        cmocka_unit_test(broken_folders_named),
        cmocka_unit_test(listener_asr_is_the_listeners),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
