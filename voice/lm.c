/* lm: trigram ARPA language model with interpolated Witten-Bell smoothing. See lm.h. */
#define _POSIX_C_SOURCE 200809L
#include "lm.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int w[3];       /* word ids, oldest first; unused slots -1 */
    long count;     /* times seen */
    double prob;    /* interpolated probability (not log) */
    double bow;     /* back-off weight of this n-gram as a context (1: none) */
    int has_bow;    /* this n-gram is a context of a higher order */
} ngram;

struct cc_lm {
    char **vocab;   /* sorted by strcmp */
    size_t nvocab;
    int bos, eos;   /* ids of <s> and </s> */
    ngram *g[3];    /* g[k] holds the (k+1)-grams, sorted by ids */
    size_t n[3];
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int word_id(const cc_lm *lm, const char *w)
{
    size_t lo = 0, hi = lm->nvocab;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lm->vocab[mid], w);
        if (c == 0) return (int)mid;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
}

static int cmp_ngram(const void *a, const void *b)
{
    const ngram *x = a, *y = b;
    for (int i = 0; i < 3; i++)
        if (x->w[i] != y->w[i]) return x->w[i] < y->w[i] ? -1 : 1;
    return 0;
}

static ngram *find_ngram(const cc_lm *lm, int order, const int *w)
{
    ngram key = { .w = { -1, -1, -1 } };
    for (int i = 0; i < order; i++) key.w[i] = w[i];
    return bsearch(&key, lm->g[order - 1], lm->n[order - 1], sizeof(ngram), cmp_ngram);
}

/* Sorts g[0..*n) and merges duplicates, adding their counts. */
static void sort_unique(ngram *g, size_t *n)
{
    if (*n == 0) return;
    qsort(g, *n, sizeof *g, cmp_ngram);
    size_t out = 0;
    for (size_t i = 1; i < *n; i++) {
        if (cmp_ngram(&g[out], &g[i]) == 0) g[out].count += g[i].count;
        else g[++out] = g[i];
    }
    *n = out + 1;
}

void cc_lm_free(cc_lm *lm)
{
    if (!lm) return;
    for (size_t i = 0; i < lm->nvocab; i++) free(lm->vocab[i]);
    free(lm->vocab);
    for (int k = 0; k < 3; k++) free(lm->g[k]);
    free(lm);
}

