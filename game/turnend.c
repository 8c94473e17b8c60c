#include "turnend.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "schema.h"
#include "text.h"
#include "mem.h"

/* A node's model answer as words to compare (owned copies). */
typedef struct {
    char **tok;
    size_t n;
} model_answer;

struct cc_turnend {
    char lang[8];
    model_answer *models; /* per node of the scenario */
    size_t nmodels;
};

/* Words after which an answer cannot be over (normalised as answers are:
 * contractions expanded, so "I'll" ends on "will"). */
static const char *const en_open[] = {
    "a", "an", "the", "and", "or", "but", "so", "to", "of", "for", "from", "at", "on", "in", "into",
    "onto", "by", "about", "as", "than", "which", "whose", "if", "because", "when", "while",
    "until", "unless", "although", "though", "whether", "my", "your", "our", "his", "their", "its",
    "some", "every", "each", "i", "we", "he", "she", "they", "will", "would", "can", "could",
    "shall", "should", "may", "might", "must", "am", "be", "been", "being", "not", "very", "just",
    "let", NULL};
static const char *const en_hesitant[] = {"um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm", "well", NULL};
static const char *const en_hesitant_tail[] = {"let me see", "let me check", "let me think", "let me just",
                                               "one sec", "hang on", NULL};
static const char *const en_number_cue[] = {"number", "extension", "dial", "digits", "is", NULL};
static const char *const en_closing[] = {"goodbye", "bye", NULL};

static const char *const ru_open[] = {
    "и", "а", "но", "или", "в", "во", "на", "с", "со", "к", "ко", "по", "для", "от", "до", "из", "у",
    "о", "об", "за", "что", "чтобы", "как", "если", "когда", "потому", "мой", "моя", "мое", "мои",
    "ваш", "ваша", "ваше", "ваши", "наш", "наша", "этот", "эта", "эти", "не", "бы", "ли", "я", "мы",
    "он", "она", "они", "номер", NULL};
static const char *const ru_hesitant[] = {"э", "эм", "мм", "хм", "ну", "ээ", "эээ", NULL};
static const char *const ru_hesitant_tail[] = {"сейчас посмотрю", "минуточку", NULL};
static const char *const ru_number_cue[] = {"номер", "телефон", "добавочный", NULL};
static const char *const ru_closing[] = {"свидания", "свиданья", NULL};

typedef struct {
    const char *lang;
    const char *const *open, *const *hesitant, *const *hesitant_tail, *const *number_cue, *const *closing;
} lang_tables;

static const lang_tables tables[] = {
    {"en", en_open, en_hesitant, en_hesitant_tail, en_number_cue, en_closing},
    {"ru", ru_open, ru_hesitant, ru_hesitant_tail, ru_number_cue, ru_closing},
};

static const lang_tables *tables_for(const char *lang)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (cc_language_same(lang, tables[i].lang)) return &tables[i];
    return NULL;
}

static int listed(const char *const *list, const char *w)
{
    for (; list && *list; list++)
        if (strcmp(*list, w) == 0) return 1;
    return 0;
}

/* The words to compare: a number however it is read ("2040", "two zero four
 * zero", "twenty forty") is one "#". Returns how many of max were written. */
static size_t tokens(const cc_words *w, const char **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < cc_words_count(w) && k < max; i++) {
        if (cc_words_is_number(w, i)) {
            if (k && strcmp(out[k - 1], "#") == 0) continue;
            out[k++] = "#";
        } else {
            out[k++] = cc_words_at(w, i);
        }
    }
    return k;
}

#define MAX_TOKENS 512

static int add_answer(cc_turnend *t, const cc_slots *slots, const char *model, model_answer *keep)
{
    if (!model) return 0;
    char *filled = cc_slots_fill(slots, model);
    if (!filled) return -1;
    cc_words *w = cc_words_from_text_lang(filled, t->lang);
    free(filled);
    if (!w) return -1;
    const char *tok[MAX_TOKENS];
    size_t n = tokens(w, tok, MAX_TOKENS);
    int rc = 0;
    if (n) {
        keep->tok = calloc(n, sizeof *keep->tok);
        if (!keep->tok) rc = -1;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            keep->tok[i] = cc_strdup(tok[i]);
            if (!keep->tok[i]) rc = -1;
            keep->n = i + 1;
        }
    }
    cc_words_free(w);
    return rc;
}

cc_turnend *cc_turnend_create(const cc_standard *std, const cc_scenario *scn, const char *trainee)
{
    cc_turnend *t = calloc(1, sizeof *t);
    cc_slots *slots = cc_scenario_slots(std, scn, trainee);
    if (!t || !slots) goto fail;
    const char *lang = scn->language ? scn->language : std->language ? std->language : "en";
    snprintf(t->lang, sizeof t->lang, "%s", lang);
    t->models = calloc(scn->nnodes ? scn->nnodes : 1, sizeof *t->models);
    if (!t->models) goto fail;
    t->nmodels = scn->nnodes;
    for (size_t i = 0; i < scn->nnodes; i++)
        if (add_answer(t, slots, scn->nodes[i].model, &t->models[i]) != 0) goto fail;
    cc_slots_free(slots);
    return t;
fail:
    cc_slots_free(slots);
    cc_turnend_free(t);
    return NULL;
}

