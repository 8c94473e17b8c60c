#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct cc_diags {
    cc_diag *items;
    size_t count, cap;
    size_t errors;
    size_t dropped;
    char *dropped_file;
    char **files; /* first-seen order of file names, for a stable sort */
    size_t nfiles, capfiles;
};

cc_diags *cc_diags_create(void) { return calloc(1, sizeof(cc_diags)); }

void cc_diags_free(cc_diags *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    for (size_t i = 0; i < d->nfiles; i++) free(d->files[i]);
    free(d->files);
    free(d->dropped_file);
    free(d->items);
    free(d);
}

static void note_file(cc_diags *d, const char *file)
{
    for (size_t i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0) return;
    if (cc_grow((void **)&d->files, &d->capfiles, d->nfiles, sizeof *d->files) != 0) return;
    char *f = cc_strdup(file);
    if (f) d->files[d->nfiles++] = f;
}

void cc_diags_add(cc_diags *d, cc_severity sev, const char *file, int line, int col,
                  const char *fmt, ...)
{
    if (!d) return;
    if (sev == CC_DIAG_ERROR) d->errors++;
    if (!file) file = "";
    if (d->count >= CC_DIAGS_MAX) {
        if (!d->dropped++) d->dropped_file = cc_strdup(file);
        return;
    }
    if (cc_grow((void **)&d->items, &d->cap, d->count, sizeof *d->items) != 0) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    char *msg = malloc((size_t)n + 1);
    char *f = cc_strdup(file);
    if (!msg || !f) {
        free(msg);
        free(f);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    note_file(d, file);
    d->items[d->count++] = (cc_diag){f, line, col, sev, msg};
}

size_t cc_diags_count(const cc_diags *d) { return d ? d->count : 0; }
size_t cc_diags_errors(const cc_diags *d) { return d ? d->errors : 0; }
size_t cc_diags_dropped(const cc_diags *d) { return d ? d->dropped : 0; }
const char *cc_diags_dropped_file(const cc_diags *d) { return d ? d->dropped_file : NULL; }
const cc_diag *cc_diags_get(const cc_diags *d, size_t i)
{
    return (d && i < d->count) ? &d->items[i] : NULL;
}

static size_t file_rank(const cc_diags *d, const char *file)
{
    for (size_t i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0) return i;
    return d->nfiles;
}

void cc_diags_sort(cc_diags *d)
{
    if (!d) return;
    /* insertion sort: lists are short and it is stable */
    for (size_t i = 1; i < d->count; i++) {
        cc_diag g = d->items[i];
        size_t rg = file_rank(d, g.file);
        size_t j = i;
        while (j > 0) {
            const cc_diag *p = &d->items[j - 1];
            size_t rp = file_rank(d, p->file);
            int after = rp > rg || (rp == rg && (p->line > g.line ||
                                                 (p->line == g.line && p->col > g.col)));
            if (!after) break;
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
}

int cc_diag_format(const cc_diag *g, char *buf, size_t n)
{
    static const char *const names[] = {"error", "warning", "note"};
    const char *sev = names[g->severity];
    if (g->line > 0)
        return snprintf(buf, n, "%s:%d:%d: %s: %s", g->file, g->line, g->col > 0 ? g->col : 1,
                        sev, g->message);
    return snprintf(buf, n, "%s: %s: %s", g->file, sev, g->message);
}

int cc_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 100 || lb > 100) return 100;
    int row[101];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = diag + cost;
            if (row[j] + 1 < v) v = row[j] + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[lb] > 100 ? 100 : row[lb];
}
