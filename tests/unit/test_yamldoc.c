#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "diag.h"
#include "yamldoc.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct {
    cc_diags *diags;
    cc_yaml_doc *doc;
    int rc;
} parsed;

static parsed parse_n(const char *s, size_t n)
{
    parsed p;
    p.diags = cc_diags_create();
    assert_non_null(p.diags);
    p.doc = (cc_yaml_doc *)0x1; /* must be overwritten */
    p.rc = cc_yaml_parse("t.yaml", s, n, &p.doc, p.diags);
    return p;
}

static parsed parse(const char *s) { return parse_n(s, strlen(s)); }

static void done(parsed *p)
{
    cc_yaml_free(p->doc);
    cc_diags_free(p->diags);
}

/* A clean parse: no diagnostics, a document. */
static const cc_yaml_node *ok_root(parsed *p)
{
    if (cc_diags_count(p->diags)) {
        const cc_diag *g = cc_diags_get(p->diags, 0);
        print_error("unexpected diagnostic %d:%d: %s\n", g->line, g->col, g->message);
    }
    assert_int_equal(p->rc, 0);
    assert_int_equal(cc_diags_count(p->diags), 0);
    assert_non_null(p->doc);
    const cc_yaml_node *r = cc_yaml_root(p->doc);
    assert_non_null(r);
    return r;
}

/* A failed parse with exactly `n` diagnostics. */
static void failed(parsed *p, size_t n)
{
    assert_int_equal(p->rc, -1);
    assert_null(p->doc);
    if (cc_diags_count(p->diags) != n) {
        for (size_t i = 0; i < cc_diags_count(p->diags); i++) {
            const cc_diag *g = cc_diags_get(p->diags, i);
            print_error("diag %zu: %d:%d: %s\n", i, g->line, g->col, g->message);
        }
    }
    assert_int_equal(cc_diags_count(p->diags), n);
    assert_int_equal(cc_diags_errors(p->diags), n);
}

static void diag_is(parsed *p, size_t i, int line, int col, const char *msg)
{
    const cc_diag *g = cc_diags_get(p->diags, i);
    assert_non_null(g);
    assert_string_equal(g->file, "t.yaml");
    assert_int_equal(g->severity, CC_DIAG_ERROR);
    assert_string_equal(g->message, msg);
    assert_int_equal(g->line, line);
    assert_int_equal(g->col, col);
}

/* One error, exactly here, saying exactly this. */
static void expect_one(const char *s, size_t n, int line, int col, const char *msg)
{
    parsed p = parse_n(s, n);
    failed(&p, 1);
    diag_is(&p, 0, line, col, msg);
    done(&p);
}

static void node_at(const cc_yaml_node *n, cc_yaml_kind kind, int line, int col)
{
    assert_non_null(n);
    assert_int_equal(n->kind, kind);
    assert_int_equal(n->line, line);
    assert_int_equal(n->col, col);
}

static void scalar_is(const cc_yaml_node *n, const char *text, int quoted, int line, int col)
{
    node_at(n, CC_YAML_SCALAR, line, col);
    assert_string_equal(n->text, text);
    assert_int_equal(n->len, strlen(text));
    assert_int_equal(n->quoted, quoted);
}

static char *repeat(const char *prefix, char c, size_t count, const char *suffix, size_t *len)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *s = malloc(a + count + b + 1);
    assert_non_null(s);
    memcpy(s, prefix, a);
    memset(s + a, c, count);
    memcpy(s + a + count, suffix, b + 1);
    *len = a + count + b;
    return s;
}

#define MSG_ANCHOR "anchors and aliases are not supported; write the value out"
#define MSG_TAB "tab in indentation; indent with spaces"
#define MSG_DEEP "nesting deeper than 32 levels"
#define MSG_UNCLOSED "unclosed quote: this string is never closed"

/* ---- trees --------------------------------------------------------------- */

