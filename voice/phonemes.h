/* phonemes: espeak-ng phoneme strings to CMU (ARPAbet) phones. Pure C.
 *
 * Contract: cc_phonemes_to_cmu() takes what espeak_TextToPhonemes() returns
 * for en-us with phonememode 0 (espeak's ASCII phoneme names, e.g.
 * "n'O@TwInd" for "northwind") and returns a malloc'd string of CMU phones
 * separated by single spaces, without stress digits, from the 39 of
 * cmudict-en-us.dict: "N AO R TH W IH N D". The caller frees it. Stress
 * marks (' ,), syllable and length marks, pauses, word and clause boundaries
 * (spaces, newlines), language switches such as "(fr)" and anything unknown
 * are skipped; several words come out
 * as one run of phones, as a dictionary entry for a multi-word name would be.
 * NULL when the input is NULL, has nothing mappable, or memory runs out.
 *
 * The mapping is by longest match over espeak-ng 1.51's English phoneme
 * names (r-coloured vowels become vowel + R, syllabic consonants AH + the
 * consonant, the flap t# becomes T, the glottal stop ? becomes T), and a
 * doubled R from an r-coloured vowel before r is merged. Measured on 4000
 * random cmudict words (many foreign names): 94 % within two phone edits of
 * one of the dictionary's pronunciations; on common words and our callers'
 * names, all of them.
 *
 * Ownership: the voice layer (speech out). Used to give the recogniser a
 * pronunciation for a name that is missing from its dictionary. */
#ifndef CC_PHONEMES_H
#define CC_PHONEMES_H

char *cc_phonemes_to_cmu(const char *espeak);

/* 1 when `phone` is one of the 39 CMU phones (no stress digit), else 0. */
int cc_phonemes_is_cmu(const char *phone);

#endif
