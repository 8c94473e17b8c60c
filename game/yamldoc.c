#include "yamldoc.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "text.h"

struct cc_yaml_doc {
    cc_yaml_node *root;
};

/* One open map or list. Capacity lives here rather than in the node because
 * a node stops growing once its collection closes. */
typedef struct {
    cc_yaml_node *node;
    size_t cap;
    int want_value; /* map: the last key still waits for its value */
    /* map: open-addressed set of key index + 1 (0 = empty), so duplicate
     * detection stays linear for maps with hundreds of thousands of keys */
    size_t *slots;
    size_t nslots;
} cc_frame;

typedef struct {
    const char *name;
    cc_diags *diags;
    size_t errors; /* our own count: diags may be NULL or shared between files */
    int stop;
    int docs;
    cc_yaml_node *root;  /* the first document's */
    cc_yaml_node *extra; /* a later document's, parsed only for its diagnostics */
    cc_frame frames[CC_YAML_MAX_DEPTH];
    int depth;
} cc_builder;

#define CC_MSG_ANCHOR "anchors and aliases are not supported; write the value out"

static void report(cc_builder *b, int line, int col, const char *msg)
{
    b->errors++;
    cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, line, col, "%s", msg);
}

static void out_of_memory(cc_builder *b)
{
    report(b, 0, 0, "out of memory while reading the file");
    b->stop = 1;
}

static int to_int(size_t v)
{
    return v >= (size_t)INT_MAX ? INT_MAX : (int)v;
}

/* libyaml marks are 0-based */
static int mark_line(yaml_mark_t m) { return to_int(m.line + 1); }
static int mark_col(yaml_mark_t m) { return to_int(m.column + 1); }

/* ---- tree ---------------------------------------------------------------- */

static void free_node(cc_yaml_node *n)
{
    if (!n) return;
    /* recursion is bounded: no tree is ever built deeper than CC_YAML_MAX_DEPTH */
    for (size_t i = 0; i < n->count; i++) {
        if (n->keys) free_node(n->keys[i]);
        if (n->values) free_node(n->values[i]);
    }
    free(n->keys);
    free(n->values);
    free(n->text);
    free(n);
}

void cc_yaml_free(cc_yaml_doc *doc)
{
    if (!doc) return;
    free_node(doc->root);
    free(doc);
}

const cc_yaml_node *cc_yaml_root(const cc_yaml_doc *doc) { return doc ? doc->root : NULL; }

const cc_yaml_node *cc_yaml_get(const cc_yaml_node *map, const char *key)
{
    if (!map || !key || map->kind != CC_YAML_MAP) return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < map->count; i++) {
        const cc_yaml_node *k = map->keys[i];
        if (k && k->kind == CC_YAML_SCALAR && k->len == n && memcmp(k->text, key, n) == 0)
            return map->values[i];
    }
    return NULL;
}

const char *cc_yaml_kind_name(cc_yaml_kind k)
{
    switch (k) {
    case CC_YAML_MAP: return "a mapping";
    case CC_YAML_SEQ: return "a list";
    case CC_YAML_SCALAR: break;
    }
    return "a text";
}

static cc_yaml_node *new_node(cc_yaml_kind kind, yaml_mark_t m)
{
    cc_yaml_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->line = mark_line(m);
    n->col = mark_col(m);
    return n;
}

static cc_yaml_node *new_scalar(yaml_mark_t m, const unsigned char *v, size_t len, int quoted)
{
    if (len == SIZE_MAX) return NULL;
    cc_yaml_node *n = new_node(CC_YAML_SCALAR, m);
    if (!n) return NULL;
    n->text = malloc(len + 1);
    if (!n->text) {
        free(n);
        return NULL;
    }
    if (len) memcpy(n->text, v, len);
    n->text[len] = '\0';
    n->len = len;
    n->quoted = quoted;
    return n;
}

/* Make room for one more child; keys and values grow together for maps. */
static int reserve(cc_frame *f)
{
    cc_yaml_node *n = f->node;
    if (n->count < f->cap) return 1;
    if (f->cap > SIZE_MAX / 2 / sizeof(cc_yaml_node *)) return 0;
    size_t cap = f->cap ? f->cap * 2 : 4;
    cc_yaml_node **v = realloc(n->values, cap * sizeof *v);
    if (!v) return 0;
    n->values = v;
    if (n->kind == CC_YAML_MAP) {
        cc_yaml_node **k = realloc(n->keys, cap * sizeof *k);
        if (!k) return 0;
        n->keys = k;
    }
    f->cap = cap;
    return 1;
}

