#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <getopt.h>
#include <unistd.h>

const char *cli_program = "callcoach";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cli_program);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_option_error(int c, char *const argv[])
{
    /* getopt leaves optind past the offending word; for a short option inside
     * a cluster ("-xq") only optopt names it. */
    const char *word = optind > 0 ? argv[optind - 1] : "";
    int is_long = strncmp(word, "--", 2) == 0;
    int len = (int)strcspn(word, "=");
    if (c == ':') {
        if (is_long) cli_error("option '%.*s' needs a value; see --help", len, word);
        else cli_error("option '-%c' needs a value; see --help", optopt);
    } else if (is_long) {
        cli_error("unknown option '%.*s'; see --help for the options", len, word);
    } else {
        cli_error("unknown option '-%c'; see --help for the options", optopt);
    }
    return EX_USAGE;
}

void cli_print_diags(cc_diags *d, FILE *to)
{
    cc_diags_sort(d);
    char line[2048];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        fprintf(to, "%s\n", line);
    }
    if (cc_diags_dropped(d))
        fprintf(to, "%s: note: %zu more problems are not shown; fix the ones above and check again\n",
                cc_diags_dropped_file(d), cc_diags_dropped(d));
}

int cli_exit_for(cc_file_status st)
{
    switch (st) {
    case CC_FILE_OK: return EX_OK;
    case CC_FILE_MISSING:
    case CC_FILE_UNREADABLE: return EX_NOINPUT;
    case CC_FILE_BAD: return EX_DATAERR;
    }
    return EX_SOFTWARE;
}

static char *join(const char *dir, size_t dirlen, const char *name)
{
    size_t n = dirlen + 1 + strlen(name) + 1;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%.*s/%s", (int)dirlen, dir, name);
    return p;
}

char *cli_standard_beside(const char *scenario_path)
{
    const char *slash = strrchr(scenario_path, '/');
    char *p = slash ? join(scenario_path, (size_t)(slash - scenario_path), "standard.yaml")
                    : strdup("standard.yaml");
    if (p && access(p, R_OK) == 0) return p;
    free(p);
    return NULL;
}

char *cli_default_standard(const char *explicit_path, const char *scenario_path)
{
    if (explicit_path) return strdup(explicit_path);
    char *beside = scenario_path ? cli_standard_beside(scenario_path) : NULL;
    if (beside) return beside;
    return cli_data_file("scenarios/standard.yaml");
}

#ifndef CC_BIN_TO_DATA
#define CC_BIN_TO_DATA "../share/callcoach"
#endif

/* The installed data folder beside this program, canonical, or NULL. It
 * counts only if it holds the standard: a build folder has none beside it. */
static char *installed_data_dir(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return NULL;
    char *dir = join(exe, (size_t)(slash - exe), CC_BIN_TO_DATA);
    char *real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    char *std = real ? join(real, strlen(real), "scenarios/standard.yaml") : NULL;
    int ok = std && access(std, R_OK) == 0;
    free(std);
    if (ok) return real;
    free(real);
    return NULL;
}

char *cli_data_file(const char *relative)
{
    const char *env = getenv("CALLCOACH_DATA_DIR");
    if (env && *env) return join(env, strlen(env), relative);
    char *inst = installed_data_dir();
    if (inst) {
        char *p = join(inst, strlen(inst), relative);
        free(inst);
        return p;
    }
    return join(CC_DATA_DIR, strlen(CC_DATA_DIR), relative);
}

int cli_parse_u64(const char *s, unsigned long long *out)
{
    if (!s || !*s || *s == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}