static void test_nested_positions(void **state)
{
    (void)state;
    parsed p = parse("name: Frank\n"
                     "lines:\n"
                     "  - line: 1\n"
                     "    caller: {voice: en-us, pitch: 35}\n"
                     "  - [a, b]\n"
                     "empty:\n"
                     "end: 2\n");
    const cc_yaml_node *r = ok_root(&p);
    node_at(r, CC_YAML_MAP, 1, 1);
    assert_int_equal(r->count, 4);
    scalar_is(r->keys[0], "name", 0, 1, 1);
    scalar_is(r->values[0], "Frank", 0, 1, 7);
    scalar_is(r->keys[1], "lines", 0, 2, 1);

    const cc_yaml_node *lines = r->values[1];
    node_at(lines, CC_YAML_SEQ, 3, 3);
    assert_null(lines->keys);
    assert_int_equal(lines->count, 2);

    const cc_yaml_node *l1 = lines->values[0];
    node_at(l1, CC_YAML_MAP, 3, 5);
    assert_int_equal(l1->count, 2);
    scalar_is(l1->keys[0], "line", 0, 3, 5);
    scalar_is(l1->values[0], "1", 0, 3, 11);
    scalar_is(l1->keys[1], "caller", 0, 4, 5);
    const cc_yaml_node *caller = l1->values[1];
    node_at(caller, CC_YAML_MAP, 4, 13);
    assert_int_equal(caller->count, 2);
    scalar_is(caller->keys[0], "voice", 0, 4, 14);
    scalar_is(caller->values[0], "en-us", 0, 4, 21);
    scalar_is(caller->keys[1], "pitch", 0, 4, 28);
    scalar_is(caller->values[1], "35", 0, 4, 35);

    const cc_yaml_node *flow = lines->values[1];
    node_at(flow, CC_YAML_SEQ, 5, 5);
    assert_int_equal(flow->count, 2);
    scalar_is(flow->values[0], "a", 0, 5, 6);
    scalar_is(flow->values[1], "b", 0, 5, 9);

    scalar_is(r->keys[2], "empty", 0, 6, 1);
    scalar_is(r->values[2], "", 0, 6, 7); /* a missing value sits right after its colon */
    scalar_is(r->keys[3], "end", 0, 7, 1);
    scalar_is(r->values[3], "2", 0, 7, 6);
    done(&p);
}

static void test_columns_count_characters(void **state)
{
    (void)state;
    parsed p = parse("caf\xC3\xA9: \xE2\x82\xAC" "5\n"   /* café: €5 */
                     "\xF0\x9F\x93\x9E: x\n");     /* 📞: x */
    const cc_yaml_node *r = ok_root(&p);
    assert_int_equal(r->count, 2);
    scalar_is(r->keys[0], "caf\xC3\xA9", 0, 1, 1);
    scalar_is(r->values[0], "\xE2\x82\xAC" "5", 0, 1, 7);
    scalar_is(r->values[1], "x", 0, 2, 4);
    done(&p);
}

static void test_quoted_flag(void **state)
{
    (void)state;
    parsed p = parse("plain: 42\n"
                     "single: '42'\n"
                     "double: \"yes\"\n"
                     "literal: |\n"
                     "  a\n"
                     "  b\n"
                     "folded: >\n"
                     "  a\n"
                     "  b\n"
                     "empty: ''\n"
                     "'quoted key': 1\n");
    const cc_yaml_node *r = ok_root(&p);
    assert_int_equal(r->count, 7);
    scalar_is(r->values[0], "42", 0, 1, 8);
    scalar_is(r->values[1], "42", 1, 2, 9);
    scalar_is(r->values[2], "yes", 1, 3, 9);
    scalar_is(r->values[3], "a\nb\n", 1, 4, 10);
    scalar_is(r->values[4], "a b\n", 1, 7, 9);
    scalar_is(r->values[5], "", 1, 10, 8);
    scalar_is(r->keys[6], "quoted key", 1, 11, 1);
    done(&p);
}

static void test_scalar_with_nul_keeps_length(void **state)
{
    (void)state;
    parsed p = parse("a: \"x\\0y\"\n");
    const cc_yaml_node *r = ok_root(&p);
    const cc_yaml_node *v = cc_yaml_get(r, "a");
    assert_non_null(v);
    assert_int_equal(v->len, 3);
    assert_memory_equal(v->text, "x\0y", 4);
    done(&p);
}

static void test_scalar_root(void **state)
{
    (void)state;
    parsed p = parse("  hello\n");
    const cc_yaml_node *r = ok_root(&p);
    scalar_is(r, "hello", 0, 1, 3);
    done(&p);
}

