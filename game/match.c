#include "match.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pattern is parsed into a small tree, the tree is expanded into every word
 * sequence it allows (alternatives multiplied out, capped), and each sequence is
 * normalised with the utterance rules. Matching is then plain sequence alignment,
 * simple enough to reason about when a wrong verdict would teach a trainee the
 * wrong thing. */

#define MAX_NESTING 32

/* ---- units: what one expanded pattern position matches ------------------------------ */

/* U_START, U_END: zero-width anchors, the start and the end of a clause (`^`, `$`). */
enum { U_WORD, U_DIGITS, U_ANY, U_SLOT, U_START, U_END };

typedef struct {
    int kind;
    int slot;   /* U_SLOT: index into the pattern's slot names */
    char *text; /* U_WORD: the word; U_DIGITS: all the digits of a run of number tokens */
    size_t len;
    int neg;     /* a negation word */
    size_t atom; /* pattern units: index of the distinct word or digit string */
} unit;

typedef struct {
    unit *u;
    size_t n, cap;
    int neg; /* some unit is a negation word */
} useq;

static void useq_clear(useq *q)
{
    for (size_t i = 0; i < q->n; i++) free(q->u[i].text);
    free(q->u);
    q->u = NULL;
    q->n = q->cap = 0;
}

static int useq_push(useq *q, unit u)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 8;
        unit *p = realloc(q->u, cap * sizeof *p);
        if (!p) return -1;
        q->u = p;
        q->cap = cap;
    }
    q->u[q->n++] = u;
    if (u.neg) q->neg = 1;
    return 0;
}

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Appends the normalised words of w. Consecutive number tokens become one digit
 * string, because "555 1234", "5551234" and "five five five..." must all be one
 * number; the matcher then lines digits up across token boundaries. */
static int useq_add_words(useq *q, const cc_words *w)
{
    size_t n = cc_words_count(w);
    for (size_t i = 0; i < n;) {
        unit u = {U_WORD, -1, NULL, 0, 0, 0};
        if (cc_words_is_number(w, i)) {
            size_t j = i, len = 0;
            while (j < n && cc_words_is_number(w, j)) len += strlen(cc_words_at(w, j++));
            u.kind = U_DIGITS;
            u.text = malloc(len + 1);
            if (!u.text) return -1;
            u.len = 0;
            for (size_t k = i; k < j; k++) {
                size_t l = strlen(cc_words_at(w, k));
                memcpy(u.text + u.len, cc_words_at(w, k), l);
                u.len += l;
            }
            u.text[u.len] = '\0';
            i = j;
        } else {
            /* Which words negate is the language's business (text.h). */
            u.neg = cc_words_is_negation(w, i);
            const char *s = cc_words_at(w, i++);
            u.len = strlen(s);
            u.text = dupn(s, u.len);
            if (!u.text) return -1;
        }
        if (useq_push(q, u) != 0) {
            free(u.text);
            return -1;
        }
    }
    return 0;
}

static int useq_add_text(useq *q, const char *text, const char *lang)
{
    cc_words *w = cc_words_from_text_lang(text, lang);
    if (!w) return -1;
    int r = useq_add_words(q, w);
    cc_words_free(w);
    return r;
}

/* ---- slots ---------------------------------------------------------------------------- */

typedef struct {
    char *raw;  /* as written, for cc_slots_fill */
    useq words; /* normalised once here, since a slot set is matched many times */
} slot_value;

typedef struct {
    char *name;
    slot_value *v;
    size_t n, cap;
    int neg; /* some value contains a negation word */
} slot_entry;

struct cc_slots {
    slot_entry *e;
    size_t n, cap;
    char *lang; /* values are normalised for it; NULL: English */
};

cc_slots *cc_slots_create(void) { return calloc(1, sizeof(cc_slots)); }

cc_slots *cc_slots_create_lang(const char *lang)
{
    cc_slots *s = calloc(1, sizeof *s);
    if (!s || !lang) return s;
    s->lang = dupn(lang, strlen(lang));
    if (!s->lang) {
        free(s);
        return NULL;
    }
    return s;
}

void cc_slots_free(cc_slots *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) {
        for (size_t j = 0; j < s->e[i].n; j++) {
            free(s->e[i].v[j].raw);
            useq_clear(&s->e[i].v[j].words);
        }
        free(s->e[i].v);
        free(s->e[i].name);
    }
    free(s->e);
    free(s->lang);
    free(s);
}

static const slot_entry *find_slot(const cc_slots *s, const char *name, size_t len)
{
    if (!s) return NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->e[i].name) == len && memcmp(s->e[i].name, name, len) == 0) return &s->e[i];
    return NULL;
}

int cc_slots_add(cc_slots *s, const char *name, const char *value)
{
    if (!s || !name || !value) return -1;
    slot_entry *e = (slot_entry *)find_slot(s, name, strlen(name));
    if (!e) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 8;
            slot_entry *p = realloc(s->e, cap * sizeof *p);
            if (!p) return -1;
            s->e = p;
            s->cap = cap;
        }
        char *nm = dupn(name, strlen(name));
        if (!nm) return -1;
        e = &s->e[s->n++];
        *e = (slot_entry){nm, NULL, 0, 0, 0};
    }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 4;
        slot_value *p = realloc(e->v, cap * sizeof *p);
        if (!p) return -1;
        e->v = p;
        e->cap = cap;
    }
    slot_value sv = {dupn(value, strlen(value)), {NULL, 0, 0, 0}};
    if (!sv.raw || useq_add_text(&sv.words, value, s->lang) != 0) {
        free(sv.raw);
        useq_clear(&sv.words);
        return -1;
    }
    if (sv.words.neg) e->neg = 1;
    e->v[e->n++] = sv;
    return 0;
}

