/* fsutil: the data folder and durable small files, for the store.
 *
 * Contract: POSIX file work with errors as a -1 return and a message in err
 * (errlen may be 0) of the form "cannot write PATH: why; what to do", never
 * printing or exiting. A small file is written atomically: a temporary file
 * in the same folder, written in full, fsync'd, renamed over the target, and
 * the folder fsync'd; on any failure the temporary is removed and the file
 * that was there before is left as it was. Strings returned are malloc'd and
 * owned by the caller. */
#ifndef CC_FSUTIL_H
#define CC_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* The data folder: explicit_dir if given (the app passes SDL_GetPrefPath("",
 * "callcoach"), which is the same folder as the default), else $CALLCOACH_HOME,
 * else $XDG_DATA_HOME/callcoach (when absolute), else $HOME/.local/share/callcoach.
 * Trailing slashes are dropped. Nothing is created. NULL with err when no
 * folder can be named (no HOME) or out of memory. */
/* printf into a caller's error buffer (err may be NULL, errlen 0). */
void cc_fs_set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
char *cc_data_dir(const char *explicit_dir, char *err, size_t errlen);

/* mkdir -p with mode for the folders it makes; 0 when it exists as a folder. */
int cc_fs_mkdirs(const char *path, mode_t mode, char *err, size_t errlen);
/* Atomic replace of path with len bytes of data (see above). */
int cc_fs_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* fsync a folder, so renames and new files in it survive a power cut. */
int cc_fs_sync_dir(const char *dir, char *err, size_t errlen);
/* Reads a whole file (at most max bytes) into a NUL-terminated buffer. */
int cc_fs_read_all(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen);
/* Copies a file (its bytes, mode 0644), fsync'd; to is replaced. */
int cc_fs_copy_file(const char *from, const char *to, char *err, size_t errlen);
/* rm -r: removes path (a file, or a folder with everything in it); adds the files
 * removed and their bytes to *files and *bytes (either may be NULL). A missing
 * path is no error. On failure, what was removed before stays removed. */
int cc_fs_remove_tree(const char *path, size_t *files, unsigned long long *bytes, char *err,
                      size_t errlen);
/* "a/b" joined; NULL on out-of-memory. */
char *cc_fs_join(const char *a, const char *b);
/* 1 when dir/name is a file (a link to one counts), 0 when not or out of memory. */
int cc_fs_has_file(const char *dir, const char *name);
/* What to do about errno e, for the end of a message ("free some disk space..."). */
const char *cc_fs_hint(int e);
/* Formats "cannot VERB PATH: strerror(e); hint" into err. Returns -1. */
int cc_fs_fail(char *err, size_t errlen, const char *verb, const char *path, int e);

#endif
