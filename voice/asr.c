/* asr: speech in, with PocketSphinx 0.8 (old API). See asr.h for the contract.
 *
 * The only file that uses PocketSphinx and sphinxbase.
 *
 * How a buffer is decoded, and why (measured on this project's machines, 2 cores; WER on
 * the ten scenario answers of tests/voice/test_asr.c spoken by espeak-ng en-us+klatt and
 * en-us+m1, model = tests/voice/scenario_sentences.txt + assets/conversation.txt):
 * 1. Voice activity: a front end of its own (the decoder's feature settings, silence
 *    removal on: PocketSphinx's detector, which tracks the noise floor) is fed one frame
 *    of samples at a time; the frames it hands out are the speech regions, with 200 ms of
 *    prespeech and trailing_silence_ms of hangover. Regions whose speech restarts within
 *    merge_gap_ms are merged. Costs about 0.2 % of real time.
 * 2. Each region is decoded as one utterance with silence removal off (word times are then
 *    plain frame counts from the region's start), fed 1024 samples at a time as a
 *    microphone would, -fwdflat no, up to 150 ms after its speech (step 8).
 * 3. Cepstral mean: PocketSphinx's live normalisation starts each utterance from the
 *    previous utterance's mean, so results depended on what was decoded before, and the
 *    first words of an utterance suffered. The region's own mean, summed in step 1, is set
 *    before decoding: WER klatt 11.3 % -> 8.7 %, m1 20.9 % -> 17.4 % (lw 10, no dither).
 *    Mean over the whole region, trailing silence included: leaving the hangover out was
 *    worse (klatt 9.6 %, m1 14.8 % against 7.0 %, 12.2 %).
 * 4. A microphone's noise floor is added to a copy of the audio (white, +-64, about
 *    -60 dBFS RMS, fixed seed): digital silence before or after speech (synthetic speech,
 *    padded or gated recordings) otherwise reaches the model as frames no microphone
 *    makes. WER on the ten answers x 2 voices: plain 6.1 %, with 0.25 s of leading digital
 *    silence 8.3 % ("thank you for" -> "second sort"); with the floor 3.0 % and 2.6 %, and
 *    3.0 % on the same audio with a real -60 dB noise mixed in. +-16: 6.1 %; +-128 helps
 *    synthetic speech but costs real speech (LibriVox 25 % -> 30 %, cards 0 -> 4.8 %); at
 *    +-64 real speech is unchanged. (PocketSphinx's -dither, 1/2 bit, was the first fix:
 *    m1 17.4 % -> 12.2 %, but not enough.)
 * 5. Language weight 10 for the scenario model (6.5: klatt 10.4 %, m1 26.1 %; 10: 7.0 %,
 *    12.2 %; 13: worse again). Whole-utterance batch normalisation (full_utt) was worse
 *    (34 % against 20 % at the time) and is not what a live microphone allows.
 * 6. -bestpath yes, against the design notes' "no": it gives the lattice posteriors the
 *    confidence needs, at the same or better accuracy (klatt 7.0 %, m1 12.2 % both ways),
 *    and with a model this small the finalisation stays at p50 10 ms, p95 18 ms per
 *    utterance (bench/bench_asr). With the general model it costs more (LibriVox WER
 *    21 % -> 25 %, slower finalisation); that mode is for tests only.
 * 7. -topn 3 (see CC_ASR_TOPN). Narrower beams or -maxhmmpf save little (search is
 *    under 10 % of the time) and cost much accuracy (-beam 1e-45: WER 22 %).
 * 8. Decoding stops 150 ms after a region's speech (CC_ASR_DECODE_TAIL), not at the end of
 *    its hangover: same words, 11 % less CPU.
 * 9. Posteriors with -ascale 14 (CC_ASR_ASCALE): fewer clean answers fall under the
 *    standard's min_confidence, the off-domain ones stay far below it.
 * 10. The decoder is fed the voice pass's cepstra (ps_process_cep) instead of the samples,
 *    which its own front end would turn into the same cepstra again: same words on every
 *    test answer, 2 % less CPU (in one process, alternating both ways over the bench's
 *    answers). A merged region whose gap the voice pass did not hand out is decoded from
 *    its samples.
 * 11. The app decodes an answer while it is spoken (cc_asr_live_*, "live decoding" below):
 *    the same voice pass, noise floor, frames and decoder, fed as the endpointer hands the
 *    audio out; only the cepstral mean (step 3) has to be chosen before the answer ends.
 *    Over bench_listen's 394 answers its rule verdicts agree with the written text as often
 *    as decoding each answer whole (m1 1.54 % against 1.54 % differ, f5 3.08 % against
 *    3.29 %), and the trainee waits only for the finalisation.
 * 12. The audio is cleaned first by the product's front end (frontend.h, libspeexdsp's noise
 *    suppression; cfg->front_end): on bench/bench_hear's dev part (voices and rooms the rest of
 *    this list was not tuned on) verdicts agreed a little more often in quiet rooms and steady
 *    noise; on bench_asr's clean answers WER as the app hears 0.039 -> 0.030, decoded whole
 *    0.030 -> 0.052, for about 7 % more CPU.
 * Tried and not taken (CPU against raw decoding, same process): -pl_window 0 (no phone-loop
 *    lookahead) 6 % less, but a poor take of tests/voice/test_spoken.c then passed spoken
 *    and off-domain confidence rose from 0.17 to 0.22; -pl_window 2 (default 5) about 12 %
 *    less in bench_asr, the same word error rate there, but small-request/dismissive.take
 *    (a poor take) passed spoken; -ds 2 30 % less, but WER 3.0 % ->
 *    7.8 % and a clean answer at confidence 0.28. The Gaussians (ptm_mgau_frame_eval) are
 *    73 % of the time (perf); with the phone loop on, every codebook is scored every frame,
 *    so only fewer frames or fewer Gaussians make it cheaper.
 * With the current scenario list: WER 3.0 % (klatt and m1 together), CPU real-time factor
 * 0.054 with the machine's two cores loaded by other work (0.060 before step 8 at the same
 * load; in one process, alternating the two set-ups over the same answers: 0.0579 -> 0.0514).
 * Spoken takes of the 12 shipped scenarios agree with typed ones on 96.2 % of verdicts
 * (94.2 % before steps 8-9; tests/voice/test_spoken.c). */
#define _POSIX_C_SOURCE 200809L
#include "asr.h"

#include "frontend.h"
#include "lm.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/fsg_model.h>
#include <sphinxbase/jsgf.h>

#ifndef CC_PS_MODELDIR
#define CC_PS_MODELDIR "/usr/share/pocketsphinx/model"
#endif

/* Word confidence = posterior probability of the word in the lattice (PocketSphinx's
 * bestpath pass, run for this: with -bestpath no there are no posteriors) times how well
 * the word fits the scenario's n-grams: 1 when it was predicted by the longest n-gram its
 * position allows (a trigram; a bigram for the first word of an utterance), CC_ASR_FIT_BACKOFF1
 * after one back-off, CC_ASR_FIT_BACKOFF2 after two (a bare unigram). Speech the model cannot
 * express gets forced onto scenario words, which then rarely follow one another as in any
 * sentence the model was built from; the posterior alone does not see that (the lattice only
 * holds scenario words, so a forced path can still be the only one).
 *
 * A word also loses trust when it lasts far longer than its phones allow (duration_fit()).
 *
 * Measured (espeak-ng en-us+klatt and en-us+m1, scenario model of tests/voice: 704
 * sentences, 537 words; utterance confidence):
 *   in-domain sentences (the ten answers x 2 voices), 20 utterances:  0.69 - 1.00, mean 0.88
 *   off-domain English, German, French, Spanish (espeak-ng), the 5 LibriVox clips (real
 *   speech), a 300-900 Hz sweep, 13 utterances:                      0.09 - 0.29, mean 0.19
 *   (with PocketSphinx's default -ascale 20). With -ascale 14 (CC_ASR_ASCALE): in-domain
 *   0.73 - 1.00, mean 0.90; test_asr's off-domain utterances (English, German, French) and
 *   the sweep 0.08 - 0.28 (0.04 - 0.28 with 20).
 *   (pink noise gives no utterance at all; the sweep scored 0.83 before the duration check,
 *   as "you yes" with "you" stretched over 2 s).
 * Other measures tried and rejected: acoustic score per frame against the best senone
 * (in-domain 0.05-0.17 vs off-domain 0.05-0.13 after any scaling: it measures how
 * well the voice matches the acoustic model, not the words), and a phone-loop pass as a
 * reference (no separation, and 250 ms per utterance; PocketSphinx's -allphone search took
 * 9 s for 3.5 s of audio). */
#define CC_ASR_FIT_BACKOFF1 0.7
#define CC_ASR_FIT_BACKOFF2 0.3

/* Acoustic scale of the lattice posteriors behind word confidence (PocketSphinx: 20, i.e.
 * acoustic scores divided by 20). With 20, clean in-domain answers often came out just under
 * the standard's min_confidence 0.5 ("not understood": the caller asks again and the call goes
 * another way): 33 of the 193 take answers of tests/voice/test_spoken.c. Measured (spoken
 * against typed verdicts over the 12 shipped scenarios, 1722 verdicts; test_asr's separation):
 *   ascale 20: agreement 94.2 %, in-domain min 0.69, off-domain max 0.13
 *   ascale 14: agreement 96.2 %                                          (chosen)
 *   ascale 10: agreement 96.8 %, in-domain min 0.73, off-domain max 0.24, but a casual take
 *              ("Yeah, well, ..." heard as "you will ...", 0.58) passed spoken and not typed
 *   ascale 7:  in-domain min 0.65, off-domain max 0.31 (the separation narrows)
 * Only the scenario model sets it; the general-model and grammar modes keep the default. */
