#define _POSIX_C_SOURCE 200809L
#include "jsonout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "report.h"

int cc_write_file_atomic(const char *path, const char *data, size_t len, char *err,
                         size_t errlen)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file beside %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    /* fsync before rename: otherwise a crash can leave the new name on an empty file. */
    if (fsync(fd) != 0 || close(fd) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename to %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    /* The rename itself is durable only once the folder is synced. */
    char *dir = strdup(path);
    if (dir) {
        char *slash = strrchr(dir, '/');
        const char *d = ".";
        if (slash) {
            *slash = '\0';
            d = *dir ? dir : "/";
        }
        int dfd = open(d, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    return 0;
}

int cc_write_result_json(const char *path, const cc_standard *std, const cc_scenario *scn,
                         const cc_record *rec, const cc_result *res, char *err, size_t errlen)
{
    cc_buf b = CC_BUF_INIT;
    cc_report_json(&b, std, scn, rec, res);
    if (b.failed) {
        cc_buf_reset(&b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int r = cc_write_file_atomic(path, cc_buf_str(&b), b.len, err, errlen);
    cc_buf_reset(&b);
    return r;
}
