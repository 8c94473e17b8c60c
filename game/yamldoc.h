/* yamldoc: a read-only YAML tree that remembers where every node came from.
 *
 * Contract: cc_yaml_parse() reads one YAML document from memory with libyaml
 * and builds a tree of maps, sequences and scalars, each with its 1-based line
 * and column. It refuses (with one diagnostic each, all of them, not only the
 * first, where the input allows going on) what our files never need and what
 * libyaml lets through or reports badly:
 *   - input over CC_YAML_MAX_BYTES ("file is over 1 MiB"),
 *   - bytes that are not valid UTF-8 (line:col of the bad byte),
 *   - a tab in indentation,
 *   - anchors and aliases, tags, more than one document,
 *   - nesting deeper than CC_YAML_MAX_DEPTH,
 *   - duplicate keys in a map (at the second key, naming the first's line),
 *   - keys that are not plain scalars,
 *   - an empty file.
 * Syntax errors from libyaml are reported at libyaml's problem mark, and an
 * unclosed quote at the quote that opened it.
 * A UTF-8 byte-order mark is skipped; CRLF and lone CR line ends are accepted.
 * On any error the result is NULL and the diagnostics say why.
 * The document owns every node and string; cc_yaml_free() releases all. */
#ifndef CC_YAMLDOC_H
#define CC_YAMLDOC_H

#include <stddef.h>

#include "diag.h"

#define CC_YAML_MAX_BYTES (1024u * 1024u)
#define CC_YAML_MAX_DEPTH 32

typedef enum { CC_YAML_SCALAR, CC_YAML_MAP, CC_YAML_SEQ } cc_yaml_kind;

typedef struct cc_yaml_node cc_yaml_node;
struct cc_yaml_node {
    cc_yaml_kind kind;
    int line, col;       /* 1-based, where the node starts */
    /* scalar */
    char *text;          /* NUL-terminated value (may contain NUL only if the file did; len is exact) */
    size_t len;
    int quoted;          /* 1 if written in quotes or as a block scalar: never a number/bool */
    /* map: keys[i] -> values[i]; seq: values[i] */
    size_t count;
    cc_yaml_node **keys;   /* map only; each key is a scalar node */
    cc_yaml_node **values;
};

typedef struct cc_yaml_doc cc_yaml_doc;

/* `name` is used in diagnostics only. Returns 0 and *out on success, -1 on error. */
int cc_yaml_parse(const char *name, const char *data, size_t len, cc_yaml_doc **out,
                  cc_diags *diags);
const cc_yaml_node *cc_yaml_root(const cc_yaml_doc *doc);
void cc_yaml_free(cc_yaml_doc *doc); /* accepts NULL */

/* The value under `key` in a map, or NULL (also when node is not a map). */
const cc_yaml_node *cc_yaml_get(const cc_yaml_node *map, const char *key);
/* "a mapping", "a list", "a text" for messages. */
const char *cc_yaml_kind_name(cc_yaml_kind k);

#endif