#define CC_ASR_ASCALE 14.0

/* Language weight of the scenario model (PocketSphinx's default, 6.5, is tuned for its
 * general model; a small in-domain model earns more trust). Measured on espeak-ng voices. */
#define CC_ASR_LW 10.0

/* Gaussians scored per codebook and frame for the scenario model (PocketSphinx: 4). Scoring
 * them is 70 % of the decoding time (perf); 3 saves about 10 % at the same WER on the
 * scenario answers (2.2 % against 2.6 %), LibriVox 25.4 % -> 26.8 %; 2 would save 12-20 % but
 * costs real speech (LibriVox 32 %; with a language model of only the LibriVox clips' words,
 * 31.0 % at 4, 33.8 % at 3, 35.2 % at 2) and changed the words of 4 of bench_asr's 20 answers. */
#define CC_ASR_TOPN 3

/* Frames of silence decoded after a region's speech (its hangover is trailing_silence_ms,
 * 500 by default). 150 ms leave the decoder room to end the last word in silence: on the
 * 196 take answers of tests/voice/test_spoken.c the words were the same as with the whole
 * hangover (WER 13.2 % both), and the decoding CPU time fell by 11 % (bench answers). */
#define CC_ASR_DECODE_TAIL 15

enum { RATE = 16000, SHIFT = 160 /* samples per 10 ms frame */, FRAME_LEN = 410 /* 25.6 ms window */,
       FEED = 1024, MAXCEP = (int)(sizeof ((cc_asr_mean *)0)->sum / sizeof (double)) };

typedef struct {
    char **v;
    size_t n, cap;
} strlist;

struct cc_asr {
    ps_decoder_t *ps;
    cmd_ln_t *vad_config;   /* front end for the voice-activity pass */
    int vad_pre, vad_start, vad_post, merge_frames;
    int ncep_width;         /* cepstra per frame of the voice pass */
    strlist vocab, pronounced, dropped;
    strlist phones;         /* the acoustic model's base phones, sorted; empty: unknown */
    int lang;               /* LANG_EN, LANG_RU, LANG_OTHER: digit words, pronunciations */
    double *fin_ms;
    int ngram;              /* an n-gram search (n-gram fit applies) */
    size_t ntiming, timing_cap;
    struct live *live;      /* cc_asr_live_*: the answer being spoken; NULL until used */
    cc_fe_config fe_cfg;    /* the recogniser's copy of the audio is cleaned first (frontend.h) */
    cc_frontend *fe_live;   /* the live stream's, kept from answer to answer (the room) */
    int16_t *fe_buf;        /* its output */
    size_t fe_cap;
};

static void live_free(struct live *lv);
static void live_interrupt(cc_asr *a);

/* ---- small helpers ------------------------------------------------------------------ */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int sl_push(strlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) return -1;
        l->v = nv;
        l->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c) return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    l->v[l->n++] = c;
    return 0;
}

static void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    *l = (strlist){ 0 };
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and removes duplicates. */
static void sl_sort_unique(strlist *l)
{
    if (l->n == 0) return;
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    size_t out = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (strcmp(l->v[out], l->v[i]) == 0) free(l->v[i]);
        else l->v[++out] = l->v[i];
    }
    l->n = out + 1;
}

static long sl_find(const strlist *sorted, const char *s, size_t len)
{
    size_t lo = 0, hi = sorted->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(sorted->v[mid], s, len);
        if (c == 0 && sorted->v[mid][len] != '\0') c = 1;
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
}

/* PocketSphinx's messages: kept quiet, the last error remembered for our own messages. */
static char ps_last_error[512];

static void ps_log_cb(void *ud, err_lvl_t lvl, const char *fmt, ...)
{
    (void)ud;
    if (lvl != ERR_ERROR && lvl != ERR_FATAL) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps_last_error, sizeof ps_last_error, fmt, ap);
    va_end(ap);
    size_t len = strlen(ps_last_error);
    while (len > 0 && (ps_last_error[len - 1] == '\n' || ps_last_error[len - 1] == ' '))
        ps_last_error[--len] = '\0';
}

static void quiet_sphinx(void)
{
    err_set_callback(ps_log_cb, NULL);
    ps_last_error[0] = '\0';
}

static int file_readable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- a model folder ---------------------------------------------------------------- */

