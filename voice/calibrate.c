/* calibrate: see calibrate.h. */
#define _POSIX_C_SOURCE 200809L
#include "calibrate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME 160
#define MEAN_DIMS (sizeof ((cc_asr_mean *)0)->sum / sizeof ((cc_asr_mean *)0)->sum[0])

/* Messages: snprintf into err, which may be NULL with errlen 0. */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void add_advice(cc_calibration *c, const char *fmt, ...)
{
    size_t used = strlen(c->advice);
    if (used && used + 1 < sizeof c->advice) c->advice[used++] = ' ', c->advice[used] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->advice + used, sizeof c->advice - used, fmt, ap);
    va_end(ap);
}

int cc_calib_measure(const int16_t *pcm, size_t n, cc_calibration *out, char *err, size_t errlen)
{
    cc_asr_mean keep = out->mean;
    memset(out, 0, sizeof *out);
    out->mean = keep;
    size_t nf = n / FRAME, clipped = 0;
    double *db = malloc((nf ? nf : 1) * sizeof *db), *sorted = malloc((nf ? nf : 1) * sizeof *sorted);
    if (!db || !sorted) {
        free(db);
        free(sorted);
        snprintf(err, errlen, "out of memory measuring the reading");
        return -1;
    }
    for (size_t i = 0; i < n; i++) clipped += pcm[i] >= 32767 || pcm[i] <= -32768;
    for (size_t f = 0; f < nf; f++) {
        double sum = 0;
        for (size_t i = 0; i < FRAME; i++) sum += (double)pcm[f * FRAME + i] * pcm[f * FRAME + i];
        double ms = sum / FRAME / (32768.0 * 32768.0);
        db[f] = ms > 1e-9 ? 10 * log10(ms) : -90.0;
        sorted[f] = db[f];
    }
    qsort(sorted, nf, sizeof *sorted, cmp_double);
    /* The room: the quietest tenth of the frames (the pauses between lines). Speech: the
     * frames 10 dB or more above it, as power. */
    out->noise_dbfs = nf ? sorted[nf / 10] : -90.0;
    double power = 0;
    size_t speech = 0;
    for (size_t f = 0; f < nf; f++)
        if (db[f] > out->noise_dbfs + 10.0) {
            power += pow(10.0, db[f] / 10.0);
            speech++;
        }
    free(db);
    free(sorted);
    out->clipped = n ? (double)clipped / (double)n : 0;
    out->speech_seconds = (double)speech * FRAME / 16000.0;
    if (out->speech_seconds < 1.0) {
        out->speech_dbfs = -120;
        snprintf(out->advice, sizeof out->advice,
                 "No speech was heard in the reading: check that the right microphone is chosen "
                 "and not muted, then read the lines again.");
        snprintf(err, errlen, "no speech in the reading (%.1f s of audio)", (double)n / 16000.0);
        return -1;
    }
    out->speech_dbfs = 10 * log10(power / (double)speech);
    out->snr_db = out->speech_dbfs - out->noise_dbfs;
    out->level_ok = out->speech_dbfs >= CC_CALIB_MIN_SPEECH_DBFS && out->clipped <= CC_CALIB_MAX_CLIPPED;
    out->noise_ok = out->snr_db >= CC_CALIB_MIN_SNR_DB;
    if (out->speech_dbfs < CC_CALIB_MIN_SPEECH_DBFS)
        add_advice(out, "Your voice is very quiet (%.0f dBFS): move the microphone closer or raise "
                   "its input level in the system's sound settings, then read again.",
                   out->speech_dbfs);
    if (out->clipped > CC_CALIB_MAX_CLIPPED)
        add_advice(out, "Your voice is too loud for the microphone (%.1f %% of the sound is "
                   "clipped): lower its input level or move it a little away, then read again.",
                   100.0 * out->clipped);
    if (!out->noise_ok)
        add_advice(out, "The room is noisy (your voice is only %.0f dB above the background): "
                   "spoken answers may be misheard; find a quieter place or use a headset, or "
                   "type your answers.",
                   out->snr_db);
    return 0;
}

int cc_calib_learn(cc_asr *a, const int16_t *pcm, size_t n, cc_calibration *out, char *err,
                   size_t errlen)
{
    cc_asr_result r = {0};
    if (cc_asr_live_begin(a, err, errlen) != 0 || cc_asr_live_feed(a, pcm, n, err, errlen) != 0 ||
        cc_asr_live_hear(a, -1, &r, err, errlen) != 0)
        return -1;
    cc_asr_result_free(&r);
    cc_asr_live_mean(a, &out->mean);
    if (out->mean.frames == 0) {
        snprintf(err, errlen, "the recogniser heard no speech in the reading");
        return -1;
    }
    return 0;
}

