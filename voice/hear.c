#include "hear.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asr.h"
#include "corpus.h"
#include "dsp.h"
#include "frontend.h"
#include "phonemes.h"
#include "wav.h"
#include "mem.h"

struct cc_listener {
    cc_asr *asr;
    size_t nsentences;
    char *text;
};

typedef struct {
    cc_tts *tts;
    char *last;
} pronouncer;

static const char *pronounce(void *ud, const char *word)
{
    pronouncer *p = ud;
    free(p->last);
    p->last = NULL;
    if (!p->tts) return NULL;
    const char *ph = cc_tts_phonemes(p->tts, word);
    if (!ph) return NULL;
    p->last = cc_phonemes_to_cmu(ph);
    return p->last;
}

/* The general conversational set: one sentence a line, '#' comments. */
static char **read_lines(const char *path, size_t *n, char *err, size_t errlen)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read the conversation set %s; reinstall callcoach's assets",
                 path);
        return NULL;
    }
    char **lines = NULL;
    size_t cap = 0;
    char buf[1024];
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (!buf[0] || buf[0] == '#') continue;
        if (cc_grow((void **)&lines, &cap, *n, sizeof *lines) != 0) break;
        if (!(lines[*n] = cc_strdup(buf))) break;
        (*n)++;
    }
    fclose(f);
    return lines;
}

/* ---- which model for which language ------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cc_listener_model(const cc_standard *std, const cc_scenario *scn, const char *model_dir,
                      char *dir, size_t dirlen, char *err, size_t errlen)
{
    const char *lang = scn && scn->language ? scn->language : std ? std->language : NULL;
    if (dirlen) dir[0] = '\0';
    if (!lang || cc_language_same(lang, "en")) {
        /* English: the installed en-us model unless the trainer names another; that
         * folder is checked when the recogniser is built (voice/asr.c names what it lacks). */
        const char *other = model_dir && *model_dir ? model_dir
                            : std && std->recognition_model ? std->recognition_model
                                                            : getenv("CALLCOACH_MODEL_EN");
        if (other && *other) snprintf(dir, dirlen, "%s", other);
        return 0;
    }
    char env[64] = "CALLCOACH_MODEL_";
    size_t k = strlen(env);
    for (const char *p = lang; *p && *p != '-' && *p != '_' && k + 1 < sizeof env; p++)
        env[k++] = (char)toupper((unsigned char)*p);
    env[k] = '\0';
    const char *from = "--model-dir", *path = model_dir;
    if ((!path || !*path) && std && std->recognition_model) {
        path = std->recognition_model;
        from = "recognition_model in the standard";
    }
    if (!path || !*path) {
        path = getenv(env);
        from = env;
    }
    if (!path || !*path) {
        snprintf(err, errlen,
                 "no speech recognition model for language '%s': answers are typed; to speak "
                 "them, install a PocketSphinx model for %s and set recognition_model in the "
                 "standard or %s",
                 lang, lang, env);
        return -1;
    }
    char why[600];
    if (!is_dir(path)) {
        snprintf(err, errlen,
                 "the speech recognition model for '%s' is %s (from %s), which is not a folder: "
                 "answers are typed; point %s at a PocketSphinx model folder",
                 lang, path, from, from);
        return -1;
    }
    char hmm[4096], dict[4096];
    if (cc_asr_model_files(path, hmm, sizeof hmm, dict, sizeof dict, why, sizeof why) != 0) {
        snprintf(err, errlen,
                 "the folder %s (from %s) is not a PocketSphinx model for '%s': %s; answers are "
                 "typed until %s names a complete model folder",
                 path, from, lang, why, from);
        return -1;
    }
    snprintf(dir, dirlen, "%s", path);
    return 0;
}

