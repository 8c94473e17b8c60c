/* callcoach-lint: checks standard and scenario files and reports every problem
 * as FILE:LINE:COL: severity: message. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "files.h"
#include "yamldoc.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-lint [OPTION]... FILE...\n"
            "Check callcoach standard and scenario files; print every problem as\n"
            "FILE:LINE:COL: error: message.\n\n"
            "  -s, --standard FILE  check scenarios against this standard (default: the\n"
            "                       standard.yaml beside each scenario, else the bundled one)\n"
            "  -q, --quiet          print nothing for clean files\n"
            "  -h, --help           show this help and exit\n"
            "  -V, --version        show the version and exit\n\n"
            "Exit status: 0 clean (warnings allowed), 65 errors found, 66 a file is missing,\n"
            "64 bad usage.\n");
}

typedef struct {
    char *path;
    cc_standard *std;
} cached_standard;

/* Scenarios in one folder share a standard: load it once per path. */
static cc_standard *standard_for(cached_standard *cache, size_t *n, size_t cap, const char *path,
                                 cc_diags *d, cc_file_status *st)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(cache[i].path, path) == 0) {
            *st = cache[i].std ? CC_FILE_OK : CC_FILE_BAD;
            return cache[i].std;
        }
    cc_standard *std = NULL;
    *st = cc_standard_load_file(path, &std, d);
    if (*n < cap) {
        cache[*n].path = strdup(path);
        cache[*n].std = std;
        if (cache[*n].path) {
            (*n)++;
            return std;
        }
    }
    return std; /* not cached: caller frees via the cache only, so keep it simple */
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-lint";
    static const struct option opts[] = {{"standard", required_argument, 0, 's'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *standard = NULL;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, "s:qhV", opts, NULL)) != -1) {
        switch (c) {
        case 's': standard = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach-lint %s\n", CC_VERSION); return EX_OK;
        default: usage(stderr); return EX_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("no file to check: name at least one standard or scenario file; see --help");
        return EX_USAGE;
    }
    int missing = 0, bad = 0;
    size_t nfiles = (size_t)(argc - optind);
    cached_standard *cache = calloc(nfiles + 1, sizeof *cache);
    size_t ncache = 0;
    if (!cache) {
        cli_error("out of memory");
        return EX_OSERR;
    }
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        cc_diags *d = cc_diags_create();
        if (!d) {
            cli_error("out of memory");
            return EX_OSERR;
        }
        char *data = NULL;
        size_t len = 0;
        cc_file_status st = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, d);
        if (st == CC_FILE_OK) {
            const char *kind = cc_file_kind(data, len);
            if (kind && strcmp(kind, "standard") == 0) {
                cc_standard_free(cc_standard_load(path, data, len, d));
            } else if (kind && strcmp(kind, "scenario") == 0) {
                char *sp = cli_default_standard(standard, path);
                cc_file_status sst;
                cc_standard *std = sp ? standard_for(cache, &ncache, nfiles + 1, sp, d, &sst) : NULL;
                if (std)
                    cc_scenario_free(cc_scenario_load(path, data, len, std, d));
                else
                    cc_diags_add(d, CC_DIAG_ERROR, path, 0, 0,
                                 "cannot check this scenario: its standard '%s' did not load; "
                                 "fix it or name another with --standard",
                                 sp ? sp : "?");
                free(sp);
            } else {
                /* Not recognisable: still say what is wrong with it as YAML. */
                cc_yaml_doc *doc = NULL;
                if (cc_yaml_parse(path, data, len, &doc, d) == 0)
                    cc_diags_add(d, CC_DIAG_ERROR, path, 1, 1,
                                 "not a callcoach file: a standard starts with 'standard:', a "
                                 "scenario with 'scenario:'");
                cc_yaml_free(doc);
            }
            free(data);
        }
        if (st == CC_FILE_MISSING || st == CC_FILE_UNREADABLE) missing = 1;
        if (cc_diags_errors(d)) bad = 1;
        cli_print_diags(d, stderr);
        if (!quiet && !cc_diags_errors(d) && st == CC_FILE_OK) printf("%s: ok\n", path);
        cc_diags_free(d);
    }
    for (size_t i = 0; i < ncache; i++) {
        free(cache[i].path);
        cc_standard_free(cache[i].std);
    }
    free(cache);
    if (missing) return EX_NOINPUT;
    return bad ? EX_DATAERR : EX_OK;
}
