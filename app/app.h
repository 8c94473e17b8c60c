/* app: the desktop simulator's state and its screens.
 *
 * Contract: cc_app_run() drives one session of the desktop app on a platform
 * (platform.h) and returns a <sysexits.h> code. Screens follow the
 * raylib-game-template shape, one file each: load() when the screen appears,
 * update() for an input event (or NULL for time passing) and never drawing,
 * draw() and never changing state, unload() pairing load(). A screen asks to
 * leave by setting app->next. Screens decide nothing about the call: they ask
 * the engine (through live.h) and show what it says.
 *
 * cc_app holds only what the screens share (platform, options, prefs, theme,
 * catalog, the scenario chosen, the trainee's voice). Each screen keeps its
 * own state in its file (screen_*.h, for that file and its tests) and hands
 * off through a function (cc_feedback_show, cc_callscreen_retry), never by
 * writing another screen's fields. One app per process: the screens' state
 * is their files' own, as in the raylib game template. Threads: the UI
 * thread only. */
#ifndef CC_APP_H
#define CC_APP_H

#include <stdint.h>

#include "catalog.h"
#include "keys.h"
#include "live.h"
#include "platform.h"
#include "prefs.h"
#include "recording.h"

typedef enum {
    CC_SCREEN_SIGNIN,
    CC_SCREEN_PICKER,
    CC_SCREEN_CALL,
    CC_SCREEN_FEEDBACK,
    CC_SCREEN_PROGRESS,
    CC_SCREEN_BRIEFING,
    CC_SCREEN_COUNT,
    CC_SCREEN_QUIT = CC_SCREEN_COUNT
} cc_screen_id;

typedef struct {
    const char *scenario;       /* --scenario / positional: go straight to it */
    const char *standard;
    const char *trainee;        /* --trainee: skip signing in */
    int mode;                   /* cc_mode, or -1 when not given */
    uint64_t seed;
    int seed_given;
    const char *keys;           /* --keys script */
    const char *json_out;
    const char *screenshot_dir;
    int exit_after_call;
    double font_scale;          /* 0: not given */
    int high_contrast;          /* -1: not given */
    int type_answers;           /* type even with a microphone */
    int mute;                   /* no sound out (captions only) */
    int demo;                   /* --demo: a synthetic trainee plays the call (live.h) */
    int no_briefing;            /* --no-briefing: the phone rings at once */
} cc_app_options;

typedef struct {
    cc_rgba bg, panel, panel2, text, dim, accent, focus, on_accent, good, bad, lamp_off, lamp_ring,
        lamp_live, lamp_hold, warn_bg, warn_text;
} cc_theme;

typedef struct cc_app {
    const cc_platform *plat;
    cc_app_options opt;
    cc_prefs prefs;
    char *pref_dir;             /* NULL: nothing is remembered */
    cc_theme theme;
    cc_catalog *catalog;
    char bundled_dir[4096];     /* the bundled scenarios/ folder (course.yaml lives there) */
    int chosen;                 /* catalog index of the scenario being played */
    cc_keys *keys;
    cc_screen_id screen, next;
    uint64_t screen_start;      /* platform ms when the screen appeared */
    int shot_taken[CC_SCREEN_COUNT];
    int exit_code;
    char notice[512];           /* one-line message shown at the bottom, e.g. a save failure */
    int w, h;                   /* logical window size */
    /* The trainee's voice as the recogniser heard it in earlier calls of this session
     * (voice/asr.h cc_asr_mean), so the first answer of the next call is heard as the
     * others; for voice_mean_of only. */
    cc_asr_mean voice_mean;
    char voice_mean_of[64];

} cc_app;

int cc_app_run(const cc_platform *plat, const cc_app_options *opt);

/* Current time on the screen's clock in seconds: the call clock on the call
 * screen (plus the wall time the call spent paused, so a script can go on
 * while the call waits), else the time since the screen appeared (the --keys
 * clock). */
