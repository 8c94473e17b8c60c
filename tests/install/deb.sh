#!/bin/bash
# The Debian package: CPack builds it from the build folder; its Depends name
# the libraries and the data the programs need, which apt can satisfy here
# (simulated: nothing on the system changes); unpacked into a scratch root, it
# holds the programs, their data, the menu entry, the icon, the AppStream
# metadata and the man pages where Debian looks for them, and the unpacked
# programs run on the data installed beside them.
# usage: deb.sh BUILD_DIR WORK_DIR METAINFO_NAME
set -u
build=$1 work=$2 metainfo=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }
rm -rf "$work"
mkdir -p "$work"

if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  echo "FAIL: cpack could not make the package"
  exit 1
fi
debs=("$work"/pkg/callcoach_*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: no single callcoach_*.deb in $work/pkg"; exit 1; }
deb=${debs[0]}
echo "made $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# Depends: the shared libraries (found by dpkg-shlibdeps) and the data opened
# at run time.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for need in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libespeak-ng1 libpocketsphinx3 \
            libsphinxbase3 libsndfile1 libsamplerate0 libsqlite3-0 libyaml-0-2 libc6 \
            espeak-ng-data pocketsphinx-en-us fonts-dejavu-core; do
  [[ ", $depends," =~ [\ ,]$need[\ ,] ]] || bad "Depends does not name $need"
done
# apt can install it with what this Debian has (a simulation: -s changes nothing).
if ! apt-get -s -o Debug::NoLocking=1 install "$deb" >"$work/apt.log" 2>&1 ||
   ! grep -q "^Inst callcoach " "$work/apt.log"; then
  cat "$work/apt.log"
  bad "apt-get install $(basename "$deb") would not install"
fi

# Only the product, and each part where Debian looks for it.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$work/files"
grep -v '/$' "$work/files" | grep -Ev '^usr/(bin/callcoach(-lint|-score|-graph|-report)?|share/(callcoach|doc/callcoach|man/man1)/.*|share/applications/callcoach\.desktop|share/icons/hicolor/scalable/apps/callcoach\.svg|share/metainfo/'"${metainfo//./\\.}"')$' |
  sed 's/^/unexpected file in the package: /' | grep . && fail=1
root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/callcoach usr/bin/callcoach-lint usr/bin/callcoach-score usr/bin/callcoach-graph \
         usr/bin/callcoach-report usr/share/callcoach/scenarios/standard.yaml \
         usr/share/callcoach/scenarios/course.yaml usr/share/callcoach/assets/conversation.txt \
         usr/share/callcoach/schema/scenario.schema.json usr/share/applications/callcoach.desktop \
         usr/share/icons/hicolor/scalable/apps/callcoach.svg "usr/share/metainfo/$metainfo" \
         usr/share/doc/callcoach/authoring.md; do
  [ -e "$root/$f" ] || bad "the package has no /$f"
done
for prog in callcoach callcoach-lint callcoach-score callcoach-graph callcoach-report; do
  [ -e "$root/usr/share/man/man1/$prog.1" ] || [ -e "$root/usr/share/man/man1/$prog.1.gz" ] ||
    bad "the package has no man page for $prog"
done

# The unpacked programs, with no hint of where the data is: they must find the
# data installed beside them (bin/../share/callcoach), not the source tree.
unset CALLCOACH_DATA_DIR
export CALLCOACH_HOME=$work/home
bin=$root/usr/bin data=$root/usr/share/callcoach
run() {  # run EXPECTED_STATUS COMMAND...: the output goes to $work/out
  local want=$1; shift
  "$@" >"$work/out" 2>&1
  local rc=$?
  [ $rc = "$want" ] || { cat "$work/out"; bad "$* exited $rc, expected $want"; return 1; }
}
for prog in callcoach callcoach-lint callcoach-score callcoach-graph callcoach-report; do
  run 0 "$bin/$prog" --version && grep -qx "$prog $(dpkg-deb -f "$deb" Version)" "$work/out" ||
    bad "$prog --version does not say the package's version: $(cat "$work/out")"
done
run 0 "$bin/callcoach-lint" "$data/scenarios/standard.yaml"
run 0 "$bin/callcoach-lint" --test "$data"/scenarios/*.yaml "$data/scenarios/ru/rude-caller-ru.yaml" &&
  tail -1 "$work/out" | grep -q " 0 failed$" || bad "the installed scenarios' tests: $(tail -1 "$work/out")"
run 0 "$bin/callcoach-score" "$data/scenarios/rude-caller.yaml" \
  "$data/scenarios/takes/rude-caller/model.take" && grep -q "PASSED" "$work/out" ||
  bad "the installed model take of rude-caller did not pass: $(cat "$work/out")"
# A scenario with no standard beside it is checked against the installed one,
# and lint names it.
mkdir -p "$work/alone"
sed 's/expect: \[greeting, company/expect: [greeting, no-such-rule, company/' \
  "$data/scenarios/rude-caller.yaml" >"$work/alone/rude-caller.yaml"
run 65 "$bin/callcoach-lint" "$work/alone/rude-caller.yaml" &&
  grep -q "checked against standard '.*' ($(realpath "$data")/scenarios/standard.yaml)" "$work/out" ||
  bad "lint of a lone scenario did not use the installed standard: $(cat "$work/out")"
# The simulator in the terminal: a trainee types the model answers of an
# installed call; the call is scored and recorded into the history, which
# callcoach-report reads, suggesting the next drill from the installed calls.
{ echo; sed -n 's/^say "\(.*\)"$/\1/p' "$data/scenarios/takes/small-request/model.take"; } >"$work/typed"
run 0 "$bin/callcoach" --text --trainee Alex --seed 1 "$data/scenarios/small-request.yaml" <"$work/typed" &&
  grep -q "^Score: 100/100, PASSED" "$work/out" || bad "callcoach --text: $(tail -3 "$work/out")"
run 0 "$bin/callcoach-report" && grep -q "small-request .* passed" "$work/out" &&
  grep -q "next drill: " "$work/out" || bad "callcoach-report: $(cat "$work/out")"

[ $fail = 0 ] && echo "the package installs and its programs run on their installed data"
exit $fail
