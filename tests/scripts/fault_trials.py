#!/usr/bin/env python3
"""Fault trials: a small chain is killed with SIGKILL (one rank, or every rank) at random moments,
some of them while a checkpoint is being written (the `.partial` file exists); then
`dpnp sample --resume`, on 1 to 3 ranks, must find a readable, consistent checkpoint and finish
with the uninterrupted run's /mmse and /variance (relative difference <= 1e-6).

Prints: trials, resumed correctly, results lost (must be 0). Exit code 1 otherwise.
Usage: fault_trials.py --dpnp BUILD/src/dpnp --work DIR [--trials 24] [--seed 6]
"""
import argparse
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import chain_runs as cr

ITERATIONS = 300
CHECKPOINT_EVERY = 10
RANKS = 2
# Kinds of trial, in turn: who is killed, and whether the kill waits for a checkpoint write.
KINDS = [("all", "random"), ("one", "random"), ("all", "during write"), ("one", "during write")]


def trial(args, rng: random.Random, kind, work: Path, reference: Path, loop_seconds: float) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    output = work / "run.h5"
    config = cr.write_config(work / "config.yaml", output, ITERATIONS, CHECKPOINT_EVERY)
    checkpoint, partial = work / "run.ckpt.h5", work / "run.ckpt.h5.partial"
    who, when = kind
    job = cr.start(args.dpnp, config, RANKS, work / "run.log")
    ranks = cr.rank_pids(job, RANKS)
    # Kill only once the chain has a checkpoint: before that, there is nothing to resume from.
    cr.wait_for(lambda: checkpoint.exists() or job.poll() is not None, 60, poll=0.002)
    if when == "during write":
        # Skip a random number of writes, then kill as soon as the next one has started.
        for _ in range(rng.randrange(0, ITERATIONS // CHECKPOINT_EVERY // 2)):
            cr.wait_for(lambda: partial.exists() or job.poll() is not None, 30, poll=0.001)
            cr.wait_for(lambda: not partial.exists() or job.poll() is not None, 30, poll=0.001)
        cr.wait_for(lambda: partial.exists() or job.poll() is not None, 30, poll=0.0005)
        time.sleep(rng.uniform(0, 0.005))
    else:
        time.sleep(rng.uniform(0, 0.9 * loop_seconds))
    during_write = partial.exists()
    finished_first = job.poll() is not None
    victims = ranks if who == "all" else [rng.choice(ranks)]
    cr.signal_all(victims, signal.SIGKILL)
    cr.finish(job, 60)

    record = {"kind": f"{who}/{when}", "during_write": during_write and not finished_first,
              "finished_first": finished_first}
    problem = cr.checkpoint_problem(checkpoint) if checkpoint.exists() else "no checkpoint"
    record["checkpoint"] = problem or f"iteration {cr.checkpoint_iteration(checkpoint)}"
    resume_ranks = rng.randint(1, 3)
    code = cr.run(args.dpnp, config, resume_ranks, work / "resume.log", ["--resume"], timeout=180)
    difference = cr.result_difference(output, reference)
    record.update(resume_ranks=resume_ranks, code=code, difference=difference,
                  correct=code == 0 and difference <= 1e-6 and not problem)
    record["lost"] = not (code == 0 and difference <= 1e-6)
    return record


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    rng = random.Random(args.seed)

    reference_dir = work / "reference"
    reference = reference_dir / "run.h5"
    config = cr.write_config(reference_dir / "config.yaml", reference, ITERATIONS, CHECKPOINT_EVERY)
    started = time.monotonic()
    # The sampling loop's length after the first checkpoint bounds the random kill delays.
    job = cr.start(args.dpnp, config, RANKS, reference_dir / "run.log")
    cr.wait_for(lambda: (reference_dir / "run.ckpt.h5").exists() or job.poll() is not None, 60, poll=0.002)
    loop_started = time.monotonic()
    if cr.finish(job, 120) != 0:
        print("the uninterrupted reference run failed; see", reference_dir / "run.log")
        return 1
    loop_seconds = time.monotonic() - loop_started

    records = []
    for i in range(args.trials):
        record = trial(args, rng, KINDS[i % len(KINDS)], work / f"trial{i:02d}", reference, loop_seconds)
        records.append(record)
        note = " (the run had finished)" if record["finished_first"] else ""
        print(f"trial {i:2d} kill {record['kind']:<17} during write: {str(record['during_write']):<5} "
              f"checkpoint: {record['checkpoint']:<14} resume on {record['resume_ranks']}: exit {record['code']}, "
              f"difference {record['difference']:.1e}{note}{'' if record['correct'] else '  <-- FAILED'}", flush=True)
    correct = sum(r["correct"] for r in records)
    lost = sum(r["lost"] for r in records)
    during = sum(r["during_write"] for r in records)
    one = sum(r["kind"].startswith("one") for r in records)
    print(f"trials: {len(records)}, resumed correctly: {correct}, results lost: {lost} "
          f"(kills during a checkpoint write: {during}; one rank killed: {one}, all ranks: {len(records) - one}; "
          f"{time.monotonic() - started:.0f} s)")
    return 0 if correct == len(records) and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
