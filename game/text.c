#include "text.h"

#include <ctype.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Normalisation runs as a chain of small passes over a token list (scan, fillers,
 * contractions, "o clock", number words, a.m./p.m.). Each pass reads one list and
 * builds the next, which keeps every rule local and lets a token carry its original
 * byte span through all of them. */

typedef struct {
    char *s;
    size_t start, end;
    unsigned char brk; /* punctuation between the previous token and this one */
    unsigned char num; /* all ASCII digits */
    unsigned char neg; /* a negation in force (not one inside an idiom such as "no problem") */
    unsigned char clause; /* a clause starts here (set by the last pass) */
    unsigned char back;   /* what its clause said before this token is taken back after it */
} tok;

typedef struct lang_def lang_def;

#define N_(a) (sizeof(a) / sizeof((a)[0]))

struct cc_words {
    tok *t;
    size_t n, cap;
    const lang_def *lang; /* the tables it was normalised with; never NULL */
};

/* ---- token lists ---------------------------------------------------------------- */

static int push(cc_words *v, const char *s, size_t len, size_t start, size_t end, int brk)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        tok *p = realloc(v->t, cap * sizeof *p);
        if (!p) return -1;
        v->t = p;
        v->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c) return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    int num = len > 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') num = 0;
    /* A break is between two tokens, so the first token never has one. */
    if (v->n == 0) brk = 0;
    v->t[v->n++] = (tok){c, start, end, (unsigned char)(brk != 0), (unsigned char)num, 0, 0, 0};
    return 0;
}

static int push_str(cc_words *v, const char *s, size_t start, size_t end, int brk)
{
    return push(v, s, strlen(s), start, end, brk);
}

/* Pushes each space-separated word of s, all with the same span: an expansion like
 * "can not" still points at the one word "can't" the trainee said. */
static int push_words(cc_words *v, const char *s, size_t start, size_t end, int brk)
{
    while (*s) {
        const char *sp = strchr(s, ' ');
        size_t len = sp ? (size_t)(sp - s) : strlen(s);
        if (push(v, s, len, start, end, brk) != 0) return -1;
        brk = 0;
        s += len;
        if (*s == ' ') s++;
    }
    return 0;
}

void cc_words_free(cc_words *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n; i++) free(w->t[i].s);
    free(w->t);
    free(w);
}

size_t cc_words_count(const cc_words *w) { return w ? w->n : 0; }

const char *cc_words_at(const cc_words *w, size_t i)
{
    /* "" rather than NULL so a caller's strcmp never crashes on a bad index. */
    return (w && i < w->n) ? w->t[i].s : "";
}

int cc_words_is_number(const cc_words *w, size_t i) { return (w && i < w->n) ? w->t[i].num : 0; }

int cc_words_break_before(const cc_words *w, size_t i)
{
    return (w && i < w->n) ? w->t[i].brk : 0;
}

void cc_words_span(const cc_words *w, size_t i, size_t *start, size_t *end)
{
    size_t s = 0, e = 0;
    if (w && i < w->n) {
        s = w->t[i].start;
        e = w->t[i].end;
    }
    if (start) *start = s;
    if (end) *end = e;
}

/* ---- characters ------------------------------------------------------------------ */

enum { CL_SPACE, CL_HYPHEN, CL_APOS, CL_PUNCT, CL_DIGIT, CL_LETTER };

/* Decodes one UTF-8 sequence; invalid bytes come back as one byte of class punct
 * (cp = UINT32_MAX) so that broken input splits words instead of corrupting them. */
static size_t utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = UINT32_MAX;
        return 1;
    }
    if (avail < n) {
        *cp = UINT32_MAX;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = UINT32_MAX;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = UINT32_MAX;
        return 1;
    }
    *cp = v;
    return n;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Anything not known to be space or punctuation counts as a letter, so words in
 * scripts nobody listed here survive intact. */
static int classify(uint32_t cp)
{
    if (cp == UINT32_MAX) return CL_PUNCT;
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') return CL_LETTER;
        if (cp >= 'A' && cp <= 'Z') return CL_LETTER;
        if (cp >= '0' && cp <= '9') return CL_DIGIT;
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return CL_SPACE;
        if (cp == '-') return CL_HYPHEN;
        if (cp == '\'' || cp == '`') return CL_APOS;
        return CL_PUNCT;
    }
    if (cp == 0xA0 || cp == 0xFEFF || cp == 0x3000 || cp == 0x202F || cp == 0x205F ||
        (cp >= 0x2000 && cp <= 0x200B))
        return CL_SPACE;
    if (cp == 0x2010 || cp == 0x2011) return CL_HYPHEN;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x2032) return CL_APOS;
    if (cp == 0x200C || cp == 0x200D) return CL_LETTER; /* joiners belong inside words */
    if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return CL_PUNCT;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE1F) ||
        (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
        cp >= 0xE0000)
        return CL_PUNCT;
    return CL_LETTER;
}

static uint32_t to_lower(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x130) return 'i'; /* capital I with dot: Turkish, lower-cases to plain i */
        if (cp == 0x178) return 0xFF;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
        return (cp & 1) ? cp : cp + 1;
    }
    /* Romanian s and t with comma below (Latin Extended-B). */
    if (cp >= 0x218 && cp <= 0x21B) return (cp & 1) ? cp : cp + 1;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
    if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
        (cp >= 0x4D0 && cp <= 0x52F))
        return (cp & 1) ? cp : cp + 1;
    if (cp == 0x4C0) return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE) return (cp & 1) ? cp + 1 : cp;
    return cp;
}

/* ---- languages ------------------------------------------------------------------- */

/* What a language changes in normalisation. Only tables here: the passes are the
 * same for every language, so a new language is a new row, not new code. A
 * language without a row gets the neutral one: lower-casing and digits as
 * written, nothing guessed (no fillers, no contractions, no number words), which
 * is safe because the same rules then apply to patterns and answers alike. */

/* NW_HUNDREDS: a word that is a whole number of hundreds ("двести" = 200). */
enum { NW_NONE, NW_UNIT, NW_TEEN, NW_TENS, NW_HUNDRED, NW_HUNDREDS, NW_MULT, NW_AND };

typedef struct {
    const char *w;
    int kind;
    unsigned v;
} number_word;

