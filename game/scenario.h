/* scenario: one scripted call, loaded from YAML.
 *
 * Contract: cc_scenario_load() checks a scenario file against the schema in
 * docs/formats.md, and against the standard it will be scored with (rule ids
 * in `expect` and branch conditions), reporting every problem with
 * file:line:col into diags; NULL when there was any error. Branch targets are
 * resolved to node indices; unreachable nodes are warnings. The model is
 * read-only and owned by the caller (cc_scenario_free). It keeps rule ids as
 * indices into the standard it was loaded with, so a scenario is used with
 * that standard only (load it again to score against another).
 *
 * Scenario tests (`tests:`) are loaded with the rest: their rule ids are
 * checked against the standard, an inline `take` is parsed at once (its
 * problems reported at the scenario's own lines and columns), and a
 * `take_file` is resolved against the scenario's folder but not read: the
 * loader does no I/O, so reading it is cc_scenario_load_takes()'s business
 * (scntest.h), as is playing the tests. */
#ifndef CC_SCENARIO_H
#define CC_SCENARIO_H

#include <stddef.h>

#include "diag.h"
#include "match.h"
#include "standard.h"
#include "take.h"

#define CC_MAX_LINES 2

typedef enum { CC_MOOD_CALM, CC_MOOD_IMPATIENT, CC_MOOD_ANGRY, CC_MOOD_RELIEVED } cc_mood;

typedef struct {
    char *name, *voice, *variant;
    int pitch, range, rate, volume;
    cc_mood mood;
} cc_persona;

typedef enum { CC_TIMED_SAY, CC_TIMED_RING, CC_TIMED_HANGUP, CC_TIMED_GOTO } cc_timed_kind;

typedef struct {
    double after;        /* seconds after the node's line ends */
    cc_timed_kind kind;
    char *text;          /* say */
    int interrupt;       /* say: talk over the trainee instead of waiting for them to finish */
    int line;            /* ring */
    int node;            /* goto: node index */
} cc_timed;

typedef struct {
    int has_when;
    int *passed;  size_t npassed;   /* rule indices */
    int *failed;  size_t nfailed;
    cc_pattern **said; size_t nsaid;
    cc_act event;                   /* CC_ACT_NONE: not an event branch */
    char *extension;                /* transfer only, may be NULL */
    int silent;
    int target;                     /* node index */
    int src_line, src_col;
} cc_branch;

/* A fact of a node (`facts:`): something an answer there may have to state, in any
 * of its ways of saying it. Its kind is its name up to the first '-' ("item" of
 * "item-cabin"); the standard's content rules ask for kinds (standard.h). */
typedef struct {
    char *name, *kind;
    cc_pattern **say; size_t nsay;  /* any one matching states the fact */
} cc_fact;

typedef struct {
    char *id;
    char **say; size_t nsay;        /* variants; nsay 0 = the caller says nothing */
    int has_mood;
    cc_mood mood;
    int *expect; size_t nexpect;    /* rule indices */
    char *model;
    cc_fact *facts; size_t nfacts;
    /* `models:` a model answer per rule at this node, for the feedback of that rule */
    int *model_rules; char **model_texts; size_t nmodels;
    cc_timed *events; size_t nevents;
    cc_branch *branches; size_t nbranches;
    int end;
    int outcome;                    /* end nodes: index into the standard's outcomes, -1 none */
    int src_line, src_col;
} cc_node;

typedef struct {
    int number;      /* 1 or 2 */
    int start;       /* node index */
    cc_persona caller;
} cc_line_def;

typedef struct {
    char *name;
    char **values; size_t nvalues;
} cc_context_slot;

/* A rule a test expects a verdict for, and where the id was written. */
typedef struct {
    int rule;                       /* index into the standard */
    int src_line, src_col;
} cc_test_rule;

typedef enum { CC_TEST_ANY, CC_TEST_PASS, CC_TEST_FAIL } cc_test_expect;

/* One entry of `tests:`: a take and what scoring it must give. */
typedef struct {
    char *name;
    char *take_file;                /* as written; NULL for an inline take */
    char *take_path;                /* take_file resolved against the scenario's folder */
    cc_take *take;                  /* inline: parsed by the loader, its actions' line:col in
                                     * the scenario; take_file: NULL until loaded */
    cc_test_expect expect;
    int expect_line, expect_col;
    cc_test_rule *fail; size_t nfail;
    cc_test_rule *pass; size_t npass;
    int has_score_min, score_min, score_min_line, score_min_col;
    int has_score_max, score_max, score_max_line, score_max_col;
    char *outcome;                  /* the call must end with this outcome; NULL: any */
    int outcome_line, outcome_col;
    int take_line, take_col;        /* the `take` or `take_file` value */
    int src_line, src_col;          /* the test itself */
} cc_scenario_test;

typedef struct cc_scenario {
    char *path, *id, *title, *language, *briefing;
    cc_sound_ref sounds[CC_SOUND_COUNT]; /* overrides of the standard's (standard.h) */
    int difficulty;
    cc_context_slot *context; size_t ncontext;
    cc_line_def lines[CC_MAX_LINES]; size_t nlines;
    cc_node *nodes; size_t nnodes;
    cc_scenario_test *tests; size_t ntests;
    /* Phrase rules every good version of this call reaches: one the call never
     * came to (the trainee cut it short) fails instead of not applying. */
    int *required; size_t nrequired;
} cc_scenario;

cc_scenario *cc_scenario_load(const char *path, const char *data, size_t len,
                              const cc_standard *std, cc_diags *diags);
void cc_scenario_free(cc_scenario *s); /* accepts NULL */
const cc_line_def *cc_scenario_line(const cc_scenario *s, int number); /* NULL if absent */
const char *cc_mood_name(cc_mood m);
/* The sound file this call uses: the scenario's, else the standard's; NULL when neither
 * names one (the app then makes the sound itself). scn may be NULL. */
const cc_sound_ref *cc_scenario_sound(const cc_standard *std, const cc_scenario *scn,
                                      cc_sound_kind k);

/* The slot table a call matches with: {company} from the standard, {trainee},
 * and the scenario's context. Caller frees. NULL on out-of-memory. */
cc_slots *cc_scenario_slots(const cc_standard *std, const cc_scenario *scn, const char *trainee);

#endif
