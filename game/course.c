#include "course.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "yamldoc.h"
#include "mem.h"

static const char *const top_keys[] = {"course", "title", "language", "description", "stages",
                                       NULL};
static const char *const stage_keys[] = {"title", "pass_mark", "scenarios", NULL};

static void item_free(cc_course_item *it)
{
    free(it->ref);
    free(it->id);
    free(it->path);
}

void cc_course_free(cc_course *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nstages; i++) {
        cc_course_stage *s = &c->stages[i];
        free(s->title);
        for (size_t j = 0; j < s->nitems; j++) item_free(&s->items[j]);
        free(s->items);
    }
    free(c->stages);
    free(c->path);
    free(c->id);
    free(c->title);
    free(c->language);
    free(c->description);
    free(c);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Ids are what scenario files are named after: letters, digits, dashes and
 * underscores; anything else is taken for a file name and must say so. */
static int is_id(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static char *join(const char *dir, size_t ndir, const char *name, const char *ext)
{
    size_t n = ndir + strlen(name) + strlen(ext) + 1;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%.*s%s%s", (int)ndir, dir, name, ext);
    return p;
}

static int load_item(const cc_schema *sc, const cc_yaml_node *v, const char *dir, size_t ndir,
                     cc_course_item *it)
{
    it->src_line = v->line;
    it->src_col = v->col;
    if (v->kind != CC_YAML_SCALAR || !v->len || strlen(v->text) != v->len) {
        cc_schema_error(sc, v, "a scenario in 'scenarios' must be its id or its file name, not %s",
                        v->kind == CC_YAML_SCALAR ? "empty" : cc_yaml_kind_name(v->kind));
        return -1;
    }
    it->ref = cc_strdup(v->text);
    if (!it->ref) return -1;
    if (is_id(v->text)) {
        it->id = cc_strdup(v->text);
        it->path = join(dir, ndir, v->text, ".yaml");
    } else if (ends_with(v->text, ".yaml") && v->text[0] != '/') {
        const char *base = strrchr(v->text, '/');
        base = base ? base + 1 : v->text;
        size_t n = strlen(base) - 5;
        it->id = malloc(n + 1);
        if (it->id) {
            memcpy(it->id, base, n);
            it->id[n] = '\0';
        }
        it->path = join(dir, ndir, v->text, "");
        if (it->id && !is_id(it->id)) {
            cc_schema_error(sc, v,
                            "scenario file '%s' is not named after a scenario id (letters, "
                            "digits, dashes): rename it",
                            v->text);
            return -1;
        }
    } else {
        cc_schema_error(sc, v,
                        "'%s' is neither a scenario id (letters, digits, dashes) nor a file "
                        "name relative to the course's folder ending in .yaml",
                        v->text);
        return -1;
    }
    return it->id && it->path ? 0 : -1;
}

static int load_stage(const cc_schema *sc, const cc_yaml_node *n, const char *dir, size_t ndir,
                      cc_course_stage *st)
{
    st->src_line = n->line;
    st->src_col = n->col;
    if (cc_schema_keys(sc, n, stage_keys) != 0) return -1;
    int bad = 0;
    if (cc_schema_str(sc, n, "title", 1, &st->title) != 0) bad = 1;
    if (cc_schema_int(sc, n, "pass_mark", 1, 0, 100, &st->pass_mark) != 0) bad = 1;
    const cc_yaml_node *list = cc_yaml_get(n, "scenarios");
    if (!list) {
        cc_schema_error(sc, n, "missing required key 'scenarios'");
        return -1;
    }
    if (cc_schema_expect(sc, list, CC_YAML_SEQ, "'scenarios'") != 0) return -1;
    if (list->count == 0) {
        cc_schema_error(sc, list, "stage '%s' has no scenarios: name at least one",
                        st->title ? st->title : "?");
        return -1;
    }
    st->items = calloc(list->count, sizeof *st->items);
    if (!st->items) return -1;
    for (size_t i = 0; i < list->count; i++)
        if (load_item(sc, list->values[i], dir, ndir, &st->items[st->nitems++]) != 0) bad = 1;
    return bad ? -1 : 0;
}

typedef struct {
    const cc_course_item *item;
    size_t order; /* place in the course, stage by stage */
} item_ref;

static int item_ref_cmp(const void *pa, const void *pb)
{
    const item_ref *a = pa, *b = pb;
    int c = strcmp(a->item->id, b->item->id);
    if (c) return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* A scenario in two stages would make "passed" ambiguous: which mark? Each
 * repeat is reported against the first listing, in course order. Sorted, not
 * compared pair by pair: a 1 MiB course of 100 000 scenarios took two minutes
 * that way (found by fuzzing). -1 out of memory. */
static int report_duplicates(const cc_course *c, const char *path, cc_diags *diags)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nstages; i++) n += c->stages[i].nitems;
    if (n < 2) return 0;
    item_ref *refs = malloc(n * sizeof *refs);
    const cc_course_item **first = calloc(n, sizeof *first);
    if (!refs || !first) {
        free(refs);
        free(first);
        return -1;
    }
    size_t k = 0, order = 0;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++, order++)
            if (c->stages[i].items[j].id) refs[k++] = (item_ref){&c->stages[i].items[j], order};
    qsort(refs, k, sizeof *refs, item_ref_cmp);
    for (size_t a = 1, start = 0; a < k; a++) {
        if (strcmp(refs[a].item->id, refs[start].item->id) == 0)
            first[refs[a].order] = refs[start].item;
        else
            start = a;
    }
    order = 0;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++, order++) {
            const cc_course_item *a = &c->stages[i].items[j], *b = first[order];
            if (b)
                cc_diags_add(diags, CC_DIAG_ERROR, path, a->src_line, a->src_col,
                             "scenario '%s' is already in the course at line %d: list each "
                             "scenario once",
                             a->id, b->src_line);
        }
    free(refs);
    free(first);
    return 0;
}

