/* voicework: the voice layer off the main thread. A voice thread owns the
 * speech synthesiser (espeak-ng keeps process-global state, so one owner) and
 * builds the recogniser; an ears thread recognises. Neither ever stalls
 * drawing or the audio clock, and a long recognition never delays a line.
 *
 * Contract.
 * - Speech out: cc_voicework_prepare() asks for a caller line (text as the engine
 *   will say it, the persona and mood); the worker synthesises it, band-limits
 *   it to the telephone band and converts it to the output rate, and keeps it.
 *   `urgent` lines (the caller is speaking now) go before everything else;
 *   the others are pre-synthesis of lines the caller may say next.
 *   cc_voicework_fetch() hands over a copy when it is ready.
 * - Speech in: cc_voicework_recognise() queues an utterance cut from the microphone
 *   (16 kHz mono); cc_voicework_result() returns what was recognised, with times in
 *   ms from the start of that audio, the confidence and the delivery measures
 *   (voice/dsp.h). The recogniser is built for the scenario when the worker
 *   starts (about a tenth of a second); until then utterances wait.
 * - All functions are called from one thread (the main thread).
 * Ownership: PCM handed to cc_voicework_recognise() is taken; PCM from cc_voicework_fetch()
 * and result texts belong to the caller (free()). */
#ifndef CC_VOICEWORK_H
#define CC_VOICEWORK_H

#include <stddef.h>
#include <stdint.h>

#include "asr.h"
#include "scenario.h"
#include "standard.h"

typedef struct {
    uint64_t tag;          /* as given to cc_voicework_recognise */
    char *text;            /* "" when nothing was recognised */
    double confidence;
    int64_t start_ms, end_ms; /* first and last word, from the start of the audio */
    size_t words;
    double pitch_range, rate_wpm, loudness; /* NAN when not measured */
} cc_voicework_heard;

typedef struct cc_voicework cc_voicework;

/* mean (may be NULL): the trainee's voice as earlier calls heard it (voice/asr.h
 * cc_asr_mean), so the first answer is decoded as it is spoken like the others;
 * cc_voicework_free() leaves this call's there. */
cc_voicework *cc_voicework_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                           int out_rate, int want_tts, int want_asr, cc_asr_mean *mean);
void cc_voicework_free(cc_voicework *w); /* waits for the job in progress */

void cc_voicework_prepare(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                   int urgent);
/* 1: *pcm and *n hold the line; 0: not ready yet (it is queued); -1: no voice for
 * it (no synthesiser, or it failed): show it as a caption only. */
int cc_voicework_fetch(cc_voicework *w, const char *text, cc_mood mood, const cc_persona *p,
                int16_t **pcm, size_t *n);
/* The same for a voice on the trainee's side of the phone (the demo's
 * synthetic trainee, voice and prosody from p with its own mood): spoken in
 * the room, so not band-limited. Kept apart from caller lines. */
void cc_voicework_prepare_own(cc_voicework *w, const char *text, const cc_persona *p);
int cc_voicework_fetch_own(cc_voicework *w, const char *text, const cc_persona *p, int16_t **pcm,
                    size_t *n);
/* NULL when speech out works, else why not. */
const char *cc_voicework_tts_problem(cc_voicework *w);

/* 0, or -1 when the recogniser is not wanted or failed (pcm is freed). */
int cc_voicework_recognise(cc_voicework *w, uint64_t tag, int16_t *pcm, size_t n);
/* Speech in as it is spoken (live/endpoint.h's stream mode): cc_voicework_stream_begin()
 * starts an answer, cc_voicework_stream_feed() gives its next audio (taken), which is
 * decoded as it comes (voice/asr.h cc_asr_live_*), and cc_voicework_stream_hear() asks
 * for what was said in it so far (speech_end: the last speech, in samples from
 * the answer's first): a result with this tag, times from the
 * answer's first sample, after only the recogniser's finalisation instead of a
 * whole decoding. Stream jobs and utterances are done in the order given. A
 * stream that failed gives an empty result. 0, or -1 as cc_voicework_recognise(). */
int cc_voicework_stream_begin(cc_voicework *w);
int cc_voicework_stream_feed(cc_voicework *w, int16_t *pcm, size_t n);
int cc_voicework_stream_hear(cc_voicework *w, uint64_t tag, int64_t speech_end);
int cc_voicework_result(cc_voicework *w, cc_voicework_heard *out);
void cc_voicework_heard_clear(cc_voicework_heard *h);
/* Utterances queued or being recognised. */
size_t cc_voicework_pending(cc_voicework *w);
/* NULL when the recogniser is ready; "starting" while it is built; else why it failed. */
const char *cc_voicework_asr_problem(cc_voicework *w);

#endif
