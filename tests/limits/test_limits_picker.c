/* A hundred scenarios in the picker (issue 7's limits): a trainer's folder of
 * a hundred real scenario files is loaded, every one is listed and reachable
 * with the keyboard alone, the focused one is always on screen however far
 * down the list it is, and Enter starts the one in focus. The null platform
 * records the text of each frame. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "screen_picker.h"
#include "files.h"
#include "platform_null.h"

#define COUNT 100

static char dir[256];

static char *read_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, d), CC_FILE_OK);
    cc_diags_free(d);
    return data;
}

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The shipped wrong-number call under another id and title. */
static void make_scenarios(void)
{
    char *std = read_file(CC_SRC_DIR "/scenarios/standard.yaml");
    write_file("standard.yaml", std);
    free(std);
    char *scn = read_file(CC_SRC_DIR "/scenarios/wrong-number.yaml");
    const char *id = strstr(scn, "\nscenario: "), *title = strstr(scn, "\ntitle: ");
    assert_non_null(id);
    assert_non_null(title);
    assert_true(id < title);
    const char *id_end = strchr(id + 1, '\n'), *title_end = strchr(title + 1, '\n');
    for (int i = 0; i < COUNT; i++) {
        size_t cap = strlen(scn) + 128;
        char *out = malloc(cap);
        assert_non_null(out);
        snprintf(out, cap, "%.*s\nscenario: drill-%03d%.*s\ntitle: Drill number %03d%s",
                 (int)(id - scn), scn, i, (int)(title - id_end), id_end, i, title_end);
        char name[64];
        snprintf(name, sizeof name, "drill-%03d.yaml", i);
        write_file(name, out);
        free(out);
    }
    free(scn);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", "/tmp/cc-hundred-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[600];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (d) closedir(d);
    rmdir(dir);
    return 0;
}

static void key(cc_app *a, cc_key k)
{
    cc_ev ev = {.kind = CC_EV_KEY, .key = k};
    cc_picker_update(a, &ev);
}

static void draw(cc_app *a)
{
    a->plat->begin_frame(a->theme.bg);
    cc_picker_draw(a);
    a->plat->present();
}

static void hundred_scenarios_in_the_picker(void **state)
{
    (void)state;
    make_scenarios();
    cc_null_reset();
    cc_app a;
    memset(&a, 0, sizeof a);
    a.plat = &cc_platform_null;
    a.w = 960;
    a.h = 640;
    a.chosen = -1;
    cc_prefs_defaults(&a.prefs);
    cc_app_set_theme(&a, 0);
    snprintf(a.bundled_dir, sizeof a.bundled_dir, "%s", dir); /* no course.yaml there */
    a.catalog = cc_catalog_create();
    assert_non_null(a.catalog);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cc_catalog_scan(a.catalog, dir, 1, NULL);
    cc_catalog_sort(a.catalog);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("%d scenarios loaded and checked in %.0f ms\n", COUNT,
                  (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    assert_int_equal(a.catalog->n, COUNT);
    /* One standard beside them: loaded once, shared by all (a hundred parses
     * of it took half a minute in a debug build). */
    assert_int_equal(a.catalog->nstds, 1);
    for (size_t i = 0; i < a.catalog->n; i++) {
        assert_null(a.catalog->v[i].problem);
        assert_ptr_equal(a.catalog->v[i].std, a.catalog->v[0].std);
        a.catalog->v[i].best = -1;
    }

    a.screen = a.next = CC_SCREEN_PICKER;
    cc_picker_load(&a);
    int seen[COUNT] = {0};
    for (int step = 0; step < COUNT; step++) {
        int f = cc_picker_peek()->focus;
        assert_true(f >= 0 && f < COUNT);
        seen[f]++;
        /* The focused scenario is on screen, wherever it is in the list. */
        draw(&a);
        const char *title = a.catalog->v[f].scn->title;
        if (!strstr(cc_null_frame_text(), title))
            fail_msg("step %d: \"%s\" has the focus but is not on screen", step, title);
        key(&a, CC_KEY_DOWN);
    }
    for (int i = 0; i < COUNT; i++) assert_int_equal(seen[i], 1); /* each once, none skipped */
    /* Up from the first goes to the last, and Enter starts the one in focus. */
    int first = cc_picker_peek()->focus;
    key(&a, CC_KEY_UP);
    assert_int_not_equal(cc_picker_peek()->focus, first);
    draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), a.catalog->v[cc_picker_peek()->focus].scn->title));
    int want = cc_picker_peek()->focus;
    key(&a, CC_KEY_ENTER);
    assert_int_equal(a.next, CC_SCREEN_BRIEFING); /* the briefing comes before the ring */
    assert_int_equal(a.chosen, want);
    cc_picker_unload(&a);
    cc_catalog_free(a.catalog);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(hundred_scenarios_in_the_picker)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
