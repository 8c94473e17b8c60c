/* lm: a trigram language model built from a list of sentences, written as ARPA text.
 *
 * Contract: pure C, no outside library. cc_lm_build() takes sentences of words separated
 * by white space (ASCII letters are lower-cased; anything else is kept as it is, so the
 * caller normalises punctuation), wraps each in <s> ... </s>, counts 1-, 2- and 3-grams and
 * estimates them with interpolated Witten-Bell smoothing (each context h with c(h) tokens
 * and T(h) distinct followers gives P(w|h) = (c(h,w) + T(h) P(w|h')) / (c(h) + T(h)),
 * unigrams interpolated with a uniform distribution), written in backed-off ARPA form:
 * the stored probability of a seen n-gram is the interpolated one and the back-off weight
 * of h is T(h) / (c(h) + T(h)), which makes sum over the vocabulary of P(w|h) exactly 1
 * for every context. The vocabulary is every word seen plus </s>; <s> is a context only
 * (log10 probability -99, as the ARPA convention wants). Empty sentences are ignored.
 *
 * Ownership: cc_lm_build() returns a model the caller frees with cc_lm_free() (NULL is
 * accepted). Strings returned by cc_lm_word() belong to the model. Errors come back as a
 * NULL / -1 return with a message in err; nothing is printed. */
#ifndef CC_LM_H
#define CC_LM_H

#include <stddef.h>
#include <stdio.h>

typedef struct cc_lm cc_lm;

cc_lm *cc_lm_build(const char *const *sentences, size_t nsentences, char *err, size_t errlen);
void cc_lm_free(cc_lm *lm);

/* Words of the vocabulary, markers included, sorted by byte value (strcmp).
 * cc_lm_vocab_size() counts all of them, including the two markers. */
size_t cc_lm_vocab_size(const cc_lm *lm);
const char *cc_lm_word(const cc_lm *lm, size_t i);
/* Number of distinct n-grams of order 1..3 (order 1 includes the two markers). */
size_t cc_lm_count(const cc_lm *lm, int order);

/* log10 P(word | history) in backed-off form, from the same tables that are written.
 * history holds up to 2 words, oldest first (e.g. {"<s>", "good"}); words not in the
 * vocabulary give -99 (the word) or shorten the history (a history word). */
double cc_lm_logprob(const cc_lm *lm, const char *const *history, size_t nhistory,
                     const char *word);

/* Linear interpolation of two models: P(w|h) = lambda Pa(w|h) + (1 - lambda) Pb(w|h) for
 * every n-gram either model has (each model's probability backed off as it would be, 0 for a
 * word it does not know), written in backed-off form with the back-off weights computed
 * again so that every context sums to 1 over the union of the vocabularies; an n-gram
 * neither model has backs off to the mixed lower order (SRILM's -mix-lm does the same).
 * lambda in [0, 1]. NULL with a message on error; the result is freed with cc_lm_free(). */
cc_lm *cc_lm_mix(const cc_lm *a, const cc_lm *b, double lambda, char *err, size_t errlen);

/* ARPA text. Probabilities with 6 decimals. */
int cc_lm_write(const cc_lm *lm, FILE *f, char *err, size_t errlen);
int cc_lm_write_file(const cc_lm *lm, const char *path, char *err, size_t errlen);

#endif
