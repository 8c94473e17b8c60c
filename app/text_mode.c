/* text_mode: the call in the terminal, on the wall clock like the window: the
 * engine is driven through game/sim.h's outside-clock calls, caller lines last
 * as its timing model says, and what the trainee types comes through termio.h
 * without stopping the clock. The demo alone runs on the simulated clock: it
 * prints the model take's call at once. */
#define _POSIX_C_SOURCE 200809L
#include "text_mode.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "files.h"
#include "fsutil.h"
#include "jsonout.h"
#include "demo.h"
#include "live.h"
#include "recording.h"
#include "report.h"
#include "score.h"
#include "sim.h"
#include "termio.h"

static const char *mood_word(cc_mood m)
{
    return m == CC_MOOD_CALM ? "" : cc_mood_name(m);
}

/* What the terminal shows of a call. In a demo the trainee's lines come from
 * the take, so they are printed too, each before the first caller output
 * that follows it on the call clock. */
typedef struct {
    cc_sim *sim; /* NULL until created */
    cc_termio *io; /* NULL: plain printing (before the call, the demo) */
    const char *trainee;
    int demo;
    size_t shown; /* trainee utterances printed */
} viewer;

static void show_trainee(viewer *v, int64_t until)
{
    if (!v->demo || !v->sim) return;
    const cc_record *r = cc_call_record(cc_sim_call(v->sim));
    for (; v->shown < r->nutterances && r->utterances[v->shown].start <= until; v->shown++)
        printf("  [%5.1f s] %s: %s\n", (double)r->utterances[v->shown].start / 1000.0, v->trainee,
               r->utterances[v->shown].text);
}

