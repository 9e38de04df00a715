#!/usr/bin/env bash
# Runs the test suite once under AddressSanitizer, then every libFuzzer target for a short while.
#   scripts/sanitize.sh [FUZZ_SECONDS] [TEST_FILTER]   defaults: 20 seconds per target, every test target but
#   the CLI's (SANITIZE_SKIP, default HeliographCLITests: those tests run the debug `heliograph` binary in child
#   processes, which is not instrumented, so under ASan they would only repeat the plain run at twice the cost)
# Budget (2 cores): see docs/SECURITY.md for the measured time of each part. Swift itself traps on integer
# overflow, out-of-bounds indexing and force-unwrapped nil in every build mode, so there is no UBSan step for Swift
# code; the C libraries we call (libsodium, libpng, libjpeg, zlib) come from Debian as built and are not
# re-instrumented, but ASan still checks every access our code makes to memory they hand back.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds=${1:-20}
filter=${2:-}
start=$SECONDS

# ASan keeps freed memory in quarantine and adds shadow memory; the memory-bound tests skip themselves under it.
# Leak checks are off for the test run only (the Swift Testing runner keeps its own allocations to the end); the
# fuzz targets run with libFuzzer's leak detection, which checks every input.
test_asan_options=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}
swift build --build-tests --sanitize=address --build-path .build-asan
filter_args=()
if [[ -n "$filter" ]]; then filter_args=(--filter "$filter"); fi
skip=${SANITIZE_SKIP-HeliographCLITests}
if [[ -n "$skip" ]]; then filter_args+=(--skip "$skip"); fi
ASAN_OPTIONS=$test_asan_options swift test --skip-build --sanitize=address --build-path .build-asan \
    "${filter_args[@]}"
echo "sanitize: ASan test run took $((SECONDS - start)) s"

fuzz_start=$SECONDS
scripts/fuzz.sh "$fuzz_seconds"
echo "sanitize: fuzzing took $((SECONDS - fuzz_start)) s; total $((SECONDS - start)) s"