/* Splits a sentence into freshly allocated lower-cased words; returns the count or -1. */
static long split_words(const char *s, char ***out)
{
    size_t cap = 8, n = 0;
    char **v = malloc(cap * sizeof *v);
    if (!v) return -1;
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && !(*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f' || *q == '\v')) q++;
        if (n == cap) {
            char **nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) goto fail;
            v = nv;
            cap *= 2;
        }
        char *w = malloc((size_t)(q - p) + 1);
        if (!w) goto fail;
        for (size_t i = 0; i < (size_t)(q - p); i++) {
            char c = p[i];
            w[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        w[q - p] = '\0';
        v[n++] = w;
        p = q;
    }
    *out = v;
    return (long)n;
fail:
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
    return -1;
}

cc_lm *cc_lm_build(const char *const *sentences, size_t nsentences, char *err, size_t errlen)
{
    cc_lm *lm = calloc(1, sizeof *lm);
    char ***words = calloc(nsentences ? nsentences : 1, sizeof *words);
    long *nw = calloc(nsentences ? nsentences : 1, sizeof *nw);
    char **all = NULL;
    if (!lm || !words || !nw) goto oom;

    /* Words of every sentence; the vocabulary. */
    size_t total = 2, used = 0;
    for (size_t i = 0; i < nsentences; i++) {
        nw[i] = sentences[i] ? split_words(sentences[i], &words[i]) : 0;
        if (nw[i] < 0) { nw[i] = 0; goto oom; }
        total += (size_t)nw[i];
        if (nw[i] > 0) used++;
    }
    if (used == 0) {
        set_err(err, errlen, "no words to build a language model from (%zu sentences, all empty)",
                nsentences);
        goto fail;
    }
    all = malloc(total * sizeof *all);
    if (!all) goto oom;
    size_t na = 0;
    all[na++] = "<s>";
    all[na++] = "</s>";
    for (size_t i = 0; i < nsentences; i++)
        for (long j = 0; j < nw[i]; j++) all[na++] = words[i][j];
    qsort(all, na, sizeof *all, cmp_str);
    lm->vocab = malloc(na * sizeof *lm->vocab);
    if (!lm->vocab) goto oom;
    for (size_t i = 0; i < na; i++) {
        if (i > 0 && strcmp(all[i], all[i - 1]) == 0) continue;
        if (!(lm->vocab[lm->nvocab] = strdup(all[i]))) goto oom;
        lm->nvocab++;
    }
    free(all);
    all = NULL;
    lm->bos = word_id(lm, "<s>");
    lm->eos = word_id(lm, "</s>");

    /* Counts. Each sentence of n words gives n+1 unigrams (not <s>), n+1 bigrams and n
     * trigrams; <s> gets a unigram entry of its own. */
    size_t cap = 1 + used;
    for (size_t i = 0; i < nsentences; i++) cap += (size_t)nw[i] + 1;
    for (int k = 0; k < 3; k++)
        if (!(lm->g[k] = malloc(cap * sizeof(ngram)))) goto oom;
    lm->g[0][lm->n[0]++] = (ngram){ .w = { lm->bos, -1, -1 }, .count = 0 };
    int *ids = NULL;
    for (size_t i = 0; i < nsentences; i++) {
        if (nw[i] == 0) continue;
        size_t len = (size_t)nw[i] + 2;
        int *nids = realloc(ids, len * sizeof *ids);
        if (!nids) { free(ids); goto oom; }
        ids = nids;
        ids[0] = lm->bos;
        for (long j = 0; j < nw[i]; j++) ids[j + 1] = word_id(lm, words[i][j]);
        ids[len - 1] = lm->eos;
        for (size_t t = 1; t < len; t++) {
            lm->g[0][lm->n[0]++] = (ngram){ .w = { ids[t], -1, -1 }, .count = 1 };
            lm->g[1][lm->n[1]++] = (ngram){ .w = { ids[t - 1], ids[t], -1 }, .count = 1 };
            if (t >= 2)
                lm->g[2][lm->n[2]++] = (ngram){ .w = { ids[t - 2], ids[t - 1], ids[t] }, .count = 1 };
        }
    }
    free(ids);
    for (int k = 0; k < 3; k++) sort_unique(lm->g[k], &lm->n[k]);
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < lm->n[k]; i++) { lm->g[k][i].bow = 1.0; lm->g[k][i].has_bow = 0; }

    /* Unigrams: Witten-Bell against a uniform distribution over the vocabulary less <s>. */
    long N = 0, T = 0;
    for (size_t i = 0; i < lm->n[0]; i++)
        if (lm->g[0][i].w[0] != lm->bos) { N += lm->g[0][i].count; T++; }
    double V = (double)(lm->nvocab - 1);
    for (size_t i = 0; i < lm->n[0]; i++) {
        ngram *g = &lm->g[0][i];
        g->prob = g->w[0] == lm->bos ? 0.0 : ((double)g->count + (double)T / V) / (double)(N + T);
    }

    /* Bigrams and trigrams: one run of equal history at a time (the arrays are sorted). */
    for (int k = 1; k < 3; k++) {
        ngram *g = lm->g[k];
        size_t i = 0;
        while (i < lm->n[k]) {
            size_t j = i;
            long c = 0, t = 0;
            while (j < lm->n[k] && memcmp(g[j].w, g[i].w, (size_t)k * sizeof(int)) == 0) {
                c += g[j].count;
                t++;
                j++;
            }
            for (size_t m = i; m < j; m++) {
                const ngram *lower = find_ngram(lm, k, g[m].w + 1);
                double pl = lower ? lower->prob : 0.0;
                g[m].prob = ((double)g[m].count + (double)t * pl) / (double)(c + t);
            }
            ngram *ctx = find_ngram(lm, k, g[i].w);
            if (ctx) {
                ctx->bow = (double)t / (double)(c + t);
                ctx->has_bow = 1;
            }
            i = j;
        }
    }

    for (size_t i = 0; i < nsentences; i++) {
        for (long j = 0; j < nw[i]; j++) free(words[i][j]);
        free(words[i]);
    }
    free(words);
    free(nw);
    return lm;

oom:
    set_err(err, errlen, "out of memory building the language model");
fail:
    free(all);
    if (words)
        for (size_t i = 0; i < nsentences; i++) {
            for (long j = 0; j < (nw ? nw[i] : 0); j++) free(words[i][j]);
            free(words[i]);
        }
    free(words);
    free(nw);
    cc_lm_free(lm);
    return NULL;
}