static void test_get(void **state)
{
    (void)state;
    parsed p = parse("alpha: 1\nalphabet: 2\nlist: [x]\n");
    const cc_yaml_node *r = ok_root(&p);
    scalar_is(cc_yaml_get(r, "alpha"), "1", 0, 1, 8);
    scalar_is(cc_yaml_get(r, "alphabet"), "2", 0, 2, 11);
    assert_null(cc_yaml_get(r, "alph"));
    assert_null(cc_yaml_get(r, "missing"));
    assert_null(cc_yaml_get(r, ""));
    const cc_yaml_node *list = cc_yaml_get(r, "list");
    node_at(list, CC_YAML_SEQ, 3, 7);
    assert_null(cc_yaml_get(list, "x"));                 /* not a map */
    assert_null(cc_yaml_get(list->values[0], "x"));      /* a scalar */
    assert_null(cc_yaml_get(NULL, "alpha"));
    assert_null(cc_yaml_get(r, NULL));
    done(&p);
}

static void test_kind_names_and_free_null(void **state)
{
    (void)state;
    assert_string_equal(cc_yaml_kind_name(CC_YAML_MAP), "a mapping");
    assert_string_equal(cc_yaml_kind_name(CC_YAML_SEQ), "a list");
    assert_string_equal(cc_yaml_kind_name(CC_YAML_SCALAR), "a text");
    cc_yaml_free(NULL);
    assert_null(cc_yaml_root(NULL));
}

static void test_wide_collections(void **state)
{
    (void)state;
    /* 40,000 keys and a 40,000-item list: arrays grow, lookups stay right */
    enum { N = 40000 };
    size_t cap = (size_t)N * 24 + 64, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; i < N; i++) len += (size_t)snprintf(s + len, cap - len, "k%d: %d\n", i, i);
    len += (size_t)snprintf(s + len, cap - len, "list:\n");
    for (int i = 0; i < N; i++) len += (size_t)snprintf(s + len, cap - len, "- %d\n", i);
    parsed p = parse_n(s, len);
    const cc_yaml_node *r = ok_root(&p);
    assert_int_equal(r->count, N + 1);
    scalar_is(cc_yaml_get(r, "k39999"), "39999", 0, N, 9);
    const cc_yaml_node *list = cc_yaml_get(r, "list");
    node_at(list, CC_YAML_SEQ, N + 2, 1);
    assert_int_equal(list->count, N);
    scalar_is(list->values[N - 1], "39999", 0, 2 * N + 1, 3);
    done(&p);

    /* the same map with a duplicate at the very end */
    len += (size_t)snprintf(s + len, cap - len, "k123: again\n");
    p = parse_n(s, len);
    failed(&p, 1);
    diag_is(&p, 0, 2 * N + 2, 1, "duplicate key 'k123' (first at line 124)");
    done(&p);
    free(s);
}

static void test_validate_without_out(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    assert_int_equal(cc_yaml_parse("t.yaml", "a: 1\n", 5, NULL, d), 0);
    assert_int_equal(cc_yaml_parse("t.yaml", "a: &x 1\n", 8, NULL, d), -1);
    assert_int_equal(cc_diags_count(d), 1);
    cc_diags_free(d);
}

/* ---- encodings and line ends ----------------------------------------------- */

static void test_bom_skipped(void **state)
{
    (void)state;
    parsed p = parse("\xEF\xBB\xBF" "a: 1\nb: x\n");
    const cc_yaml_node *r = ok_root(&p);
    node_at(r, CC_YAML_MAP, 1, 1);
    scalar_is(r->keys[0], "a", 0, 1, 1);
    scalar_is(r->values[0], "1", 0, 1, 4);
    scalar_is(r->values[1], "x", 0, 2, 4);
    done(&p);
    /* errors on line 1 are not shifted by it either */
    expect_one("\xEF\xBB\xBF" "a: &x 1\n", 11, 1, 4, MSG_ANCHOR);
    expect_one("\xEF\xBB\xBF" "\tb: 1\n", 9, 1, 1, MSG_TAB);
    expect_one("\xEF\xBB\xBF" "a: \x80\n", 8, 1, 4, "invalid UTF-8 byte 0x80");
}