static const number_word en_numbers[] = {
    {"zero", NW_UNIT, 0},       {"nought", NW_UNIT, 0},     {"one", NW_UNIT, 1},
    {"two", NW_UNIT, 2},        {"three", NW_UNIT, 3},      {"four", NW_UNIT, 4},
    {"five", NW_UNIT, 5},       {"six", NW_UNIT, 6},        {"seven", NW_UNIT, 7},
    {"eight", NW_UNIT, 8},      {"nine", NW_UNIT, 9},       {"ten", NW_TEEN, 10},
    {"eleven", NW_TEEN, 11},    {"twelve", NW_TEEN, 12},    {"thirteen", NW_TEEN, 13},
    {"fourteen", NW_TEEN, 14},  {"fifteen", NW_TEEN, 15},   {"sixteen", NW_TEEN, 16},
    {"seventeen", NW_TEEN, 17}, {"eighteen", NW_TEEN, 18},  {"nineteen", NW_TEEN, 19},
    {"twenty", NW_TENS, 20},    {"thirty", NW_TENS, 30},    {"forty", NW_TENS, 40},
    {"fourty", NW_TENS, 40},    {"fifty", NW_TENS, 50},     {"sixty", NW_TENS, 60},
    {"seventy", NW_TENS, 70},   {"eighty", NW_TENS, 80},    {"ninety", NW_TENS, 90},
    {"hundred", NW_HUNDRED, 100}, {"thousand", NW_MULT, 1000}, {"million", NW_MULT, 1000000},
};

static const number_word ru_numbers[] = {
    {"ноль", NW_UNIT, 0},          {"нуль", NW_UNIT, 0},          {"один", NW_UNIT, 1},
    {"одна", NW_UNIT, 1},          {"одно", NW_UNIT, 1},          {"одну", NW_UNIT, 1},          {"два", NW_UNIT, 2},
    {"две", NW_UNIT, 2},           {"три", NW_UNIT, 3},           {"четыре", NW_UNIT, 4},
    {"пять", NW_UNIT, 5},          {"шесть", NW_UNIT, 6},         {"семь", NW_UNIT, 7},
    {"восемь", NW_UNIT, 8},        {"девять", NW_UNIT, 9},        {"десять", NW_TEEN, 10},
    {"одиннадцать", NW_TEEN, 11},  {"двенадцать", NW_TEEN, 12},   {"тринадцать", NW_TEEN, 13},
    {"четырнадцать", NW_TEEN, 14}, {"пятнадцать", NW_TEEN, 15},   {"шестнадцать", NW_TEEN, 16},
    {"семнадцать", NW_TEEN, 17},   {"восемнадцать", NW_TEEN, 18}, {"девятнадцать", NW_TEEN, 19},
    {"двадцать", NW_TENS, 20},     {"тридцать", NW_TENS, 30},     {"сорок", NW_TENS, 40},
    {"пятьдесят", NW_TENS, 50},    {"шестьдесят", NW_TENS, 60},   {"семьдесят", NW_TENS, 70},
    {"восемьдесят", NW_TENS, 80},  {"девяносто", NW_TENS, 90},    {"сто", NW_HUNDREDS, 100},
    {"двести", NW_HUNDREDS, 200},  {"триста", NW_HUNDREDS, 300},  {"четыреста", NW_HUNDREDS, 400},
    {"пятьсот", NW_HUNDREDS, 500}, {"шестьсот", NW_HUNDREDS, 600}, {"семьсот", NW_HUNDREDS, 700},
    {"восемьсот", NW_HUNDREDS, 800}, {"девятьсот", NW_HUNDREDS, 900},
    {"тысяча", NW_MULT, 1000},     {"тысячи", NW_MULT, 1000},     {"тысяч", NW_MULT, 1000},
    {"миллион", NW_MULT, 1000000}, {"миллиона", NW_MULT, 1000000}, {"миллионов", NW_MULT, 1000000},
};

/* Fillers are matched "stretched" (each letter may repeat: "hmmm", "эээ"). */
static const char *const en_fillers[] = {"um", "uh", "er", "erm", "ah", "hm", "uhm", "ehm", "mm"};
static const char *const ru_fillers[] = {"э", "эм", "эх", "мм", "хм", "ну", "гм"};

/* Refusals ("unable", "refuse") count as negations: "I'm unable to call you back"
 * offers nothing. */
static const char *const en_negations[] = {"not",     "no",     "never",  "nothing", "nobody",
                                           "none",    "cannot", "unable", "neither", "nor",
                                           "nowhere", "refuse", "refuses"};
/* "ни" as in "ни в коем случае"; "нельзя" is "may not". */
static const char *const ru_negations[] = {"не",     "нет",    "ни",     "никогда", "ничего",
                                           "ничем",  "никто",  "никого", "нельзя"};

/* Clause scope (see pass_clauses). A negation governs the rest of its clause; a
 * clause ends at punctuation, before a word that always opens one ("but",
 * "because"), before a coordinator followed by a subject ("and she will"), before a
 * subject with its verb ("...not in I will take a message": spoken answers have no
 * punctuation), and after an idiom whose negation negates nothing ("no problem").
 * Words after which a subject does not start a clause: "I don't think she will" is
 * still negated. Per language, like every other table here. */
static const char *const en_openers[] = {"but",     "although", "though", "however", "because",
                                         "unless",  "whereas",  "otherwise", "instead", "if",
                                         "when",    "whenever", "while",  "meanwhile", "anyway"};
static const char *const en_coordinators[] = {"and", "or", "so", "then", "yet", "plus"};
static const char *const en_subjects[] = {"i", "we", "she", "he", "they", "you", "someone",
                                          "somebody", "it", "there", "that", "this", "let",
                                          "my", "our", "your", "thank", "thanks", "of"};
static const char *const en_finite[] = {"will",  "would", "can",  "could", "shall", "should",
                                        "may",   "might", "must", "am",    "is",    "are",
                                        "have",  "has",   "had",  "do",    "did",   "need",
                                        "want",  "just",  "also", "already", "always"};
static const char *const en_raisers[] = {"think", "know", "believe", "promise", "guarantee",
                                         "say", "sure", "expect", "suppose", "imagine",
                                         "reckon", "that", "mean", "saying", "want", "if",
                                         "whether", "sure", "certain", "see", "afraid"};
/* Modality: what is only wished or was only possible offers nothing. "wish" before a
 * subject and a modal ("I wish I could..."), "only" after "if", and "have" between a
 * modal and a past participle ("I could have booked you...") govern their clause like a
 * negation; "could have you on the two o'clock" is an offer and stays one. */
static const char *const en_wish[] = {"wish"};
static const char *const en_unreal_modals[] = {"could", "would", "should", "might"};
static const char *const en_wished[] = {"could", "would", "had", "were", "was", "did", "might"};
static const char *const en_participles[] = {"put", "been", "done", "made", "sent", "got",
                                             "gotten", "given", "taken", "told", "found",
                                             "seen", "known", "rung", "brought", "kept", "let",
                                             "paid", "held", "left", "said", "gone"};

/* Idioms whose negation says nothing is refused; each closes its clause. Words as
 * normalised, separated by one space. */
