/* mixer: the playback stream of a call, and the call's clock.
 *
 * Contract: pure C, no device. The audio callback calls cc_mixer_fill() for
 * every buffer; the number of samples filled so far (cc_mixer_pos) is the call
 * clock: call time in ms = pos * 1000 / rate. Everything audible is placed by
 * sample count, so what the engine is told matches what was played exactly:
 *  - caller lines: cc_mixer_play() queues PCM (already at the mixer's rate) to
 *    start at the first sample at or after `not_before`; when its last sample
 *    has been filled the line's id and that sample position are queued for
 *    cc_mixer_take_done() (the driver then sends CC_IN_LINE_DONE at that time).
 *    A line whose phone line is muted (the trainee is on the other line) still
 *    runs its course silently, so the engine hears it finish.
 *  - the ringer: cc_mixer_ring() sounds one ring for [start, start+len);
 *  - hold music: on while cc_mixer_hold(m, 1), from where it was last left.
 * Tone generators are functions of the absolute sample position, so the ring
 * cadence is exact wherever a buffer boundary falls.
 * Threading: the mixer does no locking: the driver holds the platform's audio
 * lock around every call except cc_mixer_fill(), which runs under that lock.
 * Ownership: cc_mixer_play() takes the PCM (freed with free()). */
#ifndef CC_MIXER_H
#define CC_MIXER_H

#include <stddef.h>
#include <stdint.h>

/* Writes n samples of a tone, sample k being the tone's sample pos + k counted
 * from the tone's own start (voice/dsp's generators have this shape). */
typedef size_t (*cc_tone_fn)(int16_t *out, size_t n, int rate, uint64_t pos);

typedef struct cc_mixer cc_mixer;

cc_mixer *cc_mixer_create(int rate);
void cc_mixer_free(cc_mixer *m);
void cc_mixer_set_tones(cc_mixer *m, cc_tone_fn ring, cc_tone_fn hold);

void cc_mixer_fill(cc_mixer *m, int16_t *out, size_t n);
/* As cc_mixer_fill(), and `far` (may be NULL) gets the same buffer without the
 * local lines (phone line CC_MIXER_LOCAL: a voice on the trainee's side, such
 * as the demo's synthetic trainee), i.e. what came down the phone. */
#define CC_MIXER_LOCAL 0
void cc_mixer_fill2(cc_mixer *m, int16_t *out, int16_t *far, size_t n);
/* Moves the clock of a mixer that has not been filled yet to pos (a call
 * that goes on from the middle of an earlier one). */
void cc_mixer_seek(cc_mixer *m, uint64_t pos);
uint64_t cc_mixer_pos(const cc_mixer *m);
int cc_mixer_rate(const cc_mixer *m);

/* 0, or -1 when out of memory (pcm is then freed). n may be 0. */
int cc_mixer_play(cc_mixer *m, unsigned id, int phone_line, int16_t *pcm, size_t n,
                  uint64_t not_before);
/* Lines not yet finished (queued or playing). */
size_t cc_mixer_playing(const cc_mixer *m);
/* True while a line of this phone line is sounding or queued. */
int cc_mixer_line_busy(const cc_mixer *m, int phone_line);
/* Position one past the last sample of what this phone line has queued (0 when nothing). */
uint64_t cc_mixer_line_end(const cc_mixer *m, int phone_line);
void cc_mixer_mute_line(cc_mixer *m, int phone_line, int muted);
/* Stops a phone line's lines now (the caller hung up): they are not reported done. */
void cc_mixer_drop_line(cc_mixer *m, int phone_line);
/* 1 and the id and end position of a finished line, oldest first; 0 when none. */
int cc_mixer_take_done(cc_mixer *m, unsigned *id, uint64_t *at);

void cc_mixer_ring(cc_mixer *m, uint64_t start, uint64_t len);
void cc_mixer_ring_stop(cc_mixer *m); /* cuts the ringer off now */
void cc_mixer_hold(cc_mixer *m, int on);

/* Peak of the caller's voice in the last buffer, 0..1, for the display. */
double cc_mixer_voice_level(const cc_mixer *m);

#endif
