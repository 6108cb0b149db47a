#!/usr/bin/env bash
# The authors' own 180^2 experiments, like for like: their experiment files, their 180x180 image and
# their trained DDFB (K=4), read from a folder you name (on this project's machines
# ../shared/reference, from maxime-bouton/cards; GPL-3.0, so nothing of it enters the repository:
# the generated configs and results stay under results/, and no figure is written). Every task x
# {TV, DDFB} at the authors' chain length (5000 iterations, their burn-in) times --scale, as two
# independent chains (run.chains) for R-hat and the Monte-Carlo error; the table goes between the
# authors180 markers of docs/results.md.
#
#   scripts/reproduce_authors_180.sh REFERENCE_DIR [--scale S] [--chains M]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REFERENCE="${1:-}"
[[ -n "$REFERENCE" ]] || { echo "reproduce_authors_180.sh: give the folder with cards_180.h5, ddfb_nch3_nla4_nfe64.pth and cards-configs/ (e.g. ../shared/reference)" >&2; exit 2; }
shift
SCALE=1
CHAINS=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --chains) CHAINS="$2"; shift 2 ;;
    *) echo "reproduce_authors_180.sh: unknown argument '$1' (see the header of the script)" >&2; exit 2 ;;
  esac
done
REFERENCE="$(cd "$REFERENCE" && pwd)"
for f in cards_180.h5 ddfb_nch3_nla4_nfe64.pth cards-configs; do
  [[ -e "$REFERENCE/$f" ]] || { echo "reproduce_authors_180.sh: $REFERENCE/$f is missing; give the folder of the authors' reference files" >&2; exit 2; }
done
[[ -x build/src/dpnp ]] || scripts/setup.sh
OUT=results/authors_180
mkdir -p "$OUT/configs"
# The configs from the authors' JSON files by the same code as configs/paper/ (scripts/make_paper_configs.py).
.venv/bin/python - "$REFERENCE/cards-configs" "$OUT/configs" <<'PY'
import json, sys
from pathlib import Path
sys.path.insert(0, "scripts")
import make_paper_configs as m
cards, out = Path(sys.argv[1]), Path(sys.argv[2])
for task, (name, _, _) in m.TASKS.items():
    for prior, kind in (("tv", "tv"), ("ddfb", "pnp")):
        cards_name = f"{task}__config_180_{kind}.json"
        source = json.loads((cards / cards_name).read_text())
        (out / f"{name}_{prior}_180.yaml").write_text(m.config_for(task, prior, 180, source, cards_name))
PY
CPR=1
for task in inpainting deblurring poisson; do
  for prior in tv ddfb; do
    name="${task}_${prior}"
    config="$OUT/configs/${name}_180.yaml"
    its=$(awk '/iterations:/{print $2}' "$config")
    burn=$(awk '/burn_in:/{print $2}' "$config")
    its=$(( its * SCALE )); burn=$(( burn * SCALE ))
    extra=()
    [[ $prior == ddfb ]] && extra=(--set "prior.weights=$REFERENCE/ddfb_nch3_nla4_nfe64.pth")
    echo "== $name (the authors' 180^2): $CHAINS chains x $its iterations ($burn burn-in)"
    scripts/mpirun.sh -n $(( CHAINS * CPR )) build/src/dpnp sample "$config" \
      --set "truth.path=$REFERENCE/cards_180.h5" --set truth.dataset=/x --set run.device=cpu --set run.threads=1 \
      --set "run.chains=$CHAINS" --set "sampler.iterations=$its" --set "sampler.burn_in=$burn" \
      --set sampler.keep_samples=0 --set "output.path=$OUT/$name.h5" --set output.checkpoint_every=0 \
      --set output.previews=false --set output.progress_every=1000 "${extra[@]}" 2>&1 | tee "$OUT/$name.log"
  done
done
.venv/bin/python scripts/results_table.py "$OUT" docs/results.md docs/figures --marker authors180 --measured-only \
  --no-figures --ddfb-title "DDFB (K=4, the authors' weights)"
