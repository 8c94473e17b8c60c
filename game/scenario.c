#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "text.h"
#include "yamldoc.h"
#include "mem.h"

static const char *const top_keys[] = {"scenario", "title",   "language", "difficulty",
                                       "briefing", "context", "lines",    "nodes",
                                       "required", "tests",   "call",     "ring",
                                       "hold_music", "ambience", NULL};
/* Who dialled: on an outgoing call the other party answers, so the start node speaks first. */
static const char *const call_names[] = {"incoming", "outgoing", NULL};
static const char *const test_keys[] = {"name", "take",      "take_file", "expect", "fail",
                                        "pass", "score_min", "score_max", "outcome", NULL};
static const char *const expect_names[] = {"pass", "fail", NULL};
static const char *const line_keys[] = {"line", "start", "caller", NULL};
static const char *const persona_keys[] = {"name",  "voice",  "variant", "pitch",
                                           "range", "rate",   "volume",  "mood", NULL};
static const char *const node_keys[] = {"id",    "say",    "mood",     "expect", "model",
                                        "events", "branches", "end",   "outcome", "facts",
                                        "models", NULL};
static const char *const branch_keys[] = {"when", "goto", NULL};
static const char *const when_keys[] = {"passed", "failed", "said", "event", "extension",
                                        "silent", NULL};
static const char *const timed_keys[] = {"after", "do", "text", "interrupt", "line", "node", NULL};
static const char *const mood_names[] = {"calm", "impatient", "angry", "relieved", NULL};
static const char *const timed_names[] = {"say", "ring", "hangup", "goto", NULL};
static const char *const act_names[] = {"none", "hold", "resume", "switch", "transfer", "hangup",
                                        NULL};
static const char *const context_slots[] = {"caller", "colleague", "time", "number",
                                            "department", NULL};

const cc_sound_ref *cc_scenario_sound(const cc_standard *std, const cc_scenario *scn,
                                      cc_sound_kind k)
{
    if (k < 0 || k >= CC_SOUND_COUNT) return NULL;
    if (scn && scn->sounds[k].path) return &scn->sounds[k];
    if (std && std->sounds[k].path) return &std->sounds[k];
    return NULL;
}

const char *cc_mood_name(cc_mood m)
{
    return (m >= CC_MOOD_CALM && m <= CC_MOOD_RELIEVED) ? mood_names[m] : "calm";
}

const cc_line_def *cc_scenario_line(const cc_scenario *s, int number)
{
    for (size_t i = 0; s && i < s->nlines; i++)
        if (s->lines[i].number == number) return &s->lines[i];
    return NULL;
}

static void persona_free(cc_persona *p)
{
    free(p->name);
    free(p->voice);
    free(p->variant);
}

static void node_free(cc_node *n)
{
    free(n->id);
    cc_strlist_free(n->say, n->nsay);
    free(n->expect);
    free(n->model);
    for (size_t i = 0; i < n->nfacts; i++) {
        free(n->facts[i].name);
        free(n->facts[i].kind);
        for (size_t j = 0; j < n->facts[i].nsay; j++) cc_pattern_free(n->facts[i].say[j]);
        free(n->facts[i].say);
    }
    free(n->facts);
    free(n->model_rules);
    cc_strlist_free(n->model_texts, n->nmodels);
    for (size_t i = 0; i < n->nevents; i++) free(n->events[i].text);
    free(n->events);
    for (size_t i = 0; i < n->nbranches; i++) {
        cc_branch *b = &n->branches[i];
        free(b->passed);
        free(b->failed);
        for (size_t j = 0; j < b->nsaid; j++) cc_pattern_free(b->said[j]);
        free(b->said);
        free(b->extension);
    }
    free(n->branches);
}

void cc_scenario_free(cc_scenario *s)
{
    if (!s) return;
    free(s->path);
    free(s->id);
    free(s->title);
    free(s->language);
    free(s->briefing);
    cc_sounds_free(s->sounds);
    for (size_t i = 0; i < s->ncontext; i++) {
        free(s->context[i].name);
        cc_strlist_free(s->context[i].values, s->context[i].nvalues);
    }
    free(s->context);
    for (size_t i = 0; i < s->nlines; i++) persona_free(&s->lines[i].caller);
    for (size_t i = 0; i < s->nnodes; i++) node_free(&s->nodes[i]);
    free(s->nodes);
    free(s->required);
    for (size_t i = 0; i < s->ntests; i++) {
        cc_scenario_test *t = &s->tests[i];
        free(t->name);
        free(t->outcome);
        free(t->take_file);
        free(t->take_path);
        cc_take_free(t->take);
        free(t->fail);
        free(t->pass);
    }
    free(s->tests);
    free(s);
}

cc_slots *cc_scenario_slots(const cc_standard *std, const cc_scenario *scn, const char *trainee)
{
    /* Slot values are matched inside the standard's phrases, so they are read in its language. */
    cc_slots *sl = cc_slots_create_lang(std ? std->language : NULL);
    if (!sl) return NULL;
    int bad = 0;
    if (std && std->company) bad |= cc_slots_add(sl, "company", std->company);
    if (trainee && *trainee) bad |= cc_slots_add(sl, "trainee", trainee);
    for (size_t i = 0; scn && i < scn->ncontext; i++)
        for (size_t j = 0; j < scn->context[i].nvalues; j++)
            bad |= cc_slots_add(sl, scn->context[i].name, scn->context[i].values[j]);
    if (bad) {
        cc_slots_free(sl);
        return NULL;
    }
    return sl;
}

static int find_node(const cc_scenario *s, const char *id)
{
    for (size_t i = 0; i < s->nnodes; i++)
        if (s->nodes[i].id && strcmp(s->nodes[i].id, id) == 0) return (int)i;
    return -1;
}

