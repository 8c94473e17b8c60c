/* phonemes: espeak-ng phoneme strings to CMU phones, checked against cmudict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phonemes.h"
#include "tts.h"

#ifndef CC_PS_MODELDIR
#define CC_PS_MODELDIR "/usr/share/pocketsphinx/model"
#endif
#define CMUDICT CC_PS_MODELDIR "/en-us/cmudict-en-us.dict"

static void check(const char *espeak, const char *want)
{
    char *got = cc_phonemes_to_cmu(espeak);
    if (!want) {
        if (got) fail_msg("\"%s\": expected NULL, got \"%s\"", espeak ? espeak : "(null)", got);
        return;
    }
    if (!got) fail_msg("\"%s\": expected \"%s\", got NULL", espeak, want);
    if (strcmp(got, want) != 0) fail_msg("\"%s\": expected \"%s\", got \"%s\"", espeak, want, got);
    free(got);
}

static void fixed_strings(void **state)
{
    (void)state;
    /* What espeak-ng 1.51 gives for en-us, mapped. */
    check("n'O@TwInd", "N AO R TH W IH N D");
    check("d'O:s@n", "D AO S AH N");
    check("l'oUpEz", "L OW P EH Z");
    check("pr'Ij@", "P R IH Y AH");
    check("h@l'oU", "HH AH L OW");
    check("T'aNk ju:", "TH AE NG K Y UW");
    check("s'3:?n-li", "S ER T AH N L IY");         /* glottal stop, syllabic n */
    check("tr'av@L", "T R AE V AH L");              /* syllabic l */
    check("frVstr'eIt#IN", "F R AH S T R EY T IH NG"); /* flap */
    check("s'e@r@", "S EH R AH");                   /* r-coloured vowel before r: one R */
    check("s'Ep3r@t", "S EH P ER AH T");
    check("dZ'EnIf3", "JH EH N IH F ER");
    check("tS'En", "CH EH N");
    check("m'EZ3", "M EH ZH ER");
    check("D'Is", "DH IH S");
    check("b'OI k'aU", "B OY K AW");
    check("h'3: r'eIt", "HH ER R EY T");            /* across a word boundary R stays */
    check("kj'U@ri@s", "K Y UH R IY AH S");
    check("\n n'O@TwInd \n", "N AO R TH W IH N D");
    check("(fr)b'OnZu:(en) s'3:", "B AO N ZH UW S ER"); /* the switch markers are skipped */
    /* Nothing mappable. */
    check(NULL, NULL);
    check("", NULL);
    check("',%=_: ", NULL);
    assert_int_equal(cc_phonemes_is_cmu("ZH"), 1);
    assert_int_equal(cc_phonemes_is_cmu("AH0"), 0);
    assert_int_equal(cc_phonemes_is_cmu(NULL), 0);
    /* Every phone out of any input is a CMU phone. */
    char all[256];
    for (int i = 1; i < 256; i++) all[i - 1] = (char)i;
    all[255] = '\0';
    char *got = cc_phonemes_to_cmu(all);
    assert_non_null(got);
    for (char *tok = strtok(got, " "); tok; tok = strtok(NULL, " ")) assert_true(cc_phonemes_is_cmu(tok));
    free(got);
}

/* ---- against cmudict ------------------------------------------------------ */

#define MAXP 48

typedef struct {
    const char *word;
    char prons[8][256];
    int nprons;
} entry;

static int split(const char *s, char out[MAXP][4])
{
    int n = 0;
    while (*s && n < MAXP) {
        while (*s == ' ') s++;
        if (!*s) break;
        int k = 0;
        while (*s && *s != ' ') {
            if (k < 3 && !(*s >= '0' && *s <= '9')) out[n][k++] = *s;
            s++;
        }
        out[n][k] = '\0';
        n++;
    }
    return n;
}