static const char *const en_idioms[] = {"no problem", "not a problem", "no worries",
                                        "not at all", "no trouble", "never mind", "no doubt",
                                        "no matter", "not only", "no need to worry",
                                        "nothing to worry about", "not to worry", "no bother",
                                        "no later than", "no more than", "not more than",
                                        "no less than", "not later than"};
/* Taking back what was just said (see pass_taken_back). A negative pronoun followed by
 * a verb is the subject of a clause of its own ("I'm sorry nobody told you"); after the
 * matched words, with no new subject between, it is an object that empties them ("I
 * understand nothing", "I can help nobody"). "no" after a preposition negates its noun,
 * not the clause ("at no extra cost"). A short clause that only refuses ("..., not
 * today", "... but I can't", "I'm afraid not") takes back the clause before it when that
 * one offers or promises (has a modal: "I'll call you back, not today"), never an apology
 * or a feeling ("I'm sorry, but I can't"); a bare "No" after the speaker's own question
 * answers it ("Take a message? No, ..."). */
static const char *const en_neg_pronouns[] = {"nobody", "nothing", "none", "neither", "no one"};
static const char *const en_past[] = {"was",   "were", "told", "said", "rang", "came",
                                      "gave",  "took", "knew", "wrote", "sent", "got",
                                      "could", "would", "did", "let"};
static const char *const en_no_preps[] = {"at", "with", "for"};
static const char *const en_tag_lead[] = {"but", "though", "although", "well", "sorry",
                                          "unfortunately", "sadly", "so", "just"};
static const char *const en_tag_heads[] = {"nope", "nah"};
static const char *const en_tag_tail[] = {
    "do", "that", "it", "this", "today", "tonight", "tomorrow", "now", "yet", "anymore",
    "possible", "available", "allowed", "really", "though", "right", "at", "the", "moment",
    "sorry", "afraid", "i", "am", "either", "then", "unfortunately", "so", "think", "help",
    "week", "time", "just", "sadly", "still", "any", "more", "ever", "for", "you", "a", "all",
    "promise", "guarantee", "sure"};
static const char *const en_tag_skip[] = {"afraid", "really", "just", "still", "sadly", "actually"};
static const char *const en_tag_modals[] = {"will", "would", "can", "could", "shall", "should",
                                            "may", "might", "going", "let"};
static const char *const ru_tag_tail[] = {"могу", "можем", "смогу", "сможем", "получится",
                                          "сегодня", "сейчас", "это", "так", "сделать", "пока",
                                          "еще", "к", "сожалению", "увы", "я", "мы", "уже"};
static const char *const ru_tag_lead[] = {"но", "а", "однако", "увы", "извините"};
static const char *const ru_tag_modals[] = {"могу", "можем", "смогу", "сможем", "может",
                                            "буду", "будем", "будет", "хочу", "хотел", "хотела"};

typedef struct {
    const char *const *neg_pronouns, *const *past, *const *no_preps, *const *tag_lead,
        *const *tag_heads, *const *tag_tail, *const *tag_skip, *const *tag_modals;
    size_t nneg_pronouns, npast, nno_preps, ntag_lead, ntag_heads, ntag_tail, ntag_skip,
        ntag_modals;
} scope_tables;

static const scope_tables en_scope_tabs = {
    en_neg_pronouns, en_past, en_no_preps, en_tag_lead, en_tag_heads, en_tag_tail, en_tag_skip,
    en_tag_modals, N_(en_neg_pronouns), N_(en_past), N_(en_no_preps), N_(en_tag_lead),
    N_(en_tag_heads), N_(en_tag_tail), N_(en_tag_skip), N_(en_tag_modals)};
static const scope_tables ru_scope_tabs = {
    NULL, NULL, NULL, ru_tag_lead, NULL, ru_tag_tail, NULL, ru_tag_modals,
    0, 0, 0, N_(ru_tag_lead), 0, N_(ru_tag_tail), 0, N_(ru_tag_modals)};

static const char *const ru_openers[] = {"но", "а", "однако", "хотя", "потому", "если", "когда",
                                         "зато", "пока"};
static const char *const ru_coordinators[] = {"и", "или", "так", "тогда"};
static const char *const ru_subjects[] = {"я", "мы", "вы", "он", "она", "они", "оно", "это"};
static const char *const ru_idioms[] = {"не за что", "ничего страшного", "нет проблем",
                                        "не беспокойтесь", "не волнуйтесь"};

struct lang_def {
    const char *code; /* primary subtag; "" for the neutral set */
    const char *const *fillers;
    size_t nfillers;
    const number_word *numbers;
    size_t nnumbers;
    const char *const *negations;
    size_t nnegations;
    const char *const *openers, *const *coordinators, *const *subjects, *const *finite,
        *const *raisers, *const *idioms;
    size_t nopeners, ncoordinators, nsubjects, nfinite, nraisers, nidioms;
    const char *answer_no; /* "no" as an answer, which negates nothing after it */
    const char *sorry;     /* "Sorry?" on its own asks to hear it again: read as "pardon" */
    int english; /* contractions, "o'clock", "oh" as zero, "a hundred", "double five", a.m. */
    int fold_yo; /* "ё" read as "е": Russian writes it either way */
    const scope_tables *scope; /* taking back what was said; NULL: never guessed */
};


static const lang_def langs[] = {
    {"en", en_fillers, N_(en_fillers), en_numbers, N_(en_numbers), en_negations,
     N_(en_negations), en_openers, en_coordinators, en_subjects, en_finite, en_raisers,
     en_idioms, N_(en_openers), N_(en_coordinators), N_(en_subjects), N_(en_finite),
     N_(en_raisers), N_(en_idioms), "no", "sorry", 1, 0, &en_scope_tabs},
    /* Russian has no auxiliary to mark a new subject's verb: only punctuation,
     * openers and coordinators end its clauses. */
    {"ru", ru_fillers, N_(ru_fillers), ru_numbers, N_(ru_numbers), ru_negations,
     N_(ru_negations), ru_openers, ru_coordinators, ru_subjects, NULL, NULL, ru_idioms,
     N_(ru_openers), N_(ru_coordinators), N_(ru_subjects), 0, 0, N_(ru_idioms), "нет", NULL, 0,
     1, &ru_scope_tabs},
};

static const lang_def neutral = {"", NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL,
                                 NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0, NULL};

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Length of the primary subtag of code ("en" of "en-US"). */
static size_t primary_len(const char *code)
{
    size_t n = 0;
    while (code[n] && code[n] != '-' && code[n] != '_') n++;
    return n;
}

static const lang_def *find_lang(const char *code)
{
    if (!code) return &langs[0]; /* the old English-only callers */
    size_t n = primary_len(code);
    for (size_t i = 0; i < N_(langs); i++) {
        size_t k = strlen(langs[i].code);
        if (k != n) continue;
        size_t j = 0;
        while (j < n && ascii_lower((unsigned char)code[j]) == langs[i].code[j]) j++;
        if (j == n) return &langs[i];
    }
    return &neutral;
}

