#!/usr/bin/env bash
# One segment of a dpnp chain series under Slurm: the body of cpu.sbatch and gpu.sbatch, which source
# it with the submission's arguments (CONFIG.yaml [dpnp sample options]). docs/running-on-clusters.md
# gives the rules; in short:
#   1. `dpnp checkpoint info` (no MPI, no srun) says whether the chain has a checkpoint: the segment
#      resumes from it, starts a new chain, or stops with a message (another chain's or a damaged
#      checkpoint: nothing is overwritten unless the submission says --restart);
#   2. the ranks start with srun and the first MPI plugin that works (SLURM_MPI_TYPE, else pmix, the
#      site's MpiDefault, pmi2), else with mpirun inside the allocation; a dry run on every task checks
#      the choice, and the next segments reuse it;
#   3. SIGUSR1 (the time-limit warning of --signal=B:USR1@N) and SIGTERM (scancel, preemption, the time
#      limit itself) make dpnp write a checkpoint and exit with code 75;
#   4. after a SIGUSR1 stop that made progress, the next segment is submitted with this job's options
#      (read back from scontrol) and this job ends with 0. After SIGTERM nothing is submitted: scancel
#      ends a series, and Slurm requeues a preempted job (--requeue), which then resumes.
# Exit codes: dpnp's (0 done, 2 bad input, 3 diverged, 75 stopped with a checkpoint), and 0 after
# submitting the next segment.
#
# Environment: DPNP (the executable; default: dpnp on PATH); DPNP_LAUNCHER (auto, srun, srun:PLUGIN or
# mpirun; default auto); DPNP_SRUN_ARGS (extra srun options; default --cpu-bind=cores where Slurm's
# task/affinity plugin is on); DPNP_MPIRUN_ARGS (default --quiet --bind-to none); DPNP_SAMPLE_ARGS (extra dpnp
# sample options); DPNP_MAX_RESUBMITS (default 100); DPNP_SBATCH_SCRIPT (what the next segment
# submits; default: this job's script); DPNP_PROBE_SECONDS (time limit of a launcher's dry run;
# default 600). DPNP_SUBMISSION counts the segments before this one.
set -uo pipefail

say() { printf 'dpnp_job: %s\n' "$*"; }
fail() {
  local code=$1
  shift
  printf 'dpnp_job: error: %s\n' "$*" >&2
  exit "$code"
}

# --- Signals: recorded from the first moment (the template records those that come before this
# file runs), passed on to dpnp while it runs. USR1 goes to the launcher, which passes it to every
# rank; srun and mpirun would kill the ranks on a TERM of their own, and Slurm sends TERM to the
# ranks directly anyway.
stop=${dpnp_early_signal:-}  # USR1 or TERM; TERM wins
step=""                      # the launcher's pid while dpnp runs
on_signal() {
  [[ $1 == TERM || -z $stop ]] && stop=$1
  say "received SIG$1"
  [[ -n $step ]] && kill -USR1 "$step" 2>/dev/null
}
trap 'on_signal USR1' USR1
trap 'on_signal TERM' TERM

[[ $# -ge 1 ]] || fail 2 "usage: sbatch [sbatch options] $(basename "${DPNP_SBATCH_SCRIPT:-cpu.sbatch}") CONFIG.yaml [dpnp sample options]"
[[ -n ${SLURM_JOB_ID:-} ]] || fail 2 "SLURM_JOB_ID is not set: submit the batch script with sbatch"
config=$1
shift
dpnp=${DPNP:-dpnp}
command -v "$dpnp" >/dev/null || fail 2 "cannot run '$dpnp': put dpnp on PATH or export DPNP=/path/to/build/src/dpnp before sbatch"
submission=${DPNP_SUBMISSION:-0}
max_resubmits=${DPNP_MAX_RESUBMITS:-100}
restarts=${SLURM_RESTART_COUNT:-0}
say "job $SLURM_JOB_ID: segment $((submission + 1)) of the series of $config$( ((restarts > 0)) && echo ", requeued by Slurm (restart $restarts)")"

# The submission's dpnp sample options. This script adds --resume itself; --restart applies to the
# first segment only, so that the next segments do not start over.
read -r -a extra_args <<<"${DPNP_SAMPLE_ARGS:-}"
options=()
restart=0
for arg in "$@"; do
  case $arg in
    --resume) ;;
    --restart) restart=1 ;;
    *) options+=("$arg") ;;
  esac
