/* voice/lm: trigram ARPA models from sentences. The written file is read back by an
 * independent ARPA reader written here, which checks that every context's distribution
 * sums to 1, and by PocketSphinx's own reader, which must agree on the probabilities. */
#include "voicetest.h"

#include <math.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

#include "lm.h"

/* ---- a small ARPA reader ---------------------------------------------------------- */

typedef struct {
    char *w[3];
    int order;
    double lp, bow; /* log10 */
} arpa_entry;

typedef struct {
    arpa_entry *e;
    size_t n, cap;
    size_t declared[4];
    char **vocab; /* unigrams, <s> excluded */
    size_t nvocab;
} arpa;

static int cmp_entry(const void *x, const void *y);

static void arpa_free(arpa *a)
{
    for (size_t i = 0; i < a->n; i++)
        for (int k = 0; k < a->e[i].order; k++) free(a->e[i].w[k]);
    free(a->e);
    free(a->vocab);
}

static void arpa_read(const char *path, arpa *a)
{
    memset(a, 0, sizeof *a);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    int section = 0, ended = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        if (!strcmp(line, "\\data\\")) continue;
        if (!strcmp(line, "\\end\\")) { ended = 1; break; }
        int ord;
        size_t cnt;
        if (sscanf(line, "ngram %d=%zu", &ord, &cnt) == 2) {
            assert_true(ord >= 1 && ord <= 3);
            a->declared[ord] = cnt;
            continue;
        }
        if (sscanf(line, "\\%d-grams:", &ord) == 1) { section = ord; continue; }
        assert_true(section >= 1 && section <= 3);
        if (a->n == a->cap) {
            a->cap = a->cap ? 2 * a->cap : 256;
            a->e = realloc(a->e, a->cap * sizeof *a->e);
        }
        arpa_entry *e = &a->e[a->n++];
        memset(e, 0, sizeof *e);
        e->order = section;
        char *save, *tok = strtok_r(line, " \t", &save);
        e->lp = atof(tok);
        for (int k = 0; k < section; k++) {
            tok = strtok_r(NULL, " \t", &save);
            assert_non_null(tok);
            e->w[k] = strdup(tok);
        }
        tok = strtok_r(NULL, " \t", &save);
        e->bow = tok ? atof(tok) : 0.0;
    }
    fclose(f);
    assert_true(ended);
    size_t per[4] = { 0 };
    for (size_t i = 0; i < a->n; i++) per[a->e[i].order]++;
    for (int k = 1; k <= 3; k++) assert_int_equal(per[k], a->declared[k]);
    qsort(a->e, a->n, sizeof *a->e, cmp_entry);
    a->vocab = malloc(per[1] * sizeof *a->vocab);
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].order == 1 && strcmp(a->e[i].w[0], "<s>")) a->vocab[a->nvocab++] = a->e[i].w[0];
}

static int cmp_entry(const void *x, const void *y)
{
    const arpa_entry *a = x, *b = y;
    if (a->order != b->order) return a->order - b->order;
    for (int k = 0; k < a->order; k++) {
        int c = strcmp(a->w[k], b->w[k]);
        if (c) return c;
    }
    return 0;
}

static const arpa_entry *arpa_find(const arpa *a, int order, const char *const *w)
{
    arpa_entry key = { .order = order };
    for (int k = 0; k < order; k++) key.w[k] = (char *)w[k];
    return bsearch(&key, a->e, a->n, sizeof *a->e, cmp_entry);
}

/* Backed-off log10 P(w | h), h oldest first. */
static double arpa_logprob(const arpa *a, const char *const *h, int nh, const char *w)
{
    const char *g[3];
    for (int k = 0; k < nh; k++) g[k] = h[k];
    g[nh] = w;
    const arpa_entry *e = arpa_find(a, nh + 1, g);
    if (e) return e->lp;
    assert_true(nh > 0); /* every word of the vocabulary has a unigram */
    const arpa_entry *ctx = arpa_find(a, nh, h);
    return (ctx ? ctx->bow : 0.0) + arpa_logprob(a, h + 1, nh - 1, w);
}