size_t cc_slots_values(const cc_slots *s, const char *name)
{
    if (!name) return 0;
    const slot_entry *e = find_slot(s, name, strlen(name));
    return e ? e->n : 0;
}

/* A small string builder, kept local so this module needs only text.c. */
typedef struct {
    char *d;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->d, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->d = p;
        b->cap = cap;
    }
    memcpy(b->d + b->len, s, n);
    b->len += n;
    b->d[b->len] = '\0';
}

static void sb_free(sbuf *b)
{
    free(b->d);
    *b = (sbuf){NULL, 0, 0, 0};
}

static int slot_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

const char *cc_text_next_slot(const char *text, size_t *len)
{
    for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
        size_t n = 0;
        while (slot_name_char(p[1 + n])) n++;
        if (n > 0 && p[1 + n] == '}') {
            *len = n;
            return p;
        }
    }
    return NULL;
}

char *cc_slots_fill(const cc_slots *s, const char *text)
{
    if (!text) return NULL;
    sbuf b = {NULL, 0, 0, 0};
    const char *p = text, *slot;
    size_t n;
    while ((slot = cc_text_next_slot(p, &n))) {
        const slot_entry *e = find_slot(s, slot + 1, n);
        if (e && e->n > 0) {
            sb_add(&b, p, (size_t)(slot - p));
            sb_add(&b, e->v[0].raw, strlen(e->v[0].raw));
        } else {
            sb_add(&b, p, (size_t)(slot - p) + n + 2);
        }
        p = slot + n + 2;
    }
    sb_add(&b, p, strlen(p));
    sb_add(&b, "", 0); /* "" for empty text, not NULL */
    if (b.failed) {
        sb_free(&b);
        return NULL;
    }
    return b.d;
}

int cc_slots_missing(const cc_slots *s, const char *text, char *name, size_t n)
{
    for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
        size_t len = 0;
        while (slot_name_char(p[1 + len])) len++;
        if (len == 0 || p[1 + len] != '}') continue;
        const slot_entry *e = find_slot(s, p + 1, len);
        if (e && e->n > 0) continue;
        if (n) {
            size_t k = len < n - 1 ? len : n - 1;
            memcpy(name, p + 1, k);
            name[k] = '\0';
        }
        return 1;
    }
    return 0;
}

/* ---- parsing ----------------------------------------------------------------------------- */

enum { N_SEQ, N_ALT, N_TEXT, N_SLOT, N_ANY, N_START, N_END };

typedef struct node {
    int kind;
    size_t off, len; /* N_TEXT: the source text; others: off is where the node starts */
    int slot;
    struct node **kid;
    size_t nkid, cap;
} node;

typedef struct {
    const char *src;
    size_t len, pos;
    int depth;
    int oom;
    char *err;
    size_t errlen;
    int errcol;
    char **slots;
    size_t nslots, capslots;
} parser;

static void node_free(node *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkid; i++) node_free(n->kid[i]);
    free(n->kid);
    free(n);
}

static node *node_new(parser *P, int kind, size_t off)
{
    node *n = calloc(1, sizeof *n);
    if (!n) {
        P->oom = 1;
        return NULL;
    }
    n->kind = kind;
    n->off = off;
    n->slot = -1;
    return n;
}

static int node_add(parser *P, node *parent, node *kid)
{
    if (parent->nkid == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 4;
        node **p = realloc(parent->kid, cap * sizeof *p);
        if (!p) {
            P->oom = 1;
            node_free(kid);
            return -1;
        }
        parent->kid = p;
        parent->cap = cap;
    }
    parent->kid[parent->nkid++] = kid;
    return 0;
}

static void fail(parser *P, size_t off, const char *fmt, ...)
{
    if (P->errcol) return; /* the first error is the one worth reporting */
    P->errcol = (int)(off < (size_t)INT_MAX ? off + 1 : INT_MAX);
    if (P->err && P->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(P->err, P->errlen, fmt, ap);
        va_end(ap);
    }
}

static int is_special(char c)
{
    return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' ||
           c == '*' || c == '^' || c == '$';
}

static int add_slot_name(parser *P, const char *name, size_t len)
{
    for (size_t i = 0; i < P->nslots; i++)
        if (strlen(P->slots[i]) == len && memcmp(P->slots[i], name, len) == 0) return (int)i;
    if (P->nslots == P->capslots) {
        size_t cap = P->capslots ? P->capslots * 2 : 4;
        char **p = realloc(P->slots, cap * sizeof *p);
        if (!p) return -1;
        P->slots = p;
        P->capslots = cap;
    }
    char *s = dupn(name, len);
    if (!s) return -1;
    P->slots[P->nslots] = s;
    return (int)P->nslots++;
}

static node *parse_alt(parser *P, char closer, size_t open_at);

/* A sequence runs until '|', a closing bracket or the end; the caller decides
 * whether what stopped it was expected. */