int cc_language_valid(const char *code)
{
    if (!code) return 0;
    const char *p = code;
    size_t n = 0;
    /* Primary subtag: 2-3 letters (ISO 639-1/-2), then subtags of 2-8 letters or digits. */
    while (p[n] && p[n] != '-') {
        int c = (unsigned char)p[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
        n++;
    }
    if (n < 2 || n > 3) return 0;
    p += n;
    while (*p == '-') {
        p++;
        n = 0;
        while (p[n] && p[n] != '-') {
            int c = (unsigned char)p[n];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                return 0;
            n++;
        }
        if (n < 2 || n > 8) return 0;
        p += n;
    }
    return *p == '\0';
}

int cc_language_has_tables(const char *code) { return code && find_lang(code) != &neutral; }

int cc_language_same(const char *a, const char *b)
{
    if (!a || !b) return 0;
    size_t n = primary_len(a);
    if (primary_len(b) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i])) return 0;
    return 1;
}

/* ---- pass 1: scanning ------------------------------------------------------------- */

typedef struct {
    char *d;
    size_t len, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->d, cap);
        if (!p) return -1;
        b->d = p;
        b->cap = cap;
    }
    memcpy(b->d + b->len, s, n);
    b->len += n;
    b->d[b->len] = '\0';
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int scan(const char *text, cc_words *out)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t len = strlen(text), i = 0;
    int brk = 0;
    sbuf b = {0};
    while (i < len) {
        uint32_t cp;
        size_t l = utf8_decode(u + i, len - i, &cp);
        int c = classify(cp);
        if (c == CL_LETTER) {
            size_t j = i;
            b.len = 0;
            for (;;) {
                if (j >= len) break;
                size_t lj = utf8_decode(u + j, len - j, &cp);
                int cj = classify(cp);
                if (cj == CL_LETTER) {
                    char enc[4];
                    uint32_t lc = to_lower(cp);
                    if (out->lang->fold_yo && lc == 0x451) lc = 0x435;
                    if (sb_add(&b, enc, utf8_encode(lc, enc)) != 0) goto oom;
                    j += lj;
                    continue;
                }
                if (cj == CL_APOS && j + lj < len) {
                    /* An apostrophe belongs to the word only between letters ("don't"),
                     * so quotes around a word stay punctuation. */
                    uint32_t next;
                    utf8_decode(u + j + lj, len - j - lj, &next);
                    if (classify(next) == CL_LETTER) {
                        if (sb_add(&b, "'", 1) != 0) goto oom;
                        j += lj;
                        continue;
                    }
                }
                break;
            }
            if (push(out, b.d, b.len, i, j, brk) != 0) goto oom;
            brk = 0;
            i = j;
        } else if (c == CL_DIGIT) {
            size_t j = i;
            b.len = 0;
            while (j < len && is_digit(text[j])) j++;
            if (sb_add(&b, text + i, j - i) != 0) goto oom;
            /* "2,040" is one number written with a thousands separator, while
             * "1, 2" or "555,1234" are separate numbers. */
            if (j - i <= 3) {
                while (j + 3 < len && text[j] == ',' && is_digit(text[j + 1]) &&
                       is_digit(text[j + 2]) && is_digit(text[j + 3]) &&
                       (j + 4 >= len || !is_digit(text[j + 4]))) {
                    if (sb_add(&b, text + j + 1, 3) != 0) goto oom;
                    j += 4;
                }
            }
            if (push(out, b.d, b.len, i, j, brk) != 0) goto oom;
            brk = 0;
            i = j;
        } else {
            /* "3:30" and "2.5" are one number written in parts, not two numbers
             * with a clause break between them. */
            int in_number = (text[i] == ':' || text[i] == '.') && i > 0 && is_digit(text[i - 1]) &&
                            i + 1 < len && is_digit(text[i + 1]);
            if ((c == CL_PUNCT || c == CL_APOS) && !in_number) brk = 1;
            i += l;
        }
    }
    free(b.d);
    return 0;
oom:
    free(b.d);
    return -1;
}

/* ---- pass 2: fillers -------------------------------------------------------------- */

/* Length of the run of the character at p (its UTF-8 bytes repeated) and how many
 * times it repeats; 0 at the end. */
static size_t char_run(const char *p, size_t *reps)
{
    *reps = 0;
    if (!*p) return 0;
    uint32_t cp;
    size_t l = utf8_decode((const unsigned char *)p, strlen(p), &cp);
    size_t n = 0;
    while (strncmp(p + n * l, p, l) == 0) n++;
    *reps = n;
    return l;
}

/* True if s is the characters of pat, each run of them as long or longer ("hmmm"
 * for "hm", "эээ" for "э"; "mm" needs at least two, so a lone "m", the end of
 * "p m", is not "mm"). Compared by characters, since Cyrillic letters are two bytes. */
static int stretched(const char *s, const char *pat)
{
    if (!*s) return 0;
    while (*pat) {
        size_t pr, sr;
        size_t pl = char_run(pat, &pr), sl = char_run(s, &sr);
        if (sl != pl || memcmp(s, pat, pl) != 0 || sr < pr) return 0;
        pat += pl * pr;
        s += sl * sr;
    }
    return *s == '\0';
}

static int is_filler(const lang_def *L, const char *s)
{
    for (size_t i = 0; i < L->nfillers; i++)
        if (stretched(s, L->fillers[i])) return 1;
    return 0;
}

static int pass_fillers(const cc_words *in, cc_words *out)
{
    int brk = 0;
    for (size_t i = 0; i < in->n; i++) {
        const tok *t = &in->t[i];
        if (is_filler(in->lang, t->s)) {
            brk |= t->brk; /* "No, um, I can" keeps the comma before "I" */
            continue;
        }
        if (push_str(out, t->s, t->start, t->end, brk | t->brk) != 0) return -1;
        brk = 0;
    }
    return 0;
}

/* ---- pass 3: contractions --------------------------------------------------------- */

