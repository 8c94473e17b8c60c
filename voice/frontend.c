/* frontend: see frontend.h. libspeexdsp's preprocessor, frame by frame. */
#include "frontend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <speex/speex_preprocess.h>

/* Defaults. Noise attenuated by up to 25 dB (speexdsp's own default is 15; not tuned: the dev
 * part was measured with 25 only); the gain's target is the level bench_hear speaks at. Whether
 * to suppress at all and whether to use the gain were chosen on bench_hear's dev part (README,
 * "Voice"; frontend.h cc_fe_default). */
#define D_SUPPRESS_DB -25
#define D_AGC_DBFS -26.0

struct cc_frontend {
    cc_fe_config cfg;
    SpeexPreprocessState *st;
    int16_t held[CC_FE_FRAME];
    size_t nheld;
};

static SpeexPreprocessState *speex_new(const cc_fe_config *c)
{
    SpeexPreprocessState *st = speex_preprocess_state_init(CC_FE_FRAME, CC_FE_RATE);
    if (!st) return NULL;
    int on = 1, off = 0, sup = c->noise_suppress_db;
    speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_DENOISE, &on);
    speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &sup);
    speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_DEREVERB, &off);
    if (c->agc) {
        /* The level is an RMS amplitude in int16 units. */
        float level = (float)(32768.0 * pow(10.0, c->agc_level_dbfs / 20.0));
        speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_AGC, &on);
        speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
    } else {
        speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_AGC, &off);
    }
    return st;
}

cc_frontend *cc_fe_create(const cc_fe_config *cfg, char *err, size_t errlen)
{
    cc_frontend *f = calloc(1, sizeof *f);
    if (!f) {
        if (errlen) snprintf(err, errlen, "out of memory for the microphone's front end");
        return NULL;
    }
    if (cfg) f->cfg = *cfg;
    if (f->cfg.noise_suppress_db == 0) f->cfg.noise_suppress_db = D_SUPPRESS_DB;
    if (f->cfg.agc_level_dbfs == 0) f->cfg.agc_level_dbfs = D_AGC_DBFS;
    if (f->cfg.kind == CC_FE_SPEEX && !(f->st = speex_new(&f->cfg))) {
        if (errlen)
            snprintf(err, errlen, "the microphone's front end (libspeexdsp) could not start");
        free(f);
        return NULL;
    }
    return f;
}

void cc_fe_free(cc_frontend *f)
{
    if (!f) return;
    if (f->st) speex_preprocess_state_destroy(f->st);
    free(f);
}

void cc_fe_reset(cc_frontend *f)
{
    if (!f) return;
    f->nheld = 0;
    if (f->st) {
        speex_preprocess_state_destroy(f->st);
        f->st = speex_new(&f->cfg); /* NULL (out of memory): audio passes unchanged */
    }
}

void cc_fe_discard(cc_frontend *f)
{
    if (f) f->nheld = 0;
}

static void frame(cc_frontend *f, int16_t *x)
{
    if (f->st) speex_preprocess_run(f->st, x);
}

size_t cc_fe_run(cc_frontend *f, const int16_t *in, size_t n, int16_t *out)
{
    size_t done = 0, i = 0;
    if (f->nheld) {
        size_t take = CC_FE_FRAME - f->nheld < n ? CC_FE_FRAME - f->nheld : n;
        memcpy(f->held + f->nheld, in, take * sizeof *in);
        f->nheld += take;
        i = take;
        if (f->nheld < CC_FE_FRAME) return 0;
        memcpy(out, f->held, sizeof f->held);
        frame(f, out);
        f->nheld = 0;
        done = CC_FE_FRAME;
    }
    for (; i + CC_FE_FRAME <= n; i += CC_FE_FRAME, done += CC_FE_FRAME) {
        if (out + done != in + i) memmove(out + done, in + i, CC_FE_FRAME * sizeof *in);
        frame(f, out + done);
    }
    if (i < n) {
        memcpy(f->held, in + i, (n - i) * sizeof *in);
        f->nheld = n - i;
    }
    return done;
}

cc_fe_config cc_fe_config_from_env(cc_fe_config dflt)
{
    const char *e = getenv("CALLCOACH_FRONTEND");
    if (!e || !*e) return dflt;
    if (!strcmp(e, "none")) return (cc_fe_config){ .kind = CC_FE_NULL };
    if (!strcmp(e, "speex")) return (cc_fe_config){ .kind = CC_FE_SPEEX };
    if (!strcmp(e, "speex-agc")) return (cc_fe_config){ .kind = CC_FE_SPEEX, .agc = 1 };
    return dflt;
}

cc_fe_config cc_fe_default(void)
{
    return cc_fe_config_from_env((cc_fe_config){ .kind = CC_FE_NULL });
}