size_t cc_lm_vocab_size(const cc_lm *lm) { return lm ? lm->nvocab : 0; }

const char *cc_lm_word(const cc_lm *lm, size_t i)
{
    return lm && i < lm->nvocab ? lm->vocab[i] : NULL;
}

size_t cc_lm_count(const cc_lm *lm, int order)
{
    return lm && order >= 1 && order <= 3 ? lm->n[order - 1] : 0;
}

/* log10 of the stored values, exactly as written (rounded to 6 decimals), so that what
 * cc_lm_logprob() says and what a reader of the file computes agree. */
static double rounded_log10(double p)
{
    if (p <= 0.0) return -99.0;
    return round(log10(p) * 1e6) / 1e6;
}

static double backed_off(const cc_lm *lm, const int *h, size_t nh, int w)
{
    int key[3];
    for (size_t i = 0; i < nh; i++) key[i] = h[i];
    key[nh] = w;
    if (nh == 0) {
        const ngram *g = find_ngram(lm, 1, key);
        if (!g || w == lm->bos) return -99.0;
        return rounded_log10(g->prob);
    }
    const ngram *g = find_ngram(lm, (int)nh + 1, key);
    if (g) return rounded_log10(g->prob);
    const ngram *ctx = find_ngram(lm, (int)nh, h);
    double bow = ctx && ctx->has_bow ? rounded_log10(ctx->bow) : 0.0;
    return bow + backed_off(lm, h + 1, nh - 1, w);
}

double cc_lm_logprob(const cc_lm *lm, const char *const *history, size_t nhistory,
                     const char *word)
{
    if (!lm || !word) return -99.0;
    int w = word_id(lm, word);
    if (w < 0) return -99.0;
    if (nhistory > 2) {
        history += nhistory - 2;
        nhistory = 2;
    }
    int h[2];
    size_t nh = 0;
    for (size_t i = 0; i < nhistory; i++) {
        int id = history[i] ? word_id(lm, history[i]) : -1;
        if (id < 0) nh = 0; /* an unknown word cuts the history */
        else h[nh++] = id;
    }
    return backed_off(lm, h, nh, w);
}

/* P(w | h) of a model in the linear domain, 0 for a word it does not know. */
static double lin_prob(const cc_lm *m, const char *const *h, size_t nh, const char *w)
{
    double lp = cc_lm_logprob(m, h, nh, w);
    return lp <= -98.0 ? 0.0 : pow(10.0, lp);
}

