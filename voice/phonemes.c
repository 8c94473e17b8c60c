/* phonemes: espeak-ng (en-us, ASCII names) to CMU phones. See phonemes.h. */
#include "phonemes.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *espeak; /* espeak-ng phoneme name */
    const char *cmu;    /* one or two CMU phones */
} ph_map;

/* Longest names first within each first character does not matter: the
 * matcher tries every entry and keeps the longest match. */
static const ph_map ph_table[] = {
    /* r-coloured and centring vowels */
    {"i@3", "IH R"}, {"aI@", "AY ER"}, {"aI3", "AY ER"}, {"aU@", "AW ER"},
    {"aU3", "AW ER"}, {"oU3", "OW ER"}, {"A@", "AA R"}, {"O@", "AO R"},
    {"o@", "AO R"}, {"e@", "EH R"}, {"i@", "IY AH"}, {"U@", "UH R"},
    {"3:", "ER"}, {"3", "ER"},
    /* reduced vowels */
    {"a#", "AH"}, {"I#", "IH"}, {"I2", "IH"}, {"@2", "AH"}, {"@5", "AH"},
    {"@L", "AH L"}, {"@-", "AH"}, {"@", "AH"},
    /* diphthongs */
    {"aI", "AY"}, {"aU", "AW"}, {"eI", "EY"}, {"oU", "OW"}, {"OI", "OY"},
    /* monophthongs */
    {"A:", "AA"}, {"A", "AA"}, {"aa", "AE"}, {"a", "AE"}, {"E2", "EH"}, {"E", "EH"},
    {"i:", "IY"}, {"i", "IY"}, {"I", "IH"}, {"0", "AA"}, {"O2", "AO"}, {"O:", "AO"},
    {"O", "AO"}, {"U", "UH"}, {"u:", "UW"}, {"u", "UW"}, {"V", "AH"}, {"e", "EH"},
    {"o", "OW"},
    /* consonants */
    {"tS", "CH"}, {"dZ", "JH"}, {"t#", "T"}, {"t2", "T"}, {"d#", "D"}, {"d2", "D"},
    {"z#", "Z"}, {"n-", "AH N"}, {"l-", "AH L"}, {"m-", "AH M"}, {"r-", "R"},
    {"p", "P"}, {"b", "B"}, {"t", "T"}, {"d", "D"}, {"k", "K"}, {"g", "G"},
    {"f", "F"}, {"v", "V"}, {"T", "TH"}, {"D", "DH"}, {"s", "S"}, {"z", "Z"},
    {"S", "SH"}, {"Z", "ZH"}, {"h", "HH"}, {"m", "M"}, {"n", "N"}, {"N", "NG"},
    {"l", "L"}, {"L", "L"}, {"r", "R"}, {"w", "W"}, {"W", "W"}, {"j", "Y"},
    {"x", "K"}, {"C", "HH"}, {"?", "T"},
};

static const char *const cmu_phones[] = {
    "AA", "AE", "AH", "AO", "AW", "AY", "B",  "CH", "D",  "DH", "EH", "ER", "EY",
    "F",  "G",  "HH", "IH", "IY", "JH", "K",  "L",  "M",  "N",  "NG", "OW", "OY",
    "P",  "R",  "S",  "SH", "T",  "TH", "UH", "UW", "V",  "W",  "Y",  "Z",  "ZH",
};

int cc_phonemes_is_cmu(const char *phone)
{
    if (!phone) return 0;
    for (size_t i = 0; i < sizeof cmu_phones / sizeof cmu_phones[0]; i++)
        if (strcmp(phone, cmu_phones[i]) == 0) return 1;
    return 0;
}

/* Appends one CMU phone (2 chars at most) to out, merging R after R or ER. */
static void emit(char *out, size_t *len, const char *phone, size_t plen, char last[3])
{
    if (plen == 1 && phone[0] == 'R' && (strcmp(last, "R") == 0 || strcmp(last, "ER") == 0))
        return;
    if (*len) out[(*len)++] = ' ';
    memcpy(out + *len, phone, plen);
    *len += plen;
    memcpy(last, phone, plen);
    last[plen] = '\0';
}

char *cc_phonemes_to_cmu(const char *espeak)
{
    if (!espeak) return NULL;
    size_t in = strlen(espeak);
    /* Each input byte yields at most two phones of two letters plus spaces. */
    if (in > ((size_t)-1) / 8 - 1) return NULL;
    char *out = malloc(in * 6 + 1);
    if (!out) return NULL;
    size_t len = 0;
    char last[3] = "";
    for (size_t i = 0; i < in;) {
        if (espeak[i] == '(') { /* a language switch such as "(fr)": not phonemes */
            const char *close = strchr(espeak + i, ')');
            if (close) {
                i = (size_t)(close - espeak) + 1;
                continue;
            }
        }
        const ph_map *best = NULL;
        size_t bestlen = 0;
        for (size_t k = 0; k < sizeof ph_table / sizeof ph_table[0]; k++) {
            size_t l = strlen(ph_table[k].espeak);
            if (l > bestlen && strncmp(espeak + i, ph_table[k].espeak, l) == 0) {
                best = &ph_table[k];
                bestlen = l;
            }
        }
        if (!best) { /* stress, syllable, length, pause marks, spaces, unknown */
            if (espeak[i] == ' ' || espeak[i] == '\n' || espeak[i] == '\t' || espeak[i] == '_')
                last[0] = '\0'; /* a word boundary: "her rate" keeps both R */
            i++;
            continue;
        }
        const char *c = best->cmu;
        while (*c) {
            size_t pl = strcspn(c, " ");
            emit(out, &len, c, pl, last);
            c += pl;
            if (*c == ' ') c++;
        }
        i += bestlen;
    }
    if (!len) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}
