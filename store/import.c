/* import: other desks' session folders into this history. See import.h. */
#define _XOPEN_SOURCE 700
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "fsutil.h"
#include "meta.h"
#include "yamldoc.h"
#include "mem.h"

/* Folders that came in under another name (NAME-2): a retry of one of them,
 * imported after it (names begin with the time), is a retry of the new name. */
typedef struct {
    char **from, **to;
    size_t n, cap;
} renames;

static const char *renamed(const renames *r, const char *name)
{
    for (size_t i = 0; name && i < r->n; i++)
        if (strcmp(r->from[i], name) == 0) return r->to[i];
    return name;
}

static int rename_add(renames *r, const char *from, const char *to)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        char **f = realloc(r->from, cap * sizeof *f);
        if (f) r->from = f;
        char **t = f ? realloc(r->to, cap * sizeof *t) : NULL;
        if (!t) return -1;
        r->to = t;
        r->cap = cap;
    }
    r->from[r->n] = strdup(from);
    r->to[r->n] = strdup(to);
    if (!r->from[r->n] || !r->to[r->n]) {
        free(r->from[r->n]);
        free(r->to[r->n]);
        return -1;
    }
    r->n++;
    return 0;
}

static void renames_free(renames *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->from[i]);
        free(r->to[i]);
    }
    free(r->from);
    free(r->to);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *read_in(const char *dir, const char *name, char *err, size_t errlen)
{
    char *p = cc_fs_join(dir, name), *data = NULL;
    if (!p) return NULL;
    if (cc_fs_read_all(p, 1u << 20, &data, NULL, err, errlen) != 0) data = NULL;
    free(p);
    return data;
}

/* The call a meta.json records: trainee, scenario, start and seed. */
static int same_call(const char *meta_a, const char *meta_b)
{
    static const char *const keys[] = {"trainee", "scenario_id", "started_unix", "seed"};
    int same = 1;
    for (size_t i = 0; i < 4 && same; i++) {
        char *a = cc_meta_get(meta_a, keys[i]), *b = cc_meta_get(meta_b, keys[i]);
        same = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
    }
    return same;
}

static const char *scalar(const cc_yaml_node *map, const char *key)
{
    const cc_yaml_node *n = cc_yaml_get(map, key);
    return n && n->kind == CC_YAML_SCALAR ? n->text : NULL;
}

static int truthy(const char *s) { return s && strcmp(s, "true") == 0; }

static cc_verdict verdict_named(const char *s)
{
    if (s && strcmp(s, "pass") == 0) return CC_VERDICT_PASS;
    if (s && strcmp(s, "fail") == 0) return CC_VERDICT_FAIL;
    return CC_VERDICT_NA;
}