static void test_crlf(void **state)
{
    (void)state;
    parsed p = parse("a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\n");
    const cc_yaml_node *r = ok_root(&p);
    scalar_is(r->values[0], "1", 0, 1, 4);
    scalar_is(r->keys[1], "b", 0, 2, 1);
    const cc_yaml_node *b = r->values[1];
    node_at(b, CC_YAML_SEQ, 3, 3);
    scalar_is(b->values[0], "x", 0, 3, 5);
    scalar_is(b->values[1], "y", 1, 4, 5);
    done(&p);
    /* the pre-checks count a CRLF as one line end, as libyaml does */
    expect_one("a: 1\r\nb: 2\r\n\tc: 3\r\n", 19, 3, 1, MSG_TAB);
    expect_one("a: 1\r\nb: 2\r\nc: \xC3\r\n", 17, 3, 4, "invalid UTF-8 byte 0xC3");
    expect_one("a: 1\r\nb: 2\r\na: 3\r\n", 18, 3, 1, "duplicate key 'a' (first at line 1)");
}

static void test_lone_cr(void **state)
{
    (void)state;
    parsed p = parse("a: 1\rb: 2\r\rc: 3\r\n\rd: 4");
    const cc_yaml_node *r = ok_root(&p);
    assert_int_equal(r->count, 4);
    scalar_is(r->keys[1], "b", 0, 2, 1);
    scalar_is(r->keys[2], "c", 0, 4, 1);
    scalar_is(r->keys[3], "d", 0, 6, 1);
    scalar_is(r->values[3], "4", 0, 6, 4);
    done(&p);
    expect_one("a: 1\rb: 2\r\r\tc: 3\r", 18, 4, 1, MSG_TAB);
    expect_one("a: 1\rb: 2\r\rc: \xFF\r", 16, 4, 4, "invalid UTF-8 byte 0xFF");
    expect_one("a: 1\rb: 2\r\ra: 3\r", 16, 4, 1, "duplicate key 'a' (first at line 1)");
}

static void test_unicode_line_breaks_agree_with_libyaml(void **state)
{
    (void)state;
    /* libyaml also ends lines at NEL, LS and PS; so must the pre-checks */
    parsed p = parse("a: 1\xC2\x85" "b: 2\xE2\x80\xA8" "c: 3\n");
    const cc_yaml_node *r = ok_root(&p);
    scalar_is(r->keys[1], "b", 0, 2, 1);
    scalar_is(r->keys[2], "c", 0, 3, 1);
    done(&p);
    expect_one("a: 1\xC2\x85" "b: 2\xE2\x80\xA9" "\tc: 3\n", 18, 3, 1, MSG_TAB);
}

/* ---- pre-checks ------------------------------------------------------------ */

static void test_over_one_mib(void **state)
{
    (void)state;
    size_t len;
    /* one byte over, with an invalid byte that must not be looked at */
    char *s = repeat("a: \x80", 'x', CC_YAML_MAX_BYTES - 4 + 1, "", &len);
    assert_int_equal(len, CC_YAML_MAX_BYTES + 1);
    expect_one(s, len, 0, 0, "file is over 1 MiB (1048577 bytes); split it");
    free(s);

    /* exactly 1 MiB is fine */
    s = repeat("a: ", 'x', CC_YAML_MAX_BYTES - 4, "\n", &len);
    assert_int_equal(len, CC_YAML_MAX_BYTES);
    parsed p = parse_n(s, len);
    const cc_yaml_node *r = ok_root(&p);
    assert_int_equal(cc_yaml_get(r, "a")->len, CC_YAML_MAX_BYTES - 4);
    done(&p);
    free(s);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* truncated two-byte sequence before a line end */
    expect_one("a: \xC3\nb: 1\n", 10, 1, 4, "invalid UTF-8 byte 0xC3");
    /* truncated three-byte sequence at the end of the input */
    expect_one("a: b\nc: \xE2\x82", 10, 2, 4, "invalid UTF-8 byte 0xE2");
    /* overlong encodings */
    expect_one("a: \xC0\x80\n", 6, 1, 4, "invalid UTF-8 byte 0xC0");
    expect_one("a: \xE0\x80\xAF\n", 7, 1, 4, "invalid UTF-8 byte 0xE0");
    expect_one("a: \xF0\x80\x80\xAF\n", 8, 1, 4, "invalid UTF-8 byte 0xF0");
    /* lone continuation byte, after a multi-byte character (character column) */
    expect_one("caf\xC3\xA9: \x80\n", 9, 1, 7, "invalid UTF-8 byte 0x80");
    /* surrogate, and past U+10FFFF */
    expect_one("a: \xED\xA0\x80\n", 7, 1, 4, "invalid UTF-8 byte 0xED");
    expect_one("a: \xF4\x90\x80\x80\n", 8, 1, 4, "invalid UTF-8 byte 0xF4");
}

