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
 *   After the first failed write nothing more is written to that folder during
 *   the call (a stream that failed may be closed); cc_recording_finish() still
 *   tries to finish it and to add the call to the history, and
 *   cc_recording_save_to() then writes the whole call to another folder.
 * - cc_recording_pump() is called from the main thread (the call screen's
 *   update): it appends the audio and the actions that are new since the last
 *   pump, so a SIGKILL loses at most the last pump's worth. Both tracks are
 *   written at CC_LIVE_OUT_RATE on the call clock (cc_live_audio). Actions are
 *   the lines cc_record_to_take() writes for the record so far (pickup, say
 *   with its measures, hold, resume, switch, transfer, hangup), each appended
 *   once, when it first appears; waits need no line, since every line carries
 *   its exact time. A key pressed while an answer was still being spoken is
 *   logged before that answer (it was known first); replaying sorts by time.
 * - The terminal mode has no cc_live: it records with the _record variants,
 *   which take the engine's record and result directly and write no audio.
 * - At start-up, recovery.h's cc_recovery_run() finds the calls a crash
 *   interrupted and scores what was recorded.
 * Ownership: the standard, scenario and live call outlive the recording (the
 * catalog keeps a reloaded file's old version while a call uses it); strings
 * returned belong to the recording; cc_recording_free() accepts NULL. Freeing
 * a recording that was not finished leaves its folder unfinished on disk, as a
 * crash would, for cc_recovery_run() (recovery.h). */
#ifndef CC_RECORDING_H
#define CC_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "live.h"
#include "scenario.h"
#include "score.h"
#include "standard.h"

typedef struct cc_recording cc_recording;

/* data_dir NULL: nothing is written (a recording that only remembers why).
 * channel: "desktop" (also "voice") or "terminal" (also "text"): meta.h's
 * cc_meta_channel. NULL only on
 * out-of-memory. Audio tracks are opened by the first cc_recording_pump() (a
 * text call has none). The first pump also notes a retry (cc_live_retry_turn):
 * the session is then a retry of cc_live_retry_of's folder, with the turn and
 * the moment kept from the original, in meta.json and the history. How the
 * answers were given (spoken, typed, mixed, none) is taken at the end from
 * the live call's counts (the terminal's: typed). */
cc_recording *cc_recording_start(const char *data_dir, const cc_standard *std,
                                 const cc_scenario *scn, const char *trainee, const char *channel,
                                 uint64_t seed, int64_t started_at);
/* The mode the call is taken in ("practice" or "assessment", cc_mode_name),
 * written into meta.json now and into the history at the end. app.c says it
 * when the call screen has loaded. */
void cc_recording_describe(cc_recording *r, const char *mode);
/* The session folder's name under sessions/, or NULL (cc_recording_path). */
const char *cc_recording_folder_name(const cc_recording *r);
void cc_recording_pump(cc_recording *r, const cc_live *l);
/* The call ended and was scored: session files, then the history row.
 * 0, or -1 with cc_recording_problem() set. */
int cc_recording_finish(cc_recording *r, const cc_live *l);
const char *cc_recording_problem(const cc_recording *r); /* NULL: all saved so far */
/* The session folder that holds the call (while it runs: the one being
 * written; after cc_recording_save_to: the new one), or NULL when none does
 * (it could not be made, or a write failed: offer cc_recording_save_to). */
const char *cc_recording_path(const cc_recording *r);
int cc_recording_saved(const cc_recording *r);            /* finished and in the history */
/* Writes the whole call (both WAVs, events.take, transcript, result.json) to a
 * new session folder under dir/sessions, for when the data folder failed, and
 * adds it to dir's history if the data folder's history did not take it; dir
 * is then a data folder callcoach-report --data-dir can read. The data
 * folder's unfinished session of this call, when its history did not take the
 * call, is then removed (renamed to a dot name first): it holds only the part
 * written before the failure, and the next start would recover it as a
 * shorter call with another score.
 * 0 (the recording's path is then the new folder and its problem cleared), or
 * -1 with err. */
int cc_recording_save_to(cc_recording *r, const cc_live *l, const char *dir, char *err,
                         size_t errlen);
void cc_recording_free(cc_recording *r);

/* The same without a cc_live (the terminal mode): the actions of rec so far;
 * the end of the call (res scored from rec). */
void cc_recording_log(cc_recording *r, const cc_record *rec);
int cc_recording_finish_record(cc_recording *r, const cc_record *rec, const cc_result *res);

#endif