static const struct {
    const char *from, *to;
} whole_words[] = {
    {"can't", "can not"},     {"cannot", "can not"},      {"won't", "will not"},
    {"shan't", "shall not"},  {"ain't", "is not"},        {"i'm", "i am"},
    {"let's", "let us"},      {"o'clock", "oclock"},      {"y'all", "you all"},
    /* Typed or recognised without the apostrophe. Only forms that are not also
     * ordinary words ("its", "ill", "well", "id", "lets" are left alone), and the
     * negatives matter most: "dont worry" must still read as a negation. */
    {"cant", "can not"},      {"wont", "will not"},       {"dont", "do not"},
    {"doesnt", "does not"},   {"didnt", "did not"},       {"isnt", "is not"},
    {"arent", "are not"},     {"wasnt", "was not"},       {"werent", "were not"},
    {"havent", "have not"},   {"hasnt", "has not"},       {"hadnt", "had not"},
    {"couldnt", "could not"}, {"wouldnt", "would not"},   {"shouldnt", "should not"},
    {"mustnt", "must not"},   {"neednt", "need not"},     {"aint", "is not"},
    {"im", "i am"},           {"ive", "i have"},          {"youre", "you are"},
    {"youve", "you have"},    {"theyre", "they are"},     {"theyve", "they have"},
    {"weve", "we have"},      {"thats", "that is"},       {"whats", "what is"},
    {"theres", "there is"},
};

static const char *const s_is_words[] = {"it",    "that", "what", "there", "here",
                                         "who",   "where", "he",  "she",   "how"};

static const struct {
    const char *suffix, *word;
} suffixes[] = {
    {"n't", "not"}, {"'re", "are"}, {"'ll", "will"}, {"'ve", "have"}, {"'d", "would"}, {"'m", "am"},
};

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && memcmp(s + n - k, suf, k) == 0;
}

/* Pushes s with any apostrophe removed: "o'brien" -> "obrien", the same on both
 * sides of a match whether or not the apostrophe was typed. */
static int push_no_apos(cc_words *out, const char *s, size_t n, size_t start, size_t end, int brk)
{
    char *c = malloc(n + 1);
    if (!c) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\'') c[k++] = s[i];
    int r = k ? push(out, c, k, start, end, brk) : 0;
    free(c);
    return r;
}

static int expand_contraction(cc_words *out, const tok *t)
{
    const char *s = t->s;
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof whole_words / sizeof whole_words[0]; i++)
        if (strcmp(s, whole_words[i].from) == 0)
            return push_words(out, whole_words[i].to, t->start, t->end, t->brk);
    if (!strchr(s, '\'')) return push(out, s, n, t->start, t->end, t->brk);
    if (ends_with(s, n, "'s")) {
        for (size_t i = 0; i < sizeof s_is_words / sizeof s_is_words[0]; i++) {
            size_t k = strlen(s_is_words[i]);
            if (n == k + 2 && memcmp(s, s_is_words[i], k) == 0) {
                if (push(out, s, k, t->start, t->end, t->brk) != 0) return -1;
                return push_str(out, "is", t->start, t->end, 0);
            }
        }
        /* Any other "'s" is read as a possessive: "Northwind's" names Northwind. */
        return push_no_apos(out, s, n - 2, t->start, t->end, t->brk);
    }
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        if (ends_with(s, n, suffixes[i].suffix)) {
            size_t k = n - strlen(suffixes[i].suffix);
            if (push_no_apos(out, s, k, t->start, t->end, t->brk) != 0) return -1;
            return push_str(out, suffixes[i].word, t->start, t->end, 0);
        }
    }
    return push_no_apos(out, s, n, t->start, t->end, t->brk);
}

static int pass_contractions(const cc_words *in, cc_words *out)
{
    /* Elsewhere an apostrophe is part of the word ("п'ять" in Ukrainian, "l'ufficio"):
     * kept as written, the same in patterns and answers. */
    if (!in->lang->english) {
        for (size_t i = 0; i < in->n; i++) {
            const tok *t = &in->t[i];
            if (push_str(out, t->s, t->start, t->end, t->brk) != 0) return -1;
        }
        return 0;
    }
    for (size_t i = 0; i < in->n; i++)
        if (expand_contraction(out, &in->t[i]) != 0) return -1;
    return 0;
}

/* "o clock" as a recogniser writes it, before "o" can be read as a zero. */
static int pass_oclock(const cc_words *in, cc_words *out)
{
    for (size_t i = 0; i < in->n; i++) {
        const tok *t = &in->t[i];
        if (in->lang->english && strcmp(t->s, "o") == 0 && i + 1 < in->n && !in->t[i + 1].brk &&
            strcmp(in->t[i + 1].s, "clock") == 0) {
            if (push_str(out, "oclock", t->start, in->t[i + 1].end, t->brk) != 0) return -1;
            i++;
            continue;
        }
        if (push_str(out, t->s, t->start, t->end, t->brk) != 0) return -1;
    }
    return 0;
}

/* ---- pass 4: number words ---------------------------------------------------------- */

static int number_word_kind(const lang_def *L, const char *s, unsigned *v)
{
    for (size_t i = 0; i < L->nnumbers; i++)
        if (strcmp(s, L->numbers[i].w) == 0) {
            if (v) *v = L->numbers[i].v;
            return L->numbers[i].kind;
        }
    return NW_NONE;
}

static int is_oh(const lang_def *L, const char *s)
{
    return L->english && (strcmp(s, "oh") == 0 || strcmp(s, "o") == 0);
}

static int repeat_count(const lang_def *L, const char *s)
{
    if (!L->english) return 0;
    if (strcmp(s, "double") == 0) return 2;
    if (strcmp(s, "triple") == 0) return 3;
    return 0;
}

/* True if a spoken digit string starts at token j: at least two numbers (words,
 * digits or more "oh"s, one of them a real number) with no punctuation between.
 * Decides whether an "oh" with no number before it is a zero: "oh two oh seven" is
 * a phone number, "oh, two tickets" and "oh two tickets" are an exclamation. */
static int number_follows(const cc_words *in, size_t j, size_t *no_number_until)
{
    size_t count = 0;
    int real = 0;
    for (; j < in->n && !in->t[j].brk; j++) {
        const tok *t = &in->t[j];
        if (t->num || number_word_kind(in->lang, t->s, NULL) != NW_NONE)
            real = 1;
        else if (!is_oh(in->lang, t->s))
            break;
        count++;
    }
    /* A run of "oh"s with no real number: no number follows from any token
     * before j either. The caller keeps that, so a long run of them is not
     * scanned again from each "oh" (quadratic: 8000 "oh"s took 13 s; found by
     * tests/fuzz, regressions/words/oh-run). */
    if (!real && no_number_until) *no_number_until = j;
    return count >= 2 && real;
}

/* The digit of "double five" / "triple oh": a unit word, "oh" or a one-digit token. */
static int repeat_digit(const cc_words *in, size_t j, char *digit)
{
    if (j >= in->n || in->t[j].brk) return 0;
    const tok *t = &in->t[j];
    unsigned v;
    if (t->num && t->s[1] == '\0') {
        *digit = t->s[0];
        return 1;
    }
    if (is_oh(in->lang, t->s)) {
        *digit = '0';
        return 1;
    }
    if (number_word_kind(in->lang, t->s, &v) == NW_UNIT) {
        *digit = (char)('0' + v);
        return 1;
    }
    return 0;
}

