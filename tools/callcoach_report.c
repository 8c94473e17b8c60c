/* callcoach-report: what the history says about a trainee or the whole group, as
 * a self-contained HTML page, a CSV table or xAPI statements (store/README.md).
 * The reports are made by store/export.h (the progress screen's export button
 * writes the same ones); this program reads its options, finds the scenarios to
 * suggest drills from, and says what went wrong with an exit code. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "course.h"
#include "export.h"
#include "files.h"
#include "fsutil.h"
#include "history.h"
#include "import.h"
#include "retention.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-report [OPTION]...\n"
            "Report what the history of recorded calls says: scores per scenario over time,\n"
            "first and best attempts, the rules most often failed, and the drill to do next.\n"
            "Without --html, --csv or --xapi, prints a summary (unless only a maintenance\n"
            "option below was given). This is the trainer's tool: the desktop app exports\n"
            "only the signed-in trainee's own report.\n\n"
            "  -t, --trainee NAME    only this trainee\n"
            "  -a, --all             every trainee (the default)\n"
            "  -d, --data-dir DIR    the data folder (default: $CALLCOACH_HOME, else\n"
            "                        $XDG_DATA_HOME/callcoach or ~/.local/share/callcoach)\n"
            "      --html FILE       write a self-contained HTML report (no scripts; links\n"
            "                        only within the page)\n"
            "      --csv FILE        write one row per session, a column per rule\n"
            "      --xapi FILE       write xAPI statements (a JSON array) for a learning record store\n"
            "      --scenarios DIR   scenarios to suggest the next drill from (default: the\n"
            "                        bundled ones); the standard is DIR/standard.yaml and\n"
            "                        the course (stages and their pass marks) DIR/course.yaml\n"
            "Maintenance (done before any report):\n"
            "      --import DIR...   merge session folders from other desks (a data folder,\n"
            "                        its sessions folder or one session folder; several DIRs\n"
            "                        may follow) into this data folder and its history; a\n"
            "                        session already here is left as it is\n"
            "      --delete-trainee NAME  remove everything of one trainee: history rows,\n"
            "                        session folders (audio included) and calibration files;\n"
            "                        prints what was removed\n"
            "      --keep-audio-days N  remove the audio of finished calls older than N days\n"
            "                        (scores, transcripts and takes are kept)\n"
            "  -h, --help            show this help and exit\n"
            "  -V, --version         show the version and exit\n\n"
            "FILE may be - for standard output. Files are replaced whole or not at all.\n"
            "Exit status: 0 done, 64 bad usage, 65 the history or an imported session is not\n"
            "readable as one, 66 no history, no such trainee or folder, 71 out of memory,\n"
            "74 a report or a file could not be written.\n");
}


typedef struct {
    cc_drill_candidate *c;
    size_t n;
    const char ***rules; /* per candidate, freed */
    cc_standard *std;
    cc_scenario **scn;
    cc_course *course; /* DIR/course.yaml, NULL without one */
} drills;

static void drills_free(drills *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free((void *)d->rules[i]);
        cc_scenario_free(d->scn[i]);
    }
    free(d->c);
    free(d->rules);
    free(d->scn);
    cc_standard_free(d->std);
    cc_course_free(d->course);
    memset(d, 0, sizeof *d);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The scenarios of dir as drill candidates. -1 (message printed) when an explicit
 * folder cannot be used; a bundled one that fails is skipped quietly. */
