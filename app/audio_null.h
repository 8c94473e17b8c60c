/* audio_null: the audio half of the null platform (audio.h), for tests.
 *
 * Contract: no devices. open_out()/open_in() succeed unless the test made them fail;
 * the audio clock moves only when the test pumps the output. There are no channels:
 * the call's sound is mixed in software (mixer.h), as before SDL_mixer. Single-threaded
 * (the test's thread runs the callbacks), so lock() does nothing. */
#ifndef CC_AUDIO_NULL_H
#define CC_AUDIO_NULL_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"

void cc_null_audio_reset(void);
void cc_null_fail_devices(int fail_out, int fail_in);
/* Runs the output callback for n samples (the audio clock moves n samples). */
void cc_null_pump_out(size_t n);
/* Hands n capture samples to the input callback. */
void cc_null_feed_in(const int16_t *s, size_t n);
int cc_null_out_open(void);
int cc_null_in_open(void);

#endif
