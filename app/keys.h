/* keys: the --keys automation script: key presses at given times.
 *
 * Syntax: entries separated by commas, each TIME:KEY.
 *   TIME  seconds on the clock of the screen showing (the call clock during a
 *         call, which is 0 at the first ring, plus the wall time the call
 *         spent paused, since the call clock stands still while the call waits
 *         for the trainee after mic-lost; elsewhere the time since the screen
 *         appeared), or +SECONDS after the previous entry.
 *   KEY   space enter esc tab backspace up down left right f1..f4 plus minus,
 *         ctrl+KEY, a single letter or digit (h t m 2 ...),
 *         mic-lost, speaker-lost: the device goes away (what the SDL
 *                    platform reports when one is unplugged),
 *         type=TEXT  types TEXT into the screen's text box, opening the answer
 *                    box on the call screen; TEXT runs to the next comma, or
 *                    is written in double quotes (type="Hello, Northwind")
 *                    where \" and \\ stand for " and \.
 * Example: "0.5:space,+1:type=\"Good morning, Northwind Travel\",+0.2:enter,20:esc"
 *
 * Contract: pure. cc_keys_parse() returns the entries in order, or NULL with
 * a message naming the bad entry in err. A '+' time is resolved when its
 * predecessor fires (cc_keys_due), so it counts from the moment that key was
 * pressed on whatever screen was showing. */
#ifndef CC_KEYS_H
#define CC_KEYS_H

#include <stddef.h>

#include "platform.h"

typedef struct {
    double at;      /* seconds */
    int relative;   /* at is after the previous entry */
    cc_ev ev;
} cc_key_entry;

typedef struct cc_keys {
    cc_key_entry *v;
    size_t n, next;
    double last_fired; /* clock reading when the previous entry fired */
} cc_keys;

cc_keys *cc_keys_parse(const char *script, char *err, size_t errlen);
void cc_keys_free(cc_keys *k); /* accepts NULL */
/* The next entry if its time has come on a clock reading `now` (seconds),
 * else NULL. Advance with cc_keys_fired() after using it. */
const cc_ev *cc_keys_due(const cc_keys *k, double now);
void cc_keys_fired(cc_keys *k, double now);
/* The screen changed: the clock restarts, so relative times count from 0. */
void cc_keys_new_clock(cc_keys *k);
int cc_keys_done(const cc_keys *k);
/* Seconds until the next entry is due on clock `now` (0 if due, -1 if none). */
double cc_keys_wait(const cc_keys *k, double now);

#endif