static int drills_load(const char *dir, int explicit_dir, drills *d)
{
    memset(d, 0, sizeof *d);
    DIR *dp = opendir(dir);
    if (!dp) {
        if (explicit_dir) {
            cli_error("cannot read the scenarios in %s: %s; give a folder of scenario files with "
                      "--scenarios", dir, strerror(errno));
            return -1;
        }
        return 0;
    }
    char *names[256];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && nn < 256) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0 ||
            strcmp(de->d_name, "standard.yaml") == 0 || de->d_name[0] == '.')
            continue;
        names[nn] = cc_fs_join(dir, de->d_name);
        if (names[nn]) nn++;
    }
    closedir(dp);
    qsort(names, nn, sizeof *names, name_cmp);
    char *cp = cc_fs_join(dir, "course.yaml");
    cc_diags *cd = cc_diags_create();
    cc_file_status cs = cp && cd ? cc_course_load_file(cp, &d->course, cd) : CC_FILE_MISSING;
    if (cs != CC_FILE_OK) {
        /* A broken course is the lint's to explain; an explicit folder says so. */
        if (explicit_dir && cs == CC_FILE_BAD) {
            cli_print_diags(cd, stderr);
            cli_error("the course %s has errors: the report shows no stages; check it with "
                      "callcoach-lint", cp);
        }
        cc_course_free(d->course);
        d->course = NULL;
    }
    cc_diags_free(cd);
    free(cp);
    char *stdp = cc_fs_join(dir, "standard.yaml");
    char *sp = cli_default_standard(NULL, stdp);
    free(stdp);
    cc_diags *dg = cc_diags_create();
    int rc = 0;
    if (!sp || !dg || cc_standard_load_file(sp, &d->std, dg) != CC_FILE_OK) {
        if (explicit_dir) {
            if (dg) cli_print_diags(dg, stderr);
            cli_error("cannot suggest a drill: the standard %s cannot be read; fix it or give "
                      "another --scenarios folder", sp ? sp : "standard.yaml");
            rc = -1;
        }
        goto done;
    }
    d->c = calloc(nn ? nn : 1, sizeof *d->c);
    d->rules = calloc(nn ? nn : 1, sizeof *d->rules);
    d->scn = calloc(nn ? nn : 1, sizeof *d->scn);
    if (!d->c || !d->rules || !d->scn) {
        rc = -1;
        cli_error("out of memory; close other programs and try again");
        goto done;
    }
    for (size_t i = 0; i < nn; i++) {
        cc_scenario *s = NULL;
        if (cc_scenario_load_file(names[i], d->std, &s, dg) != CC_FILE_OK || !s) {
            cc_scenario_free(s);
            continue; /* not a scenario (or a broken one): callcoach-lint tells why */
        }
        size_t k = d->n;
        if (cc_scenario_drill_rules(d->std, s, &d->rules[k], &d->c[k].nrules) != 0) {
            cc_scenario_free(s);
            continue;
        }
        d->scn[k] = s;
        d->c[k].scenario_id = s->id;
        d->c[k].title = s->title;
        d->c[k].rules = d->rules[k];
        d->n++;
    }
done:
    for (size_t i = 0; i < nn; i++) free(names[i]);
    free(sp);
    cc_diags_free(dg);
    if (rc != 0) drills_free(d);
    return rc;
}

/* ---- main ---- */

static int write_out(const char *path, const cc_buf *b, const char *what)
{
    if (b->failed) {
        cli_error("cannot make the %s: out of memory; close other programs and try again", what);
        return EX_OSERR;
    }
    if (strcmp(path, "-") == 0) {
        fputs(cc_buf_str(b), stdout);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write the %s: output error; check the disk or the pipe", what);
            return EX_IOERR;
        }
        return EX_OK;
    }
    char err[1024];
    if (cc_fs_write_atomic(path, cc_buf_str(b), b->len, err, sizeof err) != 0) {
        cli_error("%s", err);
        return EX_IOERR;
    }
    return EX_OK;
}

static int exit_for(int st)
{
    switch (st) {
    case CC_HISTORY_MISSING: return EX_NOINPUT;
    case CC_HISTORY_NEWER:
    case CC_HISTORY_NOT_OURS: return EX_DATAERR;
    case CC_HISTORY_NOMEM: return EX_OSERR;
    case CC_HISTORY_READONLY: return EX_NOINPUT;
    default: return EX_IOERR;
    }
}