static int phone_distance(const char *a, const char *b)
{
    char pa[MAXP][4], pb[MAXP][4];
    int na = split(a, pa), nb = split(b, pb);
    int d[MAXP + 1][MAXP + 1];
    for (int i = 0; i <= na; i++) d[i][0] = i;
    for (int j = 0; j <= nb; j++) d[0][j] = j;
    for (int i = 1; i <= na; i++)
        for (int j = 1; j <= nb; j++) {
            int sub = d[i - 1][j - 1] + (strcmp(pa[i - 1], pb[j - 1]) != 0);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[na][nb];
}

static const char *const words[] = {
    "dawson",   "lopez",     "garcia",    "sarah",      "michael",
    "jennifer",  "chen",     "anderson",  "hello",     "good",      "morning",    "afternoon",
    "thank",     "you",      "please",    "help",      "hold",      "transfer",   "extension",
    "sorry",     "apologize", "understand", "frustrating", "colleague", "message", "travel",
    "booking",   "flight",   "refund",    "manager",   "minute",    "moment",     "number",
    "office",    "available", "tomorrow", "customer",  "service",   "waiting",    "ticket",
    "delayed",   "speaking", "certainly", "appreciate", "patience", "thursday",
};

static void against_cmudict(void **state)
{
    (void)state;
    FILE *f = fopen(CMUDICT, "r");
    if (!f) {
        printf("skipped: %s not found (package pocketsphinx-en-us)\n", CMUDICT);
        skip();
    }
    size_t nw = sizeof words / sizeof words[0];
    entry *e = calloc(nw, sizeof *e);
    assert_non_null(e);
    for (size_t i = 0; i < nw; i++) e[i].word = words[i];
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char head[128];
        size_t hl = strcspn(line, " \t");
        if (hl == 0 || hl >= sizeof head) continue;
        memcpy(head, line, hl);
        head[hl] = '\0';
        char *paren = strchr(head, '(');
        if (paren) *paren = '\0';
        for (size_t i = 0; i < nw; i++) {
            if (strcmp(head, e[i].word) != 0 || e[i].nprons >= 8) continue;
            const char *pron = line + hl;
            while (*pron == ' ' || *pron == '\t') pron++;
            snprintf(e[i].prons[e[i].nprons], sizeof e[i].prons[0], "%.*s",
                     (int)strcspn(pron, "\r\n"), pron);
            e[i].nprons++;
        }
    }
    fclose(f);

    char err[256] = "";
    cc_tts *t = cc_tts_create(NULL, err, sizeof err);
    if (!t) fail_msg("tts: %s", err);
    size_t ok = 0, exact = 0;
    for (size_t i = 0; i < nw; i++) {
        if (!e[i].nprons) fail_msg("test word \"%s\" is not in %s", e[i].word, CMUDICT);
        const char *ph = cc_tts_phonemes(t, e[i].word);
        if (!ph) fail_msg("no espeak-ng phonemes for \"%s\"", e[i].word);
        char *cmu = cc_phonemes_to_cmu(ph);
        if (!cmu) fail_msg("nothing mapped for \"%s\" (%s)", e[i].word, ph);
        int best = 1000, bi = 0;
        for (int k = 0; k < e[i].nprons; k++) {
            int dd = phone_distance(cmu, e[i].prons[k]);
            if (dd < best) best = dd, bi = k;
        }
        if (best <= 2) ok++;
        if (best == 0) exact++;
        if (best > 0)
            printf("%s %-12s espeak %-14s -> %-24s cmudict %s (distance %d)\n",
                   best <= 2 ? "near    " : "MISMATCH", e[i].word, ph, cmu, e[i].prons[bi], best);
        free(cmu);
    }
    printf("cmudict agreement: %zu of %zu within 2 phone edits (%.0f %%), %zu exact\n", ok, nw,
           100.0 * ok / nw, exact);
    assert_true(ok * 100 >= nw * 85);

    /* Names and spellings the dictionary lacks, which is what the mapping is
     * for: against pronunciations written by hand in cmudict's style. */
    static const char *const missing[][2] = {
        {"northwind", "N AO R TH W IH N D"}, {"priya", "P R IY Y AH"},
        {"summarise", "S AH M ER AY Z"},     {"apologise", "AH P AA L AH JH AY Z"},
        {"organise", "AO R G AH N AY Z"},
    };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        const char *ph = cc_tts_phonemes(t, missing[i][0]);
        if (!ph) fail_msg("no espeak-ng phonemes for \"%s\"", missing[i][0]);
        char *cmu = cc_phonemes_to_cmu(ph);
        assert_non_null(cmu);
        int dd = phone_distance(cmu, missing[i][1]);
        printf("not in cmudict: %-10s espeak %-14s -> %-22s by hand %s (distance %d)\n", missing[i][0],
               ph, cmu, missing[i][1], dd);
        assert_true(dd <= 2);
        free(cmu);
    }
    cc_tts_free(t);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_strings),
        cmocka_unit_test(against_cmudict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
