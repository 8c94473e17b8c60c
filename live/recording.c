/* recording: a call into its session folder and the history. See recording.h.
 *
 * The action log is kept by difference: the take of the record so far
 * (cc_record_to_take, the same lines events.take gets at the end) is made
 * again whenever the record grew, and each line not logged before is
 * appended. The record only ever gains entries, so a line once logged stays
 * true; doing it this way keeps one definition of which engine events are
 * the trainee's actions (game/session_log.c). */
#define _XOPEN_SOURCE 700
#include "recording.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "fsutil.h"
#include "history.h"
#include "mem.h"
#include "meta.h"
#include "session.h"
#include "session_log.h"
#include "take.h"

struct cc_recording {
    char *data_dir;
    const cc_standard *std;
    const cc_scenario *scn;
    char *trainee, *channel;
    char *mode;       /* practice or assessment (cc_recording_describe); NULL unknown */
    char *retry_of;   /* a retry: the original's folder ("" if unsaved); NULL not a retry */
    int retry_turn;
    int64_t kept_ms;
    const char *answers; /* static text, known at the end */
    char *std_path, *scn_path; /* absolute, so a recovery from elsewhere finds them */
    uint64_t seed;
    int64_t started_at;
    cc_session *s;
    char *path;
    int broken;       /* a write failed: nothing more goes into the folder during the call */
    int finished;     /* cc_session_finish succeeded */
    int in_history;
    int saved;
    char problem[1024];
    int audio_opened;
    size_t written[2];
    uint64_t told_lost[2]; /* samples lost, as audio-lost.txt last said */
    /* what the action log has seen */
    size_t seen_events, seen_utts;
    int seen_answered;
    char **logged;
    size_t nlogged, caplogged;
};


static char *absolute(const char *p)
{
    if (!p) return NULL;
    char buf[PATH_MAX];
    if (realpath(p, buf)) return strdup(buf);
    return strdup(p);
}

static void set_problem(cc_recording *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void set_problem(cc_recording *r, const char *fmt, ...)
{
    if (r->problem[0]) return; /* the first failure is the one that explains */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->problem, sizeof r->problem, fmt, ap);
    va_end(ap);
}

static void fail_write(cc_recording *r, const char *err)
{
    r->broken = 1;
    /* What to do about it: the desktop app's feedback screen offers E. */
    if (r->channel && strcmp(r->channel, "desktop") == 0)
        set_problem(r, "%s (the call goes on and is kept in memory; after it, press E to save it "
                       "in another folder)", err);
    else
        set_problem(r, "%s (the call goes on and is kept in memory)", err);
}

cc_recording *cc_recording_start(const char *data_dir, const cc_standard *std,
                                 const cc_scenario *scn, const char *trainee, const char *channel,
                                 uint64_t seed, int64_t started_at)
{
    cc_recording *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->std = std;
    r->scn = scn;
    r->seed = seed;
    r->started_at = started_at;
    /* As the history keeps it: "alex " is Alex (history.h). */
    r->trainee = cc_history_name_clean(trainee && *trainee ? trainee : "Trainee");
    if (r->trainee && !*r->trainee) {
        free(r->trainee);
        r->trainee = strdup("Trainee");
    }
    r->channel = strdup(cc_meta_channel(channel)); /* "voice" and "text" of old callers too */
    r->data_dir = cc_strdup(data_dir);
    r->std_path = std ? absolute(std->path) : NULL;
    r->scn_path = scn ? absolute(scn->path) : NULL;
    if (!r->trainee || !r->channel || (data_dir && !r->data_dir)) {
        cc_recording_free(r);
        return NULL;
    }
    if (!std || !scn) {
        set_problem(r, "cannot record the call: no standard or scenario was given; this is a bug, "
                       "please report it");
        r->broken = 1;
        return r;
    }
    if (!data_dir) {
        set_problem(r, "cannot record the call: there is no data folder (no home folder?); set "
                       "CALLCOACH_HOME to a folder you can write to");
        r->broken = 1;
        return r;
    }
    cc_session_meta m = {.trainee = r->trainee,
                         .scenario_path = r->scn_path,
                         .scenario_id = scn->id,
                         .scenario_title = scn->title,
                         .standard_path = r->std_path,
                         .standard_id = std->id,
                         .channel = r->channel,
                         .seed = seed,
                         .started_at = started_at};
    char err[512];
    if (cc_session_begin(data_dir, &m, &r->s, err, sizeof err) != 0) {
        fail_write(r, err);
        return r;
    }
    r->path = strdup(cc_session_path(r->s));
    return r;
}

