/* session: one folder per call, written while the call runs. See session.h. */
#define _POSIX_C_SOURCE 200809L
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "report.h"
#include "session_files.h"
#include "session_log.h"
#include "wav.h"
#include "mem.h"

#define SYNC_EVERY_SECONDS 1

const char *const cc_session_tracks[2] = {"trainee", "caller"};

typedef struct {
    cc_wav_stream *w;  /* TRACK.wav being written; NULL when not open */
    int rate;
    char *path;        /* of TRACK.wav */
    size_t unsynced;   /* samples since the last durable point */
} track;

struct cc_session {
    char *dir, *name;
    int log_fd;
    track tracks[2];
    /* meta.json as begun, for the final rewrite */
    char *trainee, *scenario_path, *scenario_id, *scenario_title, *standard_path, *standard_id,
        *version;
    cc_meta_how how;   /* channel, mode, answers, retry; outcome at the end */
    uint64_t seed;
    int64_t started_at;
    int reopened;      /* by cc_session_reopen: its WAVs are a finished recording */
};

/* ---- meta.json (its fields written through meta.h) ---- */

void cc_session_iso_time(int64_t unix_s, char *out, size_t n)
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        snprintf(out, n, "%lld", (long long)unix_s);
        return;
    }
    char base[32], off[8];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(off, sizeof off, "%z", &tm); /* +0100 */
    if (strlen(off) == 5) snprintf(out, n, "%s%.3s:%s", base, off, off + 3);
    else snprintf(out, n, "%s", base);
}

typedef struct {
    const char *state;
    int finished;
    int64_t duration_ms;
    int score, passed;
} meta_end;

static char *meta_json(const cc_session *s, const meta_end *end)
{
    cc_buf b = CC_BUF_INIT;
    int first = 1;
    char num[64], when[64];
    cc_buf_puts(&b, "{");
    cc_meta_put_raw(&b, "format", "1", &first);
    cc_meta_put_str(&b, "state", end ? end->state : "recording", &first);
    cc_meta_put_str(&b, "trainee", s->trainee, &first);
    cc_meta_put_str(&b, "scenario_id", s->scenario_id, &first);
    cc_meta_put_str(&b, "scenario_title", s->scenario_title, &first);
    cc_meta_put_str(&b, "scenario_path", s->scenario_path, &first);
    cc_meta_put_str(&b, "standard_id", s->standard_id, &first);
    cc_meta_put_str(&b, "standard_path", s->standard_path, &first);
    cc_meta_put_str(&b, "channel", s->how.channel, &first);
    cc_meta_put_str(&b, "mode", s->how.mode, &first);
    cc_meta_put_str(&b, "answers", s->how.answers, &first);
    if (s->how.retry_of) {
        cc_meta_put_str(&b, "retry_of", s->how.retry_of, &first);
        snprintf(num, sizeof num, "%d", s->how.retry_turn);
        cc_meta_put_raw(&b, "retry_turn", num, &first);
        snprintf(num, sizeof num, "%lld", (long long)s->how.kept_ms);
        cc_meta_put_raw(&b, "kept_ms", num, &first);
    }
    snprintf(num, sizeof num, "%llu", (unsigned long long)s->seed);
    cc_meta_put_raw(&b, "seed", num, &first);
    cc_session_iso_time(s->started_at, when, sizeof when);
    cc_meta_put_str(&b, "started_at", when, &first);
    snprintf(num, sizeof num, "%lld", (long long)s->started_at);
    cc_meta_put_raw(&b, "started_unix", num, &first);
    cc_meta_put_str(&b, "program", "callcoach", &first);
    cc_meta_put_str(&b, "version", s->version, &first);
    for (int t = 0; t < 2; t++)
        if (s->tracks[t].rate > 0) {
            char key[32];
            snprintf(key, sizeof key, "%s_rate", cc_session_tracks[t]);
            snprintf(num, sizeof num, "%d", s->tracks[t].rate);
            cc_meta_put_raw(&b, key, num, &first);
        }
    if (end && end->finished) {
        cc_session_iso_time((int64_t)time(NULL), when, sizeof when);
        cc_meta_put_str(&b, "finished_at", when, &first);
        snprintf(num, sizeof num, "%lld", (long long)end->duration_ms);
        cc_meta_put_raw(&b, "duration_ms", num, &first);
        snprintf(num, sizeof num, "%d", end->score);
        cc_meta_put_raw(&b, "score", num, &first);
        cc_meta_put_raw(&b, "passed", end->passed ? "true" : "false", &first);
        cc_meta_put_str(&b, "outcome", s->how.outcome, &first);
    }
    cc_buf_puts(&b, "\n}\n");
    return cc_buf_take(&b);
}

