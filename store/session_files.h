/* session_files: what session.c (which writes a session folder while the call
 * runs) and recover.c (which mends one after a crash) both know of the folder.
 * Internal to the store; see session.h for the layout.
 *
 * Contract: cc_session_tracks[t] is the name of track t (cc_track) in
 * TRACK.wav; cc_session_dir_copy() copies a folder path without its trailing
 * slashes (malloc'd; NULL on out-of-memory); cc_session_iso_time() writes a
 * Unix time as local ISO 8601 with its offset. Pure, any thread. */
#ifndef CC_SESSION_FILES_H
#define CC_SESSION_FILES_H

#include <stddef.h>
#include <stdint.h>

/* The take so far while the call runs; locked with flock() by its recorder. */
#define CC_SESSION_LOG_PARTIAL "events.take.partial"

extern const char *const cc_session_tracks[2];
char *cc_session_dir_copy(const char *path);
void cc_session_iso_time(int64_t unix_s, char *out, size_t n);

#endif
