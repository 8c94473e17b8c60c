#!/usr/bin/env python3
"""Each program's man page renders with man -l, without warnings, and names
every option its --help lists, and the version the program reports.

usage: man_pages.py BIN_DIR MAN_DIR PROGRAM...
(MAN_DIR holds PROGRAM.1; BIN_DIR the programs.)
"""
import os
import re
import shutil
import subprocess
import sys

# An option at the start of a --help line: "  -s, --standard FILE", "      --seed N".
OPTION_LINE = re.compile(r"^\s{1,8}((?:-[A-Za-z0-9], )?--[a-z0-9][a-z0-9-]*|-[A-Za-z0-9])\b")


def help_options(text):
    opts = []
    for line in text.splitlines():
        m = OPTION_LINE.match(line)
        if m:
            opts += m.group(1).split(", ")
    return opts


def render(page):
    # Wide lines so that no paragraph is broken or hyphenated inside an option.
    env = dict(os.environ, MANWIDTH="1000", LC_ALL="C.UTF-8", MAN_DISABLE_SECCOMP="1")
    p = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True, env=env)
    text = p.stdout.translate({0x2010: "-", 0x2011: "-", 0x2212: "-"})
    return p.returncode, text, p.stderr


def main():
    bindir, mandir, programs = sys.argv[1], sys.argv[2], sys.argv[3:]
    if not shutil.which("man"):
        print("man is not installed: install man-db (tools/packages.txt)")
        return 1
    failed = 0
    for prog in programs:
        page = os.path.join(mandir, prog + ".1")
        if not os.path.exists(page):
            print(f"{prog}: no man page {page}: is go-md2man installed (tools/packages.txt)?")
            failed += 1
            continue
        rc, text, err = render(page)
        if rc != 0 or err.strip():
            print(f"{page}: man -l exited {rc}:\n{err}")
            failed += 1
            continue
        exe = os.path.join(bindir, prog)
        helptext = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
        opts = help_options(helptext)
        if len(opts) < 4:
            print(f"{prog}: only {opts} found in --help: the option pattern no longer fits it")
            failed += 1
        missing = [o for o in opts if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", text)]
        if missing:
            print(f"{page}: options of {prog} --help missing from the page: {' '.join(missing)}")
            failed += 1
        version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split()
        if not version or f"callcoach {version[-1]}" not in text:
            print(f"{page}: does not say the version {prog} reports ({' '.join(version)})")
            failed += 1
        if not re.search(r"^NAME\n\s+" + re.escape(prog) + " - ", text, re.M):
            print(f"{page}: no NAME section naming {prog}")
            failed += 1
        if not failed:
            print(f"{prog}: {len(opts)} options, all in {page}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
