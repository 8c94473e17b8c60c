/* text_mode: the call in the terminal (`callcoach --text`, and the fallback
 * when there is no display).
 *
 * Contract: plays one scenario with typed input from stdin and prints the
 * caller's lines, then the report, on stdout; problems go to stderr in the
 * house style. Rings are real time until Enter; after pick-up the conversation
 * runs on the simulated call clock (game/sim.h): typing is not speaking, so
 * the time an answer takes to type does not count as silence. Returns a
 * <sysexits.h> code. When json_out is set the scored result is also written
 * there as the JSON of `callcoach-score --json`. */
#ifndef CC_TEXT_MODE_H
#define CC_TEXT_MODE_H

#include <stdint.h>

typedef struct {
    const char *scenario;  /* required */
    const char *standard;  /* NULL: beside the scenario, else the bundled one */
    const char *trainee;   /* NULL or "": "Alex" */
    uint64_t seed;
    const char *json_out;  /* NULL: none */
} cc_text_opts;

int cc_text_mode_run(const cc_text_opts *o);

#endif
