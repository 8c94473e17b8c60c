#include "phrase.h"

#include <string.h>

static int phrases_hit(cc_pattern *const *phrases, size_t n, const cc_match_opts *o,
                       const char *text, const cc_slots *slots, char *evidence, size_t evlen);

int cc_phrases_hit(cc_pattern *const *phrases, size_t n, int max_gap, int strict_order,
                   const char *text, const cc_slots *slots, char *evidence, size_t evlen)
{
    cc_match_opts opts = CC_MATCH_OPTS_DEFAULT;
    opts.max_gap = max_gap;
    opts.allow_swap = !strict_order;
    return phrases_hit(phrases, n, &opts, text, slots, evidence, evlen);
}

static int phrases_hit(cc_pattern *const *phrases, size_t n, const cc_match_opts *o,
                       const char *text, const cc_slots *slots, char *evidence, size_t evlen)
{
    if (evlen) evidence[0] = '\0';
    if (!text || !*text) return 0;
    /* The answer is read in the language the phrases were written in. */
    cc_words *w = cc_words_from_text_lang(text, n ? cc_pattern_language(phrases[0]) : NULL);
    if (!w) return -1;
    cc_match_opts opts = *o;
    int hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        cc_match_span span;
        if (!cc_pattern_match(phrases[i], w, slots, &opts, &span)) continue;
        hit = 1;
        /* Quote the speaker's own words, not the normalised tokens: that is
         * what a trainee recognises in feedback. */
        size_t a, b, c, d;
        cc_words_span(w, span.first, &a, &b);
        cc_words_span(w, span.last, &c, &d);
        size_t len = d > a ? d - a : 0;
        if (evlen) {
            if (len >= evlen) len = evlen - 1;
            memcpy(evidence, text + a, len);
            evidence[len] = '\0';
        }
    }
    cc_words_free(w);
    return hit;
}

int cc_rule_hit(const cc_rule *r, const char *text, const cc_slots *slots, char *evidence,
                size_t evlen)
{
    cc_match_opts opts = CC_MATCH_OPTS_DEFAULT;
    opts.max_gap = r->max_gap;
    opts.allow_swap = !r->strict_order;
    /* A forbidden phrase said is said, whatever follows it: "Yeah, no, ..." */
    opts.negation_after = r->kind != CC_DETECT_FORBIDDEN;
    return phrases_hit(r->phrases, r->nphrases, &opts, text, slots, evidence, evlen);
}
