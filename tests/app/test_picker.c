/* The picker shows the trainee's place in the onboarding course: scenarios
 * grouped by stage in the course's order, each stage's pass mark and whether
 * it is passed (in words), the current stage and the suggested next call,
 * and the scenarios outside the course after them. Played on the null
 * platform with a real catalog of real scenario files, in a folder made for
 * the test with its own course.yaml. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "screen_briefing.h"
#include "screen_picker.h"
#include "files.h"
#include "platform_null.h"

static char dir[256];

static void copy(const char *from, const char *name)
{
    char *data = NULL;
    size_t len = 0;
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_file_read(from, CC_FILE_MAX_BYTES, &data, &len, d), CC_FILE_OK);
    cc_diags_free(d);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    free(data);
}

static void write_course(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/course.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("course: test\ntitle: Test course\nlanguage: en\nstages:\n"
          "  - title: Basics\n    pass_mark: 70\n    scenarios: [wrong-number, hold-lookup]\n"
          "  - title: Harder\n    pass_mark: 80\n    scenarios: [rude-caller]\n",
          f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", "/tmp/cc-picker-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"standard.yaml", "wrong-number.yaml", "hold-lookup.yaml",
                                        "rude-caller.yaml", "second-line.yaml", "course.yaml"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

static int best_of(const cc_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].scn && strcmp(c->v[i].scn->id, id) == 0) return (int)i;
    fail_msg("no %s in the catalog", id);
    return -1;
}

/* Where `what` appears in the frame's text, or -1. */
static long at(const char *what)
{
    const char *t = cc_null_frame_text();
    const char *p = strstr(t, what);
    if (!p) print_message("not on screen: \"%s\" in:\n%s\n", what, t);
    return p ? p - t : -1;
}

static void key(cc_app *a, cc_key k, int ch)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = k, .ch = ch};
    cc_picker_update(a, &ev);
}

