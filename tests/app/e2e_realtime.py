#!/usr/bin/env python3
"""The real `callcoach` at real time on a busy machine: nothing the trainee
says is lost from the recording.

SDL's disk audio driver without SDL_DISKAUDIODELAY paces the speaker and the
microphone at real time, each on its own thread, and falls behind whenever a
thread waits for a core: the way a loaded desktop treats a sound card, and
worse. A process that keeps a core busy runs beside the call. e2e_prepare
speaks the scenario's model take into the microphone file; the call is played
with its keys; then:

  - every answer spoken into the microphone is in the session's trainee.wav:
    as many stretches of speech, each as long as it was spoken (within 3 %:
    the recording may be stretched by up to 2 % to stay on the call clock);
  - each answer lies in trainee.wav at its time on the call clock: where the
    session's result.json says the answer started (the onset the call
    engine was given), within 50 ms, its start found in trainee.wav by the
    endpointer's own rule (tools/trackscan.py speech_onset);
  - caller.wav and trainee.wav are as long as each other (the call clock);
  - nothing was lost, or the session says so (audio-lost.txt), and then this
    test fails: the machine here is busy, not broken.

Usage: e2e_realtime.py PREP APP SRC SCENARIO TAKE WORK
Exit 0 when all holds, 1 with what failed."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from trackscan import RATE, read_raw, read_wav, speech_onset, speech_runs  # noqa: E402


def fail(msg):
    print("e2e_realtime: FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 7:
        fail("usage: e2e_realtime.py PREP APP SRC SCENARIO TAKE WORK")
    prep, app, src, scenario, take, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "data"))
    mic = os.path.join(work, "mic.raw")
    keysf = os.path.join(work, "keys.txt")
    p = subprocess.run([prep, scenario, take, mic, keysf, "7", "Alex"], cwd=src,
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail("e2e_prepare exited %d: %s" % (p.returncode, p.stderr))
    if "SKIPPED:" in p.stdout:
        fail("e2e_prepare could not plan the call: " + p.stdout.strip())
    keys = open(keysf).read()
    env = dict(os.environ)
    env.update({"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "disk",
                "SDL_DISKAUDIOFILE": os.path.join(work, "speaker.raw"),
                "SDL_DISKAUDIOFILEIN": mic, "XDG_DATA_HOME": os.path.join(work, "data"),
                "CALLCOACH_DEBUG": "1"})
    env.pop("SDL_DISKAUDIODELAY", None)  # real time
    hog = subprocess.Popen(["sh", "-c", "while :; do :; done"])
    try:
        with open(os.path.join(work, "app.log"), "w") as log:
            r = subprocess.run([app, "--scenario", scenario, "--trainee", "Alex", "--mode", "assessment",
                                "--seed", "7", "--keys", keys, "--json-out", os.path.join(work, "app.json"),
                                "--exit-after-call", "--no-briefing"], cwd=src, env=env, stdout=log, stderr=log,
                               timeout=400)
    finally:
        hog.kill()
        hog.wait()
    if r.returncode != 0:
        fail("callcoach exited %d; see %s/app.log" % (r.returncode, work))
    sessions = os.path.join(work, "data", "callcoach", "sessions")
    names = sorted(os.listdir(sessions)) if os.path.isdir(sessions) else []
    if len(names) != 1:
        fail("expected one session in %s, found %s" % (sessions, names))
    sd = os.path.join(sessions, names[0])
    lost = os.path.join(sd, "audio-lost.txt")
    if os.path.exists(lost):
        fail("the session lost audio: " + open(lost).read().strip())
    result = json.load(open(os.path.join(sd, "result.json")))
    trainee = read_wav(os.path.join(sd, "trainee.wav"))
    caller = read_wav(os.path.join(sd, "caller.wav"))
    if abs(len(trainee) - len(caller)) > RATE // 50:
        fail("trainee.wav has %d samples, caller.wav %d: the tracks are not on one clock"
             % (len(trainee), len(caller)))
    spoken = speech_runs(read_raw(mic))
    heard = speech_runs(trainee)
    answers = [t for t in result["turns"] if t.get("trainee") and t.get("start") is not None]
    print("answers spoken %d, stretches of speech in trainee.wav %d, answers in result.json %d"
          % (len(spoken), len(heard), len(answers)))
    if len(heard) != len(spoken):
        fail("trainee.wav holds %d stretches of speech, the microphone was given %d answers: %s vs %s"
             % (len(heard), len(spoken), [(a / RATE, b / RATE) for a, b in heard],
                [(a / RATE, b / RATE) for a, b in spoken]))
    for i, ((a, b), (c, d)) in enumerate(zip(spoken, heard)):
        ratio = (d - c) / float(b - a)
        if abs(ratio - 1) > 0.03:
            fail("answer %d lasts %.2f s in trainee.wav, %.2f s as spoken" % (i + 1, (d - c) / RATE, (b - a) / RATE))
    if len(answers) != len(spoken):
        fail("result.json has %d answers, %d were spoken" % (len(answers), len(spoken)))
    worst = 0.0
    for i, (t, (c, d)) in enumerate(zip(answers, heard)):
        at = int(round(t["start"] * RATE))
        found = speech_onset(trainee, at)
        if found is None:
            fail("answer %d (%.3f s in result.json): no speech in trainee.wav there" % (i + 1, t["start"]))
        err_ms = abs(found - at) * 1000.0 / RATE
        worst = max(worst, err_ms)
        print("answer %d: result.json %.3f s, trainee.wav %.3f s (%.0f ms apart)"
              % (i + 1, t["start"], found / RATE, err_ms))
        if err_ms > 50:
            fail("answer %d starts at %.3f s in trainee.wav but at %.3f s on the call clock (result.json)"
                 % (i + 1, found / RATE, t["start"]))
    print("e2e_realtime: every answer in trainee.wav at its time (worst %.0f ms), %d answers"
          % (worst, len(answers)))


if __name__ == "__main__":
    main()