static int write_file(const cc_session *s, const char *name, const char *text, char *err,
                      size_t errlen)
{
    char *path = cc_fs_join(s->dir, name);
    if (!path || !text) {
        free(path);
        cc_fs_set_err(err, errlen, "cannot write %s in %s: out of memory; close other programs", name,
                s->dir);
        return -1;
    }
    int rc = cc_fs_write_atomic(path, text, strlen(text), err, errlen);
    free(path);
    return rc;
}

static int write_meta(const cc_session *s, const meta_end *end, char *err, size_t errlen)
{
    char *m = meta_json(s, end);
    int rc = write_file(s, "meta.json", m, err, errlen);
    free(m);
    return rc;
}

/* ---- the folder ---- */

/* Letters, digits and dashes, at most max bytes; "x" when nothing is left. */
static void slug(const char *in, char *out, size_t max)
{
    size_t n = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p && n + 1 < max; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (ok) {
            if (dash && n > 0 && n + 2 < max) out[n++] = '-';
            dash = 0;
            out[n++] = (char)*p;
        } else {
            dash = 1;
        }
    }
    if (n == 0) out[n++] = 'x';
    out[n] = '\0';
}

static cc_session *session_new(void)
{
    cc_session *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->log_fd = -1;
    return s;
}

int cc_session_begin(const char *data_dir, const cc_session_meta *m, cc_session **out, char *err,
                     size_t errlen)
{
    if (out) *out = NULL;
    if (!data_dir || !m || !out || !m->trainee || !*m->trainee || !m->scenario_id) {
        cc_fs_set_err(err, errlen, "cannot start recording: no data folder, trainee or scenario given");
        return -1;
    }
    char *sessions = cc_fs_join(data_dir, "sessions");
    cc_session *s = session_new();
    if (!sessions || !s) goto oom;
    if (cc_fs_mkdirs(sessions, 0755, err, errlen) != 0) goto fail;

    char stamp[32], who[41], what[41];
    time_t t = (time_t)m->started_at;
    struct tm tm;
    if (!localtime_r(&t, &tm)) memset(&tm, 0, sizeof tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    slug(m->trainee, who, sizeof who);
    slug(m->scenario_id, what, sizeof what);
    for (int k = 1; k < 1000 && !s->dir; k++) {
        char name[160];
        if (k == 1) snprintf(name, sizeof name, "%s-%s-%s", stamp, who, what);
        else snprintf(name, sizeof name, "%s-%s-%s-%d", stamp, who, what, k);
        char *dir = cc_fs_join(sessions, name);
        if (!dir) goto oom;
        if (mkdir(dir, 0755) == 0) {
            s->dir = dir;
            s->name = cc_strdup(name);
            if (!s->name) goto oom;
            break;
        }
        int e = errno;
        free(dir);
        if (e != EEXIST) {
            cc_fs_fail(err, errlen, "create a session folder in", sessions, e);
            goto fail;
        }
    }
    if (!s->dir) {
        cc_fs_set_err(err, errlen, "cannot create a session folder in %s: 999 sessions this second; wait "
                "a second", sessions);
        goto fail;
    }
    s->trainee = cc_strdup(m->trainee);
    s->scenario_id = cc_strdup(m->scenario_id);
    s->scenario_title = cc_strdup(m->scenario_title);
    s->scenario_path = cc_strdup(m->scenario_path);
    s->standard_id = cc_strdup(m->standard_id);
    s->standard_path = cc_strdup(m->standard_path);
    s->how.channel = cc_strdup(cc_meta_channel(m->channel));
    s->how.mode = cc_strdup(m->mode);
    s->how.answers = cc_strdup(m->answers);
    s->how.retry_of = cc_strdup(m->retry_of);
    s->how.retry_turn = m->retry_turn;
    s->how.kept_ms = m->kept_ms;
    s->version = cc_strdup(m->program_version ? m->program_version : CC_VERSION);
    s->seed = m->seed;
    s->started_at = m->started_at;
    if (!s->trainee || !s->scenario_id || !s->how.channel || !s->version ||
        (m->mode && !s->how.mode) || (m->answers && !s->how.answers) ||
        (m->retry_of && !s->how.retry_of) ||
        (m->scenario_title && !s->scenario_title) || (m->scenario_path && !s->scenario_path) ||
        (m->standard_id && !s->standard_id) || (m->standard_path && !s->standard_path))
        goto oom;
    if (write_meta(s, NULL, err, errlen) != 0) goto fail_dir;

    char *log = cc_fs_join(s->dir, CC_SESSION_LOG_PARTIAL);
    if (!log) goto oom;
    s->log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC | O_CLOEXEC, 0644);
    if (s->log_fd < 0) {
        cc_fs_fail(err, errlen, "write", log, errno);
        free(log);
        goto fail_dir;
    }
    /* Held until the session is freed or the process dies (even by SIGKILL):
     * tells another callcoach running at the same time that this call is
     * being recorded, not interrupted. A file system without locks only
     * loses that protection. */
    (void)flock(s->log_fd, LOCK_EX | LOCK_NB);
    free(log);
    char when[64];
    cc_session_iso_time(m->started_at, when, sizeof when);
    cc_buf h = CC_BUF_INIT;
    cc_buf_puts(&h, "# callcoach session (being recorded): scenario ");
    cc_buf_json_string(&h, m->scenario_id);
    cc_buf_puts(&h, "\n# trainee ");
    cc_buf_json_string(&h, m->trainee);
    cc_buf_printf(&h, ", seed %llu, date \"%s\"\n", (unsigned long long)m->seed, when);
    if (h.failed) {
        cc_buf_reset(&h);
        goto oom;
    }
    ssize_t w = write(s->log_fd, h.data, h.len);
    int e = errno;
    cc_buf_reset(&h);
    if (w < 0 || fdatasync(s->log_fd) != 0) {
        cc_fs_fail(err, errlen, "write the event log in", s->dir, w < 0 ? e : errno);
        goto fail_dir;
    }
    if (cc_fs_sync_dir(s->dir, err, errlen) != 0 || cc_fs_sync_dir(sessions, err, errlen) != 0)
        goto fail_dir;
    free(sessions);
    *out = s;
    return 0;
oom:
    cc_fs_set_err(err, errlen, "cannot start recording: out of memory; close other programs");
    goto fail;
fail_dir:
    /* Nothing of the call was recorded yet: do not leave a half-made folder behind
     * for recovery to report. */
    if (s && s->dir) {
        if (s->log_fd >= 0) close(s->log_fd);
        s->log_fd = -1;
        char *p = cc_fs_join(s->dir, CC_SESSION_LOG_PARTIAL);
        if (p) unlink(p);
        free(p);
        p = cc_fs_join(s->dir, "meta.json");
        if (p) unlink(p);
        free(p);
        rmdir(s->dir);
    }
fail:
    free(sessions);
    cc_session_free(s);
    return -1;
}