cc_lm *cc_lm_mix(const cc_lm *a, const cc_lm *b, double lambda, char *err, size_t errlen)
{
    if (!a || !b || !(lambda >= 0.0 && lambda <= 1.0)) {
        set_err(err, errlen, "cannot mix language models: a model is missing or the weight %g is "
                "not between 0 and 1", lambda);
        return NULL;
    }
    cc_lm *lm = calloc(1, sizeof *lm);
    int *ida = malloc((a->nvocab + 1) * sizeof *ida), *idb = malloc((b->nvocab + 1) * sizeof *idb);
    if (!lm || !ida || !idb || !(lm->vocab = malloc((a->nvocab + b->nvocab) * sizeof *lm->vocab)))
        goto oom;
    /* The union of two sorted vocabularies, and where each model's words went. */
    for (size_t i = 0, j = 0; i < a->nvocab || j < b->nvocab;) {
        int c = i == a->nvocab ? 1 : j == b->nvocab ? -1 : strcmp(a->vocab[i], b->vocab[j]);
        const char *w = c <= 0 ? a->vocab[i] : b->vocab[j];
        if (!(lm->vocab[lm->nvocab] = strdup(w))) goto oom;
        if (c <= 0) ida[i++] = (int)lm->nvocab;
        if (c >= 0) idb[j++] = (int)lm->nvocab;
        lm->nvocab++;
    }
    lm->bos = word_id(lm, "<s>");
    lm->eos = word_id(lm, "</s>");
    /* Every n-gram either model has. */
    for (int k = 0; k < 3; k++) {
        if (!(lm->g[k] = malloc((a->n[k] + b->n[k] + 1) * sizeof(ngram)))) goto oom;
        for (int m = 0; m < 2; m++) {
            const cc_lm *src = m ? b : a;
            const int *id = m ? idb : ida;
            for (size_t i = 0; i < src->n[k]; i++) {
                ngram g = { .w = { -1, -1, -1 }, .bow = 1.0 };
                for (int o = 0; o <= k; o++) g.w[o] = id[src->g[k][i].w[o]];
                lm->g[k][lm->n[k]++] = g;
            }
        }
        sort_unique(lm->g[k], &lm->n[k]);
    }
    /* Seen n-grams get the mixture of both models' (backed-off) probabilities; each context's
     * back-off weight then gives the unseen ones what is left, spread as the mixed lower
     * order spreads it, so every context still sums to 1. */
    for (int k = 0; k < 3; k++) {
        ngram *g = lm->g[k];
        for (size_t i = 0; i < lm->n[k]; i++) {
            const char *h[2];
            for (int o = 0; o < k; o++) h[o] = lm->vocab[g[i].w[o]];
            const char *w = lm->vocab[g[i].w[k]];
            g[i].prob = k == 0 && g[i].w[0] == lm->bos
                            ? 0.0
                            : lambda * lin_prob(a, h, (size_t)k, w) +
                                  (1.0 - lambda) * lin_prob(b, h, (size_t)k, w);
        }
        if (k == 0) continue;
        size_t i = 0;
        while (i < lm->n[k]) {
            size_t j = i;
            double seen = 0, lower = 0;
            while (j < lm->n[k] && memcmp(g[j].w, g[i].w, (size_t)k * sizeof(int)) == 0) {
                seen += g[j].prob;
                lower += pow(10.0, backed_off(lm, g[j].w + 1, (size_t)k - 1, g[j].w[k]));
                j++;
            }
            ngram *ctx = find_ngram(lm, k, g[i].w);
            if (ctx) {
                double left = 1.0 - seen, room = 1.0 - lower;
                ctx->bow = left > 1e-12 && room > 1e-12 ? left / room : 1e-12;
                ctx->has_bow = 1;
            }
            i = j;
        }
    }
    free(ida);
    free(idb);
    return lm;
oom:
    set_err(err, errlen, "out of memory mixing the language models");
    free(ida);
    free(idb);
    cc_lm_free(lm);
    return NULL;
}

int cc_lm_write(const cc_lm *lm, FILE *f, char *err, size_t errlen)
{
    if (!lm || !f) {
        set_err(err, errlen, "no language model or no file to write it to");
        return -1;
    }
    fprintf(f, "\\data\\\n");
    for (int k = 0; k < 3; k++) fprintf(f, "ngram %d=%zu\n", k + 1, lm->n[k]);
    for (int k = 0; k < 3; k++) {
        fprintf(f, "\n\\%d-grams:\n", k + 1);
        for (size_t i = 0; i < lm->n[k]; i++) {
            const ngram *g = &lm->g[k][i];
            double lp = (k == 0 && g->w[0] == lm->bos) ? -99.0 : rounded_log10(g->prob);
            fprintf(f, "%.6f", lp);
            for (int m = 0; m <= k; m++) fprintf(f, "%c%s", m ? ' ' : '\t', lm->vocab[g->w[m]]);
            if (k < 2 && g->has_bow) fprintf(f, "\t%.6f", rounded_log10(g->bow));
            fputc('\n', f);
        }
    }
    fprintf(f, "\n\\end\\\n");
    if (ferror(f)) {
        set_err(err, errlen, "cannot write the language model: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int cc_lm_write_file(const cc_lm *lm, const char *path, char *err, size_t errlen)
{
    if (!path) {
        set_err(err, errlen, "no path to write the language model to");
        return -1;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        set_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    if (cc_lm_write(lm, f, err, errlen) < 0) {
        fclose(f);
        return -1;
    }
    if (fclose(f) != 0) {
        set_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
