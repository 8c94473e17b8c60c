/* live: the real-clock driver of a call. The library decides, this drives.
 * The layer's parts: the call clock, the engine's inputs in order and its
 * outputs (live.c), the recorded tracks (tracks.h), hearing (hearing.h: the
 * microphone in, timed answers out), the demo trainee (demo.h), retry
 * (live_retry.c); the voice worker (voicework.h), the microphone's clock
 * (micclock.h), the endpointer (endpoint.h) and the recording (recording.h).
 *
 * Contract.
 * - The clock is the audio clock: call time = samples the playback mixer has
 *   produced / its rate (mixer.h). With no output device the mixer is advanced
 *   from the platform's wall clock instead, and caller lines are silent
 *   stretches as long as cc_speech_ms() says (captions only).
 * - cc_live_step() is called by the call screen every frame. It feeds the
 *   engine, in time order, everything that happened since the last step: lines
 *   the mixer finished (CC_IN_LINE_DONE at the sample they ended), speech onsets
 *   from the microphone (CC_IN_SPEECH_START), recognised utterances
 *   (CC_IN_UTTERANCE with the onset as start), then ticks it to now and acts
 *   on its outputs: the ringer, caller lines (synthesised ahead by the voice
 *   worker, band-limited, mixed), hold music, captions.
 * - The trainee's keys come in as cc_live_* calls; they take effect at the
 *   current call time. Typed answers count as talking from the first
 *   character typed, or from the end of the caller's line if they start typing
 *   over it, so typing is never dead air and never talk-over (cc_live_typing).
 * - A microphone that sends only digital silence (exact zeros) for its first
 *   4 s is closed and the call goes on with typed answers, as with none
 *   (cc_live_mic_problem says why).
 * - The call's audio is kept on the main thread, both sides on the call
 *   clock: the device threads only fill small rings that each step empties
 *   into two growing tracks (cc_live_audio). Out of memory stops the
 *   recording, never the call (cc_live_audio_problem).
 * - Every input the engine was given is kept, time-stamped, in order: the
 *   engine being a pure function of them and the seed, replaying them rebuilds
 *   any moment of the call (cc_live_create_retry).
 * - Demo (cfg->demo): no microphone and no trainee keys but hang-up; a
 *   synthetic trainee (demo.h) acts the scenario's model take on the live clock
 *   with the timing model of game/trainee.h, speaking in a second espeak-ng voice that
 *   is mixed locally (heard, on the trainee track, not down the line) and
 *   reaching the engine as utterances of confidence 1 when each is spoken.
 * - Caller lines the engine says may come next (cc_call_next_lines) are
 *   synthesised ahead whenever a phone line moves on.
 * - Nothing here draws or knows SDL: devices come through the platform table.
 * - Failures of devices or voices never end the call: they become banners.
 * Ownership: the standard and scenario outlive the cc_live; everything else
 * (the engine, the record, the result, the audio, the demo's take) belongs to
 * it until cc_live_free(). */
#ifndef CC_LIVE_H
#define CC_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "asr.h"
#include "engine.h"
#include "platform.h"
#include "score.h"
#include "take.h"
#include "tracks.h"

#define CC_LIVE_OUT_RATE CC_TRACKS_RATE /* the phone band needs no more; the mic is 16 kHz too */
#define CC_LIVE_MAX_CAPTIONS 64

typedef enum { CC_WHO_CALLER, CC_WHO_TRAINEE, CC_WHO_PHONE } cc_who;

typedef struct {
    cc_who who;
    int line;
    int64_t t;
    char *text;
    char *speaker;   /* caller's name, or NULL */
    int unclear;     /* trainee: heard below the confidence limit */
} cc_caption;

typedef struct {
    int want_mic;      /* 0: type answers even if a microphone exists */
    int want_speaker;  /* 0: captions only */
    int want_asr;      /* 0: no recogniser (unit tests) */
    int demo;          /* 1: no trainee; a synthetic trainee (a second espeak-ng voice)
                        * picks up and speaks the scenario's model answers, which are
                        * scored like anyone's (callcoach --demo) */
    cc_asr_mean *voice_mean; /* the trainee's voice from call to call (voicework.h); NULL */
} cc_live_config;

