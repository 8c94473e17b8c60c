/* Unit tests of the desktop app's parts that need no display: the key
 * script, the mixer's clock, the endpointer, the call driver on the null
 * platform (typed answers, no devices, a microphone unplugged), and the
 * screens' update functions. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "screen_signin.h"
#include "endpoint.h"
#include "keys.h"
#include "live.h"
#include "mixer.h"
#include "platform_null.h"
#include "textfield.h"

/* ---- keys ---- */

static void keys_parse_and_due(void **state)
{
    (void)state;
    char err[256];
    cc_keys *k = cc_keys_parse("0.5:space, +1:type=\"Hello, there \\\"you\\\"\",+0.2:enter,3:h,ctrl+plus",
                               err, sizeof err);
    assert_null(k); /* the last entry has no time */
    k = cc_keys_parse("0.5:space,+1:type=\"Hello, there \\\"you\\\"\",+0.2:enter,3:h,4:type=2040", err,
                      sizeof err);
    assert_non_null(k);
    assert_int_equal(k->n, 5);
    assert_null(cc_keys_due(k, 0.4));
    const cc_ev *e = cc_keys_due(k, 0.5);
    assert_non_null(e);
    assert_int_equal(e->kind, CC_EV_KEY);
    assert_int_equal(e->key, CC_KEY_SPACE);
    cc_keys_fired(k, 0.6);
    assert_null(cc_keys_due(k, 1.5)); /* +1 after 0.6 */
    e = cc_keys_due(k, 1.6);
    assert_non_null(e);
    assert_int_equal(e->kind, CC_EV_TYPE);
    assert_string_equal(e->text, "Hello, there \"you\"");
    cc_keys_fired(k, 1.6);
    e = cc_keys_due(k, 1.8);
    assert_int_equal(e->key, CC_KEY_ENTER);
    cc_keys_fired(k, 1.8);
    e = cc_keys_due(k, 3.0);
    assert_int_equal(e->key, CC_KEY_CHAR);
    assert_int_equal(e->ch, 'h');
    cc_keys_fired(k, 3.0);
    e = cc_keys_due(k, 4.0);
    assert_string_equal(e->text, "2040");
    cc_keys_fired(k, 4.0);
    assert_true(cc_keys_done(k));
    cc_keys_free(k);

    assert_null(cc_keys_parse("1:nosuchkey", err, sizeof err));
    assert_non_null(strstr(err, "nosuchkey"));
    assert_null(cc_keys_parse("1:type=\"open", err, sizeof err));
}

/* ---- text fields ---- */

static void text_field_edits(void **state)
{
    (void)state;
    char buf[8] = "";
    cc_ev t = {.kind = CC_EV_TEXT};
    snprintf(t.text, sizeof t.text, "/tmp");
    assert_int_equal(cc_field_edit(buf, sizeof buf, &t), CC_FIELD_EDITED);
    snprintf(t.text, sizeof t.text, "/\xc3\xa9"); /* "/é": two bytes for one letter */
    assert_int_equal(cc_field_edit(buf, sizeof buf, &t), CC_FIELD_EDITED);
    assert_string_equal(buf, "/tmp/\xc3\xa9");
    snprintf(t.text, sizeof t.text, "xy");         /* would not fit: refused whole */
    assert_int_equal(cc_field_edit(buf, sizeof buf, &t), CC_FIELD_NONE);
    assert_string_equal(buf, "/tmp/\xc3\xa9");
    cc_ev k = {.kind = CC_EV_KEY, .key = CC_KEY_BACKSPACE};
    assert_int_equal(cc_field_edit(buf, sizeof buf, &k), CC_FIELD_EDITED);
    assert_string_equal(buf, "/tmp/");             /* the whole letter went */
    k.key = CC_KEY_ENTER;
    assert_int_equal(cc_field_edit(buf, sizeof buf, &k), CC_FIELD_ENTER);
    k.key = CC_KEY_ESC;
    assert_int_equal(cc_field_edit(buf, sizeof buf, &k), CC_FIELD_CANCEL);
    k.key = CC_KEY_UP;
    assert_int_equal(cc_field_edit(buf, sizeof buf, &k), CC_FIELD_NONE);
    char empty[4] = "";
    k.key = CC_KEY_BACKSPACE;
    assert_int_equal(cc_field_edit(empty, sizeof empty, &k), CC_FIELD_EDITED);
    assert_string_equal(empty, "");
}