static int is_dir_path(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_file_in(const char *dir, const char *name)
{
    char p[4200];
    if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p) return 0;
    return file_readable(p);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

int cc_asr_model_files(const char *model_dir, char *hmm, size_t hmmlen, char *dict,
                       size_t dictlen, char *why, size_t whylen)
{
    if (hmmlen) hmm[0] = '\0';
    if (dictlen) dict[0] = '\0';
    if (!model_dir || !*model_dir) model_dir = CC_PS_MODELDIR "/en-us";
    DIR *d = opendir(model_dir);
    if (!d) {
        set_err(why, whylen, "it is not a folder that can be read (%s); give the folder of a "
                "PocketSphinx model", strerror(errno));
        return -1;
    }
    char acoustic[4200] = "", second[256] = "", dicts[2][256] = { "", "" };
    int nacoustic = 0, ndicts = 0;
    if (has_file_in(model_dir, "mdef")) {
        snprintf(acoustic, sizeof acoustic, "%s", model_dir);
        nacoustic = 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char sub[4200];
        if (snprintf(sub, sizeof sub, "%s/%s", model_dir, e->d_name) >= (int)sizeof sub) continue;
        if (ends_with(e->d_name, ".dict") || ends_with(e->d_name, ".dic")) {
            if (file_readable(sub)) {
                if (ndicts < 2) snprintf(dicts[ndicts], sizeof dicts[0], "%s", e->d_name);
                ndicts++;
            }
            continue;
        }
        if (has_file_in(model_dir, "mdef") || !is_dir_path(sub) || !has_file_in(sub, "mdef"))
            continue;
        if (nacoustic == 0) snprintf(acoustic, sizeof acoustic, "%s", sub);
        else if (nacoustic == 1) snprintf(second, sizeof second, "%s", e->d_name);
        nacoustic++;
    }
    closedir(d);
    if (nacoustic == 0) {
        set_err(why, whylen, "it has no acoustic model (no mdef in it nor in a folder inside it); "
                "put the acoustic model's files (mdef, means, variances, transition_matrices, "
                "feat.params...) in it or in one folder inside it");
        return -1;
    }
    if (nacoustic > 1) {
        set_err(why, whylen, "it has %d acoustic models (folders with mdef, e.g. %s and %s); "
                "keep one", nacoustic, acoustic + strlen(model_dir) + 1, second);
        return -1;
    }
    static const char *const needed[] = { "means", "variances", "transition_matrices" };
    for (size_t i = 0; i < sizeof needed / sizeof *needed; i++)
        if (!has_file_in(acoustic, needed[i])) {
            set_err(why, whylen, "its acoustic model %s has mdef but no %s; copy the whole "
                    "acoustic model", acoustic, needed[i]);
            return -1;
        }
    if (!has_file_in(acoustic, "mixture_weights") && !has_file_in(acoustic, "sendump")) {
        set_err(why, whylen, "its acoustic model %s has neither mixture_weights nor sendump; copy "
                "the whole acoustic model", acoustic);
        return -1;
    }
    if (ndicts == 0) {
        set_err(why, whylen, "it has no pronouncing dictionary (a .dict file); put the model's "
                "dictionary in it");
        return -1;
    }
    if (ndicts > 1) {
        set_err(why, whylen, "it has %d pronouncing dictionaries (%s, %s%s); keep one .dict file "
                "in it", ndicts, dicts[0], dicts[1], ndicts > 2 ? "..." : "");
        return -1;
    }
    if (snprintf(hmm, hmmlen, "%s", acoustic) >= (int)hmmlen ||
        snprintf(dict, dictlen, "%s/%s", model_dir, dicts[0]) >= (int)dictlen) {
        set_err(why, whylen, "its path is too long");
        return -1;
    }
    return 0;
}

/* ---- words ------------------------------------------------------------------------- */

/* Digits are spelled in the model's language, one digit at a time, the way a number is read
 * out on the phone ("2040" -> "two zero four zero"); game/text.c turns those words back into
 * digits for English and Russian. A language with no table here gets no digit words: a
 * number spelled in the wrong language would be a word the dictionary lacks. */
enum { LANG_EN, LANG_RU, LANG_OTHER };

/* Indexed by LANG_EN / LANG_RU, then the digit. (One table, not a choice between
 * two: GCC's object-size check misjudged `(ru ? a : b)[i]` under UBSan.) */
static const char *const digit_words[2][10] = {
    {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"},
    {"ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"}};

/* The primary subtag of a language code, compared without case. */
static int lang_kind(const char *lang)
{
    if (!lang || !*lang) return LANG_EN;
    size_t n = strcspn(lang, "-_");
    char p[4] = "";
    if (n > 3) return LANG_OTHER;
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        p[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    p[n] = '\0';
    if (!strcmp(p, "en") || !strcmp(p, "eng")) return LANG_EN;
    if (!strcmp(p, "ru") || !strcmp(p, "rus")) return LANG_RU;
    return LANG_OTHER;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Splits text into words as asr.h says; appends them to out. Capital Cyrillic letters are
 * lowered too (dictionaries of Russian models are lower-case). */
static int tokenize(const char *s, int lang, strlist *out)
{
    const unsigned char *p = (const unsigned char *)s;
    char buf[256];
    while (*p) {
        if (*p >= '0' && *p <= '9') {
            if (lang != LANG_OTHER) {
                const char *w = digit_words[lang == LANG_RU][*p - '0'];
                if (sl_push(out, w, strlen(w)) < 0) return -1;
            }
            p++;
            continue;
        }
        if (!is_word_byte(*p)) { p++; continue; }
        size_t len = 0;
        while (*p && (is_word_byte(*p) || (*p == '\'' && is_word_byte(p[1]) && len > 0))) {
            unsigned char c = *p++;
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
            if (c == 0xD0 && *p >= 0x90 && *p <= 0xAF && len + 2 < sizeof buf) {
                unsigned char d = *p++; /* А-Я: а-п are D0 B0-BF, р-я are D1 80-8F */
                if (d <= 0x9F) { buf[len++] = (char)0xD0; buf[len++] = (char)(d + 0x20); }
                else { buf[len++] = (char)0xD1; buf[len++] = (char)(d - 0x20); }
                continue;
            }
            if (c == 0xD0 && *p == 0x81 && len + 2 < sizeof buf) { /* Ё */
                p++;
                buf[len++] = (char)0xD1;
                buf[len++] = (char)0x91;
                continue;
            }
            if (len + 1 < sizeof buf) buf[len++] = (char)c;
        }
        if (sl_push(out, buf, len) < 0) return -1;
    }
    return 0;
}

/* CMUdict's 39 phones (and silence): what espeak-ng's phonemes are mapped to
 * (voice/phonemes.c), and the phones of the installed en-us model. */
static const char *const cmu_phones[] = {
    "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F",
    "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R",
    "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH", "SIL" };

/* The base phones of an acoustic model, from its mdef: the binary form PocketSphinx's
 * tools write ("BMDF", a text header, ten counts, then the phone names) or the text form
 * (a base phone is a line "AA - - - ..."). Leaves out nothing on failure: out stays empty
 * and the caller treats the phone set as unknown. */
static void read_phones(const char *mdef, strlist *out)
{
    FILE *f = fopen(mdef, "rb");
    if (!f) return;
    unsigned char head[12];
    size_t got = fread(head, 1, sizeof head, f);
    if (got >= 4 && (memcmp(head, "BMDF", 4) == 0 || memcmp(head, "FDMB", 4) == 0) && got == 12) {
        int swap = memcmp(head, "FDMB", 4) == 0;
        uint32_t hl = swap ? ((uint32_t)head[8] << 24 | (uint32_t)head[9] << 16 |
                              (uint32_t)head[10] << 8 | head[11])
                           : ((uint32_t)head[11] << 24 | (uint32_t)head[10] << 16 |
                              (uint32_t)head[9] << 8 | head[8]);
        unsigned char c[40];
        if (hl < (1u << 20) && fseek(f, (long)(12 + hl), SEEK_SET) == 0 &&
            fread(c, 1, sizeof c, f) == sizeof c) {
            uint32_t n = swap ? ((uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3])
                              : ((uint32_t)c[3] << 24 | (uint32_t)c[2] << 16 | (uint32_t)c[1] << 8 | c[0]);
            char name[64];
            for (uint32_t i = 0; i < n && i < 1000; i++) {
                size_t len = 0;
                int ch;
                while ((ch = fgetc(f)) != EOF && ch != 0)
                    if (len + 1 < sizeof name) name[len++] = (char)ch;
                if (ch == EOF) break;
                if (sl_push(out, name, len) < 0) break;
            }
        }
    } else if (got > 0) {
        rewind(f);
        char line[512];
        while (fgets(line, sizeof line, f)) {
            char a[64], b[8], c2[8], d[8];
            if (line[0] == '#') continue;
            if (sscanf(line, "%63s %7s %7s %7s", a, b, c2, d) == 4 && !strcmp(b, "-") &&
                !strcmp(c2, "-") && !strcmp(d, "-") && sl_push(out, a, strlen(a)) < 0)
                break;
        }
    }
    fclose(f);
    sl_sort_unique(out);
}

static int phone_known(const strlist *phones, const char *ph)
{
    if (phones->n) return sl_find(phones, ph, strlen(ph)) >= 0;
    for (size_t i = 0; i < sizeof cmu_phones / sizeof *cmu_phones; i++)
        if (strcmp(ph, cmu_phones[i]) == 0) return 1;
    return 0;
}

/* Whether the acoustic model has every CMUdict phone (an unknown phone set counts as CMU's
 * only for English, where the installed model is the reference). */
static int phones_are_cmu(const strlist *phones)
{
    if (!phones->n) return 0;
    for (size_t i = 0; i < sizeof cmu_phones / sizeof *cmu_phones; i++)
        if (sl_find(phones, cmu_phones[i], strlen(cmu_phones[i])) < 0) return 0;
    return 1;
}

/* Normalises "n ao1 r th w ih0 n d" to "N AO R TH W IH N D" in out; 0 if every phone is
 * one of the model's, -1 otherwise. */
static int normalise_phones(const strlist *phones, const char *in, char *out, size_t outlen)
{
    size_t o = 0, nph = 0;
    const char *p = in;
    while (*p) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        char ph[8];
        size_t len = 0;
        while (*p && *p != ' ' && *p != '\t') {
            char c = *p++;
            if (c >= '0' && c <= '9') continue; /* stress marks */
            if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
            if (len + 1 >= sizeof ph) return -1;
            ph[len++] = c;
        }
        ph[len] = '\0';
        if (len == 0) continue;
        if (!phone_known(phones, ph)) return -1;
        if (o + len + 2 > outlen) return -1;
        if (o) out[o++] = ' ';
        memcpy(out + o, ph, len);
        o += len;
        nph++;
    }
    out[o] = '\0';
    return nph > 0 ? 0 : -1;
}

/* ---- temporary files ---------------------------------------------------------------- */

static FILE *make_temp(char *path, size_t pathlen, const char *what, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    snprintf(path, pathlen, "%s/callcoach-%s-XXXXXX", dir, what);
    int fd = mkstemp(path);
    if (fd < 0) {
        set_err(err, errlen, "cannot make a temporary file in %s: %s", dir, strerror(errno));
        path[0] = '\0';
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        set_err(err, errlen, "cannot make a temporary file in %s: %s", dir, strerror(errno));
        close(fd);
        unlink(path);
        path[0] = '\0';
    }
    return f;
}

/* ---- dictionary --------------------------------------------------------------------- */

/* Writes to dictf the cmudict entries of every word of vocab (sorted), with alternates;
 * found[i] is set for each word found. */
static int copy_dict_entries(const char *dictpath, const strlist *vocab, char *found, FILE *dictf,
                             char *err, size_t errlen)
{
    FILE *f = fopen(dictpath, "r");
    if (!f) {
        set_err(err, errlen, "cannot read the dictionary %s: %s", dictpath, strerror(errno));
        return -1;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, " \t(\r\n");
        if (len == 0) continue;
        long i = sl_find(vocab, line, len);
        if (i < 0) continue;
        found[i] = 1;
        size_t l = strlen(line);
        fputs(line, dictf);
        if (line[l - 1] != '\n') fputc('\n', dictf);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        set_err(err, errlen, "cannot read the dictionary %s", dictpath);
        return -1;
    }
    return 0;
}

/* Words of vocab not in the dictionary get cfg->pronounce or are dropped. */
static int pronounce_missing(cc_asr *a, const cc_asr_config *cfg, strlist *vocab,
                             const char *found, FILE *dictf)
{
    for (size_t i = 0; i < vocab->n; i++) {
        if (found[i]) continue;
        const char *w = vocab->v[i];
        /* cfg->pronounce gives CMU phones: usable for English, and for another language
         * only when its acoustic model has CMU's phones (an English-trained model used
         * for a dialect or a made-up code). */
        int cmu = a->lang == LANG_EN || phones_are_cmu(&a->phones);
        const char *ph = cmu && cfg->pronounce ? cfg->pronounce(cfg->pronounce_ud, w) : NULL;
        char norm[1024];
        if (ph && normalise_phones(&a->phones, ph, norm, sizeof norm) == 0) {
            fprintf(dictf, "%s %s\n", w, norm);
            if (sl_push(&a->pronounced, w, strlen(w)) < 0) return -1;
        } else {
            if (sl_push(&a->dropped, w, strlen(w)) < 0) return -1;
        }
    }
    return 0;
}

/* ---- creation ----------------------------------------------------------------------- */

static int word_dropped(const cc_asr *a, const char *w)
{
    for (size_t i = 0; i < a->dropped.n; i++)
        if (strcmp(a->dropped.v[i], w) == 0) return 1;
    return 0;
}

/* Builds the language model and trimmed dictionary files from cfg->sentences. */
static int build_from_sentences(cc_asr *a, const cc_asr_config *cfg, const char *cmudict,
                                char *lmpath, char *dictpath, size_t pathlen, char *err,
                                size_t errlen)
{
    int rc = -1;
    /* The scenario's sentences, then the general ones (cfg->general). */
    size_t ns = cfg->nsentences, ntotal = ns + cfg->ngeneral;
    strlist *sent = calloc(ntotal ? ntotal : 1, sizeof *sent);
    strlist vocab = { 0 };
    char *found = NULL;
    char **joined = NULL;
    size_t njoined = 0;
    cc_lm *lm = NULL;
    FILE *dictf = NULL, *lmf = NULL;
    if (!sent) goto oom;
    for (size_t i = 0; i < ntotal; i++) {
        const char *text = i < ns ? cfg->sentences[i] : cfg->general[i - ns];
        if (text && tokenize(text, a->lang, &sent[i]) < 0) goto oom;
        for (size_t j = 0; j < sent[i].n; j++)
            if (sl_push(&vocab, sent[i].v[j], strlen(sent[i].v[j])) < 0) goto oom;
    }
    sl_sort_unique(&vocab);
    if (vocab.n == 0) {
        set_err(err, errlen, "no words to recognise: the scenario gave %zu sentences, all empty",
                cfg->nsentences);
        goto done;
    }
    found = calloc(vocab.n, 1);
    if (!found) goto oom;
    if (!(dictf = make_temp(dictpath, pathlen, "dict", err, errlen))) goto done;
    if (copy_dict_entries(cmudict, &vocab, found, dictf, err, errlen) < 0) goto done;
    if (pronounce_missing(a, cfg, &vocab, found, dictf) < 0) goto oom;
    if (fclose(dictf) != 0) {
        dictf = NULL;
        set_err(err, errlen, "cannot write the temporary dictionary %s", dictpath);
        goto done;
    }
    dictf = NULL;

    /* Sentences without the dropped words. */
    joined = calloc(ntotal ? ntotal : 1, sizeof *joined);
    if (!joined) goto oom;
    for (size_t i = 0; i < ntotal; i++) {
        size_t len = 1;
        for (size_t j = 0; j < sent[i].n; j++) len += strlen(sent[i].v[j]) + 1;
        char *s = malloc(len);
        if (!s) goto oom;
        size_t o = 0;
        for (size_t j = 0; j < sent[i].n; j++) {
            if (word_dropped(a, sent[i].v[j])) continue;
            size_t l = strlen(sent[i].v[j]);
            if (o) s[o++] = ' ';
            memcpy(s + o, sent[i].v[j], l);
            o += l;
        }
        s[o] = '\0';
        joined[njoined++] = s;
    }
    if (cfg->general_weight > 0 && cfg->ngeneral > 0 && ns > 0) {
        /* Two models, mixed: the scenario's, and the general one's share of every
         * prediction, so off-script speech has somewhere to go (lm.h cc_lm_mix). */
        cc_lm *scn = cc_lm_build((const char *const *)joined, ns, err, errlen);
        cc_lm *gen = scn ? cc_lm_build((const char *const *)joined + ns, njoined - ns, err, errlen)
                         : NULL;
        lm = gen ? cc_lm_mix(scn, gen, 1.0 - cfg->general_weight, err, errlen) : NULL;
        cc_lm_free(scn);
        cc_lm_free(gen);
    } else {
        lm = cc_lm_build((const char *const *)joined, njoined, err, errlen);
    }
    if (!lm) {
        if (a->dropped.n)
            set_err(err, errlen, "no words to recognise: none of the scenario's %zu words has a "
                    "pronunciation (first: \"%s\")", vocab.n, a->dropped.v[0]);
        goto done;
    }
    for (size_t i = 0; i < cc_lm_vocab_size(lm); i++) {
        const char *w = cc_lm_word(lm, i);
        if (strcmp(w, "<s>") && strcmp(w, "</s>") && sl_push(&a->vocab, w, strlen(w)) < 0) goto oom;
    }
    if (!(lmf = make_temp(lmpath, pathlen, "lm", err, errlen))) goto done;
    if (cc_lm_write(lm, lmf, err, errlen) < 0) goto done;
    if (fclose(lmf) != 0) {
        lmf = NULL;
        set_err(err, errlen, "cannot write the temporary language model %s", lmpath);
        goto done;
    }
    lmf = NULL;
    rc = 0;
    goto done;
oom:
    set_err(err, errlen, "out of memory building the recogniser");
done:
    if (dictf) fclose(dictf);
    if (lmf) fclose(lmf);
    cc_lm_free(lm);
    if (joined)
        for (size_t i = 0; i < njoined; i++) free(joined[i]);
    free(joined);
    free(found);
    sl_free(&vocab);
    if (sent)
        for (size_t i = 0; i < ntotal; i++) sl_free(&sent[i]);
    free(sent);
    return rc;
}

/* The trimmed dictionary of a JSGF grammar's words. */
static int build_from_jsgf(cc_asr *a, const cc_asr_config *cfg, const char *cmudict,
                           char *dictpath, size_t pathlen, char *err, size_t errlen)
{
    if (!file_readable(cfg->jsgf_file)) {
        set_err(err, errlen, "cannot read the grammar %s: no such file", cfg->jsgf_file);
        return -1;
    }
    jsgf_t *g = jsgf_parse_file(cfg->jsgf_file, NULL);
    if (!g) {
        set_err(err, errlen, "cannot read the grammar %s: %s", cfg->jsgf_file,
                ps_last_error[0] ? ps_last_error : "not valid JSGF");
        return -1;
    }
    jsgf_rule_t *rule = jsgf_get_public_rule(g);
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    fsg_model_t *fsg = rule && lmath ? jsgf_build_fsg(g, rule, lmath, 1.0) : NULL;
    int rc = -1;
    char *found = NULL;
    FILE *dictf = NULL;
    if (!fsg) {
        set_err(err, errlen, "cannot read the grammar %s: it has no public rule", cfg->jsgf_file);
        goto done;
    }
    for (int i = 0; i < fsg_model_n_word(fsg); i++) {
        const char *w = fsg_model_word_str(fsg, i);
        if (w[0] == '<' || w[0] == '[' || w[0] == '+') continue;
        if (sl_push(&a->vocab, w, strlen(w)) < 0) goto oom;
    }
    sl_sort_unique(&a->vocab);
    found = calloc(a->vocab.n ? a->vocab.n : 1, 1);
    if (!found) goto oom;
    if (!(dictf = make_temp(dictpath, pathlen, "dict", err, errlen))) goto done;
    if (copy_dict_entries(cmudict, &a->vocab, found, dictf, err, errlen) < 0) goto done;
    if (pronounce_missing(a, cfg, &a->vocab, found, dictf) < 0) goto oom;
    if (a->dropped.n) {
        set_err(err, errlen, "the grammar %s uses \"%s\", which has no pronunciation",
                cfg->jsgf_file, a->dropped.v[0]);
        goto done;
    }
    if (fclose(dictf) != 0) {
        dictf = NULL;
        set_err(err, errlen, "cannot write the temporary dictionary %s", dictpath);
        goto done;
    }
    dictf = NULL;
    rc = 0;
    goto done;
oom:
    set_err(err, errlen, "out of memory building the recogniser");
done:
    if (dictf) fclose(dictf);
    free(found);
    if (fsg) fsg_model_free(fsg);
    logmath_free(lmath);
    jsgf_grammar_free(g);
    return rc;
}

/* A front-end configuration with every front-end setting of the decoder's, and silence
 * removal with our endpointing settings. */
static cmd_ln_t *vad_config_from(cmd_ln_t *pc, const cc_asr *a)
{
    cmd_ln_t *vc = cmd_ln_init(NULL, ps_args(), TRUE, NULL);
    if (!vc) return NULL;
    for (const arg_t *d = fe_get_args(); d->name; d++) {
        if (!cmd_ln_exists_r(pc, d->name) || !cmd_ln_exists_r(vc, d->name)) continue;
        if (d->type & ARG_INTEGER) cmd_ln_set_int_r(vc, d->name, cmd_ln_int_r(pc, d->name));
        else if (d->type & ARG_FLOATING) cmd_ln_set_float_r(vc, d->name, cmd_ln_float_r(pc, d->name));
        else if (d->type & ARG_BOOLEAN) cmd_ln_set_int_r(vc, d->name, cmd_ln_int_r(pc, d->name));
        else if (d->type & ARG_STRING) cmd_ln_set_str_r(vc, d->name, cmd_ln_str_r(pc, d->name));
    }
    cmd_ln_set_boolean_r(vc, "-remove_silence", TRUE);
    cmd_ln_set_int_r(vc, "-vad_postspeech", a->vad_post);
    cmd_ln_set_int_r(vc, "-vad_prespeech", a->vad_pre);
    cmd_ln_set_int_r(vc, "-vad_startspeech", a->vad_start);
    return vc;
}

cc_asr *cc_asr_create(const cc_asr_config *cfg, char *err, size_t errlen)
{
    if (!cfg) {
        set_err(err, errlen, "no recogniser configuration");
        return NULL;
    }
    int modes = (cfg->sentences && cfg->nsentences) + (cfg->lm_file != NULL) + (cfg->jsgf_file != NULL);
    if (modes != 1) {
        set_err(err, errlen, modes ? "give only one of sentences, a language model file and a grammar"
                                   : "nothing to recognise: give sentences, a language model file "
                                     "or a grammar");
        return NULL;
    }
    quiet_sphinx();
    char hmm[4096], cmudict[4096], mdef[4200], why[512];
    const char *mdir = cfg->model_dir && *cfg->model_dir ? cfg->model_dir : CC_PS_MODELDIR "/en-us";
    if (cc_asr_model_files(mdir, hmm, sizeof hmm, cmudict, sizeof cmudict, why, sizeof why) != 0) {
        set_err(err, errlen, "cannot use the speech recognition model in %s: %s%s", mdir, why,
                cfg->model_dir ? "" : " (install pocketsphinx-en-us)");
        return NULL;
    }
    snprintf(mdef, sizeof mdef, "%s/mdef", hmm);
    const char *dict_src = cfg->dict_file ? cfg->dict_file : cmudict;
    if (!file_readable(dict_src)) {
        set_err(err, errlen, "cannot read the dictionary %s", dict_src);
        return NULL;
    }
    if (cfg->lm_file && !file_readable(cfg->lm_file)) {
        set_err(err, errlen, "cannot read the language model %s", cfg->lm_file);
        return NULL;
    }

    cc_asr *a = calloc(1, sizeof *a);
    if (!a) {
        set_err(err, errlen, "out of memory building the recogniser");
        return NULL;
    }
    double trail = cfg->trailing_silence_ms > 0 ? cfg->trailing_silence_ms : 500.0;
    double merge = cfg->merge_gap_ms > 0 ? cfg->merge_gap_ms : 700.0;
    a->vad_post = (int)lround(trail / 10.0);
    if (a->vad_post < 5) a->vad_post = 5;
    a->vad_pre = 20;
    a->vad_start = 10;
    a->merge_frames = (int)lround(merge / 10.0);
    a->lang = lang_kind(cfg->language);
    a->fe_cfg = (cc_fe_config){ .kind = (cc_fe_kind)cfg->front_end, .agc = cfg->front_end_agc };
    read_phones(mdef, &a->phones);

    char lmpath[1024] = "", dictpath[1024] = "";
    int built = 0;
    if (cfg->sentences) {
        built = build_from_sentences(a, cfg, cmudict, lmpath, dictpath, sizeof lmpath, err, errlen);
        a->ngram = 1;
    }
    else if (cfg->jsgf_file)
        built = build_from_jsgf(a, cfg, cmudict, dictpath, sizeof dictpath, err, errlen);
    if (built < 0) {
        if (lmpath[0]) unlink(lmpath);
        if (dictpath[0]) unlink(dictpath);
        goto fail;
    }

    cmd_ln_t *config = cmd_ln_init(NULL, ps_args(), TRUE,
        "-hmm", hmm,
        "-dict", dictpath[0] ? dictpath : dict_src,
        "-logfn", "/dev/null",
        "-fwdflat", "no",
        "-bestpath", "yes",
        "-remove_silence", "no",
        NULL);
    if (config && cfg->lm_file) cmd_ln_set_str_r(config, "-lm", cfg->lm_file);
    else if (config && cfg->jsgf_file) cmd_ln_set_str_r(config, "-jsgf", cfg->jsgf_file);
    else if (config) {
        cmd_ln_set_str_r(config, "-lm", lmpath);
        cmd_ln_set_float_r(config, "-lw", CC_ASR_LW);
        cmd_ln_set_int_r(config, "-topn", CC_ASR_TOPN);
        cmd_ln_set_float_r(config, "-ascale", CC_ASR_ASCALE);
    }
    if (config) a->ps = ps_init(config);
    if (lmpath[0]) unlink(lmpath);
    if (dictpath[0]) unlink(dictpath);
    if (!config || !a->ps) {
        if (config) cmd_ln_free_r(config);
        set_err(err, errlen, "PocketSphinx could not load the speech recognition model in %s "
                "(acoustic model %s, dictionary %s): %s; check that the model's files are complete "
                "and of one model", mdir, hmm, cmudict,
                ps_last_error[0] ? ps_last_error : "unknown error");
        goto fail;
    }
    cmd_ln_free_r(config); /* ps_init retained it */

    /* The voice-activity front end: the decoder's feature settings (so that its cepstra
     * are the decoder's, for the mean below), silence removal on. */
    if (!(a->vad_config = vad_config_from(ps_get_config(a->ps), a))) {
        set_err(err, errlen, "PocketSphinx could not set up voice detection: %s",
                ps_last_error[0] ? ps_last_error : "unknown error");
        goto fail;
    }

    if (cfg->lm_file) {
        /* The search made from -lm is named "_default" (not ps_get_search(): in this
         * version it leaks a hash table iterator on every call). */
        ngram_model_t *lm = ps_get_lm(a->ps, "_default");
        if (lm) {
            /* Known words, for cc_asr_vocabulary_size(): the model's unigrams. */
            int32 n = ngram_model_get_counts(lm)[0];
            for (int32 i = 0; i < n; i++) {
                const char *w = ngram_word(lm, i);
                if (w && w[0] != '<' && sl_push(&a->vocab, w, strlen(w)) < 0) {
                    set_err(err, errlen, "out of memory building the recogniser");
                    goto fail;
                }
            }
        }
    }
    return a;
fail:
    cc_asr_free(a);
    return NULL;
}

void cc_asr_free(cc_asr *a)
{
    if (!a) return;
    if (a->ps) ps_free(a->ps);
    live_free(a->live);
    cc_fe_free(a->fe_live);
    free(a->fe_buf);
    if (a->vad_config) cmd_ln_free_r(a->vad_config);
    sl_free(&a->vocab);
    sl_free(&a->pronounced);
    sl_free(&a->dropped);
    sl_free(&a->phones);
    free(a->fin_ms);
    free(a);
}

size_t cc_asr_vocabulary_size(const cc_asr *a) { return a ? a->vocab.n : 0; }
size_t cc_asr_pronounced_count(const cc_asr *a) { return a ? a->pronounced.n : 0; }
const char *cc_asr_pronounced(const cc_asr *a, size_t i)
{
    return a && i < a->pronounced.n ? a->pronounced.v[i] : NULL;
}
size_t cc_asr_dropped_count(const cc_asr *a) { return a ? a->dropped.n : 0; }
const char *cc_asr_dropped(const cc_asr *a, size_t i)
{
    return a && i < a->dropped.n ? a->dropped.v[i] : NULL;
}
double cc_asr_last_finalize_ms(const cc_asr *a, size_t i)
{
    return a && i < a->ntiming ? a->fin_ms[i] : -1.0;
}

/* ---- decoding ----------------------------------------------------------------------- */

typedef struct {
    long start, end;        /* frames, inclusive */
    double cepsum[MAXCEP];  /* sum of the region's cepstra, for its mean */
    long ncep;              /* frames summed */
    int closed;             /* ended by its hangover of silence, not by the end of the buffer */
    /* The voice pass's cepstra of frames start..start+ncep-1, width a->ncep_width, for the
     * decoder (they are the ones its own front end would compute); NULL when they do not
     * cover start..end (a merged region's gap), and the samples are decoded instead. */
    mfcc_t *cep;
} region;

static void free_regions(region *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) free(r[i].cep);
    free(r);
}

/* Speech regions by PocketSphinx's voice-activity detector: the front end, with silence
 * removal on, only hands out frames of speech (with prespeech and trailing hangover);
 * fed one frame's worth of samples at a time, the first frame of a region comes with its
 * stream index and the rest follow one by one. */
static int find_regions(cc_asr *a, const int16_t *pcm, size_t n, region **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    fe_t *fe = fe_init_auto_r(a->vad_config);
    if (!fe) return -1;
    size_t cap = 0;
    region *r = NULL;
    int ncep = fe_get_output_size(fe);
    a->ncep_width = ncep;
    mfcc_t **cep = ckd_calloc_2d(a->vad_pre + 8, ncep, sizeof(mfcc_t));
    size_t cepcap = 0;
    int in = 0;
    long cur = -1;
    fe_start_stream(fe);
    fe_start_utt(fe);
    size_t fed = 0;
    int rc = 0;
    while (fed < n) {
        size_t chunk = n - fed > SHIFT ? SHIFT : n - fed;
        const int16 *p = (const int16 *)pcm + fed;
        size_t rem = chunk;
        int32 nf = a->vad_pre + 8, idx = 0;
        if (fe_process_frames(fe, &p, &rem, cep, &nf, &idx) < 0) { rc = -1; break; }
        fed += chunk - rem;
        if (rem == chunk) break; /* cannot happen: the front end buffers what it does not use */
        /* Index of the last frame the front end could make from what it was given. */
        long last = fed >= FRAME_LEN ? (long)((fed - FRAME_LEN) / SHIFT) : -1;
        if (nf > 0) {
            /* The stream index the front end reports with a region's first frames is off
             * (negative near the start of the stream); count from the samples instead. */
            (void)idx;
            if (!in) {
                if (*nout == cap) {
                    size_t nc = cap ? 2 * cap : 8;
                    region *nr = realloc(r, nc * sizeof *nr);
                    if (!nr) { rc = -1; break; }
                    r = nr;
                    cap = nc;
                }
                r[*nout] = (region){ .start = last - nf + 1 < 0 ? 0 : last - nf + 1 };
                (*nout)++;
                in = 1;
                cepcap = 0;
            }
            cur = last;
            region *g = &r[*nout - 1];
            g->end = cur;
            if ((size_t)(g->ncep + nf) > cepcap) {
                size_t nc = cepcap ? 2 * cepcap : 512;
                while (nc < (size_t)(g->ncep + nf)) nc *= 2;
                mfcc_t *ng = realloc(g->cep, nc * (size_t)ncep * sizeof *ng);
                if (!ng) { rc = -1; break; }
                g->cep = ng;
                cepcap = nc;
            }
            for (int32 f = 0; f < nf; f++) {
                memcpy(g->cep + (size_t)(g->ncep + f) * (size_t)ncep, cep[f], (size_t)ncep * sizeof **cep);
                for (int c = 0; c < ncep && c < MAXCEP; c++) g->cepsum[c] += cep[f][c];
            }
            g->ncep += nf;
        } else if (in && !fe_get_vad_state(fe)) {
            in = 0;
            r[*nout - 1].closed = 1;
        }
    }
    int32 nf = 0;
    fe_end_utt(fe, cep[0], &nf);
    ckd_free_2d(cep);
    fe_free(fe);
    if (rc < 0) {
        free_regions(r, *nout);
        *nout = 0;
        return -1;
    }
    /* A region's cepstra must be its frames, one for one, or they are not used. */
    for (size_t i = 0; i < *nout; i++)
        if (r[i].ncep != r[i].end - r[i].start + 1) {
            free(r[i].cep);
            r[i].cep = NULL;
        }
    *out = r;
    return 0;
}

static int skip_word(const char *w)
{
    return w[0] == '<' || w[0] == '[' || w[0] == '+' || w[0] == '\0';
}

/* Confidence of a word (see CC_ASR_FIT_BACKOFF1). lback is the order of the n-gram that
 * predicted it, first tells whether it opens the utterance. */
static double confidence_of(const cc_asr *a, int32 post, int32 lback, int first)
{
    double c = logmath_exp(ps_get_logmath(a->ps), post);
    if (a->ngram) {
        int best = first ? 2 : 3;
        if (lback < best - 1) c *= CC_ASR_FIT_BACKOFF2;
        else if (lback < best) c *= CC_ASR_FIT_BACKOFF1;
    }
    if (c > 1.0) c = 1.0;
    if (c < 0.0) c = 0.0;
    return c;
}

/* A word stretched over far more time than its phones take (a tone, a hum, a held noise
 * forced onto a short word) is not trusted: 1 up to CC_ASR_MS_PER_PHONE per phone plus
 * 100 ms, falling in proportion beyond. */
#define CC_ASR_MS_PER_PHONE 200

static double duration_fit(const cc_asr *a, const char *dictword, int64_t ms)
{
    char *ph = ps_lookup_word(a->ps, dictword);
    if (!ph) return 1.0;
    int n = 0;
    for (const char *p = ph; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        n++;
        while (*p && *p != ' ') p++;
    }
    ckd_free(ph);
    double allowed = (double)n * CC_ASR_MS_PER_PHONE + 100.0;
    return ms > allowed ? allowed / (double)ms : 1.0;
}

static int push_timing(cc_asr *a, double fin)
{
    if (a->ntiming == a->timing_cap) {
        size_t nc = a->timing_cap ? 2 * a->timing_cap : 8;
        double *f = realloc(a->fin_ms, nc * sizeof *f);
        if (!f) return -1;
        a->fin_ms = f;
        a->timing_cap = nc;
    }
    a->fin_ms[a->ntiming] = fin;
    a->ntiming++;
    return 0;
}

/* Starts an utterance normalised by the cepstral mean sum / n (n 0: PocketSphinx's own
 * running mean). Normalising by the utterance's own mean, as if the whole had been seen
 * first: PocketSphinx's live normalisation otherwise starts from the previous utterance's
 * mean, results would depend on what was decoded before, and the first words suffer. */
static int utt_start(cc_asr *a, const double *sum, long n, char *err, size_t errlen)
{
    feat_t *fcb = ps_get_feat(a->ps);
    if (n > 0 && fcb && fcb->cmn_struct) {
        mfcc_t mean[MAXCEP];
        int k = fcb->cmn_struct->veclen < MAXCEP ? fcb->cmn_struct->veclen : MAXCEP;
        for (int c = 0; c < k; c++) mean[c] = (mfcc_t)(sum[c] / (double)n);
        cmn_live_set(fcb->cmn_struct, mean);
    }
    ps_start_stream(a->ps); /* word frames count from here */
    if (ps_start_utt(a->ps) < 0) {
        set_err(err, errlen, "the recogniser could not start an utterance: %s", ps_last_error);
        return -1;
    }
    return 0;
}

/* Feeds nframes cepstra (rows of a->ncep_width) to the utterance, as a microphone's would
 * come; on failure the utterance is ended. They are copied first: PocketSphinx normalises
 * the cepstra it is given in place, and live decoding feeds the same frames again. */
static int utt_feed_cep(cc_asr *a, const mfcc_t *cep, long nframes, char *err, size_t errlen)
{
    mfcc_t copy[FEED / SHIFT][MAXCEP];
    mfcc_t *rows[FEED / SHIFT];
    size_t w = (size_t)(a->ncep_width < MAXCEP ? a->ncep_width : MAXCEP);
    for (long f = 0; f < nframes; f += FEED / SHIFT) {
        int k = nframes - f > FEED / SHIFT ? FEED / SHIFT : (int)(nframes - f);
        for (int j = 0; j < k; j++) {
            memcpy(copy[j], cep + (size_t)(f + j) * (size_t)a->ncep_width, w * sizeof **copy);
            rows[j] = copy[j];
        }
        if (ps_process_cep(a->ps, rows, k, FALSE, FALSE) < 0) {
            ps_end_utt(a->ps);
            set_err(err, errlen, "the recogniser failed on the audio: %s", ps_last_error);
            return -1;
        }
    }
    return 0;
}

static int utt_finish(cc_asr *a, int64_t base_ms, cc_asr_utt *u, char *err, size_t errlen);

/* Decodes samples [s0, s1) as one utterance into *u (left with nwords 0 if nothing but
 * silence or noise was heard). */
static int decode_span(cc_asr *a, const int16_t *pcm, size_t s0, size_t s1, const region *rg,
                       long nframes, cc_asr_utt *u, char *err, size_t errlen)
{
    *u = (cc_asr_utt){ 0 };
    if (utt_start(a, rg ? rg->cepsum : NULL, rg ? rg->ncep : 0, err, errlen) < 0) return -1;
    if (rg && rg->cep && nframes > 0) {
        /* The voice pass's cepstra of these frames. */
        if (utt_feed_cep(a, rg->cep, nframes, err, errlen) < 0) return -1;
    } else {
        for (size_t p = s0; p < s1; p += FEED) {
            size_t k = s1 - p > FEED ? FEED : s1 - p;
            if (ps_process_raw(a->ps, (const int16 *)pcm + p, k, FALSE, FALSE) < 0) {
                ps_end_utt(a->ps);
                set_err(err, errlen, "the recogniser failed on the audio: %s", ps_last_error);
                return -1;
            }
        }
    }
    return utt_finish(a, (int64_t)(s0 / (RATE / 1000)), u, err, errlen);
}

/* Ends the utterance and reads its words into *u; base_ms is the time of its first frame. */
static int utt_finish(cc_asr *a, int64_t base_ms, cc_asr_utt *u, char *err, size_t errlen)
{
    *u = (cc_asr_utt){ 0 };
    double t0 = now_ms();
    ps_end_utt(a->ps);
    int32 score;
    (void)ps_get_hyp(a->ps, &score);
    size_t cap = 0;
    double wsum = 0.0, wfr = 0.0;
    for (ps_seg_t *s = ps_seg_iter(a->ps); s; s = ps_seg_next(s)) {
        const char *w = ps_seg_word(s);
        if (skip_word(w)) continue;
        int sf, ef;
        int32 ascr = 0, lscr = 0, lback = 0;
        ps_seg_frames(s, &sf, &ef);
        int32 post = ps_seg_prob(s, &ascr, &lscr, &lback);
        if (u->nwords == cap) {
            size_t nc = cap ? 2 * cap : 16;
            cc_asr_word *nw = realloc(u->words, nc * sizeof *nw);
            if (!nw) { ps_seg_free(s); goto oom; }
            u->words = nw;
            cap = nc;
        }
        size_t len = strcspn(w, "(");
        cc_asr_word *cw = &u->words[u->nwords];
        if (!(cw->word = malloc(len + 1))) { ps_seg_free(s); goto oom; }
        memcpy(cw->word, w, len);
        cw->word[len] = '\0';
        cw->start_ms = base_ms + (int64_t)sf * 10;
        cw->end_ms = base_ms + ((int64_t)ef + 1) * 10;
        int frames = ef - sf + 1;
        cw->confidence = confidence_of(a, post, lback, u->nwords == 0) *
                         duration_fit(a, w, cw->end_ms - cw->start_ms);
        wsum += cw->confidence * frames;
        wfr += frames;
        u->nwords++;
    }
    double t1 = now_ms();
    if (push_timing(a, t1 - t0) < 0) goto oom;
    if (u->nwords == 0) return 0;
    size_t tl = 1;
    for (size_t i = 0; i < u->nwords; i++) tl += strlen(u->words[i].word) + 1;
    if (!(u->text = malloc(tl))) goto oom;
    size_t o = 0;
    for (size_t i = 0; i < u->nwords; i++) {
        size_t l = strlen(u->words[i].word);
        if (o) u->text[o++] = ' ';
        memcpy(u->text + o, u->words[i].word, l);
        o += l;
    }
    u->text[o] = '\0';
    u->confidence = wfr > 0 ? wsum / wfr : 0.0;
    u->start_ms = u->words[0].start_ms;
    u->end_ms = u->words[u->nwords - 1].end_ms;
    return 0;
oom:
    for (size_t i = 0; i < u->nwords; i++) free(u->words[i].word);
    free(u->words);
    *u = (cc_asr_utt){ 0 };
    set_err(err, errlen, "out of memory decoding");
    return -1;
}

static void free_utt(cc_asr_utt *u)
{
    for (size_t i = 0; i < u->nwords; i++) free(u->words[i].word);
    free(u->words);
    free(u->text);
}

void cc_asr_result_free(cc_asr_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nutts; i++) free_utt(&r->utts[i]);
    free(r->utts);
    r->utts = NULL;
    r->nutts = 0;
}