static void picker_groups_by_stage_and_suggests_the_next_call(void **state)
{
    (void)state;
    copy(CC_DATA_DIR "/scenarios/standard.yaml", "standard.yaml");
    static const char *const ids[] = {"wrong-number", "hold-lookup", "rude-caller", "second-line"};
    for (size_t i = 0; i < 4; i++) {
        char from[512], name[128];
        snprintf(from, sizeof from, "%s/scenarios/%s.yaml", CC_DATA_DIR, ids[i]);
        snprintf(name, sizeof name, "%s.yaml", ids[i]);
        copy(from, name);
    }
    write_course();

    cc_null_reset();
    cc_app a;
    memset(&a, 0, sizeof a);
    a.plat = &cc_platform_null;
    a.w = 960;
    a.h = 640;
    a.chosen = -1;
    cc_prefs_defaults(&a.prefs);
    cc_app_set_theme(&a, 0);
    snprintf(a.bundled_dir, sizeof a.bundled_dir, "%s", dir);
    a.catalog = cc_catalog_create();
    assert_non_null(a.catalog);
    cc_catalog_scan(a.catalog, dir, 0, NULL);
    cc_catalog_sort(a.catalog);
    assert_int_equal(a.catalog->n, 4);
    for (size_t i = 0; i < a.catalog->n; i++) a.catalog->v[i].best = -1;

    /* Wrong number passed; Let me check that for you below the mark. */
    a.catalog->v[best_of(a.catalog, "wrong-number")].best = 90;
    a.catalog->v[best_of(a.catalog, "hold-lookup")].best = 55;
    a.screen = a.next = CC_SCREEN_PICKER;
    cc_picker_load(&a);
    /* The suggested call has the focus when the screen opens. */
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "hold-lookup"));
    a.plat->begin_frame(a.theme.bg);
    cc_picker_draw(&a);
    long s1 = at("Stage 1: Basics"), s2 = at("Stage 2: Harder"), other = at("Not in the course");
    long wrong = at("A wrong number"), hold = at("Let me check that for you");
    long rude = at("An angry customer"), second = at("The other line rings");
    assert_true(s1 >= 0 && s2 >= 0 && other >= 0);
    assert_true(s1 < wrong && wrong < hold && hold < s2 && s2 < rude && rude < other &&
                other < second);
    assert_true(at("pass mark 70   not passed yet   CURRENT") > s1);
    assert_true(at("pass mark 80   not passed yet") > s2);
    assert_true(at("best 55/100   NEXT") > hold);
    assert_true(at("suggested next call") >= 0);

    /* Down moves through calls in the course's order, over the headings,
     * and wraps; Up goes back. */
    key(&a, CC_KEY_DOWN, 0);
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "rude-caller"));
    key(&a, CC_KEY_DOWN, 0);
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "second-line"));
    key(&a, CC_KEY_DOWN, 0);
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "wrong-number"));
    key(&a, CC_KEY_UP, 0);
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "second-line"));
    key(&a, CC_KEY_CHAR, 'p');
    assert_int_equal(a.next, CC_SCREEN_PROGRESS);
    cc_picker_unload(&a);

    /* Stage 1 passed: it says so, and stage 2 is where the trainee is. */
    a.catalog->v[best_of(a.catalog, "hold-lookup")].best = 70;
    a.next = CC_SCREEN_PICKER;
    a.chosen = -1;
    cc_picker_load(&a);
    assert_int_equal(cc_picker_peek()->focus, best_of(a.catalog, "rude-caller"));
    a.plat->begin_frame(a.theme.bg);
    cc_picker_draw(&a);
    assert_true(at("pass mark 70   PASSED") >= 0);
    assert_true(at("pass mark 80   not passed yet   CURRENT") >= 0);
    assert_true(at("no score yet   NEXT") >= 0);
    key(&a, CC_KEY_ENTER, 0);
    assert_int_equal(a.next, CC_SCREEN_BRIEFING); /* the briefing comes before the first ring */
    assert_int_equal(a.chosen, best_of(a.catalog, "rude-caller"));
    cc_picker_unload(&a);

    /* The briefing: the scenario's own text, its facts, who the trainee is and
     * what is timed; Esc goes back to the picker, Enter or Space to the call. */
    a.screen = a.next = CC_SCREEN_BRIEFING;
    snprintf(a.prefs.name, sizeof a.prefs.name, "Sam");
    cc_briefing_load(&a);
    assert_int_equal(a.next, CC_SCREEN_BRIEFING);
    a.plat->begin_frame(a.theme.bg);
    cc_briefing_draw(&a);
    const cc_scenario *chosen_scn = a.catalog->v[a.chosen].scn;
    char first_words[24];
    snprintf(first_words, sizeof first_words, "%s", chosen_scn->briefing);
    *strrchr(first_words, ' ') = '\0';
    assert_non_null(strstr(cc_null_frame_text(), first_words));
    assert_non_null(strstr(cc_null_frame_text(), "Facts"));
    assert_non_null(strstr(cc_null_frame_text(), "You are Sam at"));
    assert_non_null(strstr(cc_null_frame_text(), "Answer by ring"));
    assert_non_null(strstr(cc_null_frame_text(), "Enter or Space: start the call"));
    /* A long briefing (large text) scrolls a paragraph at a time, never past the last. */
    cc_ev down = {.kind = CC_EV_KEY, .key = CC_KEY_DOWN}, up = {.kind = CC_EV_KEY, .key = CC_KEY_UP};
    cc_briefing_update(&a, &down);
    a.plat->begin_frame(a.theme.bg);
    cc_briefing_draw(&a);
    assert_null(strstr(cc_null_frame_text(), "What is going on"));
    assert_non_null(strstr(cc_null_frame_text(), "Facts"));
    for (int i = 0; i < 10; i++) cc_briefing_update(&a, &down);
    a.plat->begin_frame(a.theme.bg);
    cc_briefing_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "Timed during the call"));
    for (int i = 0; i < 10; i++) cc_briefing_update(&a, &up);
    a.plat->begin_frame(a.theme.bg);
    cc_briefing_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "What is going on"));
    cc_ev esc = {.kind = CC_EV_KEY, .key = CC_KEY_ESC}, space = {.kind = CC_EV_KEY, .key = CC_KEY_SPACE};
    cc_briefing_update(&a, &esc);
    assert_int_equal(a.next, CC_SCREEN_PICKER);
    a.next = CC_SCREEN_BRIEFING;
    cc_briefing_update(&a, &space);
    assert_int_equal(a.next, CC_SCREEN_CALL);
    cc_briefing_unload(&a);
    assert_null(cc_briefing_peek()->view);
    a.screen = CC_SCREEN_PICKER;

    /* Without a course file the picker is the plain list. */
    char path[512];
    snprintf(path, sizeof path, "%s/course.yaml", dir);
    unlink(path);
    a.next = CC_SCREEN_PICKER;
    cc_picker_load(&a);
    a.plat->begin_frame(a.theme.bg);
    cc_picker_draw(&a);
    assert_null(strstr(cc_null_frame_text(), "Stage 1"));
    assert_non_null(strstr(cc_null_frame_text(), "An angry customer"));
    cc_picker_unload(&a);
    cc_catalog_free(a.catalog);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picker_groups_by_stage_and_suggests_the_next_call),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