static char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    size_t i = n;
    while (i > 0 && path[i - 1] != '/') i--;
    char *s = malloc(n - i + 1);
    if (!s) return NULL;
    memcpy(s, path + i, n - i);
    s[n - i] = '\0';
    return s;
}

char *cc_session_dir_copy(const char *path)
{
    char *d = cc_strdup(path);
    if (!d) return NULL;
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/') d[--n] = '\0';
    return d;
}

/* The string *slot becomes v (NULL keeps it); -1 on out-of-memory. */
static int replace_str(char **slot, const char *v)
{
    if (!v) return 0;
    char *c = cc_strdup(v);
    if (!c) return -1;
    free(*slot);
    *slot = c;
    return 0;
}

int cc_session_describe(cc_session *s, const char *mode, const char *answers,
                        const char *retry_of, int retry_turn, int64_t kept_ms, char *err,
                        size_t errlen)
{
    if (!s) {
        cc_fs_set_err(err, errlen, "cannot describe the session: none given");
        return -1;
    }
    if (replace_str(&s->how.mode, mode) || replace_str(&s->how.answers, answers) ||
        replace_str(&s->how.retry_of, retry_of)) {
        cc_fs_set_err(err, errlen, "cannot write meta.json in %s: out of memory", s->dir);
        return -1;
    }
    if (retry_of) {
        s->how.retry_turn = retry_turn;
        s->how.kept_ms = kept_ms;
    }
    return write_meta(s, NULL, err, errlen);
}

