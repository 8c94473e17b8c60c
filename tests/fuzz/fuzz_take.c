/* Fuzz target: cc_take_parse() on arbitrary bytes; a take that parses is
 * played (at most FUZZ_MAX_ACTIONS actions and FUZZ_MAX_WAIT_S seconds of
 * waiting) through tests/fixtures/call.yaml with its standard, and through
 * one of the shipped scenarios with the shipped standard (picked by a hash of
 * the input), scored and reported: the call engine and the scorer are fuzzed
 * by what trainees do. */
#include "fuzz_common.h"

#include "files.h"

#ifndef CC_DATA_DIR
#error "CC_DATA_DIR must name the source folder"
#endif

static const char *const shipped[] = {"rude-caller", "transfer-request", "absent-colleague",
                                      "second-line"};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

static cc_standard *fix_std, *ship_std;
static cc_scenario *fix_scn, *ship_scn[NSHIPPED];

static void need(cc_file_status st, const char *what)
{
    if (st != CC_FILE_OK) {
        fprintf(stderr, "fuzz_take: cannot load %s\n", what);
        abort();
    }
}

static void load_all(void)
{
    cc_diags *d = cc_diags_create();
    need(cc_standard_load_file(CC_DATA_DIR "/tests/fixtures/standard.yaml", &fix_std, d),
         "tests/fixtures/standard.yaml");
    need(cc_scenario_load_file(CC_DATA_DIR "/tests/fixtures/call.yaml", fix_std, &fix_scn, d),
         "tests/fixtures/call.yaml");
    need(cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &ship_std, d),
         "scenarios/standard.yaml");
    for (size_t i = 0; i < NSHIPPED; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, shipped[i]);
        need(cc_scenario_load_file(path, ship_std, &ship_scn[i], d), path);
    }
    cc_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fix_std) load_all();
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
        uint64_t seed = fuzz_hash(data, size);
        fuzz_play(fix_std, fix_scn, t, seed);
        fuzz_play(ship_std, ship_scn[seed % NSHIPPED], t, seed >> 8);
    }
    cc_take_free(t);
    cc_diags_free(d);
    return 0;
}
