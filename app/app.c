/* app: the screen loop. Events (real or from the --keys script) go to the
 * screen showing; time passing is an update with no event; drawing happens
 * at most 20 times a second during a call, and only draws. */
#define _XOPEN_SOURCE 700
#include "app.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "fsutil.h"
#include "history.h"
#include "recovery.h"
#include "retention.h"

#define WIN_W 960
#define WIN_H 640
#define FRAME_MS 33
#define POLL_FILES_MS 1000

typedef struct {
    const char *name;
    void (*load)(cc_app *);
    void (*update)(cc_app *, const cc_ev *);
    void (*draw)(cc_app *);
    void (*unload)(cc_app *);
} screen_def;

static const screen_def screens[CC_SCREEN_COUNT] = {
    {"signin", cc_signin_load, cc_signin_update, cc_signin_draw, cc_signin_unload},
    {"picker", cc_picker_load, cc_picker_update, cc_picker_draw, cc_picker_unload},
    {"call", cc_callscreen_load, cc_callscreen_update, cc_callscreen_draw, cc_callscreen_unload},
    {"feedback", cc_feedback_load, cc_feedback_update, cc_feedback_draw, cc_feedback_unload},
    {"progress", cc_progress_load, cc_progress_update, cc_progress_draw, cc_progress_unload},
    {"briefing", cc_briefing_load, cc_briefing_update, cc_briefing_draw, cc_briefing_unload},
};

void cc_app_set_theme(cc_app *a, int high_contrast)
{
    a->prefs.high_contrast = high_contrast;
    if (high_contrast) {
        a->theme = (cc_theme){
            .bg = {0, 0, 0, 255},         .panel = {0, 0, 0, 255},      .panel2 = {0, 0, 0, 255},
            .text = {255, 255, 255, 255}, .dim = {235, 235, 235, 255},  .accent = {255, 255, 0, 255},
            .focus = {0, 255, 255, 255},  .on_accent = {0, 0, 0, 255},  .good = {0, 255, 0, 255},
            .bad = {255, 110, 110, 255},  .lamp_off = {90, 90, 90, 255}, .lamp_ring = {255, 255, 0, 255},
            .lamp_live = {0, 255, 0, 255}, .lamp_hold = {255, 110, 110, 255},
            .warn_bg = {0, 0, 0, 255},    .warn_text = {255, 255, 0, 255}};
    } else {
        a->theme = (cc_theme){
            .bg = {244, 245, 247, 255},   .panel = {226, 230, 236, 255}, .panel2 = {255, 255, 255, 255},
            .text = {22, 26, 33, 255},    .dim = {72, 80, 92, 255},      .accent = {28, 86, 166, 255},
            .focus = {214, 104, 0, 255},  .on_accent = {255, 255, 255, 255}, .good = {22, 116, 52, 255},
            .bad = {176, 32, 32, 255},    .lamp_off = {150, 154, 160, 255}, .lamp_ring = {232, 160, 0, 255},
            .lamp_live = {30, 150, 64, 255}, .lamp_hold = {200, 64, 40, 255},
            .warn_bg = {255, 241, 204, 255}, .warn_text = {110, 56, 0, 255}};
    }
}

void cc_app_set_font_scale(cc_app *a, double scale)
{
    if (scale < CC_FONT_SCALE_MIN) scale = CC_FONT_SCALE_MIN;
    if (scale > CC_FONT_SCALE_MAX) scale = CC_FONT_SCALE_MAX;
    a->prefs.font_scale = scale;
    a->plat->set_font_scale(scale);
}

void cc_app_save_prefs(cc_app *a)
{
    char why[256];
    if (!a->pref_dir) return;
    if (cc_prefs_save(&a->prefs, a->pref_dir, why, sizeof why) != 0)
        snprintf(a->notice, sizeof a->notice, "Settings not saved: %s.", why);
}

int cc_app_global_key(cc_app *a, const cc_ev *ev)
{
    if (ev->kind != CC_EV_KEY) return 0;
    int ctrl = ev->mods & CC_MOD_CTRL;
    if ((ctrl && ev->key == CC_KEY_PLUS) || ev->key == CC_KEY_F3) {
        cc_app_set_font_scale(a, a->prefs.font_scale + 0.25);
    } else if ((ctrl && ev->key == CC_KEY_MINUS) || ev->key == CC_KEY_F2) {
        cc_app_set_font_scale(a, a->prefs.font_scale - 0.25);
    } else if (ev->key == CC_KEY_F4) {
        cc_app_set_theme(a, !a->prefs.high_contrast);
    } else {
        return 0;
    }
    cc_app_save_prefs(a);
    return 1;
}

