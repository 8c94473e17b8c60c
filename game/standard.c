#include "standard.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "yamldoc.h"
#include "mem.h"

static const char *const top_keys[] = {"standard",     "title",    "language",         "company",
                                       "pass_mark",    "critical_cap", "settings", "caller_reactions",
                                       "rules",        "recognition_model", "outcomes",
                                       "ring",         "hold_music", "ambience", NULL};
static const char *const outcome_keys[] = {"id", "title", "effect", "cap", "unfinished", NULL};
static const char *const effect_names[] = {"none", "fail", "cap", NULL};
static const char *const settings_keys[] = {
    "answer_by_ring",   "ring_seconds",   "ring_gap_seconds", "caller_gives_up_ring",
    "hold_max_seconds", "dead_air_seconds", "min_confidence", "max_gap",
    "turn_end_finished_seconds", "turn_end_unsure_seconds", "turn_end_unfinished_seconds", NULL};
static const char *const reaction_keys[] = {"silence", "silence_hangup", "not_understood",
                                            "long_hold", NULL};
static const char *const rule_keys[] = {"id",     "title",    "phase",  "source", "reason",
                                        "weight", "critical", "detect", "feedback", "model",
                                        NULL};
static const char *const detect_keys[] = {"kind",  "phrases", "max_gap", "word_order", "measure",
                                          "max",   "min",     "event",   "check",      "to_line",
                                          "via",   "checks",  "facts",   "facts_min", NULL};
static const char *const limit_keys[] = {"measure", "min", "max", NULL};
static const char *const order_names[] = {"loose", "strict", NULL};
static const char *const kind_names[] = {"phrase", "forbidden", "timing", "event", "delivery",
                                         NULL};
static const char *const measure_names[] = {"none",           "answer-ring",     "hold-seconds",
                                            "silence-seconds", "talk-over-seconds", "transfers",
                                            "pitch-range",    "rate-wpm",        "loudness",
                                            NULL};
static const char *const phase_names[] = {"opening", "during", "hold-transfer", "closing", NULL};
static const char *const act_names[] = {"none", "hold", "resume", "switch", "transfer", "hangup",
                                        NULL};
static const char *const check_names[] = {"before", "after", "caller-first", NULL};
static const char *const via_names[] = {"any", "key", "switch", NULL};

const char *cc_act_name(cc_act a)
{
    return (a >= CC_ACT_NONE && a <= CC_ACT_HANGUP) ? act_names[a] : "?";
}

const char *cc_effect_name(cc_effect e)
{
    return (e >= CC_EFFECT_NONE && e <= CC_EFFECT_CAP) ? effect_names[e] : "?";
}

int cc_standard_find_outcome(const cc_standard *s, const char *id)
{
    if (!s || !id) return -1;
    for (size_t i = 0; i < s->noutcomes; i++)
        if (strcmp(s->outcomes[i].id, id) == 0) return (int)i;
    return -1;
}

int cc_standard_unfinished_outcome(const cc_standard *s)
{
    for (size_t i = 0; s && i < s->noutcomes; i++)
        if (s->outcomes[i].unfinished) return (int)i;
    return -1;
}

int cc_standard_find(const cc_standard *s, const char *id)
{
    if (!s || !id) return -1;
    for (size_t i = 0; i < s->nrules; i++)
        if (strcmp(s->rules[i].id, id) == 0) return (int)i;
    return -1;
}

static void rule_free(cc_rule *r)
{
    free(r->id);
    free(r->title);
    free(r->phase);
    free(r->source);
    free(r->reason);
    free(r->feedback);
    free(r->model);
    cc_strlist_free(r->facts, r->nfacts);
    for (size_t i = 0; i < r->nphrases; i++) cc_pattern_free(r->phrases[i]);
    free(r->phrases);
}

