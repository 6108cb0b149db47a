#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu packages, the project venv with LibTorch) and builds dpnp.
# Idempotent and fast when everything is there. Used by scripts/demo.sh and scripts/test.sh.
#
# Environment:
#   Torch_DIR=/path/to/libtorch/share/cmake/Torch  use this LibTorch instead of the venv's
#   DPNP_BUILD_DIR (default: build)                   where to build
#   DPNP_CMAKE_ARGS                                   extra CMake arguments (e.g. -DDPNP_ENABLE_CUDA=OFF)
#   DPNP_SKIP_APT=1                                   do not touch system packages
# Usage: scripts/setup.sh [--no-build]   (--no-build: packages and venv only)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="${DPNP_BUILD_DIR:-build}"
log() { printf '[setup] %s\n' "$*" >&2; }

# --- 1. System packages ----------------------------------------------------------------------
APT_PACKAGES=(
  g++ make cmake git python3 python3-venv
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev
  libyaml-cpp-dev libcli11-dev librandom123-dev libstb-dev libspdlog-dev libfmt-dev
  libgtest-dev libcfitsio-dev libtiff-dev
)
if [[ "${DPNP_SKIP_APT:-0}" != 1 ]] && command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# --- 2. Project venv with LibTorch (the PyPI torch wheel) ------------------------------------
REQ="scripts/requirements.txt"
STAMP=".venv/.dpnp-requirements"
if [[ ! -x .venv/bin/python ]] || ! cmp -s "$REQ" "$STAMP"; then
  PYTHON="${DPNP_PYTHON:-python3}"
  if [[ ! -x .venv/bin/python ]]; then
    log "creating .venv with $($PYTHON --version 2>&1)"
    "$PYTHON" -m venv .venv
  fi
  log "installing Python packages from $REQ (LibTorch comes with torch; ~4.5 GB, 1-2 min on a fast mirror)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -r "$REQ"
  cp "$REQ" "$STAMP"
fi

[[ "${1:-}" == "--no-build" ]] && exit 0

# --- 3. Configure and build -------------------------------------------------------------------
CMAKE_ARGS=(-DCMAKE_BUILD_TYPE=Release)
[[ -n "${Torch_DIR:-}" ]] && CMAKE_ARGS+=("-DTorch_DIR=${Torch_DIR}")
# shellcheck disable=SC2206
[[ -n "${DPNP_CMAKE_ARGS:-}" ]] && CMAKE_ARGS+=(${DPNP_CMAKE_ARGS})
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  log "configuring $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" "${CMAKE_ARGS[@]}" >"$BUILD_DIR.configure.log" 2>&1 || {
    cat "$BUILD_DIR.configure.log" >&2
    exit 1
  }
fi
JOBS="${DPNP_JOBS:-$(nproc)}"
log "building in $BUILD_DIR with $JOBS jobs"
cmake --build "$BUILD_DIR" -j "$JOBS"
