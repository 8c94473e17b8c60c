#!/bin/sh
# The part of full_disk.cmake that runs inside a private mount namespace
# (unshare -m): the data folder is a small tmpfs that only this process tree
# sees, and that vanishes with it, so whatever the checks need from it is
# copied out to WORK before the end.
#   full_disk.sh APP WORK KEYS KIB PYTHON
# Exit 77: the tmpfs could not be mounted (the caller skips the test).
set -u
app=$1 work=$2 keys=$3 kib=$4 python=$5
data=$work/data
mount --make-rprivate / 2>"$work/mount.err" &&
    mount -t tmpfs -o size="${kib}k" tmpfs "$data" 2>>"$work/mount.err" || exit 77
export CALLCOACH_HOME="$data"

# A first call, so the history exists and holds one row before the disk fills.
"$app" --scenario tests/fixtures/call.yaml --trainee Sam --seed 3 --type-answers --no-briefing \
    --keys 0.3:esc --exit-after-call >/dev/null 2>"$work/first.err" || {
    echo "the first call, on an empty disk, failed:"; cat "$work/first.err"; exit 1; }

# The call under test; the disk fills as soon as its first answer is logged.
"$app" --scenario tests/fixtures/call.yaml --trainee Sam --mode practice --seed 3 --no-briefing \
    --type-answers --keys "$keys" --json-out "$work/app.json" >/dev/null 2>"$work/stderr.txt" &
pid=$!
i=0
while [ $i -lt 300 ]; do
    grep -qs 'Good morning, Northwind' "$data"/sessions/*/events.take.partial && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1; i=$((i + 1))
done
dd if=/dev/zero of="$data/filler" bs=4096 2>"$work/dd.err"
df -k "$data" >"$work/df.txt"
wait $pid
rc=$?
echo "$rc" >"$work/rc.txt"

# What the full folder holds, for the checks outside: the history looked at
# here, where it is (read-only: nothing may be written to a full disk), by
# Python's sqlite3, not by our code.
cp -r "$data/sessions" "$work/full-sessions" 2>/dev/null
ls -la "$data" >"$work/full-listing.txt"
"$python" - "$data/history.sqlite" >"$work/full-history.txt" 2>&1 <<'PY'
import sqlite3, sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print('integrity', ';'.join(r[0] for r in c.execute('PRAGMA integrity_check')))
print('sessions', c.execute('SELECT count(*) FROM sessions').fetchone()[0])
# A row without its verdicts would be a half-written call.
print('without-verdicts', c.execute('SELECT count(*) FROM sessions s WHERE NOT EXISTS '
                                    '(SELECT 1 FROM verdicts v WHERE v.session_id = s.id)').fetchone()[0])
print('folders', ' '.join(r[0] or '' for r in c.execute('SELECT folder FROM sessions')))
PY

# The next start, with room on the disk again: the call saved elsewhere must
# not come back from the full folder as an interrupted call.
rm -f "$data/filler"
"$app" --scenario tests/fixtures/call.yaml --trainee Sam --seed 3 --type-answers --no-briefing \
    --keys 0.3:esc --exit-after-call >/dev/null 2>"$work/next.err"
echo "$?" >"$work/next-rc.txt"
"$python" - "$data/history.sqlite" >"$work/next-history.txt" 2>&1 <<'PY'
import sqlite3, sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print('folders', ' '.join(r[0] or '' for r in c.execute('SELECT folder FROM sessions')))
PY
exit 0
