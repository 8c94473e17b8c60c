/* platform: everything the desktop app needs from the machine, behind one
 * table of functions (in the style of BrogueCE's platform.h), so screens and
 * the call driver never name SDL. Two implementations:
 *   platform_sdl.c  window, software renderer, SDL_ttf text; its sound is
 *                   audio_sdl.c (SDL_mixer out, SDL capture in)
 *   platform_null.c no window and no devices: the tests' platform; its events,
 *                   clock and audio (audio_null.c) are driven by the test.
 * The sound half is also its own interface (audio.h), which needs no window.
 *
 * Contract.
 * - Coordinates are pixels of a fixed logical window (cc_plat_size()); colours
 *   are RGBA. Drawing happens between begin_frame() and present().
 * - Text is UTF-8; text() returns the width drawn. Fonts are picked by role;
 *   set_font_scale() resizes all of them (TTF_SetFontSize), so layouts must
 *   ask line_height()/text_size() rather than assume sizes.
 * - Events: wait_event() returns 1 with an event, 0 on timeout. Keys arrive as
 *   CC_EV_KEY; printable input also arrives as CC_EV_TEXT, the way SDL gives
 *   both: a screen with a focused text field takes CC_EV_TEXT and ignores
 *   character keys.
 * - Audio: see audio.h (open_out, open_in, lock and unlock are audio's).
 * - A microphone or speaker unplugged while open is reported once as
 *   CC_EV_MIC_LOST / CC_EV_SPEAKER_LOST; the callbacks are not called after.
 */
#ifndef CC_PLATFORM_H
#define CC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "audio.h"

typedef struct {
    uint8_t r, g, b, a;
} cc_rgba;

typedef enum {
    CC_FONT_BODY, /* running text */
    CC_FONT_BOLD, /* labels, titles of items */
    CC_FONT_BIG,  /* screen titles, the score */
    CC_FONT_MONO, /* the phone's display, timers */
    CC_FONT_COUNT
} cc_font;

typedef enum {
    CC_EV_NONE,
    CC_EV_QUIT,         /* window closed */
    CC_EV_KEY,          /* key pressed: key, ch, mods */
    CC_EV_TEXT,         /* text typed (UTF-8) */
    CC_EV_TYPE,         /* automation: text typed into the screen's text box, opening it if needed */
    CC_EV_MIC_LOST,     /* the capture device went away */
    CC_EV_SPEAKER_LOST  /* the playback device went away */
} cc_ev_kind;

typedef enum {
    CC_KEY_NONE,
    CC_KEY_CHAR, /* a letter or digit: ch holds it in lower case */
    CC_KEY_SPACE,
    CC_KEY_ENTER,
    CC_KEY_ESC,
    CC_KEY_TAB,
    CC_KEY_BACKSPACE,
    CC_KEY_UP,
    CC_KEY_DOWN,
    CC_KEY_LEFT,
    CC_KEY_RIGHT,
    CC_KEY_PLUS,  /* '+' or '=' (zoom in with Ctrl) */
    CC_KEY_MINUS,
    CC_KEY_F1,
    CC_KEY_F2,
    CC_KEY_F3,
    CC_KEY_F4
} cc_key;

enum { CC_MOD_SHIFT = 1, CC_MOD_CTRL = 2, CC_MOD_ALT = 4 };

typedef struct {
    cc_ev_kind kind;
    cc_key key;
    int ch;
    int mods;
    char text[256];
} cc_ev;


typedef struct cc_platform {
    const char *name;
    /* Window and renderer; -1 with err when there is no display. */
    int (*init)(int w, int h, const char *title, char *err, size_t errlen);
    void (*shutdown)(void);
    int (*wait_event)(cc_ev *ev, int timeout_ms);
    uint64_t (*ticks_ms)(void);

    void (*begin_frame)(cc_rgba bg);
    void (*fill_rect)(int x, int y, int w, int h, cc_rgba c);
    int (*text)(cc_font f, int x, int y, cc_rgba c, const char *utf8);
    void (*text_size)(cc_font f, const char *utf8, int *w, int *h);
    int (*line_height)(cc_font f);
    void (*set_font_scale)(double scale);
    void (*present)(void);
    /* PNG of what was last presented; -1 with err. */
    int (*screenshot)(const char *path, char *err, size_t errlen);
    /* The user's data folder (with a trailing '/'), malloc'd; NULL if none. */
    char *(*pref_path)(void);

    /* The sound: these entries are the same as audio's (audio.h), kept here for the
     * code that drives the platform as one table. */
    int (*open_out)(int rate, cc_audio_fill_fn fill, void *ud, char *err, size_t errlen);
    void (*close_out)(void);
    void (*pause_out)(int paused);
    int (*open_in)(int rate, cc_audio_take_fn take, void *ud, char *err, size_t errlen);
    void (*close_in)(void);
    void (*lock)(void);
    void (*unlock)(void);
    const cc_audio *audio; /* the sound half on its own: audio_sdl or audio_null */
} cc_platform;

extern const cc_platform cc_platform_sdl;
extern const cc_platform cc_platform_null;

#endif
