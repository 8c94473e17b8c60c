/* What the store tests share: temporary folders, playing shipped takes, and running
 * a check in a child process (with its own mount namespace, for a small or
 * read-only tmpfs; or as another user, since root ignores folder permissions). */
#ifndef CC_STORETEST_H
#define CC_STORETEST_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "files.h"
#include "report.h"
#include "score.h"
#include "sim.h"

#define ST_SKIP 77

static inline char *st_tempdir(void)
{
    char tmpl[] = "/tmp/cc-store-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    chmod(d, 0755);
    return strdup(d);
}

static inline int st_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)flag;
    (void)f;
    return remove(p);
}

static inline void st_rmrf(const char *dir)
{
    if (dir) nftw(dir, st_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline char *st_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static inline int st_exists(const char *dir, const char *name)
{
    char *p = st_path(dir, name);
    struct stat s;
    int r = stat(p, &s) == 0;
    free(p);
    return r;
}

static inline char *st_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    size_t r;
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) b = realloc(b, (cap *= 2) + 1);
    }
    fclose(f);
    b[n] = '\0';
    if (len) *len = n;
    return b;
}

static inline void st_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static inline double st_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the shipped content ---- */

static cc_standard *st_std;

static inline cc_standard *st_standard(void)
{
    if (st_std) return st_std;
    cc_diags *d = cc_diags_create();
    cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &st_std, d);
    cc_diags_free(d);
    assert_non_null(st_std);
    return st_std;
}

static inline cc_scenario *st_scenario(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, id);
    cc_diags *d = cc_diags_create();
    cc_scenario *s = NULL;
    cc_scenario_load_file(path, st_standard(), &s, d);
    cc_diags_free(d);
    assert_non_null(s);
    return s;
}

/* The takes of scenarios/takes/<scenario>/, sorted; *n of them. */
static inline char **st_takes(const char *scenario, size_t *n)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/scenarios/takes/%s", CC_DATA_DIR, scenario);
    struct dirent **list = NULL;
    int k = scandir(dir, &list, NULL, alphasort);
    assert_true(k >= 0);
    char **out = calloc((size_t)k + 1, sizeof *out);
    *n = 0;
    for (int i = 0; i < k; i++) {
        size_t l = strlen(list[i]->d_name);
        if (l > 5 && strcmp(list[i]->d_name + l - 5, ".take") == 0)
            out[(*n)++] = st_path(dir, list[i]->d_name);
        free(list[i]);
    }
    free(list);
    return out;
}

static inline void st_free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++) free(l[i]);
    free(l);
}

static const char *const st_shipped[] = {"absent-colleague", "rude-caller", "second-line",
                                         "transfer-request"};

/* A call played from a parsed take on the simulated clock, and its score. */
typedef struct {
    cc_sim *sim;
    const cc_record *rec;
    cc_result *res;
} st_call;

static inline void st_play_take(const cc_scenario *scn, const cc_take *t, const char *trainee,
                                uint64_t seed, st_call *c)
{
    c->sim = cc_sim_create(st_standard(), scn, trainee, seed, NULL, NULL);
    assert_non_null(c->sim);
    for (size_t i = 0; i < t->count; i++) assert_int_equal(cc_sim_apply(c->sim, &t->actions[i]), 0);
    assert_int_equal(cc_sim_finish(c->sim), 0);
    c->rec = cc_call_record(cc_sim_call(c->sim));
    c->res = cc_score(st_standard(), scn, c->rec);
    assert_non_null(c->res);
}

static inline void st_play_file(const cc_scenario *scn, const char *take_path, const char *trainee,
                                uint64_t seed, st_call *c)
{
    cc_diags *d = cc_diags_create();
    cc_take *t = NULL;
    assert_int_equal(cc_take_load_file(take_path, &t, d), CC_FILE_OK);
    cc_diags_free(d);
    st_play_take(scn, t, trainee, seed, c);
    cc_take_free(t);
}

static inline void st_call_free(st_call *c)
{
    cc_result_free(c->res);
    cc_sim_free(c->sim);
    memset(c, 0, sizeof *c);
}

/* ---- checks in a child ---- */

/* Runs fn(arg) in a child and returns what it exited with (fn returns it; 0 is
 * success, ST_SKIP means the machine cannot do the check). A child's failed
 * check prints why on stderr. */
static inline int st_in_child(int (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) _exit(fn(arg));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) {
        print_error("child killed by signal %d\n", WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

#define CHILD_CHECK(cond)                                                                       \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);            \
            return 1;                                                                           \
        }                                                                                       \
    } while (0)

/* In a child: a private mount namespace with a tmpfs of `kib` KiB on dir
 * (read-only when ro). 0, or ST_SKIP when the machine does not allow it. */
static inline int st_child_tmpfs(const char *dir, int kib, int ro)
{
    if (unshare(CLONE_NEWNS) != 0) return ST_SKIP;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return ST_SKIP;
    char opts[64];
    snprintf(opts, sizeof opts, "size=%dk,mode=0755", kib);
    if (mount("tmpfs", dir, "tmpfs", 0, opts) != 0) return ST_SKIP;
    if (ro && mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0) return ST_SKIP;
    return 0;
}

/* In a child: stop being root, so folder permissions apply. */
static inline int st_child_drop_root(void)
{
    if (geteuid() != 0) return 0;
    if (setgid(65534) != 0 || setuid(65534) != 0) return ST_SKIP;
    return 0;
}

static inline void st_expect_child(int rc)
{
    if (rc == ST_SKIP) skip();
    assert_int_equal(rc, 0);
}

#endif