/* Reads one value group starting at in[i] (already known to start a number) and
 * returns how many tokens it used. The rules follow how people say numbers: a unit
 * after a unit starts a new group ("five five" is 5 5, a phone number), a tens word
 * after a unit or a tens word too ("twenty forty" is 20 40, "three thirty" is 3 30),
 * while "twenty one", "one hundred and five", "two thousand and forty" are one value. */
static size_t read_group(const cc_words *in, size_t i, int prev_numeric, unsigned long long *value)
{
    unsigned long long total = 0, cur = 0, last_mult = 0;
    int last = NW_NONE, hundred = 0;
    size_t j = i;
    for (; j < in->n; j++) {
        const tok *t = &in->t[j];
        if (j > i && t->brk) break;
        unsigned v = 0;
        int k = number_word_kind(in->lang, t->s, &v);
        if (k == NW_NONE) {
            if (j == i && is_oh(in->lang, t->s) && (prev_numeric || number_follows(in, j + 1, NULL))) {
                k = NW_UNIT; /* "oh" is a zero only next to other numbers */
                v = 0;
            } else if (j == i && in->lang->english && strcmp(t->s, "a") == 0) {
                k = NW_UNIT; /* "a hundred"; the caller checked what follows */
                v = 1;
            } else if (j > i && in->lang->english && strcmp(t->s, "and") == 0 &&
                       (last == NW_HUNDRED || last == NW_MULT) && j + 1 < in->n &&
                       !in->t[j + 1].brk) {
                unsigned nv;
                int nk = number_word_kind(in->lang, in->t[j + 1].s, &nv);
                if ((nk == NW_UNIT && nv != 0) || nk == NW_TEEN || nk == NW_TENS) {
                    last = NW_AND;
                    continue;
                }
                break;
            } else {
                break;
            }
        }
        if (k == NW_HUNDREDS) {
            /* "двести" is "two hundred" in one word: a start, or after a thousand. */
            if (j > i && (hundred || last != NW_MULT)) break;
            cur = v;
            hundred = 1;
            last = NW_HUNDRED;
            continue;
        }
        if (j == i) {
            if (k == NW_HUNDRED) {
                cur = 100;
                hundred = 1;
            } else if (k == NW_MULT) {
                total = v;
                last_mult = v;
            } else {
                cur = v;
            }
            last = k;
            continue;
        }
        int after_big = last == NW_HUNDRED || last == NW_MULT || last == NW_AND;
        if (k == NW_UNIT) {
            if (v == 0) break;
            if (last == NW_TENS && cur % 10 == 0) {
                cur += v;
            } else if (after_big) {
                cur += v;
            } else {
                break;
            }
        } else if (k == NW_TEEN || k == NW_TENS) {
            if (!after_big) break;
            cur += v;
        } else if (k == NW_HUNDRED) {
            if (hundred || cur < 1 || cur > 99 || after_big) break;
            cur *= 100;
            hundred = 1;
        } else if (k == NW_MULT) {
            if (cur == 0 || last == NW_MULT || last == NW_AND || (last_mult && v >= last_mult))
                break;
            total += cur * v;
            cur = 0;
            hundred = 0;
            last_mult = v;
        }
        last = k;
    }
    /* A trailing "and" was only consumed when a number word followed, so j never
     * ends just after it. */
    *value = total + cur;
    return j - i;
}

static int pass_numbers(const cc_words *in, cc_words *out)
{
    int prev_numeric = 0; /* the previous output token was a number, with no break since */
    size_t no_number_until = 0; /* number_follows() is known false for starts below this */
    size_t i = 0;
    while (i < in->n) {
        const tok *t = &in->t[i];
        if (prev_numeric && t->brk) prev_numeric = 0;
        int reps = repeat_count(in->lang, t->s);
        char digit;
        if (reps && repeat_digit(in, i + 1, &digit)) {
            for (int r = 0; r < reps; r++)
                if (push(out, &digit, 1, t->start, in->t[i + 1].end, r == 0 ? t->brk : 0) != 0)
                    return -1;
            prev_numeric = 1;
            i += 2;
            continue;
        }
        int starts = number_word_kind(in->lang, t->s, NULL) != NW_NONE;
        if (!starts && is_oh(in->lang, t->s))
            starts = prev_numeric ||
                     (i + 1 >= no_number_until && number_follows(in, i + 1, &no_number_until));
        if (!starts && in->lang->english && strcmp(t->s, "a") == 0 && i + 1 < in->n && !in->t[i + 1].brk) {
            int nk = number_word_kind(in->lang, in->t[i + 1].s, NULL);
            starts = nk == NW_HUNDRED || nk == NW_MULT;
        }
        if (!starts) {
            if (push_str(out, t->s, t->start, t->end, t->brk) != 0) return -1;
            prev_numeric = t->num;
            i++;
            continue;
        }
        unsigned long long v;
        size_t used = read_group(in, i, prev_numeric, &v);
        char num[24];
        int len = snprintf(num, sizeof num, "%llu", v);
        if (push(out, num, (size_t)len, t->start, in->t[i + used - 1].end, t->brk) != 0) return -1;
        prev_numeric = 1;
        i += used;
    }
    return 0;
}

/* ---- pass 5: a.m. / p.m. ------------------------------------------------------------ */

static int pass_ampm(const cc_words *in, cc_words *out)
{
    for (size_t i = 0; i < in->n; i++) {
        const tok *t = &in->t[i];
        int after_time = in->lang->english && i > 0 && (in->t[i - 1].num || strcmp(in->t[i - 1].s, "oclock") == 0);
        if (after_time && i + 1 < in->n && (strcmp(t->s, "a") == 0 || strcmp(t->s, "p") == 0) &&
            strcmp(in->t[i + 1].s, "m") == 0) {
            if (push_str(out, t->s[0] == 'a' ? "am" : "pm", t->start, in->t[i + 1].end, t->brk) !=
                0)
                return -1;
            i++;
            continue;
        }
        if (push_str(out, t->s, t->start, t->end, t->brk) != 0) return -1;
    }
    return 0;
}

/* ---- pass 6: negations and clauses ------------------------------------------------ */

static int in_table(const char *const *tab, size_t n, const char *s)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(tab[k], s) == 0) return 1;
    return 0;
}

/* Number of tokens from i that spell the idiom (words separated by one space), or 0. */
static size_t idiom_at(const cc_words *w, size_t i, const char *idiom)
{
    size_t k = i;
    while (*idiom) {
        const char *sp = strchr(idiom, ' ');
        size_t len = sp ? (size_t)(sp - idiom) : strlen(idiom);
        if (k >= w->n || strlen(w->t[k].s) != len || memcmp(w->t[k].s, idiom, len) != 0 ||
            (k > i && w->t[k].brk))
            return 0;
        k++;
        idiom += len;
        if (*idiom == ' ') idiom++;
    }
    return k - i;
}

