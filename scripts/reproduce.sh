#!/usr/bin/env bash
# Scaled-down reproduction of the papers' experiments: every task (Gaussian inpainting, Gaussian
# deblurring, Poisson deblurring) x prior (TV, DDFB, DnCNN, DRUNet) of configs/paper/ on the 256^2
# CC0 image data/images/seeding_256.png, on the CPU with 2 MPI ranks, then docs/results.md (the
# table) and docs/figures/ (truth | observation | MMSE | standard deviation per run).
#
#   scripts/reproduce.sh [--ranks B] [--scale S] [--only TASK_PRIOR ...]
#
# --scale multiplies every chain length (default 1: TV 3000, DDFB 1500, DnCNN 600 iterations, a
# quarter of each as burn-in). Weights: DDFB is shipped; DnCNN is KAIR's dncnn_color_blind, taken
# from ../shared/reference (converted) or models/dncnn_color_blind.pth; DRUNet needs KAIR's
# drunet_color.pth in models/ (not downloadable here): rows without weights say so in the table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RANKS=2
SCALE=1
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ranks) RANKS="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --only) ONLY+=("$2"); shift 2 ;;
    *) echo "reproduce.sh: unknown argument '$1' (see the header of scripts/reproduce.sh)" >&2; exit 2 ;;
  esac
done
[[ -x build/src/dpnp ]] || scripts/setup.sh
OUT=results/reproduce
mkdir -p "$OUT/weights"

DNCNN=models/dncnn_color_blind.pth
if [[ ! -f "$DNCNN" && -f ../shared/reference/dncnn_nch3_kair_legacy.pth ]]; then
  DNCNN="$OUT/weights/dncnn_color_blind.pth"
  [[ -f "$DNCNN" ]] || .venv/bin/python scripts/convert_weights.py ../shared/reference/dncnn_nch3_kair_legacy.pth "$DNCNN" --arch dncnn
fi
DRUNET=models/drunet_color.pth

iterations() {  # iterations PRIOR
  case "$1" in tv) echo 3000 ;; ddfb) echo 1500 ;; *) echo 600 ;; esac
}

for task in inpainting deblurring poisson; do
  for prior in tv ddfb dncnn drunet; do
    name="${task}_${prior}"
    if [[ ${#ONLY[@]} -gt 0 && ! " ${ONLY[*]} " =~ " $name " ]]; then continue; fi
    weights=()
    case "$prior" in
      dncnn) [[ -f "$DNCNN" ]] || { echo "skip $name: no DnCNN weights ($DNCNN)"; echo "no weights" > "$OUT/$name.skipped"; continue; }
             weights=(--set "prior.weights=$ROOT/$DNCNN") ;;
      drunet) [[ -f "$DRUNET" ]] || { echo "skip $name: no DRUNet weights ($DRUNET: KAIR's drunet_color.pth, models/README.md)"; echo "no weights" > "$OUT/$name.skipped"; continue; }
              weights=(--set "prior.weights=$ROOT/$DRUNET") ;;
    esac
    rm -f "$OUT/$name.skipped"
    its=$(( $(iterations "$prior") * SCALE ))
    echo "== $name: $its iterations on $RANKS ranks"
    scripts/mpirun.sh -n "$RANKS" build/src/dpnp sample "configs/paper/${task}_${prior}_2048.yaml" \
      --set "truth.path=$ROOT/data/images/seeding_256.png" --set run.device=cpu \
      --set observation.blur_size=0 --set "sampler.iterations=$its" --set "sampler.burn_in=$(( its / 4 ))" \
      --set sampler.keep_samples=0 --set "output.path=$OUT/$name.h5" --set output.checkpoint_every=0 \
      --set output.previews=false --set output.progress_every=250 "${weights[@]}" 2>&1 | tee "$OUT/$name.log"
  done
done
.venv/bin/python scripts/results_table.py "$OUT" docs/results.md docs/figures