/* ---- mixer ---- */

static size_t tone(int16_t *out, size_t n, int rate, uint64_t pos)
{
    for (size_t i = 0; i < n; i++) out[i] = 1000;
    return n;
}

static void mixer_clock_is_exact(void **state)
{
    (void)state;
    cc_mixer *m = cc_mixer_create(16000);
    cc_mixer_set_tones(m, tone, tone);
    int16_t buf[512];
    cc_mixer_fill(m, buf, 100);
    int16_t *pcm = malloc(1000 * sizeof *pcm);
    for (int i = 0; i < 1000; i++) pcm[i] = 5;
    assert_int_equal(cc_mixer_play(m, 7, 1, pcm, 1000, 0), 0);
    unsigned id;
    uint64_t at;
    cc_mixer_fill(m, buf, 512);
    assert_int_equal(buf[0], 5);
    assert_false(cc_mixer_take_done(m, &id, &at));
    cc_mixer_fill(m, buf, 512);
    /* started at 100, 1000 samples: done at 1100, wherever the buffers fall */
    assert_true(cc_mixer_take_done(m, &id, &at));
    assert_int_equal(id, 7);
    assert_int_equal(at, 1100);
    assert_int_equal(buf[1100 - 612], 0);
    /* a muted line is silent but still finishes */
    pcm = calloc(10, sizeof *pcm);
    pcm[0] = 99;
    cc_mixer_mute_line(m, 2, 1);
    cc_mixer_play(m, 8, 2, pcm, 10, 0);
    cc_mixer_fill(m, buf, 20);
    assert_int_equal(buf[0], 0);
    assert_true(cc_mixer_take_done(m, &id, &at));
    assert_int_equal(id, 8);
    /* the ringer sounds exactly over its span */
    uint64_t p = cc_mixer_pos(m);
    cc_mixer_ring(m, p + 10, 5);
    cc_mixer_fill(m, buf, 20);
    assert_int_equal(buf[9], 0);
    assert_int_equal(buf[10], 1000);
    assert_int_equal(buf[14], 1000);
    assert_int_equal(buf[15], 0);
    cc_mixer_free(m);
}

/* ---- endpointer ---- */

static void put_tone(int16_t *s, size_t from, size_t n)
{
    for (size_t i = 0; i < n; i++) s[from + i] = (int16_t)(8000 * sin(2 * 3.14159265358979 * 220 * (double)(from + i) / 16000));
}

/* Feeds the endpointer six seconds: a tone 1.0-2.0 s, a pause of 0.5 s, a tone
 * 2.5-3.0 s, silence, a click at 4 s. Returns the events (pcm freed). */
static size_t endpointer_events(const cc_endpoint_config *cfg, cc_endpoint_event *evs, size_t max)
{
    size_t total = 16000 * 6;
    int16_t *s = calloc(total, sizeof *s);
    put_tone(s, 16000, 16000);
    put_tone(s, 16000 * 2 + 8000, 8000);
    s[16000 * 4] = 30000;
    cc_endpointer *e = cc_endpoint_create(cfg);
    for (size_t i = 0; i < total; i += 333) cc_endpoint_feed(e, s + i, i + 333 < total ? 333 : total - i);
    size_t n = 0;
    cc_endpoint_event ev;
    while (cc_endpoint_next(e, &ev)) {
        free(ev.pcm);
        ev.pcm = NULL;
        if (n < max) evs[n++] = ev;
    }
    cc_endpoint_free(e);
    free(s);
    return n;
}

