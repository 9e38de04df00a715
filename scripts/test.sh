#!/usr/bin/env bash
# The test command: installs what it needs, builds, runs every test, runs the tests again under
# AddressSanitizer with each fuzz target for a short while, and checks every vector.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# embit (PyPI) is the other Bitcoin implementation a test builds PSBTs with; without network that test is skipped and
# says so.
if ! .build/embit/bin/python3 -c "import embit" 2>/dev/null; then
    { python3 -m venv .build/embit && .build/embit/bin/pip install -q embit==0.8.0; } >/dev/null 2>&1 ||
        echo "embit could not be installed: the embit cross-check will be skipped" >&2
fi
swift build --build-tests
swift test --skip-build
# The fuzz smoke run builds its targets unoptimized (scripts/fuzz.sh, FUZZ_OPT): minutes of -O compiling for 5 seconds
# of fuzzing each would be most of the test command's time.
FUZZ_OPT=${FUZZ_OPT:--Onone} bash scripts/sanitize.sh "${HELIOGRAPH_FUZZ_SECONDS:-5}"
.build/debug/heliograph vectors verify Vectors