/* A node reference that does not resolve gets a "did you mean" from the node ids. */
static int resolve_node(const cc_schema *sc, const cc_scenario *s, const cc_yaml_node *ref,
                        const char *what)
{
    if (!ref || ref->kind != CC_YAML_SCALAR) {
        cc_schema_error(sc, ref, "%s must name a node", what);
        return -1;
    }
    int i = find_node(s, ref->text);
    if (i >= 0) return i;
    const char *ids[256];
    size_t n = 0;
    for (size_t k = 0; k < s->nnodes && n < 256; k++)
        if (s->nodes[k].id) ids[n++] = s->nodes[k].id;
    const char *hint = cc_schema_suggest(ref->text, ids, n);
    if (hint)
        cc_schema_error(sc, ref, "%s '%s' is not a node (did you mean '%s'?)", what, ref->text,
                        hint);
    else
        cc_schema_error(sc, ref, "%s '%s' is not a node of this scenario", what, ref->text);
    return -1;
}

/* Rule ids: a near miss of a standard id is a typo (error); an id far from all
 * of them is a rule this trainer's standard dropped (warning: not checked).
 * `where`, when given, also receives each resolved id with the place it was written. */
static int resolve_rules_at(const cc_schema *sc, const cc_standard *std,
                            const cc_yaml_node *list, const char *key, int phrase_only, int **out,
                            size_t *n, cc_test_rule **where)
{
    *out = NULL;
    *n = 0;
    if (where) *where = NULL;
    if (!list) return 1;
    if (list->kind == CC_YAML_MAP) {
        cc_schema_error(sc, list, "'%s' must be a list of rule ids", key);
        return -1;
    }
    size_t count = list->kind == CC_YAML_SEQ ? list->count : 1;
    int *ids = calloc(count ? count : 1, sizeof *ids);
    cc_test_rule *at = where ? calloc(count ? count : 1, sizeof *at) : NULL;
    const char **names = calloc(std->nrules ? std->nrules : 1, sizeof *names);
    if (!ids || !names || (where && !at)) {
        free(ids);
        free(at);
        free(names);
        return -1;
    }
    for (size_t i = 0; i < std->nrules; i++) names[i] = std->rules[i].id;
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
        const cc_yaml_node *item = list->kind == CC_YAML_SEQ ? list->values[i] : list;
        if (item->kind != CC_YAML_SCALAR) {
            cc_schema_error(sc, item, "each item of '%s' must be a rule id", key);
            bad = 1;
            continue;
        }
        int r = cc_standard_find(std, item->text);
        if (r < 0) {
            const char *hint = cc_schema_suggest(item->text, names, std->nrules);
            if (hint) {
                cc_schema_error(sc, item, "unknown rule '%s' (did you mean '%s'?)", item->text,
                                hint);
                bad = 1;
            } else {
                /* Dropping it would score the call without the rule the
                 * trainer meant: as wrong as a misspelling. */
                cc_schema_error(sc, item,
                                "unknown rule '%s': standard '%s' has no such rule; use one of "
                                "its rule ids or add the rule to the standard",
                                item->text, std->id);
                bad = 1;
            }
            continue;
        }
        const cc_rule *rule = &std->rules[r];
        if (phrase_only == 1 && rule->kind != CC_DETECT_PHRASE) {
            cc_schema_error(sc, item,
                            "rule '%s' is not a phrase rule: it is checked on its own and "
                            "does not go in '%s'",
                            item->text, key);
            bad = 1;
            continue;
        }
        if (phrase_only == 2 && rule->kind != CC_DETECT_PHRASE &&
            rule->kind != CC_DETECT_FORBIDDEN) {
            cc_schema_error(sc, item,
                            "a branch can test phrase and forbidden rules only; '%s' is judged "
                            "after the call",
                            item->text);
            bad = 1;
            continue;
        }
        if (at) at[*n] = (cc_test_rule){r, item->line, item->col};
        ids[(*n)++] = r;
    }
    free(names);
    if (bad) {
        free(ids);
        free(at);
        *n = 0;
        return -1;
    }
    *out = ids;
    if (where) *where = at;
    return 0;
}

static int resolve_rules(const cc_schema *sc, const cc_standard *std, const cc_yaml_node *list,
                         const char *key, int phrase_only, int **out, size_t *n)
{
    return resolve_rules_at(sc, std, list, key, phrase_only, out, n, NULL);
}

static int load_persona(const cc_schema *sc, const cc_yaml_node *p, cc_persona *out)
{
    if (cc_schema_keys(sc, p, persona_keys) != 0) return -1;
    int bad = 0;
    out->pitch = 50;
    out->range = 50;
    out->rate = 175;
    out->volume = 100;
    int mood = 0;
    if (cc_schema_str(sc, p, "name", 1, &out->name) != 0) bad = 1;
    /* No voice: the caller speaks with the espeak-ng voice of the language (voice/tts.h). */
    if (cc_schema_str(sc, p, "voice", 0, &out->voice) < 0) bad = 1;
    /* espeak-ng names voices by language code ("en-us", "ru"): a voice of another
     * language reads the lines with the wrong letters-to-sounds rules. */
    if (out->voice && sc->language && cc_language_valid(out->voice) &&
        !cc_language_same(out->voice, sc->language))
        cc_schema_warning(sc, cc_yaml_get(p, "voice"),
                          "voice '%s' speaks another language than the scenario's '%s'; use "
                          "that language's voice or leave 'voice' out",
                          out->voice, sc->language);
    if (cc_schema_str(sc, p, "variant", 0, &out->variant) < 0) bad = 1;
    if (cc_schema_int(sc, p, "pitch", 0, 0, 99, &out->pitch) < 0) bad = 1;
    if (cc_schema_int(sc, p, "range", 0, 0, 99, &out->range) < 0) bad = 1;
    if (cc_schema_int(sc, p, "rate", 0, 80, 450, &out->rate) < 0) bad = 1;
    if (cc_schema_int(sc, p, "volume", 0, 0, 200, &out->volume) < 0) bad = 1;
    if (cc_schema_enum(sc, p, "mood", 0, mood_names, &mood) < 0) bad = 1;
    out->mood = (cc_mood)mood;
    return bad ? -1 : 0;
}

