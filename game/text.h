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
 * Non-ASCII letters are kept as they are (lower-cased for Latin-1, Latin Extended-A and Cyrillic),
 * so nothing assumes English beyond the tables above.
 * Each token remembers the byte span of the original text it came from, for evidence.
 * The returned cc_words is owned by the caller (cc_words_free). NULL only on out-of-memory. */
#ifndef CC_TEXT_H
#define CC_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct cc_words cc_words;

cc_words *cc_words_from_text(const char *text);
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

/* Milliseconds a line of text takes to say at words_per_minute (at least
 * 400 ms): the timing model of takes and the caller's lines before audio. */
int64_t cc_speech_ms(const char *text, int words_per_minute);

#endif
