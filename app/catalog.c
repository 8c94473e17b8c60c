#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "files.h"

cc_catalog *cc_catalog_create(void) { return calloc(1, sizeof(cc_catalog)); }

void cc_catalog_free(cc_catalog *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].problem);
        cc_scenario_free(c->v[i].scn);
        cc_standard_free(c->v[i].std);
    }
    free(c->v);
    free(c);
}

static char *first_problem(cc_diags *d, const char *fallback)
{
    cc_diags_sort(d);
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        const cc_diag *g = cc_diags_get(d, i);
        if (g->severity != CC_DIAG_ERROR) continue;
        char line[1024];
        cc_diag_format(g, line, sizeof line);
        return strdup(line);
    }
    return strdup(fallback);
}

int cc_catalog_add(cc_catalog *c, const char *path, int user, const char *standard_override)
{
    cc_catalog_entry *nv = realloc(c->v, (c->n + 1) * sizeof *nv);
    if (!nv) return -1;
    c->v = nv;
    cc_catalog_entry *e = &c->v[c->n];
    memset(e, 0, sizeof *e);
    e->best = -1;
    e->user = user;
    e->path = strdup(path);
    if (!e->path) return -1;
    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(standard_override, path);
    if (!d || !std_path) {
        free(std_path);
        cc_diags_free(d);
        free(e->path);
        return -1;
    }
    cc_file_status st = cc_standard_load_file(std_path, &e->std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(path, e->std, &e->scn, d);
    if (st != CC_FILE_OK || !e->scn)
        e->problem = first_problem(d, st == CC_FILE_BAD ? "the file has errors" : "cannot be read");
    free(std_path);
    cc_diags_free(d);
    return (int)c->n++;
}

static int is_scenario_file(const char *dir, const char *name)
{
    size_t n = strlen(name);
    if (n < 6 || strcmp(name + n - 5, ".yaml") != 0 || name[0] == '.') return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *data = NULL;
    size_t len = 0;
    cc_diags *d = cc_diags_create();
    int yes = 0;
    if (d && cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, d) == CC_FILE_OK) {
        const char *kind = cc_file_kind(data, len);
        yes = kind && strcmp(kind, "scenario") == 0;
    }
    free(data);
    cc_diags_free(d);
    return yes;
}

void cc_catalog_scan(cc_catalog *c, const char *dir, int user, const char *standard_override)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (!is_scenario_file(dir, de->d_name)) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        cc_catalog_add(c, path, user, standard_override);
    }
    closedir(dp);
}

static const char *title_of(const cc_catalog_entry *e)
{
    if (e->scn && e->scn->title) return e->scn->title;
    const char *s = strrchr(e->path, '/');
    return s ? s + 1 : e->path;
}

static int cmp(const void *a, const void *b)
{
    const cc_catalog_entry *x = a, *y = b;
    if (x->user != y->user) return x->user - y->user;
    return strcmp(title_of(x), title_of(y));
}

void cc_catalog_sort(cc_catalog *c)
{
    if (c->n > 1) qsort(c->v, c->n, sizeof *c->v, cmp);
}