static node *parse_seq(parser *P)
{
    node *seq = node_new(P, N_SEQ, P->pos);
    if (!seq) return NULL;
    while (P->pos < P->len) {
        size_t at = P->pos;
        char c = P->src[at];
        node *kid = NULL;
        if (c == '|' || c == ')' || c == ']') break;
        if (c == '}') {
            fail(P, at, "unbalanced '}'");
            goto error;
        }
        if (c == '(' || c == '[') {
            if (P->depth >= MAX_NESTING) {
                fail(P, at, "pattern nested too deeply (over %d levels)", MAX_NESTING);
                goto error;
            }
            P->pos++;
            P->depth++;
            kid = parse_alt(P, c == '(' ? ')' : ']', at);
            P->depth--;
            if (!kid) goto error;
            if (c == '[') {
                /* [x] is (x|): the same tree, one more empty alternative. */
                node *opt = kid;
                if (opt->kind != N_ALT) {
                    opt = node_new(P, N_ALT, at);
                    if (!opt || node_add(P, opt, kid) != 0) {
                        if (!opt) node_free(kid);
                        node_free(opt);
                        goto error;
                    }
                }
                node *empty = node_new(P, N_SEQ, at);
                if (!empty || node_add(P, opt, empty) != 0) {
                    node_free(opt);
                    goto error;
                }
                kid = opt;
            }
        } else if (c == '{') {
            size_t i = at + 1;
            while (i < P->len && P->src[i] != '}') {
                if (!slot_name_char(P->src[i])) {
                    if (P->src[i] == '{' || P->src[i] == '(' || P->src[i] == '[' ||
                        P->src[i] == ')' || P->src[i] == ']' || P->src[i] == '|') {
                        /* Most likely a missing '}' rather than a strange name. */
                        fail(P, at, "unbalanced '{'");
                    } else {
                        fail(P, i, "bad character in slot name (use a-z, 0-9, '-', '_')");
                    }
                    goto error;
                }
                i++;
            }
            if (i >= P->len) {
                fail(P, at, "unbalanced '{'");
                goto error;
            }
            if (i == at + 1) {
                fail(P, at, "empty slot name");
                goto error;
            }
            int idx = add_slot_name(P, P->src + at + 1, i - at - 1);
            if (idx < 0) {
                P->oom = 1;
                goto error;
            }
            kid = node_new(P, N_SLOT, at);
            if (!kid) goto error;
            kid->slot = idx;
            P->pos = i + 1;
        } else if (c == '*' || c == '^' || c == '$') {
            kid = node_new(P, c == '*' ? N_ANY : c == '^' ? N_START : N_END, at);
            if (!kid) goto error;
            P->pos++;
        } else {
            size_t i = at;
            while (i < P->len && !is_special(P->src[i])) i++;
            kid = node_new(P, N_TEXT, at);
            if (!kid) goto error;
            kid->len = i - at;
            P->pos = i;
        }
        if (node_add(P, seq, kid) != 0) goto error;
    }
    return seq;
error:
    node_free(seq);
    return NULL;
}

static node *parse_alt(parser *P, char closer, size_t open_at)
{
    node *alt = node_new(P, N_ALT, open_at);
    if (!alt) return NULL;
    for (;;) {
        node *seq = parse_seq(P);
        if (!seq || node_add(P, alt, seq) != 0) goto error;
        if (P->pos < P->len && P->src[P->pos] == '|') {
            P->pos++;
            continue;
        }
        break;
    }
    if (P->pos >= P->len) {
        if (closer) {
            fail(P, open_at, "unbalanced '%c'", closer == ')' ? '(' : '[');
            goto error;
        }
    } else {
        char c = P->src[P->pos];
        if (c != closer) {
            fail(P, P->pos, "unbalanced '%c'", c);
            goto error;
        }
        P->pos++;
    }
    if (alt->nkid == 1) {
        node *only = alt->kid[0];
        alt->nkid = 0;
        node_free(alt);
        return only;
    }
    return alt;
error:
    node_free(alt);
    return NULL;
}

/* ---- expansion ----------------------------------------------------------------------------- */

#define CAP CC_PATTERN_MAX_EXPANSIONS

static int is_leaf(const node *n)
{
    return n->kind == N_TEXT || n->kind == N_SLOT || n->kind == N_ANY || n->kind == N_START ||
           n->kind == N_END;
}

/* Number of sequences n expands to, saturating at CAP + 1; *where gets the start of
 * the innermost group that pushed the count over the cap. */
static size_t count_expansions(const node *n, size_t *where)
{
    if (is_leaf(n)) return 1;
    size_t total = n->kind == N_SEQ ? 1 : 0;
    for (size_t i = 0; i < n->nkid; i++) {
        size_t c = count_expansions(n->kid[i], where);
        if (c > CAP) return c;
        if (n->kind == N_SEQ)
            total *= c; /* both factors are at most CAP, so this cannot overflow */
        else
            total += c;
        if (total > CAP) {
            *where = n->kind == N_SEQ ? n->kid[i]->off : n->off;
            return CAP + 1;
        }
    }
    return total;
}

typedef struct {
    const node **it; /* leaves: N_TEXT, N_SLOT, N_ANY */
    size_t n;
} leafseq;

typedef struct {
    leafseq *s;
    size_t n;
} leaflist;

static void leaflist_free(leaflist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->s[i].it);
    free(l->s);
    l->s = NULL;
    l->n = 0;
}

