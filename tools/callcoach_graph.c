/* callcoach-graph: prints a scenario's flow as Graphviz DOT (or draws it as
 * SVG with Graphviz's `dot`): one box per node with the caller's line and the
 * rules the answer is judged on, one arrow per branch labelled with its
 * condition in the order they are tried, timed events as dashed arrows. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "files.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach-graph [OPTION]... SCENARIO\n"
            "Print the flow of a scenario as a Graphviz DOT graph: a box for each node\n"
            "(the caller's line, shortened, and the rules the answer is judged on), an\n"
            "arrow for each branch labelled with its condition, numbered in the order\n"
            "they are tried, and dashed arrows for timed events.\n\n"
            "  -s, --standard FILE  load the scenario with this standard (default: the\n"
            "                       standard.yaml beside it, else the bundled one)\n"
            "      --svg OUT        draw the graph into OUT as SVG with Graphviz's 'dot'\n"
            "                       instead of printing it\n"
            "  -h, --help           show this help and exit\n"
            "  -V, --version        show the version and exit\n\n"
            "Exit status: 0 done, 65 a bad scenario or standard, 66 a missing file,\n"
            "69 --svg without Graphviz installed, 74 the output could not be written,\n"
            "64 bad usage.\n");
}

/* ---- text for labels ----------------------------------------------------- */

/* At most `max` bytes of s, cut at a space, with "..." when cut. */
static void shorten(cc_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        cc_buf_puts(b, s);
        return;
    }
    size_t cut = max;
    while (cut > 0 && s[cut] != ' ') cut--;
    if (cut == 0) { /* one long word: cut at a character boundary */
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    while (cut > 0 && strchr(" ,.;:", s[cut - 1])) cut--;
    cc_buf_append(b, s, cut);
    cc_buf_puts(b, "...");
}

/* Breaks text into lines of about `width` characters at spaces. */
static void wrap(cc_buf *b, const char *s, size_t width)
{
    size_t col = 0;
    while (*s) {
        size_t w = strcspn(s, " ");
        if (col > 0 && col + 1 + w > width) {
            cc_buf_puts(b, "\n");
            col = 0;
        } else if (col > 0) {
            cc_buf_puts(b, " ");
            col++;
        }
        cc_buf_append(b, s, w);
        col += w;
        s += w;
        while (*s == ' ') s++;
    }
}

/* s as a DOT quoted string. */
static void quoted(cc_buf *b, const char *s)
{
    cc_buf_puts(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') cc_buf_printf(b, "\\%c", *s);
        else if (*s == '\n') cc_buf_puts(b, "\\n");
        else if (*s == '\r') continue;
        else cc_buf_append(b, s, 1);
    }
    cc_buf_puts(b, "\"");
}

/* "a, b, c"; with a joiner ("or", "and"), "a, b or c". */
static void rule_list(cc_buf *b, const cc_standard *std, const int *rules, size_t n,
                      const char *joiner)
{
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n && i > 0 && joiner) cc_buf_printf(b, " %s ", joiner);
        else if (i > 0) cc_buf_puts(b, ", ");
        cc_buf_puts(b, std->rules[rules[i]].id);
    }
}

static void seconds(cc_buf *b, double s) { cc_buf_printf(b, "%g s", s); }

/* Frees a scratch buffer, passing an out-of-memory on to the one it fed. */
static void done_with(cc_buf *into, cc_buf *scratch)
{
    if (scratch->failed) into->failed = 1;
    cc_buf_reset(scratch);
}

/* ---- the graph ------------------------------------------------------------ */

