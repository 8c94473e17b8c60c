/* match: phrase patterns, compiled once, matched against normalised words.
 *
 * Pattern syntax (see docs/formats.md): words; `(a|b c|)` alternatives, an
 * alternative may be several words or empty; `[x y]` optional; `{slot}` a
 * named slot; `*` any one word; `^` and `$` the start and the end of a clause
 * (text.h, cc_words_clause_start: "^ sorry" is an apology, "I'm so sorry" is not
 * read as "^ so"), with no word between the anchor and its neighbour. Pattern words are normalised with the same
 * rules as utterances (so a pattern "I'm" is "i am", "2040" matches "two zero
 * four zero"). Nesting is allowed; expansions are capped at CC_PATTERN_MAX_EXPANSIONS
 * and a pattern that would exceed it is a compile error.
 *
 * Matching: the pattern's tokens must appear in order in the utterance with
 * at most opts->max_gap other words between consecutive ones, or the same
 * with one pair of neighbouring pattern tokens swapped (opts->allow_swap).
 * A negation in force of the utterance's language (English: "not", "no", "never",
 * "nothing", "nobody", "none", "cannot", "unable", "refuse"...; Russian "не", "нет",
 * "ни"...; see text.h) that the pattern does not itself contain rejects the match
 * when opts->negation_guard is set and it stands inside the matched span or anywhere
 * before it in the same clause ("don't worry" is not "worry"; "nobody will call you
 * back" is not "call you back"; "No, I can help you" and "I can't, but she will call
 * you back" are two clauses each). A
 * pattern number must meet a whole utterance number ("2040" is not in "1 2040"). A slot matches any of its values (each value
 * normalised and matched as a word sequence, with no gaps inside a value);
 * a slot with no value never matches. Number tokens: a run of consecutive digit
 * tokens in the utterance matches a digit token in the pattern (or slot value)
 * when their concatenation equals it ("555 1234" matches "5551234";
 * "5 5 5 1 2 3 4" too; "20 40" matches "2040").
 *
 * Languages: a pattern is compiled for one language (cc_pattern_compile_lang; plain
 * cc_pattern_compile is English) and a slot set normalises its values for one
 * (cc_slots_create_lang); the utterance must be normalised for the same language
 * (cc_words_from_text_lang with cc_pattern_language), or words such as number words
 * will not meet. cc_phrases_hit (phrase.h) does that for its callers.
 *
 * Ownership: the pattern owns its compiled form; slots copy their values. */
#ifndef CC_MATCH_H
#define CC_MATCH_H

#include <stddef.h>

#include "text.h"

#define CC_PATTERN_MAX_EXPANSIONS 4096

typedef struct cc_pattern cc_pattern;
typedef struct cc_slots cc_slots;

typedef struct {
    int max_gap;        /* default 2 */
    int allow_swap;     /* default 1 */
    int negation_guard; /* default 1 */
    /* default 1: with the guard, a match whose words are taken back after it fails too
     * ("I understand nothing", "I'll call you back, not today"; text.h,
     * cc_words_taken_back). Off for forbidden phrases: "Yeah, no" is still "yeah". */
    int negation_after;
} cc_match_opts;

#define CC_MATCH_OPTS_DEFAULT {2, 1, 1, 1}

typedef struct {
    size_t first, last; /* token indices in the utterance, inclusive */
} cc_match_span;

/* On a syntax error returns NULL, writes a message to err (size errlen) and the
 * 1-based byte column in the pattern text to *err_col. NULL with err_col 0 = out of memory. */
cc_pattern *cc_pattern_compile(const char *src, char *err, size_t errlen, int *err_col);
/* lang: a language code (text.h); NULL is English. */
cc_pattern *cc_pattern_compile_lang(const char *src, const char *lang, char *err, size_t errlen,
                                    int *err_col);
/* The language the pattern was compiled for; NULL for English by default. */
const char *cc_pattern_language(const cc_pattern *p);
void cc_pattern_free(cc_pattern *p); /* accepts NULL */
const char *cc_pattern_source(const cc_pattern *p);
/* Slot names used by the pattern, in order of first use. */
size_t cc_pattern_slot_count(const cc_pattern *p);
const char *cc_pattern_slot_name(const cc_pattern *p, size_t i);

cc_slots *cc_slots_create(void); /* English values */
/* Values normalised for lang (NULL: English). NULL on out of memory. */
cc_slots *cc_slots_create_lang(const char *lang);
void cc_slots_free(cc_slots *s); /* accepts NULL */
/* Adds one alternative value for `name` (call again for more). 0 ok, -1 out of memory. */
int cc_slots_add(cc_slots *s, const char *name, const char *value);
/* Number of values for name (0 if unknown). */
size_t cc_slots_values(const cc_slots *s, const char *name);

/* 1 and *span on a match, 0 otherwise. slots may be NULL, opts NULL for defaults. */
int cc_pattern_match(const cc_pattern *p, const cc_words *w, const cc_slots *slots,
                     const cc_match_opts *opts, cc_match_span *span);

/* Calls fn with up to max sentences the pattern accepts, as normalised words
 * (numbers as digit strings, `*` left out, each slot filled with one of its
 * values in turn; sequences with a slot that has no value are skipped): what a
 * recogniser should expect to hear. Returns how many it made. */
typedef void (*cc_sentence_fn)(void *ud, const char *sentence);
size_t cc_pattern_sentences(const cc_pattern *p, const cc_slots *slots, size_t max,
                            cc_sentence_fn fn, void *ud);

/* A pattern's text with each slot replaced by its first value ("{company}" ->
 * "Northwind Travel"), alternatives and optionals left as written. For model
 * phrases shown to trainees. Caller frees. Unknown slots stay as "{name}". */
char *cc_slots_fill(const cc_slots *s, const char *text);
/* The first "{name}" (a-z, 0-9, '-', '_') at or after text: returns where it
 * starts (the '{') and its name's length in *len; NULL when there is none. */
const char *cc_text_next_slot(const char *text, size_t *len);
/* 1 when text holds a "{name}" that s has no value for (the first such name is
 * copied into name, size n), else 0: a text that would show a trainee "{time}". */
int cc_slots_missing(const cc_slots *s, const char *text, char *name, size_t n);

#endif