static int load_context(const cc_schema *sc, const cc_yaml_node *ctx, cc_scenario *s)
{
    if (cc_schema_keys(sc, ctx, context_slots) != 0) return -1;
    s->context = calloc(ctx->count ? ctx->count : 1, sizeof *s->context);
    if (!s->context) return -1;
    int bad = 0;
    for (size_t i = 0; i < ctx->count; i++) {
        const char *name = ctx->keys[i]->text;
        size_t k = 0;
        while (context_slots[k] && strcmp(context_slots[k], name) != 0) k++;
        if (!context_slots[k]) continue; /* reported by cc_schema_keys */
        cc_context_slot *slot = &s->context[s->ncontext];
        if (cc_schema_strlist(sc, ctx, name, 1, &slot->values, &slot->nvalues) != 0) {
            bad = 1;
            continue;
        }
        if (slot->nvalues == 0) {
            cc_schema_error(sc, ctx->values[i], "'%s' has no value", name);
            bad = 1;
            free(slot->values);
            continue;
        }
        slot->name = cc_strdup(name);
        s->ncontext++;
    }
    return bad ? -1 : 0;
}

static int load_when(const cc_schema *sc, const cc_yaml_node *w, const cc_standard *std,
                     cc_branch *b)
{
    if (cc_schema_keys(sc, w, when_keys) != 0) return -1;
    if (w->count == 0) {
        cc_schema_error(sc, w, "'when' is empty; leave it out for the fallback branch");
        return -1;
    }
    int bad = 0;
    if (resolve_rules(sc, std, cc_yaml_get(w, "passed"), "passed", 2, &b->passed, &b->npassed) < 0)
        bad = 1;
    if (resolve_rules(sc, std, cc_yaml_get(w, "failed"), "failed", 2, &b->failed, &b->nfailed) < 0)
        bad = 1;
    const cc_yaml_node *said = cc_yaml_get(w, "said");
    if (cc_schema_patterns(sc, said, "said", &b->said, &b->nsaid) < 0) bad = 1;
    else if (cc_schema_pattern_slots(sc, said, b->said, b->nsaid) != 0) bad = 1;
    int ev = 0;
    if (cc_schema_enum(sc, w, "event", 0, act_names, &ev) < 0) bad = 1;
    b->event = (cc_act)ev;
    if (cc_schema_str(sc, w, "extension", 0, &b->extension) < 0) bad = 1;
    if (b->extension && b->event != CC_ACT_TRANSFER) {
        cc_schema_error(sc, cc_yaml_get(w, "extension"), "'extension' goes with 'event: transfer'");
        bad = 1;
    }
    if (cc_schema_bool(sc, w, "silent", &b->silent) < 0) bad = 1;
    int answers = b->npassed || b->nfailed || b->nsaid;
    if (b->event != CC_ACT_NONE && (answers || b->silent)) {
        cc_schema_error(sc, w, "an 'event' branch cannot also test what was said or silence");
        bad = 1;
    }
    if (b->silent && answers) {
        cc_schema_error(sc, w, "a 'silent' branch cannot also test what was said");
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* `facts:` a map from fact name to a pattern or a list of patterns. */
static int load_facts(const cc_schema *sc, const cc_yaml_node *m, cc_node *node)
{
    if (cc_schema_expect(sc, m, CC_YAML_MAP, "'facts'") != 0) return -1;
    node->facts = calloc(m->count ? m->count : 1, sizeof *node->facts);
    if (!node->facts) return -1;
    int bad = 0;
    for (size_t i = 0; i < m->count; i++) {
        const char *name = m->keys[i]->text;
        int ok = *name != '\0';
        for (const char *p = name; *p; p++)
            ok &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
        if (!ok) {
            cc_schema_error(sc, m->keys[i], "fact name '%s' may use only a-z, 0-9 and '-' (its "
                                            "kind comes before the first '-': item-cabin)", name);
            bad = 1;
            continue;
        }
        cc_fact *f = &node->facts[node->nfacts++];
        f->name = cc_strdup(name);
        size_t k = strcspn(name, "-");
        f->kind = f->name ? cc_strdup(name) : NULL;
        if (!f->name || !f->kind) return -1;
        f->kind[k] = '\0';
        if (cc_schema_patterns(sc, m->values[i], "facts", &f->say, &f->nsay) != 0) bad = 1;
    }
    return bad ? -1 : 0;
}

/* `models:` a map from rule id to the model answer for that rule at this node. */
static int load_models(const cc_schema *sc, const cc_yaml_node *m, const cc_standard *std,
                       cc_node *node)
{
    if (cc_schema_expect(sc, m, CC_YAML_MAP, "'models'") != 0) return -1;
    node->model_rules = calloc(m->count ? m->count : 1, sizeof *node->model_rules);
    node->model_texts = calloc(m->count ? m->count : 1, sizeof *node->model_texts);
    if (!node->model_rules || !node->model_texts) return -1;
    int bad = 0;
    for (size_t i = 0; i < m->count; i++) {
        int r = cc_standard_find(std, m->keys[i]->text);
        if (r < 0) {
            cc_schema_error(sc, m->keys[i], "'models' names unknown rule '%s'", m->keys[i]->text);
            bad = 1;
            continue;
        }
        if (m->values[i]->kind != CC_YAML_SCALAR) {
            cc_schema_error(sc, m->values[i], "a model answer is a text");
            bad = 1;
            continue;
        }
        node->model_rules[node->nmodels] = r;
        if (!(node->model_texts[node->nmodels++] = cc_strdup(m->values[i]->text))) return -1;
    }
    return bad ? -1 : 0;
}

static int load_node_pass1(const cc_schema *sc, const cc_yaml_node *n, const cc_standard *std,
                           cc_node *node)
{
    node->src_line = n->line;
    node->src_col = n->col;
    if (cc_schema_keys(sc, n, node_keys) != 0) return -1;
    int bad = 0;
    if (cc_schema_str(sc, n, "id", 1, &node->id) != 0) bad = 1;
    if (cc_schema_strlist(sc, n, "say", 0, &node->say, &node->nsay) < 0) bad = 1;
    int mood = 0;
    int rc = cc_schema_enum(sc, n, "mood", 0, mood_names, &mood);
    if (rc < 0) bad = 1;
    node->has_mood = rc == 0;
    node->mood = (cc_mood)mood;
    if (resolve_rules(sc, std, cc_yaml_get(n, "expect"), "expect", 1, &node->expect,
                      &node->nexpect) < 0)
        bad = 1;
    if (cc_schema_str(sc, n, "model", 0, &node->model) < 0) bad = 1;
    else if (cc_schema_text_slots(sc, cc_yaml_get(n, "model"), node->model) != 0) bad = 1;
    const cc_yaml_node *say = cc_yaml_get(n, "say");
    for (size_t i = 0; i < node->nsay; i++)
        if (cc_schema_text_slots(sc, say->kind == CC_YAML_SEQ ? say->values[i] : say,
                                 node->say[i]) != 0)
            bad = 1;
    const cc_yaml_node *facts = cc_yaml_get(n, "facts"), *models = cc_yaml_get(n, "models");
    if (facts && load_facts(sc, facts, node) != 0) bad = 1;
    if (models && load_models(sc, models, std, node) != 0) bad = 1;
    if (cc_schema_bool(sc, n, "end", &node->end) < 0) bad = 1;
    node->outcome = -1;
    const cc_yaml_node *oc = cc_yaml_get(n, "outcome");
    char *outcome = NULL;
    if (cc_schema_str(sc, n, "outcome", 0, &outcome) < 0) {
        bad = 1;
    } else if (outcome) {
        node->outcome = cc_standard_find_outcome(std, outcome);
        if (!node->end) {
            cc_schema_error(sc, oc, "'outcome' goes on an end node ('end: true'): it says how "
                                    "the call ended");
            bad = 1;
        } else if (node->outcome < 0) {
            const char *names[64];
            size_t k = 0;
            for (; k < std->noutcomes && k < 63; k++) names[k] = std->outcomes[k].id;
            names[k] = NULL;
            const char *hint = cc_schema_suggest(outcome, names, k);
            cc_schema_error(sc, oc, "unknown outcome '%s'%s%s%s; the standard declares them "
                                    "under 'outcomes'",
                            outcome, hint ? " (did you mean '" : "", hint ? hint : "",
                            hint ? "'?)" : "");
            bad = 1;
        }
        free(outcome);
    }
    if (node->nexpect && !node->model && !node->end)
        cc_schema_warning(sc, n, "node '%s' expects rules but has no 'model' answer",
                          node->id ? node->id : "?");
    return bad ? -1 : 0;
}

static int load_node_pass2(const cc_schema *sc, const cc_yaml_node *n, const cc_standard *std,
                           cc_scenario *s, cc_node *node)
{
    int bad = 0;
    const cc_yaml_node *events = cc_yaml_get(n, "events");
    if (events && cc_schema_expect(sc, events, CC_YAML_SEQ, "'events'") == 0) {
        node->events = calloc(events->count ? events->count : 1, sizeof *node->events);
        if (!node->events) return -1;
        for (size_t i = 0; i < events->count; i++) {
            const cc_yaml_node *e = events->values[i];
            cc_timed *t = &node->events[node->nevents++];
            if (cc_schema_keys(sc, e, timed_keys) != 0) {
                bad = 1;
                continue;
            }
            int kind = 0;
            if (cc_schema_num(sc, e, "after", 1, 0, 3600, &t->after) != 0) bad = 1;
            if (cc_schema_enum(sc, e, "do", 1, timed_names, &kind) != 0) {
                bad = 1;
                continue;
            }
            t->kind = (cc_timed_kind)kind;
            t->node = -1;
            /* A silent trainee is prompted once after dead air + 1 s and the
             * caller gives up as long after the prompt: later remarks never come. */
            double gives_up = 2.0 * (std->settings.dead_air_seconds + 1.0) +
                              (double)cc_speech_ms(std->reactions.silence, 175) / 1000.0;
            if (t->kind != CC_TIMED_RING && t->after >= gives_up)
                cc_schema_warning(sc, cc_yaml_get(e, "after"),
                                  "this event never happens: after %g s of silence the caller "
                                  "has already given up (at %g s); make it sooner",
                                  t->after, gives_up);
            if (cc_schema_bool(sc, e, "interrupt", &t->interrupt) < 0) bad = 1;
            if (t->interrupt && t->kind != CC_TIMED_SAY)
                cc_schema_error(sc, cc_yaml_get(e, "interrupt"), "'interrupt' goes with 'do: say'"),
                    bad = 1;
            if (t->kind == CC_TIMED_SAY) {
                if (cc_schema_str(sc, e, "text", 1, &t->text) != 0) bad = 1;
                else if (cc_schema_text_slots(sc, cc_yaml_get(e, "text"), t->text) != 0) bad = 1;
            } else if (t->kind == CC_TIMED_RING) {
                if (cc_schema_int(sc, e, "line", 1, 2, 2, &t->line) != 0) bad = 1;
                else if (!cc_scenario_line(s, t->line))
                    cc_schema_error(sc, cc_yaml_get(e, "line"),
                                    "line %d rings but 'lines' does not define it", t->line),
                        bad = 1;
            } else if (t->kind == CC_TIMED_GOTO) {
                t->node = resolve_node(sc, s, cc_yaml_get(e, "node"), "'node'");
                if (t->node < 0) bad = 1;
            }
        }
    }
    const cc_yaml_node *br = cc_yaml_get(n, "branches");
    int fallback = 0;
    int br_ok = !br || cc_schema_expect(sc, br, CC_YAML_SEQ, "'branches'") == 0;
    if (!br_ok) bad = 1;
    if (br && br_ok) {
        node->branches = calloc(br->count ? br->count : 1, sizeof *node->branches);
        if (!node->branches) return -1;
        for (size_t i = 0; i < br->count; i++) {
            const cc_yaml_node *b = br->values[i];
            cc_branch *out = &node->branches[node->nbranches++];
            out->src_line = b->line;
            out->src_col = b->col;
            out->target = -1;
            if (cc_schema_keys(sc, b, branch_keys) != 0) {
                bad = 1;
                continue;
            }
            const cc_yaml_node *w = cc_yaml_get(b, "when");
            if (w) {
                out->has_when = 1;
                if (load_when(sc, w, std, out) != 0) bad = 1;
            } else {
                if (fallback)
                    cc_schema_warning(sc, b, "a second fallback branch is never taken");
                fallback = 1;
            }
            const cc_yaml_node *g = cc_yaml_get(b, "goto");
            if (!g) {
                cc_schema_error(sc, b, "missing required key 'goto'");
                bad = 1;
                continue;
            }
            out->target = resolve_node(sc, s, g, "'goto'");
            if (out->target < 0) bad = 1;
        }
    }
    if (node->end) {
        if (node->nbranches)
            cc_schema_error(sc, br, "an end node has no 'branches': the caller hangs up"), bad = 1;
        if (node->nexpect)
            cc_schema_error(sc, cc_yaml_get(n, "expect"),
                            "an end node has no 'expect': the trainee cannot answer after the "
                            "caller hangs up"),
                bad = 1;
    } else if (!fallback && node->id && br_ok) {
        cc_schema_error(sc, n,
                        "node '%s' has no fallback branch (one without 'when'); add one so "
                        "every answer leads somewhere",
                        node->id);
        bad = 1;
    }
    return bad ? -1 : 0;
}

static void check_reachable(const cc_schema *sc, const cc_scenario *s, const cc_yaml_node *nodes)
{
    char *seen = calloc(s->nnodes ? s->nnodes : 1, 1);
    int *stack = calloc(s->nnodes ? s->nnodes : 1, sizeof *stack);
    if (!seen || !stack) goto out;
    size_t top = 0;
    for (size_t i = 0; i < s->nlines; i++)
        if (s->lines[i].start >= 0 && !seen[s->lines[i].start]) {
            seen[s->lines[i].start] = 1;
            stack[top++] = s->lines[i].start;
        }
    while (top) {
        const cc_node *n = &s->nodes[stack[--top]];
        for (size_t i = 0; i < n->nbranches + n->nevents; i++) {
            int t = i < n->nbranches ? n->branches[i].target : n->events[i - n->nbranches].node;
            if (t >= 0 && !seen[t]) {
                seen[t] = 1;
                stack[top++] = t;
            }
        }
    }
    for (size_t i = 0; i < s->nnodes; i++)
        if (!seen[i] && s->nodes[i].id)
            cc_schema_warning(sc, nodes->values[i], "node '%s' can never be reached",
                              s->nodes[i].id);
out:
    free(seen);
    free(stack);
}

/* A node without a `say` starts its timed events as soon as it is entered, so
 * timed gotos between such nodes would move the caller on forever without a
 * word or, at `after: 0`, at one instant: the engine would never return (found
 * by tests/fuzz, regressions/scenario/goto-loop-*). Refused here: each cycle of
 * timed gotos through say-less nodes is reported once, at a goto that closes it. */
static void check_goto_loops(const cc_schema *sc, const cc_scenario *s, const cc_yaml_node *nodes)
{
    size_t n = s->nnodes;
    /* 0 unvisited, 1 on the DFS path, 2 done. stack holds node and next event. */
    char *state = calloc(n ? n : 1, 1);
    size_t *stack = calloc(n ? 2 * n : 2, sizeof *stack);
    if (!state || !stack) goto out;
    for (size_t root = 0; root < n; root++) {
        if (state[root] || s->nodes[root].nsay || s->nodes[root].end) continue;
        size_t top = 0;
        stack[top++] = root;
        stack[top++] = 0;
        state[root] = 1;
        while (top) {
            size_t u = stack[top - 2], e = stack[top - 1]++;
            const cc_node *node = &s->nodes[u];
            if (e >= node->nevents) {
                state[u] = 2;
                top -= 2;
                continue;
            }
            const cc_timed *t = &node->events[e];
            if (t->kind != CC_TIMED_GOTO || t->node < 0) continue;
            size_t v = (size_t)t->node;
            const cc_node *to = &s->nodes[v];
            if (to->nsay || to->end) continue;
            if (state[v] == 1) {
                const cc_yaml_node *ev = cc_yaml_get(nodes->values[u], "events");
                const cc_yaml_node *at = ev && ev->kind == CC_YAML_SEQ && e < ev->count
                                             ? ev->values[e] : nodes->values[u];
                cc_schema_error(sc, at,
                                "this 'goto' from '%s' to '%s' closes a loop of timed gotos "
                                "with no 'say' on the way: the caller would move on forever "
                                "without a word; give a node of the loop a 'say' line",
                                node->id ? node->id : "?", to->id ? to->id : "?");
            } else if (state[v] == 0) {
                state[v] = 1;
                stack[top++] = v;
                stack[top++] = 0;
            }
        }
    }
out:
    free(state);
    free(stack);
}

/* ---- tests: takes with the verdicts they must score ----------------------- */

/* Length of the line break at s[0..n), 0 if none: the set yamldoc (and
 * libyaml) count lines by, so positions here agree with the tree's. */
static size_t break_len(const unsigned char *s, size_t n)
{
    if (s[0] == '\r') return (n > 1 && s[1] == '\n') ? 2 : 1;
    if (s[0] == '\n') return 1;
    if (n > 1 && s[0] == 0xC2 && s[1] == 0x85) return 2;
    if (n > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) return 3;
    return 0;
}

/* Byte offset where 1-based `line` starts (a leading byte-order mark
 * skipped, as yamldoc does), or len when the data is shorter. */
static size_t line_offset(const char *data, size_t len, int line)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (int l = 1; l < line && i < len;) {
        size_t br = break_len(s + i, len - i);
        if (br) {
            i += br;
            l++;
        } else
            i++;
    }
    return i;
}

/* Where a take written in the scenario puts its text: a literal block
 * (`take: |`) starts on the next line, `indent` columns in; any other scalar
 * starts at the value itself. */
typedef struct {
    int block;      /* '|' literal, '>' folded, '"' or '\'' quoted, 0 plain */
    int line, col;  /* the value's position */
    int indent;     /* literal: the block's indentation */
} take_place;

static take_place place_of(const char *data, size_t len, const cc_yaml_node *key,
                           const cc_yaml_node *v)
{
    take_place p = {0, v->line, v->col, 0};
    size_t i = line_offset(data, len, v->line);
    /* columns count characters, not bytes */
    for (int c = 1; c < v->col && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80) i++;
    }
    if (i >= len) return p;
    char ch = data[i];
    if (ch == '"' || ch == '\'' || ch == '>') p.block = ch;
    if (ch != '|') return p;
    p.block = '|';
    /* an explicit indentation indicator counts from the key's own indentation */
    for (size_t j = i + 1; j < len && strchr("-+123456789", data[j]) && data[j]; j++)
        if (data[j] != '-' && data[j] != '+') {
            p.indent = key->col - 1 + (data[j] - '0');
            return p;
        }
    /* else the first line with text decides */
    size_t k = line_offset(data, len, v->line + 1);
    while (k < len) {
        size_t sp = 0;
        while (k + sp < len && data[k + sp] == ' ') sp++;
        size_t br = k + sp < len ? break_len((const unsigned char *)data + k + sp, len - k - sp) : 0;
        if (k + sp < len && !br) {
            p.indent = (int)sp;
            break;
        }
        k += sp + (br ? br : 1);
    }
    return p;
}

