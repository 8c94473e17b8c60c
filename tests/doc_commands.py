#!/usr/bin/env python3
"""Runs every command of a guide's ```console blocks and compares what it
prints with the lines the guide shows after it, so the guide cannot drift
from the tools.

In a console block, a line "$ COMMAND" is run with sh in a scratch copy of
the source tree's scenarios/ and docs/ (so commands may create files), with
"build/" at the start of a word meaning the folder of the built tools. Lines
right after it that start with "> " continue it (as a shell shows a
here-document). The lines up to the next "$ " or the end of the block are
what it must print (stdout and stderr, in either order); a last line
"[exit N]" gives its exit status, which is otherwise 0.

usage: doc_commands.py GUIDE.md SOURCE_DIR TOOLS_DIR SCRATCH_DIR
"""
import os
import re
import shutil
import subprocess
import sys


def commands(text):
    block = False
    cmd, want = None, []
    for line in text.split("\n"):
        if not block:
            block = line.startswith("```console")
            continue
        if line.startswith("```") or line.startswith("$ "):
            if cmd is not None:
                yield cmd, want
            cmd, want = (line[2:], []) if line.startswith("$ ") else (None, [])
            if line.startswith("```"):
                block = False
        elif cmd is not None and not want and (line.startswith("> ") or line == ">"):
            cmd += "\n" + line[2:]
        elif cmd is not None:
            want.append(line)


def main():
    guide, source, tools, scratch = sys.argv[1:5]
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    for d in ("scenarios", "docs"):
        shutil.copytree(os.path.join(source, d), os.path.join(scratch, d))
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    count = failed = 0
    for cmd, want in commands(text):
        count += 1
        rc_want = 0
        if want and re.fullmatch(r"\[exit \d+\]", want[-1]):
            rc_want = int(want[-1][6:-1])
            want = want[:-1]
        want = "".join(l + "\n" for l in want)
        run = re.sub(r"(^| )build/", lambda m: m.group(1) + tools + "/", cmd)
        p = subprocess.run(["sh", "-c", run], cwd=scratch, capture_output=True, text=True)
        if want not in (p.stdout + p.stderr, p.stderr + p.stdout) or p.returncode != rc_want:
            failed += 1
            print(f"{guide}: $ {cmd}\n--- the guide shows (exit {rc_want}):\n{want}"
                  f"--- the command printed (exit {p.returncode}):\n{p.stdout}{p.stderr}")
    if count == 0:
        print(f"{guide}: no commands in ```console blocks")
        return 1
    print(f"{guide}: {count - failed} of {count} commands print what the guide shows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