/* A microphone's noise floor, added to a copy of the audio: white noise, uniform in
 * +-NOISE_FLOOR (about -60 dBFS RMS), from a fixed seed so a buffer always decodes the same.
 * Digital silence (synthetic speech, gated or padded recordings) otherwise reaches the
 * acoustic model as frames no microphone makes, and the words after it suffer. */
#ifndef CC_ASR_NOISE_FLOOR
#define CC_ASR_NOISE_FLOOR 64
#endif

/* Adds the floor to n samples; *x is the generator's state, carried from one call to the
 * next so a stream fed in pieces gets the same noise as the whole buffer. */
#define NOISE_SEED 2463534242u
static void add_noise_floor(uint32_t *state, const int16_t *pcm, int16_t *d, size_t n)
{
    uint32_t x = *state;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        int32_t v = (int32_t)pcm[i] + (int32_t)(x % (2 * CC_ASR_NOISE_FLOOR + 1)) - CC_ASR_NOISE_FLOOR;
        d[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
    *state = x;
}

static int16_t *with_noise_floor(const int16_t *pcm, size_t n)
{
    int16_t *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) return NULL;
    uint32_t x = NOISE_SEED;
    add_noise_floor(&x, pcm, d, n);
    return d;
}

int cc_asr_decode(cc_asr *a, const int16_t *pcm_in, size_t n, cc_asr_result *out, char *err,
                  size_t errlen)
{
    if (out) *out = (cc_asr_result){ 0 };
    if (!a || !out || (!pcm_in && n)) {
        set_err(err, errlen, "cannot decode: no recogniser, no audio or nowhere to put the result");
        return -1;
    }
    int16_t *cleaned = NULL;
    if (a->fe_cfg.kind != CC_FE_NULL) {
        /* A whole recording: a front end of its own, so a buffer always decodes the same. */
        cc_frontend *fe = cc_fe_create(&a->fe_cfg, err, errlen);
        if (!fe || !(cleaned = malloc((n ? n : 1) * sizeof *cleaned))) {
            cc_fe_free(fe);
            if (fe) set_err(err, errlen, "out of memory decoding");
            return -1;
        }
        size_t done = cc_fe_run(fe, pcm_in, n, cleaned);
        memcpy(cleaned + done, pcm_in + done, (n - done) * sizeof *cleaned); /* < 10 ms */
        cc_fe_free(fe);
        pcm_in = cleaned;
    }
    int16_t *pcm = with_noise_floor(pcm_in, n);
    free(cleaned);
    if (!pcm) {
        set_err(err, errlen, "out of memory decoding");
        return -1;
    }
    quiet_sphinx();
    live_interrupt(a);
    a->ntiming = 0;
    region *r = NULL;
    size_t nr = 0;
    if (find_regions(a, pcm, n, &r, &nr) < 0) {
        set_err(err, errlen, "voice detection failed: %s",
                ps_last_error[0] ? ps_last_error : "out of memory");
        free(pcm);
        return -1;
    }
    /* Merge regions whose speech restarts within merge_frames of the previous one's end.
     * A region holds vad_pre - vad_start frames before its speech and vad_post after. */
    size_t m = 0;
    for (size_t i = 0; i < nr; i++) {
        if (m > 0) {
            long speech_end = r[m - 1].end - a->vad_post;
            long speech_start = r[i].start + (a->vad_pre - a->vad_start);
            if (speech_start - speech_end < a->merge_frames) {
                region *g = &r[m - 1];
                mfcc_t *both = NULL;
                if (g->cep && r[i].cep && r[i].start == g->end + 1 &&
                    (both = realloc(g->cep, (size_t)(g->ncep + r[i].ncep) * (size_t)a->ncep_width *
                                                sizeof *both)) != NULL) {
                    memcpy(both + (size_t)g->ncep * (size_t)a->ncep_width, r[i].cep,
                           (size_t)r[i].ncep * (size_t)a->ncep_width * sizeof *both);
                    g->cep = both;
                } else {
                    /* A gap of silence the voice pass did not hand out: decode the samples. */
                    free(g->cep);
                    g->cep = NULL;
                }
                free(r[i].cep);
                r[i].cep = NULL;
                r[m - 1].end = r[i].end;
                for (int c = 0; c < MAXCEP; c++) r[m - 1].cepsum[c] += r[i].cepsum[c];
                r[m - 1].ncep += r[i].ncep;
                r[m - 1].closed = r[i].closed;
                continue;
            }
        }
        r[m++] = r[i];
    }
    nr = m;
    size_t cap = 0;
    int rc = 0;
    for (size_t i = 0; i < nr; i++) {
        size_t s0 = (size_t)r[i].start * SHIFT;
        /* Decoded up to CC_ASR_DECODE_TAIL frames after the speech, not through the whole
         * hangover: the hangover only decides where a turn ends, and decoding its silence
         * cost 11 % of the time for no word (the cepstral mean still counts it). */
        long last = r[i].end;
        if (r[i].closed && r[i].end - a->vad_post + CC_ASR_DECODE_TAIL > r[i].start &&
            a->vad_post > CC_ASR_DECODE_TAIL)
            last = r[i].end - a->vad_post + CC_ASR_DECODE_TAIL;
        size_t s1 = (size_t)(last + 1) * SHIFT + (400 - SHIFT);
        if (s0 > n) s0 = n;
        if (s1 > n) s1 = n;
        if (s1 <= s0) continue;
        cc_asr_utt u;
        if (decode_span(a, pcm, s0, s1, &r[i], last - r[i].start + 1, &u, err, errlen) < 0) {
            rc = -1;
            break;
        }
        if (u.nwords == 0) continue;
        if (out->nutts == cap) {
            size_t nc = cap ? 2 * cap : 4;
            cc_asr_utt *nu = realloc(out->utts, nc * sizeof *nu);
            if (!nu) {
                free_utt(&u);
                set_err(err, errlen, "out of memory decoding");
                rc = -1;
                break;
            }
            out->utts = nu;
            cap = nc;
        }
        out->utts[out->nutts++] = u;
    }
    free_regions(r, nr);
    free(pcm);
    if (rc < 0) cc_asr_result_free(out);
    return rc;
}

