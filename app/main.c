/* callcoach: the desktop simulator's host. Parses the command line, then
 * runs the desktop app on SDL, or the terminal mode (text_mode.c) when asked
 * with --text or when there is no display. Exit codes come from <sysexits.h>
 * here and nowhere else in the app. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "cli.h"
#include "jsonout.h"
#include "keys.h"
#include "live.h"
#include "platform.h"
#include "prefs.h"
#include "report.h"
#include "sim.h"
#include "text_mode.h"

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: callcoach [OPTION]... [SCENARIO]\n"
            "Practise business phone calls. A desk phone rings in a window; answer it with\n"
            "Space and talk into the microphone (or type, when there is none). Each answer is\n"
            "scored against the company's phone standard.\n\n"
            "  -T, --text             play in the terminal instead of a window (also used\n"
            "                         when there is no display); see below\n"
            "      --scenario FILE    go straight to this call (also: SCENARIO)\n"
            "  -s, --standard FILE    score against this standard\n"
            "  -t, --trainee NAME     your name, as you will say it (skips signing in)\n"
            "      --mode MODE        practice (hints during the call) or assessment\n"
            "      --seed N           choose the caller's line variants (default: the clock)\n"
            "      --type-answers     type answers even when there is a microphone (sign-in\n"
            "                         offers the same choice and remembers it)\n"
            "      --no-briefing      skip the briefing shown before the phone rings (it\n"
            "                         stays on Ctrl+B or F1 during the call)\n"
            "      --mute             no sound: the caller is shown as captions only\n"
            "      --data-dir DIR     keep calls, the history and settings in DIR\n"
            "      --demo             hear the whole call done well: a synthetic trainee (a\n"
            "                         second voice) plays the scenario's model take (the\n"
            "                         test of the scenario expected to pass) or, without\n"
            "                         one, each turn's model answer; scored like any call.\n"
            "                         Implies --trainee Demo unless given. In the terminal\n"
            "                         it prints the call's transcript and its score\n"
            "      --font-scale X     text size, 0.75 to 2 (keys: F2 smaller, F3 larger)\n"
            "      --high-contrast    white on black (key: F4)\n"
            "  -h, --help             show this help and exit\n"
            "  -V, --version          show the version and exit\n\n"
            "Automation (tests, demonstrations):\n"
            "      --keys SCRIPT      press keys at given times: \"TIME:KEY,...\". TIME is seconds\n"
            "                         on the call clock during a call (0 at the first ring),\n"
            "                         else since the screen appeared; +TIME is after the\n"
            "                         previous key. KEY: space enter esc tab backspace up down\n"
            "                         left right f1-f4, a letter or digit, ctrl+KEY (ctrl+h),\n"
            "                         or type=TEXT (type=\"quoted, with commas\") to type into\n"
            "                         the open text box (the answer box opens by itself).\n"
            "                         e.g. \"0.5:space,+1:type=\\\"Good morning, Northwind\\\",+0.2:enter,20:esc\"\n"
            "      --json-out FILE    write the scored call as callcoach-score --json prints it\n"
            "      --screenshot-dir DIR  save DIR/signin.png, picker.png, call.png, feedback.png\n"
            "                         when each screen first appears\n"
            "      --exit-after-call  quit once the call is scored (after the feedback screen\n"
            "                         is drawn)\n\n"
            "In the terminal the call runs in real time: press Enter to answer, then type\n"
            "what you would say and press Enter. The caller's lines, rings and hang-ups appear\n"
            "above your prompt as they happen; the call ends when the caller hangs up. Your\n"
            "answer counts from its first key (taking long to start is dead air; typing is\n"
            "not). What you enter while the caller is still talking happens when they finish.\n"
            "  /hold /resume /switch /transfer EXT /hangup   work the phone\n"
            "  /interrupt TEXT   cut in     /wait SECONDS   hold your next action (scripts)\n"
            "  /help   Ctrl-D: the rest of the call plays out without you   Ctrl-C: hang up\n\n"
            "Calls, the history and settings are kept in the folder given with --data-dir DIR,\n"
            "else in $CALLCOACH_HOME when it is set, else in $XDG_DATA_HOME/callcoach or\n"
            "~/.local/share/callcoach.\n\n"
            "Exit status: 0 done (passed or not), 64 bad command line, 65 a scenario or\n"
            "standard has errors, 66 a file is missing, 69 no display and no scenario for the\n"
            "terminal, 70 internal error, 71 out of memory, 73 a screenshot could not be\n"
            "saved, 74 the result could not be written.\n");
}

enum {
    OPT_SCENARIO = 1000,
    OPT_MODE,
    OPT_SEED,
    OPT_KEYS,
    OPT_JSON,
    OPT_SHOTS,
    OPT_EXIT,
    OPT_SCALE,
    OPT_CONTRAST,
    OPT_TYPE,
    OPT_MUTE,
    OPT_DATA_DIR,
    OPT_DEMO,
    OPT_NO_BRIEFING
};

int main(int argc, char **argv)
{
    cli_program = "callcoach";
    static const struct option opts[] = {{"text", no_argument, 0, 'T'},
                                         {"scenario", required_argument, 0, OPT_SCENARIO},
                                         {"standard", required_argument, 0, 's'},
                                         {"trainee", required_argument, 0, 't'},
                                         {"mode", required_argument, 0, OPT_MODE},
                                         {"seed", required_argument, 0, OPT_SEED},
                                         {"keys", required_argument, 0, OPT_KEYS},
                                         {"json-out", required_argument, 0, OPT_JSON},
                                         {"screenshot-dir", required_argument, 0, OPT_SHOTS},
                                         {"exit-after-call", no_argument, 0, OPT_EXIT},
                                         {"font-scale", required_argument, 0, OPT_SCALE},
                                         {"high-contrast", no_argument, 0, OPT_CONTRAST},
                                         {"type-answers", no_argument, 0, OPT_TYPE},
                                         {"mute", no_argument, 0, OPT_MUTE},
                                         {"data-dir", required_argument, 0, OPT_DATA_DIR},
                                         {"demo", no_argument, 0, OPT_DEMO},
                                         {"no-briefing", no_argument, 0, OPT_NO_BRIEFING},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    cc_app_options o;
    memset(&o, 0, sizeof o);
    o.mode = -1;
    o.high_contrast = -1;
    int text = 0, c;
    unsigned long long seed = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":Ts:t:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'T': text = 1; break;
        case OPT_SCENARIO: o.scenario = optarg; break;
        case 's': o.standard = optarg; break;
        case 't': o.trainee = optarg; break;
        case OPT_MODE: {
            cc_mode m;
            if (cc_mode_parse(optarg, &m) != 0) {
                cli_error("--mode '%s' is not a mode; use practice or assessment", optarg);
                return EX_USAGE;
            }
            o.mode = (int)m;
            break;
        }
        case OPT_SEED:
            if (cli_parse_u64(optarg, &seed) != 0) {
                cli_error("--seed '%s' is not a whole number; give one, e.g. --seed 7", optarg);
                return EX_USAGE;
            }
            o.seed = seed;
            o.seed_given = 1;
            break;
        case OPT_KEYS: o.keys = optarg; break;
        case OPT_JSON: o.json_out = optarg; break;
        case OPT_SHOTS: o.screenshot_dir = optarg; break;
        case OPT_EXIT: o.exit_after_call = 1; break;
        case OPT_SCALE: {
            char *end;
            double s = strtod(optarg, &end);
            if (*end || s < CC_FONT_SCALE_MIN || s > CC_FONT_SCALE_MAX) {
                cli_error("--font-scale '%s' is out of range; give a number from 0.75 to 2", optarg);
                return EX_USAGE;
            }
            o.font_scale = s;
            break;
        }
        case OPT_CONTRAST: o.high_contrast = 1; break;
        case OPT_TYPE: o.type_answers = 1; break;
        case OPT_MUTE: o.mute = 1; break;
        /* The same folder callcoach-report reads with --data-dir; the app and the
         * store find it through CALLCOACH_HOME. */
        case OPT_DATA_DIR: setenv("CALLCOACH_HOME", optarg, 1); break;
        case OPT_DEMO: o.demo = 1; break;
        case OPT_NO_BRIEFING: o.no_briefing = 1; break;
        case 'h': usage(stdout); return EX_OK;
        case 'V': printf("callcoach %s\n", CC_VERSION); return EX_OK;
        default: return cli_option_error(c, argv);
        }
    }
    if (argc - optind > 1 || (argc - optind == 1 && o.scenario)) {
        cli_error("give one scenario, e.g. callcoach scenarios/rude-caller.yaml; see --help");
        return EX_USAGE;
    }
    if (argc - optind == 1) o.scenario = argv[optind];
    if (o.keys) {
        char why[256];
        cc_keys *k = cc_keys_parse(o.keys, why, sizeof why);
        if (!k) {
            cli_error("bad --keys: %s; see --help", why);
            return EX_USAGE;
        }
        cc_keys_free(k);
    }
    if (o.trainee && !*o.trainee) {
        cli_error("--trainee needs a name, e.g. --trainee Alex");
        return EX_USAGE;
    }
    if (o.demo) {
        if (!o.scenario) {
            cli_error("--demo needs a scenario to play, e.g. callcoach --demo "
                      "scenarios/rude-caller.yaml");
            return EX_USAGE;
        }
        if (!o.trainee) o.trainee = "Demo";
    }

    cc_text_opts t = {o.scenario, o.standard, o.trainee ? o.trainee : getenv("USER"),
                      o.seed_given ? o.seed : (uint64_t)time(NULL), o.json_out, o.demo,
                      o.mode >= 0 ? cc_mode_name((cc_mode)o.mode) : NULL};
    if (text) return cc_text_mode_run(&t);

    char why[512];
    const cc_platform *plat = &cc_platform_sdl;
    if (plat->init(960, 640, "callcoach", why, sizeof why) != 0) {
        plat->shutdown();
        if (!o.scenario) {
            cli_error("cannot open a window: %s; to play in the terminal instead, name a "
                      "scenario: callcoach --text scenarios/rude-caller.yaml",
                      why);
            return EX_UNAVAILABLE;
        }
        cli_error("cannot open a window: %s; playing the call in the terminal instead", why);
        return cc_text_mode_run(&t);
    }
    int rc = cc_app_run(plat, &o);
    plat->shutdown();
    return rc;
}