/* A take's line and column as a place in the scenario file. */
static void take_to_file(const take_place *p, int line, int col, int *fl, int *fc)
{
    if (line <= 0) {
        *fl = p->line;
        *fc = p->col;
    } else if (p->block == '|') {
        *fl = p->line + line;
        *fc = col > 0 ? col + p->indent : 0;
    } else {
        *fl = p->line + line - 1;
        *fc = line == 1 && col > 0 ? p->col + (p->block ? 1 : 0) + col - 1 : col;
    }
}

static int load_inline_take(const cc_schema *sc, const char *data, size_t len,
                            const cc_yaml_node *key, const cc_yaml_node *v, const char *name,
                            cc_scenario_test *t)
{
    take_place p = place_of(data, len, key, v);
    if (p.block == '>') {
        cc_schema_error(sc, v,
                        "test '%s': write the take as a literal block ('take: |'); with '>' "
                        "its lines run together into one",
                        name);
        return -1;
    }
    cc_diags *td = cc_diags_create();
    if (!td) return -1;
    t->take = cc_take_parse(sc->file, v->text, v->len, td);
    for (size_t i = 0; i < cc_diags_count(td); i++) {
        const cc_diag *g = cc_diags_get(td, i);
        int fl, fc;
        take_to_file(&p, g->line, g->col, &fl, &fc);
        cc_diags_add(sc->diags, g->severity, sc->file, fl, fc, "%s", g->message);
    }
    int bad = cc_diags_errors(td) > 0 || !t->take;
    cc_diags_free(td);
    for (size_t i = 0; t->take && i < t->take->count; i++) {
        cc_take_action *a = &t->take->actions[i];
        take_to_file(&p, a->line, a->col, &a->line, &a->col);
    }
    return bad ? -1 : 0;
}