static void test_invalid_utf8_every_line_once(void **state)
{
    (void)state;
    /* two bad bytes on line 1 give one error; line 3 gets its own; tabs and
     * other problems are not looked at once the bytes are bad */
    const char s[] = "a: \x80\xFF\nb: ok\n\tc: \xC3\xC3\n";
    parsed p = parse_n(s, sizeof s - 1);
    failed(&p, 2);
    diag_is(&p, 0, 1, 4, "invalid UTF-8 byte 0x80");
    diag_is(&p, 1, 3, 5, "invalid UTF-8 byte 0xC3");
    done(&p);
}

static void test_tabs_every_line(void **state)
{
    (void)state;
    parsed p = parse("a:\n"
                     "\tb: 1\n"
                     "c:\n"
                     "  \td: 2\n"
                     "e: x\ty\n"      /* not indentation */
                     " \t \t\n"       /* whitespace-only line: still leading */
                     "f: 1\n");
    failed(&p, 3);
    diag_is(&p, 0, 2, 1, MSG_TAB);
    diag_is(&p, 1, 4, 3, MSG_TAB);
    diag_is(&p, 2, 6, 2, MSG_TAB);
    done(&p);
}

static void test_tab_after_indentation_is_fine(void **state)
{
    (void)state;
    parsed p = parse("a: x\ty\nb:\t1\n");
    const cc_yaml_node *r = ok_root(&p);
    scalar_is(cc_yaml_get(r, "a"), "x\ty", 0, 1, 4);
    scalar_is(cc_yaml_get(r, "b"), "1", 0, 2, 4);
    done(&p);
}

static void test_empty(void **state)
{
    (void)state;
    expect_one("", 0, 0, 0, "file is empty");
    expect_one(NULL, 0, 0, 0, "file is empty");
    expect_one("   \n\n", 5, 0, 0, "file is empty");
    expect_one("# only a comment\n  # and another\n", 33, 0, 0, "file is empty");
    expect_one("\xEF\xBB\xBF", 3, 0, 0, "file is empty");
    expect_one("---\n", 4, 0, 0, "file is empty");
    expect_one("--- # nothing\n...\n", 18, 0, 0, "file is empty");
    /* an empty quoted text is a value, not an empty file */
    parsed p = parse("''\n");
    scalar_is(ok_root(&p), "", 1, 1, 1);
    done(&p);
}

/* ---- event checks ---------------------------------------------------------- */

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    parsed p = parse("base: &b {x: 1}\n"
                     "list: &l\n"
                     "  - &s one\n"
                     "copy: *b\n"
                     "*l : 2\n");
    failed(&p, 5);
    diag_is(&p, 0, 1, 7, MSG_ANCHOR);
    diag_is(&p, 1, 2, 7, MSG_ANCHOR);
    diag_is(&p, 2, 3, 5, MSG_ANCHOR);
    diag_is(&p, 3, 4, 7, MSG_ANCHOR);
    diag_is(&p, 4, 5, 1, MSG_ANCHOR);
    done(&p);
}

static void test_tags(void **state)
{
    (void)state;
    parsed p = parse("a: !!str 1\nb: ! x\nc: !!map {}\n");
    failed(&p, 3);
    diag_is(&p, 0, 1, 4, "tags are not supported; remove the tag");
    diag_is(&p, 1, 2, 4, "tags are not supported; remove the tag");
    diag_is(&p, 2, 3, 4, "tags are not supported; remove the tag");
    done(&p);
}

