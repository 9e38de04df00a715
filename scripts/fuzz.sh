#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for a while.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 30 seconds, every Fuzz/Fuzz*.swift and Fuzz/Fuzz*.c
#   FUZZ_RUNS=N       also stop a target after N executions (the release run: FUZZ_RUNS=10000000, 7200 seconds)
#   FUZZ_KEEP=1       keep what a target's run adds to its corpus in fuzz-out/TARGET/corpus, so a later run resumes
#   FUZZ_RSS_MB=N     libFuzzer's RSS limit (default 2048)
#   FUZZ_OPT=-Onone   the optimization level (default -O). The test command's short smoke run uses -Onone: the layers
#                     build in a third of the time (54 s against about 160 s for FuzzCeremony's) and run about a third
#                     as many inputs a second; the long release run keeps -O.
# Each target's layers are compiled as static libraries with the same instrumentation; the seed corpus of a
# target is Fuzz/corpus/TARGET; what libFuzzer finds goes to fuzz-out/TARGET/ (crash-*, leak-*, timeout-*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=($(cd Fuzz && ls Fuzz*.swift Fuzz*.c | sed 's/\.swift$//; s/\.c$//'))
fi

# The layers each target needs, lowest first, and the C libraries they link.
layers_for() {
    case "$1" in
    FuzzCBOR) echo "DeterministicCBOR" ;;
    FuzzFROSTElements | FuzzSecp256k1) echo "FROST" ;;
    FuzzUR | FuzzMultipart) echo "DeterministicCBOR UniformResources" ;;
    FuzzCeremony | FuzzStateFile) echo "DeterministicCBOR UniformResources FROST SSKR Bitcoin Ceremony" ;;
    FuzzImage) echo "DeterministicCBOR UniformResources Optical" ;;
    FuzzSSKR) echo "DeterministicCBOR UniformResources FROST SSKR" ;;
    FuzzPSBT) echo "DeterministicCBOR UniformResources FROST Bitcoin" ;;
    *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}
c_flags=()
for shim in Sources/C*/; do c_flags+=(-I "$shim"); done
# Optical reads QR codes with zxing-cpp through ZXingShim, one C++ file with a C header (built below).
c_flags+=(-I Sources/ZXingShim/include)
# The optical libraries' headers live in their own directories (cairo, libpng16).
for flag in $(pkg-config --cflags-only-I cairo libpng zbar libqrencode 2>/dev/null); do c_flags+=(-Xcc "$flag"); done
libs=(-lsodium -lsecp256k1 -lz -lqrencode -lzbar -lZXing -lstdc++ -lcairo -lpng16 -ljpeg)
# ASan records the allocation stack of every malloc in a depot that never shrinks; the CBOR decoder's recursion
# makes new stacks without end (FuzzCBOR passed 1.5 GB at 3.7 million runs with 30 frames, 0.6 GB with 8).
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=8}
build=${FUZZ_BUILD:-.build-fuzz}  # FUZZ_BUILD picks another build directory
mkdir -p "$build"
# -enable-testing lets a target reach internal decoders (round payloads, nonce records) with @testable import.
flags=(${FUZZ_OPT:--O} -g -parse-as-library -enable-testing -package-name Heliograph -sanitize=fuzzer,address -I "$build" "${c_flags[@]}")

# Builds Sources/LAYER as a static library unless it is newer than its sources and those of the layers below it.
build_layer() {
    local layer=$1
    shift
    local out="$build/lib$layer.a"
    if [[ -f "$out" ]]; then
        # Up to date when no source of this layer or a lower one is newer. No `ls -t | head` here: under pipefail
        # head closing the pipe early kills ls with SIGPIPE (exit 141) once the file list outgrows one write.
        local stale=0 source
        for below in "$@" "$layer"; do
            for source in Sources/"$below"/*.swift; do
                if [[ "$source" -nt "$out" ]]; then stale=1; break 2; fi
            done
        done
        if ((stale == 0)); then return; fi
    fi
    swiftc "${flags[@]}" -module-name "$layer" -emit-library -static -emit-module \
        -emit-module-path "$build/$layer.swiftmodule" Sources/"$layer"/*.swift -o "$out"
}

# The zxing-cpp shim as a static library, with ASan like the rest (Optical's only C++).
build_zxing_shim() {
    local out="$build/libZXingShim.a"
    local source=Sources/ZXingShim/ZXingShim.cpp header=Sources/ZXingShim/include/ZXingShim.h
    if [[ -f "$out" && "$out" -nt "$source" && "$out" -nt "$header" ]]; then return; fi
    clang++ -O1 -g -std=c++17 -fsanitize=address -I Sources/ZXingShim/include $(pkg-config --cflags zxing) \
        -c "$source" -o "$build/ZXingShim.o"
    rm -f "$out"
    ar rcs "$out" "$build/ZXingShim.o"
}

status=0
for target in "${targets[@]}"; do
    if [[ -f "Fuzz/$target.c" ]]; then
        # Our own C gets UndefinedBehaviorSanitizer too (Swift code has its own overflow and bounds traps).
        clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I Sources/CJPEG \
            "Fuzz/$target.c" "${libs[@]}" -o "$build/$target" 2> >(grep -v "Cannot export local symbol" >&2)
    else
        archives=()
        below=()
        for layer in $(layers_for "$target"); do
            build_layer "$layer" "${below[@]}"
            below+=("$layer")
            archives=("$build/lib$layer.a" "${archives[@]}") # higher layers first, for the static linker
            if [[ "$layer" == Optical ]]; then
                build_zxing_shim
                archives+=("$build/libZXingShim.a")
            fi
        done
        swiftc "${flags[@]}" -module-name "$target" "Fuzz/$target.swift" "${archives[@]}" "${libs[@]}" \
            -o "$build/$target" 2> >(grep -v "Cannot export local symbol" >&2)
    fi
    mkdir -p "fuzz-out/$target" "Fuzz/corpus/$target"
    if [[ "${FUZZ_KEEP:-0}" == 1 ]]; then
        work="fuzz-out/$target/corpus"
        mkdir -p "$work"
    else
        work=$(mktemp -d)
    fi
    log="fuzz-out/$target/log.txt"
    run=("$build/$target")
    if "${run[@]}" -max_total_time="$seconds" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -malloc_limit_mb=512 -timeout=10 \
        -runs="${FUZZ_RUNS:--1}" -artifact_prefix="fuzz-out/$target/" -print_final_stats=1 "$work" "Fuzz/corpus/$target" >"$log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        peak=$(grep -m1 'stat::peak_rss_mb' "$log" | awk '{print $2}')
        took=$(grep -m1 -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | awk '{print $5}')
        echo "fuzz $target: ${runs:-?} executions in ${took:-$seconds}s, peak RSS ${peak:-?} MB, no crash"
    else
        echo "fuzz $target: FAILED, see $log"
        tail -40 "$log"
        status=1
    fi
    if [[ "${FUZZ_KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi
done
exit $status