void cc_standard_free(cc_standard *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nrules; i++) rule_free(&s->rules[i]);
    free(s->rules);
    for (size_t i = 0; i < s->noutcomes; i++) {
        free(s->outcomes[i].id);
        free(s->outcomes[i].title);
    }
    free(s->outcomes);
    free(s->path);
    free(s->id);
    free(s->title);
    free(s->language);
    free(s->recognition_model);
    cc_sounds_free(s->sounds);
    free(s->company);
    free(s->reactions.silence);
    free(s->reactions.silence_hangup);
    free(s->reactions.not_understood);
    free(s->reactions.long_hold);
    free(s);
}

/* `max: $setting` reads a setting by name so a trainer changes one number. */
static int read_limit(const cc_schema *sc, const cc_yaml_node *detect, const char *key,
                      const cc_standard *std, int *has, double *out)
{
    const cc_yaml_node *v = cc_yaml_get(detect, key);
    *has = 0;
    if (!v) return 0;
    if (v->kind == CC_YAML_SCALAR && v->text[0] == '$') {
        const char *name = v->text + 1;
        const cc_settings *st = &std->settings;
        struct { const char *n; double v; } table[] = {
            {"answer_by_ring", st->answer_by_ring},
            {"ring_seconds", st->ring_seconds},
            {"ring_gap_seconds", st->ring_gap_seconds},
            {"caller_gives_up_ring", st->caller_gives_up_ring},
            {"hold_max_seconds", st->hold_max_seconds},
            {"dead_air_seconds", st->dead_air_seconds},
            {"min_confidence", st->min_confidence},
            {"max_gap", st->max_gap},
        };
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
            if (strcmp(table[i].n, name) == 0) {
                *out = table[i].v;
                *has = 1;
                return 0;
            }
        const char *hint = cc_schema_suggest(name, settings_keys, 8);
        cc_schema_error(sc, v, "'%s' names an unknown setting '$%s'%s%s%s", key, name,
                        hint ? " (did you mean '$" : "", hint ? hint : "", hint ? "'?)" : "");
        return -1;
    }
    if (cc_schema_num(sc, detect, key, 1, -1e9, 1e9, out) != 0) return -1;
    *has = 1;
    return 0;
}

