#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cc_file_status cc_file_read(const char *path, size_t max, char **data, size_t *len,
                            cc_diags *diags)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(e));
        return e == ENOENT || e == ENOTDIR ? CC_FILE_MISSING : CC_FILE_UNREADABLE;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    cc_file_status st = CC_FILE_OK;
    while (buf) {
        if (n == cap) {
            if (cap > max) break;
            cap *= 2;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n > max) break;
    }
    if (!buf) {
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "out of memory reading the file");
        st = CC_FILE_UNREADABLE;
    } else if (ferror(f)) {
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "read error: %s", strerror(errno));
        st = CC_FILE_UNREADABLE;
    } else if (n > max) {
        if (max % (1024 * 1024) == 0)
            cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0,
                         "file is over %zu MiB; split it into smaller files", max / (1024 * 1024));
        else
            cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0,
                         "file is over %zu bytes; split it into smaller files", max);
        st = CC_FILE_BAD;
    }
    fclose(f);
    if (st != CC_FILE_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return CC_FILE_OK;
}

cc_file_status cc_standard_load_file(const char *path, cc_standard **out, cc_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    cc_file_status st = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, diags);
    if (st != CC_FILE_OK) return st;
    *out = cc_standard_load(path, data, len, diags);
    free(data);
    return *out ? CC_FILE_OK : CC_FILE_BAD;
}

cc_file_status cc_scenario_load_file(const char *path, const cc_standard *std, cc_scenario **out,
                                     cc_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    cc_file_status st = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, diags);
    if (st != CC_FILE_OK) return st;
    *out = cc_scenario_load(path, data, len, std, diags);
    free(data);
    return *out ? CC_FILE_OK : CC_FILE_BAD;
}

cc_file_status cc_take_load_file(const char *path, cc_take **out, cc_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    cc_file_status st = cc_file_read(path, CC_TAKE_MAX_BYTES, &data, &len, diags);
    if (st != CC_FILE_OK) return st;
    *out = cc_take_parse(path, data, len, diags);
    free(data);
    return *out ? CC_FILE_OK : CC_FILE_BAD;
}

/* A top-level `standard:` or `scenario:` key decides; good enough to route a
 * file to the right loader, which then checks everything. */
const char *cc_file_kind(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != '\n' && data[i] != '\r') i++;
        const char *l = data + start;
        size_t n = i - start;
        while (i < len && (data[i] == '\n' || data[i] == '\r')) i++;
        if (n == 0 || l[0] == '#' || l[0] == ' ' || l[0] == '\t') continue;
        if (n >= 3 && memcmp(l, "---", 3) == 0) continue;
        if (n >= 9 && memcmp(l, "standard:", 9) == 0) return "standard";
        if (n >= 9 && memcmp(l, "scenario:", 9) == 0) return "scenario";
        if (n >= 7 && memcmp(l, "course:", 7) == 0) return "course";
    }
    return NULL;
}