static size_t hash_bytes(const char *s, size_t n)
{
    /* FNV-1a */
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return (size_t)h;
}

static int same_key(const cc_yaml_node *a, const cc_yaml_node *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Index of an earlier key equal to keys[idx], or SIZE_MAX; records keys[idx]
 * when it is new. Returns 0 when out of memory. */
static int key_seen(cc_frame *f, size_t idx, size_t *first)
{
    cc_yaml_node *map = f->node;
    *first = SIZE_MAX;
    /* keep the load under 1/2 so probes stay short */
    if (f->nslots == 0 || map->count > f->nslots / 2) {
        if (f->nslots > SIZE_MAX / 2 / sizeof(size_t)) return 0;
        size_t ns = f->nslots ? f->nslots * 2 : 16;
        size_t *slots = calloc(ns, sizeof *slots);
        if (!slots) return 0;
        for (size_t i = 0; i < f->nslots; i++) {
            size_t s = f->slots[i];
            if (!s) continue;
            const cc_yaml_node *k = map->keys[s - 1];
            size_t j = hash_bytes(k->text, k->len) & (ns - 1);
            while (slots[j]) j = (j + 1) & (ns - 1);
            slots[j] = s;
        }
        free(f->slots);
        f->slots = slots;
        f->nslots = ns;
    }
    const cc_yaml_node *key = map->keys[idx];
    size_t j = hash_bytes(key->text, key->len) & (f->nslots - 1);
    while (f->slots[j]) {
        if (same_key(map->keys[f->slots[j] - 1], key)) {
            *first = f->slots[j] - 1;
            return 1;
        }
        j = (j + 1) & (f->nslots - 1);
    }
    f->slots[j] = idx + 1;
    return 1;
}

/* Hang a new node under the open collection (or make it the root) at once, so
 * the partial tree is always reachable from the root and one free releases it
 * whatever went wrong. Returns 0 only when n could not be attached (the caller
 * still owns it). `check_key` is 0 for stand-ins that were already reported,
 * to avoid a second diagnostic for the same text. */
static int attach(cc_builder *b, cc_yaml_node *n, int check_key)
{
    if (b->depth == 0) {
        if (b->docs <= 1)
            b->root = n;
        else
            b->extra = n;
        return 1;
    }
    cc_frame *f = &b->frames[b->depth - 1];
    cc_yaml_node *p = f->node;
    if (p->kind == CC_YAML_MAP && f->want_value) {
        p->values[p->count - 1] = n;
        f->want_value = 0;
        return 1;
    }
    if (!reserve(f)) return 0;
    if (p->kind == CC_YAML_SEQ) {
        p->values[p->count++] = n;
        return 1;
    }
    size_t idx = p->count++;
    p->keys[idx] = n;
    p->values[idx] = NULL;
    f->want_value = 1;
    if (!check_key) return 1;
    if (n->kind != CC_YAML_SCALAR) {
        b->errors++;
        cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, n->line, n->col,
                     "a key must be a text, not %s", cc_yaml_kind_name(n->kind));
        return 1;
    }
    size_t first;
    if (!key_seen(f, idx, &first)) {
        out_of_memory(b); /* n is attached: the tree frees it */
        return 1;
    }
    if (first != SIZE_MAX) {
        b->errors++;
        cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, n->line, n->col,
                     "duplicate key '%s' (first at line %d)", n->text, p->keys[first]->line);
    }
    return 1;
}

static void close_frame(cc_frame *f)
{
    free(f->slots);
    f->slots = NULL;
    f->nslots = 0;
    cc_yaml_node *n = f->node;
    /* give back the doubling slack; a failed shrink just keeps the larger block */
    if (n->count && n->count < f->cap) {
        cc_yaml_node **v = realloc(n->values, n->count * sizeof *v);
        if (v) n->values = v;
        if (n->keys) {
            cc_yaml_node **k = realloc(n->keys, n->count * sizeof *k);
            if (k) n->keys = k;
        }
    }
}

/* ---- events -------------------------------------------------------------- */

static void check_properties(cc_builder *b, const yaml_event_t *e, const yaml_char_t *anchor,
                             const yaml_char_t *tag)
{
    if (anchor) report(b, mark_line(e->start_mark), mark_col(e->start_mark), CC_MSG_ANCHOR);
    if (tag)
        report(b, mark_line(e->start_mark), mark_col(e->start_mark),
               "tags are not supported; remove the tag");
}