done
sets=()  # the --set overrides, which can move the checkpoint
all=("${options[@]}" "${extra_args[@]}")
for ((i = 0; i < ${#all[@]}; ++i)); do
  case ${all[i]} in
    --set)
      sets+=(--set "${all[i + 1]:-}")
      i=$((i + 1))
      ;;
    --set=*) sets+=("${all[i]}") ;;
  esac
done

# --- 1. The checkpoint ----------------------------------------------------------------------------
# Sets ck_path, ck_state (none, resumable, finished, other-chain, damaged), ck_iteration (-1: none),
# ck_iterations and ck_detail. A failure stops the job: never a silent fresh start.
read_checkpoint_state() {
  local out code
  out=$("$dpnp" checkpoint info "$config" "${sets[@]}" 2>&1)
  code=$?
  if ((code != 0)); then
    printf '%s\n' "$out" >&2
    fail "$code" "'$dpnp checkpoint info' failed (exit code $code, above): the chain's checkpoint is unknown, so nothing is started"
  fi
  field() { sed -n "s/^$1: //p" <<<"$out"; }
  ck_path=$(field checkpoint)
  ck_state=$(field state)
  ck_iteration=$(field iteration)
  ck_iteration=${ck_iteration:--1}
  ck_iterations=$(field iterations)
  ck_detail=$(field detail)
  [[ -n $ck_state && -n $ck_iterations ]] || fail 1 "unexpected answer of '$dpnp checkpoint info': $out"
}

read_checkpoint_state
start_iteration=$ck_iteration
mode=()
case $ck_state in
  none) say "starting a new chain (no checkpoint at $ck_path)" ;;
  resumable | finished | other-chain | damaged)
    if ((restart)); then
      mode=(--restart)
      start_iteration=-1
      say "--restart: discarding the checkpoint $ck_path and starting a new chain"
    elif [[ $ck_state == resumable ]]; then
      mode=(--resume)
      say "continuing from the checkpoint $ck_path at iteration $ck_iteration of $ck_iterations"
    elif [[ $ck_state == finished ]]; then
      mode=(--resume)
      say "the chain is complete (checkpoint $ck_path at iteration $ck_iteration of $ck_iterations): writing its results again"
    else
      fail 2 "checkpoint $ck_path: $ck_detail. With sbatch: add --restart after the config to discard it"
    fi
    ;;
  *) fail 1 "unexpected state '$ck_state' from '$dpnp checkpoint info'" ;;
esac

stop_if_signalled() {
  if [[ -n $stop ]]; then
    say "SIG$stop came before dpnp started: the checkpoint is unchanged; not submitting the next segment"
    exit 75
  fi
}
stop_if_signalled

# --- 2. How the MPI ranks start ---------------------------------------------------------------------
# srun takes no --cpus-per-task from sbatch since Slurm 22.05.
[[ -n ${SLURM_CPUS_PER_TASK:-} ]] && export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK
if [[ -n ${DPNP_SRUN_ARGS+set} ]]; then
  read -r -a srun_args <<<"$DPNP_SRUN_ARGS"
else
  # Without task/affinity srun cannot bind and warns about --cpu-bind.
  srun_args=()
  scontrol show config 2>/dev/null | grep -q '^TaskPlugin *=.*affinity' && srun_args=(--cpu-bind=cores)
fi
read -r -a mpirun_args <<<"${DPNP_MPIRUN_ARGS:---quiet --bind-to none}"

