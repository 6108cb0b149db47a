#!/usr/bin/env bash
# GPU measurements (issue 5): tests, dpnp bench per network and precision, rank scaling on one GPU,
# and the largest image that fits. Runs from the repository root of a machine with one GPU, with the
# binaries of a CUDA build in build/ (see benchmarks/gpu/README.md). Results go to $OUT (or results/gpu).
# Usage: benchmarks/gpu/suite.sh STAGE...   (stages: info tests bench ddfb variants scaling maxsize)
set -uo pipefail
OUT=${OUT:-results/gpu}
mkdir -p "$OUT" /tmp/dpnp-bench
source benchmarks/gpu/env.sh ""
DPNP=build/src/dpnp
WEIGHTS=/tmp/dpnp-bench/weights
[[ -f $WEIGHTS/drunet.pth ]] || python3 benchmarks/make_random_weights.py $WEIGHTS >/dev/null

# A 3x1024x1024 test image (content does not change the speed) and larger ones for the memory search.
make_image() {  # make_image SIDE -> /tmp/dpnp-bench/img_SIDE.h5
  [[ -f /tmp/dpnp-bench/img_$1.h5 ]] || python3 - "$1" <<'PY'
import sys, h5py, numpy as np
n = int(sys.argv[1])
with h5py.File(f"/tmp/dpnp-bench/img_{n}.h5", "w") as f:
    f.create_dataset("x", data=np.random.default_rng(0).random((3, n, n), dtype=np.float32))
PY
}

bench() {  # bench NAME RANKS ARCH WEIGHTS SIDE EXTRA_SETS...
  local name=$1 ranks=$2 arch=$3 weights=$4 side=$5; shift 5
  make_image "$side"
  local sets=(--set truth.path=/tmp/dpnp-bench/img_$side.h5 --set run.device=cuda --set prior.type=$arch
              --set prior.weights=$weights --set sampler.init=zeros --set run.log_level=warn "$@")
  if [[ $ranks == 1 ]]; then
    timeout 300 $DPNP bench configs/demo.yaml "${sets[@]}" --warmup ${WARMUP:-5} --iterations ${ITERATIONS:-30} \
      --json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  else
    timeout 300 mpirun -n "$ranks" $DPNP bench configs/demo.yaml "${sets[@]}" --warmup ${WARMUP:-5} \
      --iterations ${ITERATIONS:-30} --json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  fi
  local rc=$?
  printf '%-34s rc=%-3s %s\n' "$name" "$rc" "$(grep -E '^iteration|^denoiser' "$OUT/$name.txt" | tr -s ' ' | tr '\n' ' ')"
}

for stage in "$@"; do
  case $stage in
    info)
      nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee "$OUT/device.txt"
      python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())' | tee -a "$OUT/device.txt"
      ldd "$DPNP-main" | grep -E "not found" ;;  # dpnp is a launcher; dpnp-main links LibTorch
    tests)
      export DPNP_SOURCE_DIR=$PWD DPNP_SHARED_DIR=$PWD/.device DPNP_BINARY_DIR=/tmp/dpnp-bench
      build/tests/gpu_test 2>&1 | tail -25 | tee "$OUT/gpu_test_np1.txt"
      mpirun -n 2 build/tests/gpu_test 2>&1 | tail -8 | tee "$OUT/gpu_test_np2.txt" ;;
    bench)
      for precision in fp32 tf32 bf16; do
        bench ddfb_k4_$precision 1 ddfb $WEIGHTS/ddfb_k4.pth 1024 --set prior.precision=$precision
        bench ddfb_k19_$precision 1 ddfb $WEIGHTS/ddfb_k19.pth 1024 --set prior.precision=$precision
        bench dncnn_$precision 1 dncnn $WEIGHTS/dncnn_20.pth 1024 --set prior.precision=$precision
        bench drunet_$precision 1 drunet $WEIGHTS/drunet.pth 1024 --set prior.precision=$precision
      done ;;
    ddfb)
      for precision in fp32 bf16; do
        bench ddfb_k4_$precision 1 ddfb $WEIGHTS/ddfb_k4.pth 1024 --set prior.precision=$precision
        bench ddfb_k19_$precision 1 ddfb $WEIGHTS/ddfb_k19.pth 1024 --set prior.precision=$precision
      done ;;
    variants)
      # What the fused kernels and the CUDA graph each bring.
      for precision in fp32 bf16; do
        bench ddfb_k19_${precision}_cudnn 1 ddfb $WEIGHTS/ddfb_k19.pth 1024 --set prior.precision=$precision --set prior.fused=false
        bench ddfb_k19_${precision}_nograph 1 ddfb $WEIGHTS/ddfb_k19.pth 1024 --set prior.precision=$precision --set prior.cuda_graph=false
      done
      bench dncnn_bf16_nograph 1 dncnn $WEIGHTS/dncnn_20.pth 1024 --set prior.precision=bf16 --set prior.cuda_graph=false
      bench drunet_bf16_nograph 1 drunet $WEIGHTS/drunet.pth 1024 --set prior.precision=bf16 --set prior.cuda_graph=false ;;
    scaling)
      # Ranks sharing the one GPU: strong (1024^2) and weak (1024^2 per rank) scaling of DDFB K=19.
      # halo.mode per_layer (38 exchanges per call at K = 19) against wide (one exchange of 38 rows, and
      # the denoiser replayed from a CUDA graph at every rank count).
      for ranks in 1 2 4; do
        for mode in per_layer wide; do
          bench strong_ddfb_k19_fp32_np${ranks}_$mode $ranks ddfb $WEIGHTS/ddfb_k19.pth 1024 --set prior.precision=fp32 \
            --set halo.mode=$mode
        done
      done
      bench weak_ddfb_k19_fp32_np2 2 ddfb $WEIGHTS/ddfb_k19.pth 1448 --set prior.precision=fp32
      bench weak_ddfb_k19_fp32_np4 4 ddfb $WEIGHTS/ddfb_k19.pth 2048 --set prior.precision=fp32 ;;
    maxsize)
      export WARMUP=1 ITERATIONS=3
      for side in 8192 12288 16384; do
        bench max_ddfb_k19_fp32_$side 1 ddfb $WEIGHTS/ddfb_k19.pth $side --set prior.precision=fp32
      done
      for side in 4096 8192 12288; do
        bench max_drunet_bf16_$side 1 drunet $WEIGHTS/drunet.pth $side --set prior.precision=bf16
      done
      unset WARMUP ITERATIONS ;;
  esac
done