cc_screen_id cc_app_call_screen(const cc_app *a)
{
    return a->opt.no_briefing ? CC_SCREEN_CALL : CC_SCREEN_BRIEFING;
}

double cc_app_screen_clock(const cc_app *a)
{
    int64_t ms;
    if (a->screen == CC_SCREEN_CALL && cc_callscreen_script_ms(a, &ms)) return (double)ms / 1000.0;
    return (double)(a->plat->ticks_ms() - a->screen_start) / 1000.0;
}

static void shoot(cc_app *a)
{
    if (!a->opt.screenshot_dir || a->shot_taken[a->screen]) return;
    a->shot_taken[a->screen] = 1;
    char path[4096], why[512];
    snprintf(path, sizeof path, "%s/%s.png", a->opt.screenshot_dir, screens[a->screen].name);
    if (a->plat->screenshot(path, why, sizeof why) != 0) {
        fprintf(stderr, "callcoach: cannot save a screenshot: %s; check --screenshot-dir\n", why);
        a->exit_code = EX_CANTCREAT;
    }
}

static void draw(cc_app *a)
{
    a->plat->begin_frame(a->theme.bg);
    screens[a->screen].draw(a);
    a->plat->present();
    shoot(a);
}

void cc_app_recover(cc_app *a)
{
    char msg[sizeof a->notice];
    /* Recordings of voices are personal data: kept as long as the setting says. */
    if (a->pref_dir && a->prefs.keep_audio_days > 0) {
        cc_retention_counts n;
        char why[512];
        if (cc_retention_prune_audio(a->pref_dir, a->prefs.keep_audio_days, (int64_t)time(NULL), &n,
                                     why, sizeof why) != 0)
            fprintf(stderr, "callcoach: old recordings could not all be removed: %s\n", why);
    }
    cc_recovery_run(a->pref_dir, a->bundled_dir[0] ? a->bundled_dir : NULL, msg, sizeof msg);
    if (!msg[0]) return;
    snprintf(a->notice, sizeof a->notice, "%s", msg);
    /* Also on the terminal: the window's notice line may be cut short. */
    fprintf(stderr, "callcoach: %s\n", msg);
}

/* A history this callcoach must not touch (newer, or another program's) is
 * said before the call, not only after it: the trainee should know that the
 * calls are still kept, as session folders, and why they will not count. */
static void check_history(cc_app *a)
{
    if (!a->pref_dir) return;
    char why[1024];
    cc_history *h = NULL;
    int st = cc_history_open(a->pref_dir, CC_HISTORY_READ_ONLY, &h, why, sizeof why);
    cc_history_close(h);
    h = NULL;
    /* Written by an older callcoach: brought up to date now, so the picker and the
     * progress screen (which read only) can read it before the first call. */
    if (st == CC_HISTORY_OLDER) {
        st = cc_history_open(a->pref_dir, 0, &h, why, sizeof why);
        cc_history_close(h);
        if (st != 0) fprintf(stderr, "callcoach: %s\n", why);
    }
    if (st != CC_HISTORY_NEWER && st != CC_HISTORY_NOT_OURS) return;
    fprintf(stderr, "callcoach: %s. Your calls are still recorded and scored, each in its own "
                    "folder under %ssessions, but they are not added to the history\n",
            why, a->pref_dir);
    snprintf(a->notice, sizeof a->notice, "History not used: %.480s.", why);
}

void cc_app_refresh_best(cc_app *a)
{
    if (cc_catalog_fill_best(a->catalog, a->pref_dir, a->prefs.name) != 0 && !a->notice[0])
        snprintf(a->notice, sizeof a->notice,
                 "Best scores not shown: the history could not be read; see callcoach-report.");
}

int cc_app_poll_files(cc_app *a)
{
    char msg[sizeof a->notice];
    int n = cc_catalog_poll(a->catalog, msg, sizeof msg);
    if (msg[0]) snprintf(a->notice, sizeof a->notice, "%s", msg);
    /* What a call, its retry or the feedback screen still plays or shows. */
    const void *in_use[4];
    size_t k = 0;
    const cc_live *lives[2] = {cc_callscreen_live(), cc_feedback_live()};
    for (int i = 0; i < 2; i++)
        if (lives[i]) {
            in_use[k++] = cc_live_standard(lives[i]);
            in_use[k++] = cc_live_scenario(lives[i]);
        }
    cc_catalog_release(a->catalog, in_use, k);
    return n;
}

