/* audio_null: see audio_null.h. */
#define _POSIX_C_SOURCE 200809L
#include "audio_null.h"

#include <stdio.h>

static int fail_out, fail_in, out_open, in_open;
static cc_audio_fill_fn fill;
static cc_audio_take_fn take;
static void *fill_ud, *take_ud;

void cc_null_audio_reset(void) { fail_out = fail_in = out_open = in_open = 0; }

void cc_null_fail_devices(int out, int in)
{
    fail_out = out;
    fail_in = in;
}

void cc_null_pump_out(size_t n)
{
    if (!out_open || !fill) return;
    int16_t buf[512];
    while (n > 0) {
        size_t k = n < 512 ? n : 512;
        fill(fill_ud, buf, k);
        n -= k;
    }
}

void cc_null_feed_in(const int16_t *s, size_t n)
{
    if (in_open && take) take(take_ud, s, n);
}

int cc_null_out_open(void) { return out_open; }
int cc_null_in_open(void) { return in_open; }

static int n_open_out(int rate, cc_audio_fill_fn f, void *ud, char *err, size_t errlen)
{
    if (fail_out) {
        snprintf(err, errlen, "no output device (test)");
        return -1;
    }
    fill = f;
    fill_ud = ud;
    out_open = 1;
    return 0;
}
static void n_close_out(void) { out_open = 0; }
static void n_pause(int p) {}
static int n_open_in(int rate, cc_audio_take_fn t, void *ud, char *err, size_t errlen)
{
    if (fail_in) {
        snprintf(err, errlen, "no capture device (test)");
        return -1;
    }
    take = t;
    take_ud = ud;
    in_open = 1;
    return 0;
}
static void n_close_in(void) { in_open = 0; }
static void n_lock(void) {}
static void n_unlock(void) {}
static void n_set_begin(cc_audio_begin_fn fn, void *ud) {}

const cc_audio cc_audio_null = {"null",     n_open_out, n_close_out, n_pause, n_open_in,
                                n_close_in, n_lock,     n_unlock,    NULL,    n_set_begin};