int cc_session_reopen(const char *session_dir, cc_session **out, char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (!session_dir || !out) {
        cc_fs_set_err(err, errlen, "cannot open a session: no folder given");
        return -1;
    }
    struct stat st;
    if (stat(session_dir, &st) != 0) return cc_fs_fail(err, errlen, "open the session", session_dir, errno);
    if (!S_ISDIR(st.st_mode)) return cc_fs_fail(err, errlen, "open the session", session_dir, ENOTDIR);
    cc_session *s = session_new();
    char *meta = NULL, *mp = NULL;
    if (!s) goto oom;
    s->dir = cc_session_dir_copy(session_dir);
    s->name = s->dir ? base_name(s->dir) : NULL;
    mp = s->dir ? cc_fs_join(s->dir, "meta.json") : NULL;
    if (!s->name || !mp) goto oom;
    if (cc_fs_read_all(mp, 1u << 20, &meta, NULL, err, errlen) != 0) {
        free(mp);
        cc_session_free(s);
        return -1;
    }
    s->trainee = cc_meta_get(meta, "trainee");
    s->scenario_id = cc_meta_get(meta, "scenario_id");
    s->scenario_title = cc_meta_get(meta, "scenario_title");
    s->scenario_path = cc_meta_get(meta, "scenario_path");
    s->standard_id = cc_meta_get(meta, "standard_id");
    s->standard_path = cc_meta_get(meta, "standard_path");
    cc_meta_how_read(meta, &s->how);
    s->version = cc_meta_get(meta, "version");
    s->seed = cc_meta_uint(meta, "seed");
    s->started_at = cc_meta_int(meta, "started_unix");
    for (int t = 0; t < 2; t++) {
        char key[32];
        snprintf(key, sizeof key, "%s_rate", cc_session_tracks[t]);
        s->tracks[t].rate = (int)cc_meta_int(meta, key);
    }
    if (!s->how.channel) s->how.channel = cc_strdup(cc_meta_channel(NULL));
    if (!s->version) s->version = cc_strdup(CC_VERSION);
    s->reopened = 1;
    free(meta);
    free(mp);
    if (!s->trainee || !s->scenario_id) {
        cc_fs_set_err(err, errlen, "cannot open the session %s: its meta.json names no trainee or "
                "scenario; it was not written by callcoach", session_dir);
        cc_session_free(s);
        return -1;
    }
    *out = s;
    return 0;
oom:
    free(mp);
    cc_session_free(s);
    cc_fs_set_err(err, errlen, "cannot open a session: out of memory; close other programs");
    return -1;
}

const char *cc_session_path(const cc_session *s) { return s ? s->dir : NULL; }
const char *cc_session_name(const cc_session *s) { return s ? s->name : NULL; }

/* ---- the event log ---- */

/* Writes all of data at the end of fd; on failure cuts the file back to where it
 * was, so a disk-full error never leaves half a line. */
