#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole CTest suite (unit and MPI tests at 1-4 ranks).
# GPU tests skip with a reason on machines without a GPU. Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
BUILD_DIR="${DPNP_BUILD_DIR:-build}"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${DPNP_JOBS:-$(nproc)}" "$@"
