/* asr: speech in. A recogniser built for one scenario (PocketSphinx 0.8; en-us or any model folder).
 *
 * Contract.
 * - A model folder (cfg->model_dir; NULL: the installed en-us model) holds, in any layout:
 *   the acoustic model, a folder with mdef, means, variances, transition_matrices,
 *   mixture_weights or sendump (feat.params, noisedict... when the model has them): the
 *   model folder itself or its one subfolder that has mdef; and exactly one pronouncing
 *   dictionary, a *.dict (or *.dic) file in the model folder. The acoustic model's phone set
 *   is read from its mdef (binary or text). cc_asr_model_files() finds those files or says
 *   what is missing; no manifest is needed.
 * - cc_asr_create() builds a trigram language model (voice/lm.c) from what can be said in
 *   the scenario (cfg->sentences: any case and punctuation; they are lower-cased, Cyrillic
 *   capitals too, every character other than a letter, a digit or an apostrophe inside a
 *   word splits words, and a digit string is spelled digit by digit in cfg->language:
 *   English "2040" -> "two zero four zero", Russian "два ноль четыре ноль"; in any other
 *   language digit strings are left out, since this module knows no number words for it),
 *   and a dictionary trimmed to the model's words, looked up in the model's dictionary with
 *   all their alternate pronunciations ("word(2)"). A word missing there is asked of
 *   cfg->pronounce (CMU phones, stress digits allowed: "N AO1 R TH W IH0 N D") when the
 *   language is English or the acoustic model's phones include all of CMUdict's; if it is
 *   not asked, or returns NULL or phones the acoustic model does not have, the word is
 *   dropped from the model (removed from its sentences) and listed by cc_asr_dropped().
 *   A model folder that lacks a part fails with a message naming the folder and the part.
 *   Both files are temporary
 *   (mkstemp in $TMPDIR or /tmp) and deleted before cc_asr_create() returns.
 *   Alternatives, for tests and diagnostics: cfg->lm_file (an existing ARPA/DMP/binary model)
 *   or cfg->jsgf_file (a JSGF grammar) instead of sentences; with lm_file the dictionary is
 *   cfg->dict_file or the model's whole dictionary (cmudict: 134k words, about 0.6 s to load), with jsgf_file it is trimmed to
 *   the grammar's words, and a grammar word with no pronunciation is an error.
 * - cc_asr_live_begin/feed/hear (below) decode one answer while it is spoken, the same
 *   way, for a trainee who should not wait for the decoding after they stop.
 * - General sentences (cfg->general, e.g. assets/conversation.txt) widen what can be heard:
 *   with cfg->general_weight > 0 they make a model of their own, linearly interpolated with
 *   the scenario's (that share of every prediction goes to general speech, so off-script
 *   answers are heard as what they are instead of being forced onto the script); with 0 they
 *   are simply more sentences of the one model. Their words join the dictionary either way.
 * - Front end (cfg->front_end, voice/frontend.h): the recogniser's copy of the audio is
 *   cleaned first (noise suppression, optionally automatic gain). cc_asr_decode() gives each
 *   buffer a front end of its own (the same buffer always decodes the same); the live
 *   answers share one, kept from answer to answer like the room they come from.
 * - cc_asr_decode() takes a whole buffer of 16 kHz mono audio (a copy gets a -60 dBFS noise
 *   floor, so digital silence looks like a microphone's). A voice-activity pass
 *   (PocketSphinx's front end, which tracks the noise floor) finds speech; a region closes
 *   after cfg->trailing_silence_ms of silence (default 500); regions whose speech restarts
 *   less than cfg->merge_gap_ms (default 700) after the previous one's speech ended are
 *   merged, so a pause inside a sentence does not cut a turn in two. Each merged region is
 *   decoded as one utterance. Utterances in which nothing but silence or noise was
 *   recognised are left out. Times are milliseconds from the start of the buffer.
 * - Confidence (0..1) of a word: its posterior probability in the recogniser's lattice,
 *   times how well it fits the scenario's n-grams (1 when the word follows its two
 *   predecessors as in some sentence of the scenario, less after each back-off to a shorter
 *   n-gram; with sentences only). In-domain speech scores high; speech the model cannot
 *   express (off-script words, another language, noise) is forced onto scenario words that
 *   follow no sentence, and scores low. Utterance confidence is the duration-weighted mean
 *   of its words'; a word lasting far longer than its phones take is trusted less.
 *   voice/asr.c has the measurements: in-domain utterances 0.73-1.00, off-domain speech
 *   and tones 0.08-0.28 (with -ascale 14); 0.5 is a workable threshold.
 * - A region closed by its trailing silence is decoded only up to 150 ms after its speech
 *   (the rest of the hangover is silence); a region still open at the end of the buffer is
 *   decoded whole.
 * - Nothing is printed: PocketSphinx's log is caught by a callback (sphinxbase's err_set_callback,
 *   process-wide) and its last error is quoted in our messages; errors are a NULL / -1
 *   return with a message in err (errlen may be 0).
 * - Thread safety: a cc_asr is used by one thread at a time; creating or decoding on two
 *   threads at once shares that log callback's buffer (messages may mix, nothing worse).
 *
 * Ownership: cc_asr_create() returns an object freed with cc_asr_free(); cc_asr_decode()
 * fills *out with memory freed by cc_asr_result_free(), which leaves it zeroed. Both free
 * functions accept NULL. Strings from cc_asr_dropped() belong to the recogniser. */
#ifndef CC_ASR_H
#define CC_ASR_H

#include <stddef.h>
#include <stdint.h>

/* CMU phones "HH AH L OW" for a word missing from the dictionary, or NULL. The returned
 * string only has to live until the next call. */