static int append_all(int fd, const void *data, size_t len, int *e)
{
    off_t before = lseek(fd, 0, SEEK_END);
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            *e = errno;
            if (before >= 0 && ftruncate(fd, before) != 0) { /* keep the first error */
            }
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

int cc_session_log_append(cc_session *s, const char *line, char *err, size_t errlen)
{
    if (!s || !line) {
        cc_fs_set_err(err, errlen, "cannot log an event: no session or no line given");
        return -1;
    }
    size_t n = strlen(line);
    if (n == 0) return 0;
    const char *nl = memchr(line, '\n', n);
    if (nl && nl != line + n - 1) {
        cc_fs_set_err(err, errlen, "cannot log an event: the line has a line break inside; log one "
                "action a line");
        return -1;
    }
    if (s->log_fd < 0) {
        char *log = cc_fs_join(s->dir, CC_SESSION_LOG_PARTIAL);
        if (!log) {
            cc_fs_set_err(err, errlen, "cannot log an event: out of memory");
            return -1;
        }
        s->log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (s->log_fd < 0) {
            cc_fs_fail(err, errlen, "write", log, errno);
            free(log);
            return -1;
        }
        free(log);
    }
    char *buf = malloc(n + 2);
    if (!buf) {
        cc_fs_set_err(err, errlen, "cannot log an event: out of memory");
        return -1;
    }
    memcpy(buf, line, n);
    if (!nl) buf[n++] = '\n';
    int e = 0;
    int rc = append_all(s->log_fd, buf, n, &e);
    free(buf);
    if (rc == 0 && fdatasync(s->log_fd) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0) {
        char *log = cc_fs_join(s->dir, CC_SESSION_LOG_PARTIAL);
        cc_fs_fail(err, errlen, "write", log ? log : s->dir, e);
        free(log);
        return -1;
    }
    return 0;
}

int cc_session_log_action(cc_session *s, const cc_take_action *a, char *err, size_t errlen)
{
    cc_buf b = CC_BUF_INIT;
    if (cc_take_format_action(&b, a) != 0) {
        int oom = b.failed;
        cc_buf_reset(&b);
        cc_fs_set_err(err, errlen, oom ? "cannot log an event: out of memory"
                                 : "cannot log an event: it has no time or is not an action of a "
                                   "recorded take; log timed actions");
        return -1;
    }
    int rc = cc_session_log_append(s, cc_buf_str(&b), err, errlen);
    cc_buf_reset(&b);
    return rc;
}

/* ---- audio ----
 * Each track streams into TRACK.wav (cc_wav_stream: the header is kept up to date
 * after every write, so a killed program leaves a valid WAV). Sessions recorded by
 * the previous version spooled raw samples to TRACK.RATE.pcm.partial instead;
 * recovery still turns those into TRACK.wav (recover.c). */

int cc_session_audio_open(cc_session *s, cc_track t, int rate, char *err, size_t errlen)
{
    if (!s || (t != CC_TRACK_TRAINEE && t != CC_TRACK_CALLER) || rate < 1000 || rate > 384000) {
        cc_fs_set_err(err, errlen, "cannot record audio: no session, an unknown track or a sample rate "
                "outside 1000-384000 Hz");
        return -1;
    }
    track *k = &s->tracks[t];
    if (k->w) {
        cc_fs_set_err(err, errlen, "cannot record the %s's audio: the track is open already; close it "
                "first", cc_session_tracks[t]);
        return -1;
    }
    if (s->reopened) {
        /* Opening would truncate the recording the session exists to keep. */
        cc_fs_set_err(err, errlen, "cannot record the %s's audio into %s: the session was reopened "
                "and its recording is kept as it is; start a new session to record", cc_session_tracks[t],
                s->dir);
        return -1;
    }
    char name[64];
    snprintf(name, sizeof name, "%s.wav", cc_session_tracks[t]);
    char *path = cc_fs_join(s->dir, name);
    if (!path) {
        cc_fs_set_err(err, errlen, "cannot record audio: out of memory");
        return -1;
    }
    cc_wav_stream *w = cc_wav_stream_open(path, rate, err, errlen);
    if (!w) {
        free(path);
        return -1;
    }
    free(k->path);
    k->path = path;
    k->w = w;
    k->rate = rate;
    k->unsynced = 0;
    /* The empty WAV's header and its name in the folder reach the disk now, so a
     * power cut leaves a WAV to append to rather than a nameless file. */
    if (cc_wav_stream_sync(w, err, errlen) != 0 || cc_fs_sync_dir(s->dir, err, errlen) != 0)
        return -1;
    /* meta.json names the rate too, for whoever reopens the session. */
    return write_meta(s, NULL, err, errlen);
}

int cc_session_audio_write(cc_session *s, cc_track t, const int16_t *x, size_t n, char *err,
                           size_t errlen)
{
    if (!s || (t != CC_TRACK_TRAINEE && t != CC_TRACK_CALLER) || (n && !x)) {
        cc_fs_set_err(err, errlen, "cannot record audio: no session, an unknown track or no samples");
        return -1;
    }
    track *k = &s->tracks[t];
    if (!k->w) {
        cc_fs_set_err(err, errlen, "cannot record the %s's audio: the track is not open; call "
                "cc_session_audio_open first", cc_session_tracks[t]);
        return -1;
    }
    if (n == 0) return 0;
    /* The stream's message names TRACK.wav and says what to do; the file keeps
     * whole samples of what was written before. */
    if (cc_wav_stream_write(k->w, x, n, err, errlen) != 0) return -1;
    k->unsynced += n;
    /* A durable point about once a second of audio: a power cut loses at most that
     * (a killed program loses nothing: the samples are in the kernel already). */
    if (k->unsynced >= (size_t)k->rate * SYNC_EVERY_SECONDS) {
        if (cc_wav_stream_sync(k->w, err, errlen) != 0) return -1;
        k->unsynced = 0;
    }
    return 0;
}

int cc_session_audio_close(cc_session *s, cc_track t, char *err, size_t errlen)
{
    if (!s || (t != CC_TRACK_TRAINEE && t != CC_TRACK_CALLER)) {
        cc_fs_set_err(err, errlen, "cannot close audio: no session or an unknown track");
        return -1;
    }
    track *k = &s->tracks[t];
    if (!k->w) return 0;
    int rc = cc_wav_stream_sync(k->w, err, errlen);
    if (cc_wav_stream_close(k->w, rc ? NULL : err, rc ? 0 : errlen) != 0) rc = -1;
    k->w = NULL;
    k->unsynced = 0;
    if (rc != 0) return -1;
    return cc_fs_sync_dir(s->dir, err, errlen);
}

/* ---- the end of the call ---- */

int cc_session_finish(cc_session *s, const cc_standard *std, const cc_scenario *scn,
                      const cc_record *rec, const cc_result *res, char *err, size_t errlen)
{
    if (!s || !std || !scn || !rec || !res) {
        cc_fs_set_err(err, errlen, "cannot finish the session: no session, standard, scenario, record "
                "or result given");
        return -1;
    }
    char *take = NULL, *transcript = NULL;
    cc_buf json = CC_BUF_INIT;
    int rc = -1;
    for (int t = 0; t < 2; t++)
        if (cc_session_audio_close(s, (cc_track)t, err, errlen) != 0) goto done;
    char when[64];
    cc_session_iso_time(s->started_at, when, sizeof when);
    take = cc_record_to_take(rec, scn->id, when);
    transcript = cc_record_transcript(rec);
    cc_report_json(&json, std, scn, rec, res);
    cc_buf_puts(&json, "\n");
    if (!take || !transcript || json.failed) {
        cc_fs_set_err(err, errlen, "cannot finish the session: out of memory; close other programs");
        goto done;
    }
    if (write_file(s, "events.take", take, err, errlen) != 0) goto done;
    if (write_file(s, "transcript.txt", transcript, err, errlen) != 0) goto done;
    meta_end end = {"finished", 1, rec->end_t != CC_NO_TIME ? rec->end_t : 0, res->score,
                    res->passed};
    free(s->how.outcome);
    s->how.outcome = cc_strdup(res->outcome);
    if (write_meta(s, &end, err, errlen) != 0) goto done;
    if (write_file(s, "result.json", json.data, err, errlen) != 0) goto done;
    if (s->log_fd >= 0) close(s->log_fd);
    s->log_fd = -1;
    char *log = cc_fs_join(s->dir, CC_SESSION_LOG_PARTIAL);
    if (log) unlink(log);
    free(log);
    rc = cc_fs_sync_dir(s->dir, err, errlen);
done:
    free(take);
    free(transcript);
    cc_buf_reset(&json);
    return rc;
}

void cc_session_free(cc_session *s)
{
    if (!s) return;
    if (s->log_fd >= 0) close(s->log_fd);
    for (int t = 0; t < 2; t++) {
        cc_wav_stream_close(s->tracks[t].w, NULL, 0); /* keeps what was written */
        free(s->tracks[t].path);
    }
    free(s->dir);
    free(s->name);
    free(s->trainee);
    free(s->scenario_path);
    free(s->scenario_id);
    free(s->scenario_title);
    free(s->standard_path);
    free(s->standard_id);
    cc_meta_how_clear(&s->how);
    free(s->version);
    free(s);
}