cc_asr *cc_listener_asr(const cc_listener_config *cfg, size_t *nsentences, char *err,
                        size_t errlen)
{
    if (nsentences) *nsentences = 0;
    char model[4096];
    if (cc_listener_model(cfg->std, cfg->scn, cfg->model_dir, model, sizeof model, err, errlen) !=
        0)
        return NULL;
    cc_asr *asr = NULL;
    char **extra = NULL;
    size_t nextra = 0;
    cc_corpus *corpus = NULL;
    pronouncer pr = {cfg->tts, NULL};
    if (cfg->conversation_file) {
        if (err && errlen) err[0] = '\0';
        extra = read_lines(cfg->conversation_file, &nextra, err, errlen);
        if (!extra && nextra == 0 && err && errlen && err[0]) goto done;
    }
    /* The conversational set: a model of its own mixed in (CC_HEAR_GENERAL_WEIGHT), or, with
     * a weight of 0, more sentences of the scenario's model. */
    double gw = CC_HEAR_GENERAL_WEIGHT;
    const char *gwe = getenv("CALLCOACH_GENERAL_WEIGHT"); /* for measuring other weights */
    if (gwe && *gwe) gw = atof(gwe);
    int mixed = gw > 0 && nextra > 0;
    corpus = cc_corpus_build(cfg->std, cfg->scn, cfg->trainee, (const char *const *)extra,
                             mixed ? 0 : nextra);
    if (!corpus) goto oom;
    cc_asr_config ac = {0};
    ac.model_dir = model[0] ? model : NULL;
    ac.language = cfg->scn && cfg->scn->language ? cfg->scn->language
                  : cfg->std ? cfg->std->language : NULL;
    ac.sentences = cc_corpus_sentences(corpus);
    ac.nsentences = cc_corpus_count(corpus);
    ac.pronounce = pronounce;
    ac.pronounce_ud = &pr;
    if (mixed) {
        ac.general = (const char *const *)extra;
        ac.ngeneral = nextra;
        ac.general_weight = gw;
    }
    cc_fe_config fe = cc_fe_default();
    ac.front_end = fe.kind;
    ac.front_end_agc = fe.agc;
    asr = cc_asr_create(&ac, err, errlen);
    if (asr && nsentences) *nsentences = ac.nsentences;
    goto done;
oom:
    snprintf(err, errlen, "out of memory while building the recogniser");
done:
    free(pr.last);
    for (size_t i = 0; i < nextra; i++) free(extra[i]);
    free(extra);
    cc_corpus_free(corpus);
    return asr;
}

cc_listener *cc_listener_create(const cc_listener_config *cfg, char *err, size_t errlen)
{
    cc_listener *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory while building the recogniser");
        return NULL;
    }
    if (!(l->asr = cc_listener_asr(cfg, &l->nsentences, err, errlen))) {
        cc_listener_free(l);
        return NULL;
    }
    return l;
}

void cc_listener_free(cc_listener *l)
{
    if (!l) return;
    cc_asr_free(l->asr);
    free(l->text);
    free(l);
}

int cc_listener_hear(cc_listener *l, const int16_t *pcm, size_t n, cc_heard *out, char *err,
                     size_t errlen)
{
    *out = (cc_heard){"", 0, 0, 0, NAN, NAN, NAN};
    cc_asr_result r = {0};
    if (cc_asr_decode(l->asr, pcm, n, &r, err, errlen) != 0) return -1;
    free(l->text);
    l->text = NULL;
    if (r.nutts == 0) {
        /* No speech: the whole recording was silence. */
        out->lead_ms = (int64_t)(n * 1000 / CC_HEAR_RATE);
        cc_asr_result_free(&r);
        return 0;
    }
    size_t len = 1, words = 0;
    double conf = 0, weight = 0;
    for (size_t i = 0; i < r.nutts; i++) {
        len += strlen(r.utts[i].text) + 1;
        words += r.utts[i].nwords;
        double d = (double)(r.utts[i].end_ms - r.utts[i].start_ms);
        if (d <= 0) d = 1;
        conf += r.utts[i].confidence * d;
        weight += d;
    }
    l->text = malloc(len);
    if (!l->text) {
        cc_asr_result_free(&r);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    l->text[0] = '\0';
    for (size_t i = 0; i < r.nutts; i++) {
        if (i) strcat(l->text, " ");
        strcat(l->text, r.utts[i].text);
    }
    int64_t first = r.utts[0].start_ms, last = r.utts[r.nutts - 1].end_ms;
    out->text = l->text;
    out->confidence = weight > 0 ? conf / weight : 0;
    out->lead_ms = first;
    out->speech_ms = last > first ? last - first : 0;
    size_t a = (size_t)(first * CC_HEAR_RATE / 1000), b = (size_t)(last * CC_HEAR_RATE / 1000);
    if (b > n) b = n;
    cc_delivery dl;
    if (b > a && cc_dsp_delivery(pcm + a, b - a, CC_HEAR_RATE, &dl) == 0) {
        if (dl.voiced_seconds > 0.3) out->pitch_range = dl.pitch_range_semitones;
        out->loudness = dl.loudness_dbfs;
    }
    if (out->speech_ms > 500 && words > 0)
        out->rate_wpm = (double)words * 60000.0 / (double)out->speech_ms;
    cc_asr_result_free(&r);
    return 0;
}

int cc_listener_hear_file(cc_listener *l, const char *path, cc_heard *out, char *err,
                          size_t errlen)
{
    cc_pcm pcm = {0};
    if (cc_wav_read(path, CC_HEAR_RATE, &pcm, err, errlen) != 0) return -1;
    int rc = cc_listener_hear(l, pcm.samples, pcm.count, out, err, errlen);
    cc_pcm_free(&pcm);
    return rc;
}

size_t cc_listener_sentences(const cc_listener *l) { return l ? l->nsentences : 0; }
size_t cc_listener_dropped_count(const cc_listener *l) { return l ? cc_asr_dropped_count(l->asr) : 0; }
const char *cc_listener_dropped(const cc_listener *l, size_t i)
{
    return l ? cc_asr_dropped(l->asr, i) : NULL;
}
