#!/usr/bin/env bash
# The test command: installs what it needs, builds, runs every test and checks every vector.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
.build/debug/heliograph vectors verify Vectors
