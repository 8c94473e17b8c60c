/* recording: the desktop app's side of issue 5. While a call runs, everything
 * the trainee said and heard goes into a session folder (store/session.h) as it
 * happens; when the call ends the folder is finished and the call lands in the
 * history (store/history.h), one transaction.
 *
 * Contract.
 * - Recording never stops a call. A folder that cannot be made, a disk that
 *   fills, a read-only data folder: the call goes on, the audio and the record
 *   stay in memory (the cc_live holds them), and cc_recording_problem() says in
 *   plain words what failed and what to do ("cannot ...: why; what to do").
 *   cc_recording_save_to() then writes the whole call to another folder.
 * - cc_recording_pump() is called from the main thread (the call screen's
 *   update): it appends the audio and the actions that are new since the last
 *   pump, so a SIGKILL loses at most the last pump's worth.
 * - At start-up cc_recording_recover_all() finds calls interrupted by a crash,
 *   makes their files whole, scores what was recorded and adds it to the
 *   history; it returns a sentence for the trainee ("Recovered 1 interrupted
 *   call: ...").
 * Ownership: the standard, scenario and live call outlive the recording;
 * strings returned belong to it; cc_recording_free() accepts NULL. */
#ifndef CC_RECORDING_H
#define CC_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#include "live.h"
#include "scenario.h"
#include "standard.h"

typedef struct cc_recording cc_recording;

/* data_dir NULL: nothing is written (a recording that only remembers why).
 * mode: "voice" or "text". NULL only on out-of-memory. */
cc_recording *cc_recording_start(const char *data_dir, const cc_standard *std,
                                 const cc_scenario *scn, const char *trainee, const char *mode,
                                 uint64_t seed, int64_t started_at);
void cc_recording_pump(cc_recording *r, const cc_live *l);
/* The call ended and was scored: session files, then the history row.
 * 0, or -1 with cc_recording_problem() set. */
int cc_recording_finish(cc_recording *r, const cc_live *l);
const char *cc_recording_problem(const cc_recording *r); /* NULL: all saved so far */
const char *cc_recording_path(const cc_recording *r);    /* the session folder, or NULL */
int cc_recording_saved(const cc_recording *r);            /* finished and in the history */
/* Writes the whole call (both WAVs, events.take, transcript, result.json) to a
 * new session folder under dir, for when the data folder failed. */
int cc_recording_save_to(cc_recording *r, const cc_live *l, const char *dir, char *err,
                         size_t errlen);
void cc_recording_free(cc_recording *r);

/* Start-up: recover and score interrupted calls. Writes a message for the
 * trainee into msg ("" when there was nothing). Never fails the app. */
void cc_recording_recover_all(const char *data_dir, const char *bundled_scenarios, char *msg,
                              size_t msglen);

#endif