static void test_second_document(void **state)
{
    (void)state;
    expect_one("a: 1\n---\nb: 2\n", 14, 2, 1, "only one YAML document per file");
    expect_one("--- a\n...\n--- b\n--- c\n", 22, 3, 1, "only one YAML document per file");
    /* problems inside the later document are still reported */
    parsed p = parse("a: 1\n---\nb: &x 2\n");
    failed(&p, 2);
    diag_is(&p, 0, 2, 1, "only one YAML document per file");
    diag_is(&p, 1, 3, 4, MSG_ANCHOR);
    done(&p);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    parsed p = parse("a: 1\n"
                     "b:\n"
                     "  x: 1\n"
                     "  y: 2\n"
                     "  x: 3\n"
                     "a: 2\n"
                     "c: {p: 1, p: 2}\n"
                     "d:\n"
                     "  a: 1\n"      /* same name in another map: fine */
                     "'a': 3\n");    /* quoting does not make a different key */
    failed(&p, 4);
    diag_is(&p, 0, 5, 3, "duplicate key 'x' (first at line 3)");
    diag_is(&p, 1, 6, 1, "duplicate key 'a' (first at line 1)");
    diag_is(&p, 2, 7, 11, "duplicate key 'p' (first at line 7)");
    diag_is(&p, 3, 10, 1, "duplicate key 'a' (first at line 1)");
    done(&p);
}

static void test_duplicate_empty_keys(void **state)
{
    (void)state;
    expect_one("? \n: 1\n? \n: 2\n", 14, 3, 2, "duplicate key '' (first at line 1)");
}

static void test_non_scalar_keys(void **state)
{
    (void)state;
    parsed p = parse("? [a, b]\n"
                     ": 1\n"
                     "? {c: d}\n"
                     ": 2\n"
                     "e: {[f]: 3}\n");
    failed(&p, 3);
    diag_is(&p, 0, 1, 3, "a key must be a text, not a list");
    diag_is(&p, 1, 3, 3, "a key must be a text, not a mapping");
    diag_is(&p, 2, 5, 5, "a key must be a text, not a list");
    done(&p);
}

static void test_depth_limit(void **state)
{
    (void)state;
    size_t len;
    /* 32 levels are allowed */
    char *s = repeat("", '[', 32, "", &len);
    char *full = malloc(len * 2 + 2);
    assert_non_null(full);
    memcpy(full, s, len);
    memset(full + len, ']', len);
    memcpy(full + 2 * len, "\n", 2);
    parsed p = parse(full);
    const cc_yaml_node *n = ok_root(&p);
    for (int i = 1; i < 32; i++) {
        node_at(n, CC_YAML_SEQ, 1, i);
        assert_int_equal(n->count, 1);
        n = n->values[0];
    }
    node_at(n, CC_YAML_SEQ, 1, 32);
    assert_int_equal(n->count, 0);
    done(&p);
    free(full);
    free(s);

    /* 33 and 40 are not, reported once at the 33rd */
    s = repeat("", '[', 33, "", &len);
    expect_one(s, len, 1, 33, MSG_DEEP);
    free(s);
    s = repeat("", '[', 40, "]", &len);
    expect_one(s, len, 1, 33, MSG_DEEP);
    free(s);
}

static void test_depth_limit_block(void **state)
{
    (void)state;
    /* block maps: level k is "k:" indented by k-1 spaces; the 33rd map starts
     * on line 33 */
    char buf[4096];
    size_t len = 0;
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%*sk%d:\n", i, "", i);
    expect_one(buf, len, 33, 33, MSG_DEEP);
}

static void test_deep_nesting_is_fast(void **state)
{
    (void)state;
    size_t len;
    char *s = repeat("a: ", '[', 20000, "", &len);
    clock_t t0 = clock();
    expect_one(s, len, 1, 35, MSG_DEEP);
    free(s);
    s = repeat("", '[', CC_YAML_MAX_BYTES, "", &len);
    expect_one(s, len, 1, 33, MSG_DEEP);
    free(s);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* linear work is a few milliseconds; quadratic would be minutes */
    assert_true(secs < 5.0);
}