launch_command() {  # $1: srun, srun:PLUGIN or mpirun; sets `launch`
  case $1 in
    srun) launch=(srun "${srun_args[@]}") ;;
    srun:?*) launch=(srun "--mpi=${1#srun:}" "${srun_args[@]}") ;;
    mpirun) launch=(mpirun -n "${SLURM_NTASKS:-1}" "${mpirun_args[@]}") ;;
    *) fail 2 "DPNP_LAUNCHER=$1: use auto, srun, srun:PLUGIN (a plugin of srun --mpi=list) or mpirun" ;;
  esac
}

# Whether dpnp's ranks start with launcher $1: a dry run on every task must see all SLURM_NTASKS
# ranks (with the wrong plugin, each task would be an MPI program of its own, or fail).
try_launcher() {
  launch_command "$1"
  probe_output=$(timeout --kill-after=10 "${DPNP_PROBE_SECONDS:-600}" "${launch[@]}" "$dpnp" sample "$config" \
    "${options[@]}" "${extra_args[@]}" --dry-run 2>&1)
  probe_code=$?
  if ((probe_code == 2)) && grep -q '^dpnp: error:' <<<"$probe_output"; then
    # dpnp ran and refused its input: the launcher is not the problem.
    grep '^dpnp: error:' <<<"$probe_output" | sort -u >&2
    fail 2 "dpnp refused the config or its inputs (above); fix them and submit again"
  fi
  ((probe_code == 0)) && grep -q "^decomposition: ${SLURM_NTASKS:-1} slab" <<<"$probe_output"
}

launcher=${DPNP_LAUNCHER:-auto}
if [[ $launcher == auto ]]; then
  candidates=()
  if [[ -n ${SLURM_MPI_TYPE:-} ]]; then
    candidates+=(srun)  # srun reads SLURM_MPI_TYPE itself
  else
    plugins=$(srun --mpi=list 2>&1)
    default=$(scontrol show config 2>/dev/null | sed -n 's/^MpiDefault *= *//p')
    grep -qw pmix <<<"$plugins" && candidates+=(srun:pmix)
    [[ -n $default && $default != none && $default != pmix ]] && candidates+=(srun)
    grep -qw pmi2 <<<"$plugins" && [[ $default != pmi2 ]] && candidates+=(srun:pmi2)
  fi
  command -v mpirun >/dev/null && candidates+=(mpirun)
  launcher=""
  for candidate in "${candidates[@]}"; do
    if try_launcher "$candidate"; then
      launcher=$candidate
      break
    fi
    say "dpnp's ranks did not start with '${launch[*]}' (exit code $probe_code)"
    [[ -n $stop ]] && break
  done
  if [[ -z $launcher && -z $stop ]]; then
    printf '%s\n' "$probe_output" | tail -n 20 >&2
    fail 1 "dpnp's MPI ranks started in none of these ways: ${candidates[*]:-(no srun MPI plugin, no mpirun)} (the last one's output is above). Set SLURM_MPI_TYPE to the plugin of the MPI dpnp was built with (srun --mpi=list), or load that MPI's module so that mpirun is found"
  fi
  [[ -n $launcher ]] && say "the ranks start with '${launch[*]}' (the first that worked of: ${candidates[*]})"
else
  launch_command "$launcher"
  say "the ranks start with '${launch[*]}' (DPNP_LAUNCHER=$launcher)"
fi

stop_if_signalled

# --- 3. The segment ---------------------------------------------------------------------------------
# mpirun kills the ranks 1 s after a TERM of its own (scancel signals every process of the job):
# leave them time to write their checkpoint. mpirun itself ends twice that time later, which must
# come before Slurm's KillWait (30 s by default).
[[ $launcher == mpirun ]] && export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-10}
# srun reports every rank's exit code 75 as an error; dpnp has already said why it stopped. (The
# filter ignores Slurm's SIGTERM, which would otherwise take srun's stderr away while dpnp stops.)
"${launch[@]}" "$dpnp" sample "$config" "${options[@]}" "${extra_args[@]}" "${mode[@]}" \
  2> >(trap '' TERM; exec grep --line-buffered -v -E '^srun: error: .*: tasks? [0-9,-]+: Exited with exit code 75$' >&2) &
