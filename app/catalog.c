#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "files.h"
#include "history.h"

static void std_put(cc_catalog *c, cc_standard *std);

cc_catalog *cc_catalog_create(void) { return calloc(1, sizeof(cc_catalog)); }

void cc_catalog_free(cc_catalog *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].problem);
        free(c->v[i].std_path);
        cc_scenario_free(c->v[i].scn);
        std_put(c, c->v[i].std);
    }
    for (size_t i = 0; i < c->nold; i++) {
        cc_scenario_free(c->old[i].scn);
        std_put(c, c->old[i].std);
    }
    free(c->old);
    for (size_t i = 0; i < c->nstds; i++) { /* failures, and any left by a miscount */
        cc_standard_free(c->stds[i].std);
        free(c->stds[i].path);
        free(c->stds[i].problem);
    }
    free(c->stds);
    for (size_t i = 0; i < c->ndirs; i++) free(c->dirs[i].dir);
    free(c->dirs);
    for (size_t i = 0; i < c->nothers; i++) free(c->others[i].path);
    free(c->others);
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

static cc_file_stamp stamp_of(const char *path)
{
    struct stat st;
    cc_file_stamp s = {0, 0, 0};
    if (path && stat(path, &st) == 0) {
        s.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        s.size = (int64_t)st.st_size;
        s.ino = (int64_t)st.st_ino;
    }
    return s;
}

static int same_stamp(cc_file_stamp a, cc_file_stamp b)
{
    return a.mtime_ns == b.mtime_ns && a.size == b.size && a.ino == b.ino;
}

/* ---- standards, shared ---- */

/* The standard at path as it is on disk now (stamp): the loaded copy if there
 * is one, else loaded here. NULL when it fails, with *status and *problem (a
 * copy the caller frees) saying why. */
static cc_standard *std_get(cc_catalog *c, const char *path, cc_file_stamp stamp, int *status,
                            char **problem)
{
    *problem = NULL;
    for (size_t i = 0; i < c->nstds; i++) {
        cc_catalog_std *s = &c->stds[i];
        if (strcmp(s->path, path) != 0 || !same_stamp(s->stamp, stamp) || !stamp.size) continue;
        *status = s->status;
        if (s->std) {
            s->refs++;
            return s->std;
        }
        *problem = s->problem ? strdup(s->problem) : NULL;
        return NULL;
    }
    /* A failure remembered for an older version of this file is news no more. */
    for (size_t i = 0; i < c->nstds;) {
        cc_catalog_std *s = &c->stds[i];
        if (s->std || strcmp(s->path, path) != 0) {
            i++;
            continue;
        }
        free(s->path);
        free(s->problem);
        c->stds[i] = c->stds[--c->nstds];
    }
    cc_diags *d = cc_diags_create();
    cc_standard *std = NULL;
    cc_file_status st = d ? cc_standard_load_file(path, &std, d) : CC_FILE_UNREADABLE;
    *status = (int)st;
    char *why = st == CC_FILE_OK ? NULL
                                 : first_problem(d, st == CC_FILE_BAD ? "the file has errors" : "cannot be read");
    cc_diags_free(d);
    cc_catalog_std *nv = realloc(c->stds, (c->nstds + 1) * sizeof *nv);
    char *p = strdup(path);
    if (!nv || !p) {
        /* Out of memory: not shared, but not lost either; the entry owns nothing
         * it cannot give back, so refuse the load. */
        if (nv) c->stds = nv;
        free(p);
        cc_standard_free(std);
        *problem = why;
        *status = CC_FILE_UNREADABLE;
        return NULL;
    }
    c->stds = nv;
    c->stds[c->nstds++] = (cc_catalog_std){p, stamp, std, (int)st, why, std ? 1 : 0};
    *problem = why ? strdup(why) : NULL;
    return std;
}

/* One user of std fewer; the last one frees it. */
static void std_put(cc_catalog *c, cc_standard *std)
{
    if (!std) return;
    for (size_t i = 0; i < c->nstds; i++) {
        cc_catalog_std *s = &c->stds[i];
        if (s->std != std) continue;
        if (--s->refs > 0) return;
        cc_standard_free(s->std);
        free(s->path);
        free(s->problem);
        c->stds[i] = c->stds[--c->nstds];
        return;
    }
    cc_standard_free(std); /* not shared (cannot happen): still freed once */
}

