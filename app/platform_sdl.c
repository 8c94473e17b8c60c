/* platform_sdl: the platform table on SDL2, SDL_ttf and SDL_image.
 *
 * The renderer is always SDL's software renderer: the interface is a few
 * rectangles and text, which it draws easily, and it gives the same pixels
 * under X11, Xvfb, offscreen and dummy, which is what the screenshot tests
 * compare against. Text is rendered anti-aliased (blended) per draw call;
 * a frame holds a few dozen strings, well within budget at 30 frames/s.
 * The sound is audio_sdl.c's; this file only forwards the table's audio entries. */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "audio_sdl.h"
#include "platform.h"

#ifndef CC_FONT_DIR
#define CC_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

static SDL_Window *win;
static SDL_Renderer *ren;
static TTF_Font *fonts[CC_FONT_COUNT];
static const int font_base[CC_FONT_COUNT] = {17, 17, 28, 17};
static const char *const font_file[CC_FONT_COUNT] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                     "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"};
static int video_up;

static void set_err(char *err, size_t n, const char *what)
{
    snprintf(err, n, "%s: %s", what, SDL_GetError());
}

static int sdl_init(int w, int h, const char *title, char *err, size_t errlen)
{
    /* Audio is initialised here too so device-removal events reach the queue. */
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        set_err(err, errlen, "no display");
        return -1;
    }
    /* With no display SDL may fall back to a driver that shows nothing; only
     * someone who asked for it (tests: SDL_VIDEODRIVER=dummy) wants a window
     * nobody can see. */
    const char *drv = SDL_GetCurrentVideoDriver();
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (drv && (!asked || !*asked) &&
        (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0 || strcmp(drv, "evdev") == 0)) {
        snprintf(err, errlen, "there is no display (SDL found only its %s video driver)", drv);
        video_up = 1;
        return -1;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        /* No audio driver at all: the app runs with captions and typing. */
        SDL_ClearError();
    }
    video_up = 1;
    if (TTF_Init() != 0) {
        set_err(err, errlen, "cannot start the font renderer");
        return -1;
    }
    for (int i = 0; i < CC_FONT_COUNT; i++) {
        char path[512];
        const char *dir = SDL_getenv("CALLCOACH_FONT_DIR");
        snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : CC_FONT_DIR, font_file[i]);
        fonts[i] = TTF_OpenFont(path, font_base[i]);
        if (!fonts[i]) {
            snprintf(err, errlen, "cannot open the font %s: %s (install fonts-dejavu-core)", path,
                     TTF_GetError());
            return -1;
        }
        TTF_SetFontHinting(fonts[i], TTF_HINTING_LIGHT);
    }
    win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, 0);
    if (!win) {
        set_err(err, errlen, "cannot open a window");
        return -1;
    }
    ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!ren) {
        set_err(err, errlen, "cannot draw in the window");
        return -1;
    }
    SDL_RenderSetLogicalSize(ren, w, h);
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    SDL_StartTextInput();
    return 0;
}

static void sdl_shutdown(void)
{
    cc_audio_sdl.close_in();
    cc_audio_sdl.close_out();
    for (int i = 0; i < CC_FONT_COUNT; i++) {
        if (fonts[i]) TTF_CloseFont(fonts[i]);
        fonts[i] = NULL;
    }
    if (ren) SDL_DestroyRenderer(ren);
    if (win) SDL_DestroyWindow(win);
    ren = NULL;
    win = NULL;
    if (TTF_WasInit()) TTF_Quit();
    if (video_up) SDL_Quit();
    video_up = 0;
}

static cc_key map_key(SDL_Keycode k, int *ch)
{
    *ch = 0;
    switch (k) {
    case SDLK_SPACE: return CC_KEY_SPACE;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: return CC_KEY_ENTER;
    case SDLK_ESCAPE: return CC_KEY_ESC;
    case SDLK_TAB: return CC_KEY_TAB;
    case SDLK_BACKSPACE: return CC_KEY_BACKSPACE;
    case SDLK_UP: return CC_KEY_UP;
    case SDLK_DOWN: return CC_KEY_DOWN;
    case SDLK_LEFT: return CC_KEY_LEFT;
    case SDLK_RIGHT: return CC_KEY_RIGHT;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS: return CC_KEY_PLUS;
    case SDLK_MINUS:
    case SDLK_KP_MINUS: return CC_KEY_MINUS;
    case SDLK_F1: return CC_KEY_F1;
    case SDLK_F2: return CC_KEY_F2;
    case SDLK_F3: return CC_KEY_F3;
    case SDLK_F4: return CC_KEY_F4;
    default: break;
    }
    if ((k >= 'a' && k <= 'z') || (k >= '0' && k <= '9')) {
        *ch = (int)k;
        return CC_KEY_CHAR;
    }
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) {
        *ch = '1' + (int)(k - SDLK_KP_1);
        return CC_KEY_CHAR;
    }
    if (k == SDLK_KP_0) {
        *ch = '0';
        return CC_KEY_CHAR;
    }
    return CC_KEY_NONE;
}