static void node_box(cc_buf *out, const cc_standard *std, const cc_scenario *scn, size_t i)
{
    const cc_node *n = &scn->nodes[i];
    cc_buf lab = CC_BUF_INIT, tmp = CC_BUF_INIT;
    cc_buf_puts(&lab, n->id);
    int start = 0;
    for (size_t l = 0; l < scn->nlines; l++)
        if (scn->lines[l].start == (int)i) start = 1;
    if (n->nsay) {
        cc_buf_puts(&tmp, "\"");
        shorten(&tmp, n->say[0], 72);
        cc_buf_puts(&tmp, "\"");
        if (n->nsay > 1)
            cc_buf_printf(&tmp, " (+%zu variant%s)", n->nsay - 1, n->nsay > 2 ? "s" : "");
        cc_buf_puts(&lab, "\n");
        wrap(&lab, cc_buf_str(&tmp), 32);
        done_with(&lab, &tmp);
    } else if (start) {
        cc_buf_puts(&lab, "\n(the trainee speaks first)");
    }
    if (n->nexpect) {
        cc_buf_puts(&tmp, "expects: ");
        rule_list(&tmp, std, n->expect, n->nexpect, NULL);
        cc_buf_puts(&lab, "\n");
        wrap(&lab, cc_buf_str(&tmp), 32);
        done_with(&lab, &tmp);
    }
    if (n->end) cc_buf_puts(&lab, "\n(the caller hangs up)");
    cc_buf_puts(out, "  ");
    quoted(out, n->id);
    cc_buf_puts(out, " [label=");
    quoted(out, cc_buf_str(&lab));
    if (n->end) cc_buf_puts(out, ", style=\"rounded,filled\", fillcolor=\"#e6e6e6\", peripheries=2");
    cc_buf_puts(out, "];\n");
    done_with(out, &lab);
}

static void condition(cc_buf *lab, const cc_standard *std, const cc_branch *b)
{
    cc_buf c = CC_BUF_INIT;
    int first = 1;
#define NEXT() (first ? (first = 0, "") : "\n")
    if (b->npassed) {
        cc_buf_printf(&c, "%spassed: ", NEXT());
        rule_list(&c, std, b->passed, b->npassed, "and");
    }
    if (b->nfailed) {
        cc_buf_printf(&c, "%sfailed: ", NEXT());
        rule_list(&c, std, b->failed, b->nfailed, "or");
    }
    if (b->nsaid) {
        cc_buf tmp = CC_BUF_INIT;
        cc_buf_puts(&tmp, "said ");
        for (size_t i = 0; i < b->nsaid; i++)
            cc_buf_printf(&tmp, "%s\"%s\"", i ? " or " : "", cc_pattern_source(b->said[i]));
        cc_buf_puts(&c, NEXT());
        wrap(&c, cc_buf_str(&tmp), 36);
        done_with(&c, &tmp);
    }
    if (b->event != CC_ACT_NONE) {
        cc_buf_printf(&c, "%sevent: %s", NEXT(), cc_act_name(b->event));
        if (b->extension) cc_buf_printf(&c, " %s", b->extension);
    }
    if (b->silent) cc_buf_printf(&c, "%ssilent", NEXT());
#undef NEXT
    cc_buf_puts(lab, cc_buf_str(&c));
    done_with(lab, &c);
}

