#define _POSIX_C_SOURCE 200809L
#include "prefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"

void cc_prefs_defaults(cc_prefs *p)
{
    memset(p, 0, sizeof *p);
    p->mode = CC_MODE_PRACTICE;
    p->font_scale = 1.0;
}

const char *cc_mode_name(cc_mode m) { return m == CC_MODE_ASSESSMENT ? "assessment" : "practice"; }

int cc_mode_parse(const char *s, cc_mode *m)
{
    if (strcmp(s, "practice") == 0) *m = CC_MODE_PRACTICE;
    else if (strcmp(s, "assessment") == 0) *m = CC_MODE_ASSESSMENT;
    else return -1;
    return 0;
}

void cc_prefs_load(cc_prefs *p, const char *dir)
{
    cc_prefs_defaults(p);
    if (!dir) return;
    char path[1024];
    snprintf(path, sizeof path, "%sprefs.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        if (strcmp(k, "name") == 0) snprintf(p->name, sizeof p->name, "%s", v);
        else if (strcmp(k, "mode") == 0) cc_mode_parse(v, &p->mode);
        else if (strcmp(k, "font_scale") == 0) {
            double s = atof(v);
            if (s >= CC_FONT_SCALE_MIN && s <= CC_FONT_SCALE_MAX) p->font_scale = s;
        } else if (strcmp(k, "high_contrast") == 0) p->high_contrast = atoi(v) != 0;
        else if (strcmp(k, "answers") == 0) p->typed_answers = strcmp(v, "typed") == 0;
        else if (strcmp(k, "keep_audio_days") == 0) {
            int d = atoi(v);
            p->keep_audio_days = d > 0 ? d : 0;
        }
    }
    fclose(f);
}

int cc_prefs_save(const cc_prefs *p, const char *dir, char *err, size_t errlen)
{
    if (!dir) {
        snprintf(err, errlen, "there is no user data folder");
        return -1;
    }
    char path[1024], body[512];
    snprintf(path, sizeof path, "%sprefs.txt", dir);
    int n = snprintf(body, sizeof body,
                     "name=%s\nmode=%s\nfont_scale=%.2f\nhigh_contrast=%d\nanswers=%s\n", p->name,
                     cc_mode_name(p->mode), p->font_scale, p->high_contrast,
                     p->typed_answers ? "typed" : "spoken");
    /* A trainer's setting: written back only when set, so the file stays as they made it. */
    if (p->keep_audio_days > 0 && n > 0 && (size_t)n < sizeof body)
        n += snprintf(body + n, sizeof body - (size_t)n, "keep_audio_days=%d\n", p->keep_audio_days);
    return cc_fs_write_atomic(path, body, (size_t)n, err, errlen);
}
