/* wav: sound files in and out. See wav.h. */
#define _POSIX_C_SOURCE 200809L
#include "wav.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void cc_pcm_free(cc_pcm *p)
{
    if (!p) return;
    free(p->samples);
    p->samples = NULL;
    p->count = 0;
    p->rate = 0;
}

/* libsndfile's message without its trailing full stop. */
static void sf_reason(SNDFILE *sf, char *buf, size_t n)
{
    snprintf(buf, n, "%s", sf_strerror(sf));
    size_t len = strlen(buf);
    while (len > 0 && (buf[len - 1] == '.' || buf[len - 1] == ' ' || buf[len - 1] == '\n'))
        buf[--len] = '\0';
}

typedef struct {
    int16_t *s;
    size_t n, cap;
} growbuf;

static int push_floats(growbuf *b, const float *x, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->n + n) cap *= 2;
        int16_t *ns = realloc(b->s, cap * sizeof *ns);
        if (!ns) return -1;
        b->s = ns;
        b->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        float v = x[i] * 32768.0f;
        long l = lrintf(v);
        if (l > 32767) l = 32767;
        if (l < -32768) l = -32768;
        b->s[b->n++] = (int16_t)l;
    }
    return 0;
}

enum { CHUNK = 4096 };

/* The longest sound cc_wav_read takes (wav.h). Compressed formats make tiny
 * files of long sounds: a 4 KiB FLAC of constant blocks holds 20 million
 * samples, and at 63 Hz would have been resampled into 5 GB (found by
 * fuzzing); the cap bounds the memory at 2 hours at the rate asked for. */
#define MAX_SECONDS (2 * 3600)
/* Compressed formats can claim hours in a few bytes (FLAC's constant blocks): a
 * damaged or crafted file of 222 bytes kept the fuzzer's reader busy past its 5 s.
 * No real recording comes near this many samples out per byte in (digital silence
 * in FLAC: a few hundred), so more is refused instead of decoded. */
#define MAX_OUT_PER_BYTE 4096
#define MIN_OUT_ALLOWED (16000 * 60)
int cc_wav_read(const char *path, int want_rate, cc_pcm *out, char *err, size_t errlen)
{
    if (out) *out = (cc_pcm){ 0 };
    if (!path || !out) {
        set_err(err, errlen, "cannot read a sound file: no path given");
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        set_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        set_err(err, errlen, "cannot read %s: it is a folder, not a sound file", path);
        return -1;
    }
    SF_INFO info = { 0 };
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) {
        char why[256];
        sf_reason(NULL, why, sizeof why);
        set_err(err, errlen, "cannot read %s: %s; save it as WAV", path, why);
        return -1;
    }
    if (info.channels < 1 || info.samplerate < 1) {
        sf_close(sf);
        set_err(err, errlen, "cannot read %s: it has no channels or no sample rate; save it as WAV",
                path);
        return -1;
    }
    int rate = want_rate > 0 ? want_rate : info.samplerate;
    double ratio = (double)rate / (double)info.samplerate;
    if (ratio > 256.0 || ratio < 1.0 / 256.0) {
        sf_close(sf);
        set_err(err, errlen, "cannot read %s: cannot convert %d Hz to %d Hz", path,
                info.samplerate, rate);
        return -1;
    }
    sf_count_t max_frames = (sf_count_t)MAX_SECONDS * info.samplerate;
    if (info.frames > max_frames) {
        sf_close(sf);
        set_err(err, errlen, "cannot read %s: it is longer than %d hours; cut it shorter", path,
                MAX_SECONDS / 3600);
        return -1;
    }
    sf_command(sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);

    int ch = info.channels;
    float *frames = malloc((size_t)CHUNK * (size_t)ch * sizeof *frames);
    float *mono = malloc(CHUNK * sizeof *mono);
    size_t outcap = (size_t)ceil(CHUNK * ratio) + 64;
    float *res = malloc(outcap * sizeof *res);
    growbuf b = { 0 };
    SRC_STATE *src = NULL;
    int rc = -1;
    if (!frames || !mono || !res) goto oom;
    if (rate != info.samplerate) {
        int e = 0;
        src = src_new(SRC_SINC_MEDIUM_QUALITY, 1, &e);
        if (!src) {
            set_err(err, errlen, "cannot read %s: resampler: %s", path, src_strerror(e));
            goto done;
        }
    }
    sf_count_t total = 0;
    for (;;) {
        sf_count_t got = sf_readf_float(sf, frames, CHUNK);
        if (got < 0) got = 0;
        /* The header's length can be missing or wrong: count what comes. */
        total += got;
        if (total > max_frames) {
            set_err(err, errlen, "cannot read %s: it is longer than %d hours; cut it shorter", path,
                    MAX_SECONDS / 3600);
            goto done;
        }
        for (sf_count_t i = 0; i < got; i++) {
            float acc = 0.0f;
            for (int c = 0; c < ch; c++) acc += frames[i * ch + c];
            mono[i] = acc / (float)ch;
        }
        int last = got < CHUNK;
        if (!src) {
            if (push_floats(&b, mono, (size_t)got) < 0) goto oom;
        } else {
            SRC_DATA d = { 0 };
            d.data_in = mono;
            d.input_frames = (long)got;
            d.src_ratio = ratio;
            d.end_of_input = last;
            /* With end_of_input set, keep calling until the filter has drained. */
            for (;;) {
                d.data_out = res;
                d.output_frames = (long)outcap;
                int e = src_process(src, &d);
                if (e) {
                    set_err(err, errlen, "cannot read %s: resampler: %s", path, src_strerror(e));
                    goto done;
                }
                if (push_floats(&b, res, (size_t)d.output_frames_gen) < 0) goto oom;
                d.data_in += d.input_frames_used;
                d.input_frames -= d.input_frames_used;
                if (d.input_frames == 0 && (!last || d.output_frames_gen == 0)) break;
                if (d.input_frames_used == 0 && d.output_frames_gen == 0) break;
            }
        }
        if (b.n > (size_t)MIN_OUT_ALLOWED && b.n / MAX_OUT_PER_BYTE > (size_t)st.st_size) {
            set_err(err, errlen, "cannot read %s: it holds far more sound than a file of %lld bytes can "
                    "(damaged, or not a recording); save it again as WAV", path, (long long)st.st_size);
            goto done;
        }
        if (last) break;
    }
    if (sf_error(sf) != SF_ERR_NO_ERROR) {
        char why[256];
        sf_reason(sf, why, sizeof why);
        set_err(err, errlen, "cannot read %s: %s", path, why);
        goto done;
    }
    out->samples = b.s;
    out->count = b.n;
    out->rate = rate;
    b.s = NULL;
    rc = 0;
    goto done;
