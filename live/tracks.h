/* tracks: the call's two recorded sides, on the call clock.
 *
 * Contract.
 * - Sample i of either track is call time i * 1000 / CC_TRACKS_RATE ms. The
 *   trainee's track gets the microphone placed on the clock (hearing.h) or the
 *   demo trainee's voice; the caller's gets what the mixer played down the line.
 * - What the mixer plays comes from the audio device's thread: cc_tracks_played()
 *   puts it in a ring (platform lock held, or on the main thread without a
 *   device); cc_tracks_grab() empties the ring, quickly, under the same lock, and
 *   cc_tracks_keep() writes it onto the caller's track without it, so the audio
 *   thread never waits on a track's memory. Samples the ring had no room for are
 *   kept as silence, so the track stays on the clock.
 * - Out of memory stops the recording, never the call: every write after it is
 *   dropped and cc_tracks_problem() says why.
 * - Everything but cc_tracks_played() is for the main thread.
 * Ownership: the tracks own their samples; pointers given out stay valid until
 * the next write. */
#ifndef CC_TRACKS_H
#define CC_TRACKS_H

#include <stddef.h>
#include <stdint.h>

#define CC_TRACKS_RATE 16000

typedef enum { CC_TRACKS_TRAINEE, CC_TRACKS_CALLER } cc_tracks_side;

typedef struct cc_tracks cc_tracks;

cc_tracks *cc_tracks_create(void); /* NULL when out of memory */
void cc_tracks_free(cc_tracks *t);  /* accepts NULL */

/* Device thread (or main thread without a device), platform lock held. */
void cc_tracks_played(cc_tracks *t, const int16_t *s, size_t n);
/* Samples waiting in the ring: a driver without a device keeps it from filling. */
size_t cc_tracks_ring_len(const cc_tracks *t);
void cc_tracks_grab(cc_tracks *t);  /* platform lock held */
void cc_tracks_keep(cc_tracks *t);  /* without it, after cc_tracks_grab() */

/* Writes n samples at sample `at` (negative: the part before 0 is dropped), over
 * the silence that may be there. */
void cc_tracks_put(cc_tracks *t, cc_tracks_side k, int64_t at, const int16_t *s, size_t n);
/* Both tracks at least `pos` samples long (silence where nobody spoke), and the
 * call's length (cc_tracks_len) `pos` unless the recording stopped. */
void cc_tracks_reach(cc_tracks *t, uint64_t pos);
/* The recording has to stop: out of memory for `want` samples. */
void cc_tracks_fail(cc_tracks *t, size_t want);

/* Track k up to the call's length, at most `limit` samples; *pcm NULL when 0. */
size_t cc_tracks_get(const cc_tracks *t, cc_tracks_side k, size_t limit, const int16_t **pcm);
size_t cc_tracks_len(const cc_tracks *t);
/* Samples of the caller's side kept as silence because the ring was full. */
uint64_t cc_tracks_caller_lost(const cc_tracks *t);
/* NULL while recording; else why it stopped. */
const char *cc_tracks_problem(const cc_tracks *t);

#endif