static int translate(const SDL_Event *e, cc_ev *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT: ev->kind = CC_EV_QUIT; return 1;
    case SDL_KEYDOWN: {
        ev->key = map_key(e->key.keysym.sym, &ev->ch);
        if (ev->key == CC_KEY_NONE) return 0;
        ev->kind = CC_EV_KEY;
        SDL_Keymod m = e->key.keysym.mod;
        ev->mods = ((m & KMOD_SHIFT) ? CC_MOD_SHIFT : 0) | ((m & KMOD_CTRL) ? CC_MOD_CTRL : 0) |
                   ((m & KMOD_ALT) ? CC_MOD_ALT : 0);
        return 1;
    }
    case SDL_TEXTINPUT:
        ev->kind = CC_EV_TEXT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return 1;
    case SDL_AUDIODEVICEREMOVED:
        if (!cc_audio_sdl_is_ours(e->adevice.which, e->adevice.iscapture)) return 0;
        ev->kind = e->adevice.iscapture ? CC_EV_MIC_LOST : CC_EV_SPEAKER_LOST;
        return 1;
    default: return 0;
    }
}

static int sdl_wait_event(cc_ev *ev, int timeout_ms)
{
    SDL_Event e;
    uint64_t until = SDL_GetTicks64() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        int left = (int)(until > SDL_GetTicks64() ? until - SDL_GetTicks64() : 0);
        int got = left > 0 ? SDL_WaitEventTimeout(&e, left) : SDL_PollEvent(&e);
        if (!got) return 0;
        if (translate(&e, ev)) return 1;
    }
}

static uint64_t sdl_ticks(void) { return SDL_GetTicks64(); }

static void sdl_begin(cc_rgba bg)
{
    SDL_SetRenderDrawColor(ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(ren);
}

static void sdl_fill(int x, int y, int w, int h, cc_rgba c)
{
    SDL_Rect r = {x, y, w, h};
    SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(ren, &r);
}

static int sdl_text(cc_font f, int x, int y, cc_rgba c, const char *s)
{
    if (!s || !*s || !fonts[f]) return 0;
    SDL_Color col = {c.r, c.g, c.b, c.a};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(fonts[f], s, col);
    if (!surf) return 0;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(ren, surf);
    int w = surf->w;
    if (tex) {
        SDL_Rect dst = {x, y, surf->w, surf->h};
        SDL_RenderCopy(ren, tex, NULL, &dst);
        SDL_DestroyTexture(tex);
    }
    SDL_FreeSurface(surf);
    return w;
}

static void sdl_text_size(cc_font f, const char *s, int *w, int *h)
{
    int tw = 0, th = 0;
    if (fonts[f] && s && *s) TTF_SizeUTF8(fonts[f], s, &tw, &th);
    else if (fonts[f]) th = TTF_FontLineSkip(fonts[f]);
    if (w) *w = tw;
    if (h) *h = th;
}

static int sdl_line_height(cc_font f) { return fonts[f] ? TTF_FontLineSkip(fonts[f]) : 16; }

static void sdl_font_scale(double scale)
{
    for (int i = 0; i < CC_FONT_COUNT; i++)
        if (fonts[i]) TTF_SetFontSize(fonts[i], (int)(font_base[i] * scale + 0.5));
}

static void sdl_present(void) { SDL_RenderPresent(ren); }

static int sdl_screenshot(const char *path, char *err, size_t errlen)
{
    int w, h;
    SDL_GetRendererOutputSize(ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
    if (!s) {
        set_err(err, errlen, "out of memory for the screenshot");
        return -1;
    }
    int rc = SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ABGR8888, s->pixels, s->pitch);
    if (rc == 0) rc = IMG_SavePNG(s, path);
    if (rc != 0) snprintf(err, errlen, "cannot save %s: %s", path, SDL_GetError());
    SDL_FreeSurface(s);
    return rc == 0 ? 0 : -1;
}

static char *sdl_pref_path(void) { return SDL_GetPrefPath("", "callcoach"); }

/* The audio entries are audio_sdl's (the table predates audio.h). */
static int sdl_open_out(int rate, cc_audio_fill_fn fill, void *ud, char *err, size_t errlen)
{
    return cc_audio_sdl.open_out(rate, fill, ud, err, errlen);
}
static int sdl_open_in(int rate, cc_audio_take_fn take, void *ud, char *err, size_t errlen)
{
    return cc_audio_sdl.open_in(rate, take, ud, err, errlen);
}
static void sdl_close_out(void) { cc_audio_sdl.close_out(); }
static void sdl_close_in(void) { cc_audio_sdl.close_in(); }
static void sdl_pause_out(int paused) { cc_audio_sdl.pause_out(paused); }
static void sdl_lock(void) { cc_audio_sdl.lock(); }
static void sdl_unlock(void) { cc_audio_sdl.unlock(); }

const cc_platform cc_platform_sdl = {
    "sdl",          sdl_init,      sdl_shutdown,   sdl_wait_event, sdl_ticks,
    sdl_begin,      sdl_fill,      sdl_text,       sdl_text_size,  sdl_line_height,
    sdl_font_scale, sdl_present,   sdl_screenshot, sdl_pref_path,  sdl_open_out,
    sdl_close_out,  sdl_pause_out, sdl_open_in,    sdl_close_in,   sdl_lock,
    sdl_unlock,     &cc_audio_sdl,
};
