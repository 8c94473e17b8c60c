/* recovery: at start-up, the calls a crash (or a kill, a full disk, a lost
 * device) interrupted, found in the data folder (store/recover.h), made whole,
 * scored from what was recorded (events.take replayed with cc_sim, the seed and
 * trainee from meta.json) and added to the history.
 *
 * Contract: cc_recovery_run() returns how many interrupted calls it found and
 * writes a sentence for the trainee into msg ("Recovered 1 interrupted call:
 * ..."; empty when none). A call that cannot be scored keeps its audio and events
 * in its folder and the sentence says why. bundled_scenarios (may be NULL) is
 * where to find a scenario of the same id when the file played is gone.
 * Threads: the main thread, before any call starts. */
#ifndef CC_RECOVERY_H
#define CC_RECOVERY_H

#include <stddef.h>

int cc_recovery_run(const char *data_dir, const char *bundled_scenarios, char *msg, size_t msglen);

#endif
