#!/usr/bin/env bash
# Fetches the free-licensed photographs that `dpnp train` learns from (Debian packages, no root:
# `apt-get download`) into third_party_cache/ (git-ignored: images are never committed), and prepares
#   third_party_cache/training/train/  Plasma + MATE photographs, scikit-image's CC0/PD photographs
#   third_party_cache/training/test/   the held-out lomiri-wallpapers-16.04 photographs (centre crops)
#   third_party_cache/training/validation/  crops of the same photographs, disjoint from test/
#   third_party_cache/training/LICENSES.md  every image with its package and licence
# Usage: scripts/fetch_training_images.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/third_party_cache"
PYTHON="$ROOT/.venv/bin/python"
mkdir -p "$CACHE"
source "$ROOT/scripts/lib/debian_package.sh"
fetch() { fetch_package "$CACHE" "$1"; }
for package in plasma-workspace-wallpapers mate-backgrounds python3-skimage lomiri-wallpapers-16.04; do
  fetch "$package"
done
[[ -x "$PYTHON" ]] || "$ROOT/scripts/setup.sh" --no-build
"$PYTHON" -c "import PIL" 2>/dev/null || {
  echo "fetch_training_images: Pillow is missing from .venv; run scripts/setup.sh --no-build" >&2
  exit 1
}
"$PYTHON" "$ROOT/scripts/prepare_training_images.py" "$CACHE" "$CACHE/training"
