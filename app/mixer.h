/* mixer: the playback stream of a call, and the call's clock.
 *
 * Contract: no device of its own. The audio callback calls cc_mixer_fill() for
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
 *
 * Two ways to sound. In software (the null audio, or no device) the mixer sums
 * everything itself, with the tone functions for the ring and hold music. On a
 * device with channels (SDL_mixer: cc_mixer_use_audio) the timeline is the same,
 * but at the start of each device buffer every sound that begins in it is handed
 * to a channel, padded with silence to start on its sample: caller lines, each
 * ring (the standard's or scenario's `ring:` file, played from each ring's start,
 * so a file of one cadence keeps the cadence to the sample), hold music and the
 * scenario's ambience (looped; the ambience plays while a caller is connected and
 * not on hold). cc_mixer_fill() then gets the mixed buffer (the post-mix stream)
 * and only reads it: its sample count is the call clock, a line's start is
 * confirmed by the buffer its channel was first mixed in, its end reported as in
 * software, and `far` is that stream without the local voices.
 * Threading: the mixer does no locking: the driver holds the platform's audio
 * lock around every call except cc_mixer_fill(), which runs under that lock (and
 * the device's begin-of-buffer call, audio.h, likewise).
 * Ownership: cc_mixer_play() takes the PCM (freed with free()). */
#ifndef CC_MIXER_H
#define CC_MIXER_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"
#include "scenario.h"

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

/* Sounds through `audio`'s channels when it has them (audio_sdl): decodes the call's
 * ring, hold music and ambience files (cc_scenario_sound: the scenario's, else the
 * standard's, else for the ring and hold music those installed in assets/, the ring
 * only for the 2 s + 4 s cadence it has), or makes the ring and hold music with the
 * tones (set them first) when a file does not decode; registers with the device that opens next.
 * Without channels (audio_null) it does nothing: the mixer stays in software. Call
 * before the device opens, from the thread that opens it. 0, or -1 out of memory. */
int cc_mixer_use_audio(cc_mixer *m, const cc_audio *audio, const cc_standard *std,
                       const cc_scenario *scn);
/* Why a named sound file is not played (it did not decode), or NULL. */
const char *cc_mixer_sound_problem(const cc_mixer *m);

#endif
