/* schema: typed reads from a cc_yaml tree that report what is wrong and where.
 *
 * Contract: used by the loaders only. Every getter checks the node's type and
 * adds "FILE:LINE:COL: error: ..." to the diags on a mismatch, returning a
 * failure code; strings returned are fresh copies the caller owns. */
#ifndef CC_SCHEMA_H
#define CC_SCHEMA_H

#include "diag.h"
#include "match.h"
#include "standard.h"
#include "yamldoc.h"

typedef struct {
    const char *file;
    cc_diags *diags;
    const char *language; /* phrases are compiled for it (match.h); NULL: English */
} cc_schema;

void cc_schema_error(const cc_schema *s, const cc_yaml_node *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void cc_schema_warning(const cc_schema *s, const cc_yaml_node *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Reports each key of map not in `allowed` (NULL-terminated), with a "did you
 * mean" when one is close. Returns 0 if node is a map, -1 (reported) if not. */
int cc_schema_keys(const cc_schema *s, const cc_yaml_node *map, const char *const *allowed);
/* `what` names the value in messages ("'title'"). required: report when missing. */
int cc_schema_str(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  char **out);
int cc_schema_int(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  long lo, long hi, int *out);
int cc_schema_num(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                  double lo, double hi, double *out);
int cc_schema_bool(const cc_schema *s, const cc_yaml_node *map, const char *key, int *out);
/* A list of texts, or a single text taken as a list of one. */
int cc_schema_strlist(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                      char ***out, size_t *n);
/* The node's value as one of names (NULL-terminated); index or -1 (reported). */
int cc_schema_enum(const cc_schema *s, const cc_yaml_node *map, const char *key, int required,
                   const char *const *names, int *out);
/* Checks the value is a mapping / a list; -1 reported when present but wrong, 1 when absent. */
int cc_schema_expect(const cc_schema *s, const cc_yaml_node *node, cc_yaml_kind kind,
                     const char *what);
/* Closest of names to word within distance 2, or NULL. */
const char *cc_schema_suggest(const char *word, const char *const *names, size_t n);
/* Compiles a phrase or a list of phrases, reporting syntax errors at the
 * column inside the file where the fault is. 1 when list is NULL. */
int cc_schema_patterns(const cc_schema *s, const cc_yaml_node *list, const char *key,
                       cc_pattern ***out, size_t *n);
/* Slots: {company} and {trainee} are filled from the standard and the sign-in,
 * {caller} {colleague} {time} {number} {department} from a scenario's
 * `context`; no other name is filled. cc_schema_slot reports a name outside
 * that set at `at` (-1, with a "did you mean"); cc_schema_text_slots does so
 * for every {name} in a text (a model answer, a caller's line) or in
 * compiled phrases. 0 when all are known. */
/* 1 when name[0, len) is one of the slots a text may use ({company}, {trainee}...). */
int cc_slot_name_known(const char *name, size_t len);
int cc_schema_slot(const cc_schema *s, const cc_yaml_node *at, const char *name, size_t len);
int cc_schema_text_slots(const cc_schema *s, const cc_yaml_node *at, const char *text);
int cc_schema_pattern_slots(const cc_schema *s, const cc_yaml_node *at, cc_pattern *const *pats,
                            size_t n);
void cc_strlist_free(char **list, size_t n);
/* A path written in a file is relative to that file's folder (so a file and what it
 * names can move together); an absolute one stays. Fresh copy, NULL when out of memory. */
char *cc_path_beside(const char *file, const char *rel);
/* Reads the optional sound keys (cc_sound_kind) of a standard's or scenario's root
 * map into sounds[], paths resolved beside s->file. 0, or -1 with errors reported. */
int cc_schema_sounds(const cc_schema *s, const cc_yaml_node *root, cc_sound_ref *sounds);
void cc_sounds_free(cc_sound_ref *sounds);

#endif