static double sum_over_vocab(const arpa *a, const char *const *h, int nh)
{
    double s = 0.0;
    for (size_t i = 0; i < a->nvocab; i++) s += pow(10.0, arpa_logprob(a, h, nh, a->vocab[i]));
    return s;
}

/* Every context the model has (the empty one, every unigram but </s>, every bigram that
 * a trigram extends) and some it has not sums to 1. */
static void check_normalised(const char *path)
{
    arpa a;
    arpa_read(path, &a);
    size_t contexts = 0;
    assert_true(fabs(sum_over_vocab(&a, NULL, 0) - 1.0) < 1e-3);
    contexts++;
    for (size_t i = 0; i < a.n; i++) {
        const arpa_entry *e = &a.e[i];
        if (e->order == 1 && strcmp(e->w[0], "</s>")) {
            double s = sum_over_vocab(&a, (const char *const *)e->w, 1);
            if (fabs(s - 1.0) >= 1e-3) fail_msg("P(.|%s) sums to %f", e->w[0], s);
            contexts++;
        }
        if (e->order == 2 && strcmp(e->w[1], "</s>")) {
            double s = sum_over_vocab(&a, (const char *const *)e->w, 2);
            if (fabs(s - 1.0) >= 1e-3) fail_msg("P(.|%s %s) sums to %f", e->w[0], e->w[1], s);
            contexts++;
        }
    }
    /* Unseen pairs of words as contexts. */
    for (size_t i = 0; i + 1 < a.nvocab && i < 20; i++) {
        const char *h[2] = { a.vocab[i], a.vocab[a.nvocab - 1 - i] };
        if (!strcmp(h[1], "</s>")) continue;
        double s = sum_over_vocab(&a, h, 2);
        if (fabs(s - 1.0) >= 1e-3) fail_msg("P(.|%s %s) sums to %f", h[0], h[1], s);
        contexts++;
    }
    print_message("%s: %zu contexts sum to 1 within 1e-3 over %zu words\n", path, contexts, a.nvocab);
    arpa_free(&a);
}

/* ---- tests -------------------------------------------------------------------------- */

static const char *const small[] = {
    "good morning northwind travel",
    "Good afternoon northwind travel",
    "how can i help you",
    "how may i help you today",
    "",
    "   ",
    "hang on",
    "good morning",
};

static void test_vocabulary_and_counts(void **state)
{
    (void)state;
    char err[256] = "";
    cc_lm *lm = cc_lm_build(small, sizeof small / sizeof *small, err, sizeof err);
    assert_non_null(lm);
    /* good morning northwind travel afternoon how can i help you may today hang on + <s> </s> */
    assert_int_equal(cc_lm_vocab_size(lm), 16);
    for (size_t i = 1; i < cc_lm_vocab_size(lm); i++)
        assert_true(strcmp(cc_lm_word(lm, i - 1), cc_lm_word(lm, i)) < 0);
    assert_null(cc_lm_word(lm, 16));
    /* Upper case was folded: "Good" and "good" are one word. */
    int found = 0;
    for (size_t i = 0; i < cc_lm_vocab_size(lm); i++) {
        assert_null(strchr(cc_lm_word(lm, i), 'G'));
        found += !strcmp(cc_lm_word(lm, i), "good");
    }
    assert_int_equal(found, 1);
    /* 6 sentences of 4+4+5+6+2+2 = 23 words: 23+6 bigram tokens, 23 trigram tokens. */
    assert_int_equal(cc_lm_count(lm, 1), 16);
    assert_true(cc_lm_count(lm, 2) <= 29 && cc_lm_count(lm, 2) > 15);
    assert_true(cc_lm_count(lm, 3) <= 23 && cc_lm_count(lm, 3) > 15);
    assert_int_equal(cc_lm_count(lm, 4), 0);

    /* A seen trigram is likelier than the same word after an unseen history. */
    const char *h1[] = { "<s>", "good" };
    const char *h2[] = { "hang", "on" };
    assert_true(cc_lm_logprob(lm, h1, 2, "morning") > cc_lm_logprob(lm, h2, 2, "morning"));
    assert_true(cc_lm_logprob(lm, h1, 2, "morning") > -0.5);
    /* <s> is never predicted; unknown words get -99. */
    assert_true(cc_lm_logprob(lm, NULL, 0, "<s>") <= -98.0);
    assert_true(cc_lm_logprob(lm, h1, 2, "zebra") <= -98.0);
    cc_lm_free(lm);
    cc_lm_free(NULL);
}

