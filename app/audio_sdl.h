/* audio_sdl: what the SDL platform's event loop asks of the SDL audio half (audio.h). */
#ifndef CC_AUDIO_SDL_H
#define CC_AUDIO_SDL_H

/* 1 when SDL's "audio device removed" event for device `which` is about one of ours.
 * Main thread. */
int cc_audio_sdl_is_ours(unsigned which, int capture);

#endif
