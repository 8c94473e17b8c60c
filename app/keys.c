#define _POSIX_C_SOURCE 200809L
#include "keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

static const struct {
    const char *name;
    cc_key key;
} names[] = {{"space", CC_KEY_SPACE},         {"enter", CC_KEY_ENTER},   {"return", CC_KEY_ENTER},
             {"esc", CC_KEY_ESC},             {"escape", CC_KEY_ESC},    {"tab", CC_KEY_TAB},
             {"backspace", CC_KEY_BACKSPACE}, {"up", CC_KEY_UP},         {"down", CC_KEY_DOWN},
             {"left", CC_KEY_LEFT},           {"right", CC_KEY_RIGHT},   {"plus", CC_KEY_PLUS},
             {"minus", CC_KEY_MINUS},         {"f1", CC_KEY_F1},         {"f2", CC_KEY_F2},
             {"f3", CC_KEY_F3},               {"f4", CC_KEY_F4}};

void cc_keys_free(cc_keys *k)
{
    if (!k) return;
    free(k->v);
    free(k);
}

/* Parses KEY (without the time) into ev; 0 ok. */
static int parse_key(const char *s, size_t len, cc_ev *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = CC_EV_KEY;
    if (len > 5 && strncasecmp(s, "ctrl+", 5) == 0) {
        ev->mods |= CC_MOD_CTRL;
        s += 5;
        len -= 5;
    }
    /* Devices going away, for the fault tests: SDL's dummy and disk drivers
     * cannot unplug a device, so the script delivers the event the SDL
     * platform makes of SDL_AUDIODEVICEREMOVED. */
    if (!ev->mods && len == 8 && strncasecmp(s, "mic-lost", 8) == 0) {
        ev->kind = CC_EV_MIC_LOST;
        return 0;
    }
    if (!ev->mods && len == 12 && strncasecmp(s, "speaker-lost", 12) == 0) {
        ev->kind = CC_EV_SPEAKER_LOST;
        return 0;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && strncasecmp(s, names[i].name, len) == 0) {
            ev->key = names[i].key;
            if (ev->key == CC_KEY_SPACE && !ev->mods) snprintf(ev->text, sizeof ev->text, " ");
            return 0;
        }
    if (len == 1 && isalnum((unsigned char)s[0])) {
        ev->key = CC_KEY_CHAR;
        ev->ch = tolower((unsigned char)s[0]);
        if (!ev->mods) snprintf(ev->text, sizeof ev->text, "%c", s[0]);
        return 0;
    }
    return -1;
}

cc_keys *cc_keys_parse(const char *script, char *err, size_t errlen)
{
    cc_keys *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    size_t cap = 0;
    const char *p = script;
    int index = 0;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        if (!*p) break;
        index++;
        const char *entry = p;
        cc_key_entry e;
        memset(&e, 0, sizeof e);
        if (*p == '+') {
            e.relative = 1;
            p++;
        }
        char *end;
        e.at = strtod(p, &end);
        if (end == p || *end != ':' || e.at < 0 || e.at > 36000) {
            snprintf(err, errlen, "entry %d ('%.*s') needs TIME:KEY with TIME in seconds", index,
                     (int)strcspn(entry, ","), entry);
            cc_keys_free(k);
            return NULL;
        }
        p = end + 1;
        if (strncasecmp(p, "type=", 5) == 0) {
            p += 5;
            e.ev.kind = CC_EV_TYPE;
            size_t n = 0;
            if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
                    if (n + 1 < sizeof e.ev.text) e.ev.text[n++] = *p;
                    p++;
                }
                if (*p != '"') {
                    snprintf(err, errlen, "entry %d: the quoted text has no closing '\"'", index);
                    cc_keys_free(k);
                    return NULL;
                }
                p++;
            } else {
                while (*p && *p != ',') {
                    if (n + 1 < sizeof e.ev.text) e.ev.text[n++] = *p;
                    p++;
                }
            }
            e.ev.text[n] = '\0';
        } else {
            size_t len = strcspn(p, ",");
            while (len && p[len - 1] == ' ') len--;
            if (parse_key(p, len, &e.ev) != 0) {
                snprintf(err, errlen,
                         "entry %d: unknown key '%.*s'; use space, enter, esc, tab, a letter or "
                         "digit, or type=TEXT",
                         index, (int)len, p);
                cc_keys_free(k);
                return NULL;
            }
            p += strcspn(p, ",");
        }
        if (cc_grow((void **)&k->v, &cap, k->n, sizeof *k->v) != 0) {
            snprintf(err, errlen, "out of memory");
            cc_keys_free(k);
            return NULL;
        }
        k->v[k->n++] = e;
    }
    return k;
}

static double due_at(const cc_keys *k)
{
    const cc_key_entry *e = &k->v[k->next];
    return e->relative ? k->last_fired + e->at : e->at;
}

const cc_ev *cc_keys_due(const cc_keys *k, double now)
{
    if (!k || k->next >= k->n) return NULL;
    return now + 1e-9 >= due_at(k) ? &k->v[k->next].ev : NULL;
}

void cc_keys_fired(cc_keys *k, double now)
{
    if (!k || k->next >= k->n) return;
    k->next++;
    k->last_fired = now;
}

void cc_keys_new_clock(cc_keys *k)
{
    if (k) k->last_fired = 0;
}

int cc_keys_done(const cc_keys *k) { return !k || k->next >= k->n; }

double cc_keys_wait(const cc_keys *k, double now)
{
    if (!k || k->next >= k->n) return -1;
    double d = due_at(k) - now;
    return d > 0 ? d : 0;
}
