/* live_demo: the demo trainee's voice (live.h, cfg->demo): what demo.h decides
 * to do, done: its lines through the mixer (heard in the room, not down the
 * line), onto the trainee's track and to the engine; its keys to the engine. */
#define _POSIX_C_SOURCE 200809L
#include "live_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "trainee.h"

/* Starts saying `text` now: through the mixer (so it is heard), onto the
 * trainee track, and to the engine as talking. 0 while its voice is not
 * ready (for at most VOICE_WAIT_MS; then it is a silent stretch); else 1, or
 * 2 when the mixer had no room for it (said at once). */
static int demo_speak(cc_live *l, const char *text)
{
    const cc_persona *voice = cc_demo_voice(l->demo);
    int16_t *pcm = NULL;
    size_t n = 0;
    int got = l->has_out ? cc_voicework_fetch_own(l->vw, text, voice, &pcm, &n) : -1;
    if (got == 0) {
        uint64_t now = l->plat->ticks_ms();
        if (!l->said.voice_wait) l->said.voice_wait = now + 1;
        if (now + 1 - l->said.voice_wait < VOICE_WAIT_MS) return 0;
        got = -1;
    }
    l->said.voice_wait = 0;
    if (got < 0) {
        n = (size_t)(cc_speech_ms(text, CC_TRAINEE_WPM) * l->rate / 1000);
        pcm = calloc(n ? n : 1, sizeof *pcm);
        if (!pcm) n = 0;
    }
    int16_t *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (copy) memcpy(copy, pcm, n * sizeof *copy);
    unsigned id = DEMO_ID | (unsigned)(l->seq & 0x7fffffff);
    l->plat->audio->lock();
    uint64_t start = cc_mixer_pos(l->mixer);
    int played = cc_mixer_play(l->mixer, id, CC_MIXER_LOCAL, pcm, n, start);
    l->plat->audio->unlock();
    if (copy) cc_tracks_put(l->tracks, CC_TRACKS_TRAINEE, (int64_t)start, copy, n);
    free(copy);
    free(l->said.text);
    l->said.text = strdup(text);
    l->said.start = live_pos_ms(l, start);
    l->said.id = id;
    l->said.speaking = 1;
    live_start_speech(l, l->said.start, 0);
    live_add_caption(l, CC_WHO_TRAINEE, cc_call_active_line(l->call), text, voice->name, 0);
    return played != 0 ? 2 : 1;
}

/* The mixer finished a line of the demo trainee: the answer goes to the
 * engine as an utterance heard surely, like a typed one (no delivery measures). */
void live_demo_said(cc_live *l, unsigned id, int64_t at)
{
    if (!l->said.speaking || id != l->said.id) return;
    l->said.speaking = 0;
    cc_input in = {.kind = CC_IN_UTTERANCE, .t = at, .start = l->said.start,
                   .confidence = 1.0, .pitch_range = NAN, .rate_wpm = NAN, .loudness = NAN};
    live_queue_input(l, in, l->said.text ? l->said.text : "");
    cc_demo_said(l->demo, at);
}

/* Does what the demo trainee decides to do now (demo.h). */
void live_demo_step(cc_live *l)
{
    if (l->call_over) return;
    int64_t now = l->engine_t;
    int active = cc_call_active_line(l->call);
    l->plat->audio->lock();
    uint64_t end = cc_mixer_line_end(l->mixer, active);
    l->plat->audio->unlock();
    cc_demo_view v = {now, l->call, cc_live_caller_talking(l), end ? live_pos_ms(l, end) : 0};
    cc_demo_act a = cc_demo_next(l->demo, &v);
    if (a.kind == CC_DEMO_KEY) {
        cc_input in = {.kind = a.key, .t = now};
        live_queue_input(l, in, a.text);
        cc_demo_acted(l->demo, &a, now);
    } else if (a.kind == CC_DEMO_SAY) {
        int spoke = demo_speak(l, a.text);
        if (!spoke) return;
        cc_demo_acted(l->demo, &a, l->said.start);
        if (spoke == 2) live_demo_said(l, l->said.id, l->said.start);
    }
}
