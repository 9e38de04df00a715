#!/usr/bin/env bash
# Runs the Heliograph demo: a whole 2-of-3 key generation and one signature between simulated devices, every
# message carried only by QR frames (rendered, photographed by a simulated camera, partly lost, scanned back).
# Extra arguments go to `heliograph demo` (e.g. --json, --clean, --suite ristretto255, --threshold 3 --participants 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product heliograph
exec .build/release/heliograph demo --out demo-out "$@"
