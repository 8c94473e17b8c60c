/* demo: see demo.h. */
#define _POSIX_C_SOURCE 200809L
#include "demo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "trainee.h"

struct cc_demo {
    const cc_standard *std;
    const cc_scenario *scn;
    cc_take *take;        /* the script, or NULL: each turn's model answer */
    size_t next;          /* next action of the take */
    double wait_s;        /* silence asked for before the next action */
    int64_t ready_at;     /* call ms the last action finished */
    int64_t quiet_at;     /* call ms the caller last finished a line */
    int speaking;
    int picked;           /* model mode: picked up */
    size_t turns_answered;/* model mode: turns of the record already answered */
    size_t turns_now;     /* model mode: the record's turns when the answer was given */
    char *said;           /* model mode: the answer given out, slots filled */
    cc_persona voice;
};

static int word_char(char c) { return isalnum((unsigned char)c) || ((unsigned char)c & 0x80); }

/* text with every whole word `from` replaced by `to`; NULL on out-of-memory. */
static char *replace_word(const char *text, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), hits = 0;
    for (const char *p = text; (p = strstr(p, from)); p += fl) hits++;
    char *out = malloc(strlen(text) + hits * tl + 1), *o = out;
    if (!out) return NULL;
    for (const char *p = text; *p;) {
        if (strncmp(p, from, fl) == 0 && (p == text || !word_char(p[-1])) && !word_char(p[fl])) {
            memcpy(o, to, tl);
            o += tl;
            p += fl;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

cc_take *cc_demo_take(const cc_scenario *scn, const char *trainee, char *err, size_t errlen)
{
    const cc_scenario_test *best = NULL;
    if (!trainee || !*trainee) trainee = CC_DEMO_TEST_TRAINEE;
    for (size_t i = 0; i < scn->ntests; i++) {
        const cc_scenario_test *t = &scn->tests[i];
        if (t->expect != CC_TEST_PASS) continue;
        if (!best || (strcmp(t->name, "model") == 0 && strcmp(best->name, "model") != 0)) best = t;
    }
    if (!best) {
        snprintf(err, errlen, "scenario '%s' has no test expected to pass, so no model take to "
                              "play; add one under tests: (docs/authoring.md)", scn->id);
        return NULL;
    }
    const cc_take *src = best->take;
    cc_take *loaded = NULL;
    if (!src) {
        cc_diags *d = cc_diags_create();
        if (!d) {
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        if (cc_take_load_file(best->take_path, &loaded, d) != CC_FILE_OK || !loaded) {
            char why[512] = "it cannot be read";
            if (cc_diags_count(d)) cc_diag_format(cc_diags_get(d, 0), why, sizeof why);
            snprintf(err, errlen, "cannot read the model take of test '%s': %s; check it with "
                                  "callcoach-lint --test", best->name, why);
            cc_diags_free(d);
            cc_take_free(loaded);
            return NULL;
        }
        cc_diags_free(d);
        src = loaded;
    }
    cc_take *t = calloc(1, sizeof *t);
    if (t) t->actions = calloc(src->count ? src->count : 1, sizeof *t->actions);
    if (t) t->path = strdup(src->path ? src->path : "");
    int ok = t && t->actions && t->path;
    for (size_t i = 0; ok && i < src->count; i++) {
        t->actions[i] = src->actions[i];
        t->actions[i].text = NULL;
        t->count = i + 1;
        if (!src->actions[i].text) continue;
        /* The scenario's tests are played as CC_DEMO_TEST_TRAINEE; the demo
         * trainee introduces themself by their own name. */
        int spoken = src->actions[i].kind == CC_TAKE_SAY || src->actions[i].kind == CC_TAKE_INTERRUPT;
        t->actions[i].text = spoken ? replace_word(src->actions[i].text, CC_DEMO_TEST_TRAINEE, trainee)
                                    : strdup(src->actions[i].text);
        ok = t->actions[i].text != NULL;
    }
    cc_take_free(loaded);
    if (!ok) {
        cc_take_free(t);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return t;
}

/* A second voice: the language of the caller's voice, with a variant no
 * caller of this scenario uses (those listed are clear in espeak-ng). */
static void choose_voice(cc_demo *d)
{
    static char name[] = "Demo trainee", variants[][8] = {"klatt4", "m1", "klatt", "m7", "f5"};
    static char en[] = "en-us";
    cc_persona *v = &d->voice;
    *v = (cc_persona){.name = name, .voice = en, .variant = variants[0], .pitch = 50, .range = 50,
                      .rate = CC_TRAINEE_WPM, .volume = 100, .mood = CC_MOOD_CALM};
    if (d->scn->nlines && d->scn->lines[0].caller.voice) v->voice = d->scn->lines[0].caller.voice;
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        int used = 0;
        for (size_t i = 0; i < d->scn->nlines; i++) {
            const cc_persona *c = &d->scn->lines[i].caller;
            used |= c->variant && strcmp(c->variant, variants[k]) == 0 && c->voice &&
                    strcmp(c->voice, v->voice) == 0;
        }
        if (!used) {
            v->variant = variants[k];
            break;
        }
    }
}

cc_demo *cc_demo_create(const cc_standard *std, const cc_scenario *scn, const char *trainee,
                        int with_take)
{
    cc_demo *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->std = std;
    d->scn = scn;
    choose_voice(d);
    char why[512];
    /* Without a take the demo answers with the model answers (demo.h). */
    if (with_take) d->take = cc_demo_take(scn, trainee, why, sizeof why);
    return d;
}

void cc_demo_free(cc_demo *d)
{
    if (!d) return;
    cc_take_free(d->take);
    free(d->said);
    free(d);
}

const cc_persona *cc_demo_voice(const cc_demo *d) { return &d->voice; }

void cc_demo_prepare(const cc_demo *d, cc_voicework *vw, const cc_slots *slots)
{
    if (d->take) {
        for (size_t i = 0; i < d->take->count; i++) {
            const cc_take_action *a = &d->take->actions[i];
            if (a->kind == CC_TAKE_SAY || a->kind == CC_TAKE_INTERRUPT)
                cc_voicework_prepare_own(vw, a->text, &d->voice);
        }
        return;
    }
    for (size_t i = 0; i < d->scn->nnodes; i++) {
        if (!d->scn->nodes[i].model) continue;
        char *filled = cc_slots_fill(slots, d->scn->nodes[i].model);
        if (filled) cc_voicework_prepare_own(vw, filled, &d->voice);
        free(filled);
    }
}

static cc_trainee_moment moment(const cc_demo *d)
{
    return (cc_trainee_moment){d->ready_at, d->quiet_at, d->wait_s};
}

/* Without a take: picks up on the first ring, then answers each new turn on
 * the line it is on with that node's model answer. */
static cc_demo_act models(cc_demo *d, const cc_demo_view *v)
{
    cc_demo_act none = {CC_DEMO_NOTHING, CC_IN_PICKUP, NULL};
    cc_trainee_moment m = moment(d);
    if (!d->picked) {
        cc_take_action pickup = {.kind = CC_TAKE_PICKUP, .ring = 1};
        if (v->now < cc_trainee_start_ms(&d->std->settings, &pickup, &m)) return none;
        return (cc_demo_act){CC_DEMO_KEY, CC_IN_PICKUP, NULL};
    }
    const cc_record *rec = cc_call_record(v->call);
    if (rec->nturns == 0 || d->turns_answered >= rec->nturns) return none;
    const cc_turn *turn = &rec->turns[rec->nturns - 1];
    if (turn->line != cc_call_active_line(v->call)) return none;
    const char *model = d->scn->nodes[turn->node].model;
    if (!model) {
        d->turns_answered = rec->nturns;
        return none;
    }
    cc_take_action answer = {.kind = CC_TAKE_SAY};
    if (v->caller_talking || v->now < cc_trainee_start_ms(&d->std->settings, &answer, &m))
        return none;
    free(d->said);
    d->said = cc_slots_fill(cc_call_slots(v->call), model);
    if (!d->said) return none;
    d->turns_now = rec->nturns;
    return (cc_demo_act){CC_DEMO_SAY, CC_IN_UTTERANCE, d->said};
}

static cc_input_kind key_of(cc_take_kind k)
{
    return k == CC_TAKE_PICKUP     ? CC_IN_PICKUP
           : k == CC_TAKE_HOLD     ? CC_IN_HOLD
           : k == CC_TAKE_RESUME   ? CC_IN_RESUME
           : k == CC_TAKE_SWITCH   ? CC_IN_SWITCH
           : k == CC_TAKE_TRANSFER ? CC_IN_TRANSFER
                                   : CC_IN_HANGUP;
}

cc_demo_act cc_demo_next(cc_demo *d, const cc_demo_view *v)
{
    cc_demo_act none = {CC_DEMO_NOTHING, CC_IN_PICKUP, NULL};
    if (d->speaking) return none;
    if (!d->take) return models(d, v);
    const cc_settings *st = &d->std->settings;
    while (d->next < d->take->count) {
        const cc_take_action *a = &d->take->actions[d->next];
        if (a->kind == CC_TAKE_WAIT) {
            d->wait_s += a->seconds;
            d->next++;
            continue;
        }
        if (a->kind == CC_TAKE_SAY_WAV) { /* a recording: nothing to say it with */
            d->next++;
            continue;
        }
        cc_trainee_moment m = moment(d);
        int say = a->kind == CC_TAKE_SAY || a->kind == CC_TAKE_INTERRUPT;
        if (a->kind == CC_TAKE_INTERRUPT && !a->timed) {
            /* Into the end of the caller's line, or now if they are quiet. */
            m.caller_quiet = v->caller_line_end;
            if (v->caller_line_end && v->now < cc_trainee_start_ms(st, a, &m)) return none;
        } else if (v->now < cc_trainee_start_ms(st, a, &m) ||
                   (a->kind != CC_TAKE_PICKUP && !a->timed && v->caller_talking)) {
            return none;
        }
        if (say) return (cc_demo_act){CC_DEMO_SAY, CC_IN_UTTERANCE, a->text};
        return (cc_demo_act){CC_DEMO_KEY, key_of(a->kind), a->text};
    }
    return none;
}

void cc_demo_acted(cc_demo *d, const cc_demo_act *a, int64_t at)
{
    if (a->kind == CC_DEMO_NOTHING) return;
    if (a->kind == CC_DEMO_KEY) d->ready_at = at;
    else d->speaking = 1;
    if (!d->take) {
        if (a->kind == CC_DEMO_KEY) d->picked = 1;
        else d->turns_answered = d->turns_now;
        return;
    }
    d->wait_s = 0;
    d->next++;
}

void cc_demo_said(cc_demo *d, int64_t at)
{
    d->speaking = 0;
    d->ready_at = at;
}

void cc_demo_caller_done(cc_demo *d, int64_t at)
{
    if (at > d->quiet_at) d->quiet_at = at;
}

void cc_demo_resume(cc_demo *d, int64_t at, size_t turns)
{
    d->quiet_at = d->ready_at = at;
    d->picked = 1;
    d->turns_answered = turns;
}
