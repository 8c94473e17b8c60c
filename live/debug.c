#include "debug.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

int cc_debug_on(void)
{
    static atomic_int on = -1;
    int v = atomic_load(&on);
    if (v < 0) {
        const char *e = getenv("CALLCOACH_DEBUG");
        v = e && *e && strcmp(e, "0") != 0;
        atomic_store(&on, v);
    }
    return v;
}
