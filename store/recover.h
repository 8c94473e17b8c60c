/* recover: the session folders a killed program left, found and made whole.
 *
 * A call is recorded into its session folder as it runs (session.h); when the
 * program dies mid-call (a crash, a kill, a power cut) the folder has no
 * result.json. At the next start the app lists such folders
 * (cc_session_find_unfinished), mends each (cc_session_recover: the WAV
 * headers through voice/wav.h's cc_wav_make_whole, the previous version's raw
 * spools into WAVs, the partial take into events.take, meta.json's state), then
 * scores it by replaying events.take. Nothing recorded is removed.
 *
 * Errors: -1 with "cannot ...: why; what to do" in err (errlen may be 0);
 * nothing is printed; nothing exits. Threads: any one thread; a folder another
 * process is still recording is left alone. Ownership: cc_unfinished_free()
 * frees a list (and accepts NULL). */
#ifndef CC_RECOVER_H
#define CC_RECOVER_H

#include <stddef.h>
#include <stdint.h>

#include "meta.h"

typedef struct {
    char *path;              /* the session folder */
    char *name;              /* its name under sessions/ */
    char *trainee, *scenario_id, *scenario_path, *standard_path; /* from meta.json; NULL if unknown */
    cc_meta_how how;         /* channel, mode, answers, retry (meta.h) */
    uint64_t seed;
    int64_t started_at;      /* 0 if unknown */
    int has_partial_log;     /* events.take.partial is there */
    size_t log_actions;      /* complete action lines in it (or in events.take) */
    int has_trainee_audio, has_caller_audio; /* a spool or a WAV with samples */
    double trainee_seconds, caller_seconds;
} cc_unfinished;

/* Session folders under DATA/sessions that have no result.json and were not
 * recovered yet (or still have events.take.partial), oldest first. A session
 * another running callcoach is still recording (its events.take.partial is
 * locked with flock() from cc_session_begin() until cc_session_free() or the
 * process's death) is not listed, and cc_session_recover() refuses it. A missing
 * sessions folder is no error (*n = 0). */
int cc_session_find_unfinished(const char *data_dir, cc_unfinished **out, size_t *n, char *err,
                               size_t errlen);
void cc_unfinished_free(cc_unfinished *u, size_t n); /* accepts NULL */

/* Makes an interrupted session whole as far as it goes: TRACK.wav headers
 * count every whole sample in the file (a torn header is rewritten in place),
 * old audio spools become TRACK.wav, events.take.partial becomes events.take
 * (a torn last line is dropped), recovered.txt says when. It is then no longer listed as
 * unfinished. To score it, load events.take, play it with cc_sim (seed and
 * trainee from meta.json), and cc_session_reopen() + cc_session_finish(). */
int cc_session_recover(const char *session_dir, char *err, size_t errlen);

#endif