static void on_event(cc_builder *b, yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        b->docs++;
        if (b->docs == 2)
            report(b, mark_line(e->start_mark), mark_col(e->start_mark),
                   "only one YAML document per file");
        break;
    case YAML_DOCUMENT_END_EVENT:
        free_node(b->extra);
        b->extra = NULL;
        break;
    case YAML_ALIAS_EVENT: {
        report(b, mark_line(e->start_mark), mark_col(e->start_mark), CC_MSG_ANCHOR);
        /* a stand-in keeps keys and values paired for the rest of the map */
        cc_yaml_node *n = new_scalar(e->start_mark, (const unsigned char *)"", 0, 0);
        if (!n || !attach(b, n, 0)) {
            free_node(n);
            out_of_memory(b);
        }
        break;
    }
    case YAML_SCALAR_EVENT: {
        check_properties(b, e, e->data.scalar.anchor, e->data.scalar.tag);
        yaml_scalar_style_t st = e->data.scalar.style;
        int quoted = st == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                     st == YAML_DOUBLE_QUOTED_SCALAR_STYLE || st == YAML_LITERAL_SCALAR_STYLE ||
                     st == YAML_FOLDED_SCALAR_STYLE;
        cc_yaml_node *n =
            new_scalar(e->start_mark, e->data.scalar.value, e->data.scalar.length, quoted);
        if (!n || !attach(b, n, 1)) {
            free_node(n);
            out_of_memory(b);
        }
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int is_map = e->type == YAML_MAPPING_START_EVENT;
        if (is_map)
            check_properties(b, e, e->data.mapping_start.anchor, e->data.mapping_start.tag);
        else
            check_properties(b, e, e->data.sequence_start.anchor, e->data.sequence_start.tag);
        if (b->depth == CC_YAML_MAX_DEPTH) {
            /* stopping here, not merely skipping, keeps hostile input linear:
             * libyaml would otherwise keep a simple key per open level */
            report(b, mark_line(e->start_mark), mark_col(e->start_mark),
                   "nesting deeper than 32 levels");
            b->stop = 1;
            break;
        }
        cc_yaml_node *n = new_node(is_map ? CC_YAML_MAP : CC_YAML_SEQ, e->start_mark);
        if (!n) {
            out_of_memory(b);
            break;
        }
        if (!attach(b, n, 1)) {
            free_node(n);
            out_of_memory(b);
            break;
        }
        b->frames[b->depth++] = (cc_frame){n, 0, 0, NULL, 0};
        break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) close_frame(&b->frames[--b->depth]);
        break;
    default:
        break;
    }
}

/* ---- pre-checks ---------------------------------------------------------- */

/* Length of the line break at s[0..n), 0 if none. The set is libyaml's (CR LF,
 * CR, LF, NEL, LS, PS) so that our line numbers agree with its marks. */
static size_t break_len(const unsigned char *s, size_t n)
{
    if (s[0] == '\r') return (n > 1 && s[1] == '\n') ? 2 : 1;
    if (s[0] == '\n') return 1;
    if (n > 1 && s[0] == 0xC2 && s[1] == 0x85) return 2;
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) return 3;
    return 0;
}

/* Reports the first bad byte of every line; returns how many lines had one. */
static size_t check_utf8(cc_builder *b, const unsigned char *s, size_t n)
{
    size_t bad = 0;
    int line = 1, col = 1, line_bad = 0;
    size_t i = 0;
    while (i < n) {
        size_t br = break_len(s + i, n - i);
        if (br) {
            i += br;
            line++;
            col = 1;
            line_bad = 0;
            continue;
        }
        size_t len = cc_utf8_len(s + i, n - i);
        if (!len) {
            if (!line_bad) {
                b->errors++;
                cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, line, col,
                             "invalid UTF-8 byte 0x%02X", (unsigned)s[i]);
                bad++;
                line_bad = 1;
            }
            /* resume at the next byte: a truncated sequence may end in a line break */
            len = 1;
        }
        i += len;
        col++;
    }
    return bad;
}

/* Reports every line whose leading whitespace holds a tab (input is valid
 * UTF-8 by now). Block scalars may legitimately start a line with a tab, but
 * our files never need that, and a tab there is usually a mistake anyway. */
static size_t check_tabs(cc_builder *b, const unsigned char *s, size_t n)
{
    size_t bad = 0;
    int line = 1;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (s[j] == ' ' || s[j] == '\t')) {
            if (s[j] == '\t') {
                report(b, line, to_int(j - i + 1), "tab in indentation; indent with spaces");
                bad++;
                break;
            }
            j++;
        }
        size_t br = 0;
        while (j < n && (br = break_len(s + j, n - j)) == 0) j++;
        if (j >= n) break;
        i = j + br;
        line++;
    }
    return bad;
}

