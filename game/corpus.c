#include "corpus.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "mem.h"

#define PER_PATTERN 64
#define MAX_SENTENCES 20000

struct cc_corpus {
    char **s;
    size_t n, cap;
    int oom;
    int other_language; /* not English: digits stay digits; voice/asr.c spells them in the model's language */
};

static const char *const ones[] = {"zero",    "one",     "two",       "three",    "four",
                                   "five",    "six",     "seven",     "eight",    "nine",
                                   "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                   "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                   "seventy", "eighty", "ninety"};

static void put(char *out, size_t n, const char *w)
{
    size_t len = strlen(out);
    if (len && len + 1 < n) out[len++] = ' ', out[len] = '\0';
    strncat(out, w, n - len - 1);
}

/* 0-99 as words. */
static void two_digits(int v, char *out, size_t n)
{
    if (v < 20) {
        put(out, n, ones[v]);
        return;
    }
    put(out, n, tens[v / 10]);
    if (v % 10) put(out, n, ones[v % 10]);
}

void cc_spell_digits(const char *d, int mode, char *out, size_t n)
{
    size_t len = strlen(d);
    if (mode == 1 && len <= 2 && !(len == 2 && d[0] == '0')) {
        two_digits(atoi(d), out, n);
        return;
    }
    if (mode == 1 && len == 4 && d[0] != '0') {
        /* "2040" as "twenty forty", "1500" as "fifteen hundred" */
        int hi = (d[0] - '0') * 10 + (d[1] - '0'), lo = (d[2] - '0') * 10 + (d[3] - '0');
        two_digits(hi, out, n);
        if (lo == 0) put(out, n, "hundred");
        else if (lo < 10) {
            put(out, n, "oh");
            put(out, n, ones[lo]);
        } else two_digits(lo, out, n);
        return;
    }
    for (size_t i = 0; i < len; i++)
        put(out, n, mode == 1 && d[i] == '0' ? "oh" : ones[d[i] - '0']);
}

static void add(cc_corpus *c, const char *s)
{
    if (c->oom || !*s || c->n >= MAX_SENTENCES) return;
    if (cc_grow((void **)&c->s, &c->cap, c->n, sizeof *c->s) != 0) {
        c->oom = 1;
        return;
    }
    size_t len = strlen(s) + 1;
    char *copy = malloc(len);
    if (!copy) {
        c->oom = 1;
        return;
    }
    memcpy(copy, s, len);
    c->s[c->n++] = copy;
}

static int has_digit_token(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s)) return 1;
    return 0;
}

/* A normalised sentence (numbers as digits) becomes one or two spoken ones. */
static void add_spoken(void *ud, const char *sentence)
{
    cc_corpus *c = ud;
    int modes = has_digit_token(sentence) && !c->other_language ? 2 : 1;
    for (int mode = 0; mode < modes; mode++) {
        cc_buf b = CC_BUF_INIT;
        const char *p = sentence;
        while (*p) {
            while (*p == ' ') p++;
            const char *w = p;
            while (*p && *p != ' ') p++;
            if (p == w) break;
            char word[256];
            size_t wl = (size_t)(p - w) < sizeof word - 1 ? (size_t)(p - w) : sizeof word - 1;
            memcpy(word, w, wl);
            word[wl] = '\0';
            if (b.len) cc_buf_puts(&b, " ");
            if (isdigit((unsigned char)word[0]) && !c->other_language) {
                char spoken[1024] = "";
                cc_spell_digits(word, mode, spoken, sizeof spoken);
                cc_buf_puts(&b, spoken);
            } else {
                cc_buf_puts(&b, word);
            }
        }
        if (b.failed) c->oom = 1;
        else add(c, cc_buf_str(&b));
        cc_buf_reset(&b);
    }
}

/* The words as people say them: lower case, apostrophes inside words kept
 * ("i'm", "you'll"), other punctuation dropped. The recogniser must expect
 * "i'm" as well as "i am", while the matcher sees both as "i am". */