/* ---- live decoding: an answer decoded while it is spoken ---------------------------- */

/* The voice pass runs on the samples as they come, and the frames it hands out (speech with
 * its pre-speech and hangover; when a pause closes a region and speech starts again, the
 * next region's frames follow the hangover) are decoded as one utterance, LIVE_LAG frames
 * behind the newest: those may be the silence after the last word, which the hearing
 * leaves out beyond CC_ASR_DECODE_TAIL (step 8).
 *
 * The cepstral mean (step 3) must be set before the first frame is decoded, and an answer's
 * own is only known at its end. Measured on bench/bench_listen's 197 answers (en-us+m1, the
 * endpointer's PAUSE 600 ms into the pause; rule verdicts that differ from the written text,
 * where decoding each answer whole with its own mean gives 1.54 %):
 *   the mean of the answer's first 50 frames, kept:                         3.69 %
 *   the same, started again from the first frame each time the frames
 *   double (up to twice the CPU):                                          1.89 %
 *   the earlier answers' mean, as if it were N of this answer's frames,
 *   joined by this answer's own at the start: N = 100: 2.14 %, 300: 1.93 %, 1000: 1.72 %,
 *   3000 and all of them: 1.54 % (the same trainee, microphone and room all call long).
 * So an answer after the first starts at once, with the earlier answers' mean weighted as
 * LIVE_PRIOR frames (30 s: it still follows a room that changes) joined by its own frames
 * so far; the first answer of a recogniser starts after LIVE_FIRST frames with their mean
 * and starts again at each doubling. Frames are kept until cc_asr_live_begin(), so the
 * decoding can always start again from the first: when speech follows a hearing, or when
 * cc_asr_decode() used the decoder in between. */