static void test_written_model_normalises(void **state)
{
    (void)state;
    char *dir = vt_mkdtemp();
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/small.lm", dir);
    cc_lm *lm = cc_lm_build(small, sizeof small / sizeof *small, err, sizeof err);
    assert_non_null(lm);
    assert_int_equal(cc_lm_write_file(lm, path, err, sizeof err), 0);
    check_normalised(path);

    /* What cc_lm_logprob() says is what the file says. */
    arpa a;
    arpa_read(path, &a);
    const char *h[] = { "how", "can" };
    for (size_t i = 0; i < a.nvocab; i++) {
        assert_true(fabs(cc_lm_logprob(lm, h, 2, a.vocab[i]) - arpa_logprob(&a, h, 2, a.vocab[i])) < 1e-9);
        assert_true(fabs(cc_lm_logprob(lm, h + 1, 1, a.vocab[i]) - arpa_logprob(&a, h + 1, 1, a.vocab[i])) < 1e-9);
    }
    arpa_free(&a);
    cc_lm_free(lm);
    vt_rmdir(dir);
}

static void test_conversation_model_normalises(void **state)
{
    (void)state;
    char **lines;
    size_t n = vt_read_lines(CC_TEST_DIR "/../assets/conversation.txt", &lines);
    assert_true(n >= 300);
    char *dir = vt_mkdtemp();
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/conv.lm", dir);
    cc_lm *lm = cc_lm_build((const char *const *)lines, n, err, sizeof err);
    assert_non_null(lm);
    assert_true(cc_lm_vocab_size(lm) > 400);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(cc_lm_write(lm, f, err, sizeof err), 0);
    fclose(f);
    check_normalised(path);
    cc_lm_free(lm);
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    vt_rmdir(dir);
}

/* A mixture is P = l Pa + (1 - l) Pb on every n-gram either model has, and still sums to 1
 * in every context (the written file, checked by its own reader). */
static void test_mixture(void **state)
{
    (void)state;
    static const char *const other[] = { "hello there", "how are you", "good grief", "thanks a lot" };
    char err[256] = "";
    cc_lm *a = cc_lm_build(small, sizeof small / sizeof *small, err, sizeof err);
    cc_lm *b = cc_lm_build(other, sizeof other / sizeof *other, err, sizeof err);
    assert_non_null(a);
    assert_non_null(b);
    cc_lm *m = cc_lm_mix(a, b, 0.7, err, sizeof err);
    assert_non_null(m);
    /* The union of both vocabularies: 16 and hello there are grief thanks a lot. */
    assert_int_equal(cc_lm_vocab_size(m), 23);
    const char *h[] = { "<s>", "how" };
    const char *words[] = { "can", "are", "may", "hello", "travel" };
    for (size_t i = 0; i < 2; i++) { /* seen as trigrams: exactly the mixture */
        double pa = cc_lm_logprob(a, h, 2, words[i]), pb = cc_lm_logprob(b, h, 2, words[i]);
        double want = 0.7 * (pa < -98 ? 0 : pow(10, pa)) + 0.3 * (pb < -98 ? 0 : pow(10, pb));
        assert_true(fabs(pow(10, cc_lm_logprob(m, h, 2, words[i])) - want) < 1e-5 * want + 1e-7);
    }
    /* Words only the other model knows can now be said after anything. */
    const char *h2[] = { "help", "you" };
    assert_true(cc_lm_logprob(m, h2, 2, "thanks") > -98.0);
    assert_true(cc_lm_logprob(a, h2, 2, "thanks") <= -98.0);
    /* lambda 1: the first model's seen n-grams keep their probability. */
    cc_lm *one = cc_lm_mix(a, b, 1.0, err, sizeof err);
    assert_non_null(one);
    assert_true(fabs(cc_lm_logprob(one, h, 2, "can") - cc_lm_logprob(a, h, 2, "can")) < 1e-5);
    char *dir = vt_mkdtemp();
    char path[1024];
    snprintf(path, sizeof path, "%s/mix.lm", dir);
    assert_int_equal(cc_lm_write_file(m, path, err, sizeof err), 0);
    check_normalised(path);
    assert_null(cc_lm_mix(a, b, 1.5, err, sizeof err));
    assert_non_null(strstr(err, "1.5"));
    vt_rmdir(dir);
    cc_lm_free(one);
    cc_lm_free(m);
    cc_lm_free(a);
    cc_lm_free(b);
}

