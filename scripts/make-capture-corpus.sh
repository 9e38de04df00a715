#!/bin/sh
# Writes the scan benchmark's simulated camera captures (held-out seeds, 100 per tier, 1280x720 PGM) to a directory,
# for looking at them or feeding other scanners (zbarimg DIR/*.pgm). With --zxing, also builds the zxing-cpp
# reference driver (Debian's libzxing-dev) in /tmp and runs the scan benchmark with it as a third column.
# Usage: scripts/make-capture-corpus.sh [--zxing] [DIRECTORY]   (default directory: /tmp/heliograph-captures)
set -eu
zxing=no
if [ "${1:-}" = "--zxing" ]; then zxing=yes; shift; fi
out=${1:-/tmp/heliograph-captures}
mkdir -p "$out"
cd "$(dirname "$0")/.."
if [ "$zxing" = yes ]; then
    driver_dir=/tmp/heliograph-zxing
    mkdir -p "$driver_dir"
    # The driver reads PGM paths on stdin and prints "path<TAB>cpu-ms<TAB>texts..." (QR codes only).
    cat > "$driver_dir/driver.cpp" <<'CPP'
#include <ZXing/ReadBarcode.h>
#include <ZXing/TextUtfEncoding.h>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double cpuMs() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

int main() {
    std::string path;
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    while (std::getline(std::cin, path)) {
        std::ifstream in(path, std::ios::binary);
        std::string magic;
        int w = 0, h = 0, maxval = 0;
        in >> magic >> w >> h >> maxval;
        in.get();
        if (magic != "P5" || w <= 0 || h <= 0 || w > 16384 || h > 16384) { std::cout << path << "\t-1\n"; continue; }
        std::vector<unsigned char> pixels(size_t(w) * h);
        in.read(reinterpret_cast<char*>(pixels.data()), pixels.size());
        double start = cpuMs();
        auto results = ZXing::ReadBarcodes(ZXing::ImageView(pixels.data(), w, h, ZXing::ImageFormat::Lum), hints);
        double ms = cpuMs() - start;
        std::cout << path << "\t" << ms;
        for (auto& r : results) if (r.isValid()) std::cout << "\t" << ZXing::TextUtfEncoding::ToUtf8(r.text());
        std::cout << "\n" << std::flush;
    }
}
CPP
    g++ -O2 -std=c++17 -w "$driver_dir/driver.cpp" -o "$driver_dir/driver" -lZXing
    HELIOGRAPH_ZXING_DRIVER="$driver_dir/driver" HELIOGRAPH_DUMP_CAPTURES="$out" \
        swift run -c release HeliographBenchmarks scan
else
    HELIOGRAPH_DUMP_CAPTURES="$out" swift run -c release HeliographBenchmarks scan
fi
echo "captures in $out (TIER-SEED.pgm)"
