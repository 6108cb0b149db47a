#!/usr/bin/env bash
# configs/paper/ (issue 4): every config is valid for this dpnp (dpnp config --check, with the
# shipped 256^2 image and DDFB weights in place of files a user fetches), and the folder is exactly
# what scripts/make_paper_configs.py generates from the authors' files when they are beside us.
# Usage: paper_configs_test.sh DPNP SOURCE_DIR SCRATCH_DIR
set -uo pipefail
DPNP=$1 ROOT=$2 SCRATCH=$3
failures=0
for config in "$ROOT"/configs/paper/*.yaml; do
  sets=(--set "truth.path=$ROOT/data/images/seeding_256.png" --set run.device=cpu)
  grep -q "weights:" "$config" && sets+=(--set "prior.weights=$ROOT/models/ddfb_c3_k4_f64.pth")
  if ! output=$("$DPNP" config --check "$config" "${sets[@]}" 2>&1); then
    echo "FAIL $(basename "$config"): $output"
    failures=$((failures + 1))
  fi
done
echo "$(ls "$ROOT"/configs/paper/*.yaml | wc -l) paper configs checked, $failures invalid"
CARDS="$ROOT/../shared/reference/cards-configs"
if [[ -d $CARDS ]]; then
  rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"
  "$ROOT/.venv/bin/python" "$ROOT/scripts/make_paper_configs.py" "$CARDS" "$SCRATCH" >/dev/null
  if ! diff -r "$SCRATCH" "$ROOT/configs/paper" >/dev/null; then
    echo "FAIL configs/paper differs from scripts/make_paper_configs.py's output; regenerate it"
    failures=$((failures + 1))
  fi
else
  echo "skip the regeneration check: $CARDS is not available"
fi
exit $((failures > 0))
