#!/usr/bin/env python3
"""Detector data types and bad pixels (issue 13, item 4), with files written by h5py:

1. an observation file of every integer type (8 to 64 bits, signed and unsigned) and of float16/32/64
   gives exactly the chain of the float64 file holding the same counts (Poisson inpainting);
2. a numpy bool mask (an HDF5 enum) gives the chain of the uint8 mask;
3. NaN and +-Inf in y where the mask is 0 give the chain of zeros there; without /mask the mask is
   derived from the non-finite pixels (and the log says so), again the same chain;
4. an HDF5 truth follows the one documented rule: values in [0, 1] as stored, else min-max normalised,
   whatever the type (uint16 detector counts, int32 with negatives, float16).
Each at the given rank counts (CMake runs 1 and 3).
Usage: data_types_test.py --dpnp BUILD/src/dpnp --work DIR [--ranks 1 3]
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, MPIRUN  # noqa: E402

TYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"]
HEIGHT, WIDTH = 24, 20
CHAIN = "run: {threads: 1}\nsampler: {iterations: 12, burn_in: 4}\n"
POISSON = "problem: {task: inpainting, noise: poisson}\nprior: {type: tv, mu: 10}\npoisson: {rho1: 10, rho2: 0.01}\n"


def run(dpnp, config: Path, ranks: int, expected_code: int = 0) -> str:
    result = subprocess.run([str(MPIRUN), "-n", str(ranks), dpnp, "sample", str(config)], capture_output=True,
                            text=True, env=ENV, timeout=300)
    log = result.stdout + result.stderr
    if result.returncode != expected_code:
        sys.exit(f"FAIL: {config} at {ranks} rank(s) exited {result.returncode}, not {expected_code}:\n{log[-2000:]}")
    return log


def refused(dpnp, work: Path, name: str, ranks: int, path: Path, expected: str) -> str:
    """'' when sampling `path` stops with exit code 2 and one error line containing `expected`."""
    config = work / f"{name}_np{ranks}.yaml"
    config.write_text(CHAIN + POISSON + f"observation: {{path: \"{path}\"}}\noutput: {{path: \"{work / name}.h5\"}}\n")
    lines = [l for l in run(dpnp, config, ranks, expected_code=2).splitlines() if l.startswith("dpnp:")]
    if len(lines) != 1 or expected not in lines[0]:
        return f"{ranks} rank(s): {name}: expected one error line with {expected!r}, got {lines}"
    return ""


def observation_file(path: Path, y, mask=None):
    with h5py.File(path, "w") as f:
        f["observation"] = y
        if mask is not None:
            f["mask"] = mask
        f.attrs["task"], f.attrs["noise"], f.attrs["peak"] = "inpainting", "poisson", 100.0
    return path


def sample_observation(dpnp, work: Path, name: str, ranks: int, path: Path):
    config = work / f"{name}_np{ranks}.yaml"
    output = work / f"{name}_np{ranks}.h5"
    config.write_text(CHAIN + POISSON + f"observation: {{path: \"{path}\"}}\noutput: {{path: \"{output}\"}}\n")
    log = run(dpnp, config, ranks)
    with h5py.File(output) as r:
        return r["mmse"][()], log


def sample_truth(dpnp, work: Path, name: str, ranks: int, truth):
    path = work / f"truth_{name}.h5"
    with h5py.File(path, "w") as f:
        f["x"] = truth
    config = work / f"truth_{name}_np{ranks}.yaml"
    output = work / f"truth_{name}_np{ranks}.h5"
    config.write_text(CHAIN + "prior: {type: tv, mu: 15, rho: 0.01}\nobservation: {missing_fraction: 0.5, sigma: 0.05}\n"
                      f"truth: {{path: \"{path}\"}}\noutput: {{path: \"{output}\"}}\n")
    log = run(dpnp, config, ranks)
    with h5py.File(output) as r:
        return r["ground_truth"][()], log


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--ranks", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    rng = np.random.default_rng(13)
    mask = rng.random((HEIGHT, WIDTH)) < 0.7
    counts = rng.poisson(40.0, (1, HEIGHT, WIDTH)) * mask  # at most ~80: fits int8
    assert counts.max() < 127
    failures = []

    for ranks in args.ranks:
        reference, _ = sample_observation(args.dpnp, args.work, "float64", ranks,
                                          observation_file(args.work / "obs_float64.h5", counts.astype(np.float64),
                                                           mask.astype(np.uint8)))
        for dtype in TYPES[:-1]:  # the last, float64, is the reference
            path = observation_file(args.work / f"obs_{dtype}.h5", counts.astype(dtype), mask.astype(np.uint8))
            mmse, _ = sample_observation(args.dpnp, args.work, dtype, ranks, path)
            if not np.array_equal(mmse, reference):
                failures.append(f"{ranks} rank(s): a {dtype} observation gives another chain than float64")
        print(f"{ranks} rank(s): observations of {', '.join(TYPES)} give the float64 chain")

        mmse, _ = sample_observation(args.dpnp, args.work, "bool_mask", ranks,
                                     observation_file(args.work / "obs_bool_mask.h5", counts.astype(np.float64), mask))
        if not np.array_equal(mmse, reference):
            failures.append(f"{ranks} rank(s): a bool mask gives another chain than the uint8 mask")

        bad = counts.astype(np.float64)
        missing = np.argwhere(~mask)
        for i, (r, c) in enumerate(missing):
            bad[0, r, c] = (np.nan, np.inf, -np.inf)[i % 3]
        mmse, _ = sample_observation(args.dpnp, args.work, "nan_masked", ranks,
                                     observation_file(args.work / "obs_nan_masked.h5", bad, mask.astype(np.uint8)))
        if not np.array_equal(mmse, reference):
            failures.append(f"{ranks} rank(s): NaN/Inf at missing pixels change the chain")
        mmse, log = sample_observation(args.dpnp, args.work, "nan_no_mask", ranks,
                                       observation_file(args.work / "obs_nan_no_mask.h5", bad))
        if not np.array_equal(mmse, reference):
            failures.append(f"{ranks} rank(s): the mask derived from NaN/Inf is not the mask")
        said = f"the mask is derived from the observation, {len(missing)} of {HEIGHT * WIDTH} pixels"
        if said not in log:
            failures.append(f"{ranks} rank(s): the log does not say {said!r}:\n{log[-1500:]}")
        print(f"{ranks} rank(s): bool mask, NaN/Inf under the mask and a mask derived from NaN/Inf give the chain")

        bad_observed = counts.astype(np.float64)
        bad_observed[0, 7, 3], mask_observed = np.nan, mask.copy()
        mask_observed[7, 3] = True
        failures.append(refused(args.dpnp, args.work, "nan_observed", ranks,
                                observation_file(args.work / "obs_nan_observed.h5", bad_observed,
                                                 mask_observed.astype(np.uint8)),
                                "holds NaN or infinite values at an observed pixel (first at row 7, column 3)"))
        failures.append(refused(args.dpnp, args.work, "all_nan", ranks,
                                observation_file(args.work / "obs_all_nan.h5", np.full(counts.shape, np.nan)),
                                "every pixel of '/observation' is NaN or infinite"))
        failures = [f for f in failures if f]
        print(f"{ranks} rank(s): NaN at an observed pixel and an all-NaN observation are refused")

        image = rng.random((HEIGHT, WIDTH))
        truths = {
            "uint16_counts": (np.round(image * 4000) + 100).astype(np.uint16),
            "int32_negative": (np.round(image * 2000) - 1000).astype(np.int32),
            "float16_unit": image.astype(np.float16),
            "uint8_binary": (image > 0.5).astype(np.uint8),
        }
        for name, truth in truths.items():
            got, log = sample_truth(args.dpnp, args.work, name, ranks, truth)
            values = truth.astype(np.float64)
            in_unit = values.min() >= 0 and values.max() <= 1
            expected = values if in_unit else (values - values.min()) / (values.max() - values.min())
            if not np.allclose(got[0], expected, rtol=0, atol=1e-6):
                failures.append(f"{ranks} rank(s): truth {name} read as {got[0].min()}..{got[0].max()}, not the rule's")
            if in_unit == ("min-max normalised" in log):
                failures.append(f"{ranks} rank(s): truth {name}: the log {'says' if in_unit else 'does not say'} "
                                "that it was min-max normalised")
        print(f"{ranks} rank(s): HDF5 truths of {', '.join(truths)} follow the normalisation rule")

    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
