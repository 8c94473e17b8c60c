#!/usr/bin/env bash
# The commands of the README:
#   tools/bootstrap.sh run [SCENARIO]   install what is missing, build, start the simulator
#   tools/bootstrap.sh test             install what is missing, build, run the whole test suite
#   tools/bootstrap.sh package          install what is missing, build, make the Debian
#                                       package build/callcoach_VERSION_ARCH.deb
# Installs Debian packages with apt-get as root or through sudo; where neither
# works it prints the exact apt-get line and exits 69 (EX_UNAVAILABLE).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-}
[ $# -gt 0 ] && shift

die() { echo "callcoach: $*" >&2; exit "${code:-70}"; }

install_missing() {
    local want missing=()
    mapfile -t want < <(grep -v '^#' tools/packages.txt | sed '/^$/d')
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # npm: Debian's package, unless the installed nodejs brings its own (NodeSource's
    # does, and conflicts with Debian's npm).
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [ ${#missing[@]} -eq 0 ] && return 0
    local line="apt-get install -y --no-install-recommends ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            echo "callcoach: missing packages: ${missing[*]}: this user cannot install them; run as root:" >&2
            echo "  apt-get update && $line" >&2
            exit 69
        fi
    fi
    echo "callcoach: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q >&2 || code=69 die "apt-get update failed: check the network or the apt sources"
    $sudo $line >&2 || code=69 die "apt-get install failed: run '$line' by hand to see why"
}

build() {
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null \
        || code=70 die "cmake could not configure $dir: see the messages above"
    cmake --build "$dir" -j"$(nproc)" || code=70 die "the build in $dir failed: see the compiler messages above"
}

case "$mode" in
run)
    install_missing
    build build
    scenario=${1:-scenarios/rude-caller.yaml}
    [ $# -gt 0 ] && shift
    # The desktop window; without a display callcoach plays in the terminal.
    exec build/callcoach "$scenario" "$@"
    ;;
test)
    install_missing
    build build
    # Everything, including valgrind memcheck of the pure library (label valgrind)
    # and the replay of every fuzz corpus and past finding (label fuzz).
    (cd build && ctest --output-on-failure -j"$(nproc)")
    # The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
    # Not here: valgrind (it cannot run sanitized programs) and the real-time
    # end-to-end calls (label realtime: a live call paced by the audio clock
    # cannot keep time at the sanitizers' slowdown; they ran above).
    build build-asan -DCC_SANITIZE=ON
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j"$(nproc)" -LE 'valgrind|realtime')
    # Fuzzing: every libFuzzer target for a bounded time (100 s shared among
    # them, CC_FUZZ_BUDGET) in a clang build of its own; findings fail the run
    # (tests/fuzz/README.md).
    cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCC_FUZZ=ON >/dev/null \
        || code=70 die "cmake could not configure build-fuzz with clang: see the messages above"
    cmake --build build-fuzz -j"$(nproc)" --target fuzz_all \
        || code=70 die "the fuzz build in build-fuzz failed: see the compiler messages above"
    (cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz)
    ;;
package)
    install_missing
    build build
    (cd build && cpack -G DEB >/dev/null) || code=70 die "cpack could not make the package: run 'cd build && cpack -G DEB' to see why"
    deb=$(ls build/callcoach_*.deb)
    echo "$deb: install it with: sudo apt-get install ./$deb"
    ;;
*)
    echo "usage: tools/bootstrap.sh run [SCENARIO] | tools/bootstrap.sh test | tools/bootstrap.sh package" >&2
    exit 64
    ;;
esac