step=$!
[[ -n $stop ]] && kill -USR1 "$step" 2>/dev/null  # a signal that came while the step was starting
# A trapped signal interrupts `wait`: wait again until the step has really ended.
while kill -0 "$step" 2>/dev/null; do
  wait "$step"
done
wait "$step"
status=$?
step=""

if ((status == 0)); then
  say "the chain is complete"
  exit 0
fi
# --- 4. Stopped: the next segment? --------------------------------------------------------------------
if [[ $stop == TERM ]]; then
  # dpnp writes a checkpoint and exits with 75 (mpirun reports 1 once it has killed what remains).
  say "SIGTERM (scancel, preemption or the time limit itself): dpnp exited with code $status; the series ends here." \
    "A preempted job submitted with --requeue is requeued by Slurm and resumes; to continue otherwise, submit the same sbatch command again"
  exit 75
fi
if ((status != 75)); then
  say "dpnp exited with code $status (docs/running-on-clusters.md, 'Exit codes'); not submitting the next segment"
  exit "$status"
fi
say "dpnp exited with code 75: it wrote a checkpoint and stopped"
if [[ $stop != USR1 ]]; then
  say "dpnp stopped with a checkpoint but this batch script had no time-limit warning (a signal to the job step?):" \
    "not submitting the next segment; submit the same sbatch command again to continue"
  exit 75
fi
read_checkpoint_state
if ((ck_iteration <= start_iteration)); then
  say "the time-limit warning came before the chain made progress (checkpoint at iteration $ck_iteration):" \
    "not submitting the next segment, which would stop the same way; leave more time between --signal=B:USR1@N and the time limit"
  exit 75
fi
if ((submission >= max_resubmits)); then
  say "checkpoint at iteration $ck_iteration of $ck_iterations; DPNP_MAX_RESUBMITS = $max_resubmits segments were submitted:" \
    "not submitting another; submit the same sbatch command again to continue"
  exit 75
fi

