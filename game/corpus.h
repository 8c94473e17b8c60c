/* corpus: what a trainee may say in a scenario, as sentences for the
 * recogniser's language model.
 *
 * Contract: pure. Gathers the phrases of every rule of the standard (good and
 * forbidden ones alike, so a rude answer is heard as rude), the branches'
 * `said` patterns, the nodes' facts (what answers there state, as a trainee may say
 * it), the model answers of the nodes (and their per-rule `models`) and rules with their slots
 * filled, and any extra lines the caller passes (the general conversational
 * set in assets/). Each sentence is lower-case words with numbers spelled out
 * the ways people say them ("2040": "two zero four zero" and "twenty forty");
 * in a scenario of another language than English numbers stay digits (the
 * recogniser spells them in its model's language).
 * Sentences are unique and in a stable order. The corpus owns its strings. */
#ifndef CC_CORPUS_H
#define CC_CORPUS_H

#include <stddef.h>

#include "scenario.h"
#include "standard.h"

typedef struct cc_corpus cc_corpus;

cc_corpus *cc_corpus_build(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                           const char *const *extra, size_t nextra);
void cc_corpus_free(cc_corpus *c); /* accepts NULL */
size_t cc_corpus_count(const cc_corpus *c);
const char *cc_corpus_at(const cc_corpus *c, size_t i);
/* The corpus as an array of strings (owned by the corpus), for recognisers. */
const char *const *cc_corpus_sentences(const cc_corpus *c);
/* Appends the spoken words for a digit string; mode 0 digit by digit, mode 1
 * the natural reading. Exposed for tests. */
void cc_spell_digits(const char *digits, int mode, char *out, size_t n);

#endif