static void endpointer_finds_turns(void **state)
{
    (void)state;
    cc_endpoint_config cfg = {0};
    cfg.piece_ms = 800;
    cfg.cut_ms = 250;
    cfg.whole_ms = -1;
    cc_endpoint_event ev[16];
    size_t n = endpointer_events(&cfg, ev, 16), k = 0;
    assert_true(n >= 3);
    assert_int_equal(ev[k].kind, CC_ENDPOINT_ONSET);
    assert_in_range(ev[k].onset, 16000 - 160, 16000 + 160);
    k++;
    assert_int_equal(ev[k].kind, CC_ENDPOINT_PIECE); /* cut in the 0.5 s pause */
    assert_in_range(ev[k].pcm_start + ev[k].n, 32000, 40000);
    k++;
    /* The pause after the end is long enough to cut once more: a last piece,
     * then the end, which carries only the silence after it. */
    if (ev[k].kind == CC_ENDPOINT_PIECE) k++;
    assert_true(k < n);
    assert_int_equal(ev[k].kind, CC_ENDPOINT_UTTERANCE);
    assert_in_range(ev[k].end, 48000 - 160, 48000 + 160);
    assert_int_equal(n, k + 1); /* the click made no turn */
}

/* A room's noise (uniform, about -40 dBFS) over n samples from seed. */
static void put_noise(int16_t *s, size_t from, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        s[from + i] = (int16_t)((int)(seed >> 16) % 1201 - 600);
    }
}

/* The events of the endpointer (stream mode, as the app) over s, pcm freed. */
static size_t ep_run(const int16_t *s, size_t total, cc_endpoint_event *evs, size_t max)
{
    cc_endpointer *e = cc_endpoint_create(&(cc_endpoint_config){.stream = 1});
    size_t n = 0;
    for (size_t i = 0; i < total; i += 512) {
        cc_endpoint_feed(e, s + i, i + 512 < total ? 512 : total - i);
        cc_endpoint_event ev;
        while (cc_endpoint_next(e, &ev)) {
            free(ev.pcm);
            ev.pcm = NULL;
            if (ev.kind != CC_ENDPOINT_STREAM && n < max) evs[n++] = ev;
        }
    }
    cc_endpoint_free(e);
    return n;
}

/* A microphone in a noisy room from its first sample: the floor is the room, so the answer
 * (a tone at 2-3 s, its first 100 ms 20 dB quieter than the rest) is found where it is,
 * whole, and nothing else is. The floor used to start at -90 dB and rise only on frames
 * it already took for silence: noise 15 dB above that was speech that never ended. */
static void endpointer_hears_an_answer_in_a_noisy_room(void **state)
{
    (void)state;
    size_t total = 16000 * 6;
    int16_t *s = calloc(total, sizeof *s);
    put_noise(s, 0, total, 7);
    put_tone(s, 32000, 16000);
    for (size_t i = 32000; i < 33600; i++) s[i] = (int16_t)(s[i] / 10);
    cc_endpoint_event ev[16];
    size_t n = ep_run(s, total, ev, 16);
    free(s);
    size_t onsets = 0, utts = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == CC_ENDPOINT_ONSET) {
            onsets++;
            assert_in_range(ev[i].onset, 32000 - 320, 33600 + 320); /* the loud part */
        }
        if (ev[i].kind == CC_ENDPOINT_UTTERANCE) {
            utts++;
            assert_in_range(ev[i].end, 48000 - 160, 48000 + 320);
            assert_true(ev[i].pcm_start <= 32000); /* the quiet onset is in the audio */
            assert_true(ev[i].pcm_start + ev[i].n >= 48000);
        }
    }
    assert_int_equal(onsets, 1);
    assert_int_equal(utts, 1);
}

/* The room gets louder mid-call (quiet, then noise from 2 s on): whatever the step is taken
 * for, it ends within 2.5 s, and the answer at 6-7 s is found on its own. */
static void endpointer_follows_a_room_that_gets_louder(void **state)
{
    (void)state;
    size_t total = 16000 * 10;
    int16_t *s = calloc(total, sizeof *s);
    put_noise(s, 32000, total - 32000, 11);
    put_tone(s, 96000, 16000);
    cc_endpoint_event ev[16];
    size_t n = ep_run(s, total, ev, 16);
    free(s);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == CC_ENDPOINT_UTTERANCE && ev[i].onset < 90000) assert_true(ev[i].end < 32000 + 40000);
        if (ev[i].kind == CC_ENDPOINT_ONSET && ev[i].onset >= 90000) {
            assert_in_range(ev[i].onset, 96000 - 320, 96000 + 320);
            found++;
        }
        if (ev[i].kind == CC_ENDPOINT_UTTERANCE && ev[i].onset >= 90000) {
            assert_in_range(ev[i].end, 112000 - 160, 112000 + 320);
            found++;
        }
    }
    assert_int_equal(found, 2);
}