/* The two sides of the call, as recorded (tracks.h). */
typedef cc_tracks_side cc_live_track;
#define CC_LIVE_TRAINEE CC_TRACKS_TRAINEE
#define CC_LIVE_CALLER CC_TRACKS_CALLER

typedef struct cc_live cc_live;

/* NULL with a reason on out-of-memory or an engine that will not start. */
cc_live *cc_live_create(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                        const char *trainee, uint64_t seed, const cc_live_config *cfg,
                        char *err, size_t errlen);
void cc_live_free(cc_live *l); /* accepts NULL; closes the devices */

/* A call that goes back to the start of `turn` of a finished (or running) call
 * and goes on live from there: the inputs of `from` before the turn began are
 * replayed into a new engine with the same seed (so the caller is in the same
 * state and says the same), the new call's clock starts at that moment, and its
 * audio tracks start with `from`'s audio up to it. The new branch is scored as a
 * whole call. `turn` indexes cc_call_record(cc_live_call(from))->turns. NULL with
 * a reason (a turn out of range, out of memory, devices as for cc_live_create).
 * The caller line of that turn is played again from its start; `from` is not
 * changed, except that its devices are closed (cc_live_stop_devices) if still
 * open: the new call takes them. With cfg->demo the synthetic trainee goes on
 * with each turn's model answer (the model take's place in a replayed call is
 * not known). Both calls share the standard and scenario; free them in any order. */
cc_live *cc_live_create_retry(const cc_live *from, int turn, const cc_live_config *cfg, char *err,
                              size_t errlen);

/* Advances to the current clock; 0, or -1 when the engine ran out of memory. */
int cc_live_step(cc_live *l);
int64_t cc_live_now_ms(const cc_live *l);
/* Milliseconds the main loop may sleep before something is due (0..33). */
int cc_live_idle_ms(const cc_live *l);

/* The trainee's keys. */
void cc_live_pickup(cc_live *l);
void cc_live_hold_toggle(cc_live *l);
void cc_live_switch(cc_live *l);
void cc_live_transfer(cc_live *l, const char *extension);
void cc_live_hangup(cc_live *l);
/* Typed answers: the first key of an answer, then the whole answer.
 * The dead-air rule for typed answers: the silence runs from the end of the
 * caller's line (or the pick-up) to the first character of the answer, which
 * starts it; from then until it is sent the trainee counts as talking, so the
 * time spent typing is not silence (hiding or emptying the box does not take
 * a begun answer back). A first character typed while the caller still talks
 * starts the answer when they finish: typing over them is not talking over them. */
void cc_live_typing(cc_live *l);
void cc_live_typed(cc_live *l, const char *text);
/* An answer has been begun (cc_live_typing) and not yet sent. */
int cc_live_answer_begun(const cc_live *l);
/* The dead-air clock: ms of the silence running on the active line (live, the
 * caller waiting for the trainee, no answer begun), else -1. */
int64_t cc_live_silence_ms(const cc_live *l);
/* Seconds of silence the standard allows (its strictest silence rule, else
 * its dead_air_seconds setting): the limit the dead-air clock counts to. */
double cc_live_dead_air_limit(const cc_standard *std);

/* Devices: the microphone or speaker went away (the call pauses for the
 * microphone until cc_live_continue_typed()). */
void cc_live_mic_lost(cc_live *l);
void cc_live_speaker_lost(cc_live *l);
void cc_live_continue_typed(cc_live *l);
int cc_live_paused(const cc_live *l);

/* The whole call's audio so far, on the call clock at CC_LIVE_OUT_RATE: sample i
 * is call time i * 1000 / CC_LIVE_OUT_RATE ms, for both tracks (the trainee's
 * microphone, silence where there was none or answers were typed, or the demo
 * trainee's voice; the caller: what came down the line to the trainee: rings,
 * caller lines, hold music, the lines of the phone line they were on). The
 * caller's is as long as the clock was at the last cc_live_step() (or
 * cc_live_stop_devices()); the trainee's, while the microphone is open, only
 * as far as the microphone has delivered (it lags the clock by its buffers,
 * more on a busy machine), and as long as the caller's once it is closed.
 * What was returned never changes: a recorder may write it at once. The
 * microphone is placed on the call clock by micclock.h, which stretches its
 * audio by up to 2 % to follow a microphone that drifts or lags, so every
 * sample it gave is in the track and times of speech agree with the track. Without a speaker the mixer still runs, on the wall
 * clock, but caller lines are captions only, so silent here too. The pointer is
 * valid until the next cc_live_step(), cc_live_stop_devices() or cc_live_free();
 * *pcm is NULL when n is 0. A retried call's tracks begin with its first call's. */
