/* meta: reading and writing meta.json. See meta.h. */
#define _POSIX_C_SOURCE 200809L
#include "meta.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The value of "key" in a flat JSON object we wrote: a string (unescaped, malloc'd)
 * or, for numbers and literals, the token text. NULL when absent or null. */
char *cc_meta_get(const char *json, const char *key)
{
    if (!json) return NULL;
    size_t kl = strlen(key);
    for (const char *p = json; (p = strchr(p, '"')) != NULL; p++) {
        if (strncmp(p + 1, key, kl) != 0 || p[1 + kl] != '"') continue;
        const char *q = p + 2 + kl;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
        if (*q != ':') continue;
        q++;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
        if (*q == '"') {
            cc_buf b = CC_BUF_INIT;
            for (q++; *q && *q != '"'; q++) {
                if (*q != '\\') {
                    cc_buf_append(&b, q, 1);
                    continue;
                }
                q++;
                char c = *q;
                if (c == 'n') c = '\n';
                else if (c == 't') c = '\t';
                else if (c == 'r') c = '\r';
                else if (c == 'b') c = '\b';
                else if (c == 'f') c = '\f';
                else if (c == 'u') {
                    unsigned cp = 0;
                    int i = 1;
                    for (; i <= 4 && q[i]; i++) {
                        char h = q[i];
                        cp = cp * 16 + (unsigned)(h >= '0' && h <= '9'   ? h - '0'
                                                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                                         : 0);
                    }
                    /* A file cut inside "\uXXXX" ends the string here, not past its end. */
                    q += i - 1;
                    char u[4];
                    size_t n = 0;
                    if (cp < 0x80) u[n++] = (char)cp;
                    else if (cp < 0x800) {
                        u[n++] = (char)(0xC0 | (cp >> 6));
                        u[n++] = (char)(0x80 | (cp & 0x3F));
                    } else {
                        u[n++] = (char)(0xE0 | (cp >> 12));
                        u[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                        u[n++] = (char)(0x80 | (cp & 0x3F));
                    }
                    cc_buf_append(&b, u, n);
                    continue;
                } else if (!c) break;
                cc_buf_append(&b, &c, 1);
            }
            if (!b.data && !b.failed) cc_buf_puts(&b, "");
            return cc_buf_take(&b);
        }
        const char *e = q;
        while (*e && *e != ',' && *e != '}' && *e != '\n' && *e != ' ') e++;
        if (e == q || (e - q == 4 && strncmp(q, "null", 4) == 0)) return NULL;
        char *s = malloc((size_t)(e - q) + 1);
        if (!s) return NULL;
        memcpy(s, q, (size_t)(e - q));
        s[e - q] = '\0';
        return s;
    }
    return NULL;
}

int64_t cc_meta_int(const char *json, const char *key)
{
    char *v = cc_meta_get(json, key);
    int64_t n = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    return n;
}

uint64_t cc_meta_uint(const char *json, const char *key)
{
    char *v = cc_meta_get(json, key);
    uint64_t n = v ? strtoull(v, NULL, 10) : 0;
    free(v);
    return n;
}

const char *cc_meta_channel(const char *word)
{
    if (!word || !strcmp(word, "voice") || !strcmp(word, "desktop")) return "desktop";
    if (!strcmp(word, "text") || !strcmp(word, "terminal")) return "terminal";
    if (!strcmp(word, "take")) return "take";
    return word;
}

void cc_meta_how_read(const char *json, cc_meta_how *out)
{
    memset(out, 0, sizeof *out);
    out->channel = cc_meta_get(json, "channel");
    out->mode = cc_meta_get(json, "mode");
    if (!out->channel && out->mode &&
        (!strcmp(out->mode, "voice") || !strcmp(out->mode, "text") || !strcmp(out->mode, "take"))) {
        out->channel = out->mode; /* written before there were modes */
        out->mode = NULL;
    }
    const char *word = cc_meta_channel(out->channel);
    if (out->channel && strcmp(word, out->channel) != 0) {
        free(out->channel);
        out->channel = strdup(word);
    }
    out->answers = cc_meta_get(json, "answers");
    out->outcome = cc_meta_get(json, "outcome");
    out->retry_of = cc_meta_get(json, "retry_of");
    out->retry_turn = (int)cc_meta_int(json, "retry_turn");
    out->kept_ms = cc_meta_int(json, "kept_ms");
}

void cc_meta_how_clear(cc_meta_how *h)
{
    if (!h) return;
    free(h->channel);
    free(h->mode);
    free(h->answers);
    free(h->outcome);
    free(h->retry_of);
    memset(h, 0, sizeof *h);
}

void cc_meta_put_str(cc_buf *b, const char *key, const char *v, int *first)
{
    cc_buf_printf(b, "%s\n  \"%s\": ", *first ? "" : ",", key);
    *first = 0;
    if (v) cc_buf_json_string(b, v);
    else cc_buf_puts(b, "null");
}

void cc_meta_put_raw(cc_buf *b, const char *key, const char *raw, int *first)
{
    cc_buf_printf(b, "%s\n  \"%s\": %s", *first ? "" : ",", key, raw);
    *first = 0;
}