typedef const char *(*cc_pronounce_fn)(void *ud, const char *word);

typedef struct {
    const char *model_dir;      /* NULL: CC_PS_MODELDIR "/en-us"; any model folder (above) */
    const char *const *sentences; size_t nsentences;  /* what can be said in this scenario */
    cc_pronounce_fn pronounce; void *pronounce_ud;    /* for words not in cmudict (names) */
    double trailing_silence_ms; /* endpointing: silence that closes a region; 0: 500 */
    double merge_gap_ms;        /* pause below which two regions are one utterance; 0: 700 */
    const char *lm_file;        /* instead of sentences: an existing language model */
    const char *jsgf_file;      /* instead of sentences: a JSGF grammar */
    const char *dict_file;      /* with lm_file: its dictionary; NULL: the model's whole one */
    const char *language;       /* the model's language code (digit words, names); NULL: "en" */
    int front_end;              /* cc_fe_kind (voice/frontend.h): how the recogniser's copy of
                                 * the audio is cleaned first; 0: not at all */
    int front_end_agc;          /* 1: with automatic gain */
    const char *const *general; size_t ngeneral; /* general conversational sentences */
    double general_weight;      /* > 0: the general sentences are a model of their own, mixed
                                 * in with this weight (lm.h cc_lm_mix); 0: they join the
                                 * scenario's sentences in one model */
} cc_asr_config;

typedef struct { char *word; int64_t start_ms, end_ms; double confidence; } cc_asr_word;
typedef struct {
    char *text;                 /* the words joined by single spaces */
    cc_asr_word *words; size_t nwords;
    double confidence;
    int64_t start_ms, end_ms;   /* first word's start, last word's end */
} cc_asr_utt;
typedef struct { cc_asr_utt *utts; size_t nutts; } cc_asr_result;

typedef struct cc_asr cc_asr;

cc_asr *cc_asr_create(const cc_asr_config *cfg, char *err, size_t errlen);
/* The files of a model folder (NULL or "": the installed en-us one): the acoustic model's
 * folder into hmm and the dictionary's path into dict. 0, or -1 with why (what is missing and
 * what to do, without the folder's name, which the caller's message gives). */
int cc_asr_model_files(const char *model_dir, char *hmm, size_t hmmlen, char *dict,
                       size_t dictlen, char *why, size_t whylen);
void cc_asr_free(cc_asr *a);

/* Whole buffer of 16 kHz mono. Returns 0 and fills *out (possibly with no utterances). */
int cc_asr_decode(cc_asr *a, const int16_t *pcm, size_t n, cc_asr_result *out, char *err,
                  size_t errlen);
void cc_asr_result_free(cc_asr_result *r);

/* Live decoding: one answer decoded while it is spoken, so that when it ends only the
 * recogniser's finalisation is left (a few milliseconds) instead of decoding it all.
 * cc_asr_live_begin() starts an answer; cc_asr_live_feed() gives it the next samples (16 kHz
 * mono, pieces of any size), decoded as they come in the caller's thread; cc_asr_live_hear()
 * gives what was said so far: one utterance or none, times from the first sample fed since
 * cc_asr_live_begin(). speech_end (samples from that first one; -1: unknown) is where the
 * caller's endpointer heard the last speech: decoding stops shortly after it, as
 * cc_asr_decode() stops after a region's speech. Feeding may go on after a hearing (the
 * trainee spoke again) and the next hearing covers the whole answer. The voice pass, the
 * noise floor, the words and their confidence are cc_asr_decode()'s; what differs is the
 * cepstral mean, which must be chosen before the first frame is decoded: the earlier
 * answers' since cc_asr_create(), joined by the answer's own (asr.c, "live decoding").
 * cc_asr_decode() may be called in between: the live answer is then decoded again from its
 * first frame at the next feed or hearing. 0, or -1 with the message in err. */
int cc_asr_live_begin(cc_asr *a, char *err, size_t errlen);
/* The cepstral mean of what a recogniser heard live (every answer so far),
 * to give a later recogniser for the same speaker and microphone (the trainee's next call),
 * whose first answer then starts with it instead of waiting for frames of its own. */
typedef struct { double sum[32]; size_t frames; } cc_asr_mean;
void cc_asr_live_mean(const cc_asr *a, cc_asr_mean *out); /* frames 0: nothing heard */
void cc_asr_live_set_mean(cc_asr *a, const cc_asr_mean *m); /* before the first answer */
int cc_asr_live_feed(cc_asr *a, const int16_t *pcm, size_t n, char *err, size_t errlen);
int cc_asr_live_hear(cc_asr *a, int64_t speech_end, cc_asr_result *out, char *err,
                     size_t errlen);

/* Words the model knows (without <s>, </s>; each alternate pronunciation counted once). */
size_t cc_asr_vocabulary_size(const cc_asr *a);
/* Words that needed cfg->pronounce and got a pronunciation. */
size_t cc_asr_pronounced_count(const cc_asr *a);
const char *cc_asr_pronounced(const cc_asr *a, size_t i);
/* Words dropped for want of a pronunciation, sorted; NULL past the end. */
size_t cc_asr_dropped_count(const cc_asr *a);
const char *cc_asr_dropped(const cc_asr *a, size_t i);

/* Timing of the last cc_asr_decode(), for the benchmark: for utterance i (counting the
 * utterances left out for having no words), the wall time from the last sample of its audio
 * being given to the decoder to its final result (end of utterance, lattice, hypothesis,
 * word segmentation and confidences). Milliseconds; -1 past the end. */
double cc_asr_last_finalize_ms(const cc_asr *a, size_t i);

#endif
