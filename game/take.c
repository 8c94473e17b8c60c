#include "take.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "mem.h"
#include "text.h"

static const char *const names[] = {"pickup", "say",    "say",    "interrupt", "wait",
                                    "hold",   "resume", "switch", "transfer",  "hangup"};
static const char *const verbs[] = {"pickup", "say",      "interrupt", "wait",  "hold",
                                    "resume", "switch",   "transfer",  "hangup"};

const char *cc_take_kind_name(cc_take_kind k)
{
    return (k >= CC_TAKE_PICKUP && k <= CC_TAKE_HANGUP) ? names[k] : "?";
}

void cc_take_action_clear(cc_take_action *a)
{
    if (!a) return;
    free(a->text);
    a->text = NULL;
}

void cc_take_free(cc_take *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->count; i++) cc_take_action_clear(&t->actions[i]);
    free(t->actions);
    free(t->path);
    free(t);
}

static int ends_with_wav(const char *end)
{
    const char *ext = end - 4;
    return ext[0] == '.' && tolower((unsigned char)ext[1]) == 'w' &&
           tolower((unsigned char)ext[2]) == 'a' && tolower((unsigned char)ext[3]) == 'v';
}

static int col_of(const char *line, const char *p) { return (int)(p - line) + 1; }

/* Reads a "quoted string" with \" and \\ escapes; returns the end or NULL. */
static const char *read_quoted(const char *p, char **out)
{
    size_t cap = strlen(p) + 1, n = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    p++; /* opening quote */
    while (*p && *p != '"') {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
        s[n++] = *p++;
    }
    if (*p != '"') {
        free(s);
        return NULL;
    }
    s[n] = '\0';
    *out = s;
    return p + 1;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

/* "@12.5" or "@12.5-14" before an action. Returns the position after it, or
 * NULL (reported) when malformed. */
static const char *read_time(const char *path, int lineno, const char *line, const char *p,
                             cc_take_action *out, cc_diags *diags)
{
    const char *at = p++;
    char *e;
    errno = 0;
    double a = strtod(p, &e), b = -1;
    int ok = e != p && !errno && isfinite(a) && a >= 0 && a <= 36000;
    if (ok && *e == '-') {
        const char *q = e + 1;
        b = strtod(q, &e);
        ok = e != q && !errno && isfinite(b) && b >= a && b <= 36000;
    }
    if (!ok || (*e && *e != ' ' && *e != '\t')) {
        cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, at),
                     "a time is '@SECONDS' or '@START-END' before the action, e.g. '@12.5 hold'");
        return NULL;
    }
    out->timed = 1;
    out->at_ms = (int64_t)llround(a * 1000.0);
    out->until_ms = b >= 0 ? (int64_t)llround(b * 1000.0) : -1;
    return skip_ws(e);
}

/* "confidence 0.8 pitch 4.1 wpm 150 loudness -20" after a quoted answer. */
static int read_measures(const char *path, int lineno, const char *line, const char *p,
                         cc_take_action *out, cc_diags *diags)
{
    static const char *const keys[] = {"confidence", "pitch", "wpm", "loudness"};
    while (*p && *p != '#' && *p != '\r') {
        const char *k = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        size_t kl = (size_t)(p - k);
        int which = -1;
        for (int i = 0; i < 4; i++)
            if (strlen(keys[i]) == kl && strncmp(keys[i], k, kl) == 0) which = i;
        p = skip_ws(p);
        char *e;
        errno = 0;
        double v = which >= 0 ? strtod(p, &e) : 0;
        if (which < 0 || e == p || errno || !isfinite(v) || (*e && !isspace((unsigned char)*e)) ||
            (which == 0 && (v < 0 || v > 1))) {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, k),
                         which < 0 ? "unexpected text after the quoted answer; only 'confidence', "
                                     "'pitch', 'wpm' and 'loudness' with a number may follow"
                                   : "'%.*s' needs a number (confidence: 0 to 1)",
                         (int)kl, k);
            return -1;
        }
        double *slot[] = {&out->confidence, &out->pitch_range, &out->rate_wpm, &out->loudness};
        *slot[which] = v;
        out->measured = 1;
        p = skip_ws(e);
    }
    return 0;
}