static void edges(cc_buf *out, const cc_standard *std, const cc_scenario *scn, size_t i)
{
    const cc_node *n = &scn->nodes[i];
    for (size_t k = 0; k < n->nbranches; k++) {
        const cc_branch *b = &n->branches[k];
        if (b->target < 0) continue;
        cc_buf lab = CC_BUF_INIT;
        if (n->nbranches > 1) cc_buf_printf(&lab, "%zu. ", k + 1);
        if (b->has_when) condition(&lab, std, b);
        else if (n->nbranches > 1) cc_buf_puts(&lab, "fallback");
        cc_buf_puts(out, "  ");
        quoted(out, n->id);
        cc_buf_puts(out, " -> ");
        quoted(out, scn->nodes[b->target].id);
        if (lab.len) {
            cc_buf_puts(out, " [label=");
            quoted(out, cc_buf_str(&lab));
            cc_buf_puts(out, "]");
        }
        cc_buf_puts(out, ";\n");
        done_with(out, &lab);
    }
    for (size_t k = 0; k < n->nevents; k++) {
        const cc_timed *e = &n->events[k];
        cc_buf lab = CC_BUF_INIT;
        cc_buf_puts(&lab, "after ");
        seconds(&lab, e->after);
        cc_buf nb = CC_BUF_INIT;
        cc_buf_printf(&nb, "%s~%zu", n->id, k + 1);
        const char *note = cc_buf_str(&nb);
        cc_buf_puts(out, "  ");
        quoted(out, n->id);
        cc_buf_puts(out, " -> ");
        if (e->kind == CC_TIMED_GOTO) {
            quoted(out, scn->nodes[e->node].id);
            cc_buf_puts(&lab, ": go to");
        } else if (e->kind == CC_TIMED_RING) {
            char line[32];
            snprintf(line, sizeof line, "line %d", e->line);
            quoted(out, line);
            cc_buf_printf(&lab, ": line %d rings", e->line);
        } else {
            quoted(out, note);
        }
        cc_buf_puts(out, " [style=dashed, label=");
        quoted(out, cc_buf_str(&lab));
        cc_buf_puts(out, "];\n");
        done_with(out, &lab);
        if (e->kind == CC_TIMED_SAY || e->kind == CC_TIMED_HANGUP) {
            cc_buf text = CC_BUF_INIT, tmp = CC_BUF_INIT;
            if (e->kind == CC_TIMED_HANGUP) cc_buf_puts(&text, "the caller hangs up");
            else {
                cc_buf_puts(&tmp, e->interrupt ? "the caller cuts in: \"" : "the caller says: \"");
                shorten(&tmp, e->text, 60);
                cc_buf_puts(&tmp, "\"");
                wrap(&text, cc_buf_str(&tmp), 32);
                done_with(&text, &tmp);
            }
            cc_buf_puts(out, "  ");
            quoted(out, note);
            cc_buf_puts(out, " [shape=note, style=dashed, label=");
            quoted(out, cc_buf_str(&text));
            cc_buf_puts(out, "];\n");
            done_with(out, &text);
        }
        done_with(out, &nb);
    }
}

static void graph(cc_buf *out, const cc_standard *std, const cc_scenario *scn)
{
    cc_buf title = CC_BUF_INIT;
    cc_buf_printf(&title, "%s: %s\n(standard %s)", scn->id, scn->title, std->id);
    cc_buf_printf(out, "// The flow of scenario %s, drawn by callcoach-graph.\n", scn->id);
    cc_buf_puts(out, "// Branches are tried in the order of their numbers; dashed arrows are\n"
                     "// timed events, counted from the end of the caller's line.\n");
    cc_buf_puts(out, "digraph ");
    quoted(out, scn->id);
    cc_buf_puts(out, " {\n  graph [labelloc=t, fontname=\"Helvetica\", label=");
    quoted(out, cc_buf_str(&title));
    cc_buf_puts(out, "];\n"
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
                     "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    done_with(out, &title);
    for (size_t l = 0; l < scn->nlines; l++) {
        const cc_line_def *def = &scn->lines[l];
        char id[32];
        snprintf(id, sizeof id, "line %d", def->number);
        cc_buf lab = CC_BUF_INIT;
        cc_buf_printf(&lab, "Line %d\n%s (%s)\n%s", def->number, def->caller.name,
                      cc_mood_name(def->caller.mood),
                      def->number == 1 ? "rings when the call starts"
                                       : "rings when an event rings it");
        cc_buf_puts(out, "\n  ");
        quoted(out, id);
        cc_buf_puts(out, " [shape=invhouse, style=filled, fillcolor=\"#dce9f7\", label=");
        quoted(out, cc_buf_str(&lab));
        cc_buf_puts(out, "];\n  ");
        quoted(out, id);
        cc_buf_puts(out, " -> ");
        quoted(out, scn->nodes[def->start].id);
        cc_buf_puts(out, " [style=bold, label=\"answered\"];\n");
        done_with(out, &lab);
    }
    cc_buf_puts(out, "\n");
    for (size_t i = 0; i < scn->nnodes; i++) node_box(out, std, scn, i);
    cc_buf_puts(out, "\n");
    for (size_t i = 0; i < scn->nnodes; i++) edges(out, std, scn, i);
    cc_buf_puts(out, "}\n");
}

/* ---- drawing -------------------------------------------------------------- */

static int on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path || !*path) return 0;
    while (*path) {
        size_t n = strcspn(path, ":");
        char full[4096];
        if (n == 0) snprintf(full, sizeof full, "./%s", prog);
        else snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog);
        if (access(full, X_OK) == 0) return 1;
        path += n;
        if (*path == ':') path++;
    }
    return 0;
}