/* Loads an entry's standard and scenario; the problem (a copy) when it fails. */
static cc_file_status load_pair(cc_catalog *c, const char *scn_path, const char *std_path,
                                cc_file_stamp std_stamp, cc_standard **std, cc_scenario **scn,
                                char **problem)
{
    int status = CC_FILE_OK;
    *scn = NULL;
    *std = std_get(c, std_path, std_stamp, &status, problem);
    if (!*std) return (cc_file_status)status;
    cc_diags *d = cc_diags_create();
    if (!d) {
        std_put(c, *std);
        *std = NULL;
        return CC_FILE_UNREADABLE;
    }
    cc_file_status st = cc_scenario_load_file(scn_path, *std, scn, d);
    if (st != CC_FILE_OK || !*scn) {
        *problem = first_problem(d, st == CC_FILE_BAD ? "the file has errors" : "cannot be read");
        cc_scenario_free(*scn);
        *scn = NULL;
        std_put(c, *std);
        *std = NULL;
        if (st == CC_FILE_OK) st = CC_FILE_BAD;
    }
    cc_diags_free(d);
    return st;
}

int cc_catalog_add(cc_catalog *c, const char *path, int user, const char *standard_override)
{
    c->standard_override = standard_override;
    cc_catalog_entry *nv = realloc(c->v, (c->n + 1) * sizeof *nv);
    if (!nv) return -1;
    c->v = nv;
    cc_catalog_entry *e = &c->v[c->n];
    memset(e, 0, sizeof *e);
    e->best = -1;
    e->user = user;
    e->path = strdup(path);
    if (!e->path) return -1;
    char *std_path = cli_default_standard(standard_override, path);
    if (!std_path) {
        free(e->path);
        return -1;
    }
    /* Stamped before reading: a save during the load is seen by the next poll. */
    e->scn_stamp = stamp_of(path);
    e->std_stamp = stamp_of(std_path);
    load_pair(c, path, std_path, e->std_stamp, &e->std, &e->scn, &e->problem);
    e->std_path = std_path;
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

static void remember_dir(cc_catalog *c, const char *dir, int user)
{
    for (size_t i = 0; i < c->ndirs; i++)
        if (strcmp(c->dirs[i].dir, dir) == 0) return;
    cc_catalog_dir *nv = realloc(c->dirs, (c->ndirs + 1) * sizeof *nv);
    if (!nv) return;
    c->dirs = nv;
    if ((c->dirs[c->ndirs].dir = strdup(dir))) c->dirs[c->ndirs++].user = user;
}

void cc_catalog_scan(cc_catalog *c, const char *dir, int user, const char *standard_override)
{
    c->standard_override = standard_override;
    /* Remembered even when missing: the trainer may make the folder later. */
    remember_dir(c, dir, user);
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

/* ---- live reload ---- */

static int retire(cc_catalog *c, cc_standard *std, cc_scenario *scn)
{
    if (!std && !scn) return 0;
    cc_catalog_old *nv = realloc(c->old, (c->nold + 1) * sizeof *nv);
    if (!nv) return -1;
    c->old = nv;
    c->old[c->nold++] = (cc_catalog_old){std, scn};
    return 0;
}

/* Loads the entry's files again. 1 when replaced, 0 when the files have errors
 * (the old version stays; the problem says why), -1 out of memory. */
static int reload(cc_catalog *c, cc_catalog_entry *e)
{
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    char *problem = NULL;
    cc_file_status st = load_pair(c, e->path, e->std_path, e->std_stamp, &std, &scn, &problem);
    if (st == CC_FILE_OK && scn) {
        if (retire(c, e->std, e->scn) != 0) {
            cc_scenario_free(scn);
            std_put(c, std);
            free(problem);
            return -1;
        }
        e->std = std;
        e->scn = scn;
        free(e->problem);
        e->problem = NULL;
        free(problem);
        return 1;
    }
    if (!problem) problem = strdup(st == CC_FILE_BAD ? "the file has errors" : "cannot be read");
    if (problem) {
        free(e->problem);
        e->problem = problem;
    }
    return 0;
}

/* A *.yaml file of a scanned folder the catalog has not seen yet, or one that
 * was not a scenario and has changed since. */
static int is_new(cc_catalog *c, const char *path, cc_file_stamp st, size_t *other)
{
    *other = c->nothers;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].path, path) == 0) return 0;
    for (size_t i = 0; i < c->nothers; i++)
        if (strcmp(c->others[i].path, path) == 0) {
            *other = i;
            return !same_stamp(c->others[i].stamp, st);
        }
    return 1;
}