void cc_turnend_free(cc_turnend *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nmodels; i++) {
        for (size_t j = 0; j < t->models[i].n; j++) free(t->models[i].tok[j]);
        free(t->models[i].tok);
    }
    free(t->models);
    free(t);
}

/* The raw text's last word (lower-case ASCII letters, or any non-ASCII bytes),
 * and whether the text ends on one of `tails`: hesitations are dropped by the
 * normaliser, so they are looked for here. */
static int ends_hesitant(const char *heard, const lang_tables *lt)
{
    char low[512];
    size_t n = 0;
    for (const char *p = heard; *p && n + 1 < sizeof low; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x80 || isalnum(ch) || ch == '\'') low[n++] = (char)(ch < 0x80 ? tolower(ch) : ch);
        else if (n && low[n - 1] != ' ') low[n++] = ' ';
    }
    while (n && low[n - 1] == ' ') n--;
    low[n] = '\0';
    const char *last = strrchr(low, ' ');
    last = last ? last + 1 : low;
    if (listed(lt->hesitant, last)) return 1;
    for (const char *const *t = lt->hesitant_tail; *t; t++) {
        size_t k = strlen(*t);
        if (n >= k && strcmp(low + n - k, *t) == 0 && (n == k || low[n - k - 1] == ' ')) return 1;
    }
    return 0;
}

/* A number still being read: a run of number tokens of fewer than four
 * digits after a word that announces one, or a run of two or more. */
static int number_unfinished(const cc_words *w, const lang_tables *lt)
{
    size_t n = cc_words_count(w), i = n, digits = 0;
    while (i > 0 && cc_words_is_number(w, i - 1)) {
        digits += strlen(cc_words_at(w, i - 1));
        i--;
    }
    size_t run = n - i;
    if (run == 0 || digits >= 4) return 0;
    if (run >= 2) return 1;
    return i > 0 && lt && listed(lt->number_cue, cc_words_at(w, i - 1));
}

/* Where the last words heard stand in the node's model answer: 1 at its end,
 * -1 inside it (the trainee follows it and stopped half way), 0 not in it.
 * The last two words decide where they stand in it; else the last word alone
 * (the one before may have been misheard), where it stands once. */
static int in_model(const model_answer *m, const char *prev, const char *last)
{
    if (!m || m->n == 0) return 0;
    int inside = 0, at_end = 0;
    for (size_t i = 1; prev && i < m->n; i++)
        if (strcmp(m->tok[i - 1], prev) == 0 && strcmp(m->tok[i], last) == 0) {
            if (i + 1 == m->n) at_end = 1;
            else inside = 1;
        }
    if (at_end) return 1;
    if (inside) return -1;
    size_t seen = 0, where = 0;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->tok[i], last) == 0) {
            seen++;
            where = i;
        }
    if (seen != 1) return 0;
    return where + 1 == m->n ? 1 : -1;
}

cc_turnend_kind cc_turnend_judge(const cc_turnend *t, int node, const char *heard)
{
    if (!heard) return CC_TURNEND_UNSURE;
    const lang_tables *lt = tables_for(t->lang);
    if (lt && ends_hesitant(heard, lt)) return CC_TURNEND_UNFINISHED;
    cc_words *w = cc_words_from_text_lang(heard, t->lang);
    if (!w) return CC_TURNEND_UNSURE;
    const char *tok[MAX_TOKENS];
    size_t n = tokens(w, tok, MAX_TOKENS);
    cc_turnend_kind k = CC_TURNEND_UNSURE;
    if (n > 0) {
        const char *last = tok[n - 1], *prev = n > 1 ? tok[n - 2] : NULL;
        const model_answer *m = node >= 0 && (size_t)node < t->nmodels ? &t->models[node] : NULL;
        int where = in_model(m, prev, last);
        if (number_unfinished(w, lt)) k = CC_TURNEND_UNFINISHED;
        else if (lt && listed(lt->open, last)) k = CC_TURNEND_UNFINISHED;
        else if (where > 0 || (lt && listed(lt->closing, last))) k = CC_TURNEND_COMPLETE;
        else if (where < 0) k = CC_TURNEND_UNFINISHED;
    }
    cc_words_free(w);
    return k;
}

const char *cc_turnend_kind_name(cc_turnend_kind k)
{
    return k == CC_TURNEND_COMPLETE ? "complete" : k == CC_TURNEND_UNFINISHED ? "unfinished" : "unsure";
}

int cc_turnend_wait_ms(const cc_settings *st, cc_turnend_kind k)
{
    double s = k == CC_TURNEND_COMPLETE     ? st->turn_end_finished_seconds
               : k == CC_TURNEND_UNFINISHED ? st->turn_end_unfinished_seconds
                                         : st->turn_end_unsure_seconds;
    return (int)lround(s * 1000.0);
}