# This job's options as sbatch arguments, read back from scontrol: what the script's #SBATCH lines
# and the sbatch command line gave (Slurm does not report --signal: keep it in the script).
next_segment_options() {
  local record
  record=$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null | awk '
    /^ *(Comment|Command|WorkDir|StdErr|StdIn|StdOut)=/ { sub(/^ +/, ""); sub(/ +$/, ""); print; next }
    { for (i = 1; i <= NF; ++i) print $i }')
  [[ -n $record ]] || return 1
  get() { awk -v key="$1" 'index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }' <<<"$record"; }
  add() { [[ -n $2 && $2 != "(null)" && $2 != N/A && $2 != None ]] && next_options+=("$1=$2"); }
  local value item gres=()
  next_options=()
  add --job-name "${SLURM_JOB_NAME:-}"
  add --partition "${SLURM_JOB_PARTITION:-$(get Partition)}"
  add --account "$(get Account)"
  add --qos "$(get QOS)"
  add --reservation "$(get Reservation)"
  add --wckey "$(get WCKey)"
  value=$(get TimeLimit)
  [[ $value != UNLIMITED && $value != Partition_Limit ]] && add --time "$value"
  add --time-min "$(get TimeMin)"
  add --deadline "$(get Deadline)"
  add --constraint "$(get Features)"
  add --licenses "$(get Licenses)"
  add --network "$(get Network)"
  add --nodes "$(get NumNodes)"
  add --ntasks "$(get NumTasks)"
  add --cpus-per-task "$(get CPUs/Task)"
  value=$(get NtasksPerN:B:S:C)
  [[ ${value%%:*} =~ ^[1-9][0-9]*$ ]] && add --ntasks-per-node "${value%%:*}"
  value=$(get MinMemoryNode)
  [[ $value != 0 ]] && add --mem "$value"
  value=$(get MinMemoryCPU)
  [[ $value != 0 ]] && add --mem-per-cpu "$value"
  value=$(get MinTmpDiskNode)
  [[ $value != 0 ]] && add --tmp "$value"
  add --nodelist "$(get ReqNodeList)"
  add --exclude "$(get ExcNodeList)"
  [[ $(get Contiguous) == 1 ]] && next_options+=(--contiguous)
  case $(get OverSubscribe) in
    NO) next_options+=(--exclusive) ;;
    USER) next_options+=(--exclusive=user) ;;
    MCS) next_options+=(--exclusive=mcs) ;;
    YES) next_options+=(--oversubscribe) ;;
  esac
  # GPUs per node as --gpus-per-node, which replaces the script's line (a --gres=gpu would add to it).
  for item in $(get TresPerNode | tr , ' '); do
    item=${item#gres:}
    if [[ $item == gpu:* ]]; then add --gpus-per-node "${item#gpu:}"; else gres+=("$item"); fi
  done
  ((${#gres[@]})) && next_options+=("--gres=$(IFS=,; echo "${gres[*]}")")
  for item in $(get TresPerTask | tr , ' '); do [[ $item == *gpu:* ]] && add --gpus-per-task "${item#*gpu:}"; done
  for item in $(get TresPerJob | tr , ' '); do [[ $item == *gpu:* ]] && add --gpus "${item#*gpu:}"; done
  for item in $(get TresPerSocket | tr , ' '); do [[ $item == *gpu:* ]] && add --gpus-per-socket "${item#*gpu:}"; done
  if [[ $(get Requeue) == 1 ]]; then next_options+=(--requeue); else next_options+=(--no-requeue); fi
  value=$(get Nice)
  [[ $value != 0 ]] && add --nice "$value"
  value=$(get MailType)
  [[ -n $value && $value != NONE ]] && add --mail-type "$value" && add --mail-user "$(get MailUser)"
  add --comment "$(get Comment)"
  # The whole series writes to the first segment's output file.
  add --output "$(get StdOut)"
  [[ $(get StdErr) != "$(get StdOut)" ]] && add --error "$(get StdErr)"
  [[ $(get StdIn) != /dev/null ]] && add --input "$(get StdIn)"
  add --chdir "$(get WorkDir)"
  next_options+=(--open-mode=append)
  return 0
}

script=${DPNP_SBATCH_SCRIPT:-$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null | sed -n 's/^ *Command=\([^ ]*\).*/\1/p')}
if [[ ! -f $script ]]; then
  say "error: the batch script to submit again ('$script') is not there: not submitting the next segment; submit it yourself"
  exit 75
fi
if ! next_segment_options; then
  say "error: 'scontrol show job $SLURM_JOB_ID' failed: this job's options are unknown, so the next segment is not submitted; submit the same sbatch command again"
  exit 75
fi
say "segment done at iteration $ck_iteration of $ck_iterations; submitting the next one:" \
  "sbatch ${next_options[*]} $script $config ${options[*]}"
# The new job takes its own SLURM_* variables; the old ones would pass for sbatch/srun options.
next=$(
  for name in ${!SLURM_@} ${!SRUN_@}; do [[ $name == SLURM_CONF ]] || unset "$name"; done
  DPNP_SUBMISSION=$((submission + 1)) DPNP_LAUNCHER=$launcher \
    sbatch --parsable --export=ALL "${next_options[@]}" "$script" "$config" "${options[@]}" 2>&1
)
code=$?
if ((code != 0)) || [[ ! ${next%%;*} =~ ^[0-9]+$ ]]; then
  say "error: sbatch failed (exit code $code): $next; submit the same sbatch command again to continue"
  exit 75
fi
say "submitted the next segment as job ${next%%;*}"
exit 0
