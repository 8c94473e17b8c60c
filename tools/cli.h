/* cli: what the command-line hosts share: one error style, exit codes,
 * finding the default standard, loading the files of a call.
 *
 * Every message a tool prints on failure has the form
 *   PROGRAM: what failed: why; what to do
 * and every exit code comes from <sysexits.h>. File problems are printed
 * as FILE:LINE:COL: error: message, one a line, sorted. */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <stdio.h>

#include "diag.h"
#include "files.h"

extern const char *cli_program;

void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void cli_print_diags(cc_diags *d, FILE *to);
/* EX_OK, EX_NOINPUT (missing/unreadable), EX_DATAERR (bad file). */
int cli_exit_for(cc_file_status st);
/* The standard to use with a scenario: `explicit` if given, else the
 * standard.yaml beside the scenario, else the one installed with the program.
 * Returns a malloc'd path. */
char *cli_default_standard(const char *explicit_path, const char *scenario_path);
/* The readable standard.yaml beside a scenario, or NULL. Caller frees. */
char *cli_standard_beside(const char *scenario_path);
/* A file or folder shipped with the program ("assets/conversation.txt",
 * "scenarios"): under $CALLCOACH_DATA_DIR if set, else under the data folder
 * of the prefix the program is installed in (bin/../share/callcoach, found
 * from /proc/self/exe, so a moved prefix still works), else in the source
 * tree it was built from (a program run from its build folder). Caller frees;
 * NULL out of memory. Thread-safe: nothing is cached. */
char *cli_data_file(const char *relative);
/* After getopt_long() returned '?' or ':' (the option string must start with
 * ':' and opterr be 0, so getopt prints nothing itself): says which option was
 * unknown or lacked its value, in the one error style, and returns EX_USAGE. */
int cli_option_error(int c, char *const argv[]);
/* Parses a seed or a count; 0 on success. */
int cli_parse_u64(const char *s, unsigned long long *out);

#endif
