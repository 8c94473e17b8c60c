/* Fuzz target: cc_take_parse() on arbitrary bytes; a take that parses is
 * played (at most FUZZ_MAX_ACTIONS actions and FUZZ_MAX_WAIT_S seconds of
 * waiting) through tests/fixtures/call.yaml with its standard, scored and
 * reported, so the call engine and the scorer are fuzzed by what trainees do. */
#include "fuzz_common.h"

#include "files.h"

#ifndef CC_DATA_DIR
#error "CC_DATA_DIR must name the source folder"
#endif

static const cc_standard *std;
static const cc_scenario *scn;

static void load_fixtures(void)
{
    cc_diags *d = cc_diags_create();
    cc_standard *s = NULL;
    cc_scenario *c = NULL;
    if (cc_standard_load_file(CC_DATA_DIR "/tests/fixtures/standard.yaml", &s, d) != CC_FILE_OK ||
        cc_scenario_load_file(CC_DATA_DIR "/tests/fixtures/call.yaml", s, &c, d) != CC_FILE_OK) {
        fprintf(stderr, "fuzz_take: cannot load the fixtures in %s/tests/fixtures\n", CC_DATA_DIR);
        abort();
    }
    cc_diags_free(d);
    std = s;
    scn = c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!std) load_fixtures();
    cc_diags *d = cc_diags_create();
    if (!d) return 0;
    cc_take *t = cc_take_parse("fuzz.take", (const char *)data, size, d);
    fuzz_check_diags(d, t != NULL);
    if (t) {
        for (size_t i = 0; i < t->count; i++) {
            const cc_take_action *a = &t->actions[i];
            FUZZ_CHECK(a->line >= 1 && a->col >= 1);
            FUZZ_CHECK(strcmp(cc_take_kind_name(a->kind), "?") != 0);
            switch (a->kind) {
            case CC_TAKE_PICKUP: FUZZ_CHECK(a->ring >= 1); break;
            case CC_TAKE_WAIT: FUZZ_CHECK(a->seconds >= 0); break;
            case CC_TAKE_SAY:
            case CC_TAKE_SAY_WAV:
            case CC_TAKE_INTERRUPT:
            case CC_TAKE_TRANSFER: FUZZ_CHECK(a->text && *a->text); break;
            default: break;
            }
        }
        fuzz_play(std, scn, t, fuzz_hash(data, size));
    }
    cc_take_free(t);
    cc_diags_free(d);
    return 0;
}
