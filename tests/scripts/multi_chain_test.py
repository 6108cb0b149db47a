#!/usr/bin/env python3
"""Several chains in one job (run.chains): a TV inpainting chain on an odd, non-square crop.

Checks that
- the chains of a 2-chain job are the same on 1 and 2 ranks per chain (every pooled map, every trace);
- chain 0 of a 2-chain job is the single-chain run, and chain 1 is another chain;
- the pooled MMSE, variance, credible interval and pixel-wise R-hat equal their definitions
  recomputed with numpy from the pooled samples;
- R-hat flags two over-dispersed chains stopped early (and the verdict says so), and not two chains
  run long enough;
- a 2-chain job resumed from its checkpoints (also at another rank count) equals the uninterrupted job;
- run.chains that does not divide the rank count is refused with exit 2 and one line on every rank;
- xarray names the chain axis, and `dpnp report` draws a 2-chain result."""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

import chain_runs as cr

ROOT = cr.ROOT
ITERATIONS, BURN_IN = 240, 80
KEPT = ITERATIONS - BURN_IN


def write_config(path: Path, output: Path, chains: int, iterations=ITERATIONS, burn_in=BURN_IN, extra="") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""run: {{threads: 1, chains: {chains}}}
truth: {{path: "{ROOT / 'data/images/dandelion_512.png'}", crop: [150, 180, 61, 53]}}
observation: {{missing_fraction: 0.6, snr_db: 20}}
prior: {{type: tv, mu: 15, rho: 0.01}}
sampler: {{iterations: {iterations}, burn_in: {burn_in}, keep_samples: {KEPT}, flush_every: 5{extra}}}
output: {{path: "{output}", save_samples: true, progress_every: 1000}}
""")
    return path


def sample(args, config: Path, ranks: int, *extra) -> subprocess.CompletedProcess:
    command = [str(cr.MPIRUN), "-n", str(ranks), args.dpnp, "sample", str(config), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=cr.ENV, timeout=300)


def read(path: Path) -> dict:
    with h5py.File(path, "r") as f:
        out = {name: f[name][()].astype(np.float64) for name in ("mmse", "variance", "mcse", "ess", "ci_low", "ci_high")}
        out["rhat"] = f["rhat"][()].astype(np.float64) if "rhat" in f else None
        out["samples"] = f["samples"][()].astype(np.float64) if "samples" in f else None
        for name in ("potential", "prior", "image_mean", "pixels", "snr"):
            out["trace/" + name] = f["trace"][name][()]
        out["attrs"] = dict(f.attrs)
    return out


def relative(a, b) -> float:
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)  # a previous run's checkpoints would refuse the new chains
    work.mkdir(parents=True)
    problems = []

    def must_run(name, config, ranks, *extra):
        run = sample(args, config, ranks, *extra)
        if run.returncode != 0:
            raise SystemExit(f"FAIL: {name} ({ranks} ranks) exited {run.returncode}\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
        return run

    single = work / "single.h5"
    must_run("one chain", write_config(work / "single.yaml", single, 1), 1)
    results = {}
    for ranks in (2, 4):
        results[ranks] = work / f"two_chains_np{ranks}.h5"
        must_run("two chains", write_config(work / f"two_np{ranks}.yaml", results[ranks], 2), ranks)
    one, two, four = read(single), read(results[2]), read(results[4])

    # 1. Rank-count invariance of every pooled map and trace.
    for name in ("mmse", "variance", "mcse", "ess", "ci_low", "ci_high", "rhat"):
        d = relative(four[name], two[name])
        if not d <= 1e-6:
            problems.append(f"/{name}: 2 chains on 2 ranks vs 4 ranks differ by {d:.2e} (relative)")
    for name in ("trace/potential", "trace/image_mean", "trace/pixels"):
        d = relative(four[name], two[name])
        if not d <= 1e-9:
            problems.append(f"/{name}: 2 chains on 2 ranks vs 4 ranks differ by {d:.2e}")
    print(f"2 chains, 1 vs 2 ranks per chain: max relative difference of the maps "
          f"{max(relative(four[n], two[n]) for n in ('mmse', 'variance', 'mcse', 'rhat')):.1e}")

    # 2. Chain 0 is the single-chain run; chain 1 is another chain.
    if two["trace/potential"].shape != (2, ITERATIONS):
        problems.append(f"/trace/potential of 2 chains has shape {two['trace/potential'].shape}, expected (2, {ITERATIONS})")
    else:
        if not np.array_equal(two["trace/potential"][0], one["trace/potential"]):
            problems.append("chain 0 of the 2-chain job is not the single-chain run (potential traces differ)")
        if np.allclose(two["trace/potential"][1], two["trace/potential"][0]):
            problems.append("chain 1 repeats chain 0 (its noise is not its own)")
    if one["rhat"] is not None:
        problems.append("a single-chain result has /rhat")

    # 3. The pooled estimators against their definitions.
    samples = two["samples"]
    if samples is None or samples.shape[0] != 2 * KEPT:
        problems.append(f"/samples of 2 chains: {None if samples is None else samples.shape[0]} samples, expected {2 * KEPT}")
    else:
        checks = {
            "mmse": (samples.mean(axis=0), 1e-6),
            "variance": (samples.var(axis=0, ddof=1), 1e-5),
            "ci_low": (np.quantile(samples, 0.025, axis=0), 1e-6),
            "ci_high": (np.quantile(samples, 0.975, axis=0), 1e-6),
        }
        chains = samples.reshape(2, KEPT, *samples.shape[1:])
        within = chains.var(axis=1, ddof=1).mean(axis=0)
        between = chains.mean(axis=1).var(axis=0, ddof=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rhat = np.sqrt(((KEPT - 1) / KEPT * within + between) / within)
        checks["rhat"] = (rhat, 1e-4)
        for name, (expected, tolerance) in checks.items():
            finite = np.isfinite(expected)
            d = relative(two[name][finite], expected[finite])
            if not d <= tolerance:
                problems.append(f"/{name} of 2 chains differs from numpy on the pooled samples by {d:.2e} (> {tolerance})")
        print(f"pooled estimators vs numpy: mmse {relative(two['mmse'], checks['mmse'][0]):.1e}, "
              f"variance {relative(two['variance'], checks['variance'][0]):.1e}, rhat "
              f"{relative(two['rhat'][np.isfinite(rhat)], rhat[np.isfinite(rhat)]):.1e}")

    # 4. R-hat tells apart chains that have not forgotten their starts and chains that have.
    early = work / "dispersed_early.h5"
    must_run("dispersed starts", write_config(work / "dispersed.yaml", early, 2, iterations=20, burn_in=0,
                                              extra=", chain_init: dispersed"), 2)
    with h5py.File(early, "r") as f:
        early_rhat = float(np.nanmedian(f["rhat"][()]))
        early_converged = int(f.attrs["converged"])
        advice = str(f.attrs["convergence_advice"])
    settled_rhat = float(np.nanmedian(two["rhat"]))
    print(f"median pixel R-hat: over-dispersed chains after 20 iterations {early_rhat:.3f}; "
          f"chains from the same start after {ITERATIONS} ({BURN_IN} burn-in) {settled_rhat:.4f}")
    if not early_rhat > 1.2 or early_converged != 0 or "chains disagree" not in advice:
        problems.append(f"over-dispersed chains stopped early: median R-hat {early_rhat:.3f} (expected > 1.2), "
                        f"converged = {early_converged}, advice '{advice}'")
    if not settled_rhat < 1.05:
        problems.append(f"two settled chains: median pixel R-hat {settled_rhat:.4f} (expected < 1.05)")

    # 5. Resume of a 2-chain job (at the same and at another rank count) equals the uninterrupted job.
    for first_ranks, second_ranks in ((2, 2), (2, 4)):
        out = work / f"resumed_{first_ranks}_{second_ranks}.h5"
        config = write_config(work / f"resumed_{first_ranks}_{second_ranks}.yaml", out, 2, iterations=120)
        text = config.read_text().replace("progress_every: 1000", "progress_every: 1000, checkpoint_every: 60")
        config.write_text(text)
        must_run("first segment", config, first_ranks)
        must_run("resumed segment", config, second_ranks, "--resume", "--set", f"sampler.iterations={ITERATIONS}")
        resumed = read(out)
        worst = max(relative(resumed[n], two[n]) for n in ("mmse", "variance", "rhat", "ci_low"))
        tolerance = 0.0 if first_ranks == second_ranks else 1e-6
        print(f"resumed 2-chain job ({first_ranks} then {second_ranks} ranks) vs uninterrupted: {worst:.1e}")
        if not worst <= tolerance:
            problems.append(f"2-chain job resumed ({first_ranks} -> {second_ranks} ranks) differs from the uninterrupted "
                            f"job by {worst:.2e} (> {tolerance})")
        if not np.array_equal(resumed["trace/potential"].shape, two["trace/potential"].shape):
            problems.append("resumed 2-chain job: trace shapes differ")

    # 6. Checkpoints that cannot be pooled: one chain's file from an earlier stop, or missing.
    stale = work / "stale.h5"
    config = write_config(work / "stale.yaml", stale, 2, iterations=60, burn_in=20)
    config.write_text(config.read_text().replace("progress_every: 1000", "progress_every: 1000, checkpoint_every: 30"))
    must_run("checkpointed job", config, 2)
    chain1, chain1_previous = work / "stale.ckpt.chain1.h5", work / "stale.ckpt.chain1.prev.h5"
    if not chain1.exists() or not chain1_previous.exists():
        problems.append(f"a 2-chain job with checkpoints wrote no {chain1.name} / {chain1_previous.name}")
    else:
        chain1_previous.replace(chain1)  # chain 1 now at iteration 30, chain 0 at 60
        for case, expected in (("stale", "different iterations"), ("missing", "not found")):
            if case == "missing":
                chain1.unlink()
            bad = sample(args, config, 2, "--resume", "--set", "sampler.iterations=90")
            errors = [line for line in bad.stderr.splitlines() if "dpnp: error" in line]
            if bad.returncode != 2 or len(errors) != 1 or expected not in errors[0]:
                problems.append(f"resume with a {case} chain checkpoint: exit {bad.returncode}, errors {errors}")

    # 7. A chain count that does not divide the ranks.
    bad = sample(args, write_config(work / "bad.yaml", work / "bad.h5", 3), 2)
    lines = [line for line in bad.stderr.splitlines() if "run.chains" in line]
    if bad.returncode != 2 or len(lines) != 1 or "multiple of 3" not in lines[0]:
        problems.append(f"run.chains: 3 on 2 ranks: exit {bad.returncode}, lines naming run.chains: {lines}\n{bad.stderr}")

    # 8. Readers: xarray names the chain axis; the report draws every chain.
    import xarray as xr

    with xr.open_dataset(results[2], engine="h5netcdf", group="trace") as trace:
        if trace["potential"].dims != ("chain", "iteration") or trace["pixels"].dims[0] != "chain":
            problems.append(f"xarray: trace dims {trace['potential'].dims}, pixels {trace['pixels'].dims}")
    report = work / "two_chains.html"
    run = subprocess.run([args.dpnp, "report", str(results[2]), "-o", str(report)], capture_output=True, text=True,
                         env=cr.ENV, timeout=300)
    if run.returncode != 0 or "chain 0 (of 2)" not in report.read_text(encoding="utf-8"):
        problems.append(f"dpnp report of a 2-chain result: exit {run.returncode}\n{run.stdout}{run.stderr}")

    for p in problems:
        print("FAIL:", p)
    print("PASS" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