/* A recording that starts with the voice is heard from its first frame, and an answer whose
 * level swings widely without a quiet frame for seconds (a voice, not a fan) is not cut short:
 * both once went wrong (the floor taken from a first frame of speech; the floor lifted to the
 * quietest frame of any 1.5 s). */
static void endpointer_keeps_a_voice_whole(void **state)
{
    (void)state;
    size_t total = 16000 * 6;
    int16_t *s = calloc(total, sizeof *s);
    /* 0-3.5 s: a 220 Hz tone whose level swings between -15 and -35 dBFS four times a second. */
    for (size_t i = 0; i < 56000; i++) {
        double env = pow(10.0, (-25.0 + 10.0 * sin(2 * 3.14159265358979 * 4 * (double)i / 16000)) / 20.0);
        s[i] = (int16_t)(32768 * 1.414 * env * sin(2 * 3.14159265358979 * 220 * (double)i / 16000));
    }
    cc_endpoint_event ev[16];
    size_t n = ep_run(s, total, ev, 16), onsets = 0, utts = 0;
    free(s);
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == CC_ENDPOINT_ONSET) {
            onsets++;
            assert_true(ev[i].onset <= 160);
        }
        if (ev[i].kind == CC_ENDPOINT_UTTERANCE) {
            utts++;
            assert_in_range(ev[i].end, 56000 - 160, 56000 + 160);
        }
    }
    assert_int_equal(onsets, 1);
    assert_int_equal(utts, 1);
}

/* PAUSE: at each pause of pause_ms, the whole answer so far (from the
 * pre-roll); the last one has the utterance's end, so its audio is the
 * answer. Answers longer than whole_ms get none. */
static void endpointer_gives_the_whole_answer_at_a_pause(void **state)
{
    (void)state;
    cc_endpoint_config cfg = {0};
    cfg.piece_ms = 800;
    cfg.cut_ms = 250;
    cfg.pause_ms = 250;
    cfg.preroll_ms = 300;
    cc_endpoint_event ev[16];
    size_t n = endpointer_events(&cfg, ev, 16);
    const cc_endpoint_event *pause[4] = {NULL, NULL, NULL, NULL}, *utt = NULL;
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == CC_ENDPOINT_PAUSE && np < 4) pause[np++] = &ev[i];
        if (ev[i].kind == CC_ENDPOINT_UTTERANCE) utt = &ev[i];
    }
    assert_int_equal(np, 2); /* in the pause inside, and after the end */
    assert_non_null(utt);
    /* Both start at the pre-roll before the onset... */
    for (size_t i = 0; i < np; i++) assert_in_range(pause[i]->pcm_start, 16000 - 4800 - 160, 16000 - 4800 + 160);
    /* ...and end 250 ms into their pause. */
    assert_in_range(pause[0]->end, 32000 - 160, 32000 + 160);
    assert_in_range(pause[0]->pcm_start + pause[0]->n, 32000 + 4000 - 160, 32000 + 4000 + 160);
    assert_in_range(pause[1]->pcm_start + pause[1]->n, 48000 + 4000 - 160, 48000 + 4000 + 160);
    /* The first pause was followed by speech; the second is the answer's end. */
    assert_true(pause[0]->end != utt->end);
    assert_int_equal(pause[1]->end, utt->end);

    cfg.whole_ms = 1000; /* the answer is 1.3 s long (with its pre-roll) at its first pause */
    n = endpointer_events(&cfg, ev, 16);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(ev[i].kind, CC_ENDPOINT_PAUSE);
    cfg.whole_ms = -1;
    n = endpointer_events(&cfg, ev, 16);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(ev[i].kind, CC_ENDPOINT_PAUSE);
}

