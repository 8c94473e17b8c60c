/* callcoach-lint: checks standard, scenario and course files and reports every problem
 * as FILE:LINE:COL: severity: message; with --test, also plays each
 * scenario's tests and reports every expectation that does not hold. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "course.h"
#include "files.h"
#include "lint_sounds.h"
#include "scntest.h"
#include "yamldoc.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-lint [OPTION]... FILE...\n"
            "Check callcoach standard, scenario and course files; print every problem as\n"
            "FILE:LINE:COL: error: message.\n\n"
            "  -s, --standard FILE  check scenarios against this standard (default: the\n"
            "                       standard.yaml beside each scenario, else the bundled one)\n"
            "  -t, --test           also play each scenario's tests (its 'tests:' list: a\n"
            "                       take and the verdicts it must get; trainee Alex, seed 1)\n"
            "                       and report every expectation that does not hold\n"
            "  -q, --quiet          print nothing for clean files\n"
            "  -h, --help           show this help and exit\n"
            "  -V, --version        show the version and exit\n\n"
            "Exit status: 0 clean (warnings allowed) and every test passed, 65 errors found\n"
            "or a test failed, 66 a file is missing, 64 bad usage.\n");
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

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A course names scenarios by id: the ids are the scenario files of the
 * course's folder (named after their ids), and the scenarios it names by file
 * name that exist. */
static void lint_course(const char *path, const char *data, size_t len, cc_diags *d)
{
    cc_course *c = cc_course_load(path, data, len, d);
    if (!c) return;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    char **ids = NULL;
    size_t n = 0, cap = 0;
    DIR *dp = dir ? opendir(dir) : NULL;
    struct dirent *de;
    while (dp && (de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0) continue;
        size_t pl = strlen(dir) + l + 2;
        char *fp = malloc(pl);
        if (!fp) break;
        snprintf(fp, pl, "%s/%s", dir, de->d_name);
        char *fd = NULL;
        size_t flen = 0;
        cc_diags *quiet = cc_diags_create();
        if (quiet && cc_file_read(fp, CC_FILE_MAX_BYTES, &fd, &flen, quiet) == CC_FILE_OK) {
            const char *kind = cc_file_kind(fd, flen);
            if (kind && strcmp(kind, "scenario") == 0 && n == cap) {
                cap = cap ? cap * 2 : 32;
                char **p = realloc(ids, cap * sizeof *ids);
                if (p) ids = p;
                else cap = n;
            }
            if (kind && strcmp(kind, "scenario") == 0 && n < cap)
                ids[n] = strndup(de->d_name, l - 5), n += ids[n] != NULL;
        }
        free(fd);
        cc_diags_free(quiet);
        free(fp);
    }
    if (dp) closedir(dp);
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < c->stages[i].nitems; j++) {
            const cc_course_item *it = &c->stages[i].items[j];
            if (strcmp(it->ref, it->id) == 0) continue; /* an id: the folder decides */
            FILE *f = fopen(it->path, "rb");
            if (!f) continue;
            fclose(f);
            if (n == cap) {
                char **p = realloc(ids, (cap + 1) * sizeof *ids);
                if (!p) continue;
                ids = p;
                cap++;
            }
            ids[n] = strdup(it->id);
            n += ids[n] != NULL;
        }
    /* Sorted, so the "did you mean" does not depend on the folder's order. */
    if (n) qsort(ids, n, sizeof *ids, by_name);
    cc_course_check_ids(c, (const char *const *)ids, n, d);
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    free(dir);
    cc_course_free(c);
}

/* The simulator, courses and the history know a scenario by its file name;
 * an id that differs would make two names for one call. */
static void check_id_is_file_name(const char *path, const char *data, size_t len, cc_diags *d)
{
    cc_diags *quiet = cc_diags_create();
    cc_yaml_doc *doc = NULL;
    if (quiet && cc_yaml_parse(path, data, len, &doc, quiet) == 0) {
        const cc_yaml_node *id = cc_yaml_get(cc_yaml_root(doc), "scenario");
        const char *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        size_t stem = strlen(base);
        if (stem > 5 && strcmp(base + stem - 5, ".yaml") == 0) stem -= 5;
        if (id && id->kind == CC_YAML_SCALAR && (id->len != stem || strncmp(id->text, base, stem)))
            cc_diags_add(d, CC_DIAG_ERROR, path, id->line, id->col,
                         "scenario id '%s' is not the file's name '%s': the simulator, courses "
                         "and reports know a scenario by its file name; rename the file to "
                         "%s.yaml or write 'scenario: %.*s'",
                         id->text, base, id->text, (int)stem, base);
    }
    cc_yaml_free(doc);
    cc_diags_free(quiet);
}