/* Expands n into all its leaf sequences. The count was checked first, so no list
 * here grows past CAP entries. */
static int expand(const node *n, leaflist *out)
{
    out->s = NULL;
    out->n = 0;
    if (is_leaf(n)) {
        out->s = malloc(sizeof *out->s);
        if (!out->s) return -1;
        out->s[0].it = malloc(sizeof *out->s[0].it);
        if (!out->s[0].it) {
            free(out->s);
            out->s = NULL;
            return -1;
        }
        out->s[0].it[0] = n;
        out->s[0].n = 1;
        out->n = 1;
        return 0;
    }
    if (n->kind == N_ALT) {
        for (size_t i = 0; i < n->nkid; i++) {
            leaflist k;
            if (expand(n->kid[i], &k) != 0) goto oom;
            leafseq *p = realloc(out->s, (out->n + k.n + 1) * sizeof *p);
            if (!p) {
                leaflist_free(&k);
                goto oom;
            }
            out->s = p;
            memcpy(out->s + out->n, k.s, k.n * sizeof *k.s);
            out->n += k.n;
            free(k.s);
        }
        return 0;
    }
    /* N_SEQ: the cartesian product of the children, left to right. */
    out->s = calloc(1, sizeof *out->s);
    if (!out->s) return -1;
    out->n = 1;
    for (size_t i = 0; i < n->nkid; i++) {
        leaflist k;
        if (expand(n->kid[i], &k) != 0) goto oom;
        leaflist prod = {calloc(out->n * k.n + 1, sizeof(leafseq)), 0};
        if (!prod.s) {
            leaflist_free(&k);
            goto oom;
        }
        for (size_t a = 0; a < out->n; a++) {
            for (size_t b = 0; b < k.n; b++) {
                leafseq *d = &prod.s[prod.n];
                size_t len = out->s[a].n + k.s[b].n;
                d->it = malloc((len ? len : 1) * sizeof *d->it);
                if (!d->it) {
                    leaflist_free(&prod);
                    leaflist_free(&k);
                    goto oom;
                }
                if (out->s[a].n) memcpy(d->it, out->s[a].it, out->s[a].n * sizeof *d->it);
                if (k.s[b].n) memcpy(d->it + out->s[a].n, k.s[b].it, k.s[b].n * sizeof *d->it);
                d->n = len;
                prod.n++;
            }
        }
        leaflist_free(&k);
        leaflist_free(out);
        *out = prod;
    }
    return 0;
oom:
    leaflist_free(out);
    return -1;
}

static int is_anchor(const unit *u) { return u->kind == U_START || u->kind == U_END; }

struct cc_pattern {
    char *src;
    char *lang; /* NULL: English */
    char **slots;
    size_t nslots;
    useq *seq;
    size_t nseq;
    const unit **atom; /* one unit per distinct word or digit string, owned by seq */
    size_t natom;
};

static size_t hash_text(int kind, const char *s)
{
    size_t h = 2166136261u ^ (size_t)kind;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Numbers every distinct word and digit string, so that a match looks each one up
 * in the utterance once however many expanded sequences share it. */
static int intern_atoms(cc_pattern *p)
{
    size_t total = 0;
    for (size_t i = 0; i < p->nseq; i++) total += p->seq[i].n;
    size_t cap = 16;
    while (cap < 2 * total) cap *= 2;
    size_t *table = malloc(cap * sizeof *table); /* atom index + 1; 0 = free */
    p->atom = malloc((total ? total : 1) * sizeof *p->atom);
    if (!table || !p->atom) {
        free(table);
        return -1;
    }
    memset(table, 0, cap * sizeof *table);
    for (size_t i = 0; i < p->nseq; i++) {
        for (size_t j = 0; j < p->seq[i].n; j++) {
            unit *u = &p->seq[i].u[j];
            if (u->kind != U_WORD && u->kind != U_DIGITS) continue;
            size_t h = hash_text(u->kind, u->text) & (cap - 1);
            for (;;) {
                if (table[h] == 0) {
                    p->atom[p->natom] = u;
                    table[h] = ++p->natom;
                    u->atom = p->natom - 1;
                    break;
                }
                const unit *a = p->atom[table[h] - 1];
                if (a->kind == u->kind && strcmp(a->text, u->text) == 0) {
                    u->atom = table[h] - 1;
                    break;
                }
                h = (h + 1) & (cap - 1);
            }
        }
    }
    free(table);
    return 0;
}

/* Turns one leaf sequence into units. Neighbouring text leaves are normalised as one
 * run (joined by a space: brackets separate words), so "(twenty|thirty) one" reads
 * "twenty one" exactly as an utterance would. */
static int leaves_to_units(const char *src, const char *lang, const leafseq *ls, useq *q)
{
    sbuf text = {NULL, 0, 0, 0};
    int r = 0;
    for (size_t i = 0; i <= ls->n && r == 0; i++) {
        const node *n = i < ls->n ? ls->it[i] : NULL;
        if (n && n->kind == N_TEXT) {
            sb_add(&text, " ", 1);
            sb_add(&text, src + n->off, n->len);
            continue;
        }
        if (text.failed) r = -1;
        if (r == 0 && text.len) r = useq_add_text(q, text.d, lang);
        sb_free(&text);
        int kind = !n                  ? 0
                   : n->kind == N_ANY   ? U_ANY
                   : n->kind == N_START ? U_START
                   : n->kind == N_END   ? U_END
                                        : U_SLOT;
        if (r == 0 && n) r = useq_push(q, (unit){kind, n->slot, NULL, 0, 0, 0});
    }
    sb_free(&text);
    return r;
}

void cc_pattern_free(cc_pattern *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nseq; i++) useq_clear(&p->seq[i]);
    free(p->seq);
    free(p->atom);
    for (size_t i = 0; i < p->nslots; i++) free(p->slots[i]);
    free(p->slots);
    free(p->src);
    free(p->lang);
    free(p);
}

