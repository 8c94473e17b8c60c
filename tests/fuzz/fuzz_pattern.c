/* Fuzz target: the phrase-pattern language. The input's first line is a
 * pattern, compiled with cc_pattern_compile(); each further line (up to 8) is
 * an utterance it is matched against, as are a few fixed ones, with match
 * options taken from the input. Also fuzzes the recogniser sentences, slot
 * filling and cc_phrases_hit's evidence. */
#include "fuzz_common.h"

#include "match.h"
#include "phrase.h"
#include "text.h"

static const char *const fixed[] = {
    "",
    "Good morning, Northwind Travel, this is Alex. How can I help you?",
    "I'm sorry, I can't put you through to 2040 right now, no.",
    "um five five five one two three four, twenty forty, at three o'clock",
    "Frank Dawson? Mr Dawson, please hold.",
    "don't worry, it's not a problem at all",
};

static cc_slots *make_slots(void)
{
    cc_slots *s = cc_slots_create();
    if (!s) return NULL;
    if (cc_slots_add(s, "company", "Northwind Travel") || cc_slots_add(s, "trainee", "Alex") ||
        cc_slots_add(s, "caller", "Frank Dawson") || cc_slots_add(s, "caller", "Mr Dawson") ||
        cc_slots_add(s, "number", "2040") || cc_slots_add(s, "time", "three o'clock") ||
        cc_slots_add(s, "time", "15:00") || cc_slots_add(s, "department", "")) {
        cc_slots_free(s);
        return NULL;
    }
    return s;
}

static void sentence(void *ud, const char *s)
{
    size_t *n = ud;
    FUZZ_CHECK(s != NULL);
    (*n)++;
}

static void match_one(const cc_pattern *p, const char *text, const cc_slots *slots,
                      const cc_match_opts *o)
{
    cc_words *w = cc_words_from_text(text);
    if (!w) return;
    cc_match_span span = {0, 0};
    int m = cc_pattern_match(p, w, slots, o, &span);
    FUZZ_CHECK(m == 0 || m == 1);
    if (m) {
        FUZZ_CHECK(span.first <= span.last);
        FUZZ_CHECK(span.last < cc_words_count(w));
    }
    /* Without slots, a slot never matches; must not crash either. */
    (void)cc_pattern_match(p, w, NULL, NULL, &span);
    cc_words_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cc_slots *slots;
    if (!slots && !(slots = make_slots())) return 0;
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    uint64_t h = fuzz_hash(data, size);
    cc_match_opts o = {(int)(h % 6), (int)((h >> 8) & 1), (int)((h >> 9) & 1), (int)((h >> 10) & 1)};

    char *nl = strchr(buf, '\n');
    char *rest = NULL;
    if (nl) {
        *nl = '\0';
        rest = nl + 1;
    }
    char err[128] = "";
    int col = -1;
    cc_pattern *p = cc_pattern_compile(buf, err, sizeof err, &col);
    if (!p) {
        /* A refusal says why and where (col 0 only for out of memory). */
        FUZZ_CHECK(col >= 0 && (size_t)col <= strlen(buf) + 1);
        FUZZ_CHECK(col == 0 || err[0] != '\0');
    } else {
        FUZZ_CHECK(strcmp(cc_pattern_source(p), buf) == 0);
        for (size_t i = 0; i < cc_pattern_slot_count(p); i++)
            FUZZ_CHECK(cc_pattern_slot_name(p, i) != NULL);
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) match_one(p, fixed[i], slots, &o);
        for (int n = 0; rest && n < 8; n++) {
            char *next = strchr(rest, '\n');
            if (next) *next = '\0';
            match_one(p, rest, slots, &o);
            char ev[64];
            int hit = cc_phrases_hit((cc_pattern *const *)&p, 1, o.max_gap, !o.allow_swap, rest,
                                     slots, ev, sizeof ev);
            FUZZ_CHECK(hit >= -1 && hit <= 1);
            if (hit == 1) FUZZ_CHECK(strlen(ev) < sizeof ev);
            rest = next ? next + 1 : NULL;
        }
        size_t made = 0;
        size_t got = cc_pattern_sentences(p, slots, 64, sentence, &made);
        FUZZ_CHECK(got == made && got <= 64);
        char *filled = cc_slots_fill(slots, buf);
        free(filled);
        cc_pattern_free(p);
    }
    free(buf);
    return 0;
}