oom:
    set_err(err, errlen, "cannot read %s: out of memory", path);
done:
    free(b.s);
    free(frames);
    free(mono);
    free(res);
    if (src) src_delete(src);
    sf_close(sf);
    return rc;
}

int cc_wav_write(const char *path, const int16_t *s, size_t n, int rate, char *err, size_t errlen)
{
    if (!path) {
        set_err(err, errlen, "cannot write a sound file: no path given");
        return -1;
    }
    if (rate <= 0 || (n > 0 && !s)) {
        set_err(err, errlen, "cannot write %s: no samples or no sample rate", path);
        return -1;
    }
    SF_INFO info = { .samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    if (!sf) {
        char why[256];
        sf_reason(NULL, why, sizeof why);
        set_err(err, errlen, "cannot write %s: %s", path, why);
        return -1;
    }
    sf_command(sf, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
    size_t done = 0;
    while (done < n) {
        size_t part = n - done > 65536 ? 65536 : n - done;
        sf_count_t w = sf_write_short(sf, s + done, (sf_count_t)part);
        if (w != (sf_count_t)part) {
            char why[256];
            sf_reason(sf, why, sizeof why);
            sf_close(sf);
            set_err(err, errlen, "cannot write %s: %s", path, why);
            return -1;
        }
        done += part;
    }
    if (sf_close(sf) != 0) {
        set_err(err, errlen, "cannot write %s: closing failed", path);
        return -1;
    }
    return 0;
}

/* ---- streaming ---- */

struct cc_wav_stream {
    SNDFILE *sf;
    int fd;       /* ours: libsndfile does not close it, so sync and close can report errno */
    char *path;
    size_t frames;
};

/* What to do about a failed write, for the end of a message. */
static const char *write_hint(int e)
{
    switch (e) {
    case ENOSPC: return "the disk is full: free some space";
#ifdef EDQUOT
    case EDQUOT: return "the disk quota is used up: free some space";
#endif
    case EROFS: return "the disk is read-only: record into another folder";
    case EACCES:
    case EPERM: return "you may not write there: fix the folder's permissions or choose another folder";
    case ENOENT: return "the folder does not exist: check the path";
    case ENOTDIR: return "part of the path is a file, not a folder: check the path";
    case EFBIG: return "the file grew too big: record a shorter call";
    case EIO: return "the disk reported an error: check the disk";
    default: return "check the disk and the folder";
    }
}

/* "cannot write PATH: why; what to do", with errno when the failure was the system's. */
static void stream_fail(const cc_wav_stream *w, const char *path, int e, char *err, size_t errlen)
{
    if (e) {
        set_err(err, errlen, "cannot write %s: %s; %s", path, strerror(e), write_hint(e));
        return;
    }
    char why[256];
    sf_reason(w ? w->sf : NULL, why, sizeof why);
    set_err(err, errlen, "cannot write %s: %s; %s", path, why, write_hint(0));
}

cc_wav_stream *cc_wav_stream_open(const char *path, int rate, char *err, size_t errlen)
{
    if (!path) {
        set_err(err, errlen, "cannot write a sound file: no path given");
        return NULL;
    }
    if (rate < 1 || rate > 1000000) {
        set_err(err, errlen, "cannot write %s: %d Hz is not a sample rate; give one such as 16000",
                path, rate);
        return NULL;
    }
    cc_wav_stream *w = calloc(1, sizeof *w);
    if (w) w->path = malloc(strlen(path) + 1);
    if (!w || !w->path) {
        free(w);
        set_err(err, errlen, "cannot write %s: out of memory; close other programs", path);
        return NULL;
    }
    strcpy(w->path, path);
    w->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        stream_fail(NULL, path, errno, err, errlen);
        free(w->path);
        free(w);
        return NULL;
    }
    SF_INFO info = { .samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    errno = 0;
    /* libsndfile writes the header here: from now on the file is a valid, empty WAV. */
    w->sf = sf_open_fd(w->fd, SFM_WRITE, &info, SF_FALSE);
    if (!w->sf) {
        int e = errno;
        stream_fail(NULL, path, e, err, errlen);
        /* An empty or half-headed file is no WAV: leave none (but never remove a
         * device such as /dev/full). */
        struct stat st;
        if (fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode)) unlink(path);
        close(w->fd);
        free(w->path);
        free(w);
        return NULL;
    }
    sf_command(w->sf, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
    return w;
}

int cc_wav_stream_write(cc_wav_stream *w, const int16_t *s, size_t n, char *err, size_t errlen)
{
    if (!w || (n > 0 && !s)) {
        set_err(err, errlen, "cannot write a sound file: no stream or no samples given");
        return -1;
    }
    size_t done = 0;
    while (done < n) {
        size_t part = n - done > 65536 ? 65536 : n - done;
        errno = 0;
        sf_count_t got = sf_write_short(w->sf, s + done, (sf_count_t)part);
        int e = errno;
        if (got > 0) w->frames += (size_t)got;
        if (got != (sf_count_t)part) {
            /* A short write can stop inside a sample; cut the file back to whole
             * samples and rewrite the header from that length, so the file stays a
             * valid WAV and a later write continues on a sample boundary. */
            sf_count_t keep = (sf_count_t)w->frames;
            sf_command(w->sf, SFC_FILE_TRUNCATE, &keep, sizeof keep);
            sf_command(w->sf, SFC_UPDATE_HEADER_NOW, NULL, 0);
            stream_fail(w, w->path, e, err, errlen);
            return -1;
        }
        done += part;
    }
    return 0;
}

int cc_wav_stream_sync(cc_wav_stream *w, char *err, size_t errlen)
{
    if (!w) {
        set_err(err, errlen, "cannot sync a sound file: no stream given");
        return -1;
    }
    /* fdatasync on our own descriptor rather than sf_write_sync(), which cannot
     * report a failure. */
    if (fdatasync(w->fd) != 0) {
        stream_fail(w, w->path, errno, err, errlen);
        return -1;
    }
    return 0;
}

size_t cc_wav_stream_frames(const cc_wav_stream *w)
{
    return w ? w->frames : 0;
}

int cc_wav_stream_close(cc_wav_stream *w, char *err, size_t errlen)
{
    if (!w) return 0;
    int rc = 0;
    errno = 0;
    if (sf_close(w->sf) != 0) {
        stream_fail(NULL, w->path, errno, err, errlen);
        rc = -1;
    }
    if (close(w->fd) != 0 && rc == 0) {
        stream_fail(NULL, w->path, errno, err, errlen);
        rc = -1;
    }
    free(w->path);
    free(w);
    return rc;
}

/* ---- repair after a crash ---- */

/* Seconds of a WAV we wrote (16-bit mono; 44-byte header), 0 if not one. */
double cc_wav_seconds(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    unsigned char h[44];
    struct stat st;
    double secs = 0;
    if (read(fd, h, sizeof h) == (ssize_t)sizeof h && fstat(fd, &st) == 0 &&
        memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0) {
        unsigned rate = h[24] | (h[25] << 8) | (h[26] << 16) | ((unsigned)h[27] << 24);
        unsigned ch = h[22] | (h[23] << 8);
        if (rate && ch && st.st_size > 44) secs = (double)(st.st_size - 44) / 2.0 / ch / rate;
    }
    close(fd);
    return secs;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)((v >> 8) & 0xFF);
    p[2] = (unsigned char)((v >> 16) & 0xFF);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* A 16-bit mono WAV header of 44 bytes, as cc_wav_stream writes it. */
static void wav_header(unsigned char h[44], int rate, uint32_t data_bytes)
{
    memcpy(h, "RIFF", 4);
    put_le32(h + 4, 36 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le32(h + 16, 16);
    h[20] = 1; h[21] = 0;  /* PCM */
    h[22] = 1; h[23] = 0;  /* mono */
    put_le32(h + 24, (uint32_t)rate);
    put_le32(h + 28, (uint32_t)rate * 2);
    h[32] = 2; h[33] = 0;  /* block align */
    h[34] = 16; h[35] = 0; /* bits */
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, data_bytes);
}

/* "cannot recover the recording PATH: why; what to do"; -1. */
static int repair_fail(const char *path, int e, char *err, size_t errlen)
{
    set_err(err, errlen, "cannot recover the recording %s: %s; %s", path, strerror(e), write_hint(e));
    return -1;
}

/* A TRACK.wav of a killed recording made whole: the stream rewrites the header after
 * each write, so a kill between the samples reaching the file and the header update
 * leaves a header that counts too few (or, right after opening, none). The data
 * length is derived again from the file size (whole samples; a torn last sample is
 * cut) and the RIFF and data sizes are patched in place, which needs no free space.
 * A file too short or too damaged to hold a header gets a fresh one at `rate` (from
 * meta.json; our writer always puts the samples at byte 44); without a rate it is
 * left as it is. */
int cc_wav_make_whole(const char *path, int rate, char *err, size_t errlen)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return repair_fail(path, errno, err, errlen);
    struct stat st;
    unsigned char h[512];
    ssize_t got = 0;
    if (fstat(fd, &st) != 0 || (got = pread(fd, h, sizeof h, 0)) < 0) {
        int e = errno;
        close(fd);
        return repair_fail(path, e, err, errlen);
    }
    uint64_t size = (uint64_t)st.st_size;
    size_t data_off = 0, align = 2;
    if (got >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0) {
        for (size_t off = 12; off + 8 <= (size_t)got;) {
            uint32_t len = get_le32(h + off + 4);
            if (memcmp(h + off, "fmt ", 4) == 0 && off + 8 + 14 <= (size_t)got)
                align = (size_t)(h[off + 8 + 12] | (h[off + 8 + 13] << 8));
            if (memcmp(h + off, "data", 4) == 0) {
                data_off = off + 8;
                break;
            }
            off += 8 + (size_t)len + (len & 1);
        }
    }
    if (align == 0) align = 2;
    int rc = 0;
    if (data_off == 0) {
        /* No readable header. */
        if (rate <= 0) {
            close(fd);
            return 0;
        }
        uint64_t data = size > 44 ? (size - 44) / 2 * 2 : 0;
        unsigned char fresh[44];
        wav_header(fresh, rate, (uint32_t)data);
        if ((size > 44 + data && ftruncate(fd, (off_t)(44 + data)) != 0) ||
            pwrite(fd, fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh || fdatasync(fd) != 0)
            rc = repair_fail(path, errno, err, errlen);
        close(fd);
        return rc;
    }
    uint64_t data = size > data_off ? (size - data_off) / align * align : 0;
    if (data > 0xFFFFFFF0u - data_off) data = (0xFFFFFFF0u - data_off) / align * align;
    unsigned char riff[4], dlen[4];
    put_le32(riff, (uint32_t)(data_off + data - 8));
    put_le32(dlen, (uint32_t)data);
    int changed = memcmp(h + 4, riff, 4) != 0 || memcmp(h + data_off - 4, dlen, 4) != 0 ||
                  size > data_off + data;
    if (changed &&
        ((size > data_off + data && ftruncate(fd, (off_t)(data_off + data)) != 0) ||
         pwrite(fd, riff, 4, 4) != 4 || pwrite(fd, dlen, 4, (off_t)(data_off - 4)) != 4 ||
         fdatasync(fd) != 0))
        rc = repair_fail(path, errno, err, errlen);
    close(fd);
    return rc;
}
