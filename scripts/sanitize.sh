#!/usr/bin/env bash
# Builds the test suite with AddressSanitizer + UndefinedBehaviorSanitizer in its own build
# directory (build-asan/, CPU only) and runs it. Extra arguments go to ctest, e.g. -L unit or
# -LE faults. Needs the project venv (.venv with the torch wheel): run scripts/setup.sh once first.
# docs/build.md ("Sanitizers") says what the options below are for.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="${DPNP_ASAN_BUILD_DIR:-build-asan}"
JOBS="${DPNP_JOBS:-$(nproc)}"
if [[ ! -x .venv/bin/python ]]; then
  echo "sanitize.sh: no .venv; run scripts/setup.sh first (it installs the packages and LibTorch)" >&2
  exit 2
fi

# RelWithDebInfo: -O2 keeps the suite's run time reasonable, -g gives readable reports. The CUDA
# kernels are left out: nvcc does not take -fsanitize, and the suite's GPU tests skip without a GPU.
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDPNP_ENABLE_SANITIZERS=ON \
      -DDPNP_ENABLE_CUDA=OFF -DDPNP_BUILD_BENCHMARKS=OFF
cmake --build "$BUILD_DIR" -j "$JOBS"

# LibTorch and Open MPI are not instrumented: their allocations at exit are not leaks of ours, and
# ASan cannot see their memory errors anyway. Everything in dpnp's own code still stops the test.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:protect_shadow_gap=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@"