/* 1-based line and character column of byte offset `off`, for libyaml reader
 * errors, which carry an offset but no mark. */
static void offset_position(const unsigned char *s, size_t n, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    size_t i = 0;
    if (off > n) off = n;
    while (i < off) {
        size_t br = break_len(s + i, n - i);
        if (br) {
            i += br;
            l++;
            c = 1;
            continue;
        }
        size_t len = cc_utf8_len(s + i, n - i);
        i += len ? len : 1;
        c++;
    }
    *line = l;
    *col = c;
}

/* ---- libyaml errors ------------------------------------------------------ */

static void report_parser_error(cc_builder *b, const yaml_parser_t *p, const unsigned char *s,
                                size_t n)
{
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_MEMORY_ERROR) {
        out_of_memory(b);
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        int line, col;
        offset_position(s, n, p->problem_offset, &line, &col);
        b->errors++;
        if (p->problem_value >= 0)
            cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, line, col, "syntax error: %s (U+%04X)",
                         problem, (unsigned)p->problem_value);
        else
            cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, line, col, "syntax error: %s", problem);
        return;
    }
    /* libyaml only notices an unclosed quote at the end of the file (or at the
     * next document marker), far from the mistake; the opening quote is where
     * the fix goes. Bad escapes share the context but are reported where they are. */
    if (p->context && strstr(p->context, "quoted scalar") &&
        (strstr(problem, "end of stream") || strstr(problem, "document indicator"))) {
        report(b, mark_line(p->context_mark), mark_col(p->context_mark),
               "unclosed quote: this string is never closed");
        return;
    }
    /* The usual cause is a text with ": " in it ("say: Note: we close at 5"),
     * which YAML reads as a second key; the message names the colon's column. */
    const char *hint = strstr(problem, "mapping values are not allowed")
                           ? "; a text with ': ' in it must be in quotes, e.g. "
                             "say: \"Note: we close at five.\""
                           : "";
    b->errors++;
    cc_diags_add(b->diags, CC_DIAG_ERROR, b->name, mark_line(p->problem_mark),
                 mark_col(p->problem_mark), "syntax error: %s%s%s%s", problem,
                 p->context ? " " : "", p->context ? p->context : "", hint);
}

/* ---- entry --------------------------------------------------------------- */

static int is_empty_root(const cc_yaml_node *root)
{
    return !root || (root->kind == CC_YAML_SCALAR && !root->quoted && root->len == 0);
}

int cc_yaml_parse(const char *name, const char *data, size_t len, cc_yaml_doc **out,
                  cc_diags *diags)
{
    cc_builder b;
    memset(&b, 0, sizeof b);
    b.name = name ? name : "";
    b.diags = diags;
    if (out) *out = NULL;

    if (len > CC_YAML_MAX_BYTES) {
        b.errors++;
        cc_diags_add(diags, CC_DIAG_ERROR, b.name, 0, 0, "file is over 1 MiB (%zu bytes); split it",
                     len);
        return -1;
    }
    const unsigned char *s = (const unsigned char *)(data ? data : "");
    size_t n = data ? len : 0;
    /* skipped here rather than by libyaml, which would count it as a column */
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        n -= 3;
    }
    if (check_utf8(&b, s, n) || check_tabs(&b, s, n)) return -1;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        out_of_memory(&b);
        return -1;
    }
    yaml_parser_set_input_string(&parser, s, n);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    while (!b.stop) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            report_parser_error(&b, &parser, s, n);
            break;
        }
        on_event(&b, &e);
        int end = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        if (end) break;
    }
    yaml_parser_delete(&parser);

    for (int i = 0; i < b.depth; i++) {
        free(b.frames[i].slots);
        b.frames[i].slots = NULL;
    }
    free_node(b.extra);
    b.extra = NULL;

    if (b.errors == 0 && is_empty_root(b.root)) report(&b, 0, 0, "file is empty");

    if (b.errors || !out) {
        /* without `out` the call only validates */
        free_node(b.root);
        return b.errors ? -1 : 0;
    }
    cc_yaml_doc *doc = malloc(sizeof *doc);
    if (!doc) {
        out_of_memory(&b);
        free_node(b.root);
        return -1;
    }
    doc->root = b.root;
    *out = doc;
    return 0;
}
