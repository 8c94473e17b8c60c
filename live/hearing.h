/* hearing: the trainee's microphone in, timed answers out.
 *
 * Contract.
 * - The capture device's thread hands its buffers to cc_hearing_capture()
 *   (platform lock held); they wait in a ring (10 s) for the main thread.
 * - cc_hearing_listen() (main thread) places what the microphone delivered on
 *   the call clock (micclock.h: stretched by up to 2 % to follow a drifting or
 *   lagging microphone) onto the trainee's track (tracks.h), runs the
 *   endpointer (endpoint.h, stream mode) over it, and has the recogniser
 *   (voicework.h) decode each answer as it is spoken. At each short pause the
 *   answer so far is heard; how finished it sounds (game/turnend.h, for the
 *   node the caller is at, passed in) sets how much more silence ends the turn,
 *   for that pause only. An answer that ends at that pause is the answer; one
 *   that was not heard at its pause (cut at its longest, the recogniser's queue
 *   full) or came back empty is recognised whole from its audio, and once more
 *   when that is below the standard's confidence limit (the surer result counts).
 * - What was heard comes out through cc_hearing_poll(), in order: ONSET when
 *   speech begins (call ms), ANSWER with the answer (start at the onset, end at
 *   the last word, or where the voice stopped) as the engine's input wants it.
 *   Nothing here calls back into the call.
 * - Samples the capture ring had no room for are counted and kept as silence,
 *   on the track and in the endpointer, so both stay on the clock.
 * Threads: cc_hearing_capture() on the device thread; all else on the main
 * thread. Ownership: the tracks and the voicework are the caller's and outlive
 * the hearing (cc_hearing_set_voicework(h, NULL) before freeing the voicework);
 * an event's text belongs to the caller (free()). */
#ifndef CC_HEARING_H
#define CC_HEARING_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "scenario.h"
#include "standard.h"
#include "tracks.h"
#include "voicework.h"

typedef enum { CC_HEARD_ONSET = 1, CC_HEARD_ANSWER } cc_hearing_kind;

typedef struct {
    cc_hearing_kind kind;
    int64_t t;             /* onset: where speech began; answer: where it ended (call ms) */
    int64_t start;         /* answer: the onset */
    char *text;            /* answer: "" when no words were recognised */
    double confidence;     /* answer: 0 without words */
    double pitch_range, rate_wpm, loudness; /* answer: NAN when not measured */
    int unclear;           /* answer: no words, or below the standard's confidence */
} cc_hearing_event;

typedef struct cc_hearing cc_hearing;

/* NULL when out of memory. `clock_pos`: the call clock in samples, which the
 * driver keeps (atomically: the capture thread reads it). */
cc_hearing *cc_hearing_create(const cc_platform *plat, const _Atomic uint64_t *clock_pos,
                              const cc_standard *std, const cc_scenario *scn, const char *trainee,
                              cc_tracks *tracks, cc_voicework *vw);
void cc_hearing_free(cc_hearing *h); /* accepts NULL */
void cc_hearing_set_voicework(cc_hearing *h, cc_voicework *vw);

/* Device thread, platform lock held: `clock_pos` is the call clock's position
 * now (the first buffer began one buffer before it). */
void cc_hearing_capture(cc_hearing *h, const int16_t *in, size_t n, uint64_t clock_pos);
/* The microphone's news since the last step (while it is open), onto the
 * track and through the endpointer. */
void cc_hearing_listen(cc_hearing *h);
/* The recogniser's results; `node`: the node of the line the trainee is on
 * (-1 none), for how finished an answer heard at a pause sounds. */
void cc_hearing_take_results(cc_hearing *h, int node);
/* What the microphone left in the ring after the device was closed. */
void cc_hearing_drain_device(cc_hearing *h);
/* Closes the answer being spoken at once (the microphone went away, the call is over). */
void cc_hearing_flush(cc_hearing *h);
int cc_hearing_poll(cc_hearing *h, cc_hearing_event *ev);

/* The earliest end of an answer that has ended but is still being recognised
 * (for at most 8 s of wall time), INT64_MAX when none: the engine is not moved
 * past it, so recognition latency never reorders the call. */
int64_t cc_hearing_barrier(const cc_hearing *h);
int cc_hearing_busy(const cc_hearing *h);      /* answers being recognised */
int cc_hearing_in_speech(const cc_hearing *h);
double cc_hearing_level_db(const cc_hearing *h); /* -90..0 */
/* The microphone sent only exact zeros for its first `ms`. */
int cc_hearing_silent_for(const cc_hearing *h, int ms);
/* How far the trainee track is final (samples; the microphone's head on the clock). */
int64_t cc_hearing_head(const cc_hearing *h);
uint64_t cc_hearing_lost(const cc_hearing *h, int64_t *first_ms);
double cc_hearing_drift_ppm(const cc_hearing *h);

#endif
