/* text_mode: the call in the terminal (`callcoach --text`, and the fallback
 * when there is no display).
 *
 * Contract: plays one scenario with typed input from stdin and prints the
 * caller's lines, then the report, on stdout; problems go to stderr in the
 * house style. The call runs on the wall clock (0 at the first ring): rings,
 * caller lines, timed remarks, the caller's patience and hang-up happen when
 * they are due and are printed above the prompt while the trainee types
 * (termio.h); the call ends by itself when no line is left. Typed answers
 * count as spoken from their first key (or from the end of the caller's line
 * when typing began over it), so the time to start typing is silence and the
 * time spent typing is not. What is entered while the caller on the line is
 * still talking happens when they finish (/interrupt cuts in). End of input
 * lets the rest of the call play out with the trainee silent, on the
 * simulated clock; SIGINT or SIGTERM hangs up. Returns a <sysexits.h> code.
 * When json_out is set the scored result is also written there as the JSON of
 * `callcoach-score --json`. The call is recorded into a session folder and
 * the history like a call in the window (recording.h, mode "text"), in the
 * data folder of store/fsutil.h cc_data_dir(): $CALLCOACH_HOME, else
 * $XDG_DATA_HOME/callcoach, else ~/.local/share/callcoach, the folder the
 * window uses. A recording that fails is said on stderr; the call and its
 * report go on. With demo set (`callcoach --demo --text`) the scenario's
 * model take is played instead of stdin, on the simulated clock (printed at
 * once), its lines printed with the caller's in call-clock order, and nothing
 * is recorded, as in the window's demo. Threads: the calling thread only; it
 * takes over the terminal (and SIGINT, SIGTERM) until it returns. */
#ifndef CC_TEXT_MODE_H
#define CC_TEXT_MODE_H

#include <stdint.h>

typedef struct {
    const char *scenario;  /* required */
    const char *standard;  /* NULL: beside the scenario, else the bundled one */
    const char *trainee;   /* NULL or "": "Alex" */
    uint64_t seed;
    const char *json_out;  /* NULL: none */
    int demo;              /* the scenario's model take plays itself; nothing is recorded */
    const char *mode;      /* "practice" or "assessment", recorded with the call; NULL: practice */
} cc_text_opts;

int cc_text_mode_run(const cc_text_opts *o);

#endif