/* Stores the call of a session folder (named name under DATA/sessions). */
static int store_call(cc_history *h, const char *dir, const char *name, const char *meta,
                      const renames *rn, char *err, size_t errlen)
{
    char *json = read_in(dir, "result.json", err, errlen);
    if (!json) return -1;
    cc_diags *d = cc_diags_create();
    cc_yaml_doc *doc = NULL;
    cc_history_verdict *v = NULL;
    cc_meta_how how;
    memset(&how, 0, sizeof how);
    char *trainee = cc_meta_get(meta, "trainee"), *sid = cc_meta_get(meta, "scenario_id");
    char *title = cc_meta_get(meta, "scenario_title"), *std = cc_meta_get(meta, "standard_id");
    char *start = cc_meta_get(meta, "started_unix"), *dur = cc_meta_get(meta, "duration_ms");
    int rc = -1;
    if (!d || cc_yaml_parse("result.json", json, strlen(json), &doc, d) != 0) {
        cc_fs_set_err(err, errlen, "cannot import %s: its result.json cannot be read; it was not "
                      "written by callcoach, or it is damaged", dir);
        goto done;
    }
    const cc_yaml_node *root = cc_yaml_root(doc), *rules = cc_yaml_get(root, "rules");
    const char *score = scalar(root, "score"), *mark = scalar(root, "pass_mark");
    if (!trainee || !sid || !score || !rules || rules->kind != CC_YAML_SEQ) {
        cc_fs_set_err(err, errlen, "cannot import %s: its meta.json or result.json names no "
                      "trainee, scenario, score or rules; it was not written by callcoach", dir);
        goto done;
    }
    v = calloc(rules->count ? rules->count : 1, sizeof *v);
    if (!v) {
        cc_fs_set_err(err, errlen, "cannot import %s: out of memory", dir);
        goto done;
    }
    size_t nv = 0;
    for (size_t i = 0; i < rules->count; i++) {
        const cc_yaml_node *r = rules->values[i];
        const char *id = scalar(r, "id");
        if (!id) continue;
        const char *turn = scalar(r, "turn"), *weight = scalar(r, "weight");
        v[nv].rule_id = id;
        v[nv].rule_title = scalar(r, "title");
        v[nv].weight = weight ? atoi(weight) : 0;
        v[nv].critical = truthy(scalar(r, "critical"));
        v[nv].verdict = verdict_named(scalar(r, "verdict"));
        v[nv].evidence = scalar(r, "evidence");
        v[nv].turn = turn && strcmp(turn, "null") != 0 && strcmp(turn, "~") != 0 ? atoi(turn) : -1;
        nv++;
    }
    cc_meta_how_read(meta, &how);
    /* result.json names the outcome once scenarios declare them; meta.json does already. */
    const char *outcome = scalar(root, "outcome");
    if (outcome && strcmp(outcome, "null") == 0) outcome = NULL;
    cc_history_call c = {trainee, sid, title, std ? std : scalar(root, "standard"),
                         cc_meta_channel(how.channel), name,
                         start ? strtoll(start, NULL, 10) : 0, dur ? strtoll(dur, NULL, 10) : 0,
                         atoi(score), truthy(scalar(root, "passed")), mark ? atoi(mark) : 0, v, nv,
                         how.mode, how.answers, outcome ? outcome : how.outcome,
                         renamed(rn, how.retry_of),
                         how.retry_turn, how.kept_ms};
    rc = cc_history_add(h, &c, NULL, err, errlen);
done:
    cc_meta_how_clear(&how);
    free(v);
    cc_yaml_free(doc);
    cc_diags_free(d);
    free(json);
    free(trainee);
    free(sid);
    free(title);
    free(std);
    free(start);
    free(dur);
    return rc;
}

/* Copies the files of from (a flat session folder) to a new folder to, made
 * under a dot name beside it and renamed when whole. */
