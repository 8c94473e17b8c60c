/* live_impl: the cc_live object as its files share it (live.c: the clock, the
 * engine's inputs and outputs; live_keys.c: the trainee's keys and typed
 * answers; live_demo.c: the demo trainee's voice; live_retry.c: a call replayed
 * up to a turn). Private to live/: nothing outside includes it. */
#ifndef CC_LIVE_IMPL_H
#define CC_LIVE_IMPL_H

#include <stdatomic.h>

#include "demo.h"
#include "hearing.h"
#include "live.h"
#include "mixer.h"
#include "tracks.h"
#include "voicework.h"

#define MAX_INPUTS 64
/* A line whose voice is not ready by then is a silent stretch (a caption for
 * the caller's), so a slow synthesiser can never stall the call. */
#define VOICE_WAIT_MS 2000
/* Mixer ids of the demo trainee's lines: apart from the engine's say ids. */
#define DEMO_ID 0x80000000u
#define MAX_WAITING 8

typedef struct {
    cc_input in;
    char *text; /* owned copy of in.text */
    int seq;
    int toggle; /* H: hold or resume, decided when the engine gets it */
} pending_input;

typedef struct {
    unsigned id;
    int line;
    const char *text;
    cc_mood mood;
    const cc_persona *persona;
    uint64_t since_wall;
} waiting_line;

struct cc_live {
    const cc_platform *plat;
    const cc_standard *std;
    const cc_scenario *scn;
    char *trainee;
    uint64_t seed;
    cc_live_config cfg;
    cc_call *call;
    cc_mixer *mixer;
    cc_voicework *vw;
    cc_tracks *tracks;
    cc_hearing *hearing;
    cc_demo *demo;     /* cfg.demo only */
    int rate;

    int has_out, has_in, typing_mode, paused;
    char out_problem[256], in_problem[256];
    uint64_t wall_base_ms, wall_base_pos;

    _Atomic uint64_t clock_pos;
    int64_t engine_t;

    pending_input inputs[MAX_INPUTS];
    int ninputs, seq;
    waiting_line waiting[MAX_WAITING];
    int nwaiting;
    int speech_open;     /* a typed answer was begun and not yet sent */
    int typing_deferred; /* typing began over the caller: starts when they finish */
    int64_t typing_start;

    int rings[CC_MAX_LINES + 1], picked[CC_MAX_LINES + 1];
    /* What the engine's listing of the next lines was last asked for (drain()). */
    int asked_node[CC_MAX_LINES + 1];
    cc_line_status asked_status[CC_MAX_LINES + 1];
    cc_caption captions[CC_LIVE_MAX_CAPTIONS];
    size_t ncaptions;

    int call_over;   /* the engine said CALL_ENDED */
    uint64_t over_wall;
    int ended;       /* scored */
    cc_result *result;
    int failed;

    /* Every input the engine was given, in order, as given: a retry replays them. */
    cc_input *fed;
    size_t nfed, capfed;
    int fed_lost;          /* the list ran out of memory: this call cannot be retried */

    /* How the answers were given, and what this call retries (for the recording). */
    int answers_typed, answers_spoken;
    int retry_turn;        /* -1: a call of its own */
    int64_t retry_at;      /* the original call up to here was kept */
    char *retry_of;        /* the original's session folder; NULL until known */

    /* The demo trainee's line being spoken (its decisions are demo.h's). */
    struct {
        unsigned id;
        int64_t start;
        char *text;
        int speaking;
        uint64_t voice_wait; /* platform ms the voice was first asked for, 0 when not */
    } said;
};

/* Everything but starting the call (live.c). The clock starts at `from`'s
 * position `at_pos` (0 for a new call), and the audio tracks with `from`'s
 * audio up to it, both before a device can call back. */
cc_live *live_new(const cc_platform *plat, const cc_standard *std, const cc_scenario *scn,
                  const char *trainee, uint64_t seed, const cc_live_config *cfg,
                  const cc_live *from, uint64_t at_pos, char *err, size_t errlen);
void live_on_output(cc_live *l, const cc_output *o);
void live_add_caption(cc_live *l, cc_who who, int line, const char *text, const char *speaker,
                      int unclear);
void live_log_input(cc_live *l, const cc_input *in);
/* The engine's outputs acted on, and its next lines synthesised ahead. */
void live_drain(cc_live *l);
uint64_t live_ms_pos(const cc_live *l, int64_t ms);
/* The demo trainee (cfg.demo): with_take, the model take; else the model
 * answers (demo.h). 0, or -1 out of memory. */
int live_demo_start(cc_live *l, int with_take);
/* live_demo.c: what the demo trainee decides now, done; its line `id` ended at `at`. */
void live_demo_step(cc_live *l);
void live_demo_said(cc_live *l, unsigned id, int64_t at);
/* An input for the engine at its time, in order (live.c). */
void live_queue_input(cc_live *l, cc_input in, const char *text);
/* The trainee started talking at t; typed: an answer being typed (live_keys.c). */
void live_start_speech(cc_live *l, int64_t t, int typed);
int64_t live_clock_now(cc_live *l);
int64_t live_pos_ms(const cc_live *l, uint64_t pos);

#endif