size_t cc_live_audio(const cc_live *l, cc_live_track t, const int16_t **pcm);
/* Samples of track t lost because the computer was too busy to take them from
 * the device in time (kept as silence, so the tracks stay on the clock); 0
 * normally. *first_ms (may be NULL): call ms of the first microphone sample
 * lost, -1 if none or for the caller. */
uint64_t cc_live_audio_lost(const cc_live *l, cc_live_track t, int64_t *first_ms);
/* One sentence for the trainee and the session folder on what was lost (when,
 * how much, why), or "" when nothing was. */
void cc_live_lost_note(const cc_live *l, char *buf, size_t len);
/* How much the microphone's audio is being stretched to stay on the call
 * clock, in parts per million (diagnostics, CALLCOACH_DEBUG). */
double cc_live_mic_drift_ppm(const cc_live *l);
/* NULL while the audio is being kept; else why it stopped (out of memory: the
 * call goes on without it), for a banner. */
const char *cc_live_audio_problem(const cc_live *l);
/* Closes the microphone and the speaker (the call is over; the feedback screen
 * plays recordings through its own output). Idempotent. */
void cc_live_stop_devices(cc_live *l);
const cc_standard *cc_live_standard(const cc_live *l);
const cc_scenario *cc_live_scenario(const cc_live *l);
const char *cc_live_trainee(const cc_live *l);
uint64_t cc_live_seed(const cc_live *l);

/* A retry (cc_live_create_retry): the turn it went back to (-1 for a call of
 * its own), the moment up to which the original call was kept, and the
 * session folder of the original (a retry of a retry names the first call;
 * NULL until cc_live_set_retry_of tells it, which the feedback screen does
 * with the folder the call was saved in, "" when it was not; it is not
 * changed once known). The recording stores a retry as a retry of that call. */
int cc_live_retry_turn(const cc_live *l);
int64_t cc_live_retry_kept_ms(const cc_live *l);
const char *cc_live_retry_of(const cc_live *l);
int cc_live_set_retry_of(cc_live *l, const char *folder); /* 0, or -1 out of memory */
/* The answers given so far, typed and spoken (a retry counts those it kept). */
void cc_live_answers(const cc_live *l, int *typed, int *spoken);

/* What the screen shows. */
const cc_call *cc_live_call(const cc_live *l);
int cc_live_ended(const cc_live *l);      /* the call ended and was scored */
const cc_result *cc_live_result(const cc_live *l);
int cc_live_rings(const cc_live *l, int line);  /* rings so far on that line */
int cc_live_picked_up_on(const cc_live *l, int line); /* ring it was answered on, 0 if not */
size_t cc_live_caption_count(const cc_live *l);
const cc_caption *cc_live_caption(const cc_live *l, size_t i);
double cc_live_mic_db(const cc_live *l);  /* -90..0; the level meter */
int cc_live_has_mic(const cc_live *l);
int cc_live_has_speaker(const cc_live *l);
int cc_live_typing_mode(const cc_live *l); /* answers are typed */
int cc_live_talking(const cc_live *l);     /* the microphone hears speech now */
int cc_live_caller_talking(const cc_live *l);
/* Why a device is missing, for the banner (NULL when it is there). */
const char *cc_live_mic_problem(const cc_live *l);
const char *cc_live_speaker_problem(const cc_live *l);
/* The recogniser's state: NULL when ready or not wanted, else a reason. */
const char *cc_live_asr_problem(const cc_live *l);
int cc_live_recognising(const cc_live *l); /* an utterance is being recognised */
/* Lines said whose voice is still being synthesised (they wait, then play, or
 * become silent captions after a while): tests hold their clock meanwhile. */
int cc_live_voice_pending(const cc_live *l);

#endif
