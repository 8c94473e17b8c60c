#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cc_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return 0;
    size_t c = *cap ? *cap : 8;
    while (c <= n) {
        if (c > SIZE_MAX / 2) return -1;
        c *= 2;
    }
    if (size && c > SIZE_MAX / size) return -1;
    void *p = realloc(*arr, c * size);
    if (!p) return -1;
    memset((char *)p + *cap * size, 0, (c - *cap) * size);
    *arr = p;
    *cap = c;
    return 0;
}

char *cc_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}
