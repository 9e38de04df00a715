#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for a while.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 30 seconds, every Fuzz/Fuzz*.swift
# Each target's layers are compiled as static libraries with the same instrumentation; the seed corpus of a
# target is Fuzz/corpus/TARGET; what libFuzzer finds goes to fuzz-out/TARGET/ (crash-*, leak-*, timeout-*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=($(cd Fuzz && ls Fuzz*.swift | sed 's/\.swift$//'))
fi

# The layers each target needs, lowest first, and the C libraries they link.
layers_for() {
    case "$1" in
    FuzzCBOR) echo "DeterministicCBOR" ;;
    FuzzFROSTElements) echo "FROST" ;;
    FuzzUR | FuzzMultipart) echo "DeterministicCBOR UniformResources" ;;
    FuzzCeremony | FuzzStateFile) echo "DeterministicCBOR UniformResources FROST Ceremony" ;;
    FuzzImage) echo "DeterministicCBOR UniformResources Optical" ;;
    *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}
c_flags=()
for shim in Sources/C*/; do c_flags+=(-I "$shim"); done
# The optical libraries' headers live in their own directories (cairo, libpng16).
for flag in $(pkg-config --cflags-only-I cairo libpng zbar libqrencode 2>/dev/null); do c_flags+=(-Xcc "$flag"); done
libs=(-lsodium -lz -lqrencode -lzbar -lcairo -lpng16 -ljpeg)
build=${FUZZ_BUILD:-.build-fuzz}  # FUZZ_BUILD picks another build directory
mkdir -p "$build"
# -enable-testing lets a target reach internal decoders (round payloads, nonce records) with @testable import.
flags=(-O -g -parse-as-library -enable-testing -sanitize=fuzzer,address -I "$build" "${c_flags[@]}")

# Builds Sources/LAYER as a static library unless it is newer than its sources and those of the layers below it.
build_layer() {
    local layer=$1
    shift
    local out="$build/lib$layer.a"
    local newest sources=()
    for below in "$@" "$layer"; do sources+=(Sources/"$below"/*.swift); done
    newest=$(ls -t "${sources[@]}" | head -1)
    if [[ -f "$out" && "$out" -nt "$newest" ]]; then return; fi
    swiftc "${flags[@]}" -module-name "$layer" -emit-library -static -emit-module \
        -emit-module-path "$build/$layer.swiftmodule" Sources/"$layer"/*.swift -o "$out"
}

status=0
for target in "${targets[@]}"; do
    archives=()
    below=()
    for layer in $(layers_for "$target"); do
        build_layer "$layer" "${below[@]}"
        below+=("$layer")
        archives=("$build/lib$layer.a" "${archives[@]}") # higher layers first, for the static linker
    done
    swiftc "${flags[@]}" -module-name "$target" "Fuzz/$target.swift" "${archives[@]}" "${libs[@]}" \
        -o "$build/$target" 2> >(grep -v "Cannot export local symbol" >&2)
    mkdir -p "fuzz-out/$target" "Fuzz/corpus/$target"
    work=$(mktemp -d)
    log="fuzz-out/$target/log.txt"
    run=("$build/$target")
    # libjpeg's fatal errors end a sandbox thread with pthread_exit, which leaks the file's bytes and a few small
    # Swift objects per failed image (docs/SECURITY.md, findings 3); leak checks would stop FuzzImage at the first.
    if [[ "$target" == FuzzImage ]]; then
        run=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "${run[@]}")
    fi
    if "${run[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
        -artifact_prefix="fuzz-out/$target/" -print_final_stats=1 "$work" "Fuzz/corpus/$target" >"$log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        peak=$(grep -m1 'stat::peak_rss_mb' "$log" | awk '{print $2}')
        echo "fuzz $target: ${runs:-?} executions in ${seconds}s, peak RSS ${peak:-?} MB, no crash"
    else
        echo "fuzz $target: FAILED, see $log"
        tail -40 "$log"
        status=1
    fi
    rm -rf "$work"
done
exit $status
