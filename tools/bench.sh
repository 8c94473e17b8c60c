#!/usr/bin/env bash
# Runs the benchmarks in bench/ (several runs each; percentiles and ratios,
# never pass/fail) on a release build and prints their tables in Markdown.
#   tools/bench.sh            print the tables
#   tools/bench.sh --readme   also put them into README.md between the bench markers
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
out=$(mktemp)
{
    echo "Measured on $(nproc) cores, $(date -u +%Y-%m-%d), with \`tools/bench.sh\`."
    echo
    for b in bench_engine bench_tts bench_asr bench_listen bench_hear; do
        if [ -x "build-bench/bench/$b" ]; then
            echo "**$b**"
            echo
            "build-bench/bench/$b"
            echo
        fi
    done
} | tee "$out"
if [ "${1:-}" = "--readme" ]; then
    python3 - "$out" <<'PY'
import re, sys
table = open(sys.argv[1]).read().strip()
readme = open("README.md").read()
new = re.sub(r"(<!-- bench:start -->\n).*?(\n<!-- bench:end -->)",
             lambda m: m.group(1) + table + m.group(2), readme, flags=re.S)
open("README.md", "w").write(new)
PY
fi
rm -f "$out"
