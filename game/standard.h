/* standard: the company's phone standard, loaded from YAML.
 *
 * Contract: cc_standard_load() checks a standard file against the schema in
 * docs/formats.md and reports every problem (file:line:col) into diags; it
 * returns NULL when there was any error. The returned cc_standard is a
 * read-only model owned by the caller (cc_standard_free); every string and
 * compiled pattern in it belongs to it. Nothing here knows about scenarios,
 * the engine or time. `language` is checked to be a language code (text.h) and the
 * rules' phrases are compiled for it. */
#ifndef CC_STANDARD_H
#define CC_STANDARD_H

#include <stddef.h>

#include "diag.h"
#include "match.h"

typedef enum {
    CC_DETECT_PHRASE,
    CC_DETECT_FORBIDDEN,
    CC_DETECT_TIMING,
    CC_DETECT_EVENT,
    CC_DETECT_DELIVERY
} cc_detect_kind;

typedef enum {
    CC_MEASURE_NONE,
    CC_MEASURE_ANSWER_RING,
    CC_MEASURE_HOLD_SECONDS,
    CC_MEASURE_SILENCE_SECONDS,
    CC_MEASURE_TALK_OVER_SECONDS,
    CC_MEASURE_TRANSFERS,
    CC_MEASURE_PITCH_RANGE,
    CC_MEASURE_RATE_WPM,
    CC_MEASURE_LOUDNESS
} cc_measure;

/* What the trainee can do besides talking. Shared by rules, branches and takes. */
typedef enum {
    CC_ACT_NONE,
    CC_ACT_HOLD,
    CC_ACT_RESUME,
    CC_ACT_SWITCH,
    CC_ACT_TRANSFER,
    CC_ACT_HANGUP
} cc_act;

typedef enum { CC_CHECK_BEFORE, CC_CHECK_AFTER, CC_CHECK_CALLER_FIRST } cc_check;
typedef enum { CC_VIA_ANY, CC_VIA_KEY, CC_VIA_SWITCH } cc_via;

/* One limit on a measure of the voice (delivery rules may hold several). */
typedef struct {
    cc_measure measure;
    int has_min, has_max;
    double min, max;
} cc_limit;

#define CC_MAX_LIMITS 4

typedef struct {
    char *id, *title, *phase, *source, *reason, *feedback, *model;
    int weight;
    int critical;
    cc_detect_kind kind;
    cc_pattern **phrases;
    size_t nphrases;
    int max_gap;
    int strict_order; /* no swapped neighbours: "can I" is not "I can" */
    cc_measure measure;
    int has_min, has_max;
    double min, max;
    cc_act event;
    cc_check check;
    int to_line; /* 0 = any */
    cc_via via;
    cc_limit limits[CC_MAX_LIMITS]; /* delivery: measure/min/max, or each of `checks` */
    size_t nlimits;
    int line;    /* where the rule starts in its file */
    /* Content rules (`facts:`): the kinds of node facts the answer must state. At a
     * node that declares facts of these kinds the rule passes when at least
     * facts_min of them (0: all) are stated, in any words; its phrases alone are
     * not enough there. Elsewhere the phrases judge as before. */
    char **facts; size_t nfacts;
    int facts_min;
} cc_rule;

typedef struct {
    int answer_by_ring;
    double ring_seconds, ring_gap_seconds;
    int caller_gives_up_ring;
    double hold_max_seconds;
    double dead_air_seconds;
    double min_confidence;
    int max_gap;
    /* The silence that ends the trainee's turn, by how finished the answer
     * sounds (turn.h): finished, unsure, unfinished (a pause to think). */
    double turn_end_finished_seconds, turn_end_unsure_seconds, turn_end_unfinished_seconds;
} cc_settings;

typedef struct {
    char *silence, *silence_hangup, *not_understood, *long_hold;
} cc_reactions;

/* What an outcome of a call (a scenario end node's `outcome:`) does to the call: a
 * trainer's choice per outcome. */
typedef enum { CC_EFFECT_NONE, CC_EFFECT_FAIL, CC_EFFECT_CAP } cc_effect;

typedef struct {
    char *id, *title;
    cc_effect effect;
    int cap;        /* CC_EFFECT_CAP: the highest score such a call gets */
    int unfinished; /* the outcome of a call that ends before any end node of its line */
    int line;       /* where it is declared */
} cc_outcome;

/* The sound files a trainer may name (`ring:`, `hold_music:`, `ambience:`): in the
 * standard as defaults, in a scenario to override them. game/ keeps only the path,
 * resolved against the naming file's folder, and where it was written (for
 * diagnostics: callcoach-lint checks that the file decodes and has a sensible length). */
typedef enum { CC_SOUND_RING, CC_SOUND_HOLD_MUSIC, CC_SOUND_AMBIENCE, CC_SOUND_COUNT } cc_sound_kind;

typedef struct {
    char *path;    /* NULL: not named */
    int line, col; /* of the value */
} cc_sound_ref;

const char *cc_sound_key(cc_sound_kind k); /* "ring", "hold_music", "ambience" */

typedef struct cc_standard {
    char *path, *id, *title, *language, *company;
    cc_sound_ref sounds[CC_SOUND_COUNT];
    /* `recognition_model`: a PocketSphinx model folder for the language, resolved
     * against the standard's folder; NULL when the file names none. */
    char *recognition_model;
    int pass_mark, critical_cap;
    cc_settings settings;
    cc_reactions reactions;
    cc_rule *rules;
    size_t nrules;
    cc_outcome *outcomes; /* `outcomes:`; may be empty */
    size_t noutcomes;
} cc_standard;

/* `path` names the file in diagnostics; data need not be NUL-terminated. */
cc_standard *cc_standard_load(const char *path, const char *data, size_t len, cc_diags *diags);
void cc_standard_free(cc_standard *s); /* accepts NULL */
/* Index of the rule with this id, or -1. */
int cc_standard_find(const cc_standard *s, const char *id);
/* Index of the outcome with this id, or -1; the unfinished one, or -1. */
int cc_standard_find_outcome(const cc_standard *s, const char *id);
int cc_standard_unfinished_outcome(const cc_standard *s);
const char *cc_effect_name(cc_effect e); /* "none", "fail", "cap" */
const char *cc_act_name(cc_act a);

#endif