/* Appends to buf as snprintf would, counting what did not fit. */
static void put(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(*used < len ? buf + *used : NULL, *used < len ? len - *used : 0, fmt, ap);
    va_end(ap);
    if (k > 0) *used += (size_t)k;
}

size_t cc_calib_format(const cc_calibration *c, char *buf, size_t len)
{
    size_t used = 0;
    if (!buf) len = 0;
    if (len) buf[0] = '\0';
    put(buf, len, &used, "callcoach-calibration 1\n");
    put(buf, len, &used,
        "speech_dbfs %.17g\nnoise_dbfs %.17g\nsnr_db %.17g\nclipped %.17g\nspeech_seconds %.17g\n",
        c->speech_dbfs, c->noise_dbfs, c->snr_db, c->clipped, c->speech_seconds);
    put(buf, len, &used, "mean_frames %zu\nmean_sum", c->mean.frames);
    for (size_t i = 0; i < MEAN_DIMS; i++) put(buf, len, &used, " %.17g", c->mean.sum[i]);
    put(buf, len, &used, "\n");
    return used;
}

int cc_calib_parse(const char *text, const char *what, cc_calibration *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    int line = 0, seen_header = 0;
    while (p && *p) {
        line++;
        const char *end = strchr(p, '\n');
        size_t l = end ? (size_t)(end - p) : strlen(p);
        char buf[2048];
        if (l >= sizeof buf) {
            snprintf(err, errlen, "%s:%d:1: error: line too long; calibrate again", what, line);
            return -1;
        }
        memcpy(buf, p, l);
        buf[l] = '\0';
        p = end ? end + 1 : NULL;
        if (!buf[0]) continue;
        if (!seen_header) {
            if (strcmp(buf, "callcoach-calibration 1") != 0) {
                snprintf(err, errlen, "%s:%d:1: error: not a callcoach calibration (version 1) "
                        "file; calibrate again", what, line);
                return -1;
            }
            seen_header = 1;
            continue;
        }
        char *sp = strchr(buf, ' ');
        if (!sp) {
            snprintf(err, errlen, "%s:%d:1: error: expected 'key value'; calibrate again", what, line);
            return -1;
        }
        *sp = '\0';
        const char *v = sp + 1;
        char *rest = NULL;
        double *dst = !strcmp(buf, "speech_dbfs") ? &out->speech_dbfs
                      : !strcmp(buf, "noise_dbfs") ? &out->noise_dbfs
                      : !strcmp(buf, "snr_db") ? &out->snr_db
                      : !strcmp(buf, "clipped") ? &out->clipped
                      : !strcmp(buf, "speech_seconds") ? &out->speech_seconds
                                                        : NULL;
        if (dst) {
            *dst = strtod(v, &rest);
        } else if (!strcmp(buf, "mean_frames")) {
            out->mean.frames = (size_t)strtoull(v, &rest, 10);
        } else if (!strcmp(buf, "mean_sum")) {
            rest = (char *)v;
            for (size_t i = 0; i < MEAN_DIMS; i++) {
                char *e;
                out->mean.sum[i] = strtod(rest, &e);
                if (e == rest) {
                    snprintf(err, errlen, "%s:%d:%d: error: mean_sum needs %zu numbers; calibrate "
                            "again", what, line, (int)(rest - buf) + 1, MEAN_DIMS);
                    return -1;
                }
                rest = e;
            }
        } else {
            snprintf(err, errlen, "%s:%d:1: error: unknown key '%s'; calibrate again", what, line, buf);
            return -1;
        }
        while (rest && (*rest == ' ' || *rest == '\t')) rest++;
        if (!rest || rest == v || *rest) {
            snprintf(err, errlen, "%s:%d:%d: error: '%s' is not a valid value for %s; calibrate "
                    "again", what, line, (int)(v - buf) + 1, v, buf);
            return -1;
        }
    }
    if (!seen_header) {
        snprintf(err, errlen, "%s:1:1: error: empty calibration file; calibrate again", what);
        return -1;
    }
    out->level_ok = out->speech_dbfs >= CC_CALIB_MIN_SPEECH_DBFS && out->clipped <= CC_CALIB_MAX_CLIPPED;
    out->noise_ok = out->snr_db >= CC_CALIB_MIN_SNR_DB;
    return 0;
}