static int load_detect(const cc_schema *sc, const cc_yaml_node *d, const cc_standard *std,
                       cc_rule *r)
{
    if (cc_schema_keys(sc, d, detect_keys) != 0) return -1;
    int bad = 0, kind = 0;
    if (cc_schema_enum(sc, d, "kind", 1, kind_names, &kind) != 0) return -1;
    r->kind = (cc_detect_kind)kind;
    const cc_yaml_node *phr = cc_yaml_get(d, "phrases");
    const cc_yaml_node *meas = cc_yaml_get(d, "measure");
    const cc_yaml_node *ev = cc_yaml_get(d, "event");
    r->max_gap = kind == CC_DETECT_FORBIDDEN ? 0 : std->settings.max_gap;
    if (cc_schema_int(sc, d, "max_gap", 0, 0, 10, &r->max_gap) < 0) bad = 1;
    if (cc_schema_enum(sc, d, "word_order", 0, order_names, &r->strict_order) < 0) bad = 1;
    if (phr) {
        if (cc_schema_patterns(sc, phr, "phrases", &r->phrases, &r->nphrases) != 0) bad = 1;
        else if (cc_schema_pattern_slots(sc, phr, r->phrases, r->nphrases) != 0) bad = 1;
    }
    int m = 0;
    if (meas && cc_schema_enum(sc, d, "measure", 1, measure_names, &m) != 0) bad = 1;
    r->measure = (cc_measure)m;
    if (read_limit(sc, d, "max", std, &r->has_max, &r->max) != 0) bad = 1;
    if (read_limit(sc, d, "min", std, &r->has_min, &r->min) != 0) bad = 1;
    int e = 0, c = 0, v = 0;
    if (ev && cc_schema_enum(sc, d, "event", 1, act_names, &e) != 0) bad = 1;
    r->event = (cc_act)e;
    if (cc_schema_enum(sc, d, "check", 0, check_names, &c) < 0) bad = 1;
    r->check = (cc_check)c;
    if (cc_schema_enum(sc, d, "via", 0, via_names, &v) < 0) bad = 1;
    r->via = (cc_via)v;
    if (cc_schema_int(sc, d, "to_line", 0, 1, 2, &r->to_line) < 0) bad = 1;
    if (cc_schema_strlist(sc, d, "facts", 0, &r->facts, &r->nfacts) < 0) bad = 1;
    if (cc_schema_int(sc, d, "facts_min", 0, 0, 20, &r->facts_min) < 0) bad = 1;
    if (r->nfacts && kind != CC_DETECT_PHRASE)
        cc_schema_error(sc, cc_yaml_get(d, "facts"), "'facts' goes with a phrase rule"), bad = 1;
    if (bad) return -1;

    /* Each kind needs its own keys; a key of another kind is a sign of confusion. */
    switch (r->kind) {
    case CC_DETECT_PHRASE:
    case CC_DETECT_FORBIDDEN:
        if (!phr) cc_schema_error(sc, d, "a %s rule needs 'phrases'", kind_names[kind]), bad = 1;
        if (meas || ev)
            cc_schema_error(sc, meas ? meas : ev, "'%s' does not apply to a %s rule",
                            meas ? "measure" : "event", kind_names[kind]), bad = 1;
        break;
    case CC_DETECT_TIMING:
        if (!meas || r->measure > CC_MEASURE_TRANSFERS || r->measure == CC_MEASURE_NONE)
            cc_schema_error(sc, meas ? meas : d,
                            "a timing rule needs 'measure': answer-ring, hold-seconds, "
                            "silence-seconds, talk-over-seconds or transfers"), bad = 1;
        if (!r->has_max) cc_schema_error(sc, d, "a timing rule needs 'max'"), bad = 1;
        if (phr) cc_schema_error(sc, phr, "'phrases' does not apply to a timing rule"), bad = 1;
        break;
    case CC_DETECT_EVENT:
        if (!ev || r->event == CC_ACT_NONE)
            cc_schema_error(sc, ev ? ev : d,
                            "an event rule needs 'event': hold, resume, switch, transfer or "
                            "hangup"), bad = 1;
        if (r->check == CC_CHECK_CALLER_FIRST) {
            if (r->event != CC_ACT_HANGUP)
                cc_schema_error(sc, d, "'check: caller-first' goes with 'event: hangup'"), bad = 1;
        } else if (!phr)
            cc_schema_error(sc, d, "an event rule with check '%s' needs 'phrases'",
                            check_names[r->check]), bad = 1;
        break;
    case CC_DETECT_DELIVERY: {
        const cc_yaml_node *checks = cc_yaml_get(d, "checks");
        if (checks && meas) {
            cc_schema_error(sc, checks, "give either 'measure' or 'checks', not both");
            bad = 1;
            break;
        }
        if (checks) {
            if (cc_schema_expect(sc, checks, CC_YAML_SEQ, "'checks'") != 0) return -1;
            if (checks->count == 0 || checks->count > CC_MAX_LIMITS) {
                cc_schema_error(sc, checks, "'checks' holds 1 to %d limits", CC_MAX_LIMITS);
                return -1;
            }
            for (size_t i = 0; i < checks->count; i++) {
                const cc_yaml_node *lim = checks->values[i];
                cc_limit *l = &r->limits[r->nlimits++];
                int mm = 0;
                if (cc_schema_keys(sc, lim, limit_keys) != 0 ||
                    cc_schema_enum(sc, lim, "measure", 1, measure_names, &mm) != 0) {
                    bad = 1;
                    continue;
                }
                l->measure = (cc_measure)mm;
                if (l->measure < CC_MEASURE_PITCH_RANGE)
                    cc_schema_error(sc, cc_yaml_get(lim, "measure"),
                                    "a delivery check measures pitch-range, rate-wpm or loudness"),
                        bad = 1;
                if (read_limit(sc, lim, "min", std, &l->has_min, &l->min) != 0) bad = 1;
                if (read_limit(sc, lim, "max", std, &l->has_max, &l->max) != 0) bad = 1;
                if (!l->has_min && !l->has_max)
                    cc_schema_error(sc, lim, "a delivery check needs 'min' or 'max'"), bad = 1;
            }
            break;
        }
        if (!meas || r->measure < CC_MEASURE_PITCH_RANGE)
            cc_schema_error(sc, meas ? meas : d,
                            "a delivery rule needs 'measure' (pitch-range, rate-wpm or loudness) "
                            "or 'checks'"),
                bad = 1;
        if (!r->has_min && !r->has_max)
            cc_schema_error(sc, d, "a delivery rule needs 'min' or 'max'"), bad = 1;
        r->limits[0] = (cc_limit){r->measure, r->has_min, r->has_max, r->min, r->max};
        r->nlimits = 1;
        break;
    }
    }
    return bad ? -1 : 0;
}

