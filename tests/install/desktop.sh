#!/bin/bash
# The menu entry and the AppStream metadata pass the freedesktop.org and
# AppStream validators with no error, warning or hint, and the icon is an SVG
# the metadata's launchable and the entry agree on.
# usage: desktop.sh DESKTOP_FILE METAINFO_FILE ICON_SVG
set -u
desktop=$1 metainfo=$2 icon=$3
for tool in desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null ||
    { echo "$tool is not installed: install it (tools/packages.txt)"; exit 1; }
done
fail=0
out=$(desktop-file-validate "$desktop" 2>&1) || fail=1
[ -z "$out" ] || { echo "desktop-file-validate $desktop:"; echo "$out"; fail=1; }
appstreamcli validate --no-net --pedantic "$metainfo" || fail=1
# The launchable names the entry; the entry names the icon by its file's name.
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" ||
  { echo "$metainfo: its launchable is not $(basename "$desktop")"; fail=1; }
grep -qx "Icon=$(basename "$icon" .svg)" "$desktop" ||
  { echo "$desktop: Icon= is not $(basename "$icon" .svg)"; fail=1; }
head -c 200 "$icon" | grep -q "<svg\|<?xml" || { echo "$icon: not an SVG"; fail=1; }
[ $fail = 0 ] && echo "the menu entry, the AppStream metadata and the icon are valid"
exit $fail
