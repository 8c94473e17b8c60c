#!/usr/bin/env bash
# Fuzzes one target for a long while, outside ctest (tests/fuzz/README.md):
#   tests/fuzz/longrun.sh BUILD_DIR TARGET SECONDS [libFuzzer options...]
# BUILD_DIR is a build configured with CC=clang -DCC_FUZZ=ON. The corpus grows
# in BUILD_DIR/tests/fuzz/longrun/TARGET (seeded from corpus/ and regressions/,
# never written back); crashes, leaks and timeouts land in
# BUILD_DIR/tests/fuzz/longrun/artifacts-TARGET/; the log in
# BUILD_DIR/tests/fuzz/longrun/TARGET.log. Exits non-zero on a finding.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 BUILD_DIR TARGET SECONDS [libFuzzer options...]" >&2; exit 64; }
build=$1 target=$2 seconds=$3
shift 3
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$build/tests/fuzz/fuzz_$target
[ -x "$bin" ] || { echo "$0: no $bin: configure $build with CC=clang -DCC_FUZZ=ON and build it" >&2; exit 66; }
case $target in
standard|scenario) dict=yaml.dict ;;
take) dict=take.dict ;;
course) dict=course.dict ;;
wav) dict=wav.dict ;;
session) dict=session.dict ;;
*) dict=text.dict ;;
esac
out=$build/tests/fuzz/longrun
mkdir -p "$out/$target" "$out/artifacts-$target"
find "$src/corpus/$target" "$src/regressions/$target" -maxdepth 1 -type f ! -name '.*' \
    -exec cp -f {} "$out/$target/" \;
set +e
"$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 \
    -dict="$src/dict/$dict" -artifact_prefix="$out/artifacts-$target/" "$@" \
    "$out/$target" >"$out/$target.log" 2>&1
rc=$?
set -e
grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$out/$target.log" || true
ls "$out/artifacts-$target" 2>/dev/null | sed 's/^/finding: /'
exit $rc
