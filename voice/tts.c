/* tts: espeak-ng in synchronous mode, into memory. See tts.h.
 *
 * Global state (forced by espeak-ng, whose voice, parameters, synth callback
 * and phoneme translator are process-global):
 *   g_taken  set while a cc_tts exists; makes a second create fail.
 *   g_ready  espeak-ng has been initialised in this process (never undone).
 *   g_path   the data_path that initialisation was asked for ("" = default),
 *            so a later create with another path can be refused.
 *   g_rate   espeak-ng's sample rate.
 *   g_voice  the voice name currently selected in espeak-ng ("" = unknown),
 *            so repeated lines in one voice skip the voice reload.
 * Everything but g_taken is only touched by the holder of g_taken. The audio of
 * one synthesis reaches the callback through espeak's user_data, not a global. */
#include "tts.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(short) == sizeof(int16_t), "espeak-ng's samples are 16-bit");

#ifndef TTS_BUFFER_MS
#define TTS_BUFFER_MS 20 /* audio per callback */
#endif
#define TTS_MAX_PATH 4096
#define TTS_MAX_NAME 63        /* voice or variant name */
#define TTS_MAX_WORD 1024      /* cc_tts_phonemes input */
#define TTS_PHONEME_VOICE "en-us"

static atomic_flag g_taken = ATOMIC_FLAG_INIT;
static int g_ready;
static char g_path[TTS_MAX_PATH];
static int g_rate;
static char g_voice[2 * TTS_MAX_NAME + 2];

struct cc_tts {
    int busy;          /* inside a synthesis: refuse re-entry from a chunk callback */
    char lang_voice[TTS_MAX_NAME + 1]; /* for personas that name no voice */
    char *phon;        /* last cc_tts_phonemes() result */
    size_t phoncap;
};

/* One synthesis: where its samples go. */
typedef struct {
    cc_tts_chunk_fn chunk; /* stream: hand each buffer on */
    void *ud;
    int16_t *buf;          /* collect: grow a buffer */
    size_t n, cap;
    int oom, stopped;
} tts_job;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int synth_cb(short *wav, int n, espeak_EVENT *ev)
{
    tts_job *j = ev ? (tts_job *)ev->user_data : NULL;
    if (!j) return 0;
    if (j->oom || j->stopped) return 1;
    if (!wav || n <= 0) return 0;
    const int16_t *s = (const int16_t *)wav;
    size_t k = (size_t)n;
    if (j->chunk) {
        if (j->chunk(j->ud, s, k) != 0) {
            j->stopped = 1;
            return 1;
        }
        j->n += k;
        return 0;
    }
    if (j->n + k > j->cap) {
        size_t cap = j->cap ? j->cap : 22050;
        while (cap < j->n + k) {
            if (cap > ((size_t)-1) / 2 / sizeof *j->buf) {
                j->oom = 1;
                return 1;
            }
            cap *= 2;
        }
        int16_t *nb = realloc(j->buf, cap * sizeof *nb);
        if (!nb) {
            j->oom = 1;
            return 1;
        }
        j->buf = nb;
        j->cap = cap;
    }
    memcpy(j->buf + j->n, s, k * sizeof *s);
    j->n += k;
    return 0;
}

static int file_readable(const char *dir, const char *sub, const char *name)
{
    char path[TTS_MAX_PATH + 2 * TTS_MAX_NAME + 16];
    int w = snprintf(path, sizeof path, "%s/%s%s", dir, sub, name);
    if (w < 0 || (size_t)w >= sizeof path) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

/* Letters, digits, '-', '_' and inner spaces (espeak-ng has "Mr serious"). */
static int name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > TTS_MAX_NAME || s[0] == ' ' || s[n - 1] == ' ') return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == ' '))
            return 0;
    }
    return 1;
}

static int select_voice(const char *name, char *err, size_t errlen)
{
    if (strcmp(g_voice, name) == 0) return 0;
    espeak_ERROR e = espeak_SetVoiceByName(name);
    if (e != EE_OK) {
        g_voice[0] = '\0';
        set_err(err, errlen, "espeak-ng has no voice \"%s\"", name);
        return -1;
    }
    snprintf(g_voice, sizeof g_voice, "%s", name);
    return 0;
}

/* Checks voice and variant and writes "voice+variant" into out. A persona that
 * names no voice speaks with the voice of the language (cc_tts_set_language). */