/* New scenario files in the scanned folders are added; returns how many. */
static int add_new_files(cc_catalog *c, char *msg, size_t msglen, int *reported)
{
    int added = 0;
    for (size_t d = 0; d < c->ndirs; d++) {
        DIR *dp = opendir(c->dirs[d].dir);
        if (!dp) continue;
        struct dirent *de;
        while ((de = readdir(dp))) {
            size_t len = strlen(de->d_name);
            if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0 || de->d_name[0] == '.') continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", c->dirs[d].dir, de->d_name);
            cc_file_stamp st = stamp_of(path);
            size_t other;
            if (!is_new(c, path, st, &other)) continue;
            if (!is_scenario_file(c->dirs[d].dir, de->d_name)) {
                if (other == c->nothers) {
                    cc_catalog_other *nv = realloc(c->others, (c->nothers + 1) * sizeof *nv);
                    if (!nv || !(nv[c->nothers].path = strdup(path))) {
                        if (nv) c->others = nv;
                        continue;
                    }
                    c->others = nv;
                    c->nothers++;
                }
                c->others[other].stamp = st;
                continue;
            }
            int k = cc_catalog_add(c, path, c->dirs[d].user, c->standard_override);
            if (k < 0) continue;
            added++;
            if (msg && msglen && *reported < 2) {
                const cc_catalog_entry *e = &c->v[k];
                if (e->problem) snprintf(msg, msglen, "%s", e->problem);
                else snprintf(msg, msglen, "Added %s.", e->path);
                *reported = e->problem ? 2 : 1;
            }
        }
        closedir(dp);
    }
    return added;
}

int cc_catalog_poll(cc_catalog *c, char *msg, size_t msglen)
{
    if (msg && msglen) msg[0] = '\0';
    if (!c) return 0;
    int reloaded = 0, reported = 0;
    for (size_t i = 0; i < c->n; i++) {
        cc_catalog_entry *e = &c->v[i];
        cc_file_stamp ss = stamp_of(e->path), ds = stamp_of(e->std_path);
        if (same_stamp(ss, e->scn_stamp) && same_stamp(ds, e->std_stamp)) continue;
        e->scn_stamp = ss;
        e->std_stamp = ds;
        int r = reload(c, e);
        if (r < 0) continue; /* out of memory: the stamps say it was seen; the old one stays */
        reloaded++;
        if (!msg || !msglen || reported == 2) continue;
        /* An error outranks news of a good reload: it is what the trainer must act on. */
        if (r == 0 && e->problem) {
            snprintf(msg, msglen, "%s%s", e->problem,
                     e->scn ? " (the version loaded before is kept)" : "");
            reported = 2;
        } else if (r == 1 && !reported) {
            snprintf(msg, msglen, "Reloaded %s.", e->path);
            reported = 1;
        }
    }
    return reloaded + add_new_files(c, msg, msglen, &reported);
}

static int used(const void *p, const void *const *in_use, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        if (in_use[i] == p) return 1;
    return 0;
}

void cc_catalog_release(cc_catalog *c, const void *const *in_use, size_t n)
{
    if (!c) return;
    size_t k = 0;
    for (size_t i = 0; i < c->nold; i++) {
        cc_catalog_old *o = &c->old[i];
        if (used(o->std, in_use, n) || used(o->scn, in_use, n)) {
            c->old[k++] = *o;
            continue;
        }
        cc_scenario_free(o->scn);
        std_put(c, o->std);
    }
    c->nold = k;
}

/* ---- best scores ---- */

int cc_catalog_fill_best(cc_catalog *c, const char *data_dir, const char *trainee)
{
    if (!c) return -1;
    cc_history *h = NULL;
    char err[512];
    int st = data_dir ? cc_history_open(data_dir, CC_HISTORY_READ_ONLY, &h, err, sizeof err)
                      : CC_HISTORY_MISSING;
    if (st == CC_HISTORY_MISSING || !trainee || !*trainee) {
        for (size_t i = 0; i < c->n; i++) c->v[i].best = -1;
        return 0;
    }
    if (st != 0) return -1;
    cc_history_scenario_stat *s = NULL;
    size_t n = 0;
    int rc = cc_history_scenario_stats(h, trainee, &s, &n, err, sizeof err) < 0 ? -1 : 0;
    if (rc == 0) {
        for (size_t i = 0; i < c->n; i++) {
            cc_catalog_entry *e = &c->v[i];
            e->best = -1;
            if (!e->scn || !e->scn->id) continue;
            for (size_t j = 0; j < n; j++)
                if (s[j].scenario_id && strcmp(s[j].scenario_id, e->scn->id) == 0) e->best = s[j].best_score;
        }
    }
    cc_history_scenario_stats_free(s, n);
    cc_history_close(h);
    return rc;
}
