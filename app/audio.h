/* audio: the sound half of the platform (the window half is platform.h), so that the
 * call runtime depends on no window code. Two versions:
 *   audio_sdl.c   playback through SDL_mixer (its channels carry the call's sound, its
 *                 post-mix stream is the call clock), capture through plain SDL audio
 *                 (SDL_mixer has no capture), each on its own device
 *   audio_null.c  no devices: the tests' version; the test runs the callbacks
 *                 (audio_null.h), and the call's sound is mixed in software (mixer.h)
 *
 * Contract.
 * - open_out() starts a device at `rate` Hz mono 16-bit. For every buffer the device
 *   plays, fill() is called from the device thread with the buffer: in the SDL version
 *   the buffer already holds what SDL_mixer's channels mixed (fill may read it, add to
 *   it or overwrite it); in the null version it is zeroed scratch. The samples fill()
 *   is given are the audio clock. open_in() delivers 16 kHz mono 16-bit capture to
 *   take(), also from a device thread. Either open may fail (no device): -1 with a
 *   reason people can read.
 * - lock()/unlock() keep fill(), take() and begin() (below) out while the main thread
 *   changes what they share. Nothing may call a function of this interface, nor of
 *   SDL_mixer, while holding the lock: the device threads take it inside SDL's own lock.
 * - channels: NULL when the version has no mixing library. Otherwise the playback
 *   device mixes `count` channels, and set_begin() names one function called from the
 *   device thread at the start of every buffer, before the channels are mixed and with
 *   the lock held: the only place the channel functions may be called. A sound a
 *   channel starts there is mixed from the buffer's first sample, so a caller that
 *   pads its start with silence places it to the sample. The registration holds for
 *   the next open_out() only (a later open, e.g. the feedback screen's player, mixes
 *   nothing of an earlier call's); set_begin(NULL, ud) withdraws ud's.
 * Threads: the main thread opens, closes and pauses; callbacks as above.
 * Ownership: a channel plays PCM its caller owns, which must stay until the channel
 * is stopped, has finished, or the device is closed. */
#ifndef CC_AUDIO_H
#define CC_AUDIO_H

#include <stddef.h>
#include <stdint.h>

/* Audio callbacks, called on a device thread with the audio lock held. */
typedef void (*cc_audio_fill_fn)(void *ud, int16_t *out, size_t n);
typedef void (*cc_audio_take_fn)(void *ud, const int16_t *in, size_t n);
/* The start of a buffer of n samples, before the channels are mixed. */
typedef void (*cc_audio_begin_fn)(void *ud, size_t n);
/* A channel's sound is being mixed into the current buffer (once per buffer). */
typedef void (*cc_audio_seen_fn)(void *ud, int channel);

typedef struct {
    int count;
    /* Plays pcm[0..n) on the channel from the buffer's first sample, replacing what
     * it played; loop: repeat until stopped. seen (may be NULL) is told of every buffer
     * the sound is mixed in. 0, or -1 when the library refused. */
    int (*play)(int channel, const int16_t *pcm, size_t n, int loop, cc_audio_seen_fn seen,
                void *ud);
    void (*stop)(int channel);
    void (*volume)(int channel, int volume); /* 0 (silent) .. 128 (as recorded) */
    void (*pause)(int channel, int paused);  /* a paused sound resumes where it was */
} cc_audio_channels;

typedef struct cc_audio {
    const char *name;
    int (*open_out)(int rate, cc_audio_fill_fn fill, void *ud, char *err, size_t errlen);
    void (*close_out)(void);
    void (*pause_out)(int paused);
    int (*open_in)(int rate, cc_audio_take_fn take, void *ud, char *err, size_t errlen);
    void (*close_in)(void);
    void (*lock)(void);
    void (*unlock)(void);
    const cc_audio_channels *channels;
    void (*set_begin)(cc_audio_begin_fn begin, void *ud);
} cc_audio;

extern const cc_audio cc_audio_sdl;
extern const cc_audio cc_audio_null;

#endif