static void show(void *ud, const cc_output *o)
{
    viewer *v = ud;
    show_trainee(v, o->t);
    double t = (double)o->t / 1000.0;
    cc_termio *io = v->io;
    switch (o->kind) {
    case CC_OUT_RING:
        if (o->line == 1 && !v->demo)
            cc_termio_print(io, "  ring %d... (press Enter to answer)\n", o->ring);
        else if (o->line != 1)
            cc_termio_print(io, "  [%5.1f s] line %d is ringing (ring %d): /switch to answer\n", t,
                            o->line, o->ring);
        break;
    case CC_OUT_SAY:
        cc_termio_print(io, "  [%5.1f s] %s (line %d%s%s): %s\n", t,
                        o->persona ? o->persona->name : "Caller", o->line,
                        *mood_word(o->mood) ? ", " : "", mood_word(o->mood), o->text);
        break;
    case CC_OUT_HOLD_START: cc_termio_print(io, "  [%5.1f s] line %d on hold (music)\n", t, o->line); break;
    case CC_OUT_HOLD_END: cc_termio_print(io, "  [%5.1f s] line %d off hold\n", t, o->line); break;
    case CC_OUT_CALLER_HANGUP:
        cc_termio_print(io, "  [%5.1f s] the caller on line %d hung up\n", t, o->line);
        break;
    case CC_OUT_CALL_ENDED: cc_termio_print(io, "  [%5.1f s] call ended\n", t); break;
    default: break;
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A typed line becomes a take action: "/cmd args" or speech. */
static int to_action(const char *typed, int lineno, cc_take_action *a, cc_diags *d)
{
    if (!typed[0]) {
        /* Enter alone: picks up a ringing phone, else nothing. */
        memset(a, 0, sizeof *a);
        a->kind = CC_TAKE_PICKUP;
        return 1;
    }
    /* Typed words need no quotes, cutting in included. */
    static const char cut_in[] = "/interrupt ";
    int cut = strncmp(typed, cut_in, sizeof cut_in - 1) == 0 && typed[sizeof cut_in - 1] != '"';
    if (typed[0] == '/' && !cut) return cc_take_parse_line("input", lineno, typed + 1, a, d);
    memset(a, 0, sizeof *a);
    a->kind = cut ? CC_TAKE_INTERRUPT : CC_TAKE_SAY;
    a->text = strdup(cut ? typed + sizeof cut_in - 1 : typed);
    return a->text ? 1 : -1;
}

/* ---- the call on the wall clock ------------------------------------------------ */

/* Call time is wall time since the first ring. Typed answers follow the
 * desktop's rule (live.h): the answer counts as spoken from its first key
 * (the time to start typing is the trainee's silence, the time spent typing
 * is not), or from the end of the caller's line when typing began over it;
 * whatever is entered while the caller is still talking happens when they
 * finish (see act()), so typing is never talk-over unless asked for with
 * /interrupt. /wait N holds everything the trainee does for N seconds. */
typedef struct {
    cc_sim *sim;
    const cc_scenario *scn;
    cc_termio *io;
    cc_recording *rec;
    int64_t t0;          /* monotonic ms of the first ring */
    int64_t wait_until;  /* call ms before which nothing the trainee does happens */
    int speech_open;     /* the answer being typed has started as speech */
    int typing_deferred; /* typing began over the caller */
    int64_t typing_start;
    char *held;          /* the next line, kept until it can happen */
    int lineno;
} term;

#define TEXT_KEYS                                                                          \
    "/hold /resume /switch /transfer EXT /hangup /interrupt TEXT /wait SECONDS; anything "  \
    "else is what you say"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int64_t term_now(const term *tm) { return mono_ms() - tm->t0; }

static cc_call *term_call(const term *tm) { return cc_sim_call(tm->sim); }

static int active_status(const term *tm)
{
    const cc_call *c = term_call(tm);
    return (int)cc_call_line_status(c, cc_call_active_line(c));
}

static int give(term *tm, cc_input_kind kind, int64_t t, const char *text)
{
    cc_input in = {.kind = kind, .t = t, .text = text};
    return cc_sim_input(tm->sim, &in);
}

static int start_speech(term *tm, int64_t t)
{
    tm->speech_open = 1;
    tm->typing_deferred = 0;
    tm->typing_start = t;
    return give(tm, CC_IN_SPEECH_START, t, NULL);
}

/* The first key of an answer (not of a /command) starts it as speech. */
static int notice_typing(term *tm, int64_t now)
{
    const char *typing = cc_termio_typing(tm->io);
    if (tm->speech_open || tm->held || now < tm->wait_until) return 0;
    if (!typing[0] || typing[0] == '/' || active_status(tm) != CC_LINE_LIVE) return 0;
    const cc_call *c = term_call(tm);
    if (cc_sim_caller_talking(tm->sim, cc_call_active_line(c))) {
        tm->typing_deferred = 1;
        return 0;
    }
    return start_speech(tm, now);
}

static int say(term *tm, const char *text, int64_t now)
{
    if (!tm->speech_open && start_speech(tm, now) != 0) return -1;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = now, .text = text, .start = tm->typing_start,
                   .confidence = 1.0, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    tm->speech_open = 0;
    return cc_sim_input(tm->sim, &in);
}

/* Acts on one line. 1 done, 0 not yet (it is kept and tried again), -1 out
 * of memory. */
static int act(term *tm, const char *line, int64_t now)
{
    const cc_call *c = term_call(tm);
    if (strcmp(line, "/help") == 0) {
        cc_termio_print(tm->io, "  %s\n", TEXT_KEYS);
        return 1;
    }
    cc_take_action a;
    cc_diags *ld = cc_diags_create();
    if (!ld) return -1;
    int r = to_action(line, tm->lineno, &a, ld);
    size_t said = cc_diags_count(ld);
    for (size_t i = 0; r < 0 && i < said; i++)
        cc_termio_print(tm->io, "  %s\n", cc_diags_get(ld, i)->message);
    cc_diags_free(ld);
    if (r == 0) return 1;
    if (r < 0) return said ? 1 : -1; /* a bad command is said; no message: out of memory */
    if (active_status(tm) == CC_LINE_RINGING && (a.kind == CC_TAKE_SAY || a.kind == CC_TAKE_PICKUP)) {
        /* Enter, or an answer, on a ringing phone picks it up (an answer is then said). */
        if (give(tm, CC_IN_PICKUP, now, NULL) != 0) {
            cc_take_action_clear(&a);
            return -1;
        }
        const cc_line_result *lr = &cc_call_record(c)->lines[cc_call_active_line(c)];
        if (lr->answered) cc_termio_print(tm->io, "  (you picked up on ring %d)\n", lr->ring);
    }
    int rc = 0;
    /* In the terminal the caller's whole line shows at once, but they are
     * still saying it: what the trainee enters meanwhile happens when they
     * finish, as a trainee who hears them would wait (/interrupt cuts in). A
     * /hangup during the caller's goodbye is then no hanging up on them. */
    int talking = cc_sim_caller_talking(tm->sim, cc_call_active_line(c)) &&
                  active_status(tm) == CC_LINE_LIVE;
    if (talking && a.kind != CC_TAKE_INTERRUPT && a.kind != CC_TAKE_SAY_WAV &&
        a.kind != CC_TAKE_PICKUP) {
        cc_take_action_clear(&a);
        return 0;
    }
    switch (a.kind) {
    case CC_TAKE_SAY: rc = say(tm, a.text, now); break;
    case CC_TAKE_INTERRUPT: rc = say(tm, a.text, now); break;
    case CC_TAKE_WAIT: tm->wait_until = now + (int64_t)llround(a.seconds * 1000.0); break;
    case CC_TAKE_PICKUP: break; /* picked up above, or nothing is ringing */
    case CC_TAKE_SAY_WAV:
        cc_termio_print(tm->io, "  a recorded answer cannot be played in the terminal; type it\n");
        break;
    case CC_TAKE_HOLD: rc = give(tm, CC_IN_HOLD, now, NULL); break;
    case CC_TAKE_RESUME: rc = give(tm, CC_IN_RESUME, now, NULL); break;
    case CC_TAKE_SWITCH: rc = give(tm, CC_IN_SWITCH, now, NULL); break;
    case CC_TAKE_TRANSFER: rc = give(tm, CC_IN_TRANSFER, now, a.text); break;
    case CC_TAKE_HANGUP: rc = give(tm, CC_IN_HANGUP, now, NULL); break;
    }
    cc_take_action_clear(&a);
    return rc != 0 ? -1 : 1;
}

/* The prompt says when the caller is still talking: what is entered then
 * waits for them. */
static void show_prompt(term *tm)
{
    const cc_call *c = term_call(tm);
    int line = cc_call_active_line(c);
    char prompt[128] = "> ";
    if (active_status(tm) == CC_LINE_LIVE && cc_sim_caller_talking(tm->sim, line)) {
        const cc_line_def *d = cc_scenario_line(tm->scn, line);
        snprintf(prompt, sizeof prompt, "(%s is talking) > ",
                 d && d->caller.name ? d->caller.name : "the caller");
    }
    cc_termio_set_prompt(tm->io, prompt);
}

/* Acts on the lines entered, in order, as far as they can happen now. */
static int act_on_lines(term *tm, int64_t now)
{
    while (!cc_call_ended(term_call(tm)) && now >= tm->wait_until) {
        char *line = tm->held;
        tm->held = NULL;
        if (!line) {
            line = cc_termio_next_line(tm->io);
            if (!line) return 0;
            tm->lineno++;
        }
        int r = act(tm, line, now);
        if (r == 0) {
            tm->held = line;
            return 0;
        }
        free(line);
        if (r < 0) return -1;
        cc_recording_log(tm->rec, cc_call_record(term_call(tm)));
    }
    return 0;
}

/* Plays the call until it ends: by itself, by /hangup, or when input ends
 * (the rest then plays out with the trainee silent). 0, or -1 out of memory. */
static int play_on_wall_clock(term *tm)
{
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    int rc = 0;
    while (!cc_call_ended(term_call(tm))) {
        int64_t now = term_now(tm);
        if (cc_sim_run_to(tm->sim, now) != 0) goto oom;
        if (cc_call_ended(term_call(tm))) break;
        if (interrupted) {
            cc_termio_print(tm->io, "  (interrupted: you hung up)\n");
            if (give(tm, CC_IN_HANGUP, now, NULL) != 0) goto oom;
            break;
        }
        const cc_call *c = term_call(tm);
        if (tm->typing_deferred && !cc_sim_caller_talking(tm->sim, cc_call_active_line(c)) &&
            start_speech(tm, now) != 0)
            goto oom;
        if (act_on_lines(tm, now) != 0 || notice_typing(tm, now) != 0) goto oom;
        cc_recording_log(tm->rec, cc_call_record(c));
        if (cc_call_ended(c)) break;
        show_prompt(tm);
        if (cc_termio_ended(tm->io) && !tm->held) {
            cc_termio_print(tm->io, "  (input ended: the rest of the call plays out with you silent)\n");
            break;
        }
        /* Sleep until the engine, a wait or the trainee needs us. */
        int64_t wake = cc_sim_next_ms(tm->sim);
        if (tm->wait_until > now && tm->wait_until < wake) wake = tm->wait_until;
        int64_t ms = wake == INT64_MAX ? 1000 : wake - now;
        if (ms < 0) ms = 0;
        if (ms > 1000) ms = 1000;
        struct pollfd p = {cc_termio_fd(tm->io), POLLIN, 0};
        int n = poll(&p, 1, (int)ms);
        if (n > 0 && cc_termio_read(tm->io) != 0)
            cli_error("reading what you type failed: %s", strerror(errno));
    }
    goto done;
oom:
    rc = -1;
done:
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    free(tm->held);
    tm->held = NULL;
    return rc;
}

int cc_text_mode_run(const cc_text_opts *o)
{
    const char *standard = o->standard, *trainee = o->trainee;
    unsigned long long seed = o->seed;
    if (!o->scenario) {
        cli_error("no scenario to play: name one, e.g. callcoach --text "
                  "scenarios/rude-caller.yaml; see --help");
        return EX_USAGE;
    }
    if (!trainee || !*trainee) trainee = "Alex";
    const char *scn_path = o->scenario;
    int rc = EX_SOFTWARE;
    cc_diags *d = cc_diags_create();
    char *std_path = cli_default_standard(standard, scn_path);
    cc_standard *std = NULL;
    cc_scenario *scn = NULL;
    cc_sim *sim = NULL;
    cc_result *res = NULL;
    cc_recording *rec_to = NULL;
    cc_take *take = NULL;
    char *data_dir = NULL;
    cc_buf out = CC_BUF_INIT;
    viewer view = {NULL, NULL, trainee, o->demo, 0};
    if (!d || !std_path) goto oom;
    cc_file_status st = cc_standard_load_file(std_path, &std, d);
    if (st == CC_FILE_OK) st = cc_scenario_load_file(scn_path, std, &scn, d);
    cli_print_diags(d, stderr);
    if (st != CC_FILE_OK) {
        cli_error("cannot start the call: %s; fix the file named above",
                  st == CC_FILE_BAD ? "a file has errors" : "a file could not be read");
        rc = cli_exit_for(st);
        goto done;
    }
    if (o->demo) {
        char why[512];
        if (!(take = cc_demo_take(scn, trainee, why, sizeof why))) {
            cli_error("cannot play the demo in the terminal: %s", why);
            rc = EX_DATAERR;
            goto done;
        }
        printf("%s (demo: %s plays the model take)\n\n", scn->title, trainee);
    } else {
        printf("%s\n\n%s\nYou are %s at %s. Type what you say; /help for the keys.\n\n",
               scn->title, scn->briefing, trainee, std->company);
    }
    /* A demonstration is the model trainee, not the trainee: nothing to keep. */
    if (!o->demo) {
        char why[512] = "";
        data_dir = cc_data_dir(NULL, why, sizeof why);
        rec_to = cc_recording_start(data_dir, std, scn, trainee, "text", seed, (int64_t)time(NULL));
        cc_recording_describe(rec_to, o->mode ? o->mode : "practice");
        if (!rec_to) goto oom;
        if (cc_recording_problem(rec_to))
            cli_error("%s", data_dir ? cc_recording_problem(rec_to) : why);
        fflush(stdout);
        if (!(view.io = cc_termio_create(STDIN_FILENO, "> "))) goto oom;
    }
    int64_t t0 = mono_ms();
    sim = cc_sim_create(std, scn, trainee, seed, show, &view);
    if (!sim) goto oom;
    view.sim = sim;
    for (size_t i = 0; take && i < take->count; i++)
        if (cc_sim_apply(sim, &take->actions[i]) == -1) goto oom;
    if (!take) {
        term tm = {.sim = sim, .scn = scn, .io = view.io, .rec = rec_to, .t0 = t0};
        if (play_on_wall_clock(&tm) != 0) goto oom;
        /* The report is not a line of the call: the terminal is given back first. */
        cc_termio_free(view.io);
        view.io = NULL;
    }
    if (!cc_call_ended(cc_sim_call(sim))) cc_sim_finish(sim);
    show_trainee(&view, INT64_MAX);
    const cc_record *rec = cc_call_record(cc_sim_call(sim));
    res = cc_score(std, scn, rec);
    if (!res) goto oom;
    cc_report_text(&out, std, scn, rec, res);
    printf("\n%s", cc_buf_str(&out));
    rc = EX_OK;
    if (rec_to) {
        int said = cc_recording_problem(rec_to) != NULL;
        if (cc_recording_finish_record(rec_to, rec, res) != 0 && !said)
            cli_error("%s", cc_recording_problem(rec_to));
    }
    if (o->json_out) {
        char why[512];
        if (cc_write_result_json(o->json_out, std, scn, rec, res, why, sizeof why) != 0) {
            cli_error("the result was not written: %s", why);
            rc = EX_IOERR;
        }
    }
    goto done;
oom:
    cli_error("out of memory; close other programs and try again");
    rc = EX_OSERR;
done:
    cc_termio_free(view.io);
    cc_buf_reset(&out);
    cc_recording_free(rec_to);
    cc_take_free(take);
    free(data_dir);
    cc_result_free(res);
    cc_sim_free(sim);
    cc_scenario_free(scn);
    cc_standard_free(std);
    free(std_path);
    cc_diags_free(d);
    return rc;
}
