/* meta: reading (and writing) a session folder's meta.json without
 * the voice layer, for the store, crash recovery and callcoach-report --import.
 *
 * Contract: pure functions on text in memory; strings returned are malloc'd
 * and owned by the caller (NULL when the key is absent, null, or memory ran
 * out). meta.json is a flat JSON object we wrote; these readers are not a
 * general JSON parser.
 *
 * How the call was taken: "channel" is desktop (the app), terminal (callcoach
 * --text) or take (a scripted take); "mode" is practice or assessment.
 * Sessions written before version 2 of the history had only "mode", holding
 * the channel; cc_meta_how_read() reads those as the channel with the mode
 * unknown. */
#ifndef CC_META_H
#define CC_META_H

#include <stdint.h>

#include "buf.h"

/* How a call was taken, by its word in the store: "desktop" (the app; older
 * files say "voice", and NULL means it), "terminal" (callcoach --text; older:
 * "text") or "take". A static string; other words are returned as given. */
const char *cc_meta_channel(const char *word);

/* The value of "key": a string (unescaped) or, for numbers and literals, the token text. */
char *cc_meta_get(const char *json, const char *key);
/* The value of "key" as a whole number (the seed is unsigned); 0 when absent. */
int64_t cc_meta_int(const char *json, const char *key);
uint64_t cc_meta_uint(const char *json, const char *key);

typedef struct {
    char *channel;   /* cc_meta_channel's word; NULL: unknown (read as desktop) */
    char *mode;      /* "practice", "assessment"; NULL unknown */
    char *answers;   /* "spoken", "typed", "mixed", "none"; NULL unknown */
    char *outcome;   /* NULL: none */
    char *retry_of;  /* NULL: not a retry; else the original's folder ("" if none) */
    int retry_turn;
    int64_t kept_ms;
} cc_meta_how;

void cc_meta_how_read(const char *json, cc_meta_how *out);
void cc_meta_how_clear(cc_meta_how *h); /* frees the strings; accepts a cleared one */

/* Writing: one field of the flat object after the ones before (*first: none
 * yet; "{" and "}" are the caller's), a string (NULL: null) or a raw token
 * (a number, true, false). The one meta.json writer, session.c's. */
void cc_meta_put_str(cc_buf *b, const char *key, const char *v, int *first);
void cc_meta_put_raw(cc_buf *b, const char *key, const char *raw, int *first);

#endif
