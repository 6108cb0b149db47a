#!/usr/bin/env python3
"""The early-stop path under mpirun, as a batch system drives it: SIGUSR1 (to mpirun, which passes it
on, or to one rank only), SIGTERM to every rank, and --max-hours each make every rank checkpoint and
exit with code 75; `--resume` (on another number of ranks) then gives the uninterrupted results.
Also: scripts/slurm/cpu.sbatch with stand-ins for srun/sbatch/scontrol (SIGUSR1 to the batch shell,
resubmission, resume), and a diverging chain exits with code 3 without a checkpoint.

Usage: signal_test.py --dpnp BUILD/src/dpnp --work DIR
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np

import chain_runs as cr

ITERATIONS = 3000
CHECKPOINT_EVERY = 100
MAX_HOURS = 0.0008  # 2.9 s from the rank's start
# 128x128: the chain needs about 8 s on 2 ranks of a 2-core machine, well beyond the deadline, so the
# --max-hours case cannot finish first (a 64x64 crop ran 3000 iterations in 2 s on a quiet machine).
CROP = (150, 180, 128, 128)


def check(condition: bool, what: str, log: Path = None) -> bool:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition and log and log.exists():
        print("     " + log.read_text()[-3000:].replace("\n", "\n     "))
    return condition


def stop_and_resume(args, reference: Path, name: str, ranks: int, resume_ranks: int, send, extra=()) -> bool:
    """Starts a chain, calls send(mpirun, rank pids) once it has a checkpoint, expects exit 75 and
    a checkpoint, then resumes on `resume_ranks` ranks and compares with `reference`."""
    work = Path(args.work) / name
    output = work / "run.h5"
    config = cr.write_config(work / "config.yaml", output, ITERATIONS, CHECKPOINT_EVERY, CROP)
    checkpoint, log = work / "run.ckpt.h5", work / "run.log"
    started = time.monotonic()
    job = cr.start(args.dpnp, config, ranks, log, extra)
    pids = cr.rank_pids(job, ranks)
    cr.wait_for(lambda: checkpoint.exists() or job.poll() is not None, 60)
    expected_cause = send(job, pids)
    code = cr.finish(job, 60)
    seconds = time.monotonic() - started
    ok = check(code == 75, f"{name}: exit code {code} (75 expected)", log)
    ok &= check(expected_cause in log.read_text(), f"{name}: the log says 'stopped by {expected_cause}'", log)
    if name == "max-hours":
        # The deadline counts from the rank's start; mpirun's launch and teardown come on top.
        ok &= check(seconds < MAX_HOURS * 3600 + 2.5,
                    f"{name}: mpirun ended {seconds:.1f} s after its start (deadline {MAX_HOURS * 3600:.1f} s)")
    problem = cr.checkpoint_problem(checkpoint) if checkpoint.exists() else "missing"
    ok &= check(not problem, f"{name}: checkpoint {problem or 'at iteration %d' % cr.checkpoint_iteration(checkpoint)}")
    code = cr.run(args.dpnp, config, resume_ranks, work / "resume.log", ["--resume"])
    difference = cr.result_difference(output, reference)
    ok &= check(code == 0 and difference <= 1e-6,
                f"{name}: --resume on {resume_ranks} rank(s) exits {code}, results differ by {difference:.1e}",
                work / "resume.log")
    return ok


def write_shims(folder: Path) -> None:
    """srun runs its command under mpirun; sbatch records its arguments; scontrol names the script."""
    folder.mkdir(parents=True, exist_ok=True)
    shims = {
        "srun": f"""n=2
