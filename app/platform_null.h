/* platform_null: the platform with no window and no devices, for tests.
 *
 * Contract: init() succeeds; drawing does nothing but counts text calls and
 * keeps the text of the last frame (so a test can check what a screen says);
 * text is measured as 8 px a byte and 18 px a line. Events come from a queue
 * the test fills; the clock and the audio devices move only when the test
 * says so. open_out()/open_in() succeed unless the test made them fail. */
#ifndef CC_PLATFORM_NULL_H
#define CC_PLATFORM_NULL_H

#include "platform.h"

void cc_null_reset(void);
void cc_null_push(const cc_ev *ev);
void cc_null_push_key(cc_key key, int ch);
void cc_null_set_ticks(uint64_t ms);
void cc_null_fail_devices(int fail_out, int fail_in);
/* Runs the output callback for n samples (the audio clock moves n samples). */
void cc_null_pump_out(size_t n);
/* Hands n capture samples to the input callback. */
void cc_null_feed_in(const int16_t *s, size_t n);
int cc_null_out_open(void);
int cc_null_in_open(void);
/* Every string drawn in the last frame, joined by '\n'. */
const char *cc_null_frame_text(void);

#endif
