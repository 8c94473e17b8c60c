/* dsp: the phone's sounds and the measures of a spoken answer. Pure C (libc, libm).
 *
 * Contract: every function works on 16-bit mono PCM at the rate it is given
 * (any rate from 8000 Hz up; 22050 Hz is espeak-ng's). Nothing here allocates
 * except cc_dsp_delivery() (a working buffer, freed before it returns) and
 * cc_dsp_resample() (its result, the caller's), keeps
 * global state, prints or exits. Generated sounds are scheduled purely by
 * sample count: sample k of the output is the sound at absolute sample
 * start_sample + k of the audio clock, so a caller can render any stretch in
 * any order, in chunks of any size, and get the same samples bit for bit.
 *
 * Ownership: the voice layer (speech out / DSP). Used by the desktop front end
 * for what the trainee hears, and by the scorer for the delivery rules
 * (`measure: pitch-range` in the standard). */
#ifndef CC_DSP_H
#define CC_DSP_H

#include <stddef.h>
#include <stdint.h>

/* ---- Telephone band ------------------------------------------------------
 * Band-limits to about 300-3400 Hz: a 4th-order Butterworth high-pass at
 * 300 Hz and a 4th-order Butterworth low-pass at 3400 Hz, each built from two
 * cascaded RBJ biquads (Q 0.541 and 1.307), i.e. 24 dB/octave each side and
 * -3 dB at the corners. Output saturates at the int16 limits instead of
 * wrapping. For the caller's voice only: recognition must get the full band.
 *
 * cc_dsp_phone_band() filters one whole buffer in place from a rested filter.
 * For audio that arrives in chunks, keep a cc_phone_band and run each chunk
 * through it so no click appears at chunk boundaries. A rate below 8000 Hz
 * (or a NULL buffer) leaves the samples untouched. */
typedef struct {
    double c[4][5];   /* b0 b1 b2 a1 a2 per section, normalised by a0 */
    double z[4][2];   /* transposed direct form II state */
    int nsec;         /* sections in use (the low-pass is left out when
                         3400 Hz is too close to the Nyquist frequency) */
} cc_phone_band;

void cc_phone_band_init(cc_phone_band *f, int rate);
void cc_phone_band_run(cc_phone_band *f, int16_t *s, size_t n);
void cc_dsp_phone_band(int16_t *s, size_t n, int rate);

/* ---- Ringback ------------------------------------------------------------
 * US ringback as the caller hears it: 440 Hz + 480 Hz, 2 s on, 4 s off,
 * starting with a ring at sample 0 of the clock. The two tones' phases are
 * exact functions of the absolute sample (integer arithmetic), so chunks join
 * seamlessly; each ring has 5 ms raised-cosine edges so it starts and stops
 * without a click, and the off periods are exact zeros. Peak level about
 * -6 dBFS. Writes n samples and returns n (0 when out is NULL or rate < 8000). */
size_t cc_dsp_ringback(int16_t *out, size_t n, int rate, uint64_t start_sample);

/* Which ring is sounding at `sample`, or the last one that sounded: 1 for
 * samples [0, 6 s), 2 for [6 s, 12 s), ... "Answer before the third ring
 * starts" is sample < 12 s * rate. 0 when rate < 1; saturates at INT32_MAX. */
int cc_dsp_ring_number(uint64_t sample, int rate);
/* 1 when a ring is sounding at `sample` (its first 2 s of each 6 s), else 0. */
int cc_dsp_ring_on(uint64_t sample, int rate);

/* ---- Hold music ----------------------------------------------------------
 * Generated, not recorded (no rights to clear): an 8-second loop of four
 * chords (C - Am - F - G), each a soft sine pad with a bass note and a
 * plucked arpeggio in eighth notes (sine + a little second harmonic, fast
 * attack, exponential decay). Deterministic and seekable like the ringback;
 * peak below -6 dBFS. Writes n samples and returns n (0 when out is NULL or
 * rate < 8000). */
size_t cc_dsp_hold_music(int16_t *out, size_t n, int rate, uint64_t start_sample);

/* ---- Delivery measures of a spoken answer ---------------------------------
 * Frames of 40 ms every 10 ms. A frame is speech when its level is above
 * -50 dBFS and within 35 dB of the loudest frame; a speech frame is voiced
 * when YIN (cumulative mean normalised difference, threshold 0.2, parabolic
 * interpolation) finds a period for 60-420 Hz. Pitch is tracked on a copy
 * low-passed at 1 kHz and decimated to 8-11 kHz (cheaper, and cleaner).
 *   pitch_range_semitones  90th minus 10th percentile of voiced F0, in
 *                          semitones (0 with fewer than 5 voiced frames);
 *   pitch_median_hz        median voiced F0 (0 when none);
 *   loudness_dbfs          RMS level of the speech frames, dB re a full-scale
 *                          square wave (a full-scale sine is -3 dBFS);
 *                          -120 when there is no speech;
 *   voiced_seconds, speech_seconds   frame counts times 10 ms.
 * Returns 0, or -1 (out untouched) when s or out is NULL with n > 0, rate is
 * below 8000 Hz, or the working buffer cannot be allocated. Silence (or n 0)
 * gives speech_seconds 0, every other field 0 and loudness -120. */
typedef struct {
    double pitch_range_semitones;
    double pitch_median_hz;
    double loudness_dbfs;
    double voiced_seconds;
    double speech_seconds;
} cc_delivery;

int cc_dsp_delivery(const int16_t *s, size_t n, int rate, cc_delivery *out);

/* ---- Rate change -----------------------------------------------------------
 * cc_dsp_resample() returns n samples at from Hz as *out_n samples at to Hz
 * (a copy when the rates agree; nothing, *out_n 0, when either is not
 * positive), malloc'd for the caller (never NULL but on out-of-memory).
 * Linear interpolation: for speech already band-limited (the phone band, or
 * espeak-ng's voice with little above 4 kHz), far below either Nyquist. The
 * one resampler of short lines; whole files go through libsamplerate (wav.h). */
int16_t *cc_dsp_resample(const int16_t *in, size_t n, int from, int to, size_t *out_n);

#endif