cc_pattern *cc_pattern_compile(const char *src, char *err, size_t errlen, int *err_col)
{
    return cc_pattern_compile_lang(src, NULL, err, errlen, err_col);
}

cc_pattern *cc_pattern_compile_lang(const char *src, const char *lang, char *err, size_t errlen,
                                    int *err_col)
{
    parser P = {0};
    P.src = src ? src : "";
    P.len = strlen(P.src);
    P.err = err;
    P.errlen = errlen;
    if (err && errlen) err[0] = '\0';
    if (err_col) *err_col = 0;

    cc_pattern *p = NULL;
    leaflist all = {NULL, 0};
    node *root = parse_alt(&P, 0, 0);
    if (!root) goto done;

    size_t where = 0;
    if (count_expansions(root, &where) > CAP) {
        fail(&P, where, "pattern has too many alternatives (over %d)", CAP);
        goto done;
    }
    if (expand(root, &all) != 0) {
        P.oom = 1;
        goto done;
    }
    p = calloc(1, sizeof *p);
    if (!p) {
        P.oom = 1;
        goto done;
    }
    p->src = dupn(P.src, P.len);
    p->lang = lang ? dupn(lang, strlen(lang)) : NULL;
    p->seq = calloc(all.n ? all.n : 1, sizeof *p->seq);
    if (!p->src || !p->seq || (lang && !p->lang)) {
        P.oom = 1;
        goto done;
    }
    size_t empty = 0;
    for (size_t i = 0; i < all.n; i++) {
        if (leaves_to_units(P.src, lang, &all.s[i], &p->seq[p->nseq]) != 0) {
            useq_clear(&p->seq[p->nseq]);
            P.oom = 1;
            goto done;
        }
        /* An empty sequence would match anything at all, so it is refused below;
         * sequences that only differ in words dropped by normalisation stay apart,
         * which costs a little time and nothing else. */
        useq *q = &p->seq[p->nseq];
        size_t words = 0;
        for (size_t k = 0; k < q->n; k++) words += !is_anchor(&q->u[k]);
        if (words == 0) {
            useq_clear(q);
            empty++;
        } else {
            /* Big patterns keep thousands of sequences: drop the growth slack. */
            unit *fit = realloc(q->u, q->n * sizeof *fit);
            if (fit) {
                q->u = fit;
                q->cap = q->n;
            }
            p->nseq++;
        }
    }
    if (p->nseq == 0) {
        fail(&P, 0, "empty pattern");
        goto done;
    }
    if (empty) {
        fail(&P, 0, "every word of the pattern is optional, so it would match anything");
        goto done;
    }
    if (intern_atoms(p) != 0) {
        P.oom = 1;
        goto done;
    }
    p->slots = P.slots;
    p->nslots = P.nslots;
    P.slots = NULL;
    P.nslots = 0;

done:
    leaflist_free(&all);
    node_free(root);
    for (size_t i = 0; i < P.nslots; i++) free(P.slots[i]);
    free(P.slots);
    if (P.oom || P.errcol) {
        cc_pattern_free(p);
        if (err_col) *err_col = P.oom ? 0 : P.errcol;
        if (P.oom && err && errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return p;
}

const char *cc_pattern_source(const cc_pattern *p) { return p ? p->src : NULL; }

const char *cc_pattern_language(const cc_pattern *p) { return p ? p->lang : NULL; }

size_t cc_pattern_sentences(const cc_pattern *p, const cc_slots *slots, size_t max,
                            cc_sentence_fn fn, void *ud)
{
    if (!p || !fn) return 0;
    size_t made = 0;
    for (size_t i = 0; i < p->nseq && made < max; i++) {
        const useq *q = &p->seq[i];
        sbuf b = {NULL, 0, 0, 0};
        int skip = 0;
        for (size_t k = 0; k < q->n && !skip; k++) {
            const unit *u = &q->u[k];
            if (u->kind == U_ANY || is_anchor(u)) continue;
            if (u->kind == U_SLOT) {
                const slot_entry *e = find_slot(slots, p->slots[u->slot], strlen(p->slots[u->slot]));
                if (!e || e->n == 0) {
                    skip = 1; /* a slot with no value cannot be said */
                    break;
                }
                /* Cycle through the values so each turns up across the sentences. */
                const useq *v = &e->v[(made + k) % e->n].words;
                for (size_t j = 0; j < v->n; j++) {
                    if (b.len) sb_add(&b, " ", 1);
                    sb_add(&b, v->u[j].text, v->u[j].len);
                }
                continue;
            }
            if (b.len) sb_add(&b, " ", 1);
            sb_add(&b, u->text, u->len);
        }
        if (!skip && !b.failed && b.len) {
            fn(ud, b.d);
            made++;
        }
        sb_free(&b);
    }
    return made;
}

size_t cc_pattern_slot_count(const cc_pattern *p) { return p ? p->nslots : 0; }

const char *cc_pattern_slot_name(const cc_pattern *p, size_t i)
{
    return (p && i < p->nslots) ? p->slots[i] : NULL;
}

/* ---- matching ------------------------------------------------------------------------------- */

/* Matching runs on bit sets over utterance positions. Every pattern unit becomes a
 * "matcher": for each length L, the set of positions where it matches L tokens (a
 * word always 1; a digit string or a slot value as many as its digits or words
 * take). A sequence is then a few shifts and ANDs per unit, for all start positions
 * at once, which keeps thousands of expanded sequences (and their swapped variants)
 * cheap on a 400-word utterance. Only the sequence that matches is walked again,
 * start by start, to report the earliest span. */

#define NO_MATCH ((size_t)-1)

typedef uint64_t bits_t;

typedef struct {
    size_t len;   /* tokens matched */
    bits_t *at;   /* start positions */
} lenset;

typedef struct {
    lenset *ls;
    size_t n, cap;
} matcher;

typedef struct {
    const cc_words *w;
    size_t n;        /* tokens */
    size_t nw;       /* words in a bit set covering positions 0..n */
    bits_t *tokens;  /* positions 0..n-1 */
    bits_t *nonneg;  /* positions whose token is not a negation word */
    bits_t *startok; /* nonneg, and no negation earlier in the same clause */
    bits_t *cstart;  /* positions 0..n where a clause starts (n: the end of the last one) */
    bits_t *endok;   /* ends 0..n after which nothing takes the words back */
    int after;       /* the sequence being run keeps only ends in endok */
    const slot_entry **slot; /* the pattern's slots in the caller's set; NULL = never matches */
    matcher *atom_m, *slot_m, any_all, any_nonneg;
    bits_t *S, *E, *T; /* work sets */
    unsigned char *neg;
} ctx;

static int bit_get(const bits_t *b, size_t i) { return (int)((b[i / 64] >> (i % 64)) & 1u); }
static void bit_set(bits_t *b, size_t i) { b[i / 64] |= (bits_t)1 << (i % 64); }

static int bits_empty(const bits_t *b, size_t nw)
{
    for (size_t i = 0; i < nw; i++)
        if (b[i]) return 0;
    return 1;
}

/* dst |= src << k (towards higher positions); bits past the set fall off. */
static void or_shifted(bits_t *dst, const bits_t *src, size_t k, size_t nw)
{
    size_t q = k / 64, r = k % 64;
    for (size_t i = nw; i-- > q;) {
        bits_t v = src[i - q] << r;
        if (r && i - q > 0) v |= src[i - q - 1] >> (64 - r);
        dst[i] |= v;
    }
}

static void matcher_free(matcher *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->ls[i].at);
    free(m->ls);
    m->ls = NULL;
    m->n = m->cap = 0;
}

static int matcher_add(matcher *m, size_t len, size_t at, size_t nw)
{
    size_t i = 0;
    while (i < m->n && m->ls[i].len != len) i++;
    if (i == m->n) {
        if (m->n == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 2;
            lenset *p = realloc(m->ls, cap * sizeof *p);
            if (!p) return -1;
            m->ls = p;
            m->cap = cap;
        }
        bits_t *b = calloc(nw, sizeof *b);
        if (!b) return -1;
        m->ls[m->n++] = (lenset){len, b};
    }
    bit_set(m->ls[i].at, at);
    return 0;
}

/* True if tokens i-1 and i are both numbers with nothing but space or a hyphen
 * between: parts of one spoken number. */
static int digits_joined(const cc_words *w, size_t n, size_t i)
{
    return i > 0 && i < n && cc_words_is_number(w, i - 1) && cc_words_is_number(w, i) &&
           !cc_words_break_before(w, i);
}

/* Matches a digit string against consecutive number tokens from t; returns the end
 * (exclusive) or NO_MATCH. The tokens must make up the whole number the speaker
 * said, so "2040" matches "20 40" and "2040" but not "12040", "1 2040" or
 * "2040 5": a longer number is a different number, and a wrong extension or phone
 * number must not pass for the right one. */
static size_t match_digits(const cc_words *w, size_t n, size_t t, const char *d, size_t len)
{
    if (digits_joined(w, n, t)) return NO_MATCH;
    size_t acc = 0;
    for (size_t j = t; j < n && cc_words_is_number(w, j); j++) {
        const char *s = cc_words_at(w, j);
        size_t l = strlen(s);
        if (acc + l > len || memcmp(d + acc, s, l) != 0) return NO_MATCH;
        acc += l;
        if (acc == len) return digits_joined(w, n, j + 1) ? NO_MATCH : j + 1;
    }
    return NO_MATCH;
}

/* A word or digit unit at t: its end (exclusive), or NO_MATCH. */
static size_t match_fixed(const cc_words *w, size_t n, const unit *u, size_t t)
{
    if (t >= n) return NO_MATCH;
    if (u->kind == U_DIGITS) return match_digits(w, n, t, u->text, u->len);
    return strcmp(cc_words_at(w, t), u->text) == 0 ? t + 1 : NO_MATCH;
}

static int build_matchers(ctx *C, const cc_pattern *p)
{
    for (size_t a = 0; a < p->natom; a++)
        for (size_t t = 0; t < C->n; t++) {
            size_t e = match_fixed(C->w, C->n, p->atom[a], t);
            if (e != NO_MATCH && matcher_add(&C->atom_m[a], e - t, t, C->nw) != 0) return -1;
        }
    for (size_t i = 0; i < p->nslots; i++) {
        const slot_entry *se = C->slot[i];
        for (size_t v = 0; se && v < se->n; v++) {
            const useq *q = &se->v[v].words;
            if (q->n == 0) continue; /* a value that normalised to nothing must not match "" */
            for (size_t t = 0; t < C->n; t++) {
                size_t pos = t; /* no gaps inside a value */
                for (size_t k = 0; k < q->n && pos != NO_MATCH; k++)
                    pos = match_fixed(C->w, C->n, &q->u[k], pos);
                if (pos != NO_MATCH && matcher_add(&C->slot_m[i], pos - t, t, C->nw) != 0) return -1;
            }
        }
    }
    for (size_t t = 0; t < C->n; t++) {
        if (matcher_add(&C->any_all, 1, t, C->nw) != 0) return -1;
        if (!C->neg[t] && matcher_add(&C->any_nonneg, 1, t, C->nw) != 0) return -1;
    }
    return 0;
}

static const matcher *unit_matcher(const ctx *C, const unit *u, int guard)
{
    if (u->kind == U_SLOT) return &C->slot_m[u->slot];
    if (u->kind == U_ANY) return guard ? &C->any_nonneg : &C->any_all;
    return &C->atom_m[u->atom];
}

/* Unit k of q with the pair (sw, sw+1) swapped; sw = NO_MATCH for none. */
static const unit *unit_at(const useq *q, size_t k, size_t sw)
{
    if (sw != NO_MATCH) {
        if (k == sw) return &q->u[sw + 1];
        if (k == sw + 1) return &q->u[sw];
    }
    return &q->u[k];
}

/* S = every position at most gap tokens after an end in E; under the guard the gap
 * may not step over a negation (gap words count toward the span like matched ones). */
static void spread(const ctx *C, bits_t *S, const bits_t *E, size_t gap, int guard)
{
    memcpy(S, E, C->nw * sizeof *S);
    if (gap <= 16) {
        bits_t *cur = C->T;
        memcpy(cur, E, C->nw * sizeof *cur);
        for (size_t d = 0; d < gap; d++) {
            if (guard)
                for (size_t i = 0; i < C->nw; i++) cur[i] &= C->nonneg[i];
            /* shift by one in place, high to low */
            for (size_t i = C->nw; i-- > 0;) cur[i] = (cur[i] << 1) | (i ? cur[i - 1] >> 63 : 0);
            for (size_t i = 0; i < C->nw; i++) S[i] |= cur[i];
        }
        return;
    }
    /* Long gaps: one linear walk instead of gap shifts. */
    size_t left = 0;
    int live = 0;
    for (size_t i = 0; i <= C->n; i++) {
        if (bit_get(E, i)) {
            live = 1;
            left = gap;
        }
        if (live) bit_set(S, i);
        if (live && i < C->n && ((guard && C->neg[i]) || left-- == 0)) live = 0;
    }
}

/* Runs sequence q (pair sw swapped) from the start positions in init; leaves the
 * possible ends (exclusive) in C->E and returns whether there are any. */
static int run_seq(ctx *C, const useq *q, size_t sw, size_t gap, int guard, const bits_t *init)
{
    memcpy(C->S, init, C->nw * sizeof *C->S);
    for (size_t k = 0; k < q->n; k++) {
        const unit *u = unit_at(q, k, sw);
        /* An anchor is a point: nothing may stand between it and its neighbours. */
        if (k > 0) {
            if (is_anchor(u) || is_anchor(unit_at(q, k - 1, sw)))
                memcpy(C->S, C->E, C->nw * sizeof *C->S);
            else
                spread(C, C->S, C->E, gap, guard);
        }
        if (is_anchor(u)) {
            for (size_t i = 0; i < C->nw; i++) C->E[i] = C->S[i] & C->cstart[i];
            if (bits_empty(C->E, C->nw)) return 0;
            continue;
        }
        const matcher *m = unit_matcher(C, u, guard);
        memset(C->E, 0, C->nw * sizeof *C->E);
        for (size_t l = 0; l < m->n; l++) {
            for (size_t i = 0; i < C->nw; i++) C->T[i] = C->S[i] & m->ls[l].at[i];
            or_shifted(C->E, C->T, m->ls[l].len, C->nw);
        }
        if (bits_empty(C->E, C->nw)) return 0;
    }
    if (C->after) {
        for (size_t i = 0; i < C->nw; i++) C->E[i] &= C->endok[i];
        if (bits_empty(C->E, C->nw)) return 0;
    }
    return 1;
}

/* The negation guard is on for a sequence unless the pattern itself says a
 * negation, in its words or in a value of one of its slots. */
static int seq_guard(const ctx *C, const useq *q, int negation_guard)
{
    if (!negation_guard || q->neg) return 0;
    for (size_t i = 0; i < q->n; i++)
        if (q->u[i].kind == U_SLOT && C->slot[q->u[i].slot] && C->slot[q->u[i].slot]->neg) return 0;
    return 1;
}

static int seq_possible(const ctx *C, const useq *q)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->u[i].kind == U_SLOT && !C->slot[q->u[i].slot]) return 0;
    return 1;
}