static void add_as_spoken(cc_corpus *c, const char *text)
{
    cc_buf b = CC_BUF_INIT;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int keep = isalpha(*p) || *p >= 0x80 ||
                   (*p == '\'' && p > (const unsigned char *)text && isalpha(p[-1]) &&
                    isalpha(p[1]));
        if (isdigit(*p)) { /* numbers are spelled by the normalised form */
            cc_buf_reset(&b); /* was leaked (valgrind.test_corpus, fuzz.replay.scenario) */
            return;
        }
        if (!keep) {
            space = b.len > 0;
            continue;
        }
        if (space) cc_buf_puts(&b, " ");
        space = 0;
        char ch = (char)(*p < 0x80 ? tolower(*p) : *p);
        cc_buf_append(&b, &ch, 1);
    }
    if (b.failed) c->oom = 1;
    else if (b.len) add(c, cc_buf_str(&b));
    cc_buf_reset(&b);
}

/* Free text (a model answer) through the same normalisation as answers, and
 * as spoken. */
static void add_text(cc_corpus *c, const cc_slots *slots, const char *text)
{
    char *filled = cc_slots_fill(slots, text);
    if (!filled) {
        c->oom = 1;
        return;
    }
    add_as_spoken(c, filled);
    cc_words *w = cc_words_from_text(filled);
    free(filled);
    if (!w) {
        c->oom = 1;
        return;
    }
    cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < cc_words_count(w); i++) {
        if (b.len) cc_buf_puts(&b, " ");
        cc_buf_puts(&b, cc_words_at(w, i));
    }
    cc_words_free(w);
    if (b.failed) c->oom = 1;
    else add_spoken(c, cc_buf_str(&b));
    cc_buf_reset(&b);
}

static void add_patterns(cc_corpus *c, cc_pattern *const *p, size_t n, const cc_slots *slots)
{
    for (size_t i = 0; i < n; i++) cc_pattern_sentences(p[i], slots, PER_PATTERN, add_spoken, c);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cc_corpus *cc_corpus_build(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                           const char *const *extra, size_t nextra)
{
    cc_corpus *c = calloc(1, sizeof *c);
    cc_slots *slots = cc_scenario_slots(std, scn, trainee);
    if (!c || !slots) goto fail;
    c->other_language = scn->language && !cc_language_same(scn->language, "en");
    for (size_t i = 0; i < std->nrules; i++) {
        const cc_rule *r = &std->rules[i];
        add_patterns(c, r->phrases, r->nphrases, slots);
        add_text(c, slots, r->model);
    }
    for (size_t i = 0; i < scn->nnodes; i++) {
        const cc_node *node = &scn->nodes[i];
        if (node->model) add_text(c, slots, node->model);
        for (size_t m = 0; m < node->nmodels; m++) add_text(c, slots, node->model_texts[m]);
        /* The facts an answer here states, in the ways a trainee may say them. */
        for (size_t f = 0; f < node->nfacts; f++)
            add_patterns(c, node->facts[f].say, node->facts[f].nsay, slots);
        for (size_t b = 0; b < node->nbranches; b++)
            add_patterns(c, node->branches[b].said, node->branches[b].nsaid, slots);
    }
    for (size_t i = 0; i < nextra; i++) add_text(c, slots, extra[i]);
    if (c->oom) goto fail;
    qsort(c->s, c->n, sizeof *c->s, cmp);
    size_t j = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (j && strcmp(c->s[j - 1], c->s[i]) == 0) {
            free(c->s[i]);
            continue;
        }
        c->s[j++] = c->s[i];
    }
    c->n = j;
    cc_slots_free(slots);
    return c;
fail:
    cc_slots_free(slots);
    cc_corpus_free(c);
    return NULL;
}

void cc_corpus_free(cc_corpus *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) free(c->s[i]);
    free(c->s);
    free(c);
}

size_t cc_corpus_count(const cc_corpus *c) { return c ? c->n : 0; }
const char *cc_corpus_at(const cc_corpus *c, size_t i) { return (c && i < c->n) ? c->s[i] : NULL; }
const char *const *cc_corpus_sentences(const cc_corpus *c) { return c ? (const char *const *)c->s : NULL; }
