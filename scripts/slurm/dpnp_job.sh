#!/usr/bin/env bash
# The body of the dpnp batch jobs (cpu.sbatch, gpu.sbatch): runs `dpnp sample CONFIG ARGS...` with
# srun, with --resume when the chain already has a checkpoint; forwards SIGUSR1/SIGTERM (sent to this
# batch shell by --signal=B:USR1@120 or at the time limit) to the job step; on exit code 75
# (stopped after a checkpoint) submits the same batch script again, at most DPNP_MAX_RESUBMITS times.
# Exit codes are dpnp's (docs/running-on-clusters.md).
#
# Environment: DPNP (the executable; default: dpnp on PATH), DPNP_SRUN_ARGS (extra srun options),
# DPNP_SAMPLE_ARGS (extra dpnp sample options, e.g. --set run.device=cuda),
# DPNP_MAX_RESUBMITS (default 10), DPNP_SUBMISSION (set on resubmission: how many came before),
# DPNP_SBATCH_SCRIPT (what to resubmit; default: this job's script, from scontrol).
set -uo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: sbatch $(basename "${DPNP_SBATCH_SCRIPT:-cpu.sbatch}") CONFIG.yaml [dpnp sample options]" >&2
  exit 2
fi
config=$1
shift
dpnp=${DPNP:-dpnp}
submission=${DPNP_SUBMISSION:-0}
max_resubmits=${DPNP_MAX_RESUBMITS:-10}
read -r -a srun_args <<<"${DPNP_SRUN_ARGS:-}"
read -r -a sample_args <<<"${DPNP_SAMPLE_ARGS:-}"

# The checkpoint file of this config (with its --set overrides): output.checkpoint_path, or
# <output.path without .h5>.ckpt.h5.
sets=()
for ((i = 1; i <= $#; ++i)); do
  if [[ ${!i} == --set ]]; then
    next=$((i + 1))
    sets+=(--set "${!next}")
  fi
done
checkpoint=$(srun --ntasks=1 --nodes=1 "$dpnp" config --check "$config" "${sets[@]}" | awk '
  /^[^ ]/ { section = $1 }
  section == "output:" && $1 == "path:" { output = $2 }
  section == "output:" && $1 == "checkpoint_path:" { path = $2 }
  END {
    gsub(/"/, "", output); gsub(/"/, "", path)
    if (path == "" || path == "null") { sub(/\.[^.\/]*$/, "", output); path = output ".ckpt.h5" }
    print path
  }')
if [[ -z $checkpoint ]]; then
  echo "dpnp_job: cannot read the config '$config' (see the error above)" >&2
  exit 2
fi
previous="${checkpoint%.*}.prev.${checkpoint##*.}"
resume=()
if [[ -e $checkpoint || -e $previous ]]; then
  resume=(--resume)
  echo "dpnp_job: continuing from checkpoint $checkpoint (submission $submission)"
fi

srun "${srun_args[@]}" "$dpnp" sample "$config" "$@" "${sample_args[@]}" "${resume[@]}" &
step=$!
# srun passes SIGUSR1 and SIGTERM on to every task; dpnp checkpoints at its next flush and exits 75.
trap 'echo "dpnp_job: SIGUSR1: asking dpnp to checkpoint and stop"; kill -USR1 $step 2>/dev/null' USR1
trap 'echo "dpnp_job: SIGTERM: asking dpnp to checkpoint and stop"; kill -TERM $step 2>/dev/null' TERM
# A trapped signal interrupts `wait`: wait again until the step has really ended.
while kill -0 "$step" 2>/dev/null; do
  wait "$step"
done
wait "$step"
status=$?

if [[ $status -eq 75 ]]; then
  if ((submission < max_resubmits)); then
    script=${DPNP_SBATCH_SCRIPT:-$(scontrol show job "${SLURM_JOB_ID:?}" | sed -n 's/^ *Command=\([^ ]*\).*/\1/p')}
    echo "dpnp_job: stopped after a checkpoint; submitting $script again ($((submission + 1)) of at most $max_resubmits)"
    sbatch --export=ALL,DPNP_SUBMISSION=$((submission + 1)) "$script" "$config" "$@"
  else
    echo "dpnp_job: stopped after a checkpoint; not resubmitting (DPNP_MAX_RESUBMITS = $max_resubmits reached)"
  fi
fi
exit "$status"
