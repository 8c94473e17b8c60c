/* lint_sounds: see lint_sounds.h. */
#define _POSIX_C_SOURCE 200809L
#include "lint_sounds.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "wav.h"

#define MIN_RING_S 0.2
#define MIN_LOOP_S 2.0
#define MAX_LOOP_S 600.0

static void check_one(const char *file, cc_sound_kind k, const cc_sound_ref *r,
                      const cc_standard *std, cc_diags *d)
{
    const char *key = cc_sound_key(k);
    struct stat sb;
    if (stat(r->path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        cc_diags_add(d, CC_DIAG_ERROR, file, r->line, r->col,
                     "'%s' names %s, which %s; put the sound file there or fix the path "
                     "(it is relative to this file)",
                     key, r->path,
                     errno == ENOENT && stat(r->path, &sb) != 0 ? "does not exist"
                     : stat(r->path, &sb) != 0                  ? "cannot be read"
                                                                 : "is not a file");
        return;
    }
    cc_pcm pcm = {0};
    char why[512];
    /* The file's own rate: decoding is all that is checked, resampling would only cost. */
    if (cc_wav_read(r->path, 0, &pcm, why, sizeof why) != 0) {
        cc_diags_add(d, CC_DIAG_ERROR, file, r->line, r->col,
                     "'%s' names a file that does not decode as sound: %s", key, why);
        return;
    }
    double secs = pcm.rate > 0 ? (double)pcm.count / pcm.rate : 0;
    cc_pcm_free(&pcm);
    if (k == CC_SOUND_RING) {
        double cycle = std ? std->settings.ring_seconds + std->settings.ring_gap_seconds : 0;
        if (secs < MIN_RING_S)
            cc_diags_add(d, CC_DIAG_ERROR, file, r->line, r->col,
                         "'ring' names %s, which is %.2f s long: too short to be heard as a "
                         "ring; give one ring's sound (the tone and the silence after it), at "
                         "least %.1f s",
                         r->path, secs, MIN_RING_S);
        else if (cycle > 0 && secs > cycle + 0.0005)
            cc_diags_add(d, CC_DIAG_ERROR, file, r->line, r->col,
                         "'ring' names %s, which is %.2f s long, longer than one ring of the "
                         "standard (ring_seconds %g + ring_gap_seconds %g = %.2f s): each ring "
                         "would cut the last one short; cut the file to one cadence of %.2f s",
                         r->path, secs, std->settings.ring_seconds,
                         std->settings.ring_gap_seconds, cycle, cycle);
        return;
    }
    if (secs < MIN_LOOP_S || secs > MAX_LOOP_S)
        cc_diags_add(d, CC_DIAG_ERROR, file, r->line, r->col,
                     "'%s' names %s, which is %.2f s long; it plays as a loop, so give %.0f s "
                     "to %.0f minutes of sound (%s)",
                     key, r->path, secs, MIN_LOOP_S, MAX_LOOP_S / 60,
                     secs < MIN_LOOP_S ? "a shorter loop is heard as a stutter"
                                       : "the app keeps the whole sound in memory");
}

void cc_lint_sounds(const char *file, const cc_sound_ref *sounds, const cc_standard *std,
                    cc_diags *d)
{
    for (int k = 0; k < CC_SOUND_COUNT; k++)
        if (sounds[k].path) check_one(file, (cc_sound_kind)k, &sounds[k], std, d);
}