cc_course *cc_course_load(const char *path, const char *data, size_t len, cc_diags *diags)
{
    cc_schema sc = {path, diags, NULL};
    size_t errors_before = cc_diags_errors(diags);
    cc_yaml_doc *doc = NULL;
    cc_course *c = calloc(1, sizeof *c);
    if (!c) goto fail;
    c->path = cc_strdup(path);
    if (!c->path) goto fail;
    if (cc_yaml_parse(path, data, len, &doc, diags) != 0) goto bad;
    const cc_yaml_node *root = cc_yaml_root(doc);
    if (cc_schema_keys(&sc, root, top_keys) != 0) goto bad;
    if (cc_schema_str(&sc, root, "course", 1, &c->id) == 0 && !is_id(c->id))
        cc_schema_error(&sc, cc_yaml_get(root, "course"),
                        "course id '%s' may hold only letters, digits and dashes", c->id);
    cc_schema_str(&sc, root, "title", 1, &c->title);
    cc_schema_str(&sc, root, "language", 1, &c->language);
    cc_schema_str(&sc, root, "description", 0, &c->description);

    /* Scenarios are named relative to the course's own folder, wherever the
     * program runs from. */
    const char *slash = strrchr(path, '/');
    size_t ndir = slash ? (size_t)(slash - path) + 1 : 0;
    const cc_yaml_node *stages = cc_yaml_get(root, "stages");
    if (!stages) cc_schema_error(&sc, root, "missing required key 'stages'");
    else if (cc_schema_expect(&sc, stages, CC_YAML_SEQ, "'stages'") == 0) {
        if (stages->count == 0) cc_schema_error(&sc, stages, "'stages' is empty: give at least one");
        c->stages = calloc(stages->count ? stages->count : 1, sizeof *c->stages);
        if (!c->stages) goto fail;
        for (size_t i = 0; i < stages->count; i++) {
            size_t before = cc_diags_errors(diags);
            /* A stage that failed without saying why ran out of memory. */
            if (load_stage(&sc, stages->values[i], path, ndir, &c->stages[c->nstages++]) != 0 &&
                cc_diags_errors(diags) == before)
                goto fail;
        }
    }

    if (report_duplicates(c, path, diags) != 0) goto fail;
    cc_yaml_free(doc);
    if (cc_diags_errors(diags) > errors_before) {
        cc_course_free(c);
        return NULL;
    }
    return c;
fail:
    cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0,
                 "out of memory reading the course; close other programs and try again");
