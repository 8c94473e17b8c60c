/* platform_null: the platform with no window and no devices, for tests.
 *
 * Contract: init() succeeds; drawing does nothing but counts text calls and
 * keeps the text of the last frame (so a test can check what a screen says);
 * text is measured as 8 px a byte and 18 px a line. Events come from a queue
 * the test fills; the clock and the audio devices move only when the test
 * says so. Its audio is audio_null's (audio_null.h). */
#ifndef CC_PLATFORM_NULL_H
#define CC_PLATFORM_NULL_H

#include "audio_null.h"
#include "platform.h"

void cc_null_reset(void);
void cc_null_push(const cc_ev *ev);
void cc_null_push_key(cc_key key, int ch);
void cc_null_set_ticks(uint64_t ms);
/* The audio devices' test functions are audio_null.h's. */
/* Every string drawn in the last frame, joined by '\n'. */
const char *cc_null_frame_text(void);

#endif
