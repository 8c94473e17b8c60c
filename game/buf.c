#include "buf.h"

#include <stdint.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Room for extra bytes and the NUL; 0 (and failed set) when there is none. */
static int grow(cc_buf *b, size_t extra)
{
    if (b->failed) return 0;
    void *data = b->data;
    if (extra > SIZE_MAX - b->len - 1 || cc_grow(&data, &b->cap, b->len + extra, 1) != 0) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    return 1;
}

void cc_buf_append(cc_buf *b, const char *s, size_t n)
{
    if (!grow(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cc_buf_puts(cc_buf *b, const char *s) { cc_buf_append(b, s, strlen(s)); }

void cc_buf_printf(cc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (!grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cc_buf_json_string(cc_buf *b, const char *s)
{
    cc_buf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': cc_buf_append(b, "\\\"", 2); break;
        case '\\': cc_buf_append(b, "\\\\", 2); break;
        case '\n': cc_buf_append(b, "\\n", 2); break;
        case '\r': cc_buf_append(b, "\\r", 2); break;
        case '\t': cc_buf_append(b, "\\t", 2); break;
        default:
            if (*p < 0x20)
                cc_buf_printf(b, "\\u%04x", *p);
            else
                cc_buf_append(b, (const char *)p, 1);
        }
    }
    cc_buf_append(b, "\"", 1);
}

const char *cc_buf_str(const cc_buf *b) { return b->data ? b->data : ""; }

void cc_buf_reset(cc_buf *b)
{
    free(b->data);
    *b = (cc_buf)CC_BUF_INIT;
}

char *cc_buf_take(cc_buf *b)
{
    if (b->failed) {
        cc_buf_reset(b);
        return NULL;
    }
    char *s = b->data;
    if (!s) {
        s = malloc(1);
        if (s) *s = '\0';
    }
    *b = (cc_buf)CC_BUF_INIT;
    return s;
}
