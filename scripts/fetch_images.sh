#!/usr/bin/env bash
# Fetches free-licensed photographs from Debian packages into third_party_cache/ (never committed)
# rebuilds the shipped demo image from its source, and writes the ground truths of configs/paper/
# (third_party_cache/paper/seeding_{256,1024,2048,2896,4096}.png). Needs apt-get (no root: `apt-get download`).
# Usage: scripts/fetch_images.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/third_party_cache"
mkdir -p "$CACHE"
source "$ROOT/scripts/lib/debian_package.sh"
fetch() { fetch_package "$CACHE" "$1"; }
fetch lomiri-wallpapers-16.04
"$ROOT/scripts/setup.sh" --no-build
"$ROOT/.venv/bin/python" "$ROOT/scripts/make_demo_image.py" "$CACHE/dandelion_512.png" "$CACHE/lomiri-wallpapers-16.04"
# configs/paper/ ground truths: the same CC0 photograph at 1024^2 to 4096^2 (and the shipped 256^2).
"$ROOT/.venv/bin/python" "$ROOT/scripts/make_paper_images.py" "$CACHE/lomiri-wallpapers-16.04" "$CACHE/paper"
if cmp -s "$CACHE/dandelion_512.png" "$ROOT/data/images/dandelion_512.png"; then
  echo "data/images/dandelion_512.png is reproduced exactly"
else
  echo "note: the rebuilt demo image differs from data/images/dandelion_512.png (Pillow version?)"
fi
