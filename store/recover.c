/* recover: see recover.h. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock */
#include "recover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "mem.h"
#include "session_files.h"
#include "wav.h"

#define SPOOL_SUFFIX ".pcm.partial"
#define MAX_LOG_BYTES (64u * 1024u * 1024u)

static int little_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* The rate written in a spool's name TRACK.RATE.pcm.partial; 0 if not one. */
static int spool_rate(const char *name, int *which)
{
    for (int t = 0; t < 2; t++) {
        size_t tl = strlen(cc_session_tracks[t]), nl = strlen(name), sl = strlen(SPOOL_SUFFIX);
        if (nl <= tl + 1 + sl || strncmp(name, cc_session_tracks[t], tl) != 0 || name[tl] != '.' ||
            strcmp(name + nl - sl, SPOOL_SUFFIX) != 0)
            continue;
        int rate = 0;
        for (const char *p = name + tl + 1; p < name + nl - sl; p++) {
            if (*p < '0' || *p > '9' || rate > 1000000) return 0;
            rate = rate * 10 + (*p - '0');
        }
        if (which) *which = t;
        return rate;
    }
    return 0;
}

/* A spool of the previous version -> TRACK.wav (through a temporary name, fsync'd,
 * renamed), then the spool is removed. On failure the spool stays, so no audio is
 * lost. */
static int spool_to_wav(const char *dir, const char *spool, int which, int rate, char *err,
                        size_t errlen)
{
    int fd = open(spool, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return cc_fs_fail(err, errlen, "read the recording", spool, errno);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return cc_fs_fail(err, errlen, "read the recording", spool, e);
    }
    size_t n = (size_t)st.st_size / 2;
    int16_t *samples = NULL;
    void *map = MAP_FAILED;
    if (n > 0) {
        map = mmap(NULL, n * 2, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            int e = errno;
            close(fd);
            return cc_fs_fail(err, errlen, "read the recording", spool, e);
        }
        samples = map;
    }
    close(fd);
    int16_t *swapped = NULL;
    if (n > 0 && !little_endian()) {
        swapped = malloc(n * sizeof *swapped);
        if (!swapped) {
            munmap(map, n * 2);
            return cc_fs_fail(err, errlen, "read the recording", spool, ENOMEM);
        }
        const unsigned char *b = map;
        for (size_t i = 0; i < n; i++) swapped[i] = (int16_t)(uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
        samples = swapped;
    }
    char tmpname[64], name[64];
    snprintf(tmpname, sizeof tmpname, ".%s.tmp.wav", cc_session_tracks[which]);
    snprintf(name, sizeof name, "%s.wav", cc_session_tracks[which]);
    char *tmp = cc_fs_join(dir, tmpname), *final = cc_fs_join(dir, name);
    int rc = -1;
    if (!tmp || !final) {
        cc_fs_set_err(err, errlen, "cannot write the %s's recording: out of memory", cc_session_tracks[which]);
        goto done;
    }
    char why[512];
    if (cc_wav_write(tmp, samples, n, rate, why, sizeof why) != 0) {
        /* libsndfile's message carries no errno; a full disk is the usual cause. */
        cc_fs_set_err(err, errlen, "%s; the recording is kept in %s: free some disk space, then start "
                "callcoach again to recover it", why, spool);
        unlink(tmp);
        goto done;
    }
    int wfd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (wfd < 0 || fsync(wfd) != 0) {
        int e = errno;
        if (wfd >= 0) close(wfd);
        unlink(tmp);
        cc_fs_fail(err, errlen, "write", final, e);
        goto done;
    }
    close(wfd);
    if (rename(tmp, final) != 0) {
        int e = errno;
        unlink(tmp);
        cc_fs_fail(err, errlen, "write", final, e);
        goto done;
    }
    if (cc_fs_sync_dir(dir, err, errlen) != 0) goto done;
    unlink(spool);
    rc = cc_fs_sync_dir(dir, err, errlen);
done:
    free(tmp);
    free(final);
    free(swapped);
    if (map != MAP_FAILED) munmap(map, n * 2);
    return rc;
}


/* A session whose events.take.partial another live process holds locked is
 * being recorded right now (cc_session_begin). */
static int in_use(const char *dir)
{
    char *p = cc_fs_join(dir, CC_SESSION_LOG_PARTIAL);
    if (!p) return 0;
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    if (fd < 0) return 0;
    int busy = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd); /* also drops our shared lock */
    return busy;
}

/* Complete action lines (ending in a newline, not blank, not comments). */
static size_t count_actions(const char *data, size_t len)
{
    size_t n = 0, i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != '\n') i++;
        if (i == len) break; /* torn last line */
        const char *p = data + start;
        while (p < data + i && (*p == ' ' || *p == '\t')) p++;
        if (p < data + i && *p != '#' && *p != '\r') n++;
        i++;
    }
    return n;
}