/* The earliest start from which q matches, and the earliest end from there. */
static void find_span(ctx *C, const useq *q, size_t sw, size_t gap, int guard, bits_t *one,
                      cc_match_span *span)
{
    const bits_t *starts = guard ? C->startok : C->tokens;
    for (size_t s = 0; s < C->n; s++) {
        if (!bit_get(starts, s)) continue;
        memset(one, 0, C->nw * sizeof *one);
        bit_set(one, s);
        if (!run_seq(C, q, sw, gap, guard, one)) continue;
        for (size_t e = s + 1; e <= C->n; e++)
            if (bit_get(C->E, e)) {
                span->first = s;
                span->last = e - 1;
                return;
            }
    }
}

int cc_pattern_match(const cc_pattern *p, const cc_words *w, const cc_slots *slots,
                     const cc_match_opts *opts, cc_match_span *span)
{
    static const cc_match_opts defaults = CC_MATCH_OPTS_DEFAULT;
    if (!opts) opts = &defaults;
    if (!p || !w || cc_words_count(w) == 0) return 0;

    ctx C = {0};
    C.w = w;
    C.n = cc_words_count(w);
    C.nw = C.n / 64 + 1; /* positions 0..n: an end may be n */
    size_t gap = opts->max_gap < 0 ? 0 : (size_t)opts->max_gap;
    if (gap > C.n) gap = C.n;

    int found = 0;
    bits_t *sets = calloc(9 * C.nw, sizeof *sets);
    C.neg = calloc(C.n, 1);
    C.slot = calloc(p->nslots + 1, sizeof *C.slot);
    C.atom_m = calloc(p->natom + 1, sizeof *C.atom_m);
    C.slot_m = calloc(p->nslots + 1, sizeof *C.slot_m);
    if (!sets || !C.neg || !C.slot || !C.atom_m || !C.slot_m) goto done;
    C.tokens = sets;
    C.nonneg = sets + C.nw;
    C.startok = sets + 2 * C.nw;
    C.S = sets + 3 * C.nw;
    C.E = sets + 4 * C.nw;
    C.T = sets + 5 * C.nw;
    bits_t *one = sets + 6 * C.nw;
    C.cstart = sets + 7 * C.nw;
    C.endok = sets + 8 * C.nw;

    for (size_t i = 0; i < p->nslots; i++) {
        const slot_entry *e = find_slot(slots, p->slots[i], strlen(p->slots[i]));
        size_t usable = 0;
        for (size_t v = 0; e && v < e->n; v++) usable += e->v[v].words.n > 0;
        C.slot[i] = usable ? e : NULL; /* a slot with no (usable) value never matches */
    }
    int in_scope = 0;
    for (size_t i = 0; i < C.n; i++) {
        C.neg[i] = (unsigned char)cc_words_is_negation(w, i);
        bit_set(C.tokens, i);
        if (cc_words_clause_start(w, i)) {
            bit_set(C.cstart, i);
            in_scope = 0;
        }
        if (C.neg[i]) {
            in_scope = 1;
            continue;
        }
        bit_set(C.nonneg, i);
        /* "Don't worry" must not pass for "worry", nor "nobody will call you back"
         * for "call you back": a negation earlier in the clause governs the match,
         * however far back ("No, I can help you" is two clauses). */
        if (!in_scope) bit_set(C.startok, i);
    }
    bit_set(C.cstart, C.n);
    for (size_t e = 0; e <= C.n; e++)
        if (!cc_words_taken_back(w, e)) bit_set(C.endok, e);
    if (build_matchers(&C, p) != 0) goto done;

    /* Every sequence as written first, swaps only after: a literal match is the
     * better evidence to show. */
    for (int pass = 0; pass < 2 && !found; pass++) {
        if (pass == 1 && !opts->allow_swap) break;
        for (size_t i = 0; i < p->nseq && !found; i++) {
            const useq *q = &p->seq[i];
            if (!seq_possible(&C, q)) continue;
            int guard = seq_guard(&C, q, opts->negation_guard);
            C.after = guard && opts->negation_after;
            const bits_t *init = guard ? C.startok : C.tokens;
            size_t sw = NO_MATCH, last = pass == 0 ? 1 : (q->n > 0 ? q->n - 1 : 0);
            for (size_t v = 0; v < last && !found; v++) {
                if (pass == 1) {
                    sw = v;
                    const unit *a = &q->u[sw], *b = &q->u[sw + 1];
                    if (is_anchor(a) || is_anchor(b)) continue; /* anchors stay put */
                    if (a->kind == b->kind && a->slot == b->slot &&
                        (a->text == NULL || strcmp(a->text, b->text) == 0))
                        continue; /* swapping equal units changes nothing */
                }
                if (run_seq(&C, q, sw, gap, guard, init)) {
                    found = 1;
                    if (span) find_span(&C, q, sw, gap, guard, one, span);
                }
            }
        }
    }
done:
    for (size_t i = 0; C.atom_m && i < p->natom; i++) matcher_free(&C.atom_m[i]);
    for (size_t i = 0; C.slot_m && i < p->nslots; i++) matcher_free(&C.slot_m[i]);
    matcher_free(&C.any_all);
    matcher_free(&C.any_nonneg);
    free(C.atom_m);
    free(C.slot_m);
    free(sets);
    free(C.neg);
    free(C.slot);
    return found;
}