/* ---- how the call is taken ---- */

void cc_recording_describe(cc_recording *r, const char *mode)
{
    if (!r || !mode) return;
    char *m = strdup(mode);
    if (!m) return;
    free(r->mode);
    r->mode = m;
    char err[512];
    if (r->s && !r->broken &&
        cc_session_describe(r->s, r->mode, NULL, NULL, 0, 0, err, sizeof err) != 0)
        fail_write(r, err);
}

const char *cc_recording_folder_name(const cc_recording *r)
{
    const char *p = cc_recording_path(r);
    if (!p) return NULL;
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

/* A retry says so in meta.json as soon as the recording sees its call. */
static void note_retry(cc_recording *r, const cc_live *l)
{
    if (r->retry_of || cc_live_retry_turn(l) < 0) return;
    const char *of = cc_live_retry_of(l);
    if (!(r->retry_of = strdup(of ? of : ""))) return;
    r->retry_turn = cc_live_retry_turn(l);
    r->kept_ms = cc_live_retry_kept_ms(l);
    char err[512];
    if (r->s && !r->broken &&
        cc_session_describe(r->s, NULL, NULL, r->retry_of, r->retry_turn, r->kept_ms, err,
                            sizeof err) != 0)
        fail_write(r, err);
}

static const char *answers_word(int typed, int spoken)
{
    return typed && spoken ? "mixed" : typed ? "typed" : spoken ? "spoken" : "none";
}

/* ---- the action log ---- */

/* Among the first n lines logged (those of earlier pumps), each matched once. */
static int was_logged(const cc_recording *r, size_t n, const char *line, char *used)
{
    for (size_t i = 0; i < n; i++)
        if (!used[i] && strcmp(r->logged[i], line) == 0) {
            used[i] = 1;
            return 1;
        }
    return 0;
}

static int remember(cc_recording *r, const char *line)
{
    if (r->nlogged == r->caplogged) {
        size_t cap = r->caplogged ? 2 * r->caplogged : 32;
        char **nv = realloc(r->logged, cap * sizeof *nv);
        if (!nv) return -1;
        r->logged = nv;
        r->caplogged = cap;
    }
    if (!(r->logged[r->nlogged] = strdup(line))) return -1;
    r->nlogged++;
    return 0;
}

static int answered_mask(const cc_record *rec)
{
    int m = 0;
    for (int line = 1; line <= CC_MAX_LINES; line++)
        if (rec->lines[line].answered || rec->lines[line].end != CC_END_NONE) m |= 1 << line;
    return m;
}

void cc_recording_log(cc_recording *r, const cc_record *rec)
{
    if (!r || !rec || !r->s || r->broken) return;
    int mask = answered_mask(rec);
    if (rec->nevents == r->seen_events && rec->nutterances == r->seen_utts && mask == r->seen_answered)
        return;
    char *take = cc_record_to_take(rec, r->scn->id, NULL);
    size_t before = r->nlogged;
    char *used = before ? calloc(before, 1) : NULL;
    if (!take || (before && !used)) {
        free(take);
        free(used);
        return; /* out of memory: try again at the next pump */
    }
    char err[512];
    for (char *line = take, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) break;
        *nl = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        if (was_logged(r, before, line, used)) continue;
        if (cc_session_log_append(r->s, line, err, sizeof err) != 0) {
            fail_write(r, err);
            break;
        }
        if (remember(r, line) != 0) break;
    }
    free(used);
    free(take);
    r->seen_events = rec->nevents;
    r->seen_utts = rec->nutterances;
    r->seen_answered = mask;
}

/* ---- audio ---- */

static int write_tracks(cc_session *s, const cc_live *l, size_t written[2], char *err,
                        size_t errlen)
{
    static const cc_live_track from[2] = {CC_LIVE_TRAINEE, CC_LIVE_CALLER};
    static const cc_track to[2] = {CC_TRACK_TRAINEE, CC_TRACK_CALLER};
    for (int t = 0; t < 2; t++) {
        const int16_t *pcm = NULL;
        size_t n = cc_live_audio(l, from[t], &pcm);
        if (n <= written[t]) continue;
        if (cc_session_audio_write(s, to[t], pcm + written[t], n - written[t], err, errlen) != 0)
            return -1;
        written[t] = n;
    }
    return 0;
}

static int open_tracks(cc_session *s, char *err, size_t errlen)
{
    if (cc_session_audio_open(s, CC_TRACK_TRAINEE, CC_LIVE_OUT_RATE, err, errlen) != 0) return -1;
    return cc_session_audio_open(s, CC_TRACK_CALLER, CC_LIVE_OUT_RATE, err, errlen);
}

