/* audio_sdl: the audio half of the platform on SDL_mixer (playback) and SDL (capture).
 * See audio.h.
 *
 * Playback is SDL_mixer's device. Its mixing callback runs, per buffer: the music
 * hook (here: begin(), where the call's mixer starts and stops channels for this
 * buffer), the channels, then the post-mix hook (here: fill(), which sees the mixed
 * buffer; the call's mixer counts it as the call clock and records it). SDL_mixer
 * plays music through the same hook, so the call has no Mix_Music: hold music is a
 * looped channel like the rest. Both hooks run inside SDL's device lock and take our
 * own mutex, which is also lock(): the main thread holds it only around its own data,
 * never around an SDL call, so the two locks are always taken in the same order. */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_mixer.h>
#include <stdio.h>
#include <string.h>

#include "audio.h"
#include "audio_sdl.h"

#define CHANNELS 40
#define MAX_DEVICE_ID 64

static SDL_mutex *mx;
static int out_open, out_ready; /* ready: the channels are allocated */
static SDL_AudioDeviceID out_dev, in_dev;
static cc_audio_fill_fn out_fill;
static cc_audio_take_fn in_take;
static void *out_ud, *in_ud;
static cc_audio_begin_fn begin_next, begin_now; /* registered; in use by the open device */
static void *begin_next_ud, *begin_now_ud;
static Mix_Chunk chunks[CHANNELS];
static struct {
    cc_audio_seen_fn fn;
    void *ud;
} seen[CHANNELS];

static void ensure_mutex(void)
{
    if (!mx) mx = SDL_CreateMutex();
}

static void a_lock(void)
{
    if (mx) SDL_LockMutex(mx);
}

static void a_unlock(void)
{
    if (mx) SDL_UnlockMutex(mx);
}

static void SDLCALL premix(void *ud, Uint8 *stream, int len)
{
    (void)ud;
    memset(stream, 0, (size_t)len);
    a_lock();
    /* Until the channels exist, fill() mixes in software (mixer.h): same sound. */
    if (begin_now && out_ready) begin_now(begin_now_ud, (size_t)len / 2);
    a_unlock();
}

static void SDLCALL postmix(void *ud, Uint8 *stream, int len)
{
    (void)ud;
    a_lock();
    if (out_fill) out_fill(out_ud, (int16_t *)stream, (size_t)len / 2);
    a_unlock();
}

static void SDLCALL seen_fx(int chan, void *stream, int len, void *ud)
{
    (void)stream;
    (void)len;
    (void)ud;
    if (chan >= 0 && chan < CHANNELS && seen[chan].fn) seen[chan].fn(seen[chan].ud, chan);
}

/* SDL_mixer's channel calls crash once its device is closed: they then do nothing. */
static int ch_play(int c, const int16_t *pcm, size_t n, int loop, cc_audio_seen_fn fn, void *ud)
{
    if (!out_open || c < 0 || c >= CHANNELS || n == 0 || n > UINT32_MAX / 2) return -1;
    Mix_HaltChannel(c); /* removes the last sound's effect too */
    chunks[c] = (Mix_Chunk){0, (Uint8 *)pcm, (Uint32)(n * 2), MIX_MAX_VOLUME};
    seen[c].fn = fn;
    seen[c].ud = ud;
    if (Mix_PlayChannel(c, &chunks[c], loop ? -1 : 0) != c) return -1;
    if (fn) Mix_RegisterEffect(c, seen_fx, NULL, NULL);
    return 0;
}

static void ch_stop(int c)
{
    if (out_open && c >= 0 && c < CHANNELS) Mix_HaltChannel(c);
}

static void ch_volume(int c, int v)
{
    if (out_open && c >= 0 && c < CHANNELS) Mix_Volume(c, v);
}

static void ch_pause(int c, int p)
{
    if (!out_open || c < 0 || c >= CHANNELS) return;
    if (p) Mix_Pause(c);
    else Mix_Resume(c);
}

static const cc_audio_channels sdl_channels = {CHANNELS, ch_play, ch_stop, ch_volume, ch_pause};

static void set_begin(cc_audio_begin_fn fn, void *ud)
{
    if (fn) {
        begin_next = fn;
        begin_next_ud = ud;
        return;
    }
    if (begin_next_ud == ud) begin_next = NULL, begin_next_ud = NULL;
    a_lock();
    if (begin_now_ud == ud) begin_now = NULL, begin_now_ud = NULL;
    a_unlock();
}