/* Stream mode: the answer's audio comes as it is spoken, from the pre-roll, with no gap
 * and nothing twice, stops at a PAUSE (which then carries none) and goes on from there when
 * speech starts again; no pieces. `hold` feeds that many pieces before the events are first
 * taken, so the queue overflows: the stream must still have no gap. */
static void stream_events(size_t hold)
{
    size_t total = 16000 * 6;
    int16_t *s = calloc(total, sizeof *s);
    put_tone(s, 16000, 16000);
    put_tone(s, 16000 * 2 + 8000, 8000);
    cc_endpoint_config cfg = {0};
    cfg.stream = 1;
    cfg.pause_ms = 250;
    cfg.preroll_ms = 300;
    cfg.piece_ms = 800; /* ignored in stream mode */
    cc_endpointer *e = cc_endpoint_create(&cfg);
    int16_t *got = calloc(total, sizeof *got);
    uint64_t start = 0, next = 0;
    int onsets = 0, pauses = 0, utts = 0, streams = 0;
    uint64_t pause_at[4] = {0};
    for (size_t i = 0, fed = 0; i < total; i += 333, fed++) {
        cc_endpoint_feed(e, s + i, i + 333 < total ? 333 : total - i);
        if (fed < hold) continue;
        cc_endpoint_event ev;
        while (cc_endpoint_next(e, &ev)) {
            switch (ev.kind) {
            case CC_ENDPOINT_ONSET: onsets++; break;
            case CC_ENDPOINT_STREAM:
                if (!streams++) start = next = ev.pcm_start;
                assert_int_equal(ev.pcm_start, next); /* no gap, nothing twice */
                assert_true(ev.n > 0);
                memcpy(got + ev.pcm_start, ev.pcm, ev.n * sizeof *got);
                next += ev.n;
                break;
            case CC_ENDPOINT_PAUSE:
                assert_int_equal(ev.n, 0);
                assert_null(ev.pcm);
                assert_int_equal(ev.pcm_start, start);
                assert_true(next >= ev.end); /* the stream has reached the pause */
                if (pauses < 4) pause_at[pauses] = next;
                pauses++;
                break;
            case CC_ENDPOINT_UTTERANCE: utts++; break;
            default: fail_msg("event %d in stream mode", (int)ev.kind);
            }
            free(ev.pcm);
        }
    }
    assert_int_equal(onsets, 1);
    assert_int_equal(utts, 1);
    assert_int_equal(pauses, 2);
    assert_in_range(start, 16000 - 4800 - 160, 16000 - 4800 + 160);
    /* Streamed up to the first pause, then again from there once the second tone began. */
    assert_in_range(pause_at[0], 32000 + 4000 - 160, 32000 + 4000 + 333);
    assert_in_range(pause_at[1], 48000 + 4000 - 160, 48000 + 4000 + 333);
    assert_memory_equal(got + start, s + start, (size_t)(pause_at[1] - start) * sizeof *s);
    cc_endpoint_free(e);
    free(got);
    free(s);
}

static void endpointer_streams_an_answer(void **state)
{
    (void)state;
    stream_events(0);
    stream_events(90); /* 1.9 s of audio before the first events are taken: the queue fills */
}

/* ---- the call driver on the null platform ---- */

static void run_to(cc_live *l, uint64_t ms)
{
    for (uint64_t t = cc_platform_null.ticks_ms(); t <= ms; t += 10) {
        cc_null_set_ticks(t);
        cc_live_step(l);
    }
}