/* Plays every test of a scenario; mismatches go to d. 0, or -1 out of memory. */
static int run_tests(const cc_standard *std, const cc_scenario *scn, cc_diags *d, size_t *ran,
                     size_t *failed)
{
    for (size_t i = 0; i < scn->ntests; i++) {
        cc_test_outcome out;
        if (cc_scenario_test_run(std, scn, i, "Alex", 1, d, &out) != 0) return -1;
        (*ran)++;
        if (!out.ok) (*failed)++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-lint";
    static const struct option opts[] = {{"standard", required_argument, 0, 's'},
                                         {"test", no_argument, 0, 't'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *standard = NULL;
    int quiet = 0, test = 0, c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:tqhV", opts, NULL)) != -1) {
        switch (c) {
        case 's': standard = optarg; break;
        case 't': test = 1; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach-lint %s\n", CC_VERSION); return EX_OK;
        default: return cli_option_error(c, argv);
        }
    }
    if (optind >= argc) {
        cli_error("no file to check: name at least one standard or scenario file; see --help");
        return EX_USAGE;
    }
    int missing = 0, bad = 0;
    size_t tests_passed = 0, tests_failed = 0, tested_files = 0;
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
        size_t len = 0, ntests = 0, nfailed = 0;
        int is_scenario = 0;
        cc_file_status st = cc_file_read(path, CC_FILE_MAX_BYTES, &data, &len, d);
        if (st == CC_FILE_OK) {
            const char *kind = cc_file_kind(data, len);
            if (kind && strcmp(kind, "course") == 0) {
                lint_course(path, data, len, d);
            } else if (kind && strcmp(kind, "standard") == 0) {
                cc_standard *own = cc_standard_load(path, data, len, d);
                if (own) cc_lint_sounds(path, own->sounds, own, d);
                cc_standard_free(own);
            } else if (kind && strcmp(kind, "scenario") == 0) {
                is_scenario = 1;
                char *sp = cli_default_standard(standard, path);
                char *beside = standard ? NULL : cli_standard_beside(path);
                cc_file_status sst;
                cc_standard *std = sp ? standard_for(cache, &ncache, nfiles + 1, sp, d, &sst) : NULL;
                if (std) {
                    cc_scenario *scn = cc_scenario_load(path, data, len, std, d);
                    check_id_is_file_name(path, data, len, d);
                    if (scn) cc_lint_sounds(path, scn->sounds, std, d);
                    if (scn && cc_scenario_load_takes(scn, d) == CC_FILE_OK && test &&
                        run_tests(std, scn, d, &ntests, &nfailed) != 0) {
                        cli_error("out of memory");
                        return EX_OSERR;
                    }
                    /* Rule ids are checked against the standard in use: say which
                     * one when the trainer did not choose it. */
                    if (!scn && !standard && !beside)
                        cc_diags_add(d, CC_DIAG_NOTE, path, 0, 0,
                                     "checked against standard '%s' (%s), the one installed "
                                     "with callcoach, as no standard.yaml sits beside this "
                                     "file; put yours beside it or name it with --standard",
                                     std->id, sp);
                    cc_scenario_free(scn);
                } else
                    cc_diags_add(d, CC_DIAG_ERROR, path, 0, 0,
                                 "cannot check this scenario: its standard '%s' did not load; "
                                 "fix it or name another with --standard",
                                 sp ? sp : "?");
                free(sp);
                free(beside);
            } else {
                /* Not recognisable: still say what is wrong with it as YAML. */
                cc_yaml_doc *doc = NULL;
                if (cc_yaml_parse(path, data, len, &doc, d) == 0)
                    cc_diags_add(d, CC_DIAG_ERROR, path, 1, 1,
                                 "not a callcoach file: a standard starts with 'standard:', a "
                                 "scenario with 'scenario:', a course with 'course:'");
                cc_yaml_free(doc);
            }
            free(data);
        }
        if (st == CC_FILE_MISSING || st == CC_FILE_UNREADABLE) missing = 1;
        if (cc_diags_errors(d)) bad = 1;
        cli_print_diags(d, stderr);
        tests_passed += ntests - nfailed;
        tests_failed += nfailed;
        tested_files += is_scenario;
        if (!quiet && !cc_diags_errors(d) && st == CC_FILE_OK) {
            if (test && is_scenario)
                printf("%s: ok, %zu test%s passed\n", path, ntests, ntests == 1 ? "" : "s");
            else
                printf("%s: ok\n", path);
        }
        cc_diags_free(d);
    }
    for (size_t i = 0; i < ncache; i++) {
        free(cache[i].path);
        cc_standard_free(cache[i].std);
    }
    free(cache);
    /* One scenario's "ok, N tests passed" already says it all. */
    if (test && (tested_files != 1 || tests_failed || quiet || bad))
        printf("%zu test%s passed, %zu failed\n", tests_passed, tests_passed == 1 ? "" : "s",
               tests_failed);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the results: output error; check the disk or the pipe");
        return EX_IOERR;
    }
    if (missing) return EX_NOINPUT;
    return bad || tests_failed ? EX_DATAERR : EX_OK;
}
