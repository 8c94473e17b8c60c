#include "schema.h"
#include "mem.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cc_strlist_free(char **list, size_t n)
{
    if (!list) return;
    for (size_t i = 0; i < n; i++) free(list[i]);
    free(list);
}

static void vreport(const cc_schema *s, cc_severity sev, const cc_yaml_node *at, const char *fmt,
                    va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cc_diags_add(s->diags, sev, s->file, at ? at->line : 0, at ? at->col : 0, "%s", msg);
}

void cc_schema_error(const cc_schema *s, const cc_yaml_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(s, CC_DIAG_ERROR, at, fmt, ap);
    va_end(ap);
}

void cc_schema_warning(const cc_schema *s, const cc_yaml_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(s, CC_DIAG_WARNING, at, fmt, ap);
    va_end(ap);
}

const char *cc_schema_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < n; i++) {
        int d = cc_edit_distance(word, names[i]);
        if (d < bestd) {
            bestd = d;
            best = names[i];
        }
    }
    return best;
}

static int is_null_scalar(const cc_yaml_node *v)
{
    return v->kind == CC_YAML_SCALAR && !v->quoted &&
           (v->len == 0 || strcmp(v->text, "~") == 0 || strcmp(v->text, "null") == 0);
}

int cc_schema_expect(const cc_schema *s, const cc_yaml_node *node, cc_yaml_kind kind,
                     const char *what)
{
    if (!node) return 1;
    if (node->kind == kind) return 0;
    if (is_null_scalar(node))
        cc_schema_error(s, node, "%s is empty; it must be %s", what, cc_yaml_kind_name(kind));
    else
        cc_schema_error(s, node, "%s must be %s, not %s", what, cc_yaml_kind_name(kind),
                        cc_yaml_kind_name(node->kind));
    return -1;
}

int cc_schema_keys(const cc_schema *s, const cc_yaml_node *map, const char *const *allowed)
{
    if (!map || map->kind != CC_YAML_MAP) {
        if (map)
            cc_schema_error(s, map, "expected a mapping of keys, found %s",
                            cc_yaml_kind_name(map->kind));
        return -1;
    }
    size_t n = 0;
    while (allowed[n]) n++;
    for (size_t i = 0; i < map->count; i++) {
        const char *k = map->keys[i]->text;
        size_t j = 0;
        while (j < n && strcmp(allowed[j], k) != 0) j++;
        if (j < n) continue;
        const char *hint = cc_schema_suggest(k, allowed, n);
        if (hint)
            cc_schema_error(s, map->keys[i], "unknown key '%s' (did you mean '%s'?)", k, hint);
        else {
            char list[512] = "";
            for (size_t m = 0; m < n; m++) {
                if (strlen(list) + strlen(allowed[m]) + 3 >= sizeof list) break;
                if (m) strcat(list, ", ");
                strcat(list, allowed[m]);
            }
            cc_schema_error(s, map->keys[i], "unknown key '%s'; expected one of: %s", k, list);
        }
    }
    return 0;
}

static const cc_yaml_node *need(const cc_schema *s, const cc_yaml_node *map, const char *key,
                                int required)
{
    const cc_yaml_node *v = cc_yaml_get(map, key);
    if (!v && required) cc_schema_error(s, map, "missing required key '%s'", key);
    return v;
}


int cc_schema_str(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  char **out)
{
    *out = NULL;
    const cc_yaml_node *v = need(s, map, key, required);
    if (!v) return required ? -1 : 1;
    if (v->kind != CC_YAML_SCALAR || is_null_scalar(v)) {
        cc_schema_error(s, v, "'%s' must be a text, not %s", key,
                        v->kind == CC_YAML_SCALAR ? "empty" : cc_yaml_kind_name(v->kind));
        return -1;
    }
    if (strlen(v->text) != v->len) {
        cc_schema_error(s, v, "'%s' contains a NUL byte", key);
        return -1;
    }
    *out = cc_strdup(v->text);
    return *out ? 0 : -1;
}

static int parse_number(const cc_yaml_node *v, double *out)
{
    if (v->kind != CC_YAML_SCALAR || v->quoted || v->len == 0) return -1;
    errno = 0;
    char *end;
    double d = strtod(v->text, &end);
    if (errno || *end || !isfinite(d)) return -1;
    /* strtod accepts hex and "inf"; our files want plain decimals */
    for (const char *p = v->text; *p; p++)
        if (!strchr("0123456789.-+eE", *p)) return -1;
    *out = d;
    return 0;
}

