/* tts: the caller's voice, spoken by espeak-ng 1.51 into memory.
 *
 * Contract: this is the one module of the program that talks to espeak-ng.
 * espeak-ng keeps process-global state (voice, parameters, callback, a
 * worker thread), so:
 *   - at most one cc_tts exists at a time: a second cc_tts_create() fails with
 *     a message saying so, until the first is freed;
 *   - espeak-ng is initialised once per process, by the first successful
 *     cc_tts_create(), and never terminated: espeak-ng 1.51 gives different
 *     audio after espeak_Terminate + re-initialise and can then hang in the
 *     next terminate (measured). cc_tts_free() only releases the handle. A later
 *     cc_tts_create() with another data_path than the first therefore fails,
 *     and espeak-ng's data and idle worker thread stay until the process exits;
 *   - a cc_tts is used from one thread at a time, and none of its functions
 *     may be called from inside a chunk callback (they fail if so).
 * The only global mutable state is kept in tts.c and described there.
 *
 * Audio is 16-bit mono at cc_tts_rate() (22050 Hz with espeak-ng's data).
 * It is not bit-for-bit repeatable: espeak-ng carries waveform state from one
 * line to the next, so the same line may come out about 1 % longer or shorter
 * depending on what was said before (measured); compare audio by measures
 * (duration, level, pitch), never by bytes.
 * Functions never print or exit; on failure they return -1 (NULL) and, when
 * err is not NULL, write a one-line message into err (errlen bytes, always
 * NUL-terminated). MBROLA voices (mb-*) are refused: they need the mbrola
 * program and espeak-ng prints to stderr when it is missing.
 *
 * Ownership: the voice layer (speech out). The call engine decides what the
 * caller says and in which mood; this module only makes the sound. */
#ifndef CC_TTS_H
#define CC_TTS_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h" /* cc_persona, cc_mood */

typedef struct cc_tts cc_tts;

/* data_path: an espeak-ng-data folder, or NULL for espeak-ng's default (or
 * $ESPEAK_DATA_PATH). Selects en-us and renders a short warm-up phrase, so
 * the first real line starts as fast as the later ones. */
cc_tts *cc_tts_create(const char *data_path, char *err, size_t errlen);
void cc_tts_free(cc_tts *t); /* accepts NULL */

int cc_tts_rate(const cc_tts *t); /* samples per second; 0 for NULL */

/* The prosody a line is spoken with: the persona's values with the mood laid
 * on top, clamped to espeak-ng's ranges. Exposed so tests and the front end
 * can show what a mood does.
 *   calm      the persona as is
 *   impatient rate x1.18, pitch +8, range -15, volume x1.10 (fast, flat, curt)
 *   angry     rate x1.22, pitch +10, range +25, volume x1.40 (fast, loud, high, wide)
 *   relieved  rate x0.88, pitch -10, range as is, volume x0.92 (slow, low, soft)
 * On the rude caller's persona (en-us+m3, pitch 35, range 70, rate 190,
 * volume 120) angry speaks a line in 18 % less time, 3 dB louder and 15 %
 * higher than calm; relieved takes 15 % longer and is 8 % lower.
 * Returns 0, or -1 when p is NULL or a persona value is outside pitch 0-99,
 * range 0-99, rate 80-450, volume 0-200, or the mood is not a cc_mood. */
typedef struct {
    int rate, volume, pitch, range;
} cc_tts_prosody;

int cc_tts_prosody_for(const cc_persona *p, cc_mood mood, cc_tts_prosody *out,
                       char *err, size_t errlen);

/* Speaks `text` (UTF-8, plain text: no SSML, no [[phonemes]]; at most
 * CC_TTS_MAX_TEXT bytes) with the persona's voice ("voice+variant", e.g.
 * en-us+m3; variant may be NULL or empty) and the mood's prosody. On success
 * returns 0 with *pcm a malloc'd buffer the caller frees (NULL when *n is 0),
 * *n samples, *rate the sample rate. On failure returns -1 and sets *pcm NULL,
 * *n 0. Unknown voices or variants fail with a message naming them. */
#define CC_TTS_MAX_TEXT 65536
int cc_tts_say(cc_tts *t, const cc_persona *p, cc_mood mood, const char *text,
               int16_t **pcm, size_t *n, int *rate, char *err, size_t errlen);

/* Streaming form, for latency: chunk() receives the samples as espeak-ng
 * makes them (about 20 ms at a time; the first arrive well under a
 * millisecond after the call on this machine). The samples are only valid
 * during the call. chunk() returns 0 to go on, or non-zero to stop the line
 * there (the trainee hung up, or talked over the caller); the function then
 * returns 1. Returns 0 when the whole line was delivered, -1 on error. */
typedef int (*cc_tts_chunk_fn)(void *ud, const int16_t *s, size_t n);
int cc_tts_say_stream(cc_tts *t, const cc_persona *p, cc_mood mood, const char *text,
                      cc_tts_chunk_fn chunk, void *ud, char *err, size_t errlen);

/* Languages: a persona with no voice (NULL or "") speaks with the voice of the
 * cc_tts's language, once cc_tts_set_language() has picked it (before that, such
 * a persona is an error): for a code such as "ru", "ru-RU", "pl", "en-GB" the
 * espeak-ng voice that lists it (the region when espeak-ng has it, else the
 * language; "en" alone is en-us).
 * A persona's own `voice:` always wins, even of another language (callcoach-lint
 * warns about that). Returns 0, or -1 naming the language espeak-ng lacks.
 * cc_tts_language_voice: the voice picked ("en-us", "ru"; "" before any); owned by t. */
int cc_tts_set_language(cc_tts *t, const char *lang, char *err, size_t errlen);
const char *cc_tts_language_voice(const cc_tts *t);

/* Checks that espeak-ng can speak with voice (+ variant, may be NULL or
 * empty) by selecting it: 0 when it can, -1 with a message naming what is
 * missing. For checking a scenario's personas before a call starts. */
int cc_tts_check_voice(cc_tts *t, const char *voice, const char *variant, char *err,
                       size_t errlen);

/* espeak-ng's en-us phonemes for a word or short phrase (espeak's ASCII
 * names, e.g. "n'O@TwInd" for "northwind"; clauses joined by a space), to be
 * turned into a dictionary entry with cc_phonemes_to_cmu(). The string is
 * owned by t and valid until the next call on t. NULL when t or word is NULL,
 * the word is empty or longer than 1024 bytes, or espeak-ng gives nothing. */
const char *cc_tts_phonemes(cc_tts *t, const char *word);

#endif