static void test_many_errors_all_reported(void **state)
{
    (void)state;
    parsed p = parse("a: &x 1\n"
                     "b: 2\n"
                     "a: *x\n"
                     "c: !!int 3\n");
    failed(&p, 4);
    diag_is(&p, 0, 1, 4, MSG_ANCHOR);
    diag_is(&p, 1, 3, 1, "duplicate key 'a' (first at line 1)");
    diag_is(&p, 2, 3, 4, MSG_ANCHOR);
    diag_is(&p, 3, 4, 4, "tags are not supported; remove the tag");
    done(&p);
}

/* ---- libyaml errors -------------------------------------------------------- */

static void test_unclosed_quote(void **state)
{
    (void)state;
    const char *s = "a: 1\nb: \"hello\nc: 2\nd: 3\n";
    expect_one(s, strlen(s), 2, 4, MSG_UNCLOSED);
    s = "a: 1\nlist:\n  - 'it\n  - b\n";
    expect_one(s, strlen(s), 3, 5, MSG_UNCLOSED);
    /* libyaml stops such a string at a document marker instead */
    s = "a: \"x\n---\nb: 1\n";
    expect_one(s, strlen(s), 1, 4, MSG_UNCLOSED);
}

static void test_bad_escape_is_not_an_unclosed_quote(void **state)
{
    (void)state;
    const char *s = "a: 1\nb: \"he\\qllo\"\n";
    expect_one(s, strlen(s), 2, 7,
               "syntax error: found unknown escape character while parsing a quoted scalar");
}

#define QUOTE_HINT \
    "; a text with ': ' in it must be in quotes, e.g. say: \"Note: we close at five.\""

static void test_syntax_errors(void **state)
{
    (void)state;
    const char *s = "a: b: c\n";
    expect_one(s, strlen(s), 1, 5, "syntax error: mapping values are not allowed in this context" QUOTE_HINT);
    s = "a:\n  - b\n  c: d\n";
    expect_one(s, strlen(s), 3, 3,
               "syntax error: did not find expected '-' indicator while parsing a block collection");
    s = "a: [1, 2\nb: 3\n";
    parsed p = parse(s);
    failed(&p, 1);
    const cc_diag *g = cc_diags_get(p.diags, 0);
    assert_int_equal(strncmp(g->message, "syntax error: ", 14), 0);
    done(&p);
}

static void test_syntax_error_after_other_errors(void **state)
{
    (void)state;
    parsed p = parse("a: &x 1\nb: c: d\n");
    failed(&p, 2);
    diag_is(&p, 0, 1, 4, MSG_ANCHOR);
    diag_is(&p, 1, 2, 5, "syntax error: mapping values are not allowed in this context" QUOTE_HINT);
    done(&p);
}

static void test_control_character(void **state)
{
    (void)state;
    /* libyaml's reader has no mark for these; the position comes from its offset */
    const char s[] = "a: 1\nb: caf\xC3\xA9 \x01\n";
    expect_one(s, sizeof s - 1, 2, 9, "syntax error: control characters are not allowed (U+0001)");
    const char z[] = "a: x\0y\n";
    expect_one(z, sizeof z - 1, 1, 5, "syntax error: control characters are not allowed (U+0000)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_positions),
        cmocka_unit_test(test_columns_count_characters),
        cmocka_unit_test(test_quoted_flag),
        cmocka_unit_test(test_scalar_with_nul_keeps_length),
        cmocka_unit_test(test_scalar_root),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_kind_names_and_free_null),
        cmocka_unit_test(test_wide_collections),
        cmocka_unit_test(test_validate_without_out),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_lone_cr),
        cmocka_unit_test(test_unicode_line_breaks_agree_with_libyaml),
        cmocka_unit_test(test_over_one_mib),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_invalid_utf8_every_line_once),
        cmocka_unit_test(test_tabs_every_line),
        cmocka_unit_test(test_tab_after_indentation_is_fine),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_second_document),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_duplicate_empty_keys),
        cmocka_unit_test(test_non_scalar_keys),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_depth_limit_block),
        cmocka_unit_test(test_deep_nesting_is_fast),
        cmocka_unit_test(test_many_errors_all_reported),
        cmocka_unit_test(test_unclosed_quote),
        cmocka_unit_test(test_bad_escape_is_not_an_unclosed_quote),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_syntax_error_after_other_errors),
        cmocka_unit_test(test_control_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