static void scan_audio(const char *dir, cc_unfinished *u)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int which = -1;
        int rate = spool_rate(de->d_name, &which);
        double secs = 0;
        char *p = cc_fs_join(dir, de->d_name);
        if (!p) continue;
        struct stat st;
        if (rate > 0 && stat(p, &st) == 0) {
            secs = (double)(st.st_size / 2) / rate;
        } else if (strcmp(de->d_name, "trainee.wav") == 0 || strcmp(de->d_name, "caller.wav") == 0) {
            which = de->d_name[0] == 't' ? 0 : 1;
            secs = cc_wav_seconds(p);
        }
        free(p);
        if (which < 0 || secs <= 0) continue;
        if (which == 0) {
            u->has_trainee_audio = 1;
            u->trainee_seconds += secs;
        } else {
            u->has_caller_audio = 1;
            u->caller_seconds += secs;
        }
    }
    closedir(d);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const cc_unfinished *)a)->name, ((const cc_unfinished *)b)->name);
}

int cc_session_find_unfinished(const char *data_dir, cc_unfinished **out, size_t *count,
                               char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (count) *count = 0;
    if (!data_dir || !out || !count) {
        cc_fs_set_err(err, errlen, "cannot look for unfinished sessions: no data folder given");
        return -1;
    }
    char *sessions = cc_fs_join(data_dir, "sessions");
    if (!sessions) return cc_fs_fail(err, errlen, "look in", data_dir, ENOMEM);
    DIR *d = opendir(sessions);
    if (!d) {
        int e = errno;
        if (e == ENOENT) {
            free(sessions);
            return 0;
        }
        cc_fs_fail(err, errlen, "look for unfinished sessions in", sessions, e);
        free(sessions);
        return -1;
    }
    cc_unfinished *list = NULL;
    size_t n = 0, cap = 0;
    int oom = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && !oom) {
        if (de->d_name[0] == '.') continue;
        char *dir = cc_fs_join(sessions, de->d_name);
        struct stat st;
        if (!dir) {
            oom = 1;
            break;
        }
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(dir);
            continue;
        }
        int partial = cc_fs_has_file(dir, CC_SESSION_LOG_PARTIAL);
        int finished = cc_fs_has_file(dir, "result.json");
        int recovered = cc_fs_has_file(dir, "recovered.txt");
        if ((!partial && (finished || recovered)) || (partial && in_use(dir))) {
            free(dir);
            continue;
        }
        if (cc_grow((void **)&list, &cap, n, sizeof *list) != 0) {
            free(dir);
            oom = 1;
            break;
        }
        cc_unfinished *u = &list[n++];
        u->path = dir;
        u->name = cc_strdup(de->d_name);
        u->has_partial_log = partial;
        char *mp = cc_fs_join(dir, "meta.json"), *meta = NULL;
        if (mp && cc_fs_read_all(mp, 1u << 20, &meta, NULL, NULL, 0) == 0) {
            u->trainee = cc_meta_get(meta, "trainee");
            u->scenario_id = cc_meta_get(meta, "scenario_id");
            u->scenario_path = cc_meta_get(meta, "scenario_path");
            u->standard_path = cc_meta_get(meta, "standard_path");
            cc_meta_how_read(meta, &u->how);
            u->seed = cc_meta_uint(meta, "seed");
            u->started_at = cc_meta_int(meta, "started_unix");
        }
        free(meta);
        free(mp);
        char *lp = cc_fs_join(dir, partial ? CC_SESSION_LOG_PARTIAL : "events.take"), *log = NULL;
        size_t ll = 0;
        if (lp && cc_fs_read_all(lp, MAX_LOG_BYTES, &log, &ll, NULL, 0) == 0)
            u->log_actions = count_actions(log, ll);
        free(log);
        free(lp);
        scan_audio(dir, u);
        if (!u->name) oom = 1;
    }
    closedir(d);
    if (oom) {
        cc_unfinished_free(list, n);
        cc_fs_fail(err, errlen, "look for unfinished sessions in", sessions, ENOMEM);
        free(sessions);
        return -1;
    }
    free(sessions);
    if (n > 1) qsort(list, n, sizeof *list, name_cmp);
    *out = list;
    *count = n;
    return 0;
}

void cc_unfinished_free(cc_unfinished *u, size_t n)
{
    if (!u) return;
    for (size_t i = 0; i < n; i++) {
        free(u[i].path);
        free(u[i].name);
        free(u[i].trainee);
        free(u[i].scenario_id);
        free(u[i].scenario_path);
        free(u[i].standard_path);
        cc_meta_how_clear(&u[i].how);
    }
    free(u);
}

