/* Fuzz target: cc_course_load() (game/course.c), the onboarding course file,
 * and what the host then does with a loaded course: cc_file_kind,
 * cc_course_check_ids against the shipped scenario ids, cc_course_find and
 * cc_course_progress_compute with best scores drawn from the input's hash.
 *
 * Checks what course.h promises: a load that fails says why and one that
 * succeeds has no error; every stage has a title, a pass mark in 0-100 and at
 * least one scenario; every scenario has its ref, an id of letters, digits,
 * dashes and underscores and a path in the course's folder; no id is listed
 * twice; check_ids reports exactly the ids not given; progress names the
 * first stage not passed and a scenario in it below its pass mark. */
#include "fuzz_common.h"

#include "course.h"
#include "files.h"

static const char *const shipped[] = {
    "absent-colleague", "anonymous-caller", "dropped-call",   "follow-up",
    "hold-lookup",      "outgoing-call",    "rude-caller",    "second-line",
    "several-colleagues", "small-request",  "transfer-request", "wrong-number",
};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

static int id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* The checks below compare every scenario with every other (as the host's
 * calls do with the ids it passes), so they run on courses of at most this
 * many scenarios; the loader itself gets every input whole. */
#define CHECK_MAX_ITEMS 2000

static void check_course(const cc_course *c, const char *dir, uint64_t h)
{
    FUZZ_CHECK(c->path && c->id && c->title && c->language);
    for (const char *p = c->id; *p; p++) FUZZ_CHECK(id_char(*p));
    FUZZ_CHECK(c->nstages > 0 && c->stages);
    size_t total = 0;
    for (size_t i = 0; i < c->nstages; i++) total += c->stages[i].nitems;
    int deep = total <= CHECK_MAX_ITEMS;
    total = 0;
    for (size_t i = 0; i < c->nstages; i++) {
        const cc_course_stage *s = &c->stages[i];
        FUZZ_CHECK(s->title);
        FUZZ_CHECK(s->pass_mark >= 0 && s->pass_mark <= 100);
        FUZZ_CHECK(s->nitems > 0 && s->items);
        FUZZ_CHECK(s->src_line >= 0 && s->src_col >= 0);
        for (size_t j = 0; j < s->nitems; j++) {
            const cc_course_item *it = &s->items[j];
            FUZZ_CHECK(it->ref && it->id && it->path);
            FUZZ_CHECK(it->id[0] != '\0');
            for (const char *p = it->id; *p; p++) FUZZ_CHECK(id_char(*p));
            FUZZ_CHECK(strncmp(it->path, dir, strlen(dir)) == 0);
            total++;
            if (!deep) continue;
            size_t st = 99, ix = 99;
            FUZZ_CHECK(cc_course_find(c, it->id, &st, &ix) == 0);
            /* Ids are unique, so the one found is this one. */
            FUZZ_CHECK(st == i && ix == j);
        }
    }
    FUZZ_CHECK(cc_course_find(c, "", NULL, NULL) == -1);
    FUZZ_CHECK(cc_course_find(c, NULL, NULL, NULL) == -1);
    if (!deep) return;

    /* Against the shipped ids: exactly the course's ids that are not shipped
     * are reported, each with a message. */
    cc_diags *d = cc_diags_create();
    if (!d) return;
    size_t unknown = cc_course_check_ids(c, shipped, NSHIPPED, d);
    size_t expect = 0;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++) {
            size_t k = 0;
            while (k < NSHIPPED && strcmp(shipped[k], c->stages[i].items[j].id) != 0) k++;
            if (k == NSHIPPED) expect++;
        }
    FUZZ_CHECK(unknown == expect);
    FUZZ_CHECK(cc_diags_errors(d) == unknown);
    fuzz_check_diags(d, unknown == 0);
    cc_diags_free(d);

    /* The course's own ids, with best scores from the hash (some never played,
     * some missing from the list). */
    const char **ids = malloc((total ? total : 1) * sizeof *ids);
    int *best = malloc((total ? total : 1) * sizeof *best);
    d = cc_diags_create();
    if (!ids || !best || !d) goto done;
    size_t n = 0;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++) {
            ids[n] = c->stages[i].items[j].id;
            uint64_t r = (h >> (n % 53)) ^ (n * 0x9E3779B97F4A7C15ull);
            best[n] = (int)(r % 103) - 2; /* -2..100: below -1 is never played too */
            if (best[n] < -1) best[n] = -1;
            n++;
        }
    FUZZ_CHECK(cc_course_check_ids(c, ids, n, d) == 0);
    FUZZ_CHECK(cc_diags_count(d) == 0);
    size_t given = n ? (size_t)(h % (n + 1)) : 0; /* a prefix of the scores */
    cc_course_progress p;
    if (cc_course_progress_compute(c, ids, best, given, &p) == 0) {
        FUZZ_CHECK(p.nstages == c->nstages && p.stage_passed);
        int first_open = -1;
        for (size_t i = 0; i < p.nstages; i++) {
            FUZZ_CHECK(p.stage_passed[i] == 0 || p.stage_passed[i] == 1);
            if (!p.stage_passed[i] && first_open < 0) first_open = (int)i;
        }
        FUZZ_CHECK(p.current == first_open);
        FUZZ_CHECK(p.next_stage == p.current);
        if (p.current < 0) {
            FUZZ_CHECK(p.next_item == -1);
        } else {
            const cc_course_stage *s = &c->stages[p.current];
            FUZZ_CHECK(p.next_item >= 0 && (size_t)p.next_item < s->nitems);
            const char *id = s->items[p.next_item].id;
            int b = -1;
            for (size_t k = 0; k < given; k++)
                if (strcmp(ids[k], id) == 0 && best[k] > b) b = best[k];
            FUZZ_CHECK(b < s->pass_mark);
        }
        cc_course_progress_clear(&p);
        FUZZ_CHECK(p.stage_passed == NULL && p.current == -1);
        cc_course_progress_clear(&p);
    }
done:
    cc_diags_free(d);
    free(ids);
    free(best);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *kind = cc_file_kind(text, size);
    FUZZ_CHECK(!kind || !strcmp(kind, "course") || !strcmp(kind, "scenario") ||
               !strcmp(kind, "standard"));

    /* In a folder, and (for some inputs) in none: the scenarios' paths are
     * resolved against both. */
    uint64_t h = fuzz_hash(data, size);
    const char *path = (h & 1) ? "course.yaml" : "fuzz/courses/course.yaml";
    const char *dir = (h & 1) ? "" : "fuzz/courses/";
    cc_diags *d = cc_diags_create();
    if (!d) return 0;
    cc_course *c = cc_course_load(path, text, size, d);
    fuzz_check_diags(d, c != NULL);
    if (c) check_course(c, dir, h);
    cc_course_free(c);
    cc_course_free(NULL);
    cc_diags_free(d);
    return 0;
}
