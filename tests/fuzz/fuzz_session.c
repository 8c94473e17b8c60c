/* Fuzz target: what store/session.c reads back from a session folder left by
 * a crash, none of which needs the history (SQLite): cc_session_find_unfinished
 * (meta.json, events.take.partial, the WAV headers and old audio spools),
 * cc_session_reopen (meta.json) and cc_session_recover, which repairs torn WAV
 * headers in place, turns spools into WAVs and events.take.partial into
 * events.take. A repaired WAV is then read with cc_wav_read.
 *
 * The input is a session folder, its parts separated by a line "---8<---":
 *   meta.json, events.take.partial, trainee.wav, caller.wav, and one more file
 *   whose first line is its name (e.g. caller.16000.pcm.partial, result.json).
 * A part left out is a file that is not there; an empty first part is no
 * meta.json. The folder is made under a per-process temporary folder (in
 * /dev/shm when there is one: recovery fsyncs, which costs nothing in memory)
 * and emptied after each input; the temporary folder is removed at exit.
 *
 * Checks what session.h promises: failures say why; a session found
 * unfinished is listed with its folder and name; after a successful recovery
 * it is no longer listed, events.take.partial is gone and events.take holds
 * its whole lines, each WAV's header counts exactly the whole samples in the
 * file, and recovering again succeeds and changes nothing. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recover.h"
#include "session.h"
#include "wav.h"

#define SEP "\n---8<---\n"
#define NPARTS 5

static char root[256], sessions[272], sdir[320];

static void empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[600];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0 && errno == EISDIR) rmdir(p);
    }
    closedir(d);
}

static void remove_root(void)
{
    empty_folder(sdir);
    rmdir(sdir);
    rmdir(sessions);
    rmdir(root);
}

static int setup(void)
{
    if (root[0]) return 0;
    struct stat st;
    const char *tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
                          ? "/dev/shm"
                          : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    snprintf(root, sizeof root, "%s/cc-fuzz-session-XXXXXX", tmp);
    if (!mkdtemp(root)) {
        root[0] = '\0';
        return -1;
    }
    snprintf(sessions, sizeof sessions, "%s/sessions", root);
    snprintf(sdir, sizeof sdir, "%s/20260101-120000-Alex-rude-caller", sessions);
    if (mkdir(sessions, 0700) != 0) return -1;
    atexit(remove_root);
    return 0;
}

static void put_file(const char *name, const uint8_t *data, size_t n)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", sdir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, data + done, n - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    close(fd);
}

static int has(const char *name)
{
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", sdir, name);
    return stat(p, &st) == 0;
}

static char *slurp(const char *name, size_t *len)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", sdir, name);
    *len = 0;
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    while (b) {
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (n < cap) break;
        char *nb = realloc(b, cap *= 2);
        if (!nb) {
            free(b);
            b = NULL;
        } else b = nb;
    }
    fclose(f);
    *len = n;
    return b;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* After a recovery a WAV whose header could be read counts what the file
 * holds: the RIFF size is the file size less 8, the data chunk runs to the
 * end (whole samples). Skipped for the over-4-GiB clamp, not reachable here. */
static void check_whole_wav(const char *name)
{
    size_t n = 0;
    unsigned char *b = (unsigned char *)slurp(name, &n);
    if (!b) return;
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0) {
        size_t limit = n < 512 ? n : 512;
        for (size_t off = 12; off + 8 <= limit;) {
            uint32_t len = le32(b + off + 4);
            if (memcmp(b + off, "data", 4) == 0) {
                FUZZ_CHECK(le32(b + 4) == (uint32_t)(n - 8));
                FUZZ_CHECK(len == n - off - 8);
                break;
            }
            off += 8 + (size_t)len + (len & 1);
        }
    }
    free(b);
    char p[600], err[512];
    snprintf(p, sizeof p, "%s/%s", sdir, name);
    cc_pcm pcm;
    if (cc_wav_read(p, 0, &pcm, err, sizeof err) == 0) FUZZ_CHECK(pcm.rate > 0);
    else FUZZ_CHECK(err[0] != '\0');
    cc_pcm_free(&pcm);
}

