/* textfield: the editing of a one-line text box (a folder to save or export
 * to): typed text appended, Backspace removing a whole UTF-8 character, Enter
 * and Esc reported to the screen that owns the box. Pure: no drawing, no
 * platform calls; the screen keeps the text and draws it. */
#ifndef CC_TEXTFIELD_H
#define CC_TEXTFIELD_H

#include <stddef.h>

#include "platform.h"

typedef enum { CC_FIELD_NONE, CC_FIELD_EDITED, CC_FIELD_ENTER, CC_FIELD_CANCEL } cc_field_result;

/* Applies ev to the NUL-terminated text in buf (cap bytes). Text that would
 * not fit is refused whole. Events other than text and those keys: NONE. */
cc_field_result cc_field_edit(char *buf, size_t cap, const cc_ev *ev);

#endif