static void live_typed_call_without_devices(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    cc_live *l = apptest_live(&f, 0);
    assert_false(cc_live_has_speaker(l));
    assert_non_null(cc_live_mic_problem(l));
    run_to(l, 1000); /* the wall clock drives the call when there is no speaker */
    assert_int_equal(cc_call_line_status(cc_live_call(l), 1), CC_LINE_RINGING);
    assert_int_equal(cc_live_rings(l, 1), 1);
    cc_live_pickup(l);
    run_to(l, 1100);
    assert_int_equal(cc_call_line_status(cc_live_call(l), 1), CC_LINE_LIVE);
    assert_int_equal(cc_live_picked_up_on(l, 1), 1);
    cc_live_typing(l);
    run_to(l, 2000);
    cc_live_typed(l, "Good morning, Northwind Travel.");
    run_to(l, 2100);
    const cc_record *rec = cc_call_record(cc_live_call(l));
    assert_int_equal(rec->nutterances, 1);
    assert_int_equal(rec->utterances[0].start, 1100); /* typing began: talking began */
    assert_true(rec->utterances[0].understood);
    assert_true(cc_live_caption_count(l) >= 2);
    /* The caller's line, captions only, lasts as the timing model says. */
    assert_true(rec->nsaid >= 1);
    run_to(l, 2100 + 5000);
    assert_true(rec->said[0].done != CC_NO_TIME);
    cc_live_hangup(l);
    run_to(l, 7300);
    assert_true(cc_live_ended(l));
    assert_non_null(cc_live_result(l));
    cc_live_free(l);
    unload_fixture(&f);
}

static void live_microphone_unplugged(void **state)
{
    (void)state;
    fixture_files f = load_fixture();
    cc_live *l = apptest_live(&f, 1);
    run_to(l, 500);
    cc_live_mic_lost(l);
    assert_true(cc_live_paused(l));
    assert_false(cc_live_has_mic(l));
    int64_t frozen = cc_live_now_ms(l);
    run_to(l, 3000); /* paused: the call clock waits for the trainee */
    assert_int_equal(cc_live_now_ms(l), frozen);
    cc_live_continue_typed(l);
    assert_false(cc_live_paused(l));
    assert_true(cc_live_typing_mode(l));
    run_to(l, 3500);
    assert_true(cc_live_now_ms(l) > frozen);
    cc_live_free(l);
    unload_fixture(&f);
}

/* ---- screens ---- */

static void signin_screen_keyboard(void **state)
{
    (void)state;
    cc_app a;
    apptest_init(&a, CC_SCREEN_SIGNIN);
    a.prefs.name[0] = '\0';
    cc_signin_load(&a);
    assert_int_equal(cc_signin_peek()->focus, 0); /* no name yet: the name field has focus */
    cc_ev ev = {.kind = CC_EV_KEY, .key = CC_KEY_ENTER};
    cc_signin_update(&a, &ev);
    assert_int_equal(a.next, CC_SCREEN_SIGNIN); /* no name: refused, with a message */
    assert_true(cc_signin_peek()->error[0] != 0);
    cc_ev t = {.kind = CC_EV_TEXT};
    strcpy(t.text, "Sam");
    cc_signin_update(&a, &t);
    cc_ev tab = {.kind = CC_EV_KEY, .key = CC_KEY_TAB};
    cc_signin_update(&a, &tab);
    cc_ev right = {.kind = CC_EV_KEY, .key = CC_KEY_RIGHT};
    cc_signin_update(&a, &right);
    assert_int_equal(cc_signin_peek()->mode, CC_MODE_ASSESSMENT);
    cc_signin_draw(&a);
    assert_non_null(strstr(cc_null_frame_text(), "Sam"));
    assert_non_null(strstr(cc_null_frame_text(), "(x) Assessment"));
    cc_signin_update(&a, &ev);
    assert_int_equal(a.next, CC_SCREEN_PICKER);
    assert_string_equal(a.prefs.name, "Sam");
    cc_signin_unload(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_parse_and_due),
        cmocka_unit_test(text_field_edits),
        cmocka_unit_test(mixer_clock_is_exact),
        cmocka_unit_test(endpointer_finds_turns),
        cmocka_unit_test(endpointer_hears_an_answer_in_a_noisy_room),
        cmocka_unit_test(endpointer_follows_a_room_that_gets_louder),
        cmocka_unit_test(endpointer_keeps_a_voice_whole),
        cmocka_unit_test(endpointer_gives_the_whole_answer_at_a_pause),
        cmocka_unit_test(endpointer_streams_an_answer),
        cmocka_unit_test(live_typed_call_without_devices),
        cmocka_unit_test(live_microphone_unplugged),
        cmocka_unit_test(signin_screen_keyboard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