/* Audio the computer was too busy to take from a device is silence in the
 * tracks; the session says so in audio-lost.txt (rewritten whole as the count
 * grows), so nobody takes that silence for the trainee's. */
static void note_lost(cc_recording *r, const cc_live *l)
{
    static const cc_live_track from[2] = {CC_LIVE_TRAINEE, CC_LIVE_CALLER};
    uint64_t lost[2];
    int64_t first = -1;
    int changed = 0;
    for (int t = 0; t < 2; t++) {
        lost[t] = cc_live_audio_lost(l, from[t], t == 0 ? &first : NULL);
        changed |= lost[t] != r->told_lost[t];
    }
    if (!changed) return;
    char text[512], err[512];
    cc_live_lost_note(l, text, sizeof text);
    size_t len = strlen(text);
    if (len + 1 < sizeof text) {
        text[len++] = '\n';
        text[len] = '\0';
    }
    char *path = cc_fs_join(cc_session_path(r->s), "audio-lost.txt");
    if (!path || cc_fs_write_atomic(path, text, len, err, sizeof err) != 0) fail_write(r, path ? err : "out of memory");
    else for (int t = 0; t < 2; t++) r->told_lost[t] = lost[t];
    free(path);
}

static void pump_audio(cc_recording *r, const cc_live *l)
{
    if (!r->s || r->broken) return;
    char err[512];
    if (!r->audio_opened) {
        r->audio_opened = 1;
        if (open_tracks(r->s, err, sizeof err) != 0) {
            fail_write(r, err);
            return;
        }
    }
    if (write_tracks(r->s, l, r->written, err, sizeof err) != 0) fail_write(r, err);
    note_lost(r, l);
}

void cc_recording_pump(cc_recording *r, const cc_live *l)
{
    if (!r || !l) return;
    note_retry(r, l);
    pump_audio(r, l);
    cc_recording_log(r, cc_call_record(cc_live_call(l)));
}

/* ---- the end of the call ---- */

int cc_recording_finish_record(cc_recording *r, const cc_record *rec, const cc_result *res)
{
    if (!r) return -1;
    if (r->saved) return 0;
    if (!rec || !res) {
        set_problem(r, "cannot save the call: it was not scored (out of memory); close other "
                       "programs and try again");
        return -1;
    }
    char err[512];
    if (!r->answers) {
        /* The terminal's answers are typed; the desktop's are counted by the live call. */
        int said = 0;
        for (size_t i = 0; i < rec->nutterances; i++) said += rec->utterances[i].text != NULL;
        r->answers = answers_word(said && strcmp(r->channel, "terminal") == 0,
                                  said && strcmp(r->channel, "terminal") != 0);
    }
    if (r->s && !r->finished && !r->broken &&
        cc_session_describe(r->s, NULL, r->answers, NULL, 0, 0, err, sizeof err) != 0)
        fail_write(r, err);
    if (r->s && !r->finished) {
        cc_recording_log(r, rec);
        /* Tried even after a failed write: the disk may have room again, and the
         * small files (take, transcript, result) are what the history points to. */
        if (cc_session_finish(r->s, r->std, r->scn, rec, res, err, sizeof err) == 0) r->finished = 1;
        else fail_write(r, err);
    }
    if (!r->in_history && r->data_dir && r->std && r->scn) {
        cc_history_how how = {r->channel, r->mode, r->answers, r->retry_of,
                              r->s ? cc_session_name(r->s) : NULL, r->retry_turn, r->kept_ms,
                              r->started_at};
        if (cc_history_store_result(r->data_dir, r->std, r->scn, rec, res, &how, err, sizeof err) == 0)
            r->in_history = 1;
        else if (r->finished && r->s)
            /* The trainee's next question: is the call lost? */
            set_problem(r, "%s. The call itself is kept in %s, but it is not in the history",
                        err, cc_session_path(r->s));
        else
            set_problem(r, "%s", err);
    }
    r->saved = r->finished && r->in_history && !r->broken;
    return r->saved ? 0 : -1;
}

int cc_recording_finish(cc_recording *r, const cc_live *l)
{
    if (!r) return -1;
    if (!l) return cc_recording_finish_record(r, NULL, NULL);
    note_retry(r, l);
    if (!r->answers) {
        int typed, spoken;
        cc_live_answers(l, &typed, &spoken);
        r->answers = answers_word(typed, spoken);
    }
    if (r->s && !r->finished && !r->broken) pump_audio(r, l);
    return cc_recording_finish_record(r, cc_call_record(cc_live_call(l)), cc_live_result(l));
}

