/* app: the desktop simulator's state and its screens.
 *
 * Contract: cc_app_run() drives one session of the desktop app on a platform
 * (platform.h) and returns a <sysexits.h> code. Screens follow the
 * raylib-game-template shape, one file each: load() when the screen appears,
 * update() for an input event (or NULL for time passing) and never drawing,
 * draw() and never changing state, unload() pairing load(). A screen asks to
 * leave by setting app->next. Screens decide nothing about the call: they ask
 * the engine (through live.h) and show what it says. */
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

    /* screen state */
    struct {
        char name[64];
        int focus;              /* 0 name, 1 mode, 2 answers, 3 text size, 4 contrast, 5 start */
        cc_mode mode;
        int typed;              /* answers typed, not spoken */
        char error[128];
    } signin;
    struct {
        int focus;              /* catalog index */
        int top;                /* first row shown */
    } picker;
    struct {
        struct cc_briefing_view *view; /* screen_briefing.c's own */
    } briefing;
    struct {
        cc_live *live;
        char error[512];
        int transfer_open;
        char transfer[16];
        int answer_open;
        char answer[512];
        int show_model;
        int briefing_open;      /* the scenario's briefing shown over the captions */
        int briefing_top;       /* its first paragraph shown (Up/Down) */
        char tip[160];          /* why a key did nothing, shown until tip_until */
        uint64_t tip_until;
        int said_no_speaker;    /* the "captions only" notice was given */
        int said_no_mic;        /* the "type your answers" line was printed */
        int result_written;
        cc_recording *recording; /* handed to the feedback screen with the live call */
        /* The call clock stops while the call is paused (microphone lost); the
         * --keys script must still be able to choose, so its clock adds the
         * wall time spent paused (cc_app_screen_clock). */
        int script_paused;       /* a pause is being counted */
        uint64_t pause_wall_ms;  /* platform ms when it began */
        uint64_t paused_ms;      /* the pauses before it, in total */
    } call;
    struct {
        cc_live *live;          /* handed over by the call screen: the record and result */
        cc_recording *recording;/* handed over too: where the call was saved, or why not */
        /* The focused control, in Tab order: the timeline, the checklist, the buttons. */
        enum cc_fb_control {
            CC_FB_TIMELINE, CC_FB_CHECKLIST, CC_FB_PLAY_CALL, CC_FB_PLAY_TURN, CC_FB_PLAY_CURSOR,
            CC_FB_STOP, CC_FB_MODEL, CC_FB_RETRY, CC_FB_PROGRESS, CC_FB_SAVE, CC_FB_ANOTHER,
            CC_FB_COUNT
        } focus;
        int row;                /* the checklist row chosen */
        int top;                /* first checklist row shown */
        int64_t cursor_ms;      /* the timeline cursor, on the call clock */
        struct cc_player *player; /* NULL: no sound output (status says why) */
        struct cc_tts *tts;     /* the model answers' voice, made on first use */
        struct cc_fb_view *view;/* what load() worked out: rows, marks, spans, lane peaks */
        int save_open;          /* typing a folder to save the call in (2: opened by the E
                                 * key, whose own text event is still to come) */
        char save_dir[1024];
        char status[512];       /* what is playing, or what just failed */
    } feedback;
    struct {
        int focus;              /* 0 the chart, 1 the rules, 2 the drill, 3 export mine
                                 * (the group's reports are the trainer's: callcoach-report) */
        int top;                /* first scenario shown in the chart's legend */
        struct cc_progress_view *view; /* what load() read from the history */
        int export_open;        /* typing the folder to export into (2: opened by the X
                                 * key, whose own text event is still to come) */
        char export_dir[1024];
        char export_status[1024]; /* where the reports were written, or why not */
    } progress;
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

void cc_feedback_load(cc_app *a);
void cc_feedback_update(cc_app *a, const cc_ev *ev);
void cc_feedback_draw(cc_app *a);
void cc_feedback_unload(cc_app *a);

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