static int ends_with_ed(const char *s)
{
    size_t n = strlen(s);
    return n > 3 && s[n - 2] == 'e' && s[n - 1] == 'd';
}

/* Modality that offers nothing (see en_wish): English only. */
static int unreal_at(const cc_words *w, size_t i)
{
    if (!w->lang->english) return 0;
    const char *s = w->t[i].s;
    const char *prev = i > 0 ? w->t[i - 1].s : "";
    const char *next = i + 1 < w->n ? w->t[i + 1].s : "";
    const char *next2 = i + 2 < w->n ? w->t[i + 2].s : "";
    if (in_table(en_wish, N_(en_wish), s))
        return in_table(w->lang->subjects, w->lang->nsubjects, next) &&
               in_table(en_wished, N_(en_wished), next2);
    if (strcmp(s, "only") == 0) return strcmp(prev, "if") == 0;
    if (strcmp(s, "have") == 0)
        return in_table(en_unreal_modals, N_(en_unreal_modals), prev) &&
               (ends_with_ed(next) || in_table(en_participles, N_(en_participles), next));
    return 0;
}

/* Number of tokens from i that spell one of the multi-word entries of tab, or 0. */
static size_t phrase_at(const cc_words *w, size_t i, const char *const *tab, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t len = idiom_at(w, i, tab[k]);
        if (len) return len;
    }
    return 0;
}

/* A verb right after token i: a finite word, a past form or an -ed word. */
static int verb_at(const cc_words *w, size_t i)
{
    const lang_def *L = w->lang;
    if (i >= w->n || w->t[i].brk) return 0;
    const char *s = w->t[i].s;
    return in_table(L->finite, L->nfinite, s) || in_table(L->scope->past, L->scope->npast, s) ||
           ends_with_ed(s);
}

/* A question mark stood right before token i. */
static int asked_before(const cc_words *w, const char *text, size_t i)
{
    for (size_t b = i > 0 ? w->t[i - 1].end : 0; i > 0 && b < w->t[i].start; b++)
        if (text[b] == '?') return 1;
    return 0;
}

static int starts_clause(const cc_words *w, size_t i) { return i == 0 || w->t[i].clause; }

/* Counterfactuals offer nothing (English): a modal after its subject whose clause is
 * followed by an unreal "if" ("I'd book you on it if it weren't full", "I could if we
 * had seats"), "would" followed by a "but" clause ("I'd take a message, but the system
 * is down"; not "I'd recommend..., but" nor "I'd be..."), and "was going to ..., but".
 * The modal becomes a negation in force over the rest of its clause. */
static const char *const en_would_real[] = {"be", "feel", "recommend", "suggest", "advise",
                                            "say", "think", "prefer", "imagine", "guess"};

static void pass_unreal(cc_words *w)
{
    const lang_def *L = w->lang;
    if (!L->english) return;
    for (size_t i = 1; i + 1 < w->n; i++) {
        const char *s = w->t[i].s, *prev = w->t[i - 1].s;
        int modal = in_table(en_unreal_modals, N_(en_unreal_modals), s) &&
                    strcmp(s, "should") != 0 && in_table(L->subjects, L->nsubjects, prev);
        int going = strcmp(s, "going") == 0 && (!strcmp(prev, "was") || !strcmp(prev, "were")) &&
                    !strcmp(w->t[i + 1].s, "to");
        if (!modal && !going) continue;
        size_t c = i + 1;
        while (c < w->n && !starts_clause(w, c)) c++;
        if (c >= w->n) continue;
        int unreal = 0;
        if (modal && strcmp(w->t[c].s, "if") == 0)
            for (size_t k = c + 1; k < w->n && k < c + 4; k++)
                unreal |= in_table(en_wished, N_(en_wished), w->t[k].s);
        if (strcmp(w->t[c].s, "but") == 0 && (going || (strcmp(s, "would") == 0 &&
                                                         !in_table(en_would_real, N_(en_would_real),
                                                                   w->t[i + 1].s))))
            unreal = 1;
        if (unreal) w->t[i].neg = 1;
    }
}

/* Whether the clause from c only refuses the clause [p, c) before it (see
 * en_neg_pronouns): "not today", "but I can't", "I'm afraid not"; "No" only after the
 * speaker's own question. */
static int refusal_tag(const cc_words *w, const char *text, size_t p, size_t c)
{
    const lang_def *L = w->lang;
    const scope_tables *S = L->scope;
    size_t k = c, end;
    /* "but" opens a clause of its own before "I can't": read past it. */
    while (k < w->n && in_table(S->tag_lead, S->ntag_lead, w->t[k].s)) k++;
    for (end = k + 1; end < w->n && !starts_clause(w, end); end++) {
    }
    if (k >= w->n || end - k > 6) return 0;
    const char *head = w->t[k].s;
    int answer = (L->answer_no && strcmp(head, L->answer_no) == 0) ||
                 in_table(S->tag_heads, S->ntag_heads, head);
    if (!answer && !w->t[k].neg) {
        /* "I can't", "that is not possible": a subject, its verb, then the negation. */
        if (!in_table(L->subjects, L->nsubjects, head)) return 0;
        k++;
        if (L->nfinite && (k >= end || !in_table(L->finite, L->nfinite, w->t[k++].s))) return 0;
        while (k < end && in_table(S->tag_skip, S->ntag_skip, w->t[k].s)) k++;
        if (k >= end || !w->t[k].neg) return 0;
    }
    for (k++; k < end; k++)
        if (!in_table(S->tag_tail, S->ntag_tail, w->t[k].s)) return 0;
    if (answer) return asked_before(w, text, c);
    for (k = p; k < c; k++)
        if (in_table(S->tag_modals, S->ntag_modals, w->t[k].s)) return 1;
    return 0;
}

/* A negation after a token in its clause empties what came before it: not one past a
 * new subject and its verb ("I understand you weren't told"), nor "not to" ("sorry not
 * to have called"). Read from the clause's end back, so a clause costs its length: the
 * first of these met going forward from j decides for j. */
static int subject_with_verb(const cc_words *w, size_t j)
{
    /* A new subject with its verb says its own thing; "help you with nothing" is still
     * the one clause (languages without verb tables: any subject). */
    const lang_def *L = w->lang;
    return in_table(L->subjects, L->nsubjects, w->t[j].s) &&
           (!L->nfinite || (j + 1 < w->n && (verb_at(w, j + 1) || w->t[j + 1].neg)));
}

