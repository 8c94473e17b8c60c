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
 * output (player.h), opened once the call's devices are closed. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen_feedback.h"
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

struct cc_fb_view {
    cc_check_row *rows;
    size_t nrows;
    cc_mark *marks;
    size_t nmarks;
    cc_review_span *spans;
    size_t nspans;
    cc_timeline tl;
    uint16_t *peaks[2]; /* [0] caller, [1] trainee */
    int cols;
    char out_problem[256]; /* why nothing can be played */
};

/* snprintf that cuts long texts quietly: a status line or a label is better
 * short than missing. */
static void fmt_to(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fmt_to(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

/* ---- what the screen shows, from the call ---- */

static const cc_record *record_of(const cc_app *a)
{
    return S.live ? cc_call_record(cc_live_call(S.live)) : NULL;
}

static const cc_result *result_of(const cc_app *a)
{
    return S.live ? cc_live_result(S.live) : NULL;
}

static const cc_standard *standard_of(const cc_app *a)
{
    return S.live ? cc_live_standard(S.live) : NULL;
}

static size_t track(const cc_app *a, cc_live_track t, const int16_t **pcm)
{
    *pcm = NULL;
    return S.live ? cc_live_audio(S.live, t, pcm) : 0;
}

static int can_save_elsewhere(const cc_app *a)
{
    return S.recording && S.live && !cc_recording_path(S.recording);
}

/* Layout, worked out the same way by update (to keep the chosen row in view)
 * and by draw. */
typedef struct {
    int score_y, summary_y, rec_y, tl_y, axis_y, band_y, lane_y[2], lane_h, marks_y, tl_bottom;
    int status_y, buttons_y, button_h, buttons_bottom, list_y, list_bottom, footer_y, row_h;
    int visible_rows;
    int compact; /* 0 roomy; 1 short labels; 2 low lanes too (large text) */
    int bx[CC_FB_COUNT], by[CC_FB_COUNT], bw[CC_FB_COUNT];
} layout;

/* Short labels and keys for large text, where the long ones would push the
 * checklist off the window. */
static const char *const short_labels[CC_FB_COUNT] = {
    [CC_FB_PLAY_CALL] = "Call (A)",  [CC_FB_PLAY_TURN] = "Turn (T)", [CC_FB_PLAY_CURSOR] = "Cursor (Space)",
    [CC_FB_STOP] = "Stop (S)",       [CC_FB_MODEL] = "Model (M)",    [CC_FB_RETRY] = "Retry (R)",
    [CC_FB_PROGRESS] = "Progress (P)", [CC_FB_SAVE] = "Save (E)",    [CC_FB_ANOTHER] = "Next (N)",
};

static const char *button_label(const cc_app *a, int i, int compact)
{
    /* Started on one scenario from the command line: there is no list to go back to. */
    if (i == CC_FB_ANOTHER && a->opt.scenario) return "Done (N)";
    return compact ? short_labels[i] : buttons[i].label;
}

static const char *footer_keys(const cc_app *a, int compact)
{
    if (S.save_open) return "Type a folder, Enter: save the call there   Esc: cancel";
    if (compact) return "Tab: next   Left/Right: cursor   Up/Down: rule   Enter: use   Esc: quit";
    return "Tab: next control   Left/Right: move the cursor (Shift: 5 s)   Up/Down: choose a rule "
           "(on the timeline: a turn)   Enter: use the control   Esc: quit";
}

static void layout_stage(cc_app *a, layout *L, int compact)
{
    memset(L, 0, sizeof *L);
    L->compact = compact;
    int body = ui_lh(a, CC_FONT_BODY), bold = ui_lh(a, CC_FONT_BOLD), big = ui_lh(a, CC_FONT_BIG);
    int y = big + 16 + 8; /* under the header */
    L->score_y = y;
    y += big + 2;
    L->summary_y = y;
    y += body + 2;
    L->rec_y = y;
    y += body + 8;
    L->tl_y = y;
    L->axis_y = y;
    y += body + 2;
    L->band_y = y;
    y += body + 2;
    L->lane_h = compact > 1 ? 24 : 40;
    L->lane_y[0] = y;
    y += L->lane_h + 4;
    L->lane_y[1] = y;
    y += L->lane_h + 2;
    L->marks_y = y;
    y += body + 2;
    L->tl_bottom = y;
    L->status_y = y + 4;
    y += body + 10;
    L->button_h = bold + 10;
    L->buttons_y = y;
    int x = 20;
    for (int i = CC_FB_PLAY_CALL; i < CC_FB_COUNT; i++) {
        if (i == CC_FB_SAVE && !can_save_elsewhere(a)) continue;
        int w = ui_text_w(a, CC_FONT_BOLD, button_label(a, i, compact)) + 20;
        if (x + w > a->w - 20 && x > 20) {
            x = 20;
            y += L->button_h + 10;
        }
        L->bx[i] = x;
        L->by[i] = y;
        L->bw[i] = w;
        x += w + 10;
    }
    y += L->button_h + 14;
    L->buttons_bottom = y;
    L->list_y = y;
    /* The footer's height, as ui_footer() will take it. */
    int used = ui_wrap(a, CC_FONT_BODY, 0, 0, a->w - 40, a->theme.text, footer_keys(a, compact), 0, 0);
    L->footer_y = a->h - used - (a->notice[0] ? body : 0) - 12;
    L->list_bottom = L->footer_y - 6;
    L->row_h = (bold > body ? bold : body) + 4;
    L->visible_rows = (L->list_bottom - L->list_y) / L->row_h;
    if (L->visible_rows < 1) L->visible_rows = 1;
}

/* The roomiest layout that leaves the checklist a few rows. */
static void make_layout(cc_app *a, layout *L)
{
    for (int compact = 0; compact <= 2; compact++) {
        layout_stage(a, L, compact);
        if (L->list_bottom - L->list_y >= 4 * L->row_h) return;
    }
}

static int control_present(const cc_app *a, int c)
{
    return c != CC_FB_SAVE || can_save_elsewhere(a);
}

static const cc_check_row *chosen_row(const cc_app *a)
{
    const struct cc_fb_view *v = S.view;
    if (!v || S.row < 0 || (size_t)S.row >= v->nrows) return NULL;
    return &v->rows[S.row];
}

static int chosen_rule(const cc_app *a)
{
    const cc_check_row *r = chosen_row(a);
    return r ? r->rule : -1;
}

static int cursor_turn(const cc_app *a) { return cc_turn_at(record_of(a), S.cursor_ms); }

static void cursor_to_rule(cc_app *a);
static void keep_row_in_view(cc_app *a);

/* ---- load and unload ---- */

static void open_player(cc_app *a)
{
    struct cc_fb_view *v = S.view;
    if (S.player || !v) return;
    char why[256];
    if (a->opt.mute) {
        fmt_to(v->out_problem, sizeof v->out_problem, "Sound is off (--mute): the call can be "
               "looked at but not played");
        return;
    }
    S.player = cc_player_create(a->plat, RATE, why, sizeof why);
    if (!S.player)
        fmt_to(v->out_problem, sizeof v->out_problem, "No sound output (%s): the call can be "
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
        fmt_to(S.status, sizeof S.status,
                 "Out of memory: only the score can be shown; close other programs");
        return;
    }
    S.view = v;
    const cc_standard *std = standard_of(a);
    const cc_record *rec = record_of(a);
    const cc_result *res = result_of(a);
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
    fmt_to(S.status, sizeof S.status, "%s", msg ? msg : "");
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
        fmt_to(S.status, sizeof S.status, "Cannot play: %s", why);
        return;
    }
    fmt_to(S.status, sizeof S.status, "Playing %s (%.1f s to %.1f s).", what,
             (double)from_ms / 1000, (double)cc_tl_ms_of_sample(&v->tl, s1) / 1000);
}

static void play_turn(cc_app *a, int turn)
{
    int64_t from, to;
    if (cc_turn_span(record_of(a), turn, &from, &to) != 0) {
        say(a, "No turn here: the call has no turns to play");
        return;
    }
    char what[64];
    fmt_to(what, sizeof what, "turn %d", turn + 1);
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
    const cc_record *rec = record_of(a);
    const cc_scenario *scn = cc_live_scenario(S.live);
    const cc_slots *slots = cc_call_slots(cc_live_call(S.live));
    const char *m = NULL;
    if (rec && turn >= 0 && (size_t)turn < rec->nturns) {
        int node = rec->turns[turn].node;
        if (node >= 0 && (size_t)node < scn->nnodes) m = scn->nodes[node].model;
    }
    int rule = chosen_rule(a);
    if (!m && rule >= 0) m = standard_of(a)->rules[rule].model;
    return m ? cc_slots_fill(slots, m) : NULL;
}

static void play_model(cc_app *a)
{
    struct cc_fb_view *v = S.view;
    if (!v) return;
    int turn = cursor_turn(a);
    char *text = model_text(a, turn);
    if (!text) {
        fmt_to(S.status, sizeof S.status, "Turn %d has no model answer.", turn + 1);
        return;
    }
    if (!S.player) {
        fmt_to(S.status, sizeof S.status, "%s. The model answer: \"%s\"",
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
        fmt_to(S.status, sizeof S.status,
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
    int said = cc_turn_answer_span(record_of(a), turn, &from, &to) == 0;
    if (said) {
        int64_t s0 = cc_tl_sample_of_ms(&v->tl, from), s1 = cc_tl_sample_of_ms(&v->tl, to);
        if ((size_t)s1 > nmine) s1 = (int64_t)nmine;
        if (s1 > s0) pieces[np++] = (cc_player_piece){mine + s0, NULL, (size_t)(s1 - s0), s0};
    }
    static const int16_t gap[MODEL_GAP_MS * RATE / 1000];
    if (np) pieces[np++] = (cc_player_piece){gap, NULL, sizeof gap / sizeof gap[0], -1};
    pieces[np++] = (cc_player_piece){speech, NULL, nspeech, -1};
    if (cc_player_play(S.player, pieces, np, why, sizeof why) != 0)
        fmt_to(S.status, sizeof S.status, "Cannot play: %s", why);
    else
        fmt_to(S.status, sizeof S.status,
                 "%s then the model answer: \"%s\"",
                 said ? "Your answer," : "You said nothing in this turn;", text);
    free(speech);
    free(text);
}

static void retry(cc_app *a)
{
    int turn = cursor_turn(a);
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
        fmt_to(S.status, sizeof S.status,
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
        if (!can_save_elsewhere(a)) {
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
        fmt_to(S.status, sizeof S.status, "Not saved in %s: %s",
                 S.save_dir, why);
        return;
    }
    S.save_open = 0;
    fmt_to(S.status, sizeof S.status, "Saved in %s.",
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
        int rule = chosen_rule(a);
        const cc_result *res = result_of(a);
        if (rule >= 0 && res && res->rules[rule].turn >= 0) play_turn(a, res->rules[rule].turn);
        else say(a, "This rule is not tied to a moment of the call.");
        break;
    }
    case CC_FB_PLAY_CALL: play_range(a, 0, INT64_MAX, "the whole call"); break;
    case CC_FB_PLAY_TURN: play_turn(a, cursor_turn(a)); break;
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
    int rule = chosen_rule(a);
    if (!v || rule < 0) return;
    for (size_t i = 0; i < v->nmarks; i++)
        if (v->marks[i].rule == rule) {
            S.cursor_ms = v->marks[i].at;
            return;
        }
    const cc_result *res = result_of(a);
    int64_t from, to;
    if (res && cc_turn_span(record_of(a), res->rules[rule].turn, &from, &to) == 0)
        S.cursor_ms = from;
}

static void keep_row_in_view(cc_app *a)
{
    layout L;
    make_layout(a, &L);
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
    const cc_record *rec = record_of(a);
    if (!rec || rec->nturns == 0) return;
    int t = cursor_turn(a) + dir;
    if (t < 0) t = 0;
    if ((size_t)t >= rec->nturns) t = (int)rec->nturns - 1;
    S.cursor_ms = rec->turns[t].entered;
}

static void next_focus(cc_app *a, int dir)
{
    int f = S.focus;
    for (int k = 0; k < CC_FB_COUNT; k++) {
        f = (f + dir + CC_FB_COUNT) % CC_FB_COUNT;
        if (control_present(a, f)) break;
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
    if (ev->kind == CC_EV_TYPE && can_save_elsewhere(a)) {
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
            while (g >= CC_FB_PLAY_CALL && g < CC_FB_COUNT && !control_present(a, g));
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
            if (buttons[i].key == ev->ch && control_present(a, i)) {
                act(a, i);
                if (i == CC_FB_SAVE && S.save_open) S.save_open = 2;
                break;
            }
        break;
    default: break;
    }
}

/* ---- drawing ---- */

static void clock_text(char *out, size_t cap, int64_t ms)
{
    if (ms < 0) ms = 0;
    fmt_to(out, cap, "%d:%04.1f", (int)(ms / 60000), (double)(ms % 60000) / 1000);
}

static int axis_step_ms(int64_t len_ms)
{
    static const int steps[] = {1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (len_ms / steps[i] <= 10) return steps[i];
    return 1200000;
}

static void draw_spans(cc_app *a, const struct cc_fb_view *v, const layout *L)
{
    const cc_theme *t = &a->theme;
    int bh = ui_lh(a, CC_FONT_BODY);
    for (size_t i = 0; i < v->nspans; i++) {
        const cc_review_span *s = &v->spans[i];
        int x0 = cc_tl_x_of_ms(&v->tl, s->from), x1 = cc_tl_x_of_ms(&v->tl, s->to);
        if (x1 <= x0) x1 = x0 + 1;
        /* Each kind has its own pattern and word, not only its own colour. */
        const char *word = s->kind == CC_SPAN_HOLD ? "hold" : s->kind == CC_SPAN_SILENCE ? "silence" : "over";
        cc_rgba c = s->kind == CC_SPAN_HOLD ? t->lamp_hold : s->kind == CC_SPAN_SILENCE ? t->dim : t->bad;
        if (s->kind == CC_SPAN_HOLD) {
            ui_rect(a, x0, L->band_y + 2, x1 - x0, bh - 4, c);
        } else {
            int period = s->kind == CC_SPAN_SILENCE ? 4 : 3;
            for (int x = x0; x < x1; x += period) ui_rect(a, x, L->band_y + 2, 1, bh - 4, c);
            ui_rect(a, x0, L->band_y + bh - 3, x1 - x0, 1, c);
        }
        /* The span's shade over both lanes, so it is seen where it happened. */
        for (int k = 0; k < 2; k++) ui_rect(a, x0, L->lane_y[k], x1 - x0, 2, c);
        int tw = ui_text_w(a, CC_FONT_BODY, word);
        if (tw + 4 <= x1 - x0) {
            ui_rect(a, x0 + 1, L->band_y + 1, tw + 2, bh - 2, t->panel2);
            ui_text(a, CC_FONT_BODY, x0 + 2, L->band_y, s->kind == CC_SPAN_HOLD ? t->text : c, word);
        }
    }
}

static void draw_timeline(cc_app *a, const layout *L)
{
    const cc_theme *t = &a->theme;
    const struct cc_fb_view *v = S.view;
    const cc_timeline *tl = &v->tl;
    int64_t len_ms = cc_tl_ms_of_sample(tl, tl->nsamples);
    char buf[64];
    /* The axis. */
    int step = axis_step_ms(len_ms);
    for (int64_t ms = 0; ms <= len_ms; ms += step) {
        int x = cc_tl_x_of_ms(tl, ms);
        fmt_to(buf, sizeof buf, "%d:%02d", (int)(ms / 60000), (int)(ms % 60000 / 1000));
        ui_rect(a, x, L->axis_y + ui_lh(a, CC_FONT_BODY) - 4, 1, 4, t->dim);
        if (x + ui_text_w(a, CC_FONT_BODY, buf) <= tl->x + tl->w + 20)
            ui_text(a, CC_FONT_BODY, x + 2, L->axis_y, t->dim, buf);
    }
    /* The lanes. */
    static const char *const names[2] = {"Caller", "You"};
    for (int k = 0; k < 2; k++) {
        ui_rect(a, tl->x, L->lane_y[k], tl->w, L->lane_h, t->panel2);
        ui_frame(a, tl->x, L->lane_y[k], tl->w, L->lane_h, 1, t->dim);
        cc_wave_draw_lane(a, tl->x, L->lane_y[k], tl->w, L->lane_h, v->peaks[k], v->cols,
                          k == 0 ? t->accent : t->lamp_live);
    }
    draw_spans(a, v, L);
    /* The marks: a tick through both lanes and a sign under them. */
    int rule = chosen_rule(a);
    for (size_t i = 0; i < v->nmarks; i++) {
        const cc_mark *m = &v->marks[i];
        int x = cc_tl_x_of_ms(tl, m->at);
        cc_rgba c = m->verdict == CC_VERDICT_PASS ? t->good : t->bad;
        ui_rect(a, x, L->lane_y[0], 1, L->lane_y[1] + L->lane_h - L->lane_y[0], c);
        const char *sign = m->verdict == CC_VERDICT_PASS ? "+" : "x";
        int sw = ui_text_w(a, CC_FONT_BOLD, sign);
        ui_text(a, CC_FONT_BOLD, x - sw / 2, L->marks_y, c, sign);
        if (m->rule == rule) ui_frame(a, x - sw / 2 - 3, L->marks_y, sw + 6, ui_lh(a, CC_FONT_BODY), 2, t->focus);
    }
    /* Lane names over the waves, on a plate so they stay readable. */
    for (int k = 0; k < 2; k++) {
        int nw = ui_text_w(a, CC_FONT_BOLD, names[k]);
        ui_rect(a, tl->x + 2, L->lane_y[k] + 2, nw + 8, ui_lh(a, CC_FONT_BOLD), t->panel);
        ui_text(a, CC_FONT_BOLD, tl->x + 6, L->lane_y[k] + 2, t->text, names[k]);
    }
    /* The play head and the cursor. */
    int64_t at;
    if (cc_player_where(S.player, &at) >= 0 && at >= 0) {
        int x = cc_tl_x_of_sample(tl, at);
        ui_rect(a, x - 1, L->lane_y[0] - 2, 3, L->lane_y[1] + L->lane_h - L->lane_y[0] + 4, t->text);
        ui_text(a, CC_FONT_BOLD, x + 3, L->lane_y[1] + L->lane_h - ui_lh(a, CC_FONT_BOLD), t->text,
                "> playing");
    }
    int cx = cc_tl_x_of_ms(tl, S.cursor_ms);
    ui_rect(a, cx - 1, L->band_y, 2, L->marks_y - L->band_y, t->focus);
    ui_rect(a, cx - 5, L->band_y, 10, 3, t->focus);
    if (S.focus == CC_FB_TIMELINE) ui_focus(a, tl->x, L->axis_y, tl->w, L->tl_bottom - L->axis_y);
}

static void verdict_word(cc_verdict v, char *out, size_t cap)
{
    fmt_to(out, cap, "%s", v == CC_VERDICT_PASS ? "PASS" : v == CC_VERDICT_FAIL ? "FAIL" : "n/a");
}

static void draw_checklist(cc_app *a, const layout *L, int x, int w)
{
    const cc_theme *t = &a->theme;
    const struct cc_fb_view *v = S.view;
    const cc_standard *std = standard_of(a);
    const cc_result *res = result_of(a);
    int y = L->list_y;
    int vw = 0;
    static const char *const words[] = {"PASS", "FAIL", "n/a"};
    for (int i = 0; i < 3; i++)
        if (ui_text_w(a, CC_FONT_BOLD, words[i]) > vw) vw = ui_text_w(a, CC_FONT_BOLD, words[i]);
    vw += 12;
    for (int i = S.top; i < (int)v->nrows && y + L->row_h <= L->list_bottom; i++) {
        const cc_check_row *r = &v->rows[i];
        char line[300];
        if (r->rule < 0) {
            int pass = 0, fail = 0;
            for (size_t k = 0; k < v->nrows; k++)
                if (v->rows[k].phase == r->phase && v->rows[k].rule >= 0) {
                    pass += res->rules[v->rows[k].rule].verdict == CC_VERDICT_PASS;
                    fail += res->rules[v->rows[k].rule].verdict == CC_VERDICT_FAIL;
                }
            fmt_to(line, sizeof line, "%s: %d passed, %d failed", cc_phase_title(r->phase), pass, fail);
            ui_text(a, CC_FONT_BOLD, x, y + 2, t->accent, line);
            ui_rect(a, x, y + L->row_h - 1, w, 1, t->dim);
        } else {
            const cc_rule *rule = &std->rules[r->rule];
            cc_verdict vd = res->rules[r->rule].verdict;
            int chosen = i == S.row;
            if (chosen) ui_rect(a, x, y, w, L->row_h, t->panel);
            char word[8];
            verdict_word(vd, word, sizeof word);
            ui_text(a, CC_FONT_BOLD, x + 6, y + 2,
                    vd == CC_VERDICT_PASS ? t->good : vd == CC_VERDICT_FAIL ? t->bad : t->dim, word);
            fmt_to(line, sizeof line, "%s%s", rule->title, rule->critical ? " (critical)" : "");
            ui_wrap(a, CC_FONT_BODY, x + 6 + vw, y + 2, w - vw - 12, vd == CC_VERDICT_NA ? t->dim : t->text,
                    line, 1, 1);
            if (chosen && S.focus == CC_FB_CHECKLIST) ui_focus(a, x, y, w, L->row_h);
            else if (chosen) ui_frame(a, x, y, w, L->row_h, 1, t->focus);
        }
        y += L->row_h;
    }
    if (S.top > 0) ui_text(a, CC_FONT_BODY, x + w - 20, L->list_y, t->dim, "^");
    if (y + L->row_h > L->list_bottom && S.top + L->visible_rows < (int)v->nrows)
        ui_text(a, CC_FONT_BODY, x + w - 20, L->list_bottom - ui_lh(a, CC_FONT_BODY), t->dim, "v");
}

static void draw_detail(cc_app *a, const layout *L, int x, int w)
{
    const cc_theme *t = &a->theme;
    int rule = chosen_rule(a);
    if (rule < 0) return;
    const cc_rule *r = &standard_of(a)->rules[rule];
    const cc_rule_verdict *vd = &result_of(a)->rules[rule];
    int y = L->list_y, bottom = L->list_bottom;
    ui_rect(a, x, y, w, bottom - y, t->panel2);
    ui_frame(a, x, y, w, bottom - y, 1, t->dim);
    x += 10;
    w -= 20;
    y += 6;
    char buf[1200], word[8];
    verdict_word(vd->verdict, word, sizeof word);
    fmt_to(buf, sizeof buf, "%s: %s%s", word, r->title, r->critical ? " (critical)" : "");
    if (y + ui_lh(a, CC_FONT_BOLD) > bottom - 4) return;
    y += ui_wrap(a, CC_FONT_BOLD, x, y, w,
                 vd->verdict == CC_VERDICT_FAIL ? t->bad : vd->verdict == CC_VERDICT_PASS ? t->good : t->text,
                 buf, (bottom - 4 - y) / ui_lh(a, CC_FONT_BOLD) >= 2 ? 2 : 1, 1);
    char when[32] = "";
    if (vd->at != CC_NO_TIME) clock_text(when, sizeof when, vd->at);
    if (vd->turn >= 0)
        fmt_to(buf, sizeof buf, "Evidence (turn %d%s%s): %s", vd->turn + 1, when[0] ? ", at " : "",
                 when, vd->evidence);
    else
        fmt_to(buf, sizeof buf, "Evidence%s%s%s: %s", when[0] ? " (at " : "", when, when[0] ? ")" : "",
                 vd->evidence);
    int lines = (bottom - 4 - y) / ui_lh(a, CC_FONT_BODY);
    if (lines <= 0) return;
    y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, buf, lines < 3 ? lines : 3, 1);
    if (vd->verdict == CC_VERDICT_FAIL) {
        /* Each block only when it fits whole: better left out than cut. */
        if (r->feedback && y + ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, r->feedback, 3, 0) <= bottom - 4)
            y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->text, r->feedback, 3, 1);
        /* The call's own model for the rule (feedback.h): never an unfilled slot. */
        char *m = cc_feedback_model(standard_of(a), cc_live_scenario(S.live), record_of(a),
                                    result_of(a), rule, cc_call_slots(cc_live_call(S.live)));
        if (m) {
            fmt_to(buf, sizeof buf, "Try: \"%s\"", m);
            free(m);
            if (y + ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, buf, 2, 0) <= bottom - 4)
                y += ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, buf, 2, 1);
        }
        static const char hint[] = "Enter: play that turn   M: your answer, then the model's   R: retry from it";
        if (vd->turn >= 0 && y + 4 + ui_wrap(a, CC_FONT_BODY, x, y, w, t->dim, hint, 2, 0) <= bottom - 4)
            ui_wrap(a, CC_FONT_BODY, x, y + 4, w, t->dim, hint, 2, 1);
    }
}

static void draw_buttons(cc_app *a, const layout *L)
{
    for (int i = CC_FB_PLAY_CALL; i < CC_FB_COUNT; i++) {
        if (!control_present(a, i)) continue;
        ui_button(a, L->bx[i], L->by[i], L->bw[i], L->button_h, button_label(a, i, L->compact), (int)S.focus == i);
    }
}

/* The folder as people write it: the home folder as "~". */
static const char *short_path(const char *path, char *buf, size_t cap)
{
    const char *home = getenv("HOME");
    size_t n = home ? strlen(home) : 0;
    if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/') {
        fmt_to(buf, cap, "~%s", path + n);
        return buf;
    }
    return path;
}

static void draw_recording(cc_app *a, const layout *L)
{
    const cc_theme *t = &a->theme;
    char buf[1400], where[1100];
    const cc_recording *r = S.recording;
    if (S.save_open) {
        fmt_to(buf, sizeof buf, "Save the call in folder: %s_", S.save_dir);
        int w = a->w - 40, h = ui_lh(a, CC_FONT_BODY) + 4;
        ui_rect(a, 20, L->rec_y - 2, w, h, t->panel2);
        ui_text(a, CC_FONT_BODY, 26, L->rec_y, t->text, buf);
        ui_focus(a, 20, L->rec_y - 2, w, h);
        return;
    }
    if (!r) fmt_to(buf, sizeof buf, "This call was not recorded.");
    else if (cc_recording_path(r))
        fmt_to(buf, sizeof buf, "Saved in %s%s%s", short_path(cc_recording_path(r), where, sizeof where),
               /* The trainee's answer to "does this count?": a retry is not an attempt. */
               S.live && cc_live_retry_turn(S.live) >= 0
                   ? ", as a retry (not counted as an attempt)" : "",
               cc_recording_problem(r) ? " (with a problem, see below)" : "");
    else
        fmt_to(buf, sizeof buf, "NOT SAVED: %s. E: save it in another folder.",
                 cc_recording_problem(r) ? cc_recording_problem(r) : "the call was not written");
    char lost[400];
    if (S.live) cc_live_lost_note(S.live, lost, sizeof lost);
    else lost[0] = '\0';
    if (lost[0]) { /* never silent: that silence is not the trainee's */
        size_t k = strlen(buf);
        snprintf(buf + k, sizeof buf - k, " %s.", lost);
    }
    ui_wrap(a, CC_FONT_BODY, 20, L->rec_y, a->w - 40,
            cc_recording_path(r) && !lost[0] ? t->dim : t->bad, buf, 1, 1);
}

void cc_feedback_draw(cc_app *a)
{
    const cc_theme *t = &a->theme;
    const cc_live *l = S.live;
    const cc_result *r = result_of(a);
    const cc_scenario *scn = l ? cc_live_scenario(l) : NULL;
    layout L;
    make_layout(a, &L);
    ui_header(a, "How the call went", scn ? scn->title : NULL);
    ui_footer(a, footer_keys(a, L.compact));
    if (!r || !S.view) {
        ui_text(a, CC_FONT_BIG, 20, L.score_y, t->bad,
                r ? "Out of memory: close other programs and take the call again."
                  : "The call could not be scored (out of memory).");
        return;
    }
    const cc_standard *std = standard_of(a);
    char line[400];
    fmt_to(line, sizeof line, "Score %d/100: %s", r->score, r->passed ? "PASSED" : "NOT PASSED");
    ui_text(a, CC_FONT_BIG, 20, L.score_y, r->passed ? t->good : t->bad, line);
    /* How the call ended for the caller (issue 14), beside the verdict. */
    int oc = r->outcome ? cc_standard_find_outcome(std, r->outcome) : -1;
    if (oc >= 0) {
        int x = 20 + ui_text_w(a, CC_FONT_BIG, line) + 16;
        char out[200];
        fmt_to(out, sizeof out, "Outcome: %s", std->outcomes[oc].title);
        ui_wrap(a, CC_FONT_BODY, x, L.score_y + ui_lh(a, CC_FONT_BIG) - ui_lh(a, CC_FONT_BODY) - 2,
                a->w - 20 - x, t->text, out, 1, 1);
    }
    size_t pass = 0, fail = 0, na = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        pass += r->rules[i].verdict == CC_VERDICT_PASS;
        fail += r->rules[i].verdict == CC_VERDICT_FAIL;
        na += r->rules[i].verdict == CC_VERDICT_NA;
    }
    fmt_to(line, sizeof line, "Pass mark %d. %zu rules passed, %zu failed, %zu did not apply.%s",
           std->pass_mark, pass, fail, na, r->critical_failed ? " A critical rule failed: the score is capped." : "");
    ui_wrap(a, CC_FONT_BODY, 20, L.summary_y, a->w - 40, t->text, line, 1, 1);
    draw_recording(a, &L);
    draw_timeline(a, &L);
    /* Under the timeline: the cursor, its turn, and what is playing or failed. */
    char cur[32];
    clock_text(cur, sizeof cur, S.cursor_ms);
    int turn = cursor_turn(a);
    const cc_record *rec = record_of(a);
    if (S.status[0])
        fmt_to(line, sizeof line, "Cursor %s, turn %d. %s", cur, turn + 1, S.status);
    else if (S.view->out_problem[0])
        fmt_to(line, sizeof line, "Cursor %s, turn %d. %s.", cur, turn + 1, S.view->out_problem);
    else if (turn >= 0 && rec->turns[turn].say >= 0)
        fmt_to(line, sizeof line, "Cursor %s, turn %d: the caller says \"%s\"", cur, turn + 1,
                 rec->said[rec->turns[turn].say].text);
    else
        fmt_to(line, sizeof line, "Cursor %s, turn %d.  Marks: + earned, x lost.  Bands: hold, "
                 "silence (dotted), over = talk-over.", cur, turn + 1);
    ui_wrap(a, CC_FONT_BODY, 20, L.status_y, a->w - 40, t->text, line, 1, 1);
    draw_buttons(a, &L);
    int lw = (a->w - 50) * 55 / 100;
    draw_checklist(a, &L, 20, lw);
    draw_detail(a, &L, 30 + lw, a->w - 50 - lw);
}
