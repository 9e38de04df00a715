#!/usr/bin/env bash
# Installs the Debian packages Heliograph builds and tests against (run as root on Debian 12).
set -euo pipefail
packages=(pkg-config libsodium-dev libsecp256k1-dev zlib1g-dev libqrencode-dev libzbar-dev libzxing-dev libcairo2-dev libpng-dev
    libjpeg-dev poppler-utils ffmpeg librsvg2-bin python3-venv)
# node runs the offline HTML player's script in a test; any node on the PATH will do.
command -v node >/dev/null || packages+=(nodejs)
missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
