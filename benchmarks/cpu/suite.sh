#!/usr/bin/env bash
# CPU measurements on this kind of machine (issue 3): seconds per PnP-ULA inpainting iteration at
# 3x512^2 for DDFB K=4 (the shipped weights), DnCNN (20 layers) and DRUNet at B = 1 (2 threads) and
# B = 2 (1 thread each), and the peak resident memory per rank at 3x1024^2, B = 1. Weights of DnCNN
# and DRUNet are random (speed and memory do not depend on their values).
# Stage setup: DDFB set-up time (weights, steps, observation, before the first iteration) and minor
# page faults, set-up and per iteration, at 3x512^2, 3x1024^2 and 3x2048^2, one rank, one thread;
# SETUP_SIDES overrides the sizes.
# Stage halo: halo.mode per_layer against wide (one exchange per denoiser call), interleaved twice, for
# DDFB K=4 at B = 2 and B = 4 (oversubscribed) and DnCNN at B = 2, one thread per rank; then what
# auto chooses at B = 2 (its measurement is in the .txt).
# Usage: benchmarks/cpu/suite.sh STAGE...   (stages: speed ddfb memory demo setup halo); results in $OUT (results/cpu)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT=${OUT:-results/cpu}
SCRATCH=${SCRATCH:-/tmp/dpnp-bench-cpu}
mkdir -p "$OUT" "$SCRATCH"
DPNP=${DPNP:-build/src/dpnp}   # another build's binary (e.g. a baseline) for side-by-side rows
PREFIX=${PREFIX:-}             # prefix of the result names, to keep a baseline's rows apart
WEIGHTS=$SCRATCH/weights
[[ -f $WEIGHTS/drunet.pth ]] || .venv/bin/python benchmarks/make_random_weights.py "$WEIGHTS" >/dev/null

image() {  # image SIDE: the demo photograph tiled to SIDE^2 (content does not change the speed)
  [[ -f $SCRATCH/img_$1.h5 ]] || .venv/bin/python - "$1" "$SCRATCH" <<'PY'
import sys, h5py, numpy as np
from PIL import Image
n, out = int(sys.argv[1]), sys.argv[2]
x = np.asarray(Image.open("data/images/dandelion_512.png").convert("RGB"), np.float32).transpose(2, 0, 1) / 255
reps = -(-n // 512)
with h5py.File(f"{out}/img_{n}.h5", "w") as f:
    f["x"] = np.tile(x, (1, reps, reps))[:, :n, :n]
PY
}

bench() {  # bench NAME RANKS THREADS ARCH WEIGHTS SIDE WARMUP ITERATIONS [EXTRA --set ...]
  local name=$PREFIX$1 ranks=$2 threads=$3 arch=$4 weights=$5 side=$6 warmup=$7 iterations=$8
  shift 8
  image "$side"
  local command=(scripts/mpirun.sh -n "$ranks" $DPNP bench configs/demo.yaml --set truth.path=$SCRATCH/img_$side.h5
                 --set prior.type=$arch --set prior.weights=$weights --set run.threads=$threads
                 --set run.log_level=warn --warmup "$warmup" --iterations "$iterations" --json "$OUT/$name.json" "$@")
  echo "\$ ${command[*]}" > "$OUT/$name.txt"
  "${command[@]}" >> "$OUT/$name.txt" 2>&1
  printf '%-24s rc=%-3s %s\n' "$name" "$?" "$(.venv/bin/python -c "
import json,sys; d=json.load(open('$OUT/$name.json'))
print(f\"{d['iteration_ms']['median']/1000:.3f} s/iter (p10 {d['iteration_ms']['p10']/1000:.3f}, p90 {d['iteration_ms']['p90']/1000:.3f}), denoiser {d['phases_ms']['denoiser']['median']/1000:.3f} s, peak RSS {d['peak_host_mb']:.0f} MB/rank\")" 2>/dev/null)"
}

for stage in "$@"; do
  case $stage in
    speed)
      bench ddfb_512_b1 1 2 ddfb models/ddfb_c3_k4_f64.pth 512 3 20
      bench ddfb_512_b2 2 1 ddfb models/ddfb_c3_k4_f64.pth 512 3 20
      bench dncnn_512_b1 1 2 dncnn $WEIGHTS/dncnn_20.pth 512 1 4
      bench dncnn_512_b2 2 1 dncnn $WEIGHTS/dncnn_20.pth 512 1 4
      bench drunet_512_b1 1 2 drunet $WEIGHTS/drunet.pth 512 1 3
      bench drunet_512_b2 2 1 drunet $WEIGHTS/drunet.pth 512 1 3 ;;
    ddfb)
      bench ddfb_512_b1 1 2 ddfb models/ddfb_c3_k4_f64.pth 512 3 20
      bench ddfb_512_b2 2 1 ddfb models/ddfb_c3_k4_f64.pth 512 3 20
      bench ddfb_512_b1_convolutions 1 2 ddfb models/ddfb_c3_k4_f64.pth 512 3 20 --set prior.fused=false
      bench ddfb_1024_mem 1 2 ddfb models/ddfb_c3_k4_f64.pth 1024 1 3 ;;
    memory)
      bench ddfb_1024_mem 1 2 ddfb models/ddfb_c3_k4_f64.pth 1024 1 3
      bench dncnn_1024_mem 1 2 dncnn $WEIGHTS/dncnn_20.pth 1024 1 1
      bench drunet_1024_mem 1 2 drunet $WEIGHTS/drunet.pth 1024 1 1 ;;
    demo)
      for ranks in 1 2; do
        threads=$(( 2 / ranks ))
        command=(scripts/mpirun.sh -n $ranks $DPNP bench configs/demo.yaml --set run.threads=$threads --warmup 20
                 --iterations 200 --json "$OUT/demo_b$ranks.json")
        echo "\$ ${command[*]}" > "$OUT/demo_b$ranks.txt"
        "${command[@]}" >> "$OUT/demo_b$ranks.txt" 2>&1
        printf 'demo B=%s: %s\n' $ranks "$(grep -E '^iteration' "$OUT/demo_b$ranks.txt")"
      done ;;
    setup)
      for side in ${SETUP_SIDES:-512 1024 2048}; do
        bench setup_ddfb_$side 1 1 ddfb models/ddfb_c3_k4_f64.pth "$side" 1 2
        printf '  %s\n' "$(grep -E '^set-up' "$OUT/${PREFIX}setup_ddfb_$side.txt")"
      done ;;
    halo)
      for round in 1 2; do
        for mode in per_layer wide; do
          bench halo_ddfb_512_b2_${mode}_$round 2 1 ddfb models/ddfb_c3_k4_f64.pth 512 3 20 --set halo.mode=$mode
          bench halo_ddfb_512_b4_${mode}_$round 4 1 ddfb models/ddfb_c3_k4_f64.pth 512 2 10 --set halo.mode=$mode
          bench halo_dncnn_512_b2_${mode}_$round 2 1 dncnn $WEIGHTS/dncnn_20.pth 512 1 3 --set halo.mode=$mode
        done
      done
      bench halo_ddfb_512_b2_auto 2 1 ddfb models/ddfb_c3_k4_f64.pth 512 1 3 --set halo.mode=auto --set run.log_level=info
      printf '  %s\n' "$(grep -E 'halo.mode auto' "$OUT/${PREFIX}halo_ddfb_512_b2_auto.txt")" ;;
    *) echo "suite.sh: unknown stage '$stage' (speed ddfb memory demo setup halo)" >&2; exit 2 ;;
  esac
done
