#!/usr/bin/env python3
"""The early-stop path under mpirun, as a batch system drives it: SIGUSR1 (to mpirun, which passes it
on, or to one rank only, or to every rank 0.2 s after it started), SIGTERM to every rank, and
--max-hours each make every rank checkpoint and exit with code 75; `--resume` (on another number of
ranks) then gives the uninterrupted results. Also: `dpnp checkpoint info` without MPI, the refusal of a
new chain over a checkpoint and `--restart`, and a diverging chain exits with code 3 without a
checkpoint. (The Slurm templates run under a real Slurm in slurm_test.py.)

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


def stop_and_resume(args, reference: Path, name: str, ranks: int, resume_ranks: int, send, extra=(),
                    at_start=False) -> bool:
    """Starts a chain, calls send(mpirun, rank pids) once it has a checkpoint (at_start: once the ranks
    exist), expects exit 75 and a checkpoint, then resumes on `resume_ranks` ranks and compares with
    `reference`."""
    work = Path(args.work) / name
    output = work / "run.h5"
    config = cr.write_config(work / "config.yaml", output, ITERATIONS, CHECKPOINT_EVERY, CROP)
    checkpoint, log = work / "run.ckpt.h5", work / "run.log"
    started = time.monotonic()
    job = cr.start(args.dpnp, config, ranks, log, extra)
    pids = cr.rank_pids(job, ranks)
    if not at_start:
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
    if code == 0:
        # The result's provenance lists both segments: the start, then the resume on its rank count.
        with h5py.File(output, "r") as f:
            history = f.attrs["run_history"].splitlines()
        ok &= check(len(history) == 2 and "started at iteration 0" in history[0] and "resumed at iteration" in history[1]
                    and f"{resume_ranks} rank" in history[1], f"{name}: run_history {history}")
    return ok


def checkpoint_commands(args, work: Path) -> bool:
    """`dpnp checkpoint info` (run without MPI) on the finished chain of `work`, and the refusal of a new
    chain over an existing checkpoint unless --restart discards it."""
    config, checkpoint = work / "config.yaml", work / "run.ckpt.h5"
    # An MPI_Init would fail with this PML: checkpoint info must not call it.
    no_mpi = dict(cr.ENV, OMPI_MCA_pml="no_such_pml")

    def info(*extra, env=no_mpi, config=config) -> (int, dict):
        result = subprocess.run([args.dpnp, "checkpoint", "info", str(config), *extra], capture_output=True,
                                text=True, env=env, timeout=60)
        fields = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
        return result.returncode, fields

    control = subprocess.run([args.dpnp, "config", "--check", str(config)], capture_output=True, env=no_mpi, timeout=60)
    ok = check(control.returncode != 0, f"checkpoint info: MPI_Init fails with OMPI_MCA_pml=no_such_pml "
                                        f"(config --check exits {control.returncode})")
    code, fields = info()
    ok &= check(code == 0 and fields.get("state") == "finished" and fields.get("iteration") == str(ITERATIONS) and
                fields.get("checkpoint") == str(checkpoint), f"checkpoint info: finished chain, without MPI ({fields})")
    code, fields = info("--set", f"sampler.iterations={ITERATIONS + 500}")
    ok &= check(code == 0 and fields.get("state") == "resumable", f"checkpoint info: longer chain resumable ({fields})")
    code, fields = info("--set", "prior.mu=30")
    ok &= check(code == 0 and fields.get("state") == "other-chain" and "prior.mu is 15 there and 30 here" in
                fields.get("detail", ""), f"checkpoint info: changed config is another chain ({fields})")
    code, fields = info("--set", f"output.path={work / 'elsewhere.h5'}")
    ok &= check(code == 0 and fields.get("state") == "none", f"checkpoint info: no checkpoint ({fields})")
    damaged = work / "damaged.ckpt.h5"
    damaged.write_bytes(b"not a checkpoint")
    code, fields = info("--set", f"output.checkpoint_path={damaged}")
    ok &= check(code == 0 and fields.get("state") == "damaged", f"checkpoint info: damaged checkpoint ({fields})")
    code, fields = info(config=work / "no_such.yaml")
    ok &= check(code == 2, f"checkpoint info: missing config exits {code} (2 expected)")

    log = work / "fresh.log"
    code = cr.run(args.dpnp, config, 2, log)
    lines = [line for line in log.read_text().splitlines() if line.startswith("dpnp:")]
    ok &= check(code == 2 and len(lines) == 1 and "--resume" in lines[0] and "--restart" in lines[0] and
                cr.checkpoint_iteration(checkpoint) == ITERATIONS,
                f"sample without --resume over a checkpoint: exit code {code}, one line, checkpoint kept", log)
    code = cr.run(args.dpnp, config, 2, work / "restart.log", ["--restart", "--set", "sampler.iterations=200"])
    ok &= check(code == 0 and cr.checkpoint_iteration(checkpoint) == 200,
                f"sample --restart: exit code {code}, a new chain (checkpoint at iteration "
                f"{cr.checkpoint_iteration(checkpoint)})", work / "restart.log")
    return ok


def divergence(args) -> bool:
    work = Path(args.work) / "diverged"
    work.mkdir(parents=True, exist_ok=True)
    # Finite data at the edge of float32: the first gradient step overflows to infinity, and the
    # potential is NaN from the first iteration. (Non-finite inputs are refused at set-up.)
    with h5py.File(work / "observation.h5", "w") as f:
        f["observation"] = np.full((1, 32, 32), 3e38, np.float32)
        f["mask"] = np.ones((32, 32), np.uint8)
        f.attrs["sigma"] = 0.1
    config = work / "config.yaml"
    config.write_text(f"""observation: {{path: "{work / 'observation.h5'}"}}
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

    def usr1_during_start_up(job, pids):
        time.sleep(0.2)  # LibTorch and MPI are still starting: the handlers must already be there
        cr.signal_all(pids, signal.SIGUSR1)
        return "SIGUSR1"

    ok = stop_and_resume(args, reference, "usr1-to-mpirun", 2, 2, usr1_to_mpirun)
    ok &= stop_and_resume(args, reference, "usr1-during-start-up", 2, 2, usr1_during_start_up, at_start=True)
    ok &= stop_and_resume(args, reference, "usr1-to-one-rank", 3, 1, usr1_to_one_rank)
    ok &= stop_and_resume(args, reference, "term-to-every-rank", 2, 3, term_to_every_rank)
    ok &= stop_and_resume(args, reference, "max-hours", 2, 2, lambda job, pids: "the --max-hours deadline",
                          ["--max-hours", str(MAX_HOURS)])
    ok &= checkpoint_commands(args, Path(args.work) / "usr1-to-mpirun")
    ok &= divergence(args)
    print(f"{'all checks passed' if ok else 'SOME CHECKS FAILED'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