int cc_schema_num(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  double lo, double hi, double *out)
{
    const cc_yaml_node *v = need(s, map, key, required);
    if (!v) return required ? -1 : 1;
    double d;
    if (parse_number(v, &d) != 0) {
        cc_schema_error(s, v, "'%s' must be a number, not %s%s%s", key,
                        v->kind == CC_YAML_SCALAR ? "'" : "",
                        v->kind == CC_YAML_SCALAR ? v->text : cc_yaml_kind_name(v->kind),
                        v->kind == CC_YAML_SCALAR ? "'" : "");
        return -1;
    }
    if (d < lo || d > hi) {
        cc_schema_error(s, v, "'%s' is %g; it must be between %g and %g", key, d, lo, hi);
        return -1;
    }
    *out = d;
    return 0;
}

int cc_schema_int(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  long lo, long hi, int *out)
{
    const cc_yaml_node *v = cc_yaml_get(map, key);
    double d;
    int rc = cc_schema_num(s, map, key, required, (double)lo, (double)hi, &d);
    if (rc != 0) return rc;
    if (d != floor(d)) {
        cc_schema_error(s, v, "'%s' must be a whole number, not %g", key, d);
        return -1;
    }
    *out = (int)d;
    return 0;
}

int cc_schema_bool(const cc_schema *s, const cc_yaml_node *map, const char *key, int *out)
{
    const cc_yaml_node *v = cc_yaml_get(map, key);
    if (!v) return 1;
    if (v->kind == CC_YAML_SCALAR && !v->quoted) {
        if (strcmp(v->text, "true") == 0 || strcmp(v->text, "yes") == 0) {
            *out = 1;
            return 0;
        }
        if (strcmp(v->text, "false") == 0 || strcmp(v->text, "no") == 0) {
            *out = 0;
            return 0;
        }
    }
    cc_schema_error(s, v, "'%s' must be true or false", key);
    return -1;
}

int cc_schema_strlist(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                      char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const cc_yaml_node *v = need(s, map, key, required);
    if (!v) return required ? -1 : 1;
    if (v->kind == CC_YAML_MAP) {
        cc_schema_error(s, v, "'%s' must be a text or a list of texts, not a mapping", key);
        return -1;
    }
    size_t count = v->kind == CC_YAML_SEQ ? v->count : 1;
    char **list = calloc(count ? count : 1, sizeof *list);
    if (!list) return -1;
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
        const cc_yaml_node *item = v->kind == CC_YAML_SEQ ? v->values[i] : v;
        if (item->kind != CC_YAML_SCALAR || is_null_scalar(item)) {
            cc_schema_error(s, item, "each item of '%s' must be a text, not %s", key,
                            item->kind == CC_YAML_SCALAR ? "empty" : cc_yaml_kind_name(item->kind));
            bad = 1;
            continue;
        }
        list[i] = cc_strdup(item->text);
        if (!list[i]) bad = 1;
    }
    if (bad) {
        cc_strlist_free(list, count);
        return -1;
    }
    *out = list;
    *n = count;
    return 0;
}

int cc_schema_enum(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                   const char *const *names, int *out)
{
    const cc_yaml_node *v = need(s, map, key, required);
    if (!v) return required ? -1 : 1;
    size_t n = 0;
    while (names[n]) n++;
    if (v->kind == CC_YAML_SCALAR) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], v->text) == 0) {
                *out = (int)i;
                return 0;
            }
    }
    char list[512] = "";
    for (size_t m = 0; m < n; m++) {
        if (strlen(list) + strlen(names[m]) + 3 >= sizeof list) break;
        if (m) strcat(list, ", ");
        strcat(list, names[m]);
    }
    const char *hint = v->kind == CC_YAML_SCALAR ? cc_schema_suggest(v->text, names, n) : NULL;
    if (hint)
        cc_schema_error(s, v, "'%s' cannot be '%s' (did you mean '%s'?)", key, v->text, hint);
    else
        cc_schema_error(s, v, "'%s' must be one of: %s", key, list);
    return -1;
}

int cc_schema_patterns(const cc_schema *sc, const cc_yaml_node *list, const char *key,
                       cc_pattern ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list) return 1;
    if (list->kind == CC_YAML_MAP) {
        cc_schema_error(sc, list, "'%s' must be a list of phrases, not a mapping", key);
        return -1;
    }
    size_t count = list->kind == CC_YAML_SEQ ? list->count : 1;
    if (count == 0) {
        cc_schema_error(sc, list, "'%s' is empty; give at least one phrase", key);
        return -1;
    }
    cc_pattern **pats = calloc(count, sizeof *pats);
    if (!pats) return -1;
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
        const cc_yaml_node *item = list->kind == CC_YAML_SEQ ? list->values[i] : list;
        if (item->kind != CC_YAML_SCALAR || item->len == 0) {
            cc_schema_error(sc, item, "each phrase in '%s' must be a text", key);
            bad = 1;
            continue;
        }
        char err[256];
        int col = 0;
        pats[i] = cc_pattern_compile_lang(item->text, sc->language, err, sizeof err, &col);
        if (!pats[i]) {
            if (col == 0) {
                bad = 1;
                continue;
            }
            cc_diags_add(sc->diags, CC_DIAG_ERROR, sc->file, item->line,
                         item->col + (item->quoted ? 1 : 0) + col - 1, "bad phrase: %s", err);
            bad = 1;
        }
    }
    if (bad) {
        for (size_t i = 0; i < count; i++) cc_pattern_free(pats[i]);
        free(pats);
        return -1;
    }
    *out = pats;
    *n = count;
    return 0;
}