#define LIVE_FIRST 50
#define LIVE_LAG 35
#define LIVE_PRIOR 3000

enum { LIVE_IDLE, LIVE_RUNNING, LIVE_ENDED };

struct live {
    fe_t *fe;
    uint32_t noise;
    int16_t *scratch;
    size_t scratch_cap;
    mfcc_t **out;           /* the voice pass's output rows, made once */
    mfcc_t *cep;            /* frames handed out, rows of a->ncep_width */
    size_t n, cap;
    long first;             /* stream frame of cep[0]; -1 before the first */
    size_t samples;         /* fed since cc_asr_live_begin() */
    double sum[MAXCEP];     /* of the n frames */
    int state;
    size_t fed;             /* frames given to the running utterance */
    size_t mean_n;          /* this answer's frames in its mean */
    double prior_sum[MAXCEP]; /* the earlier answers' frames, summed */
    size_t prior_n;
};

static void live_free(struct live *lv)
{
    if (!lv) return;
    if (lv->fe) fe_free(lv->fe);
    if (lv->out) ckd_free_2d(lv->out);
    free(lv->scratch);
    free(lv->cep);
    free(lv);
}

/* Ends a running live utterance: cc_asr_decode() needs the decoder. */
static void live_interrupt(cc_asr *a)
{
    if (a->live && a->live->state == LIVE_RUNNING) {
        ps_end_utt(a->ps);
        a->live->state = LIVE_IDLE;
    }
}