static int load_rule(const cc_schema *sc, const cc_yaml_node *n, const cc_standard *std,
                     cc_rule *r)
{
    r->line = n->line;
    if (cc_schema_keys(sc, n, rule_keys) != 0) return -1;
    int bad = 0;
    if (cc_schema_str(sc, n, "id", 1, &r->id) != 0) bad = 1;
    if (r->id) {
        for (const char *p = r->id; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
                cc_schema_error(sc, cc_yaml_get(n, "id"),
                                "rule id '%s' may use only a-z, 0-9 and '-'", r->id);
                bad = 1;
                break;
            }
    }
    if (cc_schema_str(sc, n, "title", 1, &r->title) != 0) bad = 1;
    int phase = 0;
    if (cc_schema_enum(sc, n, "phase", 1, phase_names, &phase) != 0) bad = 1;
    else r->phase = cc_strdup(phase_names[phase]);
    if (cc_schema_str(sc, n, "source", 0, &r->source) < 0) bad = 1;
    if (cc_schema_str(sc, n, "reason", 1, &r->reason) != 0) bad = 1;
    if (cc_schema_int(sc, n, "weight", 1, 1, 100, &r->weight) != 0) bad = 1;
    if (cc_schema_bool(sc, n, "critical", &r->critical) < 0) bad = 1;
    if (cc_schema_str(sc, n, "feedback", 1, &r->feedback) != 0) bad = 1;
    if (cc_schema_str(sc, n, "model", 1, &r->model) != 0) bad = 1;
    else if (cc_schema_text_slots(sc, cc_yaml_get(n, "model"), r->model) != 0) bad = 1;
    const cc_yaml_node *d = cc_yaml_get(n, "detect");
    if (!d) cc_schema_error(sc, n, "missing required key 'detect'"), bad = 1;
    else if (load_detect(sc, d, std, r) != 0) bad = 1;
    return bad ? -1 : 0;
}

