/* retention: recordings of people's voices are personal data. Keeping audio
 * for a set number of days (the scores stay), and forgetting one trainee.
 *
 * Contract: file work in the data folder (DATA as in fsutil.h) and, for a
 * trainee, the history; errors as -1 (or a negative cc_history_status) with
 * "cannot ...: why; what to do" in err, never printing. What was removed
 * before a failure stays removed; running again finishes the job.
 *
 * The setting: the desktop app keeps audio for prefs.txt's keep_audio_days
 * (0 or absent: for ever) and applies it at start; callcoach-report
 * --keep-audio-days N applies it on the trainer's machine. */
#ifndef CC_RETENTION_H
#define CC_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "history.h"

typedef struct {
    int sessions;                /* session folders touched */
    size_t files;                /* files removed */
    unsigned long long bytes;    /* their size */
} cc_retention_counts;

/* The file a session folder gets when its audio was removed for retention. */
#define CC_AUDIO_REMOVED_FILE "audio-removed.txt"

/* Removes trainee.wav and caller.wav from the finished sessions (result.json
 * there) that started (meta.json's started_unix) more than days days before
 * now, and writes CC_AUDIO_REMOVED_FILE in each saying when and why. Scores,
 * verdicts, transcripts and takes stay, and so does the history. days <= 0
 * removes nothing. Unfinished sessions are left for recovery. */
int cc_retention_prune_audio(const char *data_dir, int days, int64_t now, cc_retention_counts *n,
                             char *err, size_t errlen);

/* Everything of one trainee (names compared as the history does): their rows
 * in the history (cc_history_delete_trainee, h open for writing; h may be
 * NULL when there is no history), their session folders (those the history
 * named, and any other under sessions/ whose meta.json names them, unfinished
 * ones included), and their calibration files (DATA/calibration/ files whose
 * name before the first dot is the trainee's, spaces as dashes, any case).
 * Appends one line per thing removed to report. Returns 0, or
 * CC_HISTORY_MISSING when nothing of that trainee was found, or < 0. */
int cc_retention_delete_trainee(cc_history *h, const char *data_dir, const char *trainee,
                                cc_buf *report, char *err, size_t errlen);

#endif
