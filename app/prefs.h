/* prefs: what the app remembers between runs, in the user's data folder
 * (SDL_GetPrefPath: ~/.local/share/callcoach/ on Linux): the trainee's name,
 * the mode, how answers are given (spoken or typed), the text size, the theme, and how long
 * recordings are kept. A small "key=value" text file,
 * replaced atomically so a crash never leaves half of it.
 *
 * Contract: cc_prefs_load() never fails: a missing or unreadable file gives
 * the defaults. cc_prefs_save() returns 0 or -1 with a reason. */
#ifndef CC_PREFS_H
#define CC_PREFS_H

#include <stddef.h>

typedef enum { CC_MODE_PRACTICE, CC_MODE_ASSESSMENT } cc_mode;

typedef struct {
    char name[64];
    cc_mode mode;
    double font_scale;   /* 0.75 .. 2.0 */
    int high_contrast;
    int typed_answers;   /* 1: type answers even with a microphone */
    int keep_audio_days; /* keep_audio_days=N: the app removes the audio of calls older
                          * than N days at start (store/retention.h); 0 keeps it for ever */
} cc_prefs;

#define CC_FONT_SCALE_MIN 0.75
#define CC_FONT_SCALE_MAX 2.0

void cc_prefs_defaults(cc_prefs *p);
void cc_prefs_load(cc_prefs *p, const char *dir);
int cc_prefs_save(const cc_prefs *p, const char *dir, char *err, size_t errlen);
const char *cc_mode_name(cc_mode m); /* "practice", "assessment" */
/* 0 and *m for "practice" or "assessment"; -1 otherwise. */
int cc_mode_parse(const char *s, cc_mode *m);

#endif
