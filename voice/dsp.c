/* dsp: telephone band, ringback, hold music, delivery measures. See dsp.h. */
#include "dsp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CC_DSP_MIN_RATE 8000

static int16_t sat16(double v)
{
    if (v >= 32767.0) return 32767;
    if (v <= -32768.0) return -32768;
    return (int16_t)lrint(v);
}

/* ---- Telephone band ------------------------------------------------------ */

static void biquad(double c[5], int highpass, double f0, double q, int rate)
{
    double w0 = 2.0 * M_PI * f0 / rate;
    double cw = cos(w0), alpha = sin(w0) / (2.0 * q);
    double a0 = 1.0 + alpha;
    if (highpass) {
        c[0] = (1.0 + cw) / 2.0 / a0;
        c[1] = -(1.0 + cw) / a0;
        c[2] = (1.0 + cw) / 2.0 / a0;
    } else {
        c[0] = (1.0 - cw) / 2.0 / a0;
        c[1] = (1.0 - cw) / a0;
        c[2] = (1.0 - cw) / 2.0 / a0;
    }
    c[3] = -2.0 * cw / a0;
    c[4] = (1.0 - alpha) / a0;
}

void cc_phone_band_init(cc_phone_band *f, int rate)
{
    /* Q of the two sections of a 4th-order Butterworth: 1/(2 cos(pi/8)), 1/(2 cos(3pi/8)) */
    static const double q[2] = {0.54119610014619701, 1.3065629648763764};
    if (!f) return;
    memset(f, 0, sizeof *f);
    if (rate < CC_DSP_MIN_RATE) return; /* nsec 0: pass-through */
    biquad(f->c[0], 1, 300.0, q[0], rate);
    biquad(f->c[1], 1, 300.0, q[1], rate);
    f->nsec = 2;
    if (3400.0 < 0.45 * rate) {
        biquad(f->c[2], 0, 3400.0, q[0], rate);
        biquad(f->c[3], 0, 3400.0, q[1], rate);
        f->nsec = 4;
    }
}

void cc_phone_band_run(cc_phone_band *f, int16_t *s, size_t n)
{
    if (!f || !s) return;
    for (size_t i = 0; i < n; i++) {
        double x = s[i];
        for (int k = 0; k < f->nsec; k++) {
            const double *c = f->c[k];
            double *z = f->z[k];
            double y = c[0] * x + z[0];
            z[0] = c[1] * x - c[3] * y + z[1];
            z[1] = c[2] * x - c[4] * y;
            x = y;
        }
        s[i] = sat16(x);
    }
    /* Keep the state out of denormals after a long silence. */
    for (int k = 0; k < f->nsec; k++)
        for (int j = 0; j < 2; j++)
            if (fabs(f->z[k][j]) < 1e-15) f->z[k][j] = 0.0;
}

void cc_dsp_phone_band(int16_t *s, size_t n, int rate)
{
    cc_phone_band f;
    cc_phone_band_init(&f, rate);
    cc_phone_band_run(&f, s, n);
}

/* ---- Ringback ------------------------------------------------------------ */

#define RING_ON_S 2u
#define RING_CYCLE_S 6u

int cc_dsp_ring_number(uint64_t sample, int rate)
{
    if (rate < 1) return 0;
    uint64_t ring = sample / ((uint64_t)rate * RING_CYCLE_S) + 1;
    return ring > INT32_MAX ? INT32_MAX : (int)ring;
}

int cc_dsp_ring_on(uint64_t sample, int rate)
{
    if (rate < 1) return 0;
    return sample % ((uint64_t)rate * RING_CYCLE_S) < (uint64_t)rate * RING_ON_S;
}

/* sin(2 pi f k / rate) for an integer frequency f, exact in phase for any k. */
static double tone_at(unsigned f, uint64_t k, int rate)
{
    uint64_t r = (uint64_t)rate;
    uint64_t ph = ((uint64_t)f * (k % r)) % r;
    return sin(2.0 * M_PI * (double)ph / (double)rate);
}

