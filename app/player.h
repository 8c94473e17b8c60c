/* player: plays a finished call's audio through the platform's audio out, for
 * the feedback screen: a list of pieces played one after the other, each
 * either a stretch of the call (two tracks mixed: the caller and the trainee)
 * or a sound that is not on the call's timeline (the model answer's voice).
 *
 * Contract.
 * - cc_player_create() opens the output device (plat->audio->open_out) at `rate`
 *   and keeps it until cc_player_free(); only one output exists on the
 *   platform, so the call's own devices must be closed first
 *   (cc_live_stop_devices()). It fails, with a reason, when there is none.
 * - cc_player_play() copies (and mixes) the pieces, so the caller's buffers
 *   need not outlive the call; what was playing stops. The device thread
 *   only reads what the main thread set under plat->audio->lock(); nothing else is
 *   shared. Between pieces and after the last, the output is silence.
 * - cc_player_where() says what is playing now: the piece, and where on the
 *   call's timeline (the sample of the call now heard), for the play cursor.
 * Ownership: the platform outlives the player; cc_player_free() accepts NULL. */
#ifndef CC_PLAYER_H
#define CC_PLAYER_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"

typedef struct cc_player cc_player;

typedef struct {
    const int16_t *a, *b; /* mixed sample by sample; b (or a) may be NULL */
    size_t n;
    int64_t origin;       /* the call's sample a[0] is, or -1: not on the call's timeline */
} cc_player_piece;

cc_player *cc_player_create(const cc_platform *plat, int rate, char *err, size_t errlen);
void cc_player_free(cc_player *p);

/* 0, or -1 with a reason (out of memory: nothing plays). n may be 0 (= stop). */
int cc_player_play(cc_player *p, const cc_player_piece *pieces, size_t n, char *err, size_t errlen);
void cc_player_stop(cc_player *p);
/* 1 while something is left to play. */
int cc_player_busy(const cc_player *p);
/* The piece playing (-1 when stopped) and the call's sample heard now (-1 when
 * stopped or in a piece off the timeline). Returns the piece. */
int cc_player_where(const cc_player *p, int64_t *timeline);
/* Samples played since the last cc_player_play(). */
size_t cc_player_played(const cc_player *p);

/* The device callback the player gives open_out(). Public so that a test on
 * the null platform can pull the samples the way a sound card would. */
void cc_player_fill(void *player, int16_t *out, size_t n);

#endif
