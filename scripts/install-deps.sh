#!/usr/bin/env bash
# Installs the Debian packages Heliograph builds and tests against (run as root on Debian 12).
set -euo pipefail
packages=(pkg-config libsodium-dev zlib1g-dev libqrencode-dev libzbar-dev libcairo2-dev libpng-dev libjpeg-dev
    poppler-utils ffmpeg librsvg2-bin)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