static void unload_screen(cc_app *a)
{
    screens[a->screen].unload(a);
}

/* A screen appears. The call screen records its call; the mode it is taken
 * in is the app's to say (prefs), so it is said here. */
static void load_screen(cc_app *a)
{
    screens[a->screen].load(a);
    if (a->screen == CC_SCREEN_CALL)
        cc_recording_describe(cc_callscreen_recording(), cc_mode_name(a->prefs.mode));
}

static void switch_screen(cc_app *a)
{
    while (a->next != a->screen && a->next != CC_SCREEN_QUIT) {
        unload_screen(a);
        a->screen = a->next;
        a->screen_start = a->plat->ticks_ms();
        cc_keys_new_clock(a->keys);
        /* The call just played may have raised a best score, or another trainee signed in. */
        if (a->screen == CC_SCREEN_PICKER) cc_app_refresh_best(a);
        load_screen(a);
    }
}

static void dispatch(cc_app *a, const cc_ev *ev)
{
    if (ev->kind == CC_EV_QUIT) {
        a->next = CC_SCREEN_QUIT;
        return;
    }
    /* Device events matter only during a call; the call screen handles them. */
    if (cc_app_global_key(a, ev)) return;
    screens[a->screen].update(a, ev);
}

static void load_catalog(cc_app *a)
{
    a->catalog = cc_catalog_create();
    if (!a->catalog) return;
    char dir[4096];
    char *bundled = cli_data_file("scenarios");
    snprintf(a->bundled_dir, sizeof a->bundled_dir, "%s", bundled ? bundled : "scenarios");
    free(bundled);
    cc_catalog_scan(a->catalog, a->bundled_dir, 0, a->opt.standard);
    if (a->pref_dir) {
        snprintf(dir, sizeof dir, "%sscenarios", a->pref_dir);
        cc_catalog_scan(a->catalog, dir, 1, a->opt.standard);
    }
    cc_catalog_sort(a->catalog);
    a->chosen = -1;
    if (a->opt.scenario) {
        char want[PATH_MAX], have[PATH_MAX];
        if (realpath(a->opt.scenario, want)) {
            for (size_t i = 0; i < a->catalog->n; i++)
                if (realpath(a->catalog->v[i].path, have) && strcmp(want, have) == 0)
                    a->chosen = (int)i;
        }
        if (a->chosen < 0) a->chosen = cc_catalog_add(a->catalog, a->opt.scenario, 1, a->opt.standard);
    }
}

/* CALLCOACH_HOME, when set, is the data folder, as for the other tools (and
 * as the store's messages advise: "choose another data folder (...
 * CALLCOACH_HOME)"); else the platform's. With the trailing slash the
 * platform's has. */
static char *env_data_dir(void)
{
    const char *env = getenv("CALLCOACH_HOME");
    if (!env || !*env) return NULL;
    size_t n = strlen(env);
    char *d = malloc(n + 2);
    if (!d) return NULL;
    memcpy(d, env, n + 1);
    if (d[n - 1] != '/') memcpy(d + n, "/", 2);
    char why[256];
    /* Made now, as the platform makes its own; if it cannot be, each write says why. */
    cc_fs_mkdirs(d, 0700, why, sizeof why);
    return d;
}

