/* retention: audio kept N days; one trainee forgotten. See retention.h. */
#define _POSIX_C_SOURCE 200809L
#include "retention.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fsutil.h"
#include "meta.h"

static char *meta_of(const char *dir)
{
    char *p = cc_fs_join(dir, "meta.json"), *m = NULL;
    if (p && cc_fs_read_all(p, 1u << 20, &m, NULL, NULL, 0) != 0) m = NULL;
    free(p);
    return m;
}

/* Calls fn on every session folder under DATA/sessions (dot names left out). */
static int each_session(const char *data_dir, int (*fn)(const char *dir, const char *name, void *ctx),
                        void *ctx, char *err, size_t errlen)
{
    char *sessions = cc_fs_join(data_dir, "sessions");
    if (!sessions) {
        cc_fs_set_err(err, errlen, "cannot read the sessions: out of memory");
        return -1;
    }
    DIR *d = opendir(sessions);
    if (!d) {
        int e = errno;
        free(sessions);
        return e == ENOENT ? 0 : cc_fs_fail(err, errlen, "read", data_dir, e);
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char *dir = cc_fs_join(sessions, de->d_name);
        if (!dir) {
            cc_fs_set_err(err, errlen, "cannot read the sessions: out of memory");
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) rc = fn(dir, de->d_name, ctx);
        free(dir);
    }
    closedir(d);
    free(sessions);
    return rc;
}

/* ---- audio kept N days ---- */

typedef struct {
    int64_t before;
    int days;
    cc_retention_counts *n;
    char *err;
    size_t errlen;
} prune_ctx;

static int prune_one(const char *dir, const char *name, void *p)
{
    (void)name;
    prune_ctx *c = p;
    if (!cc_fs_has_file(dir, "result.json")) return 0;
    char *meta = meta_of(dir);
    int64_t at = cc_meta_int(meta, "started_unix");
    free(meta);
    if (at <= 0 || at >= c->before) return 0;
    static const char *const tracks[] = {"trainee.wav", "caller.wav"};
    size_t files = c->n->files;
    for (int t = 0; t < 2; t++) {
        char *w = cc_fs_join(dir, tracks[t]);
        int rc = w ? cc_fs_remove_tree(w, &c->n->files, &c->n->bytes, c->err, c->errlen) : -1;
        free(w);
        if (rc) return -1;
    }
    if (c->n->files == files) return 0;
    c->n->sessions++;
    char when[32], text[256], *p2 = cc_fs_join(dir, CC_AUDIO_REMOVED_FILE);
    time_t now = (time_t)(c->before + (int64_t)c->days * 86400);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%d", &tm);
    else snprintf(when, sizeof when, "%lld", (long long)now);
    int n = snprintf(text, sizeof text, "The recording (trainee.wav, caller.wav) was removed on %s: "
                     "audio is kept for %d days. The score, transcript and take are kept.\n",
                     when, c->days);
    int rc = p2 ? cc_fs_write_atomic(p2, text, (size_t)n, c->err, c->errlen) : -1;
    free(p2);
    return rc;
}

int cc_retention_prune_audio(const char *data_dir, int days, int64_t now, cc_retention_counts *n,
                             char *err, size_t errlen)
{
    memset(n, 0, sizeof *n);
    if (days <= 0) return 0;
    char *dir = cc_data_dir(data_dir, err, errlen);
    if (!dir) return -1;
    prune_ctx c = {now - (int64_t)days * 86400, days, n, err, errlen};
    int rc = each_session(dir, prune_one, &c, err, errlen);
    free(dir);
    return rc;
}

/* ---- one trainee forgotten ---- */

typedef struct {
    const char *trainee;
    char **folders;   /* the history's, already removed */
    size_t nfolders;
    cc_buf *report;
    int found;
    char *err;
    size_t errlen;
} forget_ctx;

static void report_removed(cc_buf *r, const char *what, const char *path, size_t files,
                           unsigned long long bytes)
{
    if (r) cc_buf_printf(r, "removed %s %s (%zu file%s, %llu bytes)\n", what, path, files,
                         files == 1 ? "" : "s", bytes);
}

static int forget_one(const char *dir, const char *name, void *p)
{
    forget_ctx *c = p;
    int theirs = 0;
    for (size_t i = 0; i < c->nfolders && !theirs; i++) theirs = strcmp(c->folders[i], name) == 0;
    if (!theirs) {
        char *meta = meta_of(dir), *who = cc_meta_get(meta, "trainee");
        theirs = who && cc_history_same_name(who, c->trainee);
        free(who);
        free(meta);
    }
    if (!theirs) return 0;
    size_t files = 0;
    unsigned long long bytes = 0;
    if (cc_fs_remove_tree(dir, &files, &bytes, c->err, c->errlen) != 0) return -1;
    c->found = 1;
    report_removed(c->report, "session", dir, files, bytes);
    return 0;
}

/* calibration/NAME.*: NAME is the trainee, spaces as dashes, in any case. */
static int calibration_of(const char *file, const char *trainee)
{
    char *stem = malloc(strlen(file) + 1), *who = cc_history_name_clean(trainee);
    int match = 0;
    if (stem && who) {
        strcpy(stem, file);
        char *dot = strchr(stem, '.');
        if (dot) *dot = '\0';
        for (char *q = who; *q; q++)
            if (*q == ' ') *q = '-';
        match = cc_history_same_name(stem, who);
    }
    free(stem);
    free(who);
    return match;
}

int cc_retention_delete_trainee(cc_history *h, const char *data_dir, const char *trainee,
                                cc_buf *report, char *err, size_t errlen)
{
    char *dir = cc_data_dir(data_dir, err, errlen);
    if (!dir) return CC_HISTORY_ERROR;
    forget_ctx c = {trainee, NULL, 0, report, 0, err, errlen};
    int rows = 0, rc = 0;
    if (h) {
        rc = cc_history_delete_trainee(h, trainee, &c.folders, &c.nfolders, &rows, err, errlen);
        if (rc == CC_HISTORY_MISSING) rc = 0;
        else if (rc < 0) goto done;
        else {
            c.found = 1;
            if (report) cc_buf_printf(report, "removed %d session%s of %s from the history\n", rows,
                                      rows == 1 ? "" : "s", trainee);
        }
    }
    /* Folders after rows: a folder whose row is gone is never shown without its call. */
    if ((rc = each_session(dir, forget_one, &c, err, errlen)) != 0) goto done;
    char *cal = cc_fs_join(dir, "calibration");
    DIR *d = cal ? opendir(cal) : NULL;
    if (d) {
        struct dirent *de;
        while (rc == 0 && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.' || !calibration_of(de->d_name, trainee)) continue;
            char *f = cc_fs_join(cal, de->d_name);
            size_t files = 0;
            unsigned long long bytes = 0;
            rc = f ? cc_fs_remove_tree(f, &files, &bytes, err, errlen) : -1;
            if (rc == 0) {
                c.found = 1;
                report_removed(report, "calibration", f, files, bytes);
            }
            free(f);
        }
        closedir(d);
    }
    free(cal);
    if (rc == 0 && !c.found) {
        cc_fs_set_err(err, errlen, "nothing of trainee '%s' in %s: no history rows, sessions or "
                      "calibration; names are compared without case (see callcoach-report for "
                      "the names the history has)", trainee, dir);
        rc = CC_HISTORY_MISSING;
    }
done:
    cc_history_names_free(c.folders, c.nfolders);
    free(dir);
    return rc;
}
