/* mem: the one growable array and string copy of the whole program.
 *
 * Contract: cc_grow() makes room for element n in *arr (element size size,
 * capacity *cap), doubling from 8; the new slots are zeroed, so a caller may
 * fill a struct field by field. It returns 0, or -1 on out-of-memory or
 * overflow with *arr and *cap unchanged (still owned by the caller).
 * cc_strdup() copies a string with malloc (NULL for NULL or out-of-memory).
 * Pure: no global state; any thread, on its own arrays. */
#ifndef CC_MEM_H
#define CC_MEM_H

#include <stddef.h>

int cc_grow(void **arr, size_t *cap, size_t n, size_t size);
char *cc_strdup(const char *s);

#endif
