/* Helpers for the voice tests: a scratch folder, running sox and espeak-ng, word error rate.
 * Speech is made at test time: espeak-ng into a WAV, then `sox -D` to 16 kHz mono 16-bit
 * with 1 s of trailing silence (bit-exact, so every run hears the same audio). */
#ifndef CC_VOICETEST_H
#define CC_VOICETEST_H

#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

/* A fresh folder under $TMPDIR or /tmp, removed with vt_rmdir(). */
static inline char *vt_mkdtemp(void)
{
    const char *t = getenv("TMPDIR");
    static char buf[4][512];
    static int next;
    char *b = buf[next++ % 4];
    snprintf(b, 512, "%s/callcoach-voicetest-XXXXXX", t && *t ? t : "/tmp");
    char *d = mkdtemp(b);
    assert_non_null(d);
    return d;
}

static inline void vt_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[1024];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* Runs a shell command (printf-style); fails the test with the command if it fails. */
static inline void vt_run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    if (rc != 0) fail_msg("command failed (%d): %s", rc, cmd);
}

static inline int vt_have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static inline void vt_need_tools(void)
{
    if (!vt_have("sox")) fail_msg("sox is not installed (apt-get install sox)");
    if (!vt_have("espeak-ng"))
        fail_msg("the espeak-ng command is not installed (apt-get install espeak-ng)");
}

/* Speaks text with an espeak-ng voice into out (16 kHz mono 16-bit, trailing_s of silence
 * after it). Text must not contain a double quote. */
static inline void vt_say(const char *dir, const char *voice, const char *text, double trailing_s,
                          const char *out)
{
    vt_run("espeak-ng -v '%s' -w '%s/raw.wav' \"%s\" && "
           "sox -D '%s/raw.wav' -r 16000 -c 1 -b 16 '%s' pad 0 %g",
           voice, dir, text, dir, out, trailing_s);
}

/* Levenshtein distance over words (split on spaces); *nref gets the reference length. */
static inline size_t vt_word_errors(const char *ref, const char *hyp, size_t *nref)
{
    char *r = strdup(ref), *h = strdup(hyp);
    assert_non_null(r);
    assert_non_null(h);
    const char *rw[512], *hw[512];
    size_t n = 0, m = 0;
    for (char *s, *t = strtok_r(r, " \t\n", &s); t && n < 512; t = strtok_r(NULL, " \t\n", &s)) rw[n++] = t;
    for (char *s, *t = strtok_r(h, " \t\n", &s); t && m < 512; t = strtok_r(NULL, " \t\n", &s)) hw[m++] = t;
    size_t *prev = calloc(m + 1, sizeof *prev), *cur = calloc(m + 1, sizeof *cur);
    assert_non_null(prev);
    assert_non_null(cur);
    for (size_t j = 0; j <= m; j++) prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t sub = prev[j - 1] + (strcmp(rw[i - 1], hw[j - 1]) != 0);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[m];
    free(prev);
    free(cur);
    free(r);
    free(h);
    *nref = n;
    return d;
}

/* Lines of a text file (non-empty), kept for the life of the program. */
static inline size_t vt_read_lines(const char *path, char ***out)
{
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot read %s", path);
    size_t n = 0, cap = 64;
    char **v = malloc(cap * sizeof *v);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        if (n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = strdup(line);
    }
    fclose(f);
    *out = v;
    return n;
}

#endif
