/* debug: CALLCOACH_DEBUG=1 (any value but "0") makes the live layer print, to
 * stderr, how the devices, the recogniser and the engine keep time. Read once;
 * any thread. */
#ifndef CC_DEBUG_H
#define CC_DEBUG_H

int cc_debug_on(void);

#endif