/* `outcomes:` a list of {id, title, effect: none|fail|cap, cap, unfinished}. */
static void load_outcomes(const cc_schema *sc, const cc_yaml_node *list, cc_standard *std)
{
    if (cc_schema_expect(sc, list, CC_YAML_SEQ, "'outcomes'") != 0) return;
    std->outcomes = calloc(list->count ? list->count : 1, sizeof *std->outcomes);
    if (!std->outcomes) return;
    const cc_yaml_node *unfinished = NULL;
    for (size_t i = 0; i < list->count; i++) {
        const cc_yaml_node *n = list->values[i];
        cc_outcome *o = &std->outcomes[std->noutcomes];
        if (cc_schema_keys(sc, n, outcome_keys) != 0) continue;
        std->noutcomes++;
        o->line = n->line;
        int effect = 0;
        cc_schema_str(sc, n, "id", 1, &o->id);
        cc_schema_str(sc, n, "title", 1, &o->title);
        if (cc_schema_enum(sc, n, "effect", 1, effect_names, &effect) == 0) o->effect = (cc_effect)effect;
        const cc_yaml_node *cap = cc_yaml_get(n, "cap");
        if (o->effect == CC_EFFECT_CAP && !cap)
            cc_schema_error(sc, n, "'effect: cap' needs 'cap', the highest score such a call gets");
        else if (cap && o->effect != CC_EFFECT_CAP)
            cc_schema_error(sc, cap, "'cap' goes with 'effect: cap'");
        else if (cap)
            cc_schema_int(sc, n, "cap", 1, 0, 100, &o->cap);
        cc_schema_bool(sc, n, "unfinished", &o->unfinished);
        if (o->unfinished) {
            if (unfinished)
                cc_schema_error(sc, n, "only one outcome is 'unfinished' (the first is at line %d)",
                                unfinished->line);
            unfinished = n;
        }
        if (!o->id) continue;
        for (const char *p = o->id; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
                cc_schema_error(sc, cc_yaml_get(n, "id"),
                                "outcome id '%s' may use only a-z, 0-9 and '-'", o->id);
                break;
            }
        for (size_t j = 0; j + 1 < std->noutcomes; j++)
            if (std->outcomes[j].id && strcmp(std->outcomes[j].id, o->id) == 0)
                cc_schema_error(sc, cc_yaml_get(n, "id"),
                                "outcome id '%s' is used twice (first at line %d)", o->id,
                                std->outcomes[j].line);
    }
}

