#!/usr/bin/env python3
"""`dpnp simulate` + `observation.path` (issue 4, part 5):

1. for inpainting/Gaussian and deblurring/Poisson, sampling from the file `dpnp simulate` wrote (on 2
   ranks) gives exactly the chain of sampling with the synthesised observation (on 3 ranks);
2. a file written by hand with h5py, without ground truth (a user's own data), samples, and the result
   file then holds no truth and no metrics;
3. the observation file holds what docs/bring-your-own-data.md says.
Usage: observation_file_test.py --dpnp BUILD/src/dpnp --work DIR
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, MPIRUN, ROOT  # noqa: E402

CASES = {
    "inpainting_gaussian": "problem: {task: inpainting, noise: gaussian}\nobservation: {missing_fraction: 0.5, snr_db: 20}\n"
                           "prior: {type: tv, mu: 15, rho: 0.01}\n",
    "deblurring_poisson": "problem: {task: deblurring, noise: poisson}\nobservation: {blur_size: 5, peak: 100}\n"
                          "prior: {type: tv, mu: 10}\npoisson: {rho1: 10, rho2: 0.01}\n",
}


def dpnp(args, ranks, log):
    with open(log, "w") as out:
        code = subprocess.run([str(MPIRUN), "-n", str(ranks), *args], stdout=out, stderr=subprocess.STDOUT, env=ENV,
                              timeout=300).returncode
    if code != 0:
        sys.exit(f"FAIL: {' '.join(map(str, args))} exited {code}; see {log}:\n{Path(log).read_text()[-2000:]}")


def config_text(case, output, truth=True):
    text = "run: {threads: 1}\n" + CASES[case]
    if truth:
        text += f"truth: {{path: \"{ROOT / 'data/images/dandelion_512.png'}\", crop: [100, 120, 48, 40]}}\n"
    text += f"sampler: {{iterations: 30, burn_in: 10}}\noutput: {{path: \"{output}\"}}\n"
    return text


def write_config(path, case, output, truth=True, observation=None):
    text = config_text(case, output, truth)
    if observation:
        # Merge into the case's observation mapping (YAML does not allow the key twice).
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("observation:"):
                lines[i] = line.replace("{", f"{{path: \"{observation}\", ", 1)
                break
        else:
            lines.append(f"observation: {{path: \"{observation}\"}}")
        text = "\n".join(lines) + "\n"
    path.write_text(text)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True, type=Path)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    failures = []

    for case in CASES:
        direct = write_config(args.work / f"{case}_direct.yaml", case, args.work / f"{case}_direct.h5")
        observation = args.work / f"{case}_observation.h5"
        dpnp([args.dpnp, "simulate", direct, "--output", observation], 2, args.work / f"{case}_simulate.log")
        from_file = write_config(args.work / f"{case}_file.yaml", case, args.work / f"{case}_file.h5", truth=False,
                                 observation=observation)
        dpnp([args.dpnp, "sample", direct], 3, args.work / f"{case}_direct.log")
        dpnp([args.dpnp, "sample", from_file], 2, args.work / f"{case}_file.log")
        with h5py.File(args.work / f"{case}_direct.h5") as a, h5py.File(args.work / f"{case}_file.h5") as b, \
                h5py.File(observation) as o:
            for name in ("observation", "ground_truth"):
                if not np.array_equal(a[name][()], b[name][()]):
                    failures.append(f"{case}: /{name} differs between the synthesised and the file observation")
            # The runs use 3 and 2 ranks: the FFT blur of a slab rounds differently, nothing more.
            for name in ("mmse", "variance"):
                error = np.abs(a[name][()] - b[name][()]).max() / np.abs(a[name][()]).max()
                if error > 1e-5:
                    failures.append(f"{case}: /{name} differs by {error:.2e} (relative) from the direct run")
            for name in ("task", "noise"):
                if o.attrs[name] != a.attrs[name]:
                    failures.append(f"{case}: attribute {name} is {o.attrs[name]!r}, not {a.attrs[name]!r}")
            operator = "mask" if "inpainting" in case else "kernel"
            if operator not in o or not np.array_equal(o[operator][()], a[operator][()]):
                failures.append(f"{case}: /{operator} of the observation file is not the run's")
            if "mmse_psnr_db" not in b.attrs or abs(b.attrs["mmse_psnr_db"] - a.attrs["mmse_psnr_db"]) > 1e-4:
                failures.append(f"{case}: the file's ground truth did not give the same metrics")
        print(f"{case}: simulate (2 ranks) -> sample from file (2 ranks) == sample directly (3 ranks)")

    # A user's own data: written with h5py (variable-length string attributes), no ground truth.
    rng = np.random.default_rng(5)
    user = args.work / "user_observation.h5"
    with h5py.File(user, "w") as f:
        mask = (rng.random((32, 24)) < 0.6).astype(np.uint8)
        f["observation"] = (rng.random((1, 32, 24)) * mask).astype(np.float32)
        f["mask"] = mask
        f.attrs["task"] = "inpainting"
        f.attrs["noise"] = "gaussian"
        f.attrs["sigma"] = 0.05
    config = write_config(args.work / "user.yaml", "inpainting_gaussian", args.work / "user.h5", truth=False,
                          observation=user)
    dpnp([args.dpnp, "sample", config], 2, args.work / "user.log")
    with h5py.File(args.work / "user.h5") as r:
        if r["mmse"].shape != (1, 32, 24):
            failures.append(f"user data: /mmse is {r['mmse'].shape}, not (1, 32, 24)")
        if "ground_truth" in r or "mmse_psnr_db" in r.attrs:
            failures.append("user data: the result claims a ground truth it was never given")
        if not np.isfinite(r["variance"][()]).all():
            failures.append("user data: non-finite variance")
    print("user data without ground truth: sampled")

    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