int cc_app_run(const cc_platform *plat, const cc_app_options *opt)
{
    cc_app *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "callcoach: out of memory; close other programs and try again\n");
        return EX_OSERR;
    }
    a->plat = plat;
    a->opt = *opt;
    a->w = WIN_W;
    a->h = WIN_H;
    a->exit_code = EX_OK;
    a->pref_dir = env_data_dir();
    if (!a->pref_dir) a->pref_dir = plat->pref_path();
    cc_prefs_load(&a->prefs, a->pref_dir);
    if (opt->trainee) snprintf(a->prefs.name, sizeof a->prefs.name, "%s", opt->trainee);
    if (opt->mode >= 0) a->prefs.mode = (cc_mode)opt->mode;
    if (opt->font_scale > 0) a->prefs.font_scale = opt->font_scale;
    if (opt->high_contrast >= 0) a->prefs.high_contrast = opt->high_contrast;
    if (opt->type_answers) a->prefs.typed_answers = 1;
    cc_app_set_theme(a, a->prefs.high_contrast);
    cc_app_set_font_scale(a, a->prefs.font_scale);
    if (opt->keys) {
        char why[256];
        a->keys = cc_keys_parse(opt->keys, why, sizeof why);
    }
    load_catalog(a);
    if (!a->catalog) {
        fprintf(stderr, "callcoach: out of memory; close other programs and try again\n");
        free(a->pref_dir);
        free(a);
        return EX_OSERR;
    }
    if (opt->scenario && a->chosen < 0) {
        fprintf(stderr, "callcoach: out of memory; close other programs and try again\n");
        a->exit_code = EX_OSERR;
        goto out;
    }
    if (opt->scenario && a->catalog->v[a->chosen].problem) {
        fprintf(stderr, "callcoach: cannot start the call: %s; fix the file, see callcoach-lint\n",
                a->catalog->v[a->chosen].problem);
        a->exit_code = a->catalog->v[a->chosen].std ? EX_DATAERR : EX_NOINPUT;
        if (strstr(a->catalog->v[a->chosen].problem, "cannot be read") ||
            strstr(a->catalog->v[a->chosen].problem, "No such file"))
            a->exit_code = EX_NOINPUT;
        goto out;
    }

    cc_app_recover(a);
    check_history(a);
    cc_app_refresh_best(a);
    a->screen = opt->trainee ? (opt->scenario ? cc_app_call_screen(a) : CC_SCREEN_PICKER) : CC_SCREEN_SIGNIN;
    a->next = a->screen;
    a->screen_start = plat->ticks_ms();
    load_screen(a);
    draw(a);
    uint64_t last_draw = plat->ticks_ms(), last_poll = last_draw;
    while (a->next != CC_SCREEN_QUIT) {
        /* The script's keys whose time has come, on the screen's own clock. */
        const cc_ev *k;
        for (;;) {
            if (a->screen == CC_SCREEN_CALL) cc_callscreen_count_pause(a);
            if (a->next != a->screen || !(k = cc_keys_due(a->keys, cc_app_screen_clock(a)))) break;
            cc_ev ev = *k;
            cc_keys_fired(a->keys, cc_app_screen_clock(a));
            dispatch(a, &ev);
        }
        switch_screen(a);
        if (a->next == CC_SCREEN_QUIT) break;
        const cc_live *live = a->screen == CC_SCREEN_CALL ? cc_callscreen_live() : NULL;
        int wait = live ? cc_live_idle_ms(live) : FRAME_MS;
        double kw = cc_keys_wait(a->keys, cc_app_screen_clock(a));
        if (kw >= 0 && kw * 1000 < wait) wait = (int)(kw * 1000);
        cc_ev ev;
        int dirty = 0;
        if (plat->wait_event(&ev, wait)) {
            dispatch(a, &ev);
            dirty = 1;
            while (a->next == a->screen && plat->wait_event(&ev, 0)) dispatch(a, &ev);
        }
        if (a->next == a->screen) screens[a->screen].update(a, NULL);
        if (a->screen == CC_SCREEN_CALL) cc_callscreen_count_pause(a);
        int changed = a->next != a->screen;
        switch_screen(a);
        if (a->next == CC_SCREEN_QUIT) break;
        uint64_t now = plat->ticks_ms();
        if (now - last_poll >= POLL_FILES_MS) {
            last_poll = now;
            if (cc_app_poll_files(a) > 0) dirty = 1;
        }
        /* 20 frames a second is smooth for a level meter and leaves the cores to the
         * recogniser; other screens change only on keys (and a blinking caret). */
        int periodic = a->screen == CC_SCREEN_CALL ? 50 : 500;
        if (dirty || changed || now - last_draw >= (uint64_t)periodic) {
            draw(a);
            last_draw = now;
            /* Scripted runs end once the scored call has been shown. */
            if (a->screen == CC_SCREEN_FEEDBACK && a->opt.exit_after_call) a->next = CC_SCREEN_QUIT;
        }
    }
    unload_screen(a);
out:
    cc_keys_free(a->keys);
    cc_catalog_free(a->catalog);
    free(a->pref_dir);
    int rc = a->exit_code;
    free(a);
    return rc;
}