static const cc_yaml_node *key_of(const cc_yaml_node *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->text, key) == 0) return map->keys[i];
    return NULL;
}

static int load_test(const cc_schema *sc, const cc_yaml_node *n, const char *data, size_t len,
                     const cc_standard *std, const cc_scenario *s, cc_scenario_test *t)
{
    t->src_line = n->line;
    t->src_col = n->col;
    if (cc_schema_keys(sc, n, test_keys) != 0) return -1;
    int bad = 0;
    if (cc_schema_str(sc, n, "name", 1, &t->name) != 0) bad = 1;
    const char *name = t->name ? t->name : "?";
    for (size_t j = 0; t->name && s->tests + j < t; j++)
        if (s->tests[j].name && strcmp(s->tests[j].name, t->name) == 0) {
            cc_schema_error(sc, cc_yaml_get(n, "name"),
                            "test name '%s' is used twice (first at line %d)", t->name,
                            s->tests[j].src_line);
            bad = 1;
            break;
        }

    const cc_yaml_node *take = cc_yaml_get(n, "take"), *file = cc_yaml_get(n, "take_file");
    if (take && file) {
        cc_schema_error(sc, file, "test '%s': give either 'take' or 'take_file', not both", name);
        bad = 1;
    } else if (!take && !file) {
        cc_schema_error(sc, n,
                        "test '%s' has no take: write one under 'take: |', or name a file with "
                        "'take_file'",
                        name);
        bad = 1;
    } else if (take) {
        char *text = NULL;
        t->take_line = take->line;
        t->take_col = take->col;
        if (cc_schema_str(sc, n, "take", 1, &text) != 0) bad = 1;
        else if (load_inline_take(sc, data, len, key_of(n, "take"), take, name, t) != 0) bad = 1;
        free(text);
    } else {
        t->take_line = file->line;
        t->take_col = file->col;
        if (cc_schema_str(sc, n, "take_file", 1, &t->take_file) != 0) bad = 1;
        else if (!*t->take_file) {
            cc_schema_error(sc, file, "'take_file' is empty; name a take file");
            bad = 1;
        } else if (!(t->take_path = cc_path_beside(s->path, t->take_file)))
            bad = 1;
    }

    int expect = 0;
    const cc_yaml_node *ev = cc_yaml_get(n, "expect");
    int rc = cc_schema_enum(sc, n, "expect", 0, expect_names, &expect);
    if (rc < 0) bad = 1;
    if (rc == 0) {
        t->expect = expect == 0 ? CC_TEST_PASS : CC_TEST_FAIL;
        t->expect_line = ev->line;
        t->expect_col = ev->col;
    }

    int *ids = NULL;
    size_t nids = 0;
    if (resolve_rules_at(sc, std, cc_yaml_get(n, "fail"), "fail", 0, &ids, &nids, &t->fail) < 0)
        bad = 1;
    t->nfail = nids;
    free(ids);
    if (resolve_rules_at(sc, std, cc_yaml_get(n, "pass"), "pass", 0, &ids, &nids, &t->pass) < 0)
        bad = 1;
    t->npass = nids;
    free(ids);
    for (size_t i = 0; i < t->npass; i++)
        for (size_t j = 0; j < t->nfail; j++)
            if (t->pass[i].rule == t->fail[j].rule) {
                cc_diags_add(sc->diags, CC_DIAG_ERROR, sc->file, t->pass[i].src_line,
                             t->pass[i].src_col,
                             "test '%s': rule '%s' cannot be expected to both pass and fail",
                             name, std->rules[t->pass[i].rule].id);
                bad = 1;
            }

    const cc_yaml_node *mn = cc_yaml_get(n, "score_min"), *mx = cc_yaml_get(n, "score_max");
    rc = cc_schema_int(sc, n, "score_min", 0, 0, 100, &t->score_min);
    if (rc < 0) bad = 1;
    if (rc == 0) {
        t->has_score_min = 1;
        t->score_min_line = mn->line;
        t->score_min_col = mn->col;
    }
    rc = cc_schema_int(sc, n, "score_max", 0, 0, 100, &t->score_max);
    if (rc < 0) bad = 1;
    if (rc == 0) {
        t->has_score_max = 1;
        t->score_max_line = mx->line;
        t->score_max_col = mx->col;
    }
    if (t->has_score_min && t->has_score_max && t->score_min > t->score_max) {
        cc_schema_error(sc, mx, "test '%s': score_max %d is below score_min %d; no score fits",
                        name, t->score_max, t->score_min);
        bad = 1;
    }
    const cc_yaml_node *oc = cc_yaml_get(n, "outcome");
    if (cc_schema_str(sc, n, "outcome", 0, &t->outcome) < 0) bad = 1;
    if (t->outcome) {
        t->outcome_line = oc->line;
        t->outcome_col = oc->col;
        if (cc_standard_find_outcome(std, t->outcome) < 0) {
            cc_schema_error(sc, oc, "test '%s': unknown outcome '%s'; the standard declares them "
                                    "under 'outcomes'", name, t->outcome);
            bad = 1;
        }
    }
    if (!bad && !ev && !cc_yaml_get(n, "fail") && !cc_yaml_get(n, "pass") && !mn && !mx && !oc) {
        cc_schema_error(sc, n,
                        "test '%s' checks nothing: give 'expect: pass' or 'expect: fail', "
                        "and the rules it must 'fail' or 'pass'",
                        name);
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* A text shown to a trainee (a model answer, a rule's feedback) must not show an
 * unfilled "{slot}": every slot it uses must be one this call fills ({company},
 * {trainee}, the scenario's context). The standard's generic models are exempt:
 * they are shown only when they fill (feedback.h). -1 out of memory. */
/* Like cc_slots_missing, for the slots a text may use: an unknown name was
 * reported by the schema already (cc_schema_text_slots), and no context can
 * fill it. */
static int missing_known_slot(const cc_slots *sl, const char *text, char *name, size_t n)
{
    size_t len;
    for (const char *p = text; p && (p = cc_text_next_slot(p, &len)) != NULL; p += len + 2) {
        if (!cc_slot_name_known(p + 1, len)) continue;
        char one[80];
        snprintf(one, sizeof one, "{%.*s}", (int)len, p + 1);
        if (cc_slots_missing(sl, one, name, n)) return 1;
    }
    return 0;
}

static int check_texts(const cc_schema *sc, const cc_standard *std, const cc_scenario *s,
                       const cc_yaml_node *nodes)
{
    cc_slots *sl = cc_scenario_slots(std, s, "trainee");
    if (!sl) return -1;
    char name[64];
    for (size_t i = 0; i < s->nnodes && i < nodes->count; i++) {
        const cc_node *node = &s->nodes[i];
        const cc_yaml_node *at = nodes->values[i];
        if (node->model && missing_known_slot(sl, node->model, name, sizeof name))
            cc_schema_error(sc, cc_yaml_get(at, "model"),
                            "the model answer uses {%s}, which this scenario does not fill; add "
                            "'%s' to 'context' or write the words themselves",
                            name, name);
        for (size_t k = 0; k < node->nmodels; k++)
            if (missing_known_slot(sl, node->model_texts[k], name, sizeof name))
                cc_schema_error(sc, cc_yaml_get(at, "models"),
                                "the model answer for '%s' uses {%s}, which this scenario does "
                                "not fill; add '%s' to 'context' or write the words themselves",
                                std->rules[node->model_rules[k]].id, name, name);
        for (size_t k = 0; k < node->nexpect; k++) {
            const cc_rule *r = &std->rules[node->expect[k]];
            if (r->feedback && missing_known_slot(sl, r->feedback, name, sizeof name))
                cc_schema_error(sc, cc_yaml_get(at, "expect"),
                                "the feedback of rule '%s' (standard line %d) uses {%s}, which "
                                "this scenario does not fill; add '%s' to 'context'",
                                r->id, r->line, name, name);
        }
    }
    cc_slots_free(sl);
    return 0;
}

static int load_tests(const cc_schema *sc, const cc_yaml_node *list, const char *data, size_t len,
                      const cc_standard *std, cc_scenario *s)
{
    if (cc_schema_expect(sc, list, CC_YAML_SEQ, "'tests'") != 0) return -1;
    s->tests = calloc(list->count ? list->count : 1, sizeof *s->tests);
    if (!s->tests) return -1;
    int bad = 0;
    for (size_t i = 0; i < list->count; i++) {
        cc_scenario_test *t = &s->tests[s->ntests++];
        if (load_test(sc, list->values[i], data, len, std, s, t) != 0) bad = 1;
    }
    return bad ? -1 : 0;
}

cc_scenario *cc_scenario_load(const char *path, const char *data, size_t len,
                              const cc_standard *std, cc_diags *diags)
{
    /* Branch phrases are read in the standard's language, which the scenario must share. */
    cc_schema sc = {path, diags, std ? std->language : NULL};
    size_t errors_before = cc_diags_errors(diags);
    cc_yaml_doc *doc = NULL;
    cc_scenario *s = calloc(1, sizeof *s);
    if (!s) goto fail;
    s->path = cc_strdup(path);
    if (cc_yaml_parse(path, data, len, &doc, diags) != 0) goto fail;
    const cc_yaml_node *root = cc_yaml_root(doc);
    if (cc_schema_keys(&sc, root, top_keys) != 0) goto fail;
    cc_schema_str(&sc, root, "scenario", 1, &s->id);
    cc_schema_str(&sc, root, "title", 1, &s->title);
    cc_schema_str(&sc, root, "language", 1, &s->language);
    cc_schema_str(&sc, root, "briefing", 1, &s->briefing);
    cc_schema_sounds(&sc, root, s->sounds);
    s->difficulty = 1;
    cc_schema_int(&sc, root, "difficulty", 0, 1, 5, &s->difficulty);
    int outgoing = 0;
    cc_schema_enum(&sc, root, "call", 0, call_names, &outgoing);
    if (s->language && !cc_language_valid(s->language))
        cc_schema_error(&sc, cc_yaml_get(root, "language"),
                        "'language' is '%s', which is not a language code; write the "
                        "standard's code, such as en, en-US, ru, pl, ro or lv",
                        s->language);
    else if (s->language && std->language && strcmp(s->language, std->language) != 0)
        cc_schema_error(&sc, cc_yaml_get(root, "language"),
                        "scenario language '%s' differs from the standard's '%s'", s->language,
                        std->language);
    const cc_yaml_node *ctx = cc_yaml_get(root, "context");
    if (ctx && load_context(&sc, ctx, s) != 0 && !s->context) goto fail;

    /* Nodes first (ids), so lines, branches and events can resolve names. */
    const cc_yaml_node *nodes = cc_yaml_get(root, "nodes");
    static const cc_yaml_node no_nodes = {CC_YAML_SEQ, 0, 0, NULL, 0, 0, 0, NULL, NULL};
    if (!nodes) cc_schema_error(&sc, root, "missing required key 'nodes'");
    else if (cc_schema_expect(&sc, nodes, CC_YAML_SEQ, "'nodes'") != 0) nodes = NULL;
    else if (nodes->count == 0)
        cc_schema_error(&sc, nodes, "'nodes' is empty; a call needs at least one node");
    if (!nodes) nodes = &no_nodes; /* go on: the lines may have problems of their own */
    s->nodes = calloc(nodes->count ? nodes->count : 1, sizeof *s->nodes);
    if (!s->nodes) goto fail;
    for (size_t i = 0; i < nodes->count; i++) {
        cc_node *node = &s->nodes[s->nnodes++];
        load_node_pass1(&sc, nodes->values[i], std, node);
        if (node->id)
            for (size_t j = 0; j + 1 < s->nnodes; j++)
                if (s->nodes[j].id && strcmp(s->nodes[j].id, node->id) == 0)
                    cc_schema_error(&sc, cc_yaml_get(nodes->values[i], "id"),
                                    "node id '%s' is used twice (first at line %d)", node->id,
                                    s->nodes[j].src_line);
    }

    if (check_texts(&sc, std, s, nodes) != 0) goto fail;

    const cc_yaml_node *lines = cc_yaml_get(root, "lines");
    if (!lines) cc_schema_error(&sc, root, "missing required key 'lines'");
    else if (cc_schema_expect(&sc, lines, CC_YAML_SEQ, "'lines'") == 0) {
        if (lines->count == 0 || lines->count > CC_MAX_LINES)
            cc_schema_error(&sc, lines, "'lines' must define line 1 and at most %d lines",
                            CC_MAX_LINES);
        for (size_t i = 0; i < lines->count && i < CC_MAX_LINES; i++) {
            const cc_yaml_node *l = lines->values[i];
            cc_line_def *def = &s->lines[s->nlines];
            def->start = -1;
            if (cc_schema_keys(&sc, l, line_keys) != 0) continue;
            if (cc_schema_int(&sc, l, "line", 1, 1, CC_MAX_LINES, &def->number) != 0) continue;
            if (cc_scenario_line(s, def->number)) {
                cc_schema_error(&sc, cc_yaml_get(l, "line"), "line %d is defined twice",
                                def->number);
                continue;
            }
            const cc_yaml_node *st = cc_yaml_get(l, "start");
            if (!st) cc_schema_error(&sc, l, "missing required key 'start'");
            else def->start = resolve_node(&sc, s, st, "'start'");
            const cc_yaml_node *p = cc_yaml_get(l, "caller");
            if (!p) cc_schema_error(&sc, l, "missing required key 'caller'");
            else load_persona(&sc, p, &def->caller);
            s->nlines++;
            if (outgoing == 1 && def->number == 1 && def->start >= 0 &&
                !s->nodes[def->start].nsay)
                cc_schema_warning(&sc, st,
                                  "start node '%s' has no 'say' line: on an outgoing call the "
                                  "other party answers first",
                                  s->nodes[def->start].id);
            else if (!(outgoing == 1 && def->number == 1) && def->start >= 0 &&
                     s->nodes[def->start].nsay)
                cc_schema_warning(&sc, st,
                                  "start node '%s' has a 'say' line: on an incoming call the "
                                  "trainee speaks first, so the caller talks over the greeting",
                                  s->nodes[def->start].id);
        }
        if (!cc_scenario_line(s, 1)) cc_schema_error(&sc, lines, "'lines' must define line 1");
    }

    for (size_t i = 0; i < s->nnodes; i++)
        load_node_pass2(&sc, nodes->values[i], std, s, &s->nodes[i]);
    const cc_yaml_node *tests = cc_yaml_get(root, "tests");
    if (tests && load_tests(&sc, tests, data, len, std, s) != 0 && !s->tests) goto fail;
    const cc_yaml_node *req = cc_yaml_get(root, "required");
    /* A node whose `expect` names an unknown rule keeps none of them: checking
     * `required` against it would blame every rule it does expect. */
    int expects_known = 1;
    for (size_t n = 0; n < s->nnodes; n++)
        if (!s->nodes[n].nexpect && cc_yaml_get(nodes->values[n], "expect")) expects_known = 0;
    if (req && resolve_rules(&sc, std, req, "required", 1, &s->required, &s->nrequired) == 0 &&
        expects_known) {
        /* A required rule no node expects could never pass. */
        for (size_t i = 0; i < s->nrequired; i++) {
            int found = 0;
            for (size_t n = 0; n < s->nnodes && !found; n++)
                for (size_t e = 0; e < s->nodes[n].nexpect && !found; e++)
                    found = s->nodes[n].expect[e] == s->required[i];
            if (!found)
                cc_schema_error(&sc, req->kind == CC_YAML_SEQ ? req->values[i] : req,
                                "rule '%s' is required but no node expects it",
                                std->rules[s->required[i]].id);
        }
    }
    if (cc_diags_errors(diags) == errors_before) check_reachable(&sc, s, nodes);
    if (cc_diags_errors(diags) == errors_before) check_goto_loops(&sc, s, nodes);
    if (cc_diags_errors(diags) != errors_before) goto fail;
    cc_yaml_free(doc);
    return s;
fail:
    if (cc_diags_errors(diags) == errors_before)
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "out of memory while loading");
    cc_yaml_free(doc);
    cc_scenario_free(s);
    return NULL;
}
