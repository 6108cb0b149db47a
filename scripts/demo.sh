#!/usr/bin/env bash
# The default demo: installs what is missing, builds, and runs configs/demo.yaml (TV inpainting of a
# 512x512 photograph) on 2 MPI ranks on the CPU. Writes results/demo.h5, PNG previews and the HTML
# report results/demo_report.html.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
BUILD_DIR="${DPNP_BUILD_DIR:-build}"
OMP_NUM_THREADS=1 scripts/mpirun.sh -n 2 "$BUILD_DIR/src/dpnp" sample configs/demo.yaml "$@"
"$BUILD_DIR/src/dpnp" report results/demo.h5 -o results/demo_report.html
echo "results: $(ls results/demo*)"
echo "report: $ROOT/results/demo_report.html (open it in a browser)"