static int voice_name(const cc_tts *t, const char *voice, const char *variant, char *out,
                      size_t outlen, char *err, size_t errlen)
{
    if (!voice || !*voice) voice = t->lang_voice;
    if (!*voice) {
        set_err(err, errlen, "the persona has no espeak-ng voice, and no language gives one");
        return -1;
    }
    if (!name_ok(voice)) {
        set_err(err, errlen, "bad espeak-ng voice name \"%.80s\" (letters, digits, '-', '_')", voice);
        return -1;
    }
    if (strncmp(voice, "mb-", 3) == 0) {
        set_err(err, errlen,
                "MBROLA voice \"%s\" is not supported (it needs the mbrola program); "
                "use an espeak-ng voice such as en-us", voice);
        return -1;
    }
    if (variant && *variant) {
        if (!name_ok(variant)) {
            set_err(err, errlen, "bad espeak-ng variant name \"%.80s\" (letters, digits, '-', '_')",
                    variant);
            return -1;
        }
        const char *data = NULL;
        espeak_Info(&data);
        if (!data || !file_readable(data, "voices/!v/", variant)) {
            set_err(err, errlen, "espeak-ng has no voice variant \"%s\" (no file voices/!v/%s in %s)",
                    variant, variant, data ? data : "its data folder");
            return -1;
        }
        snprintf(out, outlen, "%s+%s", voice, variant);
    } else {
        snprintf(out, outlen, "%s", voice);
    }
    return 0;
}

static int discard_chunk(void *ud, const int16_t *s, size_t n)
{
    (void)ud, (void)s, (void)n;
    return 0;
}

static int init_espeak(const char *data_path, char *err, size_t errlen)
{
    const char *want = data_path ? data_path : "";
    if (strlen(want) >= TTS_MAX_PATH) {
        set_err(err, errlen, "espeak-ng data path too long");
        return -1;
    }
    if (g_ready) {
        if (strcmp(g_path, want) != 0) {
            set_err(err, errlen,
                    "espeak-ng was initialised with data path \"%s\" in this process and cannot "
                    "be re-initialised with \"%s\"",
                    g_path[0] ? g_path : "(default)", want[0] ? want : "(default)");
            return -1;
        }
        return 0;
    }
    /* espeak-ng 1.51 silently falls back to its default folder when the one it
     * is given does not exist, and reports success without data: look first. */
    if (data_path && (!file_readable(data_path, "", "phontab") ||
                      !file_readable(data_path, "", "phondata"))) {
        set_err(err, errlen, "no espeak-ng data in \"%s\" (phontab/phondata missing)", data_path);
        return -1;
    }
    espeak_ng_InitializePath(data_path);
    const char *resolved = NULL;
    espeak_Info(&resolved);
    if (!resolved || !file_readable(resolved, "", "phontab") ||
        !file_readable(resolved, "", "phondata")) {
        set_err(err, errlen,
                "no espeak-ng data in \"%s\" (phontab/phondata missing; install espeak-ng-data or "
                "give the espeak-ng-data folder)",
                resolved ? resolved : want);
        return -1;
    }
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st == ENS_OK) st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, TTS_BUFFER_MS, NULL);
    if (st != ENS_OK) {
        char msg[256];
        espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
        espeak_ng_ClearErrorContext(&ctx);
        set_err(err, errlen, "espeak-ng failed to start: %s", msg);
        return -1;
    }
    espeak_ng_ClearErrorContext(&ctx);
    espeak_SetSynthCallback(synth_cb);
    g_rate = espeak_ng_GetSampleRate();
    if (g_rate <= 0) {
        set_err(err, errlen, "espeak-ng reports no sample rate");
        return -1;
    }
    snprintf(g_path, sizeof g_path, "%s", want);
    g_voice[0] = '\0';
    g_ready = 1;
    return 0;
}

cc_tts *cc_tts_create(const char *data_path, char *err, size_t errlen)
{
    if (atomic_flag_test_and_set(&g_taken)) {
        set_err(err, errlen,
                "a cc_tts already exists: espeak-ng is process-global, so free it before "
                "creating another");
        return NULL;
    }
    if (init_espeak(data_path, err, errlen) != 0) {
        atomic_flag_clear(&g_taken);
        return NULL;
    }
    cc_tts *t = calloc(1, sizeof *t);
    if (!t) {
        set_err(err, errlen, "out of memory");
        atomic_flag_clear(&g_taken);
        return NULL;
    }
    /* Warm-up: load the voice and run the synthesiser once. */
    cc_persona warm = {.name = "warm-up", .voice = TTS_PHONEME_VOICE, .variant = NULL,
                       .pitch = 50, .range = 50, .rate = 175, .volume = 100,
                       .mood = CC_MOOD_CALM};
    if (cc_tts_say_stream(t, &warm, CC_MOOD_CALM, "Hello.", discard_chunk, NULL, err, errlen) != 0) {
        free(t);
        atomic_flag_clear(&g_taken);
        return NULL;
    }
    return t;
}

