/* buf: a growable byte string for building reports and JSON in the pure library.
 *
 * Contract: a cc_buf is a plain struct the caller owns (zero-initialise it with
 * CC_BUF_INIT); functions grow it with realloc and keep it NUL-terminated. On
 * out-of-memory the buffer sets `failed` and ignores further appends, so a
 * caller checks once at the end instead of after every append. */
#ifndef CC_BUF_H
#define CC_BUF_H

#include <stddef.h>

typedef struct {
    char *data;   /* NUL-terminated once anything was appended; may be NULL when empty */
    size_t len, cap;
    int failed;
} cc_buf;

#define CC_BUF_INIT {NULL, 0, 0, 0}

void cc_buf_append(cc_buf *b, const char *s, size_t n);
void cc_buf_puts(cc_buf *b, const char *s);
void cc_buf_printf(cc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* s as a JSON string literal, with quotes. */
void cc_buf_json_string(cc_buf *b, const char *s);
const char *cc_buf_str(const cc_buf *b); /* "" when empty */
void cc_buf_reset(cc_buf *b);            /* frees the storage */
/* Returns the string and leaves b empty; the caller frees it. NULL if b failed. */
char *cc_buf_take(cc_buf *b);

#endif