int cc_session_recover(const char *session_dir, char *err, size_t errlen)
{
    if (!session_dir) {
        cc_fs_set_err(err, errlen, "cannot recover a session: no folder given");
        return -1;
    }
    char *dir = cc_session_dir_copy(session_dir);
    if (!dir) return cc_fs_fail(err, errlen, "recover", session_dir, ENOMEM);
    int rc = -1;
    if (in_use(dir)) {
        cc_fs_set_err(err, errlen, "cannot recover %s: another callcoach is still recording this call; "
                      "let that call finish", dir);
        free(dir);
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        cc_fs_fail(err, errlen, "recover the session", dir, errno);
        free(dir);
        return -1;
    }
    /* Audio spools first: they are the hardest to make again. */
    char *spools[8];
    int rates[8], which[8], nsp = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && nsp < 8) {
        int w = -1, r = spool_rate(de->d_name, &w);
        if (r <= 0) continue;
        spools[nsp] = cc_fs_join(dir, de->d_name);
        if (!spools[nsp]) continue;
        rates[nsp] = r;
        which[nsp] = w;
        nsp++;
    }
    closedir(d);
    int failed = 0;
    for (int i = 0; i < nsp; i++) {
        if (!failed && spool_to_wav(dir, spools[i], which[i], rates[i], err, errlen) != 0) failed = 1;
        free(spools[i]);
    }
    if (failed) goto done;

    /* WAVs streamed by this version: headers made to count every sample. */
    char *mp0 = cc_fs_join(dir, "meta.json"), *meta0 = NULL;
    if (mp0) cc_fs_read_all(mp0, 1u << 20, &meta0, NULL, NULL, 0);
    free(mp0);
    for (int t = 0; t < 2 && !failed; t++) {
        char name[64];
        snprintf(name, sizeof name, "%s.wav", cc_session_tracks[t]);
        if (!cc_fs_has_file(dir, name)) continue;
        snprintf(name, sizeof name, "%s_rate", cc_session_tracks[t]);
        int rate = (int)cc_meta_int(meta0, name);
        snprintf(name, sizeof name, "%s.wav", cc_session_tracks[t]);
        char *wp = cc_fs_join(dir, name);
        if (!wp || cc_wav_make_whole(wp, rate, err, errlen) != 0) failed = 1;
        if (!wp) cc_fs_fail(err, errlen, "recover", dir, ENOMEM);
        free(wp);
    }
    free(meta0);
    if (failed) goto done;

    char *lp = cc_fs_join(dir, CC_SESSION_LOG_PARTIAL), *log = NULL;
    size_t ll = 0;
    if (!lp) {
        cc_fs_fail(err, errlen, "recover", dir, ENOMEM);
        goto done;
    }
    if (!cc_fs_has_file(dir, CC_SESSION_LOG_PARTIAL)) {
        /* finished writing events.take already, or never logged anything */
    } else if (cc_fs_read_all(lp, MAX_LOG_BYTES, &log, &ll, err, errlen) == 0) {
        while (ll > 0 && log[ll - 1] != '\n') ll--; /* a torn last line */
        log[ll] = '\0';
        char *tp = cc_fs_join(dir, "events.take");
        int w = tp ? cc_fs_write_atomic(tp, log, ll, err, errlen) : -1;
        free(tp);
        free(log);
        if (w != 0) {
            free(lp);
            goto done;
        }
        unlink(lp);
    } else {
        free(lp);
        goto done;
    }
    free(lp);

    /* meta.json: "recording" -> "interrupted" (we wrote it, so the text is known). */
    char *mp = cc_fs_join(dir, "meta.json"), *meta = NULL;
    size_t ml = 0;
    if (mp && cc_fs_read_all(mp, 1u << 20, &meta, &ml, NULL, 0) == 0) {
        const char *from = "\"state\": \"recording\"";
        char *at = strstr(meta, from);
        if (at) {
            cc_buf b = CC_BUF_INIT;
            cc_buf_append(&b, meta, (size_t)(at - meta));
            cc_buf_puts(&b, "\"state\": \"interrupted\"");
            cc_buf_puts(&b, at + strlen(from));
            if (!b.failed && cc_fs_write_atomic(mp, b.data, b.len, err, errlen) != 0) {
                cc_buf_reset(&b);
                free(meta);
                free(mp);
                goto done;
            }
            cc_buf_reset(&b);
        }
    }
    free(meta);
    free(mp);

    char when[64], note[256];
    cc_session_iso_time((int64_t)time(NULL), when, sizeof when);
    snprintf(note, sizeof note,
             "This call was interrupted before it ended (the program stopped).\n"
             "Recovered on %s: the audio and the events recorded until then are kept;\n"
             "it has no score unless it is replayed from events.take.\n",
             when);
    char *rp = cc_fs_join(dir, "recovered.txt");
    rc = rp ? cc_fs_write_atomic(rp, note, strlen(note), err, errlen) : -1;
    free(rp);
done:
    free(dir);
    return rc;
}