while [[ $# -gt 0 && $1 == -* ]]; do
  case $1 in --ntasks=*) n=${{1#--ntasks=}} ;; -n) shift; n=$1 ;; esac
  shift
done
exec {cr.MPIRUN} -n "$n" "$@"
""",
        "sbatch": 'echo "$*" >> "$SHIM_SBATCH_LOG"\n',
        "scontrol": 'echo "   Command=$SHIM_SCRIPT $*"\n',
    }
    for name, body in shims.items():
        (folder / name).write_text("#!/usr/bin/env bash\n" + body)
        (folder / name).chmod(0o755)


def slurm_script(args, reference: Path) -> bool:
    work = Path(args.work) / "slurm"
    write_shims(work / "bin")
    output = work / "run.h5"
    config = cr.write_config(work / "config.yaml", output, ITERATIONS, CHECKPOINT_EVERY, CROP)
    script = cr.ROOT / "scripts/slurm/cpu.sbatch"
    env = dict(cr.ENV, PATH=f"{work / 'bin'}:{os.environ['PATH']}", SLURM_JOB_ID="1", DPNP=args.dpnp,
               SHIM_SCRIPT=str(script), SHIM_SBATCH_LOG=str(work / "sbatch.log"), DPNP_MAX_RESUBMITS="3")
    env.pop("DPNP_SUBMISSION", None)

    def job(log: Path, submission: str = None) -> subprocess.Popen:
        job_env = dict(env, **({"DPNP_SUBMISSION": submission} if submission else {}))
        with open(log, "w") as out:
            return subprocess.Popen(["bash", str(script), str(config)], stdout=out, stderr=subprocess.STDOUT,
                                    env=job_env, start_new_session=True)

    first = job(work / "job1.log")
    cr.wait_for(lambda: (work / "run.ckpt.h5").exists() or first.poll() is not None, 60)
    os.kill(first.pid, signal.SIGUSR1)  # --signal=B:USR1 signals the batch shell only
    code = cr.finish(first, 60)
    ok = check(code == 75, f"slurm: batch script exits {code} after SIGUSR1 (75 expected)", work / "job1.log")
    submitted = (work / "sbatch.log").read_text() if (work / "sbatch.log").exists() else ""
    ok &= check(f"--export=ALL,DPNP_SUBMISSION=1 {script} {config}" in submitted,
                f"slurm: resubmitted itself ({submitted.strip() or 'nothing'})", work / "job1.log")
    second = job(work / "job2.log", "1")
    code = cr.finish(second, 120)
    text = (work / "job2.log").read_text()
    ok &= check(code == 0 and "continuing from checkpoint" in text, f"slurm: resubmitted job resumes and exits {code}",
                work / "job2.log")
    ok &= check(submitted == (work / "sbatch.log").read_text(), "slurm: a finished chain is not resubmitted")
    difference = cr.result_difference(output, reference)
    return ok & check(difference <= 1e-6, f"slurm: results differ by {difference:.1e}")


def divergence(args) -> bool:
    work = Path(args.work) / "diverged"
    work.mkdir(parents=True, exist_ok=True)
    truth = np.random.default_rng(0).random((1, 32, 32)).astype(np.float32)
    truth[0, 5, 5] = np.inf  # poisons the observation: the potential is NaN from the first iteration
    with h5py.File(work / "truth.h5", "w") as f:
        f["x"] = truth
    config = work / "config.yaml"
    config.write_text(f"""truth: {{path: "{work / 'truth.h5'}"}}
observation: {{sigma: 0.1}}
sampler: {{iterations: 50, burn_in: 10}}
output: {{path: "{work / 'run.h5'}", checkpoint_every: 10}}
""")
    code = cr.run(args.dpnp, config, 2, work / "run.log")
    lines = [l for l in (work / "run.log").read_text().splitlines() if l.startswith("dpnp:")]
    ok = check(code == 3 and len(lines) == 1 and "potential became NaN" in lines[0],
               f"diverged: exit code {code} (3 expected), one error line", work / "run.log")
    return ok & check(not list(work.glob("run*.h5")), "diverged: no checkpoint or result written")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    args.dpnp = str(Path(args.dpnp).resolve())
    shutil.rmtree(args.work, ignore_errors=True)
    started = time.monotonic()

    reference_dir = Path(args.work) / "reference"
    reference = reference_dir / "run.h5"
    config = cr.write_config(reference_dir / "config.yaml", reference, ITERATIONS, CHECKPOINT_EVERY, CROP)
    if not check(cr.run(args.dpnp, config, 2, reference_dir / "run.log") == 0, "uninterrupted reference run",
                 reference_dir / "run.log"):
        return 1

    def usr1_to_mpirun(job, pids):
        os.kill(job.pid, signal.SIGUSR1)  # Open MPI's mpirun passes SIGUSR1 on to every rank, as srun does
        return "SIGUSR1"

    def usr1_to_one_rank(job, pids):
        os.kill(pids[-1], signal.SIGUSR1)  # the other ranks learn of it at the next flush
        return "SIGUSR1"

    def term_to_every_rank(job, pids):
        cr.signal_all(pids, signal.SIGTERM)
        return "SIGTERM"

    ok = stop_and_resume(args, reference, "usr1-to-mpirun", 2, 2, usr1_to_mpirun)
    ok &= stop_and_resume(args, reference, "usr1-to-one-rank", 3, 1, usr1_to_one_rank)
    ok &= stop_and_resume(args, reference, "term-to-every-rank", 2, 3, term_to_every_rank)
    ok &= stop_and_resume(args, reference, "max-hours", 2, 2, lambda job, pids: "the --max-hours deadline",
                          ["--max-hours", str(MAX_HOURS)])
    ok &= slurm_script(args, reference)
    ok &= divergence(args)
    print(f"{'all checks passed' if ok else 'SOME CHECKS FAILED'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
