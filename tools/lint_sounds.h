/* lint_sounds: callcoach-lint's check of the sound files a standard or scenario names
 * (`ring:`, `hold_music:`, `ambience:`; game/standard.h keeps only their paths).
 *
 * Contract: each named file must exist, decode (voice/wav: libsndfile reads Ogg Vorbis,
 * WAV, FLAC...) and have a length that works as what it is: a ring is one cadence, at
 * least 0.2 s and no longer than the standard's ring (ring_seconds + ring_gap_seconds),
 * so that each ring the phone counts starts the sound again on time; hold music and
 * an ambience loop, so 2 s to 10 minutes (the app keeps the sound in memory). Problems
 * are errors at the key's FILE:LINE:COL that say what to do. Single-threaded. */
#ifndef CC_LINT_SOUNDS_H
#define CC_LINT_SOUNDS_H

#include "diag.h"
#include "standard.h"

/* `sounds` are those `file` names (a standard's or a scenario's own); std gives the ring's
 * length. */
void cc_lint_sounds(const char *file, const cc_sound_ref *sounds, const cc_standard *std,
                    cc_diags *d);

#endif