bad:
    cc_yaml_free(doc);
    cc_course_free(c);
    return NULL;
}

cc_file_status cc_course_load_file(const char *path, cc_course **out, cc_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    cc_file_status st = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, diags);
    if (st != CC_FILE_OK) return st;
    *out = cc_course_load(path, data, len, diags);
    free(data);
    return *out ? CC_FILE_OK : CC_FILE_BAD;
}

size_t cc_course_check_ids(const cc_course *c, const char *const *ids, size_t nids,
                           cc_diags *diags)
{
    size_t unknown = 0;
    if (!c) return 0;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++) {
            const cc_course_item *it = &c->stages[i].items[j];
            size_t k = 0;
            while (k < nids && (!ids[k] || strcmp(ids[k], it->id) != 0)) k++;
            if (k < nids) continue;
            unknown++;
            const char *hint = cc_schema_suggest(it->id, ids, nids);
            if (hint)
                cc_diags_add(diags, CC_DIAG_ERROR, c->path, it->src_line, it->src_col,
                             "unknown scenario '%s' (did you mean '%s'?)", it->ref, hint);
            else
                cc_diags_add(diags, CC_DIAG_ERROR, c->path, it->src_line, it->src_col,
                             "unknown scenario '%s': no scenario file %s; add it or take it "
                             "out of the course",
                             it->ref, it->path);
        }
    return unknown;
}

int cc_course_find(const cc_course *c, const char *id, size_t *stage, size_t *item)
{
    if (!c || !id) return -1;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++)
            if (strcmp(c->stages[i].items[j].id, id) == 0) {
                if (stage) *stage = i;
                if (item) *item = j;
                return 0;
            }
    return -1;
}

static int best_of(const char *id, const char *const *ids, const int *best, size_t n)
{
    int b = -1;
    for (size_t i = 0; i < n; i++)
        if (ids[i] && strcmp(ids[i], id) == 0 && best[i] > b) b = best[i];
    return b;
}

int cc_course_progress_compute(const cc_course *c, const char *const *ids, const int *best,
                               size_t n, cc_course_progress *out)
{
    memset(out, 0, sizeof *out);
    out->current = out->next_stage = out->next_item = -1;
    if (!c || !c->nstages) return 0;
    out->stage_passed = calloc(c->nstages, sizeof *out->stage_passed);
    if (!out->stage_passed) return -1;
    out->nstages = c->nstages;
    for (size_t i = 0; i < c->nstages; i++) {
        const cc_course_stage *s = &c->stages[i];
        int passed = 1, first_short = -1;
        for (size_t j = 0; j < s->nitems; j++)
            if (best_of(s->items[j].id, ids, best, n) < s->pass_mark) {
                passed = 0;
                if (first_short < 0) first_short = (int)j;
            }
        out->stage_passed[i] = passed;
        /* Stages are taken in order: a later stage passed early does not move
         * the trainee past an earlier one still open. */
        if (!passed && out->current < 0) {
            out->current = (int)i;
            out->next_stage = (int)i;
            out->next_item = first_short;
        }
    }
    return 0;
}

void cc_course_progress_clear(cc_course_progress *p)
{
    if (!p) return;
    free(p->stage_passed);
    memset(p, 0, sizeof *p);
    p->current = p->next_stage = p->next_item = -1;
}
