#include "textfield.h"

#include <string.h>

cc_field_result cc_field_edit(char *buf, size_t cap, const cc_ev *ev)
{
    size_t n = strlen(buf);
    if (ev->kind == CC_EV_TEXT || ev->kind == CC_EV_TYPE) {
        size_t k = strlen(ev->text);
        if (n + k + 1 > cap) return CC_FIELD_NONE;
        memcpy(buf + n, ev->text, k + 1);
        return CC_FIELD_EDITED;
    }
    if (ev->kind != CC_EV_KEY) return CC_FIELD_NONE;
    switch (ev->key) {
    case CC_KEY_ESC: return CC_FIELD_CANCEL;
    case CC_KEY_ENTER: return CC_FIELD_ENTER;
    case CC_KEY_BACKSPACE:
        /* Continuation bytes first, then the character's lead byte. */
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80) n--;
        if (n > 0) n--;
        buf[n] = '\0';
        return CC_FIELD_EDITED;
    default: return CC_FIELD_NONE;
    }
}
