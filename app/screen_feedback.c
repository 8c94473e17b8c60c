/* screen_feedback: after the call. The score and whether it passed; the
 * standard's rules as a checklist grouped by phase, each with its verdict and
 * evidence (feedback and a model phrase for those lost); the call as two
 * waveform lanes (caller, trainee) on one timeline with the marks where rules
 * were earned or lost and the spans of silence, hold and talk-over; playback
 * of the whole call, one turn, or from a cursor; for an answer, the trainee's
 * own recording followed by the model answer in a synthetic voice; a retry
 * from a turn; where the call was saved, or a way to save it elsewhere.
 *
 * Focus (Tab / Shift+Tab) goes round the timeline, the checklist and the
 * buttons; every button also has a letter. The screen plays through its own
 * output (player.h), opened once the call's devices are closed. What it looks
 * like is screen_feedback_draw.c's; this file holds the state and what the
 * keys do. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_feedback.h"
#include "screen_feedback_impl.h"
#include "dsp.h"
#include "feedback.h"
#include "textfield.h"
#include "player.h"
#include "tts.h"
#include "ui.h"
#include "waveform.h"

static cc_feedback_state S;

cc_feedback_state *cc_feedback_peek(void) { return &S; }

#define RATE CC_LIVE_OUT_RATE
#define STEP_MS 500
#define BIG_STEP_MS 5000
#define MODEL_GAP_MS 400 /* between the trainee's answer and the model's: two voices, not one */

typedef enum cc_fb_control fb_control; /* app.h: the Tab order */

static const struct {
    const char *label;
    int key; /* letter, or ' ' for Space */
} buttons[CC_FB_COUNT] = {
    [CC_FB_PLAY_CALL] = {"Play the call (A)", 'a'},
    [CC_FB_PLAY_TURN] = {"Play this turn (T)", 't'},
    [CC_FB_PLAY_CURSOR] = {"Play from cursor (Space)", ' '},
    [CC_FB_STOP] = {"Stop (S)", 's'},
    [CC_FB_MODEL] = {"Model answer (M)", 'm'},
    [CC_FB_RETRY] = {"Retry this turn (R)", 'r'},
    [CC_FB_PROGRESS] = {"Progress (P)", 'p'},
    [CC_FB_SAVE] = {"Save elsewhere (E)", 'e'},
    [CC_FB_ANOTHER] = {"Another call (N)", 'n'},
};