/* Gives the running utterance frames up to `upto` (not beyond what is there). */
static int live_feed_to(cc_asr *a, size_t upto, char *err, size_t errlen)
{
    struct live *lv = a->live;
    if (upto > lv->n) upto = lv->n;
    if (lv->state != LIVE_RUNNING || upto <= lv->fed) return 0;
    if (utt_feed_cep(a, lv->cep + lv->fed * (size_t)a->ncep_width, (long)(upto - lv->fed), err,
                     errlen) < 0) {
        lv->state = LIVE_IDLE;
        return -1;
    }
    lv->fed = upto;
    return 0;
}

/* (Re)starts the utterance from the first frame, with the mean of the answer's first m
 * frames joined by the earlier answers', and feeds it up to `upto`. Every m is a count fixed
 * by the audio (a threshold, or the frames at a hearing), never by how the samples were cut
 * into feeds: what is heard does not depend on the sizes of the pieces fed. */
static int live_restart(cc_asr *a, size_t m, size_t upto, char *err, size_t errlen)
{
    struct live *lv = a->live;
    if (lv->state == LIVE_RUNNING) ps_end_utt(a->ps);
    lv->state = LIVE_IDLE;
    if (m > lv->n) m = lv->n;
    double sum[MAXCEP] = { 0 };
    int width = a->ncep_width < MAXCEP ? a->ncep_width : MAXCEP;
    if (m == lv->n) {
        memcpy(sum, lv->sum, sizeof sum);
    } else {
        for (size_t f = 0; f < m; f++)
            for (int c = 0; c < width; c++) sum[c] += lv->cep[f * (size_t)a->ncep_width + (size_t)c];
    }
    size_t w = lv->prior_n < (size_t)LIVE_PRIOR ? lv->prior_n : (size_t)LIVE_PRIOR;
    for (int c = 0; c < MAXCEP && w; c++) sum[c] += lv->prior_sum[c] / (double)lv->prior_n * (double)w;
    if (utt_start(a, sum, (long)(m + w), err, errlen) < 0) return -1;
    lv->state = LIVE_RUNNING;
    lv->mean_n = m;
    lv->fed = 0;
    return live_feed_to(a, upto, err, errlen);
}