void cc_tts_free(cc_tts *t)
{
    if (!t) return;
    free(t->phon);
    free(t);
    atomic_flag_clear(&g_taken);
}

int cc_tts_rate(const cc_tts *t) { return t ? g_rate : 0; }

static int clampi(long v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : (int)v; }

int cc_tts_prosody_for(const cc_persona *p, cc_mood mood, cc_tts_prosody *out, char *err,
                       size_t errlen)
{
    if (!p || !out) {
        set_err(err, errlen, "no persona");
        return -1;
    }
    if (p->pitch < 0 || p->pitch > 99 || p->range < 0 || p->range > 99 || p->rate < 80 ||
        p->rate > 450 || p->volume < 0 || p->volume > 200) {
        set_err(err, errlen,
                "persona out of range: pitch %d (0-99), range %d (0-99), rate %d (80-450), "
                "volume %d (0-200)",
                p->pitch, p->range, p->rate, p->volume);
        return -1;
    }
    double rate = 1.0, vol = 1.0;
    int dpitch = 0, drange = 0;
    switch (mood) {
    case CC_MOOD_CALM: break;
    case CC_MOOD_IMPATIENT: rate = 1.18, vol = 1.10, dpitch = 8, drange = -15; break;
    case CC_MOOD_ANGRY: rate = 1.22, vol = 1.40, dpitch = 10, drange = 25; break;
    case CC_MOOD_RELIEVED: rate = 0.88, vol = 0.92, dpitch = -10, drange = 0; break;
    default:
        set_err(err, errlen, "unknown mood %d", (int)mood);
        return -1;
    }
    out->rate = clampi(lround(p->rate * rate), espeakRATE_MINIMUM, espeakRATE_MAXIMUM);
    out->volume = clampi(lround(p->volume * vol), 0, 200);
    out->pitch = clampi(p->pitch + dpitch, 0, 99);
    out->range = clampi(p->range + drange, 0, 99);
    return 0;
}

static int synth(cc_tts *t, const cc_persona *p, cc_mood mood, const char *text, tts_job *j,
                 char *err, size_t errlen)
{
    if (!t) {
        set_err(err, errlen, "no cc_tts");
        return -1;
    }
    if (t->busy) {
        set_err(err, errlen, "cc_tts called from inside its own chunk callback");
        return -1;
    }
    if (!text) {
        set_err(err, errlen, "no text to say");
        return -1;
    }
    size_t len = strlen(text);
    if (len > CC_TTS_MAX_TEXT) {
        set_err(err, errlen, "text too long to say (%zu bytes, at most %d)", len, CC_TTS_MAX_TEXT);
        return -1;
    }
    cc_tts_prosody pr;
    if (cc_tts_prosody_for(p, mood, &pr, err, errlen) != 0) return -1;
    char name[sizeof g_voice];
    if (voice_name(t, p->voice, p->variant, name, sizeof name, err, errlen) != 0) return -1;
    if (select_voice(name, err, errlen) != 0) return -1;
    if (espeak_SetParameter(espeakRATE, pr.rate, 0) != EE_OK ||
        espeak_SetParameter(espeakVOLUME, pr.volume, 0) != EE_OK ||
        espeak_SetParameter(espeakPITCH, pr.pitch, 0) != EE_OK ||
        espeak_SetParameter(espeakRANGE, pr.range, 0) != EE_OK) {
        set_err(err, errlen, "espeak-ng refused the voice parameters");
        return -1;
    }
    t->busy = 1;
    espeak_ERROR e = espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, j);
    t->busy = 0;
    if (j->stopped) return 1;
    if (j->oom) {
        set_err(err, errlen, "out of memory while synthesising");
        return -1;
    }
    if (e != EE_OK) {
        set_err(err, errlen, "espeak-ng failed to synthesise (error %d)", (int)e);
        return -1;
    }
    return 0;
}

int cc_tts_say(cc_tts *t, const cc_persona *p, cc_mood mood, const char *text, int16_t **pcm,
               size_t *n, int *rate, char *err, size_t errlen)
{
    if (pcm) *pcm = NULL;
    if (n) *n = 0;
    if (!pcm || !n) {
        set_err(err, errlen, "no place for the samples");
        return -1;
    }
    tts_job j = {0};
    if (synth(t, p, mood, text, &j, err, errlen) != 0) {
        free(j.buf);
        return -1;
    }
    if (j.n == 0) {
        free(j.buf);
        j.buf = NULL;
    }
    *pcm = j.buf;
    *n = j.n;
    if (rate) *rate = g_rate;
    return 0;
}