/* The call is now whole in another folder. The unfinished folder in the data
 * folder holds only its first part, and the next start would recover it as a
 * shorter call with another score, into the history, beside the whole one.
 * Nothing points to it (the data folder's history did not take the call), so
 * it goes: first renamed to a dot name, which recovery does not look at, then
 * emptied and removed, which also gives a full disk its space back. Failing
 * any of this loses nothing: the folder stays, or stays hidden. */
static void drop_unfinished(cc_recording *r)
{
    char *from = strdup(cc_session_path(r->s));
    cc_session_free(r->s); /* its audio files are closed */
    r->s = NULL;
    if (!from) return;
    char to[PATH_MAX];
    const char *base = strrchr(from, '/');
    base = base ? base + 1 : from;
    int n = snprintf(to, sizeof to, "%.*s.saved-elsewhere-%s", (int)(base - from), from, base);
    if (n < 0 || (size_t)n >= sizeof to || rename(from, to) != 0) {
        free(from);
        return;
    }
    free(from);
    DIR *d = opendir(to);
    if (d) {
        struct dirent *de;
        char f[PATH_MAX];
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
            if (snprintf(f, sizeof f, "%s/%s", to, de->d_name) < (int)sizeof f) unlink(f);
        }
        closedir(d);
    }
    rmdir(to);
}

int cc_recording_save_to(cc_recording *r, const cc_live *l, const char *dir, char *err,
                         size_t errlen)
{
    if (!r || !l || !dir || !*dir) {
        snprintf(err, errlen, "cannot save the call: no call or folder given; choose a folder");
        return -1;
    }
    const cc_record *rec = cc_call_record(cc_live_call(l));
    const cc_result *res = cc_live_result(l);
    if (!rec || !res || !r->std || !r->scn) {
        snprintf(err, errlen, "cannot save the call: it was not scored; finish the call first");
        return -1;
    }
    cc_session_meta m = {.trainee = r->trainee,
                         .scenario_path = r->scn_path,
                         .scenario_id = r->scn->id,
                         .scenario_title = r->scn->title,
                         .standard_path = r->std_path,
                         .standard_id = r->std->id,
                         .channel = r->channel,
                         .seed = r->seed,
                         .started_at = r->started_at,
                         .mode = r->mode,
                         .answers = r->answers,
                         .retry_of = r->retry_of,
                         .retry_turn = r->retry_turn,
                         .kept_ms = r->kept_ms};
    cc_session *s = NULL;
    int data_history_has_it = r->in_history;
    if (cc_session_begin(dir, &m, &s, err, errlen) != 0) return -1;
    size_t written[2] = {0, 0};
    int rc = -1;
    if (open_tracks(s, err, errlen) != 0 || write_tracks(s, l, written, err, errlen) != 0) goto done;
    if (cc_session_finish(s, r->std, r->scn, rec, res, err, errlen) != 0) goto done;
    if (!r->in_history) {
        cc_history_how how = {r->channel, r->mode, r->answers, r->retry_of, cc_session_name(s),
                              r->retry_turn, r->kept_ms, r->started_at};
        if (cc_history_store_result(dir, r->std, r->scn, rec, res, &how, err, errlen) != 0)
            goto done;
        r->in_history = 1;
    }
    char *p = strdup(cc_session_path(s));
    if (p) {
        free(r->path);
        r->path = p;
    }
    r->problem[0] = '\0';
    r->saved = 1;
    rc = 0;
    if (r->s && !r->finished && !data_history_has_it) drop_unfinished(r);
done:
    cc_session_free(s);
    return rc;
}

const char *cc_recording_problem(const cc_recording *r)
{
    return r && r->problem[0] ? r->problem : NULL;
}

const char *cc_recording_path(const cc_recording *r)
{
    /* A folder a failed write left short does not hold the call: say none, so the
     * trainee is offered another folder. */
    return r && (!r->broken || r->saved) ? r->path : NULL;
}
int cc_recording_saved(const cc_recording *r) { return r ? r->saved : 0; }

void cc_recording_free(cc_recording *r)
{
    if (!r) return;
    cc_session_free(r->s);
    for (size_t i = 0; i < r->nlogged; i++) free(r->logged[i]);
    free(r->logged);
    free(r->path);
    free(r->data_dir);
    free(r->trainee);
    free(r->channel);
    free(r->mode);
    free(r->retry_of);
    free(r->std_path);
    free(r->scn_path);
    free(r);
}