size_t cc_dsp_ringback(int16_t *out, size_t n, int rate, uint64_t start_sample)
{
    if (!out || rate < CC_DSP_MIN_RATE) return 0;
    const uint64_t cycle = (uint64_t)rate * RING_CYCLE_S, on = (uint64_t)rate * RING_ON_S;
    const double edge = 0.005 * rate, amp = 0.25 * 32767.0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = start_sample + i;
        uint64_t p = k % cycle;
        if (p >= on) {
            out[i] = 0;
            continue;
        }
        double env = 1.0;
        if ((double)p < edge)
            env = 0.5 - 0.5 * cos(M_PI * (double)p / edge);
        else if ((double)(on - p) < edge)
            env = 0.5 - 0.5 * cos(M_PI * (double)(on - p) / edge);
        out[i] = sat16(amp * env * (tone_at(440, k, rate) + tone_at(480, k, rate)));
    }
    return n;
}

/* ---- Hold music ---------------------------------------------------------- */

#define HOLD_CHORD_S 2.0
#define HOLD_CHORDS 4
#define HOLD_NOTE_S 0.25 /* eighth notes at 120 bpm */
#define HOLD_NOTES_PER_CHORD 8
#define HOLD_NOTE_RING_S 1.0 /* how long a plucked note may ring over the next ones */

/* MIDI notes. Pad voicing, bass, and the arpeggio's four tones per chord. */
static const int hold_pad[HOLD_CHORDS][3] = {
    {60, 64, 67}, /* C  */
    {57, 60, 64}, /* Am */
    {57, 60, 65}, /* F  */
    {55, 59, 62}, /* G  */
};
static const int hold_bass[HOLD_CHORDS] = {48, 45, 41, 43};
static const int hold_arp[HOLD_CHORDS][4] = {
    {72, 76, 79, 84},
    {69, 72, 76, 81},
    {69, 72, 77, 81},
    {67, 71, 74, 79},
};
static const int hold_pattern[HOLD_NOTES_PER_CHORD] = {0, 1, 2, 3, 2, 1, 2, 1};

static double midi_hz(int m) { return 440.0 * pow(2.0, (m - 69) / 12.0); }

static double raised(double x) /* 0..1 -> 0..1, smooth */
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return 0.5 - 0.5 * cos(M_PI * x);
}

/* One sample of the loop at time t (seconds, 0 <= t < loop length). */
static double hold_sample(double t)
{
    int c = (int)(t / HOLD_CHORD_S);
    if (c >= HOLD_CHORDS) c = HOLD_CHORDS - 1;
    double tc = t - c * HOLD_CHORD_S; /* time into the chord */
    double v = 0.0;

    /* Pad: slow swell in, gentle fade at the chord's end. */
    double penv = raised(tc / 0.35) * raised((HOLD_CHORD_S - tc) / 0.30);
    for (int i = 0; i < 3; i++) v += 0.045 * penv * sin(2.0 * M_PI * midi_hz(hold_pad[c][i]) * tc);

    /* Bass: quick attack, decays to a floor, fades at the chord's end. */
    double benv = raised(tc / 0.02) * (0.45 + 0.55 * exp(-tc / 0.6)) *
                  raised((HOLD_CHORD_S - tc) / 0.15);
    v += 0.10 * benv * sin(2.0 * M_PI * midi_hz(hold_bass[c]) * tc);

    /* Arpeggio: the current note and the ones still ringing from before. */
    const int total = HOLD_CHORDS * HOLD_NOTES_PER_CHORD;
    int cur = (int)(t / HOLD_NOTE_S);
    if (cur >= total) cur = total - 1;
    for (int back = 0; back * HOLD_NOTE_S < HOLD_NOTE_RING_S; back++) {
        int j = cur - back;                      /* < 0: the end of the previous loop */
        double age = t - j * HOLD_NOTE_S;
        if (age >= HOLD_NOTE_RING_S) continue;
        int idx = ((j % total) + total) % total;
        int m = hold_arp[idx / HOLD_NOTES_PER_CHORD][hold_pattern[idx % HOLD_NOTES_PER_CHORD]];
        double env = raised(age / 0.006) * exp(-age / 0.22) *
                     (0.5 + 0.5 * cos(M_PI * age / HOLD_NOTE_RING_S));
        double ph = 2.0 * M_PI * midi_hz(m) * age;
        v += 0.11 * env * (sin(ph) + 0.18 * sin(2.0 * ph));
    }
    return v;
}