int cc_tts_say_stream(cc_tts *t, const cc_persona *p, cc_mood mood, const char *text,
                      cc_tts_chunk_fn chunk, void *ud, char *err, size_t errlen)
{
    if (!chunk) {
        set_err(err, errlen, "no chunk callback");
        return -1;
    }
    tts_job j = {.chunk = chunk, .ud = ud};
    return synth(t, p, mood, text, &j, err, errlen);
}

int cc_tts_check_voice(cc_tts *t, const char *voice, const char *variant, char *err,
                       size_t errlen)
{
    if (!t || t->busy) {
        set_err(err, errlen, t ? "cc_tts called from inside its own chunk callback" : "no cc_tts");
        return -1;
    }
    char name[sizeof g_voice];
    if (voice_name(t, voice, variant, name, sizeof name, err, errlen) != 0) return -1;
    return select_voice(name, err, errlen);
}

/* True if one of espeak-ng's voices lists `code` among its languages (each entry
 * of espeak_VOICE.languages is a priority byte, then a NUL-terminated name). */
static int espeak_speaks(const char *code)
{
    const espeak_VOICE **v = espeak_ListVoices(NULL);
    for (size_t i = 0; v && v[i]; i++) {
        const char *l = v[i]->languages;
        while (l && *l) {
            if (strcmp(l + 1, code) == 0) return 1;
            l += 1 + strlen(l + 1) + 1;
        }
    }
    return 0;
}

int cc_tts_set_language(cc_tts *t, const char *lang, char *err, size_t errlen)
{
    if (!t || t->busy) {
        set_err(err, errlen, t ? "cc_tts called from inside its own chunk callback" : "no cc_tts");
        return -1;
    }
    char code[TTS_MAX_NAME + 1], primary[TTS_MAX_NAME + 1];
    size_t n = lang ? strlen(lang) : 0, k = 0;
    if (n == 0 || n > TTS_MAX_NAME || !name_ok(lang)) {
        set_err(err, errlen, "bad language code \"%.80s\"; use one such as en, ru, pl, ro or lv",
                lang ? lang : "");
        return -1;
    }
    /* espeak-ng names its voices by lower-case language code ("ru", "en-us"). */
    for (size_t i = 0; i <= n; i++) code[i] = (char)tolower((unsigned char)lang[i]);
    while (code[k] && code[k] != '-' && code[k] != '_') k++;
    memcpy(primary, code, k);
    primary[k] = '\0';
    const char *pick = NULL;
    if (strcmp(code, "en") == 0)
        pick = "en-us"; /* the accent of the bundled recogniser model */
    else if (espeak_speaks(code))
        pick = code;
    else if (espeak_speaks(primary))
        pick = primary; /* "ru-RU": Russian */
    if (!pick) {
        set_err(err, errlen,
                "espeak-ng has no voice for language '%s'; install its espeak-ng voice or name "
                "a voice in each persona (voice: ...)",
                lang);
        return -1;
    }
    if (select_voice(pick, err, errlen) != 0) return -1;
    snprintf(t->lang_voice, sizeof t->lang_voice, "%s", pick);
    return 0;
}

const char *cc_tts_language_voice(const cc_tts *t) { return t ? t->lang_voice : NULL; }

static int phon_append(cc_tts *t, size_t *len, const char *s)
{
    size_t add = strlen(s) + 1;
    if (*len + add + 1 > t->phoncap) {
        size_t cap = (*len + add + 1) * 2;
        char *nb = realloc(t->phon, cap);
        if (!nb) return -1;
        t->phon = nb;
        t->phoncap = cap;
    }
    if (*len) t->phon[(*len)++] = ' ';
    memcpy(t->phon + *len, s, add);
    *len += add - 1;
    return 0;
}

const char *cc_tts_phonemes(cc_tts *t, const char *word)
{
    if (!t || !word || t->busy) return NULL;
    size_t wl = strlen(word);
    if (wl == 0 || wl > TTS_MAX_WORD) return NULL;
    if (select_voice(TTS_PHONEME_VOICE, NULL, 0) != 0) return NULL;
    const void *p = word;
    size_t len = 0;
    /* One call per clause; bounded in case espeak-ng stops advancing. */
    for (size_t guard = 0; p && guard <= wl; guard++) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph) break;
        while (*ph == ' ') ph++;
        if (*ph && phon_append(t, &len, ph) != 0) return NULL;
    }
    if (len == 0) return NULL;
    /* espeak-ng ends clauses with a space or newline; trim them. */
    while (len && (t->phon[len - 1] == ' ' || t->phon[len - 1] == '\n')) t->phon[--len] = '\0';
    return len ? t->phon : NULL;
}