double cc_app_screen_clock(const cc_app *a);
void cc_app_set_theme(cc_app *a, int high_contrast);
void cc_app_set_font_scale(cc_app *a, double scale);
/* Global keys every screen shares (text size, contrast); 1 when consumed. */
int cc_app_global_key(cc_app *a, const cc_ev *ev);
void cc_app_save_prefs(cc_app *a);
/* Where a chosen call starts: its briefing, or the ringing phone with --no-briefing. */
cc_screen_id cc_app_call_screen(const cc_app *a);

/* Recording and history (issue 5) and live reload (issue 6), called by the
 * loop and by tests on a hand-built cc_app (pref_dir set to a folder):
 * interrupted calls recovered into a->notice; each catalog entry's best score
 * from the history for a->prefs.name; the catalog's files looked at again
 * (about once a second), the first error or reload shown in a->notice, and
 * replaced versions no live call holds freed. */
void cc_app_recover(cc_app *a);
void cc_app_refresh_best(cc_app *a);
int cc_app_poll_files(cc_app *a);

/* The screens. */
void cc_signin_load(cc_app *a);
void cc_signin_update(cc_app *a, const cc_ev *ev);
void cc_signin_draw(cc_app *a);
void cc_signin_unload(cc_app *a);

void cc_picker_load(cc_app *a);
void cc_picker_update(cc_app *a, const cc_ev *ev);
void cc_picker_draw(cc_app *a);
void cc_picker_unload(cc_app *a);

void cc_callscreen_load(cc_app *a);
void cc_callscreen_update(cc_app *a, const cc_ev *ev);
void cc_callscreen_draw(cc_app *a);
void cc_callscreen_unload(cc_app *a);
/* Hands the call screen a retry the feedback screen made from a turn (owned
 * by the call screen from here) and asks for that screen. */
void cc_callscreen_retry(cc_app *a, cc_live *retry);
/* The call playing (NULL when none) and where it is being recorded (NULL
 * when not): owned by the call screen. */
cc_live *cc_callscreen_live(void);
cc_recording *cc_callscreen_recording(void);
/* The --keys script's clock on the call screen: the call clock plus the wall
 * time the call spent paused (a script waiting to choose "go on typed" would
 * otherwise wait for ever); 0 when there is no call. count_pause starts or
 * ends counting a pause, once per loop. */
int cc_callscreen_script_ms(const cc_app *a, int64_t *ms);
void cc_callscreen_count_pause(cc_app *a);

void cc_feedback_load(cc_app *a);
void cc_feedback_update(cc_app *a, const cc_ev *ev);
void cc_feedback_draw(cc_app *a);
void cc_feedback_unload(cc_app *a);
/* Hands the feedback screen a finished call and where it was saved (or why
 * not; either may be NULL), owned by the feedback screen from here, and asks
 * for that screen. */
void cc_feedback_show(cc_app *a, cc_live *call, cc_recording *recording);
/* The call shown (NULL when none), owned by the feedback screen. */
cc_live *cc_feedback_live(void);

void cc_briefing_load(cc_app *a);
void cc_briefing_update(cc_app *a, const cc_ev *ev);
void cc_briefing_draw(cc_app *a);
void cc_briefing_unload(cc_app *a);
/* The briefing's panel (also the call screen's overlay) at x, y in width w:
 * cc_briefing_paragraphs() paragraphs, drawn from the skip-th on, as many as fit in height h (the first
 * always); *more (if not NULL) says whether some were left out. Returns the
 * height used; with draw 0 it only measures. */
int cc_briefing_paragraphs(const cc_app *a, const cc_standard *std, const cc_scenario *scn);
int cc_briefing_panel(cc_app *a, const cc_standard *std, const cc_scenario *scn, int typed, int x,
                      int y, int w, int h, int skip, int *more, int draw);

void cc_progress_load(cc_app *a);
void cc_progress_update(cc_app *a, const cc_ev *ev);
void cc_progress_draw(cc_app *a);
void cc_progress_unload(cc_app *a);

#endif