static void test_pocketsphinx_reads_it(void **state)
{
    (void)state;
    char *dir = vt_mkdtemp();
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/ps.lm", dir);
    cc_lm *lm = cc_lm_build(small, sizeof small / sizeof *small, err, sizeof err);
    assert_non_null(lm);
    assert_int_equal(cc_lm_write_file(lm, path, err, sizeof err), 0);

    err_set_logfp(NULL);
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *m = ngram_model_read(NULL, path, NGRAM_ARPA, lmath);
    assert_non_null(m);
    const uint32 *counts = ngram_model_get_counts(m);
    assert_int_equal(counts[0], cc_lm_count(lm, 1));
    assert_int_equal(counts[1], cc_lm_count(lm, 2));
    assert_int_equal(counts[2], cc_lm_count(lm, 3));
    /* Trigram, backed-off bigram and backed-off unigram probabilities agree. */
    struct { const char *w, *h1, *h2; } q[] = {
        { "morning", "good", "<s>" },   /* seen trigram */
        { "help", "i", "how" },         /* seen trigram */
        { "travel", "morning", "hang" },/* unseen history: bigram back-off */
        { "today", "on", "hang" },      /* unigram back-off */
        { "</s>", "on", "hang" },
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        int32 s = ngram_probv(m, q[i].w, q[i].h1, q[i].h2, NULL);
        double ps = logmath_log_to_log10(lmath, s);
        const char *h[] = { q[i].h2, q[i].h1 };
        double ours = cc_lm_logprob(lm, h, 2, q[i].w);
        if (fabs(ps - ours) > 2e-3)
            fail_msg("P(%s | %s %s): PocketSphinx %f, ours %f", q[i].w, q[i].h2, q[i].h1, ps, ours);
    }
    ngram_model_free(m);
    logmath_free(lmath);
    cc_lm_free(lm);
    vt_rmdir(dir);
}

static void test_errors(void **state)
{
    (void)state;
    char err[256] = "";
    const char *empty[] = { "", "  ", NULL };
    assert_null(cc_lm_build(empty, 3, err, sizeof err));
    assert_non_null(strstr(err, "no words"));
    assert_null(cc_lm_build(NULL, 0, err, sizeof err));
    assert_null(cc_lm_build(NULL, 0, NULL, 0)); /* no message buffer: still no crash */
    cc_lm *lm = cc_lm_build(small, 2, err, sizeof err);
    assert_non_null(lm);
    assert_int_equal(cc_lm_write_file(lm, "/nonexistent-dir/x.lm", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/x.lm"));
    assert_int_equal(cc_lm_write(NULL, stdout, err, sizeof err), -1);
    assert_int_equal(cc_lm_vocab_size(NULL), 0);
    assert_null(cc_lm_word(NULL, 0));
    cc_lm_free(lm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocabulary_and_counts),
        cmocka_unit_test(test_written_model_normalises),
        cmocka_unit_test(test_conversation_model_normalises),
        cmocka_unit_test(test_mixture),
        cmocka_unit_test(test_pocketsphinx_reads_it),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