static void close_out(void)
{
    if (!out_open) return;
    Mix_HookMusic(NULL, NULL);
    Mix_SetPostMix(NULL, NULL);
    a_lock();
    out_ready = 0;
    a_unlock();
    Mix_HaltChannel(-1);
    Mix_CloseAudio();
    out_open = 0;
    out_dev = 0;
    a_lock();
    out_fill = NULL;
    begin_now = NULL;
    begin_now_ud = NULL;
    a_unlock();
}

/* SDL_mixer keeps its device's id to itself; pausing it and knowing its removal
 * need it. Device ids are never reused while open, so the one that opened is it. */
static SDL_AudioDeviceID opened_since(const SDL_AudioStatus *before)
{
    for (SDL_AudioDeviceID id = 1; id < MAX_DEVICE_ID; id++)
        if (before[id] == SDL_AUDIO_STOPPED && SDL_GetAudioDeviceStatus(id) != SDL_AUDIO_STOPPED &&
            id != in_dev)
            return id;
    return 0;
}

static int open_out(int rate, cc_audio_fill_fn fill, void *ud, char *err, size_t errlen)
{
    cc_audio_begin_fn b = begin_next;
    void *bud = begin_next_ud;
    begin_next = NULL;
    begin_next_ud = NULL;
    if (out_open) {
        /* SDL_mixer has one device: whoever opened it closes it. */
        snprintf(err, errlen, "the sound output is already in use by this program");
        return -1;
    }
    ensure_mutex();
    if (!SDL_WasInit(SDL_INIT_AUDIO)) {
        snprintf(err, errlen, "no audio driver: %s", SDL_GetError());
        return -1;
    }
    SDL_AudioStatus before[MAX_DEVICE_ID];
    for (SDL_AudioDeviceID id = 0; id < MAX_DEVICE_ID; id++) before[id] = SDL_GetAudioDeviceStatus(id);
    a_lock();
    out_fill = fill;
    out_ud = ud;
    begin_now = b;
    begin_now_ud = bud;
    a_unlock();
    /* Exactly this format (no allowed changes: SDL converts for the hardware): the
     * samples mixed are the call clock, and the call's PCM is in it already. 512
     * samples at 16 kHz is 32 ms: the clock's step and the delay from a key press
     * to the sound it causes. The hooks go first: SDL_mixer starts the device as it
     * opens it, and a buffer mixed without them would be played but not counted. */
    Mix_HookMusic(premix, NULL);
    Mix_SetPostMix(postmix, NULL);
    if (Mix_OpenAudioDevice(rate, AUDIO_S16SYS, 1, 512, NULL, 0) != 0) {
        snprintf(err, errlen, "%s", Mix_GetError());
        a_lock();
        out_fill = NULL;
        begin_now = NULL;
        a_unlock();
        return -1;
    }
    out_open = 1;
    out_dev = opened_since(before);
    Mix_AllocateChannels(CHANNELS);
    a_lock();
    out_ready = 1;
    a_unlock();
    return 0;
}

static void pause_out(int paused)
{
    if (out_dev) SDL_PauseAudioDevice(out_dev, paused);
}

static void SDLCALL in_cb(void *ud, Uint8 *stream, int len)
{
    (void)ud;
    a_lock();
    if (in_take) in_take(in_ud, (const int16_t *)stream, (size_t)len / 2);
    a_unlock();
}

static int open_in(int rate, cc_audio_take_fn take, void *ud, char *err, size_t errlen)
{
    ensure_mutex();
    if (!SDL_WasInit(SDL_INIT_AUDIO)) {
        snprintf(err, errlen, "no audio driver: %s", SDL_GetError());
        return -1;
    }
    a_lock();
    in_take = take;
    in_ud = ud;
    a_unlock();
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 512;
    want.callback = in_cb;
    /* Exactly this format: the capture is fed to the recogniser as 16 kHz mono. */
    in_dev = SDL_OpenAudioDevice(NULL, 1, &want, &have, 0);
    if (!in_dev) {
        snprintf(err, errlen, "%s", SDL_GetError());
        return -1;
    }
    SDL_PauseAudioDevice(in_dev, 0);
    return 0;
}

static void close_in(void)
{
    if (in_dev) SDL_CloseAudioDevice(in_dev);
    in_dev = 0;
}

int cc_audio_sdl_is_ours(unsigned which, int capture)
{
    if (capture) return in_dev && which == in_dev;
    /* Only one playback device is ever open: the removal of any is of ours. */
    return out_open && (!out_dev || which == out_dev);
}

const cc_audio cc_audio_sdl = {"sdl_mixer", open_out, close_out, pause_out, open_in,
                               close_in,    a_lock,   a_unlock,  &sdl_channels, set_begin};