static struct live *live_get(cc_asr *a)
{
    if (!a->live) a->live = calloc(1, sizeof *a->live);
    return a->live;
}

void cc_asr_live_mean(const cc_asr *a, cc_asr_mean *out)
{
    if (!out) return;
    *out = (cc_asr_mean){ .frames = 0 };
    const struct live *lv = a ? a->live : NULL;
    if (!lv) return;
    for (int c = 0; c < MAXCEP; c++) out->sum[c] = lv->prior_sum[c] + lv->sum[c];
    out->frames = lv->prior_n + lv->n;
}

void cc_asr_live_set_mean(cc_asr *a, const cc_asr_mean *m)
{
    struct live *lv = a && m ? live_get(a) : NULL;
    if (!lv) return;
    for (int c = 0; c < MAXCEP; c++) lv->prior_sum[c] = m->sum[c];
    lv->prior_n = m->frames;
}

int cc_asr_live_begin(cc_asr *a, char *err, size_t errlen)
{
    if (!a) {
        set_err(err, errlen, "cannot listen: no recogniser");
        return -1;
    }
    quiet_sphinx();
    live_interrupt(a);
    struct live *lv = live_get(a);
    if (!lv) {
        set_err(err, errlen, "out of memory listening");
        return -1;
    }
    if (lv->fe) fe_free(lv->fe);
    if (!(lv->fe = fe_init_auto_r(a->vad_config))) {
        set_err(err, errlen, "voice detection could not start: %s", ps_last_error);
        return -1;
    }
    a->ncep_width = fe_get_output_size(lv->fe);
    if (!lv->out) lv->out = ckd_calloc_2d(a->vad_pre + 8, a->ncep_width, sizeof(mfcc_t));
    fe_start_stream(lv->fe);
    fe_start_utt(lv->fe);
    lv->noise = NOISE_SEED;
    if (a->fe_cfg.kind != CC_FE_NULL && !a->fe_live &&
        !(a->fe_live = cc_fe_create(&a->fe_cfg, err, errlen)))
        return -1;
    cc_fe_discard(a->fe_live); /* an answer does not follow the last one's samples */
    /* The last answer's frames join the earlier ones'. */
    for (int c = 0; c < MAXCEP; c++) lv->prior_sum[c] += lv->sum[c];
    lv->prior_n += lv->n;
    lv->n = 0;
    lv->first = -1;
    lv->samples = 0;
    memset(lv->sum, 0, sizeof lv->sum);
    lv->state = LIVE_IDLE;
    lv->fed = lv->mean_n = 0;
    return 0;
}

/* The voice pass over n samples (noise floor added): the frames it hands out are kept. */
static int live_frames(cc_asr *a, const int16_t *pcm, size_t n, char *err, size_t errlen)
{
    struct live *lv = a->live;
    if (n > lv->scratch_cap) {
        int16_t *s = realloc(lv->scratch, n * sizeof *s);
        if (!s) goto oom;
        lv->scratch = s;
        lv->scratch_cap = n;
    }
    add_noise_floor(&lv->noise, pcm, lv->scratch, n);
    int ncep = a->ncep_width;
    mfcc_t **cep = lv->out;
    for (size_t done = 0; done < n;) {
        size_t chunk = n - done > SHIFT ? SHIFT : n - done;
        const int16 *p = (const int16 *)lv->scratch + done;
        size_t rem = chunk;
        int32 nf = a->vad_pre + 8, idx = 0;
        if (fe_process_frames(lv->fe, &p, &rem, cep, &nf, &idx) < 0) {
            set_err(err, errlen, "voice detection failed: %s", ps_last_error);
            return -1;
        }
        done += chunk - rem;
        lv->samples += chunk - rem;
        if (rem == chunk) break; /* cannot happen: the front end buffers what it does not use */
        if (nf <= 0) continue;
        if (lv->first < 0) {
            /* As find_regions(): counted from the samples, not the front end's index. */
            long last = lv->samples >= FRAME_LEN ? (long)((lv->samples - FRAME_LEN) / SHIFT) : -1;
            lv->first = last - nf + 1 < 0 ? 0 : last - nf + 1;
        }
        if (lv->n + (size_t)nf > lv->cap) {
            size_t nc = lv->cap ? 2 * lv->cap : 512;
            while (nc < lv->n + (size_t)nf) nc *= 2;
            mfcc_t *g = realloc(lv->cep, nc * (size_t)ncep * sizeof *g);
            if (!g) goto oom;
            lv->cep = g;
            lv->cap = nc;
        }
        for (int32 f = 0; f < nf; f++) {
            memcpy(lv->cep + (lv->n + (size_t)f) * (size_t)ncep, cep[f], (size_t)ncep * sizeof **cep);
            for (int c = 0; c < ncep && c < MAXCEP; c++) lv->sum[c] += cep[f][c];
        }
        lv->n += (size_t)nf;
    }
    return 0;
oom:
    set_err(err, errlen, "out of memory listening");
    return -1;
}

int cc_asr_live_feed(cc_asr *a, const int16_t *pcm, size_t n, char *err, size_t errlen)
{
    struct live *lv = a ? a->live : NULL;
    if (!lv || !lv->fe || (!pcm && n)) {
        set_err(err, errlen, "cannot listen: cc_asr_live_begin() was not called");
        return -1;
    }
    quiet_sphinx();
    size_t before = lv->n;
    if (a->fe_live) {
        if (n + CC_FE_FRAME > a->fe_cap) {
            int16_t *b = realloc(a->fe_buf, (n + CC_FE_FRAME) * sizeof *b);
            if (!b) {
                set_err(err, errlen, "out of memory listening");
                return -1;
            }
            a->fe_buf = b;
            a->fe_cap = n + CC_FE_FRAME;
        }
        n = cc_fe_run(a->fe_live, pcm, n, a->fe_buf);
        pcm = a->fe_buf;
    }
    if (live_frames(a, pcm, n, err, errlen) < 0) return -1;
    if (lv->n == before) return 0;
    size_t upto = lv->n > LIVE_LAG ? lv->n - LIVE_LAG : 0;
    int prior = lv->prior_n > 0;
    /* From the first frame: speech after a hearing (the mean of what was heard), a decoder
     * used in between (the mean it had), the first frame (with earlier answers) or the first
     * LIVE_FIRST, or (with none) each doubling of the frames. */
    if (lv->state == LIVE_ENDED || (lv->state == LIVE_IDLE && lv->mean_n > 0))
        return live_restart(a, lv->mean_n, upto, err, errlen);
    if (lv->state == LIVE_IDLE) {
        size_t first = prior ? 1 : LIVE_FIRST;
        return lv->n >= first ? live_restart(a, first, upto, err, errlen) : 0;
    }
    if (!prior && lv->n >= 2 * lv->mean_n) {
        size_t m = lv->mean_n;
        while (2 * m <= lv->n) m *= 2;
        return live_restart(a, m, upto, err, errlen);
    }
    return live_feed_to(a, upto, err, errlen);
}

int cc_asr_live_hear(cc_asr *a, int64_t speech_end, cc_asr_result *out, char *err, size_t errlen)
{
    if (out) *out = (cc_asr_result){ 0 };
    struct live *lv = a ? a->live : NULL;
    if (!lv || !lv->fe || !out) {
        set_err(err, errlen, "cannot listen: cc_asr_live_begin() was not called");
        return -1;
    }
    quiet_sphinx();
    a->ntiming = 0;
    if (lv->n == 0) return 0; /* no speech yet */
    /* Up to CC_ASR_DECODE_TAIL frames after the speech, as cc_asr_decode() (never less than
     * what was decoded already). */
    size_t upto = lv->n;
    if (speech_end >= 0) {
        long last = (long)(speech_end / SHIFT) + CC_ASR_DECODE_TAIL - lv->first;
        if (last < 1) last = 1;
        if ((size_t)last < upto) upto = (size_t)last;
    }
    if (lv->state != LIVE_RUNNING) {
        if (live_restart(a, lv->n, upto, err, errlen) < 0) return -1;
    } else if (live_feed_to(a, upto, err, errlen) < 0) {
        return -1;
    }
    cc_asr_utt u;
    lv->state = LIVE_ENDED;
    lv->mean_n = lv->n; /* speech after this hearing starts again with the mean of all heard */
    if (utt_finish(a, (int64_t)lv->first * 10, &u, err, errlen) < 0) return -1;
    if (u.nwords == 0) return 0;
    if (!(out->utts = malloc(sizeof *out->utts))) {
        free_utt(&u);
        set_err(err, errlen, "out of memory decoding");
        return -1;
    }
    out->utts[0] = u;
    out->nutts = 1;
    return 0;
}
