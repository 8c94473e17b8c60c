#!/usr/bin/env python3
"""bench_turns: turn-taking of the real `callcoach` at real time.

Whole calls of the shipped scenarios, their model takes spoken by espeak-ng
(tests/app/e2e_prepare) into SDL's disk-driver microphone, played at real time
(SDL_DISKAUDIODELAY unset), with and without a thinking pause in the middle of
every answer of six words or more (0.5, 1.0, 1.5, 2.0 s; and 1.0 s after "um").
From the session's recorded tracks:

  gap      the trainee's last sound of an answer to the caller's first sound
           after it (answers the caller replied to within 5 s), p50/p95/max;
  cut-in   a thinking pause during which (or within 300 ms after which) the
           caller started talking: the program took half an answer for all of it;
  agree    rule verdicts of the spoken call equal to the same take typed
           (callcoach-score), so speed is never bought with wrong verdicts.

It passes or fails nothing: it prints a Markdown table (tools/bench.sh --readme
puts it in the README). A full run (12 scenarios x 6 conditions) takes about
two hours at real time; --scenarios and --conditions choose fewer.

Usage: bench_turns.py BUILD_DIR SRC_DIR [--scenarios a,b] [--conditions 0,1000,f1000]"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from trackscan import RATE, last_sound, read_raw, read_wav, speech_runs  # noqa: E402

CONDITIONS = ["0", "500", "1000", "1500", "2000", "f1000"]


def pct(v, q):
    if not v:
        return float("nan")
    s = sorted(v)
    k = (len(s) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run_call(build, src, scenario, take, cond, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "data"))
    env = dict(os.environ)
    think = int(cond.lstrip("f"))
    if think:
        env["CC_E2E_THINK_MS"] = str(think)
    if cond.startswith("f"):
        env["CC_E2E_FILLER"] = "1"
    mic, keysf = os.path.join(work, "mic.raw"), os.path.join(work, "keys.txt")
    p = subprocess.run([os.path.join(build, "tests/app/e2e_prepare"), scenario, take, mic, keysf, "7", "Alex"],
                       cwd=src, env=env, capture_output=True, text=True)
    if p.returncode != 0 or "SKIPPED:" in p.stdout:
        return None, "not planned: " + (p.stdout + p.stderr).strip()[:200]
    pauses = []
    if think and os.path.exists(keysf + ".pauses"):
        for line in open(keysf + ".pauses"):
            k, a, b = line.split()
            pauses.append((int(k), int(a) * RATE // 1000, int(b) * RATE // 1000))
    env.update({"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "disk",
                "SDL_DISKAUDIOFILE": os.path.join(work, "speaker.raw"), "SDL_DISKAUDIOFILEIN": mic,
                "XDG_DATA_HOME": os.path.join(work, "data")})
    env.pop("SDL_DISKAUDIODELAY", None)
    r = subprocess.run([os.path.join(build, "callcoach"), "--scenario", scenario, "--trainee", "Alex",
                        "--mode", "assessment", "--seed", "7", "--keys", open(keysf).read(),
                        "--json-out", os.path.join(work, "app.json"), "--exit-after-call", "--no-briefing"],
                       cwd=src, env=env, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return None, "callcoach exited %d" % r.returncode
    sessions = os.path.join(work, "data", "callcoach", "sessions")
    sd = os.path.join(sessions, sorted(os.listdir(sessions))[0])
    trainee = read_wav(os.path.join(sd, "trainee.wav"))
    caller = read_wav(os.path.join(sd, "caller.wav"))
    spoken = speech_runs(read_raw(mic), bridge_ms=2600)
    heard = speech_runs(trainee, bridge_ms=2600)
    caller_runs = speech_runs(caller, bridge_ms=150, min_ms=120)
    out = {"gaps": [], "pauses": 0, "cutins": 0}
    # the microphone's timeline on the call clock: each answer's offset
    for i, (a, b) in enumerate(heard):
        end = last_sound(trainee, a, b)
        nxt = [c for c, d in caller_runs if c >= end - RATE // 10]
        if nxt and nxt[0] - end < 5 * RATE:
            out["gaps"].append((nxt[0] - end) * 1000.0 / RATE)
    for k, pa, pb in pauses:
        # answer k as spoken and as recorded: the recording is the microphone shifted
        if k - 1 >= len(spoken) or k - 1 >= len(heard):
            continue
        shift = heard[k - 1][0] - spoken[k - 1][0]
        a, b = pa + shift, pb + shift + RATE * 3 // 10
        out["pauses"] += 1
        if any(a + RATE // 10 <= c <= b for c, d in caller_runs):
            out["cutins"] += 1
    typed = subprocess.run([os.path.join(build, "callcoach-score"), "--json", "--seed", "7", "--trainee",
                            "Alex", scenario, take], cwd=src, capture_output=True, text=True)
    spoken_res = json.load(open(os.path.join(work, "app.json")))
    typed_res = json.loads(typed.stdout)
    tv = {x["id"]: x["verdict"] for x in typed_res["rules"]}
    same = sum(1 for x in spoken_res["rules"] if tv.get(x["id"]) == x["verdict"])
    out["agree"] = (same, len(spoken_res["rules"]))
    return out, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("src")
    ap.add_argument("--scenarios", default="")
    ap.add_argument("--conditions", default=",".join(CONDITIONS))
    args = ap.parse_args()
    build, src = os.path.abspath(args.build), os.path.abspath(args.src)
    scns = [s for s in args.scenarios.split(",") if s] or sorted(
        d for d in os.listdir(os.path.join(src, "scenarios/takes")))
    conds = [c for c in args.conditions.split(",") if c]
    work = tempfile.mkdtemp(prefix="cc-turns-")
    rows = []
    for cond in conds:
        gaps, pauses, cutins, same, total, calls, notes = [], 0, 0, 0, 0, 0, []
        for s in scns:
            res, why = run_call(build, src, "scenarios/%s.yaml" % s, "scenarios/takes/%s/model.take" % s,
                                cond, os.path.join(work, "%s-%s" % (s, cond)))
            if not res:
                notes.append("%s: %s" % (s, why))
                continue
            calls += 1
            gaps += res["gaps"]
            pauses += res["pauses"]
            cutins += res["cutins"]
            same += res["agree"][0]
            total += res["agree"][1]
            print("  %s %s: gaps %s, cut-ins %d/%d, agree %d/%d" % (
                cond, s, [round(g) for g in res["gaps"]], res["cutins"], res["pauses"], res["agree"][0],
                res["agree"][1]), file=sys.stderr)
        label = "none" if cond == "0" else ("%.1f s after \"um\"" % (int(cond[1:]) / 1000.0)
                                            if cond.startswith("f") else "%.1f s" % (int(cond) / 1000.0))
        rows.append("| %s | %d | %d | %.0f / %.0f / %.0f ms | %s | %s |" % (
            label, calls, len(gaps), pct(gaps, 0.5), pct(gaps, 0.95), max(gaps) if gaps else float("nan"),
            "%d of %d (%.0f %%)" % (cutins, pauses, 100.0 * cutins / pauses) if pauses else "-",
            "%.1f %%" % (100.0 * same / total) if total else "-"))
        for n in notes:
            print("  " + n, file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    print("**bench_turns**\n")
    print("The real `callcoach` at real time (SDL disk audio), model takes of %d scenarios spoken by "
          "espeak-ng, a thinking pause in the middle of every answer of six words or more.\n" % len(scns))
    print("| thinking pause | calls | answers replied to | gap after the answer p50 / p95 / max "
          "| target p50 <= 300, p95 <= 600 ms | cut-ins on pauses | rule verdicts as typed |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        parts = r.split(" | ")
        parts.insert(4, "")
        print(" | ".join(parts))


if __name__ == "__main__":
    main()