void cc_fb_fmt(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

/* ---- what the screen shows, from the call ---- */

const cc_record *cc_fb_record(const cc_app *a)
{
    return S.live ? cc_call_record(cc_live_call(S.live)) : NULL;
}

const cc_result *cc_fb_result(const cc_app *a)
{
    return S.live ? cc_live_result(S.live) : NULL;
}

const cc_standard *cc_fb_standard(const cc_app *a)
{
    return S.live ? cc_live_standard(S.live) : NULL;
}

static size_t track(const cc_app *a, cc_live_track t, const int16_t **pcm)
{
    *pcm = NULL;
    return S.live ? cc_live_audio(S.live, t, pcm) : 0;
}

int cc_fb_can_save_elsewhere(const cc_app *a)
{
    return S.recording && S.live && !cc_recording_path(S.recording);
}

/* Short labels and keys for large text, where the long ones would push the
 * checklist off the window. */
static const char *const short_labels[CC_FB_COUNT] = {
    [CC_FB_PLAY_CALL] = "Call (A)",  [CC_FB_PLAY_TURN] = "Turn (T)", [CC_FB_PLAY_CURSOR] = "Cursor (Space)",
    [CC_FB_STOP] = "Stop (S)",       [CC_FB_MODEL] = "Model (M)",    [CC_FB_RETRY] = "Retry (R)",
    [CC_FB_PROGRESS] = "Progress (P)", [CC_FB_SAVE] = "Save (E)",    [CC_FB_ANOTHER] = "Next (N)",
};

const char *cc_fb_button_label(const cc_app *a, int i, int compact)
{
    /* Started on one scenario from the command line: there is no list to go back to. */
    if (i == CC_FB_ANOTHER && a->opt.scenario) return "Done (N)";
    return compact ? short_labels[i] : buttons[i].label;
}

int cc_fb_control_present(const cc_app *a, int c)
{
    return c != CC_FB_SAVE || cc_fb_can_save_elsewhere(a);
}

static const cc_check_row *chosen_row(const cc_app *a)
{
    const struct cc_fb_view *v = S.view;
    if (!v || S.row < 0 || (size_t)S.row >= v->nrows) return NULL;
    return &v->rows[S.row];
}

int cc_fb_chosen_rule(const cc_app *a)
{
    const cc_check_row *r = chosen_row(a);
    return r ? r->rule : -1;
}

int cc_fb_cursor_turn(const cc_app *a) { return cc_turn_at(cc_fb_record(a), S.cursor_ms); }

static void cursor_to_rule(cc_app *a);
static void keep_row_in_view(cc_app *a);

/* ---- load and unload ---- */

static void open_player(cc_app *a)
{
    struct cc_fb_view *v = S.view;
    if (S.player || !v) return;
    char why[256];
    if (a->opt.mute) {
        cc_fb_fmt(v->out_problem, sizeof v->out_problem, "Sound is off (--mute): the call can be "
               "looked at but not played");
        return;
    }
    S.player = cc_player_create(a->plat, RATE, why, sizeof why);
    if (!S.player)
        cc_fb_fmt(v->out_problem, sizeof v->out_problem, "No sound output (%s): the call can be "
                 "looked at but not played", why);
    else
        v->out_problem[0] = '\0';
}

static void free_view(struct cc_fb_view *v)
{
    if (!v) return;
    free(v->rows);
    free(v->marks);
    free(v->spans);
    free(v->peaks[0]);
    free(v->peaks[1]);
    free(v);
}

void cc_feedback_load(cc_app *a)
{
    S.focus = CC_FB_CHECKLIST;
    S.row = 0;
    S.top = 0;
    S.cursor_ms = 0;
    S.player = NULL;
    S.tts = NULL;
    S.save_open = 0;
    S.save_dir[0] = '\0';
    S.status[0] = '\0';
    S.view = NULL;
    cc_live *l = S.live;
    if (!l) return;
    /* The call is over: its microphone and speaker close, and this screen
     * opens the output again for playback. */
    cc_live_stop_devices(l);
    struct cc_fb_view *v = calloc(1, sizeof *v);
    if (!v) {
        cc_fb_fmt(S.status, sizeof S.status,
                 "Out of memory: only the score can be shown; close other programs");
        return;
    }
    S.view = v;
    const cc_standard *std = cc_fb_standard(a);
    const cc_record *rec = cc_fb_record(a);
    const cc_result *res = cc_fb_result(a);
    v->nrows = cc_checklist(std, &v->rows);
    v->nmarks = cc_review_marks(std, rec, res, &v->marks);
    v->nspans = cc_review_spans(rec, &v->spans);
    const int16_t *pcm[2];
    size_t n[2] = {track(a, CC_LIVE_CALLER, &pcm[0]), track(a, CC_LIVE_TRAINEE, &pcm[1])};
    int64_t len = (int64_t)(n[0] > n[1] ? n[0] : n[1]);
    int64_t end_ms = rec && rec->ended && rec->end_t != CC_NO_TIME ? rec->end_t : 0;
    if (end_ms * RATE / 1000 > len) len = end_ms * RATE / 1000;
    /* The axis ends on a whole second: a call a few milliseconds longer keeps
     * the same scale, so one call looks the same each time it is shown. */
    len = (len + RATE - 1) / RATE * RATE;
    v->tl = (cc_timeline){len > 0 ? len : RATE, RATE, 20, a->w - 40};
    v->cols = v->tl.w;
    for (int k = 0; k < 2; k++) {
        v->peaks[k] = calloc((size_t)v->cols, sizeof *v->peaks[k]);
        /* Columns by the timeline, so a lane and its marks line up even when
         * one track is shorter. */
        if (v->peaks[k] && n[k])
            cc_wave_peaks(pcm[k], n[k], (int)((int64_t)v->cols * (int64_t)n[k] / v->tl.nsamples),
                          v->peaks[k]);
    }
    /* Start on the first rule lost, the reason most trainees look here. */
    S.row = -1;
    for (size_t i = 0; i < v->nrows && res; i++)
        if (v->rows[i].rule >= 0 && S.row < 0 &&
            res->rules[v->rows[i].rule].verdict == CC_VERDICT_FAIL)
            S.row = (int)i;
    if (S.row < 0)
        for (size_t i = 0; i < v->nrows && S.row < 0; i++)
            if (v->rows[i].rule >= 0) S.row = (int)i;
    if (S.row < 0) S.row = 0;
    keep_row_in_view(a);
    cursor_to_rule(a);
    open_player(a);
}

static void close_voice(cc_app *a)
{
    cc_player_free(S.player);
    S.player = NULL;
    cc_tts_free(S.tts);
    S.tts = NULL;
}

void cc_feedback_show(cc_app *a, cc_live *call, cc_recording *recording)
{
    /* The call shown before was freed by unload(). */
    S.live = call;
    S.recording = recording;
    a->next = CC_SCREEN_FEEDBACK;
}

cc_live *cc_feedback_live(void) { return S.live; }

void cc_feedback_unload(cc_app *a)
{
    close_voice(a);
    free_view(S.view);
    S.view = NULL;
    cc_live_free(S.live);
    S.live = NULL;
    cc_recording_free(S.recording);
    S.recording = NULL;
}

/* ---- actions ---- */

static void say(cc_app *a, const char *msg)
{
    cc_fb_fmt(S.status, sizeof S.status, "%s", msg ? msg : "");
}

static void play_range(cc_app *a, int64_t from_ms, int64_t to_ms, const char *what)
{
    struct cc_fb_view *v = S.view;
    if (!v) return;
    if (!S.player) {
        say(a, v->out_problem);
        return;
    }
    const int16_t *pcm[2];
    size_t n[2] = {track(a, CC_LIVE_CALLER, &pcm[0]), track(a, CC_LIVE_TRAINEE, &pcm[1])};
    int64_t s0 = cc_tl_sample_of_ms(&v->tl, from_ms), s1 = cc_tl_sample_of_ms(&v->tl, to_ms);
    /* Both tracks are on the same clock; past the end of one it is silent. */
    size_t m = n[0] > n[1] ? n[0] : n[1];
    if ((size_t)s1 > m) s1 = (int64_t)m;
    if (s1 <= s0) {
        say(a, "Nothing to play there: the cursor is at the end of the call");
        return;
    }
    size_t len = (size_t)(s1 - s0);
    /* The shorter track is padded through the player's NULL side. */
    cc_player_piece pieces[3];
    size_t np = 0;
    size_t both = len;
    for (int k = 0; k < 2; k++)
        if ((size_t)s0 + both > n[k]) both = n[k] > (size_t)s0 ? n[k] - (size_t)s0 : 0;
    if (both) pieces[np++] = (cc_player_piece){pcm[0] + s0, pcm[1] + s0, both, s0};
    if (both < len) {
        int longer = n[0] >= n[1] ? 0 : 1;
        pieces[np++] = (cc_player_piece){pcm[longer] + s0 + (int64_t)both, NULL, len - both,
                                         s0 + (int64_t)both};
    }
    char why[256];
    if (cc_player_play(S.player, pieces, np, why, sizeof why) != 0) {
        cc_fb_fmt(S.status, sizeof S.status, "Cannot play: %s", why);
        return;
    }
    cc_fb_fmt(S.status, sizeof S.status, "Playing %s (%.1f s to %.1f s).", what,
             (double)from_ms / 1000, (double)cc_tl_ms_of_sample(&v->tl, s1) / 1000);
}

static void play_turn(cc_app *a, int turn)
{
    int64_t from, to;
    if (cc_turn_span(cc_fb_record(a), turn, &from, &to) != 0) {
        say(a, "No turn here: the call has no turns to play");
        return;
    }
    char what[64];
    cc_fb_fmt(what, sizeof what, "turn %d", turn + 1);
    play_range(a, from, to, what);
}

/* The model answer's voice: espeak-ng, but never the voice any caller of this
 * scenario speaks with, so the trainee hears whose answer is whose. */
static cc_persona model_persona(const cc_scenario *scn)
{
    static const char *const voices[][2] = {
        {"en-us", "klatt4"}, {"en-us", "m1"}, {"en-us", "klatt"}, {"en-gb", "m2"}};
    size_t pick = 0;
    for (size_t c = 0; c < sizeof voices / sizeof voices[0]; c++) {
        int used = 0;
        for (size_t i = 0; scn && i < scn->nlines; i++) {
            const cc_persona *p = &scn->lines[i].caller;
            used |= p->voice && strcmp(p->voice, voices[c][0]) == 0 &&
                    strcmp(p->variant ? p->variant : "", voices[c][1]) == 0;
        }
        if (!used) {
            pick = c;
            break;
        }
    }
    return (cc_persona){(char *)"Model answer", (char *)voices[pick][0], (char *)voices[pick][1],
                        50, 50, 165, 100, CC_MOOD_CALM};
}

/* What the model would have said in this turn: the scenario's model answer
 * for the node, else the chosen rule's model phrase; slots filled. */
static char *model_text(const cc_app *a, int turn)
{
    const cc_record *rec = cc_fb_record(a);
    const cc_scenario *scn = cc_live_scenario(S.live);
    const cc_slots *slots = cc_call_slots(cc_live_call(S.live));
    const char *m = NULL;
    if (rec && turn >= 0 && (size_t)turn < rec->nturns) {
        int node = rec->turns[turn].node;
        if (node >= 0 && (size_t)node < scn->nnodes) m = scn->nodes[node].model;
    }
    int rule = cc_fb_chosen_rule(a);
    if (!m && rule >= 0) m = cc_fb_standard(a)->rules[rule].model;
    return m ? cc_slots_fill(slots, m) : NULL;
}

static void play_model(cc_app *a)
{
    struct cc_fb_view *v = S.view;
    if (!v) return;
    int turn = cc_fb_cursor_turn(a);
    char *text = model_text(a, turn);
    if (!text) {
        cc_fb_fmt(S.status, sizeof S.status, "Turn %d has no model answer.", turn + 1);
        return;
    }
    if (!S.player) {
        cc_fb_fmt(S.status, sizeof S.status, "%s. The model answer: \"%s\"",
                 v->out_problem, text);
        free(text);
        return;
    }
    char why[256] = "";
    if (!S.tts) S.tts = cc_tts_create(NULL, why, sizeof why);
    int16_t *raw = NULL, *speech = NULL;
    size_t nraw = 0, nspeech = 0;
    int rate = 0;
    cc_persona p = model_persona(cc_live_scenario(S.live));
    if (!S.tts ||
        cc_tts_say(S.tts, &p, CC_MOOD_CALM, text, &raw, &nraw, &rate, why, sizeof why) != 0 ||
        !(speech = cc_dsp_resample(raw ? raw : (int16_t[1]){0}, nraw, rate, RATE, &nspeech))) {
        cc_fb_fmt(S.status, sizeof S.status,
                 "The model answer cannot be spoken (%s). It is: \"%s\"", why[0] ? why : "out of memory",
                 text);
        free(raw);
        free(text);
        return;
    }
    free(raw);
    /* The trainee's own answer first (their track only), then the model's. */
    const int16_t *mine;
    size_t nmine = track(a, CC_LIVE_TRAINEE, &mine);
    int64_t from, to;
    cc_player_piece pieces[3];
    size_t np = 0;
    int said = cc_turn_answer_span(cc_fb_record(a), turn, &from, &to) == 0;
    if (said) {
        int64_t s0 = cc_tl_sample_of_ms(&v->tl, from), s1 = cc_tl_sample_of_ms(&v->tl, to);
        if ((size_t)s1 > nmine) s1 = (int64_t)nmine;
        if (s1 > s0) pieces[np++] = (cc_player_piece){mine + s0, NULL, (size_t)(s1 - s0), s0};
    }
    static const int16_t gap[MODEL_GAP_MS * RATE / 1000];
    if (np) pieces[np++] = (cc_player_piece){gap, NULL, sizeof gap / sizeof gap[0], -1};
    pieces[np++] = (cc_player_piece){speech, NULL, nspeech, -1};
    if (cc_player_play(S.player, pieces, np, why, sizeof why) != 0)
        cc_fb_fmt(S.status, sizeof S.status, "Cannot play: %s", why);
    else
        cc_fb_fmt(S.status, sizeof S.status,
                 "%s then the model answer: \"%s\"",
                 said ? "Your answer," : "You said nothing in this turn;", text);
    free(speech);
    free(text);
}

static void retry(cc_app *a)
{
    int turn = cc_fb_cursor_turn(a);
    if (turn < 0) {
        say(a, "There is no turn to retry from.");
        return;
    }
    /* One output device: the retry's call takes it, and espeak-ng has one owner. */
    close_voice(a);
    cc_live_config cfg = {!a->prefs.typed_answers, !a->opt.mute, 1, 0, &a->voice_mean};
    char why[512];
    cc_live *again = cc_live_create_retry(S.live, turn, &cfg, why, sizeof why);
    /* Saved as a retry of this call (a retry of a retry keeps the first one). */
    const char *of = cc_recording_folder_name(S.recording);
    if (again && cc_live_set_retry_of(again, of ? of : "") != 0) {
        cc_live_free(again);
        again = NULL;
        snprintf(why, sizeof why, "out of memory");
    }
    if (!again) {
        cc_fb_fmt(S.status, sizeof S.status,
                 "Cannot retry from turn %d: %s; try again, or take the whole call again", turn + 1,
                 why);
        open_player(a);
        return;
    }
    cc_callscreen_retry(a, again);
}

static void stop(cc_app *a)
{
    int64_t at;
    /* Stopping leaves the cursor where the sound was, to go on from there. */
    if (cc_player_where(S.player, &at) >= 0 && at >= 0 && S.view)
        S.cursor_ms = cc_tl_ms_of_sample(&S.view->tl, at);
    cc_player_stop(S.player);
    say(a, "Stopped.");
}

static void another(cc_app *a) { a->next = a->opt.scenario ? CC_SCREEN_QUIT : CC_SCREEN_PICKER; }

static void save_elsewhere(cc_app *a)
{
    if (!S.save_open) {
        if (!cc_fb_can_save_elsewhere(a)) {
            say(a, "The call is saved already.");
            return;
        }
        S.save_open = 1;
        return;
    }
    char why[512];
    if (!S.save_dir[0]) {
        say(a, "Type the folder to save the call in first.");
        return;
    }
    if (cc_recording_save_to(S.recording, S.live, S.save_dir, why,
                             sizeof why) != 0) {
        cc_fb_fmt(S.status, sizeof S.status, "Not saved in %s: %s",
                 S.save_dir, why);
        return;
    }
    S.save_open = 0;
    cc_fb_fmt(S.status, sizeof S.status, "Saved in %s.",
             cc_recording_path(S.recording) ? cc_recording_path(S.recording)
                                                        : S.save_dir);
}

static void act(cc_app *a, int control)
{
    switch (control) {
    case CC_FB_TIMELINE:
    case CC_FB_PLAY_CURSOR: play_range(a, S.cursor_ms, INT64_MAX, "from the cursor"); break;
    case CC_FB_CHECKLIST: {
        /* The chosen rule's moment: the turn it was judged in. */
        int rule = cc_fb_chosen_rule(a);
        const cc_result *res = cc_fb_result(a);
        if (rule >= 0 && res && res->rules[rule].turn >= 0) play_turn(a, res->rules[rule].turn);
        else say(a, "This rule is not tied to a moment of the call.");
        break;
    }
    case CC_FB_PLAY_CALL: play_range(a, 0, INT64_MAX, "the whole call"); break;
    case CC_FB_PLAY_TURN: play_turn(a, cc_fb_cursor_turn(a)); break;
    case CC_FB_STOP: stop(a); break;
    case CC_FB_MODEL: play_model(a); break;
    case CC_FB_RETRY: retry(a); break;
    case CC_FB_PROGRESS: a->next = CC_SCREEN_PROGRESS; break;
    case CC_FB_SAVE: save_elsewhere(a); break;
    case CC_FB_ANOTHER: another(a); break;
    default: break;
    }
}

/* Puts the cursor on the chosen rule's mark (its first), or its turn. */
static void cursor_to_rule(cc_app *a)
{
    struct cc_fb_view *v = S.view;
    int rule = cc_fb_chosen_rule(a);
    if (!v || rule < 0) return;
    for (size_t i = 0; i < v->nmarks; i++)
        if (v->marks[i].rule == rule) {
            S.cursor_ms = v->marks[i].at;
            return;
        }
    const cc_result *res = cc_fb_result(a);
    int64_t from, to;
    if (res && cc_turn_span(cc_fb_record(a), res->rules[rule].turn, &from, &to) == 0)
        S.cursor_ms = from;
}

static void keep_row_in_view(cc_app *a)
{
    cc_fb_layout L;
    cc_fb_make_layout(a, &L);
    /* With its phase heading when it fits. */
    if (S.row < S.top) S.top = S.row > 0 ? S.row - 1 : 0;
    if (S.row >= S.top + L.visible_rows)
        S.top = S.row - L.visible_rows + 1;
}

static void choose_row(cc_app *a, int dir)
{
    struct cc_fb_view *v = S.view;
    if (!v || v->nrows == 0) return;
    int r = S.row;
    for (size_t k = 0; k < v->nrows; k++) {
        r = (r + dir + (int)v->nrows) % (int)v->nrows;
        if (v->rows[r].rule >= 0) break;
    }
    S.row = r;
    keep_row_in_view(a);
    cursor_to_rule(a);
}

static void move_cursor(cc_app *a, int64_t by)
{
    struct cc_fb_view *v = S.view;
    if (!v) return;
    int64_t end = cc_tl_ms_of_sample(&v->tl, v->tl.nsamples);
    int64_t c = S.cursor_ms + by;
    S.cursor_ms = c < 0 ? 0 : c > end ? end : c;
}

static void cursor_to_turn(cc_app *a, int dir)
{
    const cc_record *rec = cc_fb_record(a);
    if (!rec || rec->nturns == 0) return;
    int t = cc_fb_cursor_turn(a) + dir;
    if (t < 0) t = 0;
    if ((size_t)t >= rec->nturns) t = (int)rec->nturns - 1;
    S.cursor_ms = rec->turns[t].entered;
}

static void next_focus(cc_app *a, int dir)
{
    int f = S.focus;
    for (int k = 0; k < CC_FB_COUNT; k++) {
        f = (f + dir + CC_FB_COUNT) % CC_FB_COUNT;
        if (cc_fb_control_present(a, f)) break;
    }
    S.focus = (fb_control)f;
}

static void save_field(cc_app *a, const cc_ev *ev)
{
    char *s = S.save_dir;
    if (S.save_open == 2) {
        /* The "e" that opened the field arrives as text too: it is not the folder's. */
        S.save_open = 1;
        if (ev->kind == CC_EV_TEXT && (strcmp(ev->text, "e") == 0 || strcmp(ev->text, "E") == 0)) return;
    }
    switch (cc_field_edit(s, sizeof S.save_dir, ev)) {
    case CC_FIELD_CANCEL: S.save_open = 0; break;
    case CC_FIELD_ENTER: save_elsewhere(a); break;
    default: break;
    }
}

void cc_feedback_update(cc_app *a, const cc_ev *ev)
{
    if (!ev) return;
    if (S.save_open) {
        save_field(a, ev);
        return;
    }
    if (ev->kind == CC_EV_TYPE && cc_fb_can_save_elsewhere(a)) {
        S.save_open = 1;
        save_field(a, ev);
        return;
    }
    if (ev->kind != CC_EV_KEY) return;
    int shift = ev->mods & CC_MOD_SHIFT;
    int f = S.focus;
    int on_buttons = f >= CC_FB_PLAY_CALL;
    switch (ev->key) {
    case CC_KEY_TAB: next_focus(a, shift ? -1 : 1); break;
    case CC_KEY_LEFT:
    case CC_KEY_RIGHT: {
        int dir = ev->key == CC_KEY_LEFT ? -1 : 1;
        if (on_buttons) {
            int g = f;
            do g += dir;
            while (g >= CC_FB_PLAY_CALL && g < CC_FB_COUNT && !cc_fb_control_present(a, g));
            if (g >= CC_FB_PLAY_CALL && g < CC_FB_COUNT) S.focus = (fb_control)g;
        } else {
            move_cursor(a, dir * (shift || (ev->mods & CC_MOD_CTRL) ? BIG_STEP_MS : STEP_MS));
        }
        break;
    }
    case CC_KEY_UP:
    case CC_KEY_DOWN: {
        int dir = ev->key == CC_KEY_UP ? -1 : 1;
        if (f == CC_FB_TIMELINE) cursor_to_turn(a, dir);
        else choose_row(a, dir);
        break;
    }
    case CC_KEY_ENTER: act(a, f); break;
    case CC_KEY_SPACE: act(a, CC_FB_PLAY_CURSOR); break;
    case CC_KEY_ESC: a->next = CC_SCREEN_QUIT; break;
    case CC_KEY_CHAR:
        for (int i = CC_FB_PLAY_CALL; i < CC_FB_COUNT; i++)
            if (buttons[i].key == ev->ch && cc_fb_control_present(a, i)) {
                act(a, i);
                if (i == CC_FB_SAVE && S.save_open) S.save_open = 2;
                break;
            }
        break;
    default: break;
    }
}
