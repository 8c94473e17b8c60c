/* Fuzz target: cc_words_from_text(), the normaliser every answer goes
 * through, with the invariants text.h promises of its tokens. */
#include "fuzz_common.h"

#include <ctype.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);
    cc_words *w = cc_words_from_text(text);
    if (w) {
        size_t n = cc_words_count(w);
        for (size_t i = 0; i < n; i++) {
            const char *tok = cc_words_at(w, i);
            FUZZ_CHECK(tok != NULL && tok[0] != '\0');
            size_t a = 0, b = 0;
            cc_words_span(w, i, &a, &b);
            FUZZ_CHECK(a <= b && b <= len);
            int digits = 1;
            for (const char *q = tok; *q; q++)
                if (!isdigit((unsigned char)*q)) digits = 0;
            FUZZ_CHECK(!cc_words_is_number(w, i) == !digits);
            int br = cc_words_break_before(w, i);
            FUZZ_CHECK(br == 0 || br == 1);
        }
        cc_words_free(w);
    }
    int64_t ms = cc_speech_ms(text, 150);
    FUZZ_CHECK(ms >= 400);
    free(text);
    return 0;
}
