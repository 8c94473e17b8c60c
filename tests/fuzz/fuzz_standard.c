/* Fuzz target: cc_standard_load() on arbitrary bytes (through yamldoc and
 * schema, so libyaml's use is fuzzed too). A standard that loads is then used
 * for real: a minimal scenario that names no rule, and the test fixture call
 * (when the standard still has its rules), are loaded against it, their
 * recogniser corpus built, and a fixed take played, scored and reported, so
 * odd settings and weights reach the engine and the scorer. */
#include "fuzz_common.h"

#include "corpus.h"
#include "files.h"

static const char minimal[] =
    "scenario: fuzz\n"
    "title: Fuzz\n"
    "language: en\n"
    "briefing: A call.\n"
    "lines:\n"
    "  - line: 1\n"
    "    start: open\n"
    "    caller: {name: Pat, voice: en-us, rate: 180}\n"
    "nodes:\n"
    "  - id: open\n"
    "    branches:\n"
    "      - goto: ask\n"
    "  - id: ask\n"
    "    say: Can you help me?\n"
    "    branches:\n"
    "      - when: {event: hold}\n"
    "        goto: bye\n"
    "      - goto: ask\n"
    "  - id: bye\n"
    "    say: Bye.\n"
    "    end: true\n";

static const char *fixture_call(size_t *len)
{
    static char *text;
    static size_t n;
    if (!text) {
        cc_diags *d = cc_diags_create();
        if (cc_file_read(CC_DATA_DIR "/tests/fixtures/call.yaml", CC_FILE_MAX_BYTES, &text, &n,
                         d) != CC_FILE_OK)
            abort();
        cc_diags_free(d);
    }
    *len = n;
    return text;
}

static void use_standard(const cc_standard *s, const char *text, size_t len, uint64_t seed)
{
    cc_diags *d = cc_diags_create();
    if (!d) return;
    cc_scenario *scn = cc_scenario_load("scn.yaml", text, len, s, d);
    fuzz_check_diags(d, scn != NULL);
    if (scn) {
        cc_corpus *c = cc_corpus_build(s, scn, "Alex", NULL, 0);
        cc_corpus_free(c);
        fuzz_play(s, scn, fuzz_fixed_take(), seed);
    }
    cc_scenario_free(scn);
    cc_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_diags *d = cc_diags_create();
    if (!d) return 0;
    cc_standard *s = cc_standard_load("fuzz.yaml", (const char *)data, size, d);
    fuzz_check_diags(d, s != NULL);
    if (s) {
        FUZZ_CHECK(s->id && s->company);
        FUZZ_CHECK(s->pass_mark >= 0 && s->pass_mark <= 100);
        for (size_t i = 0; i < s->nrules; i++) {
            const cc_rule *r = &s->rules[i];
            FUZZ_CHECK(r->id != NULL);
            FUZZ_CHECK(cc_standard_find(s, r->id) >= 0);
            FUZZ_CHECK(r->weight > 0);
            for (size_t k = 0; k < r->nphrases; k++)
                FUZZ_CHECK(cc_pattern_source(r->phrases[k]) != NULL);
        }
        FUZZ_CHECK(cc_standard_find(s, "no such rule \x01") == -1);
        uint64_t seed = fuzz_hash(data, size);
        use_standard(s, minimal, sizeof minimal - 1, seed);
        size_t len;
        const char *call = fixture_call(&len);
        /* Only worth it when the standard still has the fixture's rules. */
        if (cc_standard_find(s, "greeting") >= 0 && cc_standard_find(s, "company") >= 0) {
            cc_diags *d2 = cc_diags_create();
            cc_scenario *scn = d2 ? cc_scenario_load("call.yaml", call, len, s, d2) : NULL;
            if (scn) {
                fuzz_play(s, scn, fuzz_fixed_take(), seed);
                cc_scenario_free(scn);
            }
            cc_diags_free(d2);
        }
    }
    cc_standard_free(s);
    cc_diags_free(d);
    return 0;
}
