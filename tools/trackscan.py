"""trackscan: where speech is in a call's recorded tracks (16 kHz mono 16-bit).

Shared by the tests and benchmarks that judge the real program from what it
recorded: tests/app/e2e_realtime.py, bench/bench_turns.py. Levels are dB of
full scale over 20 ms windows; a stretch of speech is a run of windows above
a threshold, with gaps shorter than `bridge_ms` joined."""
import math
import struct
import wave

RATE = 16000
WIN = 320  # 20 ms


def read_raw(path):
    with open(path, "rb") as f:
        data = f.read()
    return list(struct.unpack("<%dh" % (len(data) // 2), data))


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError("%s is not 16 kHz mono 16-bit" % path)
        data = w.readframes(w.getnframes())
    return list(struct.unpack("<%dh" % (len(data) // 2), data))


def _db(chunk):
    e = sum(s * s for s in chunk) / float(len(chunk))
    return 10 * math.log10(e / (32768.0 * 32768.0)) if e > 0 else -120.0


def speech_runs(samples, thresh_db=-45.0, bridge_ms=900, min_ms=250):
    """[(start_sample, end_sample)] of speech: loud windows, gaps under
    bridge_ms joined (an answer's own pauses), runs under min_ms dropped."""
    db = [_db(samples[w:w + WIN]) for w in range(0, len(samples) - WIN + 1, WIN)]
    runs, start, last = [], None, None
    bridge = bridge_ms * RATE // 1000 // WIN
    for i, v in enumerate(db):
        if v > thresh_db:
            if start is None:
                start = i
            elif i - last > bridge:
                runs.append((start, last + 1))
                start = i
            last = i
    if start is not None:
        runs.append((start, last + 1))
    return [(a * WIN, b * WIN) for a, b in runs if (b - a) * WIN >= min_ms * RATE // 1000]


def speech_onset(samples, near, before_ms=300, margin_db=15.0, min_db=-55.0):
    """Where speech starts near `near`, by the live endpointer's own rule
    (live/endpoint.c): the first 10 ms frame louder than the noise floor + 15 dB
    and than -55 dBFS, the floor being the quietest tenth of the frames in the
    second before. None if none."""
    f = 160
    lo = max(0, near - RATE - before_ms * RATE // 1000)
    base = near - before_ms * RATE // 1000
    quiet = sorted(_db(samples[i:i + f]) for i in range(lo, max(lo, base - f), f))
    floor = quiet[len(quiet) // 10] if quiet else -90.0
    thresh = max(floor + margin_db, min_db)
    i = max(0, base)
    while i + f <= len(samples):
        if _db(samples[i:i + f]) > thresh:
            return i
        i += f
    return None


def last_sound(samples, start, end, thresh_db=-45.0):
    """One past the last loud 5 ms window in [start, end): where speech ends."""
    w = 80
    i = min(end, len(samples)) - w
    while i >= start:
        if _db(samples[i:i + w]) > thresh_db:
            return i + w
        i -= w
    return None
