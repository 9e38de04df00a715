#!/usr/bin/env bash
# The test command: installs what it needs, builds, runs every test, runs the tests again under
# AddressSanitizer with each fuzz target for a short while, and checks every vector.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
bash scripts/sanitize.sh "${HELIOGRAPH_FUZZ_SECONDS:-5}"
.build/debug/heliograph vectors verify Vectors