int cc_take_parse_line(const char *path, int lineno, const char *line, cc_take_action *out,
                       cc_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->confidence = 1.0;
    out->pitch_range = out->rate_wpm = out->loudness = NAN;
    const char *p = skip_ws(line);
    if (!*p || *p == '#' || *p == '\r') return 0;
    const unsigned char *stop = (const unsigned char *)line + strlen(line);
    for (const unsigned char *q = (const unsigned char *)line; *q;) {
        size_t l = cc_utf8_len(q, (size_t)(stop - q));
        if (!l) {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, (const char *)q),
                         "invalid UTF-8 byte 0x%02X; save the take as UTF-8", *q);
            return -1;
        }
        q += l;
    }
    if (*p == '@') {
        p = read_time(path, lineno, line, p, out, diags);
        if (!p) return -1;
    }
    const char *w = p;
    while (*p && !isspace((unsigned char)*p)) p++;
    size_t wl = (size_t)(p - w);
    char verb[16] = "";
    if (wl < sizeof verb) memcpy(verb, w, wl), verb[wl] = '\0';
    out->line = lineno;
    out->col = col_of(line, w);
    p = skip_ws(p);
    int k = -1;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(verb, verbs[i]) == 0) k = (int)i;
    if (k < 0) {
        const char *hint = cc_schema_suggest(verb, verbs, sizeof verbs / sizeof verbs[0]);
        if (hint)
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, out->col,
                         "unknown action '%.*s' (did you mean '%s'?)", (int)wl, w, hint);
        else
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, out->col,
                         "unknown action '%.*s'; actions are pickup, say, interrupt, wait, "
                         "hold, resume, switch, transfer, hangup",
                         (int)wl, w);
        return -1;
    }
    const char *arg = p;
    const char *end = arg + strlen(arg);
    while (end > arg && isspace((unsigned char)end[-1])) end--;
    size_t alen = (size_t)(end - arg);
    switch (k) {
    case 0: /* pickup [N] */
        out->kind = CC_TAKE_PICKUP;
        out->ring = 1;
        if (alen) {
            char *e;
            errno = 0;
            long n = strtol(arg, &e, 10);
            if (errno || e != end || n < 1 || n > 50) {
                cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, arg),
                             "'pickup' takes the ring to answer on, 1 to 50, not '%.*s'",
                             (int)alen, arg);
                return -1;
            }
            out->ring = (int)n;
        }
        return 1;
    case 1: /* say "text" | say file.wav */
    case 2: /* interrupt "text" */
        out->kind = k == 1 ? CC_TAKE_SAY : CC_TAKE_INTERRUPT;
        if (*arg == '"') {
            const char *after = read_quoted(arg, &out->text);
            if (!after) {
                cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, arg),
                             "unclosed quote: end the answer with \"");
                return -1;
            }
            after = skip_ws(after);
            if (read_measures(path, lineno, line, after, out, diags) != 0) {
                cc_take_action_clear(out);
                return -1;
            }
            if (!*out->text) {
                cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, arg),
                             "empty answer; to stay silent use 'wait SECONDS'");
                cc_take_action_clear(out);
                return -1;
            }
            return 1;
        }
        if (k == 1 && alen > 4 && ends_with_wav(end)) {
            out->kind = CC_TAKE_SAY_WAV;
            out->text = malloc(alen + 1);
            if (!out->text) return -1;
            memcpy(out->text, arg, alen);
            out->text[alen] = '\0';
            return 1;
        }
        cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, alen ? arg : w),
                     alen ? "put the answer in double quotes (say \"...\"), or name a .wav file"
                          : "'%s' needs an answer in double quotes",
                     verb);
        return -1;
    case 3: { /* wait SECONDS */
        out->kind = CC_TAKE_WAIT;
        char *e;
        errno = 0;
        double d = alen ? strtod(arg, &e) : -1;
        if (!alen || errno || e != end || !isfinite(d) || d < 0 || d > 36000) {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, alen ? arg : w),
                         "'wait' takes seconds, 0 to 36000, not '%.*s'", (int)alen, arg);
            return -1;
        }
        out->seconds = d;
        return 1;
    }
    case 7: /* transfer EXT */
        out->kind = CC_TAKE_TRANSFER;
        if (!alen) {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, out->col,
                         "'transfer' needs the extension to transfer to, e.g. 'transfer 2040'");
            return -1;
        }
        for (const char *q = arg; q < end; q++)
            if (!isdigit((unsigned char)*q) && *q != '*' && *q != '#') {
                cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, q),
                             "an extension is digits (and * or #), not '%.*s'", (int)alen, arg);
                return -1;
            }
        out->text = malloc(alen + 1);
        if (!out->text) return -1;
        memcpy(out->text, arg, alen);
        out->text[alen] = '\0';
        return 1;
    default: /* hold, resume, switch, hangup take nothing */
        out->kind = k == 4 ? CC_TAKE_HOLD : k == 5 ? CC_TAKE_RESUME : k == 6 ? CC_TAKE_SWITCH
                                                                          : CC_TAKE_HANGUP;
        if (alen && *arg != '#') {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, col_of(line, arg),
                         "'%s' takes no argument", verb);
            return -1;
        }
        return 1;
    }
}

cc_take *cc_take_parse(const char *path, const char *data, size_t len, cc_diags *diags)
{
    if (len > CC_TAKE_MAX_BYTES) {
        cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "take is over 1 MiB (%zu bytes)", len);
        return NULL;
    }
    cc_take *t = calloc(1, sizeof *t);
    char *line = malloc(len + 1);
    if (!t || !line) goto oom;
    t->path = cc_strdup(path);
    size_t cap = 0;
    int bad = 0, lineno = 0;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != '\n' && data[i] != '\r') i++;
        size_t n = i - start;
        if (i < len && data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') i++;
        if (i < len) i++;
        lineno++;
        if (memchr(data + start, '\0', n)) {
            cc_diags_add(diags, CC_DIAG_ERROR, path, lineno, 1,
                         "NUL byte in a take: this looks like a binary file, not a take");
            bad = 1;
            break;
        }
        memcpy(line, data + start, n);
        line[n] = '\0';
        cc_take_action a;
        int rc = cc_take_parse_line(path, lineno, line, &a, diags);
        if (rc < 0) bad = 1;
        if (rc <= 0) continue;
        if (cc_grow((void **)&t->actions, &cap, t->count, sizeof *t->actions) != 0) {
            cc_take_action_clear(&a);
            goto oom;
        }
        t->actions[t->count++] = a;
    }
    free(line);
    if (bad) {
        cc_take_free(t);
        return NULL;
    }
    return t;
oom:
    cc_diags_add(diags, CC_DIAG_ERROR, path, 0, 0, "out of memory while reading the take");
    free(line);
    cc_take_free(t);
    return NULL;
}
