/* scntest: a scenario's own tests (`tests:`), read and played.
 *
 * Contract: cc_scenario_load() parses the tests and their inline takes but
 * does no I/O; cc_scenario_load_takes() reads each `take_file` (resolved
 * against the scenario's folder), reporting a file that cannot be read at
 * the `take_file` value in the scenario and a bad line at its place in the
 * take file. cc_scenario_test_run() plays one test through a simulated call
 * (sim.h) with the given trainee and seed, scores it (score.h) and compares:
 * every expectation that does not hold becomes one error in diags, at the
 * `expect`, `fail`, `pass`, `score_min` or `score_max` entry it belongs to,
 * in the form "test 'NAME': rule 'x' is pass, expected fail (evidence)". */
#ifndef CC_SCNTEST_H
#define CC_SCNTEST_H

#include <stdint.h>

#include "diag.h"
#include "files.h"
#include "scenario.h"
#include "standard.h"

/* CC_FILE_OK when every test has its take; CC_FILE_BAD otherwise (reported). */
cc_file_status cc_scenario_load_takes(cc_scenario *scn, cc_diags *diags);

typedef struct {
    int ok;          /* played, and every expectation held */
    int played;      /* 0: the take could not be played (reported) */
    int score;       /* 0-100, when played */
    int call_passed; /* the call passed the standard, when played */
} cc_test_outcome;

/* Plays test `i`. 0 done (see *out); -1 out of memory. A test whose take is
 * not loaded is reported and not played. */
int cc_scenario_test_run(const cc_standard *std, const cc_scenario *scn, size_t i,
                         const char *trainee, uint64_t seed, cc_diags *diags,
                         cc_test_outcome *out);

#endif