static const char *const known_slots[] = {"company", "trainee",    "caller", "colleague",
                                          "time",    "number",     "department", NULL};

int cc_slot_name_known(const char *name, size_t len)
{
    for (size_t k = 0; known_slots[k]; k++)
        if (strlen(known_slots[k]) == len && memcmp(known_slots[k], name, len) == 0) return 1;
    return 0;
}

int cc_schema_slot(const cc_schema *s, const cc_yaml_node *at, const char *name, size_t len)
{
    size_t k = 0;
    while (known_slots[k] && (strlen(known_slots[k]) != len || memcmp(known_slots[k], name, len)))
        k++;
    if (known_slots[k]) return 0;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)len, name);
    const char *hint = cc_schema_suggest(word, known_slots, k);
    if (hint)
        cc_schema_error(s, at, "unknown slot {%.*s} (did you mean {%s}?)", (int)len, name, hint);
    else
        cc_schema_error(s, at,
                        "unknown slot {%.*s}; slots are {company}, {trainee}, {caller}, "
                        "{colleague}, {time}, {number}, {department}",
                        (int)len, name);
    return -1;
}

int cc_schema_text_slots(const cc_schema *s, const cc_yaml_node *at, const char *text)
{
    int bad = 0;
    size_t n;
    for (const char *p = cc_text_next_slot(text, &n); p; p = cc_text_next_slot(p + n + 2, &n))
        if (cc_schema_slot(s, at, p + 1, n) != 0) bad = -1;
    return bad;
}

int cc_schema_pattern_slots(const cc_schema *s, const cc_yaml_node *at, cc_pattern *const *pats,
                            size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        /* cc_schema_patterns made one pattern per item: point at the item. */
        const cc_yaml_node *item = at && at->kind == CC_YAML_SEQ && at->count == n ? at->values[i] : at;
        for (size_t j = 0; j < cc_pattern_slot_count(pats[i]); j++) {
            const char *name = cc_pattern_slot_name(pats[i], j);
            if (cc_schema_slot(s, item, name, strlen(name)) != 0) bad = -1;
        }
    }
    return bad;
}

char *cc_path_beside(const char *file, const char *rel)
{
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (rel[0] == '/' || !slash) return cc_strdup(rel);
    size_t dir = (size_t)(slash - file) + 1, n = strlen(rel);
    char *out = malloc(dir + n + 1);
    if (!out) return NULL;
    memcpy(out, file, dir);
    memcpy(out + dir, rel, n + 1);
    return out;
}

static const char *const sound_keys[CC_SOUND_COUNT] = {"ring", "hold_music", "ambience"};
static const char *const sound_what[CC_SOUND_COUNT] = {
    "one ring's sound (a cadence: the tone and the silence after it)", "hold music (a loop)",
    "the sound of the caller's line or room (a loop, e.g. an office or a train)"};

const char *cc_sound_key(cc_sound_kind k)
{
    return k >= 0 && k < CC_SOUND_COUNT ? sound_keys[k] : "?";
}

int cc_schema_sounds(const cc_schema *s, const cc_yaml_node *root, cc_sound_ref *sounds)
{
    int bad = 0;
    for (int k = 0; k < CC_SOUND_COUNT; k++) {
        char *rel = NULL;
        int rc = cc_schema_str(s, root, sound_keys[k], 0, &rel);
        if (rc < 0) {
            bad = 1;
            continue;
        }
        if (rc > 0) continue;
        const cc_yaml_node *v = cc_yaml_get(root, sound_keys[k]);
        if (!*rel) {
            cc_schema_error(s, v,
                            "'%s' is empty; name a sound file (Ogg, WAV or FLAC, relative to "
                            "this file) for %s, or leave the key out",
                            sound_keys[k], sound_what[k]);
            bad = 1;
        } else if (!(sounds[k].path = cc_path_beside(s->file, rel))) {
            bad = 1;
        } else {
            sounds[k].line = v->line;
            sounds[k].col = v->col;
        }
        free(rel);
    }
    return bad ? -1 : 0;
}

void cc_sounds_free(cc_sound_ref *sounds)
{
    for (int k = 0; k < CC_SOUND_COUNT; k++) {
        free(sounds[k].path);
        sounds[k].path = NULL;
    }
}
