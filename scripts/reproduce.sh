#!/usr/bin/env bash
# Scaled-down reproduction of the papers' experiments: every task (Gaussian inpainting, Gaussian
# deblurring, Poisson deblurring) x prior (TV, DDFB, DnCNN, DRUNet) of configs/paper/ on the 256^2
# CC0 image data/images/seeding_256.png, on the CPU with 2 MPI ranks, then docs/results.md (the
# table) and docs/figures/ (truth | observation | MMSE | standard deviation per run).
#
#   scripts/reproduce.sh [--ranks-per-chain B] [--chains M] [--iterations N] [--burn-in K]
#                        [--chain-init same|dispersed] [--with-learned-cnns] [--only TASK_PRIOR ...]
#
# Every prior of a task runs the same chain: N iterations (default 6000), K of them burn-in
# (default N/3), M independent chains (default 2: run.chains) of B ranks each (default 1), all from
# the config's start (sampler.init) or over-dispersed (--chain-init dispersed: zeros and noise too,
# which needs far longer burn-ins; docs/results.md), so that every row has a pixel-wise R-hat, a
# pooled Monte-Carlo error and an ESS, and the table can say which differences exceed the
# Monte-Carlo error. DnCNN and DRUNet (20 full-width 64-channel convolutions, ~27x DDFB's cost per
# iteration on a CPU) only run with --with-learned-cnns (about 2.5 h of two cores at the defaults).
# Weights: DDFB is shipped; DnCNN is KAIR's dncnn_color_blind, taken from ../shared/reference
# (converted) or models/dncnn_color_blind.pth; DRUNet needs KAIR's drunet_color.pth in models/ (not
# downloadable here): rows without weights say so in the table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RANKS_PER_CHAIN=1
CHAINS=2
ITERATIONS=6000
BURN_IN=""
CHAIN_INIT=same
CNNS=0
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ranks-per-chain) RANKS_PER_CHAIN="$2"; shift 2 ;;
    --chains) CHAINS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    --burn-in) BURN_IN="$2"; shift 2 ;;
    --chain-init) CHAIN_INIT="$2"; shift 2 ;;
    --with-learned-cnns) CNNS=1; shift ;;
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

BURN_IN="${BURN_IN:-$(( ITERATIONS / 3 ))}"
RANKS=$(( RANKS_PER_CHAIN * CHAINS ))

for task in inpainting deblurring poisson; do
  for prior in tv ddfb dncnn drunet; do
    name="${task}_${prior}"
    if [[ ${#ONLY[@]} -gt 0 && ! " ${ONLY[*]} " =~ " $name " ]]; then continue; fi
    if [[ $CNNS == 0 && ( $prior == dncnn || $prior == drunet ) && ! " ${ONLY[*]} " =~ " $name " ]]; then
      echo "skip $name: learned CNNs need --with-learned-cnns"; echo "not run (--with-learned-cnns)" > "$OUT/$name.skipped"; continue
    fi
    weights=()
    case "$prior" in
      dncnn) [[ -f "$DNCNN" ]] || { echo "skip $name: no DnCNN weights ($DNCNN)"; echo "no weights here" > "$OUT/$name.skipped"; continue; }
             weights=(--set "prior.weights=$ROOT/$DNCNN") ;;
      drunet) [[ -f "$DRUNET" ]] || { echo "skip $name: no DRUNet weights ($DRUNET: KAIR's drunet_color.pth, models/README.md)"; echo "no weights here" > "$OUT/$name.skipped"; continue; }
              weights=(--set "prior.weights=$ROOT/$DRUNET") ;;
    esac
    rm -f "$OUT/$name.skipped"
    echo "== $name: $CHAINS chains x $ITERATIONS iterations ($BURN_IN burn-in) on $RANKS ranks"
    scripts/mpirun.sh -n "$RANKS" build/src/dpnp sample "configs/paper/${task}_${prior}_2048.yaml" \
      --set "truth.path=$ROOT/data/images/seeding_256.png" --set run.device=cpu --set run.threads=1 \
      --set "run.chains=$CHAINS" --set "sampler.chain_init=$CHAIN_INIT" \
      --set observation.blur_size=0 --set "sampler.iterations=$ITERATIONS" --set "sampler.burn_in=$BURN_IN" \
      --set sampler.keep_samples=0 --set "output.path=$OUT/$name.h5" --set output.checkpoint_every=0 \
      --set output.previews=false --set output.progress_every=250 "${weights[@]}" 2>&1 | tee "$OUT/$name.log"
  done
done
# The Poisson DDFB row once more with the denoiser level taken from the data's Poisson noise
# (prior.denoising_level_rule: data_noise) instead of the authors' fixed 0.05.
name=poisson_ddfb_datanoise
if [[ ${#ONLY[@]} -eq 0 || " ${ONLY[*]} " =~ " $name " ]]; then
  echo "== $name: $CHAINS chains x $ITERATIONS iterations ($BURN_IN burn-in) on $RANKS ranks"
  scripts/mpirun.sh -n "$RANKS" build/src/dpnp sample configs/paper/poisson_ddfb_2048.yaml \
    --set "truth.path=$ROOT/data/images/seeding_256.png" --set run.device=cpu --set run.threads=1 \
    --set "run.chains=$CHAINS" --set "sampler.chain_init=$CHAIN_INIT" \
    --set observation.blur_size=0 --set "sampler.iterations=$ITERATIONS" --set "sampler.burn_in=$BURN_IN" \
    --set prior.denoising_level=null --set prior.denoising_level_rule=data_noise \
    --set sampler.keep_samples=0 --set "output.path=$OUT/$name.h5" --set output.checkpoint_every=0 \
    --set output.previews=false --set output.progress_every=250 2>&1 | tee "$OUT/$name.log"
fi
.venv/bin/python scripts/results_table.py "$OUT" docs/results.md docs/figures