size_t cc_dsp_hold_music(int16_t *out, size_t n, int rate, uint64_t start_sample)
{
    if (!out || rate < CC_DSP_MIN_RATE) return 0;
    const uint64_t loop = (uint64_t)rate * (uint64_t)(HOLD_CHORD_S * HOLD_CHORDS);
    for (size_t i = 0; i < n; i++) {
        uint64_t pos = (start_sample + i) % loop;
        out[i] = sat16(0.9 * 32767.0 * hold_sample((double)pos / rate));
    }
    return n;
}

/* ---- Delivery ------------------------------------------------------------ */

#define DLV_FRAME_S 0.040
#define DLV_HOP_S 0.010
#define DLV_FMIN 60.0
#define DLV_FMAX 420.0
#define DLV_YIN_THRESHOLD 0.2
#define DLV_SPEECH_FLOOR_DB -50.0
#define DLV_SPEECH_BELOW_MAX_DB 35.0
#define DLV_NO_SPEECH_DB -120.0

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p)
{
    double pos = p * (double)(n - 1);
    size_t i = (size_t)pos;
    if (i + 1 >= n) return sorted[n - 1];
    double frac = pos - (double)i;
    return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

/* YIN on x[0 .. w + taumax): returns the period in samples, or 0 if unvoiced. */
static double yin_period(const double *x, size_t w, size_t taumin, size_t taumax, double *d)
{
    d[0] = 0.0;
    for (size_t tau = 1; tau <= taumax; tau++) {
        double acc = 0.0;
        for (size_t j = 0; j < w; j++) {
            double diff = x[j] - x[j + tau];
            acc += diff * diff;
        }
        d[tau] = acc;
    }
    /* cumulative mean normalised difference, in place */
    double run = 0.0;
    d[0] = 1.0;
    for (size_t tau = 1; tau <= taumax; tau++) {
        run += d[tau];
        d[tau] = run > 0.0 ? d[tau] * (double)tau / run : 1.0;
    }
    size_t best = 0;
    for (size_t tau = taumin; tau <= taumax; tau++) {
        if (d[tau] < DLV_YIN_THRESHOLD) {
            while (tau + 1 <= taumax && d[tau + 1] < d[tau]) tau++;
            best = tau;
            break;
        }
    }
    if (!best) return 0.0;
    double period = (double)best;
    if (best > 1 && best < taumax) {
        double a = d[best - 1], b = d[best], c = d[best + 1];
        double den = a - 2.0 * b + c;
        if (den > 0.0) period += 0.5 * (a - c) / den;
    }
    return period;
}

/* Pitch is tracked on a copy low-passed at 1 kHz (the formants go, the
 * fundamental and first harmonics stay) and decimated to 8-11 kHz: four
 * times less work at 22050 Hz and a cleaner periodicity for YIN. */
#define DLV_PITCH_LP_HZ 1000.0
#define DLV_PITCH_MAX_RATE 11025.0

static double *pitch_signal(const int16_t *s, size_t n, int rate, size_t *factor, size_t *nd)
{
    static const double q[2] = {0.54119610014619701, 1.3065629648763764};
    size_t fac = 1;
    while ((double)rate / (double)(fac + 1) >= 8000.0 && (double)rate / (double)fac > DLV_PITCH_MAX_RATE) fac++;
    size_t m = n / fac;
    double *d = malloc((m ? m : 1) * sizeof *d);
    if (!d) return NULL;
    double c[2][5], z[2][2] = {{0, 0}, {0, 0}};
    biquad(c[0], 0, DLV_PITCH_LP_HZ, q[0], rate);
    biquad(c[1], 0, DLV_PITCH_LP_HZ, q[1], rate);
    for (size_t i = 0, k = 0; i < n && k < m; i++) {
        double x = s[i];
        for (int j = 0; j < 2; j++) {
            double y = c[j][0] * x + z[j][0];
            z[j][0] = c[j][1] * x - c[j][3] * y + z[j][1];
            z[j][1] = c[j][2] * x - c[j][4] * y;
            x = y;
        }
        if (i % fac == 0) d[k++] = x;
    }
    *factor = fac;
    *nd = m;
    return d;
}

int cc_dsp_delivery(const int16_t *s, size_t n, int rate, cc_delivery *out)
{
    if (!out || (n > 0 && !s) || rate < CC_DSP_MIN_RATE) return -1;
    cc_delivery r = {0.0, 0.0, DLV_NO_SPEECH_DB, 0.0, 0.0};

    size_t frame = (size_t)lround(DLV_FRAME_S * rate);
    size_t hop = (size_t)lround(DLV_HOP_S * rate);
    if (n < frame) {
        *out = r;
        return 0;
    }
    size_t nframes = (n - frame) / hop + 1;

    size_t fac = 1, nd = 0;
    double *x = pitch_signal(s, n, rate, &fac, &nd);
    double rd = (double)rate / (double)fac;
    size_t dframe = (size_t)lround(DLV_FRAME_S * rd);
    size_t taumin = (size_t)floor(rd / DLV_FMAX);
    size_t taumax = (size_t)ceil(rd / DLV_FMIN);
    if (taumin < 2) taumin = 2;
    size_t w = dframe - taumax; /* YIN integration window */

    double *level = malloc(nframes * sizeof *level);
    double *sumsq = malloc(nframes * sizeof *sumsq);
    double *f0 = malloc(nframes * sizeof *f0);
    double *d = malloc((taumax + 2) * sizeof *d);
    if (!x || !level || !sumsq || !f0 || !d) {
        free(x), free(level), free(sumsq), free(f0), free(d);
        return -1;
    }

    double maxdb = -INFINITY;
    for (size_t f = 0; f < nframes; f++) {
        const int16_t *p = s + f * hop;
        double acc = 0.0;
        for (size_t j = 0; j < frame; j++) acc += (double)p[j] * (double)p[j];
        sumsq[f] = acc;
        double rms = sqrt(acc / (double)frame);
        level[f] = rms > 0.0 ? 20.0 * log10(rms / 32768.0) : -200.0;
        if (level[f] > maxdb) maxdb = level[f];
    }

    size_t nspeech = 0, nvoiced = 0;
    double speech_sumsq = 0.0;
    for (size_t f = 0; f < nframes; f++) {
        if (level[f] < DLV_SPEECH_FLOOR_DB || level[f] < maxdb - DLV_SPEECH_BELOW_MAX_DB) continue;
        nspeech++;
        speech_sumsq += sumsq[f];
        size_t start = f * hop / fac;
        if (start + dframe > nd) continue;
        double period = yin_period(x + start, w, taumin, taumax, d);
        if (period > 0.0) f0[nvoiced++] = rd / period;
    }

    if (nspeech) {
        double rms = sqrt(speech_sumsq / ((double)nspeech * (double)frame));
        r.loudness_dbfs = rms > 0.0 ? 20.0 * log10(rms / 32768.0) : DLV_NO_SPEECH_DB;
        r.speech_seconds = (double)nspeech * (double)hop / rate;
        r.voiced_seconds = (double)nvoiced * (double)hop / rate;
    }
    if (nvoiced) {
        qsort(f0, nvoiced, sizeof *f0, cmp_double);
        r.pitch_median_hz = percentile(f0, nvoiced, 0.5);
        if (nvoiced >= 5) {
            double lo = percentile(f0, nvoiced, 0.10), hi = percentile(f0, nvoiced, 0.90);
            r.pitch_range_semitones = 12.0 * log2(hi / lo);
        }
    }
    free(x), free(level), free(sumsq), free(f0), free(d);
    *out = r;
    return 0;
}

int16_t *cc_dsp_resample(const int16_t *in, size_t n, int from, int to, size_t *out_n)
{
    if (from == to) {
        int16_t *c = malloc((n ? n : 1) * sizeof *c);
        if (c && n) memcpy(c, in, n * sizeof *c);
        *out_n = c ? n : 0;
        return c;
    }
    size_t m = from > 0 && to > 0 ? (size_t)((double)n * to / from) : 0;
    int16_t *out = malloc((m ? m : 1) * sizeof *out);
    if (!out) return NULL;
    for (size_t i = 0; i < m; i++) {
        double x = (double)i * from / to;
        size_t k = (size_t)x;
        double f = x - (double)k;
        double a = k < n ? in[k] : 0, b = k + 1 < n ? in[k + 1] : a;
        out[i] = (int16_t)lrint(a + (b - a) * f);
    }
    *out_n = m;
    return out;
}