static int copy_folder(const char *from, const char *sessions, const char *name, char *err,
                       size_t errlen)
{
    char tmp[2 * PATH_MAX + 16], to[2 * PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s/.importing-%s", sessions, name);
    snprintf(to, sizeof to, "%s/%s", sessions, name);
    cc_fs_remove_tree(tmp, NULL, NULL, NULL, 0); /* left by an interrupted import */
    if (cc_fs_mkdirs(tmp, 0755, err, errlen) != 0) return -1;
    DIR *d = opendir(from);
    if (!d) return cc_fs_fail(err, errlen, "read", from, errno);
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char *src = cc_fs_join(from, de->d_name), *dst = cc_fs_join(tmp, de->d_name);
        struct stat st;
        if (!src || !dst) {
            cc_fs_set_err(err, errlen, "cannot copy %s: out of memory", from);
            rc = -1;
        } else if (stat(src, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = cc_fs_copy_file(src, dst, err, errlen);
        }
        free(src);
        free(dst);
    }
    closedir(d);
    if (rc == 0 && rename(tmp, to) != 0) rc = cc_fs_fail(err, errlen, "create", to, errno);
    if (rc == 0) rc = cc_fs_sync_dir(sessions, err, errlen);
    if (rc != 0) cc_fs_remove_tree(tmp, NULL, NULL, NULL, 0);
    return rc;
}

static void note(cc_buf *notes, const char *dir, const char *why)
{
    if (notes) cc_buf_printf(notes, "skipped %s: %s\n", dir, why);
}

static int import_one(cc_history *h, const char *sessions, const char *dir, cc_import_counts *n,
                      renames *rn, cc_buf *notes, char *err, size_t errlen)
{
    if (!cc_fs_has_file(dir, "meta.json")) return 0; /* not a session folder */
    if (!cc_fs_has_file(dir, "result.json")) {
        n->skipped++;
        note(notes, dir, "the call is unfinished (no result.json); start callcoach once on the "
                         "desk it was recorded on to recover it, then import it again");
        return 0;
    }
    char *meta = read_in(dir, "meta.json", err, errlen);
    if (!meta) return -1;
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    char real_from[PATH_MAX], real_to[PATH_MAX], name[PATH_MAX];
    int rc = 0;
    for (int k = 1; k < 1000; k++) {
        if (k == 1) snprintf(name, sizeof name, "%s", base);
        else snprintf(name, sizeof name, "%s-%d", base, k);
        char *to = cc_fs_join(sessions, name);
        if (!to) {
            rc = -1;
            break;
        }
        if (!is_dir(to)) {
            free(to);
            rc = copy_folder(dir, sessions, name, err, errlen);
            if (rc == 0 && k > 1 && rename_add(rn, base, name) != 0) {
                cc_fs_set_err(err, errlen, "cannot import %s: out of memory", dir);
                rc = -1;
            }
            break;
        }
        /* The same folder (importing the data folder's own sessions), or this call copied
         * before: nothing to copy. */
        char *here = read_in(to, "meta.json", NULL, 0);
        int same = here && same_call(here, meta);
        int itself = realpath(dir, real_from) && realpath(to, real_to) && !strcmp(real_from, real_to);
        free(here);
        free(to);
        if (same || itself) break;
    }
    if (rc == 0) {
        char *to = cc_fs_join(sessions, name);
        rc = to ? store_call(h, to, name, meta, rn, err, errlen) : -1;
        free(to);
        if (rc == 0) n->imported++;
        else if (rc == CC_HISTORY_EXISTS) {
            n->already++;
            rc = 0;
        }
    }
    free(meta);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cc_import_path(cc_history *h, const char *data_dir, const char *from, cc_import_counts *n,
                   cc_buf *notes, char *err, size_t errlen)
{
    memset(n, 0, sizeof *n);
    if (!is_dir(from)) {
        cc_fs_set_err(err, errlen, "cannot import %s: %s; give a data folder, its sessions folder "
                      "or a session folder", from, errno == ENOENT ? "there is no such folder"
                                                                   : "it is not a folder");
        return -1;
    }
    char *sessions = cc_fs_join(data_dir, "sessions");
    if (!sessions || cc_fs_mkdirs(sessions, 0755, err, errlen) != 0) {
        free(sessions);
        return -1;
    }
    int rc = 0;
    if (cc_fs_has_file(from, "meta.json")) {
        renames none = {0};
        rc = import_one(h, sessions, from, n, &none, notes, err, errlen);
        renames_free(&none);
        free(sessions);
        return rc;
    }
    char *sub = cc_fs_join(from, "sessions");
    const char *scan = sub && is_dir(sub) ? sub : from;
    DIR *d = opendir(scan);
    if (!d) {
        rc = cc_fs_fail(err, errlen, "read", scan, errno);
        goto out;
    }
    /* In name order (the folder names begin with the time): originals before their retries. */
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (cc_grow((void **)&names, &cap, nn, sizeof *names) != 0) break;
        if (!(names[nn] = cc_fs_join(scan, de->d_name))) break;
        nn++;
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, name_cmp);
    renames rn = {0};
    for (size_t i = 0; i < nn && rc == 0; i++)
        if (is_dir(names[i])) rc = import_one(h, sessions, names[i], n, &rn, notes, err, errlen);
    renames_free(&rn);
    for (size_t i = 0; i < nn; i++) free(names[i]);
    free(names);
out:
    free(sub);
    free(sessions);
    return rc;
}
