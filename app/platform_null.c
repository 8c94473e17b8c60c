/* platform_null: see platform_null.h. */
#define _POSIX_C_SOURCE 200809L
#include "platform_null.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE 256

static cc_ev queue[QUEUE];
static size_t qhead, qtail;
static uint64_t ticks;
static char frame[16384];
static size_t frame_len;

void cc_null_reset(void)
{
    qhead = qtail = 0;
    ticks = 0;
    cc_null_audio_reset();
    frame_len = 0;
    frame[0] = '\0';
}

void cc_null_push(const cc_ev *ev)
{
    if (qtail - qhead < QUEUE) queue[qtail++ % QUEUE] = *ev;
}

void cc_null_push_key(cc_key key, int ch)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = key, .ch = ch};
    cc_null_push(&ev);
}

void cc_null_set_ticks(uint64_t ms) { ticks = ms; }
const char *cc_null_frame_text(void) { return frame; }

static int n_init(int w, int h, const char *title, char *err, size_t errlen) { return 0; }
static void n_shutdown(void)
{
    cc_audio_null.close_out();
    cc_audio_null.close_in();
}

static int n_wait(cc_ev *ev, int timeout_ms)
{
    if (qhead == qtail) return 0;
    *ev = queue[qhead++ % QUEUE];
    return 1;
}

static uint64_t n_ticks(void) { return ticks; }
static void n_begin(cc_rgba bg)
{
    frame_len = 0;
    frame[0] = '\0';
}
static void n_fill(int x, int y, int w, int h, cc_rgba c) {}
static int n_text(cc_font f, int x, int y, cc_rgba c, const char *s)
{
    size_t n = strlen(s);
    if (frame_len + n + 2 < sizeof frame) {
        memcpy(frame + frame_len, s, n);
        frame_len += n;
        frame[frame_len++] = '\n';
        frame[frame_len] = '\0';
    }
    return (int)n * 8;
}
static void n_size(cc_font f, const char *s, int *w, int *h)
{
    if (w) *w = s ? (int)strlen(s) * 8 : 0;
    if (h) *h = 18;
}
static int n_line(cc_font f) { return 18; }
static void n_scale(double s) {}
static void n_present(void) {}
static int n_shot(const char *path, char *err, size_t errlen)
{
    snprintf(err, errlen, "the null platform has no pixels");
    return -1;
}
static char *n_pref(void) { return NULL; }
/* The audio entries are audio_null's (the table predates audio.h). */
static int n_open_out(int rate, cc_audio_fill_fn f, void *ud, char *err, size_t errlen)
{
    return cc_audio_null.open_out(rate, f, ud, err, errlen);
}
static int n_open_in(int rate, cc_audio_take_fn t, void *ud, char *err, size_t errlen)
{
    return cc_audio_null.open_in(rate, t, ud, err, errlen);
}
static void n_close_out(void) { cc_audio_null.close_out(); }
static void n_pause(int p) { cc_audio_null.pause_out(p); }
static void n_close_in(void) { cc_audio_null.close_in(); }
static void n_lock(void) { cc_audio_null.lock(); }
static void n_unlock(void) { cc_audio_null.unlock(); }

const cc_platform cc_platform_null = {
    "null",  n_init,    n_shutdown, n_wait, n_ticks,    n_begin,     n_fill,
    n_text,  n_size,    n_line,     n_scale, n_present, n_shot,      n_pref,
    n_open_out, n_close_out, n_pause, n_open_in, n_close_in, n_lock, n_unlock,
    &cc_audio_null,
};
