/* hear: a spoken answer, turned into what the call engine takes (cc_heard).
 *
 * Contract: glue over three modules, owning none of their libraries: wav
 * (reading a recording), asr (words, times, confidence) and dsp (how it was
 * said). A listener is built for one scenario: its recogniser's language
 * model is the scenario's corpus (game/corpus.h) plus the general
 * conversational set in assets/, so off-script speech is heard as what it
 * is. The recogniser cleans its copy of the audio with the product's front
 * end (voice/frontend.h cc_fe_default; none for now). Names missing from
 * the dictionary get pronunciations from espeak-ng's phonemes when a cc_tts is
 * given (only during creation; the listener does not keep it).
 *
 * An answer's text joins the recognised utterances; its confidence is their
 * duration-weighted mean; lead_ms is where speech starts in the recording and
 * speech_ms how long it lasts; pitch range and loudness come from the voice,
 * pace from words over speech time. A recording with no speech is silence
 * (text "", speech_ms 0). The text is owned by the listener and valid until
 * the next call. Errors: -1/NULL with a message in err naming what failed.
 *
 * Languages: the recogniser's model follows the scenario's language (else the
 * standard's). English ("en", "en-US"...) uses the installed en-us model unless
 * one of the places below names another. Any other language needs a model folder given by
 * the trainer: cfg->model_dir (a --model-dir option), else the standard's
 * `recognition_model`, else the environment variable CALLCOACH_MODEL_<LANGUAGE>
 * (CALLCOACH_MODEL_RU). A model folder is laid out as voice/asr.h says (an acoustic model
 * folder with mdef, one .dict). With none, or with a folder that is not a complete
 * PocketSphinx model, creation fails with a message that names the folder, says what is
 * missing and that answers are typed; the program then takes typed answers.
 * cc_listener_model() is that decision alone, for programs that build their recogniser
 * themselves: 0 with the folder in dir ("" for the installed en-us model), or -1 with the
 * reason in err. The recogniser is told the language: digits in its model are spelled in
 * it (English, Russian; left out for others), and names missing from the model's
 * dictionary get espeak-ng's phonemes only when the language is English or the model's
 * phones are CMUdict's; otherwise they are dropped (cc_listener_dropped()). */
#ifndef CC_HEAR_H
#define CC_HEAR_H

#include <stddef.h>
#include <stdint.h>

#include "asr.h"
#include "scenario.h"
#include "sim.h"
#include "standard.h"
#include "tts.h"

#define CC_HEAR_RATE 16000
/* The conversational set's share of the language model (voice/asr.h general_weight); 0: its
 * sentences join the scenario's in one model. Chosen on bench_hear's dev part (README). */
#define CC_HEAR_GENERAL_WEIGHT 0.0

typedef struct {
    const cc_standard *std;
    const cc_scenario *scn;
    const char *trainee;
    const char *conversation_file; /* assets/conversation.txt; NULL for none */
    cc_tts *tts;                   /* for words missing from the dictionary; may be NULL */
    const char *model_dir;         /* NULL: by language (below); en: the installed en-us model */
} cc_listener_config;

typedef struct cc_listener cc_listener;

cc_listener *cc_listener_create(const cc_listener_config *cfg, char *err, size_t errlen);
int cc_listener_model(const cc_standard *std, const cc_scenario *scn, const char *model_dir,
                      char *dir, size_t dirlen, char *err, size_t errlen);
void cc_listener_free(cc_listener *l); /* accepts NULL */
/* The listener's recogniser alone, built the same way (corpus, conversational set, names
 * through cfg->tts, the model and digit words of the scenario's language), for programs
 * that cut the answers themselves (the app hears a long answer in pieces as it is spoken,
 * a short one whole at its last pause: live/endpoint.h).
 * *nsentences (may be NULL) gets the language model's sentence count. The caller frees it
 * with cc_asr_free(). NULL with the reason in err, as cc_listener_create(). */
cc_asr *cc_listener_asr(const cc_listener_config *cfg, size_t *nsentences, char *err,
                        size_t errlen);
/* A recording of one answer, 16 kHz mono. */
int cc_listener_hear(cc_listener *l, const int16_t *pcm, size_t n, cc_heard *out, char *err,
                     size_t errlen);
/* Any WAV the wav module reads; the message names the file when it cannot. */
int cc_listener_hear_file(cc_listener *l, const char *path, cc_heard *out, char *err,
                          size_t errlen);
/* Sentences in the language model, and words dropped for want of a pronunciation. */
size_t cc_listener_sentences(const cc_listener *l);
size_t cc_listener_dropped_count(const cc_listener *l);
const char *cc_listener_dropped(const cc_listener *l, size_t i);

#endif