cc_standard *cc_standard_load(const char *path, const char *data, size_t len, cc_diags *diags)
{
    cc_schema sc = {path, diags, NULL};
    size_t errors_before = cc_diags_errors(diags);
    cc_yaml_doc *doc = NULL;
    cc_standard *std = calloc(1, sizeof *std);
    if (!std) goto fail;
    std->path = cc_strdup(path);
    if (cc_yaml_parse(path, data, len, &doc, diags) != 0) goto fail;
    const cc_yaml_node *root = cc_yaml_root(doc);
    if (cc_schema_keys(&sc, root, top_keys) != 0) goto fail;

    cc_schema_str(&sc, root, "standard", 1, &std->id);
    cc_schema_str(&sc, root, "title", 1, &std->title);
    cc_schema_str(&sc, root, "language", 1, &std->language);
    if (std->language && !cc_language_valid(std->language))
        cc_schema_error(&sc, cc_yaml_get(root, "language"),
                        "'language' is '%s', which is not a language code; write a code such "
                        "as en, en-US, ru, pl, ro or lv",
                        std->language);
    else
        sc.language = std->language; /* the rules' phrases are read in it (text.h) */
    char *model = NULL;
    if (cc_schema_str(&sc, root, "recognition_model", 0, &model) == 0 && model) {
        if (!*model)
            cc_schema_error(&sc, cc_yaml_get(root, "recognition_model"),
                            "'recognition_model' is empty; give the folder of a PocketSphinx "
                            "model, relative to this file, or leave the key out");
        else if (!(std->recognition_model = cc_path_beside(path, model))) {
            free(model);
            goto fail;
        }
        free(model);
    }
    cc_schema_str(&sc, root, "company", 1, &std->company);
    cc_schema_sounds(&sc, root, std->sounds);
    std->pass_mark = 70;
    std->critical_cap = 40;
    cc_schema_int(&sc, root, "pass_mark", 0, 0, 100, &std->pass_mark);
    cc_schema_int(&sc, root, "critical_cap", 0, 0, 100, &std->critical_cap);

    cc_settings *st = &std->settings;
    *st = (cc_settings){3, 2.0, 4.0, 8, 30.0, 5.0, 0.6, 2, 0.2, 0.7, 2.4};
    const cc_yaml_node *set = cc_yaml_get(root, "settings");
    if (set && cc_schema_keys(&sc, set, settings_keys) == 0) {
        cc_schema_int(&sc, set, "answer_by_ring", 0, 1, 20, &st->answer_by_ring);
        cc_schema_num(&sc, set, "ring_seconds", 0, 0.1, 60, &st->ring_seconds);
        cc_schema_num(&sc, set, "ring_gap_seconds", 0, 0, 60, &st->ring_gap_seconds);
        cc_schema_int(&sc, set, "caller_gives_up_ring", 0, 1, 50, &st->caller_gives_up_ring);
        cc_schema_num(&sc, set, "hold_max_seconds", 0, 1, 3600, &st->hold_max_seconds);
        cc_schema_num(&sc, set, "dead_air_seconds", 0, 0.5, 600, &st->dead_air_seconds);
        cc_schema_num(&sc, set, "min_confidence", 0, 0, 1, &st->min_confidence);
        cc_schema_int(&sc, set, "max_gap", 0, 0, 10, &st->max_gap);
        cc_schema_num(&sc, set, "turn_end_finished_seconds", 0, 0.1, 5, &st->turn_end_finished_seconds);
        cc_schema_num(&sc, set, "turn_end_unsure_seconds", 0, 0.1, 5, &st->turn_end_unsure_seconds);
        cc_schema_num(&sc, set, "turn_end_unfinished_seconds", 0, 0.1, 10,
                      &st->turn_end_unfinished_seconds);
    }

    const cc_yaml_node *re = cc_yaml_get(root, "caller_reactions");
    if (!re) cc_schema_error(&sc, root, "missing required key 'caller_reactions'");
    else if (cc_schema_keys(&sc, re, reaction_keys) == 0) {
        cc_schema_str(&sc, re, "silence", 1, &std->reactions.silence);
        cc_schema_str(&sc, re, "silence_hangup", 1, &std->reactions.silence_hangup);
        cc_schema_str(&sc, re, "not_understood", 1, &std->reactions.not_understood);
        cc_schema_str(&sc, re, "long_hold", 1, &std->reactions.long_hold);
    }

    const cc_yaml_node *rules = cc_yaml_get(root, "rules");
    if (!rules) cc_schema_error(&sc, root, "missing required key 'rules'");
    else if (cc_schema_expect(&sc, rules, CC_YAML_SEQ, "'rules'") == 0) {
        if (rules->count == 0) cc_schema_error(&sc, rules, "'rules' is empty; add at least one rule");
        std->rules = calloc(rules->count ? rules->count : 1, sizeof *std->rules);
        if (!std->rules) goto fail;
        for (size_t i = 0; i < rules->count; i++) {
            cc_rule *r = &std->rules[std->nrules++];
            load_rule(&sc, rules->values[i], std, r);
            if (!r->id) continue;
            for (size_t j = 0; j + 1 < std->nrules; j++)
                if (std->rules[j].id && strcmp(std->rules[j].id, r->id) == 0)
                    cc_schema_error(&sc, cc_yaml_get(rules->values[i], "id"),
                                    "rule id '%s' is used twice (first at line %d)", r->id,
                                    std->rules[j].line);
        }
    }
    const cc_yaml_node *outcomes = cc_yaml_get(root, "outcomes");
    if (outcomes) {
        load_outcomes(&sc, outcomes, std);
        if (!std->outcomes) goto fail;
    }
    if (cc_diags_errors(diags) != errors_before) goto fail;
    cc_yaml_free(doc);
    return std;
fail:
    if (cc_diags_errors(diags) == errors_before)
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "out of memory while loading");
    cc_yaml_free(doc);
    cc_standard_free(std);
    return NULL;
}
