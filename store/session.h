/* session: one folder per call under the data folder, written while the call runs.
 *
 * Layout (DATA is cc_data_dir(): --data-dir, $CALLCOACH_HOME, $XDG_DATA_HOME/callcoach
 * or ~/.local/share/callcoach; the app passes SDL_GetPrefPath("", "callcoach")):
 *
 *   DATA/sessions/YYYYMMDD-HHMMSS-<trainee>-<scenario>/   (local time; trainee and
 *       scenario reduced to letters, digits and dashes; "-2", "-3"... if taken)
 *     meta.json            scenario path and id, standard path and id, trainee, channel
 *                          (desktop/terminal/take), mode (practice/assessment), answers
 *                          (spoken/typed/mixed/none), retry_of/retry_turn/kept_ms for a
 *                          retry, seed, start time, program version (meta.h reads it);
 *                          rewritten at the end with the duration, score, whether it
 *                          passed and the outcome ("state")
 *     events.take.partial  while the call runs: the take so far, one fsync'd line per
 *                          action (cc_session_log_append); removed when finished
 *     trainee.wav          what the trainee said, 16-bit mono, written as it comes
 *     caller.wav           what the trainee heard, 16-bit mono, written as it comes
 *     events.take          the whole call as a timed take (cc_record_to_take)
 *     transcript.txt       the call as people read it (cc_record_transcript)
 *     result.json          the scored call (cc_report_json); written last: a session
 *                          folder with result.json is finished
 *     recovered.txt        written by cc_session_recover() (recover.h) on an interrupted call
 *
 * Audio while the call runs: each track is written straight into TRACK.wav through
 * voice/wav.h's cc_wav_stream, whose header is rewritten after every write: at any
 * moment, also right after the program is killed (SIGKILL), TRACK.wav is a valid WAV
 * holding every sample handed to cc_session_audio_write. It is fsync'd about once a
 * second of audio, so a power cut may lose the last second. A kill inside a write
 * can leave the header counting too few samples; cc_session_recover() derives the
 * length again from the file size (recover.h). Sessions recorded by the previous version
 * spooled raw samples to TRACK.RATE.pcm.partial instead; cc_session_recover() still
 * turns those into TRACK.wav.
 *
 * Durability: small files are written atomically (fsutil.h). Errors (disk full,
 * read-only or forbidden folder) are -1 returns with "cannot ...: why; what to do"
 * in err (errlen may be 0); files written before stay as they were, and an
 * unfinished session stays on disk for cc_session_find_unfinished(). Nothing is
 * printed; nothing exits.
 *
 * Threads: a cc_session is used by one thread at a time (the app hands audio from
 * its audio callback to the thread that owns the session). Different sessions are
 * independent. Ownership: cc_session_free() accepts NULL; strings returned by
 * cc_session_path()/name() live as long as the session. */
#ifndef CC_SESSION_H
#define CC_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "meta.h"
#include "scenario.h"
#include "score.h"
#include "standard.h"
#include "take.h"

typedef enum { CC_TRACK_TRAINEE, CC_TRACK_CALLER } cc_track;

typedef struct {
    const char *trainee;         /* required, non-empty */
    const char *scenario_path;   /* may be NULL */
    const char *scenario_id;     /* required */
    const char *scenario_title;  /* may be NULL */
    const char *standard_path;   /* may be NULL */
    const char *standard_id;     /* may be NULL */
    const char *channel;         /* "desktop", "terminal" or "take"; NULL: desktop (meta.h) */
    uint64_t seed;
    int64_t started_at;          /* Unix seconds (time(NULL) when the call starts) */
    const char *program_version; /* NULL: this build's CC_VERSION */
    const char *mode;            /* "practice" or "assessment"; NULL: unknown */
    const char *answers;         /* "spoken", "typed", "mixed", "none"; NULL: not known yet */
    const char *retry_of;        /* a retry: the original's folder name ("" if none); NULL: not */
    int retry_turn;              /* a retry: the turn (0-based) it went back to */
    int64_t kept_ms;             /* a retry: the original call up to here was kept */
} cc_session_meta;

typedef struct cc_session cc_session;

/* Makes the session folder (and DATA/sessions), writes meta.json and starts
 * events.take.partial with a header comment. *out is NULL on failure. */
int cc_session_begin(const char *data_dir, const cc_session_meta *meta, cc_session **out,
                     char *err, size_t errlen);
/* An existing session folder (an interrupted call being scored after recovery):
 * cc_session_finish() then writes its files. Audio is not reopened, and
 * cc_session_audio_open() refuses, so the recording kept is never overwritten. */
int cc_session_reopen(const char *session_dir, cc_session **out, char *err, size_t errlen);
/* What became known after the call began (the mode, how the answers were given,
 * that it is a retry): meta.json is rewritten with it. A NULL string keeps
 * what the session had; retry_turn and kept_ms count only with retry_of. */
int cc_session_describe(cc_session *s, const char *mode, const char *answers,
                        const char *retry_of, int retry_turn, int64_t kept_ms, char *err,
                        size_t errlen);
const char *cc_session_path(const cc_session *s); /* the folder */
const char *cc_session_name(const cc_session *s); /* its name under sessions/ */

/* Appends one line of the take (a newline is added when missing; a line with a
 * newline inside is refused) to events.take.partial and fsyncs it. */
int cc_session_log_append(cc_session *s, const char *line, char *err, size_t errlen);
/* The same for a timed action, formatted by cc_take_format_action(). */
int cc_session_log_action(cc_session *s, const cc_take_action *a, char *err, size_t errlen);

/* Audio tracks: open once with the sample rate (creates TRACK.wav), write as
 * samples come, close (or let cc_session_finish close it). A track that failed
 * to write (disk full: "cannot write .../trainee.wav: No space left on device;
 * ...") keeps, as a valid WAV, what was written before. */
int cc_session_audio_open(cc_session *s, cc_track t, int rate, char *err, size_t errlen);
int cc_session_audio_write(cc_session *s, cc_track t, const int16_t *samples, size_t n,
                           char *err, size_t errlen);
int cc_session_audio_close(cc_session *s, cc_track t, char *err, size_t errlen);

/* The call is over and scored: closes the audio tracks, writes events.take,
 * transcript.txt, meta.json (final), result.json last, and removes
 * events.take.partial. On failure the session stays unfinished (no result.json)
 * and may be finished again after the cause is fixed. */
int cc_session_finish(cc_session *s, const cc_standard *std, const cc_scenario *scn,
                      const cc_record *rec, const cc_result *res, char *err, size_t errlen);
/* Closes files and frees. An unfinished session stays on disk. */
void cc_session_free(cc_session *s);

#endif
