#include "trainee.h"

#include <math.h>

#include "text.h"

#define ANSWER_LATENCY_MS 600
#define KEY_LATENCY_MS 500
#define PICKUP_INTO_RING_MS 1000
#define INTERRUPT_EARLY_MS 1000

static int64_t wait_ms(double s) { return (int64_t)llround(s * 1000.0); }

int64_t cc_trainee_latency_ms(cc_take_kind kind)
{
    return kind == CC_TAKE_SAY || kind == CC_TAKE_SAY_WAV ? ANSWER_LATENCY_MS : KEY_LATENCY_MS;
}

int64_t cc_trainee_start_ms(const cc_settings *st, const cc_take_action *a,
                            const cc_trainee_moment *m)
{
    if (a->timed) return a->at_ms;
    switch (a->kind) {
    case CC_TAKE_PICKUP: {
        if (m->wait_s > 0) return m->ready + wait_ms(m->wait_s);
        int64_t cycle = wait_ms(st->ring_seconds + st->ring_gap_seconds);
        return (int64_t)(a->ring - 1) * cycle + PICKUP_INTO_RING_MS;
    }
    case CC_TAKE_INTERRUPT: return m->caller_quiet - INTERRUPT_EARLY_MS;
    default: {
        int64_t base = m->caller_quiet > m->ready ? m->caller_quiet : m->ready;
        return base + (m->wait_s > 0 ? wait_ms(m->wait_s) : cc_trainee_latency_ms(a->kind));
    }
    }
}

int64_t cc_trainee_say_end_ms(const cc_take_action *a, int64_t start)
{
    if (a->timed && a->until_ms >= start) return a->until_ms;
    return start + cc_speech_ms(a->text, CC_TRAINEE_WPM);
}
