/* text: turns what a trainee said (typed, or recogniser output) into words to match.
 *
 * Contract: cc_words_from_text() normalises a UTF-8 utterance into lower-case
 * word tokens: punctuation dropped (an apostrophe inside a word is kept until
 * contractions are expanded), English contractions expanded ("i'm" -> "i am",
 * "can't" -> "can not", "cannot" -> "can not", "won't" -> "will not",
 * "n't" -> "not", "'re" -> "are", "'ll" -> "will", "'ve" -> "have",
 * "'d" -> "would", "it's/that's/what's/there's/here's/who's/where's/he's/she's" -> "X is",
 * "let's" -> "let us"), filler words dropped ("um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm"),
 * numbers made digits: "555-1234" -> "555" "1234" is kept as two digit tokens, while spoken
 * number words become digit tokens by value groups ("five five five" -> "5" "5" "5",
 * "twenty one" -> "21", "twenty forty" -> "20" "40", "two thousand and forty" -> "2040",
 * "oh" between number words -> "0"), "o'clock" -> "oclock", "a.m."/"am" after a number -> "am".
 * Non-ASCII letters are kept as they are (lower-cased for Latin-1, Latin Extended-A,
 * Romanian s/t with comma below, Greek and Cyrillic).
 *
 * Languages: the fillers, contractions, number words and negation words above are the
 * English tables, used by cc_words_from_text() and for language "en" (any "en-XX").
 * cc_words_from_text_lang(text, "ru") uses the Russian ones: fillers "э", "эм", "мм",
 * "хм", "ну" (stretched, "эээ"), number words ("пять пять пять" -> "5" "5" "5",
 * "двадцать один" -> "21", "двести сорок" -> "240", "две тысячи сорок" -> "2040"),
 * negations "не", "нет", "ни", "никогда", "ничего", "ничем", "никто", "никого",
 * "нельзя", and "ё" read as "е". Any other language (pl, ro, lv...) is normalised
 * language-neutrally: lower-casing, punctuation, digits as written; no fillers,
 * contractions, number words or negations are guessed. A pattern and the answer it
 * is matched against must be normalised for the same language (game/match.h).
 * English: "Sorry?" asked as a clause of its own is read as "pardon" (a request to hear it
 * again, not an apology).
 * Each token remembers the byte span of the original text it came from, for evidence.
 * The returned cc_words is owned by the caller (cc_words_free). NULL only on out-of-memory. */
#ifndef CC_TEXT_H
#define CC_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct cc_words cc_words;

/* English (as cc_words_from_text_lang(text, "en")): kept for the callers that
 * predate languages. */
cc_words *cc_words_from_text(const char *text);
/* lang: a language code ("en", "en-US", "ru"); NULL means "en". */
cc_words *cc_words_from_text_lang(const char *text, const char *lang);
/* The primary subtag whose tables w was normalised with ("en", "ru"), "" for neutral. */
const char *cc_words_language(const cc_words *w);
/* True if token i is a negation in force: a negation or refusal word of w's language
 * ("not", "never", "nobody", "unable", "refuse"...; Russian "не", "нет"...) that is
 * not part of an idiom that refuses nothing ("no problem", "not at all", "не за что")
 * nor "no" given as an answer before a new subject ("no I can help you"). */
int cc_words_is_negation(const cc_words *w, size_t i);
/* True if a clause starts at token i: the first token; after punctuation; at a word
 * that always opens a clause ("but", "because", "if", "when"; Russian "но", "а",
 * "потому", "если"...); at a coordinator followed by a subject ("and she...", "и я...");
 * English: at a subject followed by its verb ("...is out I will take a message"),
 * except after a word that takes a clause ("I don't think she will"); and right after
 * an idiom that refuses nothing. A negation governs the rest of its clause (match.h). */
int cc_words_clause_start(const cc_words *w, size_t i);
/* True if what the clause said before token i is taken back after it (i counts up to
 * the number of tokens): a negation later in the same clause with no new subject between
 * ("I understand nothing", "I can help nobody"; not "I'm sorry nobody told you" nor "at
 * no extra cost"), or a next clause that only refuses it: "..., not today", "... but I
 * can't", "I'm afraid not" after a clause that offers or promises (a modal: "I'll call
 * you back, not today"; never "I'm sorry, but I can't"), or a bare "No" after the
 * speaker's own question ("Take a message? No, ..."). English and Russian ("..., но не
 * сегодня", "но я не могу"); never guessed for other languages. */
int cc_words_taken_back(const cc_words *w, size_t i);
void cc_words_free(cc_words *w); /* accepts NULL */
size_t cc_words_count(const cc_words *w);
const char *cc_words_at(const cc_words *w, size_t i);
/* True if token i is all digits. */
int cc_words_is_number(const cc_words *w, size_t i);
/* Byte span [start, end) in the original text that token i came from. */
void cc_words_span(const cc_words *w, size_t i, size_t *start, size_t *end);
/* True if punctuation (a comma, full stop, question mark, colon...; not a hyphen, an
 * apostrophe or white space, nor the colon or point inside a number such as "3:30")
 * stood between token i-1 and token i in the original text.
 * A clause break: the matcher uses it so that "No, I can help you" is not read as a
 * negated "I can help you", and number words are not joined across it. */
int cc_words_break_before(const cc_words *w, size_t i);

/* Language codes, BCP-47-like: a primary subtag of 2-3 letters, then subtags of
 * 2-8 letters or digits after '-' ("en", "en-US", "ru", "pl", "ro", "lv", "sr-Latn").
 * cc_language_valid: well-formed. cc_language_has_tables: the normaliser has tables
 * for it (en, ru); others are normalised language-neutrally. cc_language_same: the
 * same primary language ("en" and "en-GB"), case-insensitive. */
int cc_language_valid(const char *code);
int cc_language_has_tables(const char *code);
int cc_language_same(const char *a, const char *b);

/* Milliseconds a line of text takes to say at words_per_minute (at least
 * 400 ms): the timing model of takes and the caller's lines before audio. */
int64_t cc_speech_ms(const char *text, int words_per_minute);

/* Length of the well-formed UTF-8 sequence at p[0, n), n >= 1: 1 to 4, or 0
 * when it is ill-formed or cut short (Unicode table 3-7: no overlongs,
 * surrogates or values past U+10FFFF). The one UTF-8 check of the library. */
size_t cc_utf8_len(const unsigned char *p, size_t n);

#endif
