/* What the app's cmocka tests share: the fixture standard and scenario, and a
 * cc_app on the null platform as the app would set it up (960 x 640, the
 * default settings, signed in as Sam). Static functions: each test program
 * includes it once, after cmocka.h. */
#ifndef CC_APPTEST_H
#define CC_APPTEST_H

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "files.h"
#include "live.h"
#include "platform_null.h"

typedef struct {
    cc_standard *std;
    cc_scenario *scn;
} fixture_files;

static inline fixture_files load_fixture(void)
{
    fixture_files f = {0};
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_standard_load_file(CC_TEST_DIR "/fixtures/standard.yaml", &f.std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(CC_TEST_DIR "/fixtures/call.yaml", f.std, &f.scn, d), CC_FILE_OK);
    cc_diags_free(d);
    return f;
}

static inline void unload_fixture(fixture_files *f)
{
    cc_scenario_free(f->scn);
    cc_standard_free(f->std);
}

/* The fixture's call on a reset null platform, as Alex with seed 3, with no
 * speaker (the wall clock drives it), with a microphone and the recogniser it
 * needs, or with neither (typed answers). */
static inline cc_live *apptest_live(const fixture_files *f, int with_mic)
{
    cc_null_reset();
    cc_null_fail_devices(1, !with_mic);
    cc_live_config cfg = {1, 1, with_mic, 0, NULL};
    char err[256];
    cc_live *l = cc_live_create(&cc_platform_null, f->std, f->scn, "Alex", 3, &cfg, err, sizeof err);
    assert_non_null(l);
    assert_int_equal(cc_live_has_mic(l), with_mic);
    assert_int_equal(cc_live_typing_mode(l), !with_mic);
    return l;
}

/* The null platform reset, and an app with nothing loaded, on `screen`. */
static inline void apptest_init(cc_app *a, cc_screen_id screen)
{
    memset(a, 0, sizeof *a);
    cc_null_reset();
    a->plat = &cc_platform_null;
    a->w = 960;
    a->h = 640;
    cc_prefs_defaults(&a->prefs);
    snprintf(a->prefs.name, sizeof a->prefs.name, "Sam");
    cc_app_set_theme(a, 0);
    a->screen = a->next = screen;
}

#endif