/* Pipes the DOT text through `dot -Tsvg -o OUT`. Returns an exit code. */
static int draw_svg(const char *dot_text, size_t len, const char *out)
{
    if (!on_path("dot")) {
        cli_error("cannot draw %s: Graphviz's 'dot' is not installed; install it (apt-get "
                  "install graphviz), or run without --svg and draw the DOT text elsewhere",
                  out);
        return EX_UNAVAILABLE;
    }
    int fd[2];
    if (pipe(fd) != 0) {
        cli_error("cannot run dot: %s; try again", strerror(errno));
        return EX_OSERR;
    }
    pid_t pid = fork();
    if (pid < 0) {
        cli_error("cannot run dot: %s; try again", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return EX_OSERR;
    }
    if (pid == 0) {
        dup2(fd[0], STDIN_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp("dot", "dot", "-Tsvg", "-o", out, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    signal(SIGPIPE, SIG_IGN); /* dot may stop reading early: its status says why */
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd[1], dot_text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    close(fd[1]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        cli_error("cannot draw %s: dot failed (see its message above); check that the folder "
                  "exists and can be written",
                  out);
        return EX_IOERR;
    }
    return EX_OK;
}

int main(int argc, char **argv)
{
    cli_program = "callcoach-graph";
    static const struct option opts[] = {{"standard", required_argument, 0, 's'},
                                         {"svg", required_argument, 0, 'G'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    const char *standard = NULL, *svg = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:hV", opts, NULL)) != -1) {
        switch (c) {
        case 's': standard = optarg; break;
        case 'G': svg = optarg; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach-graph %s\n", CC_VERSION); return EX_OK;
        default: return cli_option_error(c, argv);
        }
    }
    if (argc - optind != 1) {
        cli_error("need one scenario, e.g. callcoach-graph scenarios/rude-caller.yaml; see "
                  "--help");
        return EX_USAGE;
    }
    const char *scn_path = argv[optind];
    int rc = EX_SOFTWARE;
    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(standard, scn_path);
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_buf out = CC_BUF_INIT;
    if (!d || !std_path) goto oom;
    cc_file_status st = cc_standard_load_file(std_path, &std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(scn_path, std, &scn, d);
    cli_print_diags(d, stderr);
    if (st != CC_FILE_OK) {
        cli_error("cannot draw %s: %s; fix the file%s named above", scn_path,
                  st == CC_FILE_BAD ? "a file has errors" : "a file could not be read",
                  cc_diags_errors(d) > 1 ? "s" : "");
        rc = cli_exit_for(st);
        goto done;
    }
    graph(&out, std, scn);
    if (out.failed) goto oom;
    if (svg) {
        rc = draw_svg(cc_buf_str(&out), out.len, svg);
        goto done;
    }
    fputs(cc_buf_str(&out), stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the graph: output error; check the disk or the pipe");
        rc = EX_IOERR;
        goto done;
    }
    rc = EX_OK;
    goto done;
oom:
    cli_error("out of memory; close other programs and try again");
    rc = EX_OSERR;
done:
    cc_buf_reset(&out);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(std_path);
    cc_diags_free(d);
    return rc;
}