/* --import, --delete-trainee, --keep-audio-days: the history opened for writing. */
static int maintain(const char *data_dir, char **imports, size_t nimports, const char *forget,
                    int keep_days)
{
    char err[1024];
    int rc = EX_OK;
    if (keep_days > 0) {
        cc_retention_counts n;
        if (cc_retention_prune_audio(data_dir, keep_days, (int64_t)time(NULL), &n, err, sizeof err) != 0) {
            cli_error("%s", err);
            return EX_IOERR;
        }
        printf("Removed the audio of %d call%s older than %d days (%zu files, %.1f MB); their "
               "scores and transcripts are kept.\n", n.sessions, n.sessions == 1 ? "" : "s",
               keep_days, n.files, (double)n.bytes / 1e6);
    }
    if (!nimports && !forget) return rc;
    cc_history *h = NULL;
    /* Deleting from a data folder with no history yet makes none. */
    int st = 0;
    if (nimports ||
        cc_history_open(data_dir, CC_HISTORY_READ_ONLY, &h, err, sizeof err) != CC_HISTORY_MISSING) {
        cc_history_close(h);
        h = NULL;
        st = cc_history_open(data_dir, 0, &h, err, sizeof err);
    }
    if (st != 0) {
        cli_error("%s", err);
        return exit_for(st);
    }
    char *dir = cc_data_dir(data_dir, err, sizeof err);
    if (!dir) {
        cli_error("%s", err);
        cc_history_close(h);
        return EX_OSERR;
    }
    for (size_t i = 0; i < nimports && rc == EX_OK; i++) {
        cc_import_counts n;
        cc_buf notes = CC_BUF_INIT;
        st = cc_import_path(h, dir, imports[i], &n, &notes, err, sizeof err);
        fputs(cc_buf_str(&notes), stderr);
        cc_buf_reset(&notes);
        if (st != 0) {
            cli_error("%s", err);
            rc = strstr(err, "no such folder") || strstr(err, "not a folder") ? EX_NOINPUT
                 : strstr(err, "cannot be read") || strstr(err, "not written by callcoach") ? EX_DATAERR
                                                                                         : EX_IOERR;
        }
        printf("Imported from %s: %d new call%s, %d here already, %d skipped.\n", imports[i],
               n.imported, n.imported == 1 ? "" : "s", n.already, n.skipped);
    }
    if (forget && rc == EX_OK) {
        cc_buf what = CC_BUF_INIT;
        st = cc_retention_delete_trainee(h, dir, forget, &what, err, sizeof err);
        fputs(cc_buf_str(&what), stdout);
        cc_buf_reset(&what);
        if (st != 0) {
            cli_error("%s", err);
            rc = st == CC_HISTORY_MISSING ? EX_NOINPUT : exit_for(st);
        } else {
            printf("Trainee %s deleted.\n", forget);
        }
    }
    free(dir);
    cc_history_close(h);
    return rc;
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-report";
    enum { O_HTML = 1000, O_CSV, O_XAPI, O_SCN, O_IMPORT, O_FORGET, O_KEEP };
    static const struct option opts[] = {{"trainee", required_argument, 0, 't'},
                                         {"all", no_argument, 0, 'a'},
                                         {"data-dir", required_argument, 0, 'd'},
                                         {"html", required_argument, 0, O_HTML},
                                         {"csv", required_argument, 0, O_CSV},
                                         {"xapi", required_argument, 0, O_XAPI},
                                         {"scenarios", required_argument, 0, O_SCN},
                                         {"import", required_argument, 0, O_IMPORT},
                                         {"delete-trainee", required_argument, 0, O_FORGET},
                                         {"keep-audio-days", required_argument, 0, O_KEEP},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *trainee = NULL, *data_dir = NULL, *html = NULL, *csv = NULL, *xapi = NULL,
               *scn_dir = NULL, *forget = NULL;
    char **imports = calloc((size_t)argc + 1, sizeof *imports);
    size_t nimports = 0;
    int all = 0, c, keep_days = 0;
    if (!imports) {
        cli_error("out of memory; close other programs and try again");
        return EX_OSERR;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:ad:hV", opts, NULL)) != -1) {
        switch (c) {
        case 't': trainee = optarg; break;
        case 'a': all = 1; break;
        case 'd': data_dir = optarg; break;
        case O_HTML: html = optarg; break;
        case O_CSV: csv = optarg; break;
        case O_XAPI: xapi = optarg; break;
        case O_SCN: scn_dir = optarg; break;
        case O_IMPORT: imports[nimports++] = optarg; break;
        case O_FORGET: forget = optarg; break;
        case O_KEEP: {
            char *end = NULL;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 36500) {
                cli_error("--keep-audio-days '%s' is not a number of days; give a whole number "
                          "from 1, e.g. --keep-audio-days 30", optarg);
                free(imports);
                return EX_USAGE;
            }
            keep_days = (int)v;
            break;
        }
        case 'h': free(imports); usage(stdout); return EX_OK;
        case 'V': free(imports); printf("callcoach-report %s\n", CC_VERSION); return EX_OK;
        default: free(imports); return cli_option_error(c, argv);
        }
    }
    /* --import DIR...: the folders after it are imported too. */
    while (nimports && optind < argc) imports[nimports++] = argv[optind++];
    if (optind < argc) {
        cli_error("unexpected argument '%s': the report reads the history, not files; see --help",
                  argv[optind]);
        free(imports);
        return EX_USAGE;
    }
    if (forget) {
        char *clean = cc_history_name_clean(forget);
        int blank = clean && !*clean;
        free(clean);
        if (blank) {
            cli_error("--delete-trainee needs a name, e.g. --delete-trainee Alex");
            free(imports);
            return EX_USAGE;
        }
    }
    if (nimports || forget || keep_days) {
        int mrc = maintain(data_dir, imports, nimports, forget, keep_days);
        free(imports);
        if (mrc != EX_OK || (!html && !csv && !xapi && !trainee && !all)) return mrc;
    } else {
        free(imports);
    }
    if (trainee && all) {
        cli_error("--trainee and --all both given: choose one trainee or everyone; see --help");
        return EX_USAGE;
    }
    if (trainee && !*trainee) {
        cli_error("--trainee needs a name, e.g. --trainee Alex");
        return EX_USAGE;
    }
    int stdouts = (html && !strcmp(html, "-")) + (csv && !strcmp(csv, "-")) + (xapi && !strcmp(xapi, "-"));
    if (stdouts > 1) {
        cli_error("more than one report to standard output: give files for all but one of "
                  "--html, --csv and --xapi");
        return EX_USAGE;
    }

    char err[1024];
    cc_history *hist = NULL;
    int st = cc_history_open(data_dir, CC_HISTORY_READ_ONLY, &hist, err, sizeof err);
    if (st == CC_HISTORY_OLDER) {
        /* Written by an older callcoach: brought up to date once (history.h), then read. */
        if ((st = cc_history_open(data_dir, 0, &hist, err, sizeof err)) == 0) {
            cc_history_close(hist);
            hist = NULL;
            st = cc_history_open(data_dir, CC_HISTORY_READ_ONLY, &hist, err, sizeof err);
        }
    }
    if (st != 0) {
        cli_error("%s", err);
        return exit_for(st);
    }
    int rc = EX_OK;
    drills dr = {0};
    cc_export *ex = NULL;
    cc_buf out = CC_BUF_INIT;
    st = cc_export_load(hist, trainee, &ex, err, sizeof err);
    if (st != CC_EXPORT_OK) {
        cli_error("%s", err);
        rc = st == CC_EXPORT_NO_TRAINEE ? EX_NOINPUT : EX_IOERR;
        goto done;
    }
    if (scn_dir) {
        if (drills_load(scn_dir, 1, &dr) != 0) {
            rc = EX_NOINPUT;
            goto done;
        }
    } else {
        char *def = cli_data_file("scenarios");
        if (def) drills_load(def, 0, &dr);
        free(def);
    }
    cc_export_set_drills(ex, dr.c, dr.n);
    cc_export_set_course(ex, dr.course);

    /* write_out says what ran out of memory: the makers' own status is not needed. */
    if (!html && !csv && !xapi) {
        cc_export_text(ex, &out);
        rc = write_out("-", &out, "summary");
        goto done;
    }
    if (csv) {
        cc_export_csv(ex, &out);
        if ((rc = write_out(csv, &out, "CSV report")) != EX_OK) goto done;
        cc_buf_reset(&out);
    }
    if (xapi) {
        cc_export_xapi(ex, &out);
        if ((rc = write_out(xapi, &out, "xAPI statements")) != EX_OK) goto done;
        cc_buf_reset(&out);
    }
    if (html) {
        cc_export_html(ex, &out);
        if ((rc = write_out(html, &out, "HTML report")) != EX_OK) goto done;
        cc_buf_reset(&out);
    }
done:
    cc_buf_reset(&out);
    drills_free(&dr);
    cc_export_free(ex);
    cc_history_close(hist);
    return rc;
}
