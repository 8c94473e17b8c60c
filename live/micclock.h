/* micclock: where each microphone sample belongs on the call clock.
 *
 * The call clock is the speaker's sample count (live.h). The microphone is
 * another device with its own crystal (independent sound cards drift apart by
 * about 0.1 %, 3.6 s an hour) and, on a busy machine, its own lag (SDL's disk
 * driver falls behind and never catches up). Placing microphone samples by
 * their count would let the trainee's track slide against the caller's;
 * placing them by the clock when they arrive would cut or overlap them.
 *
 * A micclock keeps a piecewise-linear map from microphone sample index to call
 * position, one segment per second of microphone audio, each segment's slope
 * chosen when its first sample arrives, from how far the microphone's newest
 * sample lags the clock compared with its usual lag (within +-2 %, settling in
 * a few seconds). It resamples the microphone onto the call clock along that
 * map (linear interpolation: for a slope within 2 % of 1 speech keeps its
 * sound), so:
 *   - every microphone sample reaches the track, none dropped or doubled: a
 *     stretch, not a splice;
 *   - a sample's place never changes once the sample was seen, so times taken
 *     from the map (speech onsets, answer ends) agree to the sample with where
 *     the audio lies in the recording.
 *
 * Contract: cc_micclock_feed() takes the samples in the order the device gave
 * them, with the call position at which they were handed over; it appends the
 * resampled audio for call positions [*at, *at + n) to `out` (the positions
 * run on from the previous feed's; before call position 0 nothing is given).
 * Pure: no clock, no threads, no globals; one thread uses a micclock at a
 * time. Ownership: the caller owns the micclock (create/free; free accepts
 * NULL) and the output buffer it passes. */
#ifndef CC_MICCLOCK_H
#define CC_MICCLOCK_H

#include <stddef.h>
#include <stdint.h>

typedef struct cc_micclock cc_micclock;

/* `origin`: the call position of microphone sample 0 (may be negative: the
 * microphone started before the clock). NULL when out of memory. */
cc_micclock *cc_micclock_create(double origin);
void cc_micclock_free(cc_micclock *c);

/* n new microphone samples, handed over when the call clock was at
 * `clock_now`. Writes at most `cap` samples to out (cap >= n + n / 16 + 4
 * always suffices), sets *nout and the call position of out[0] in *at.
 * Returns 0, or -1 when out of memory (nothing placed; the next feed goes on). */
int cc_micclock_feed(cc_micclock *c, const int16_t *in, size_t n, uint64_t clock_now, int16_t *out,
                     size_t cap, size_t *nout, int64_t *at);

/* The call position (fractional) of microphone sample k: exact for samples
 * already fed, extrapolated with the current slope beyond them. */
double cc_micclock_pos(const cc_micclock *c, uint64_t k);

/* Call position up to which the resampled track is final: every position
 * before it has been given by a feed (or lies before the microphone began). */
int64_t cc_micclock_head(const cc_micclock *c);

/* Microphone samples fed so far. */
uint64_t cc_micclock_count(const cc_micclock *c);

/* The current slope as parts per million off 1 (positive: the microphone
 * gives fewer samples than the clock, so its audio is stretched). */
double cc_micclock_ppm(const cc_micclock *c);

#endif