static int negation_here(const cc_words *w, size_t j)
{
    if (!w->t[j].neg) return 0;
    return !(w->lang->english && strcmp(w->t[j].s, "not") == 0 && j + 1 < w->n &&
             strcmp(w->t[j + 1].s, "to") == 0);
}

/* Sets back on every token e after which what its clause said so far is taken back: a
 * negation after it in its clause, or a clause after it that only refuses it
 * (refusal_tag; the first token of that clause counts as after the refused one). */
static void pass_taken_back(cc_words *w, const char *text)
{
    if (!w->lang->scope) return;
    for (size_t p = 0; p < w->n;) {
        size_t c = p + 1;
        while (c < w->n && !starts_clause(w, c)) c++;
        int tag = c < w->n && refusal_tag(w, text, p, c);
        if (c < w->n) w->t[c].back = (unsigned char)tag;
        int ahead = 0;
        for (size_t j = c; j-- > p;) {
            if (subject_with_verb(w, j)) ahead = 0;
            else if (negation_here(w, j)) ahead = 1;
            if (j == p) break; /* the clause's first token: the clause before decides */
            w->t[j].back = (unsigned char)(ahead || tag);
        }
        p = c;
    }
}

/* Marks the negations in force and where clauses start, in place: the last pass,
 * once the words are final. */
static int pass_clauses(cc_words *w, const char *text)
{
    const lang_def *L = w->lang;
    /* "Sorry?" as a clause of its own, asked: the word for "pardon", not an apology. */
    for (size_t i = 0; L->sorry && i < w->n; i++) {
        const tok *t = &w->t[i];
        if (strcmp(t->s, L->sorry) != 0 || (i > 0 && !t->brk)) continue;
        size_t e = t->end;
        while (text[e] == ' ') e++;
        if (text[e] != '?') continue;
        char *p = malloc(sizeof "pardon");
        if (!p) return -1;
        memcpy(p, "pardon", sizeof "pardon");
        free(w->t[i].s);
        w->t[i].s = p;
    }
    for (size_t i = 0; i < w->n; i++) {
        tok *t = &w->t[i];
        t->neg = (unsigned char)(in_table(L->negations, L->nnegations, t->s) || unreal_at(w, i));
        /* "at no extra cost": the noun is negated, not the clause. */
        if (t->neg && L->scope && i > 0 && !t->brk && L->answer_no &&
            strcmp(t->s, L->answer_no) == 0 &&
            in_table(L->scope->no_preps, L->scope->nno_preps, w->t[i - 1].s))
            t->neg = 0;
        if (i > 0 && t->brk) t->clause = 1;
        if (in_table(L->openers, L->nopeners, t->s)) t->clause = 1;
    }
    for (size_t i = 0; i < w->n; i++) {
        tok *t = &w->t[i];
        const char *next = i + 1 < w->n && !w->t[i + 1].brk ? w->t[i + 1].s : NULL;
        int subj_next = next && in_table(L->subjects, L->nsubjects, next);
        /* "and she will call you back": a new clause with its own subject; "or not",
         * "and never": the negation belongs to what follows. */
        if (i > 0 && next && (subj_next || w->t[i + 1].neg) &&
            in_table(L->coordinators, L->ncoordinators, t->s))
            t->clause = 1;
        /* "I'm sorry nobody told you": a negative pronoun with its verb is the subject
         * of a clause of its own. */
        if (L->scope && L->scope->neg_pronouns && t->neg) {
            size_t len = phrase_at(w, i, L->scope->neg_pronouns, L->scope->nneg_pronouns);
            if (len && verb_at(w, i + len)) t->clause = 1;
        }
        /* "no I can help you" said without a comma: an answer, then a clause. */
        if (t->neg && subj_next && (i == 0 || w->t[i].clause) && L->answer_no && strcmp(t->s, L->answer_no) == 0) {
            t->neg = 0;
            w->t[i + 1].clause = 1;
        }
        /* "...is not in I will take a message": a subject and its verb start a
         * clause, unless the word before takes a clause ("I don't think she will"). */
        if (i > 0 && L->nfinite && in_table(L->subjects, L->nsubjects, t->s) && next &&
            in_table(L->finite, L->nfinite, next) && !w->t[i - 1].neg &&
            !in_table(L->finite, L->nfinite, w->t[i - 1].s) &&
            !in_table(L->raisers, L->nraisers, w->t[i - 1].s))
            t->clause = 1;
        for (size_t k = 0; k < L->nidioms; k++) {
            size_t len = idiom_at(w, i, L->idioms[k]);
            if (!len) continue;
            for (size_t j = i; j < i + len; j++) w->t[j].neg = 0;
            if (i + len < w->n) w->t[i + len].clause = 1;
            break;
        }
    }
    pass_unreal(w);
    pass_taken_back(w, text);
    return 0;
}

/* ---- driver --------------------------------------------------------------------------- */

cc_words *cc_words_from_text(const char *text) { return cc_words_from_text_lang(text, NULL); }

int cc_words_is_negation(const cc_words *w, size_t i)
{
    return (w && i < w->n) ? w->t[i].neg : 0;
}

int cc_words_taken_back(const cc_words *w, size_t i)
{
    return (w && i < w->n) ? w->t[i].back : 0;
}

int cc_words_clause_start(const cc_words *w, size_t i)
{
    return (w && i < w->n) ? (i == 0 || w->t[i].clause) : 0;
}

const char *cc_words_language(const cc_words *w) { return w ? w->lang->code : ""; }

cc_words *cc_words_from_text_lang(const char *text, const char *lang)
{
    const lang_def *L = find_lang(lang);
    static int (*const passes[])(const cc_words *, cc_words *) = {
        pass_fillers, pass_contractions, pass_oclock, pass_numbers, pass_ampm,
    };
    cc_words *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->lang = L;
    if (scan(text ? text : "", w) != 0) {
        cc_words_free(w);
        return NULL;
    }
    for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
        cc_words *next = calloc(1, sizeof *next);
        if (next) next->lang = L;
        if (!next || passes[p](w, next) != 0) {
            cc_words_free(next);
            cc_words_free(w);
            return NULL;
        }
        cc_words_free(w);
        w = next;
    }
    if (pass_clauses(w, text ? text : "") != 0) {
        cc_words_free(w);
        return NULL;
    }
    return w;
}

int64_t cc_speech_ms(const char *text, int wpm)
{
    int words = 0, in = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int w = !isspace(*p);
        if (w && !in) words++;
        in = w;
    }
    if (wpm <= 0) wpm = 175;
    int64_t ms = (int64_t)words * 60000 / wpm + 300;
    return ms < 400 ? 400 : ms;
}

size_t cc_utf8_len(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80) return 1;
    size_t len = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || len > n) return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    unsigned cp = p[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) cp = (cp << 6) | (p[i] & 0x3F);
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}
