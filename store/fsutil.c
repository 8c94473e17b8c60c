/* fsutil: the data folder and durable small files. See fsutil.h. */
#define _POSIX_C_SOURCE 200809L
#include "fsutil.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>


const char *cc_fs_hint(int e)
{
    switch (e) {
    case ENOSPC: return "the disk is full; free some space and try again";
#ifdef EDQUOT
    case EDQUOT: return "your disk quota is used up; free some space and try again";
#endif
    case EROFS: return "the disk is read-only; choose another data folder (--data-dir or CALLCOACH_HOME)";
    case EACCES:
    case EPERM:
        return "you may not write there; fix the folder's permissions or choose another data "
               "folder (--data-dir or CALLCOACH_HOME)";
    case ENOENT: return "the folder does not exist; check the path";
    case ENOTDIR: return "part of the path is a file, not a folder; check the path";
    case EIO: return "the disk reported an error; check the disk";
    case ENOMEM: return "close other programs and try again";
    case EFBIG: return "the file grew too big; free some space or record a shorter call";
    default: return "check the disk and the folder";
    }
}

int cc_fs_fail(char *err, size_t errlen, const char *verb, const char *path, int e)
{
    cc_fs_set_err(err, errlen, "cannot %s %s: %s; %s", verb, path, strerror(e), cc_fs_hint(e));
    return -1;
}

char *cc_fs_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s) return NULL;
    memcpy(s, a, la);
    size_t n = la;
    if (n == 0 || s[n - 1] != '/') s[n++] = '/';
    memcpy(s + n, b, lb + 1);
    return s;
}

int cc_fs_has_file(const char *dir, const char *name)
{
    char *p = cc_fs_join(dir, name);
    struct stat st;
    int ok = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

static char *strip_slashes(char *s)
{
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/') s[--n] = '\0';
    return s;
}


char *cc_data_dir(const char *explicit_dir, char *err, size_t errlen)
{
    char *d = NULL;
    const char *env;
    if (explicit_dir && *explicit_dir) d = cc_strdup(explicit_dir);
    else if ((env = getenv("CALLCOACH_HOME")) && *env) d = cc_strdup(env);
    else if ((env = getenv("XDG_DATA_HOME")) && env[0] == '/') d = cc_fs_join(env, "callcoach");
    else if ((env = getenv("HOME")) && *env) d = cc_fs_join(env, ".local/share/callcoach");
    else {
        cc_fs_set_err(err, errlen,
                "cannot find the data folder: neither CALLCOACH_HOME, XDG_DATA_HOME nor HOME is "
                "set; set CALLCOACH_HOME to a folder or pass one");
        return NULL;
    }
    if (!d) {
        cc_fs_set_err(err, errlen, "cannot find the data folder: out of memory; close other programs");
        return NULL;
    }
    return strip_slashes(d);
}

int cc_fs_mkdirs(const char *path, mode_t mode, char *err, size_t errlen)
{
    char *p = cc_strdup(path);
    if (!p) return cc_fs_fail(err, errlen, "create", path, ENOMEM);
    size_t n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0') continue;
        char c = p[i];
        p[i] = '\0';
        struct stat st;
        if (stat(p, &st) != 0) {
            if (errno != ENOENT || (mkdir(p, mode) != 0 && errno != EEXIST)) {
                int e = errno;
                cc_fs_fail(err, errlen, "create the folder", p, e);
                free(p);
                errno = e;
                return -1;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            cc_fs_fail(err, errlen, "create the folder", p, ENOTDIR);
            free(p);
            errno = ENOTDIR;
            return -1;
        }
        p[i] = c;
    }
    free(p);
    return 0;
}

int cc_fs_sync_dir(const char *dir, char *err, size_t errlen)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return cc_fs_fail(err, errlen, "open the folder", dir, errno);
    int rc = 0;
    if (fsync(fd) != 0 && errno != EINVAL) rc = cc_fs_fail(err, errlen, "sync the folder", dir, errno);
    close(fd);
    return rc;
}

int cc_fs_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    if (!path || (len && !data)) {
        cc_fs_set_err(err, errlen, "cannot write a file: no path or no data given");
        return -1;
    }
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    char *dir = cc_strdup(path);
    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        return cc_fs_fail(err, errlen, "write", path, ENOMEM);
    }
    /* The temporary sits beside the target ("NAME.tmpXXXXXX"), so the rename
     * never crosses file systems. */
    snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    else strcpy(dir, ".");

    int e = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        free(tmp);
        free(dir);
        return cc_fs_fail(err, errlen, "write", path, e);
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            e = errno;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (!e && fchmod(fd, 0644) != 0) e = errno;
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        free(dir);
        return cc_fs_fail(err, errlen, "write", path, e);
    }
    free(tmp);
    int rc = cc_fs_sync_dir(dir, err, errlen);
    free(dir);
    return rc;
}

int cc_fs_read_all(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen)
{
    *data = NULL;
    if (len) *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return cc_fs_fail(err, errlen, "read", path, errno);
    size_t cap = max > 0 && max < 4096 ? max : 4096, n = 0;
    char *buf = malloc(cap + 1);
    int e = 0;
    while (buf) {
        if (n == cap) {
            if (cap >= max) {
                e = EFBIG;
                break;
            }
            cap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                e = ENOMEM;
                break;
            }
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            e = errno;
            break;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    if (!buf) e = ENOMEM;
    close(fd);
    if (e) {
        free(buf);
        return cc_fs_fail(err, errlen, "read", path, e);
    }
    buf[n] = '\0';
    *data = buf;
    if (len) *len = n;
    return 0;
}

void cc_fs_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int cc_fs_copy_file(const char *from, const char *to, char *err, size_t errlen)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return cc_fs_fail(err, errlen, "read", from, errno);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        return cc_fs_fail(err, errlen, "write", to, e);
    }
    char buf[65536];
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            rc = cc_fs_fail(err, errlen, "read", from, errno);
            break;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                rc = cc_fs_fail(err, errlen, "write", to, w < 0 ? errno : ENOSPC);
                break;
            }
            off += w;
        }
        if (rc) break;
    }
    if (rc == 0 && fsync(out) != 0) rc = cc_fs_fail(err, errlen, "write", to, errno);
    close(in);
    if (close(out) != 0 && rc == 0) rc = cc_fs_fail(err, errlen, "write", to, errno);
    if (rc) unlink(to);
    return rc;
}

int cc_fs_remove_tree(const char *path, size_t *files, unsigned long long *bytes, char *err,
                      size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : cc_fs_fail(err, errlen, "remove", path, errno);
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0) return cc_fs_fail(err, errlen, "remove", path, errno);
        if (files) (*files)++;
        if (bytes) *bytes += (unsigned long long)st.st_size;
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) return cc_fs_fail(err, errlen, "remove", path, errno);
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *sub = cc_fs_join(path, de->d_name);
        if (!sub) {
            cc_fs_set_err(err, errlen, "cannot remove %s: out of memory", path);
            rc = -1;
            break;
        }
        rc = cc_fs_remove_tree(sub, files, bytes, err, errlen);
        free(sub);
    }
    closedir(d);
    if (rc == 0 && rmdir(path) != 0) rc = cc_fs_fail(err, errlen, "remove", path, errno);
    return rc;
}
