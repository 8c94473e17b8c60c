/* Fuzz target: cc_scenario_load() on arbitrary bytes, against the shipped
 * standard (loaded once). A scenario that loads is then played with a fixed
 * take that tries every phone action, scored and reported, and its
 * recogniser corpus is built: scenarios drive the engine. The scenario's own
 * inline tests (`tests:` with `take: |`) are played and checked too. */
#include "fuzz_common.h"

#include "corpus.h"
#include "files.h"
#include "scntest.h"

#ifndef CC_DATA_DIR
#error "CC_DATA_DIR must name the source folder"
#endif

static const cc_standard *shipped_standard(void)
{
    static cc_standard *std;
    if (!std) {
        cc_diags *d = cc_diags_create();
        if (cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d) != CC_FILE_OK) {
            fprintf(stderr, "fuzz_scenario: cannot load %s/scenarios/standard.yaml\n", CC_DATA_DIR);
            abort();
        }
        cc_diags_free(d);
    }
    return std;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cc_standard *std = shipped_standard();
    cc_diags *d = cc_diags_create();
    if (!d) return 0;
    cc_scenario *scn = cc_scenario_load("fuzz.yaml", (const char *)data, size, std, d);
    fuzz_check_diags(d, scn != NULL);
    if (scn) {
        FUZZ_CHECK(scn->nlines >= 1 && scn->nlines <= CC_MAX_LINES);
        for (size_t i = 0; i < scn->nlines; i++) {
            FUZZ_CHECK(scn->lines[i].start >= 0 && (size_t)scn->lines[i].start < scn->nnodes);
            FUZZ_CHECK(cc_scenario_line(scn, scn->lines[i].number) == &scn->lines[i]);
        }
        for (size_t i = 0; i < scn->nnodes; i++) {
            const cc_node *n = &scn->nodes[i];
            for (size_t k = 0; k < n->nexpect; k++)
                FUZZ_CHECK(n->expect[k] >= 0 && (size_t)n->expect[k] < std->nrules);
            for (size_t k = 0; k < n->nbranches; k++)
                FUZZ_CHECK(n->branches[k].target >= 0 &&
                           (size_t)n->branches[k].target < scn->nnodes);
            for (size_t k = 0; k < n->nevents; k++)
                if (n->events[k].kind == CC_TIMED_GOTO)
                    FUZZ_CHECK(n->events[k].node >= 0 && (size_t)n->events[k].node < scn->nnodes);
        }
        cc_corpus *c = cc_corpus_build(std, scn, "Alex", NULL, 0);
        if (c) {
            for (size_t i = 0; i < cc_corpus_count(c); i++) FUZZ_CHECK(cc_corpus_at(c, i));
            cc_corpus_free(c);
        }
        uint64_t seed = fuzz_hash(data, size);
        fuzz_play(std, scn, fuzz_fixed_take(), seed);
        for (size_t i = 0; i < scn->ntests; i++) {
            const cc_scenario_test *t = &scn->tests[i];
            FUZZ_CHECK(t->name != NULL);
            FUZZ_CHECK(!t->take_file == !!t->take); /* inline takes are parsed; files are not read */
            if (!t->take) continue;
            for (size_t k = 0; k < t->take->count; k++)
                FUZZ_CHECK(t->take->actions[k].line >= 1 && t->take->actions[k].col >= 1);
            fuzz_play(std, scn, t->take, seed);
            if (t->take->count > FUZZ_MAX_ACTIONS) continue;
            cc_diags *td = cc_diags_create();
            if (!td) continue;
            cc_test_outcome out = {0};
            if (cc_scenario_test_run(std, scn, i, "Alex", seed, td, &out) == 0) {
                FUZZ_CHECK(!out.played || (out.score >= 0 && out.score <= 100));
                FUZZ_CHECK(!out.ok || cc_diags_errors(td) == 0);
                fuzz_check_diags(td, cc_diags_errors(td) == 0);
            }
            cc_diags_free(td);
        }
    }
    cc_scenario_free(scn);
    cc_diags_free(d);
    return 0;
}
