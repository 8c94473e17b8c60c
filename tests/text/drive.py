#!/usr/bin/env python3
"""Plays `callcoach --text` as a trainee would, on the wall clock.

    drive.py CALLCOACH CASE WORKDIR

CASE names one test below. `pty` cases run the program on a pseudo-terminal
(its line editor, what the screen shows); `session` runs it on pipes (the
plain line reader). Every wait has a deadline, so a clock that stops while
the program waits for input fails the test instead of hanging it. Exits 0
when every check held, 1 with the reasons otherwise.
"""
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[()][A-Z0-9]|[=>])|[\x07\x08\r]")


class Fail(Exception):
    pass


def clean(raw):
    return ANSI.sub("", raw)


class Call:
    """One run of the program; `text` is everything it printed, escapes removed."""

    def __init__(self, prog, args, tty, home):
        env = dict(os.environ, CALLCOACH_HOME=home, TERM="xterm", COLUMNS="120", LINES="40")
        env.pop("INPUTRC", None)
        env["INPUTRC"] = "/dev/null"  # the trainee's own readline settings are not the test's
        self.tty = tty
        self.raw = ""
        if tty:
            master, slave = pty.openpty()
            os.set_blocking(master, False)
            self.proc = subprocess.Popen([prog] + args, stdin=slave, stdout=slave, stderr=slave,
                                         env=env, close_fds=True, start_new_session=True)
            os.close(slave)
            self.out_fd = self.in_fd = master
        else:
            self.proc = subprocess.Popen([prog] + args, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         env=env)
            self.out_fd = self.proc.stdout.fileno()
            self.in_fd = self.proc.stdin.fileno()
            os.set_blocking(self.out_fd, False)
        self.start = time.monotonic()

    @property
    def text(self):
        return clean(self.raw)

    def pump(self, timeout):
        r, _, _ = select.select([self.out_fd], [], [], max(0.0, timeout))
        if not r:
            return True
        try:
            data = os.read(self.out_fd, 65536)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:  # the pty's other side closed
            return False
        if not data:
            return False
        self.raw += data.decode("utf-8", "replace")
        return True

    def expect(self, what, timeout=8.0, after=0):
        """Waits until `what` (a regex) is printed at or after text offset
        `after`; returns the match's end offset."""
        pattern = re.compile(what)
        deadline = time.monotonic() + timeout
        while True:
            m = pattern.search(self.text, after)
            if m:
                return m.end()
            left = deadline - time.monotonic()
            if left <= 0:
                raise Fail("waited %.1f s for %r; the program printed:\n%s"
                           % (timeout, what, self.text[after:][-3000:]))
            if not self.pump(min(left, 0.1)) and self.proc.poll() is not None:
                m = pattern.search(self.text, after)
                if m:
                    return m.end()
                raise Fail("the program ended (status %s) before printing %r; it printed:\n%s"
                           % (self.proc.returncode, what, self.text[after:][-3000:]))

    def send(self, s):
        os.write(self.in_fd, s.encode())

    def type_slowly(self, s, gap):
        for ch in s:
            self.send(ch)
            time.sleep(gap)
            self.pump(0)

    def wait_exit(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                raise Fail("the program did not end by itself within %.0f s; it printed:\n%s"
                           % (timeout, self.text[-3000:]))
            self.pump(0.1)
        while self.pump(0.05):
            pass
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check(cond, why, call=None):
    if not cond:
        raise Fail(why + ("\nthe program printed:\n" + call.text[-3000:] if call else ""))


def answer_phone(c):
    c.expect(r"ring 1\.\.\.")
    c.send("\r" if c.tty else "\n")
    c.expect(r"\(you picked up on ring 1\)")


def enter(c, line):
    c.send(line + ("\r" if c.tty else "\n"))


def greeted(prog, work, home, scenario, extra=()):
    """A call on a pty, picked up and greeted, the caller's question shown."""
    c = Call(prog, ["--text", "--seed", "1", "--trainee", "Alex"] + list(extra)
             + [work + "/" + scenario], True, home)
    try:
        answer_phone(c)
        enter(c, "Good morning.")
        c.expect(r"Pat \(line 1\): Billing please\.")
    except Fail:
        c.kill()
        raise
    return c


# ---- the cases ------------------------------------------------------------------------


def case_ring(prog, work, home):
    """Line 2 rings while an answer is half typed: the ring shows at once, the
    typed text is drawn again under it and is what the caller gets."""
    c = greeted(prog, work, home, "ring.yaml")
    try:
        c.send("Let me put you")
        typed_at = len(c.text)
        ring = c.expect(r"line 2 is ringing \(ring 1\)", timeout=6)
        check("Let me put you through" not in c.text, "the answer was sent before Enter", c)
        # Drawn again after the ring, on the prompt line.
        c.expect(r"> Let me put you", after=ring, timeout=2)
        check(ring > typed_at, "the ring was not printed while typing", c)
        c.send(" through.\r")
        c.expect(r"Pat \(line 1\): Goodbye then\.")
        c.expect(r"the caller on line 1 hung up")
        c.expect(r"call ended", timeout=10)
        rc = c.wait_exit()
        check(rc == 0, "exit status %d" % rc, c)
        check(re.search(r"You: +Let me put you through\.", c.text),
              "the typed answer did not reach the call whole", c)
    finally:
        c.kill()


def case_still_there(prog, work, home):
    """Silence: the caller asks whether the trainee is there while a command is
    half typed (a command is not speech); the command survives and works."""
    c = greeted(prog, work, home, "bye.yaml")
    try:
        c.send("/ho")
        at = c.expect(r"Pat \(line 1, impatient\): Hello\? Are you still there\?", timeout=6)
        c.expect(r"> /ho", after=at, timeout=2)
        c.send("ld\r")
        c.expect(r"line 1 on hold \(music\)")
        enter(c, "/hangup")
        rc = c.wait_exit()
        check(rc == 0, "exit status %d" % rc, c)
        # The trainee did hang up first here: the rule must say so.
        check(re.search(r"FAIL +caller-hangs-up", c.text), "hanging up on hold was not judged", c)
    finally:
        c.kill()


def case_goodbye(prog, work, home):
    """The caller says goodbye and hangs up: the call ends by itself, and a
    /hangup typed while the goodbye is still being said is not hanging up on
    the caller."""
    c = greeted(prog, work, home, "bye.yaml")
    try:
        enter(c, "I will transfer you.")
        c.expect(r"Goodbye\.")
        enter(c, "/hangup")
        c.expect(r"the caller on line 1 hung up", timeout=6)
        rc = c.wait_exit(timeout=5)
        check(rc == 0, "exit status %d" % rc, c)
        check(re.search(r"ok +caller-hangs-up", c.text), "the caller did not hang up first", c)
    finally:
        c.kill()


def dead_air_call(prog, work, home, wait_for_prompt):
    json_out = os.path.join(home, "dead-air.json")
    c = greeted(prog, work, home, "bye.yaml", ["--json-out", json_out])
    try:
        if wait_for_prompt:
            c.expect(r"Are you still there\?", timeout=6)
        # Three seconds of typing: half as long again as the dead-air limit (2 s, which
        # also leaves a loaded machine time to show the caller's line before the first key).
        c.type_slowly("I will transfer you now.", 3.0 / 24)
        c.send("\r")
        c.expect(r"call ended", timeout=10)
        check(c.wait_exit() == 0, "exit status not 0", c)
        with open(json_out) as f:
            result = json.load(f)
        rule = [r for r in result["rules"] if r["id"] == "no-dead-air"][0]
        return rule, c.text
    finally:
        c.kill()


def case_dead_air(prog, work, home):
    """Typed answers are judged fairly: the time spent typing is not dead air
    (a three-second answer begun at once passes a two-second limit), the time
    before the first key is (waiting for the caller's prompt fails it)."""
    rule, text = dead_air_call(prog, work, home, False)
    # pass, or n/a when the first key came while the caller still talked (no silence at all)
    check(rule["verdict"] != "fail", "typing at once: no-dead-air %s (%s)"
          % (rule["verdict"], rule.get("evidence")))
    check("still there" not in text, "the caller asked for the trainee while they typed")
    rule, _ = dead_air_call(prog, work, home, True)
    check(rule["verdict"] == "fail", "typing after the caller's prompt: no-dead-air %s (%s)"
          % (rule["verdict"], rule.get("evidence")))


def case_session(prog, work, home):
    """Pipes, not a terminal: lines are read as they come, on the wall clock,
    so a script can answer what it sees. A bad command is explained, /wait
    holds the next action, line 2 rings by itself, the call ends by itself and
    is recorded."""
    fixtures = os.path.join(work, "..", "fixtures")
    c = Call(prog, ["--text", "--seed", "3", "--trainee", "Alex", fixtures + "/call.yaml"],
             False, home)
    try:
        answer_phone(c)
        enter(c, "Good morning, Northwind Travel.")
        c.expect(r"Pat \(line 1\): Billing please\.")
        enter(c, "/wait nope")
        c.expect(r"'wait' takes seconds, 0 to 36000, not 'nope'")
        enter(c, "Can I put you on hold for a moment?")
        c.expect(r"Pat \(line 1\): Yes please\.")
        enter(c, "/hold")
        c.expect(r"line 1 on hold \(music\)")
        enter(c, "/wait 1.5")
        enter(c, "/resume")
        c.expect(r"line 1 off hold")
        c.expect(r"Pat \(line 1\): Any news\?")
        # Nothing is sent: the ring must come by itself.
        c.expect(r"line 2 is ringing \(ring 1\)", timeout=6)
        enter(c, "Thank you for holding; I will transfer you to extension 2040.")
        c.expect(r"Pat \(line 1\): Goodbye then\.")
        c.expect(r"the caller on line 1 hung up")
        enter(c, "/switch")
        enter(c, "Good morning.")
        c.expect(r"Sam \(line 2\): I will call later\.")
        rc = c.wait_exit(timeout=8)
        check(rc == 0, "exit status %d" % rc, c)
        m = re.search(r"on hold (\d+\.\d) s from", c.text)
        check(m and 1.5 <= float(m.group(1)) < 4, "/wait 1.5 did not hold the resume", c)
        check(re.search(r"ok +hold-permission", c.text), "hold-permission was not judged", c)
        check(re.search(r"Line 2 answered on ring", c.text), "line 2 was not answered", c)
        sessions = [d for d in os.listdir(os.path.join(home, "sessions"))] \
            if os.path.isdir(os.path.join(home, "sessions")) else []
        check(any(os.path.exists(os.path.join(home, "sessions", d, "result.json"))
                  for d in sessions), "the call was not recorded in %s" % home, c)
    finally:
        c.kill()


def case_interrupt(prog, work, home):
    """/interrupt cuts in at once (no quotes needed), where a plain answer
    would wait for the caller to finish their 0.9-second line."""
    c = Call(prog, ["--text", "--seed", "1", "--trainee", "Alex", work + "/bye.yaml"], False, home)
    try:
        answer_phone(c)
        enter(c, "Good morning.")
        c.expect(r"Billing please\.")
        enter(c, "/interrupt Sorry to cut in")
        c.expect(r"Goodbye\.")
        check(c.wait_exit() == 0, "exit status not 0", c)
        t = {m.group(2): float(m.group(1))
             for m in re.finditer(r"\[ *(\d+\.\d) s\] Pat \(line 1\): (Billing|Thank you)", c.text)}
        check(len(t) == 2 and t["Thank you"] - t["Billing"] < 0.6,
              "the interruption waited for the caller: %s" % t, c)
        check(re.search(r"You: +Sorry to cut in", c.text), "the interruption was not heard", c)
    finally:
        c.kill()


CASES = {"interrupt": case_interrupt, "ring": case_ring, "still-there": case_still_there, "goodbye": case_goodbye,
         "dead-air": case_dead_air, "session": case_session}


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in CASES:
        sys.exit("usage: drive.py CALLCOACH {%s} WORKDIR" % "|".join(CASES))
    prog, case, work = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    home = tempfile.mkdtemp(prefix="cc-text-")
    try:
        CASES[case](prog, work, home)
    except Fail as e:
        print("FAIL %s: %s" % (case, e))
        return 1
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print("ok %s" % case)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