static size_t count_lines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n';
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup() != 0) return 0;
    empty_folder(sdir);
    rmdir(sdir);
    if (mkdir(sdir, 0700) != 0) return 0;

    /* Split into the parts. */
    const uint8_t *part[NPARTS];
    size_t plen[NPARTS], np = 0;
    const uint8_t *p = data, *end = data + size;
    size_t seplen = strlen(SEP);
    while (np < NPARTS) {
        const uint8_t *q = p;
        while (q + seplen <= end && memcmp(q, SEP, seplen) != 0) q++;
        if (q + seplen > end) q = end;
        part[np] = p;
        plen[np] = (size_t)(q - p);
        np++;
        if (q == end) break;
        p = q + seplen;
    }
    if (np == NPARTS) plen[NPARTS - 1] = (size_t)(end - part[NPARTS - 1]); /* takes the rest */

    if (plen[0]) put_file("meta.json", part[0], plen[0]);
    if (np > 1) put_file("events.take.partial", part[1], plen[1]);
    if (np > 2) put_file("trainee.wav", part[2], plen[2]);
    if (np > 3) put_file("caller.wav", part[3], plen[3]);
    if (np > 4) {
        const uint8_t *nl = memchr(part[4], '\n', plen[4]);
        size_t nlen = nl ? (size_t)(nl - part[4]) : plen[4];
        char name[201];
        int ok = nlen > 0 && nlen < sizeof name;
        for (size_t i = 0; ok && i < nlen; i++)
            if (part[4][i] == '/' || part[4][i] == '\0') ok = 0;
        if (ok) {
            memcpy(name, part[4], nlen);
            name[nlen] = '\0';
            if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
                size_t skip = nl ? nlen + 1 : nlen;
                put_file(name, part[4] + skip, plen[4] - skip);
            }
        }
    }

    char err[512];
    int partial = has("events.take.partial");
    int listed = partial || !(has("result.json") || has("recovered.txt"));
    size_t plog_len = 0;
    char *plog = partial ? slurp("events.take.partial", &plog_len) : NULL;

    cc_unfinished *u = NULL;
    size_t n = 99;
    err[0] = '\0';
    FUZZ_CHECK(cc_session_find_unfinished(root, &u, &n, err, sizeof err) == 0);
    FUZZ_CHECK(n == (size_t)listed);
    if (n) {
        FUZZ_CHECK(u && u[0].path && u[0].name);
        FUZZ_CHECK(strcmp(u[0].path, sdir) == 0);
        FUZZ_CHECK(strcmp(u[0].name, strrchr(sdir, '/') + 1) == 0);
        FUZZ_CHECK(u[0].has_partial_log == partial);
        if (partial) FUZZ_CHECK(u[0].log_actions <= count_lines(plog, plog_len));
        FUZZ_CHECK(u[0].trainee_seconds >= 0 && u[0].caller_seconds >= 0);
        FUZZ_CHECK(!u[0].has_trainee_audio || u[0].trainee_seconds > 0);
        FUZZ_CHECK(!u[0].has_caller_audio || u[0].caller_seconds > 0);
    }
    cc_unfinished_free(u, n);

    cc_session *s = NULL;
    err[0] = '\0';
    if (cc_session_reopen(sdir, &s, err, sizeof err) == 0) {
        FUZZ_CHECK(s != NULL);
        FUZZ_CHECK(strcmp(cc_session_path(s), sdir) == 0);
        /* A reopened session never writes over the recording it kept. */
        FUZZ_CHECK(cc_session_audio_open(s, CC_TRACK_TRAINEE, 16000, err, sizeof err) != 0);
        cc_session_free(s);
    } else {
        FUZZ_CHECK(s == NULL && err[0] != '\0');
    }

    err[0] = '\0';
    int rc = cc_session_recover(sdir, err, sizeof err);
    if (rc != 0) {
        FUZZ_CHECK(err[0] != '\0');
    } else {
        FUZZ_CHECK(!has("events.take.partial"));
        FUZZ_CHECK(has("recovered.txt"));
        if (partial && plog) {
            size_t keep = plog_len;
            while (keep > 0 && plog[keep - 1] != '\n') keep--;
            size_t tl = 0;
            char *take = slurp("events.take", &tl);
            FUZZ_CHECK(take && tl == keep && memcmp(take, plog, keep) == 0);
            free(take);
        }
        if (has("trainee.wav")) check_whole_wav("trainee.wav");
        if (has("caller.wav")) check_whole_wav("caller.wav");
        u = NULL;
        FUZZ_CHECK(cc_session_find_unfinished(root, &u, &n, err, sizeof err) == 0);
        FUZZ_CHECK(n == 0);
        cc_unfinished_free(u, n);
        FUZZ_CHECK(cc_session_recover(sdir, err, sizeof err) == 0);
    }
    free(plog);
    return 0;
}
