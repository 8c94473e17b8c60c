/* endpoint: finds where the trainee starts and stops talking in the live
 * microphone stream, and cuts each utterance out for the recogniser.
 *
 * Contract: pure C. Audio is 16 kHz mono, fed in pieces of any size; sample
 * positions count from the first sample fed. Frames of 10 ms are classed as
 * speech when their energy stands cfg->margin_db above a tracked noise floor
 * (and above cfg->min_db, so digital silence never counts). The floor starts at
 * the first frame's level, follows quieter frames at once and rises to a louder
 * room within 1.5 s (when no frame in that time was as quiet as the floor), so
 * steady noise is never taken for endless speech (endpoint.c). Within an
 * answer a frame is speech only within cfg->peak_range_db of the answer's
 * loudest frame so far.
 *  - ONSET is reported once speech has held for cfg->confirm_ms (so a click
 *    or a cough is not a turn); its `onset` is where the speech began.
 *  - UTTERANCE is reported after cfg->trailing_ms of silence (long enough that
 *    the pause at a comma or between two sentences does not cut a turn in
 *    two) or when speech has run cfg->max_ms. It carries the audio from
 *    cfg->preroll_ms before the onset to cfg->tail_ms after the last speech,
 *    which is what the recogniser needs around the words.
 * The app runs in stream mode (STREAM below); pieces and PAUSE audio are its
 * earlier ways of listening, which bench/bench_listen still compares.
 *  - PIECE, for chunked recognition: while speech goes on, each pause of at
 *    least cfg->cut_ms after cfg->piece_ms of speech cuts the audio so far
 *    into a piece that can be recognised while the trainee is still talking
 *    (a piece already 3 s long is cut at any pause of 120 ms);
 *    the UTTERANCE then carries only the audio after the last cut, so the
 *    wait after the trainee stops is the recognition of a short last piece.
 *    Cuts fall in the middle of a pause, between words.
 *  - PAUSE, for hearing an answer whole without waiting for it: when speech
 *    stops for cfg->pause_ms and the answer so far (from the pre-roll) is at
 *    most cfg->whole_ms long, it carries the whole answer so far, pre-roll
 *    to now, and `end` (its last speech). If nobody speaks again the
 *    UTTERANCE that follows has the same `end`, and this audio, recognised
 *    during the rest of the trailing silence, is the answer heard with every
 *    word's context (pieces lose the words around each cut: on the spoken
 *    takes of the shipped scenarios the rule verdicts of answers heard in
 *    pieces disagreed with the written text 2.6 % of the time, heard whole
 *    1.4 %, en-us+m1). Speech that starts again makes it stale.
 *  - STREAM, with cfg->stream, for a recogniser that decodes an answer while
 *    it is spoken (voice/asr.h cc_asr_live_*): from the ONSET on, each
 *    cc_endpoint_feed() hands out the answer's audio not handed out before, pre-roll
 *    first, contiguous, until a PAUSE (which then carries no audio: the
 *    recogniser has it all); speech after the pause streams on from there.
 *    Stream mode cuts no pieces and gives a PAUSE at any length of answer
 *    (cfg->piece_ms and whole_ms are ignored), by default 100 ms before the
 *    trailing silence ends (what was decoded is heard in a few ms); the
 *    UTTERANCE still carries the whole answer, for a recogniser that failed.
 * cc_endpoint_set_trailing() changes the trailing silence of the pause under way (the
 * one after speech that ended at `pause_end`, a PAUSE's `end`): the live call
 * judges at a PAUSE whether the answer sounds finished (game/turnend.h) and ends
 * the turn sooner, or waits longer for a trainee who stopped to think. It
 * applies to that pause only (speech resets it) and is refused (0) when that
 * pause is over; a trailing shorter than the silence so far ends the
 * utterance at the next frame.
 * cc_endpoint_flush() closes an utterance in progress at once (the microphone went
 * away). Events are queued; ev->pcm belongs to the caller (free()). A zero
 * field of cfg takes the default given in endpoint.c. */
#ifndef CC_ENDPOINT_H
#define CC_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "standard.h"

#define CC_ENDPOINT_RATE 16000

typedef struct {
    double margin_db;   /* above the noise floor */
    double min_db;      /* dBFS below which nothing is speech */
    int confirm_ms;
    int trailing_ms;
    int preroll_ms;
    int tail_ms;
    int max_ms;
    int piece_ms;       /* speech before a pause may cut a piece; -1: never cut */
    int cut_ms;         /* a pause this long cuts */
    int pause_ms;       /* a pause this long gives a PAUSE */
    int whole_ms;       /* answers up to this long get PAUSEs; -1: none */
    int stream;         /* 1: STREAM events (above) */
    double peak_range_db; /* within an answer, speech stays within this of its loudest
                           * frame (voices behind the trainee do not hold the turn open);
                           * negative: no such limit */
} cc_endpoint_config;

typedef enum { CC_ENDPOINT_ONSET = 1, CC_ENDPOINT_PIECE, CC_ENDPOINT_UTTERANCE, CC_ENDPOINT_PAUSE, CC_ENDPOINT_STREAM } cc_endpoint_kind;

typedef struct {
    cc_endpoint_kind kind;
    uint64_t onset;      /* first sample of speech */
    uint64_t end;        /* utterance, pause: one past the last sample of speech */
    int16_t *pcm;        /* piece, utterance, pause, stream: the audio cut out */
    size_t n;
    uint64_t pcm_start;  /* position of pcm[0] */
} cc_endpoint_event;

typedef struct cc_endpointer cc_endpointer;

cc_endpointer *cc_endpoint_create(const cc_endpoint_config *cfg);
/* The live call's endpointer (stream mode): the standard's turn_end_unsure
 * silence ends a turn unless a PAUSE's hearing says otherwise
 * (cc_endpoint_set_trailing), and the PAUSE comes at a short pause, early enough to
 * end a finished answer after turn_end_finished. The app and the end-to-end
 * test's model of it use the same. */
void cc_endpoint_turn_config(cc_endpoint_config *cfg, const cc_settings *st);
void cc_endpoint_free(cc_endpointer *e);
/* 0, or -1 when out of memory (the stream stays usable; audio may be lost). */
int cc_endpoint_feed(cc_endpointer *e, const int16_t *s, size_t n);
void cc_endpoint_flush(cc_endpointer *e);
/* 1 if applied, 0 if that pause is over (see above). */
int cc_endpoint_set_trailing(cc_endpointer *e, uint64_t pause_end, int ms);
int cc_endpoint_next(cc_endpointer *e, cc_endpoint_event *ev);
/* Samples fed so far. */
uint64_t cc_endpoint_pos(const cc_endpointer *e);
/* Level of the last 10 ms in dBFS (-90 for silence), for the level meter. */
double cc_endpoint_level_db(const cc_endpointer *e);
int cc_endpoint_in_speech(const cc_endpointer *e);
/* 1 once any sample fed was not exactly zero. A real microphone always
 * hears some noise; one that has sent only zeros for seconds is muted, or a
 * stand-in such as SDL's dummy capture (live.h treats it as no microphone). */
int cc_endpoint_heard_signal(const cc_endpointer *e);

/* Whether an utterance recognised piece by piece should be recognised again
 * whole (its pieces lose the words around each cut): when the joined result
 * is below the standard's confidence limit, or when a piece was (and the
 * utterance is short enough, CC_ENDPOINT_SECOND_MAX_MS, for the wait to be worth it). */
#define CC_ENDPOINT_SECOND_MAX_MS 8000
int cc_endpoint_second_opinion(int a_piece_unsure, double confidence, double min_confidence,
                         size_t samples);

#endif
