#!/usr/bin/env python3
"""Digests of the chain of every config under configs/, to show that a change leaves every chain
bit for bit the same (or to say which ones it changes).

Each config runs shortened and shrunk so that all of them take a few minutes on a laptop: a crop of
a shipped image, a small blur kernel, a few iterations, the CPU, one thread. Learned priors whose
weights are not in models/ get random weights of the same architecture (benchmarks/make_random_weights.py),
so the chain still exercises the network. Prints one line per config and dataset: the SHA-256 of the
dataset's bytes; compare two outputs with diff.

Usage: scripts/chain_digests.py --dpnp build/src/dpnp [--ranks 2] [--work DIR] [--iterations 12] > digests.txt
"""
import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ("/mmse", "/variance", "/ci_low", "/ci_high", "/trace/potential", "/trace/snr", "/observation")


def random_weights(work: Path) -> dict:
    out = work / "weights"
    if not (out / "drunet.pth").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks/make_random_weights.py"), str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    return {"ddfb": out / "ddfb_k4.pth", "ddfb19": out / "ddfb_k19.pth", "dncnn": out / "dncnn_20.pth",
            "drunet": out / "drunet.pth"}


def weights_for(config_text: str, prior: str, fallback: dict) -> Path:
    if "k19" in config_text:
        return fallback["ddfb19"]
    return fallback[prior]


def prior_of(config: Path) -> str:
    for line in config.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("type:"):
            return stripped.split(":", 1)[1].split("#")[0].strip()
    return "tv"


def overrides(config: Path, work: Path, iterations: int, fallback: dict) -> list:
    text = config.read_text()
    prior = prior_of(config)
    sets = {
        "run.device": "cpu", "run.threads": "1",
        "truth.path": str(ROOT / "data/images/dandelion_512.png"), "truth.crop": "[100,120,40,48]",
        "sampler.iterations": str(iterations), "sampler.burn_in": str(iterations // 3),
        "sampler.keep_samples": "4", "sampler.flush_every": "2",
        "output.path": str(work / (config.stem + ".h5")), "output.checkpoint_every": "0",
        "output.previews": "false",
    }
    if "deblurring" in text:
        sets["observation.blur_size"] = "5"
    if prior in ("ddfb", "dncnn", "drunet"):
        weights = Path(config.parent / text.split("weights:", 1)[1].split()[0]) if "weights:" in text else None
        if weights is None or not weights.resolve().exists():
            weights = weights_for(text, prior, fallback)
        sets["prior.weights"] = str(weights.resolve())
    return [arg for key, value in sets.items() for arg in ("--set", f"{key}={value}")]


def digest(path: Path) -> list:
    lines = []
    with h5py.File(path, "r") as f:
        for name in DATASETS:
            if name in f:
                data = np.ascontiguousarray(f[name][()])
                lines.append(f"{name} {data.dtype} {list(data.shape)} {hashlib.sha256(data.tobytes()).hexdigest()[:16]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=12)
    parser.add_argument("--work", default=str(ROOT / "build/test-scratch/chain_digests"))
    parser.add_argument("configs", nargs="*", help="configs to run (default: every configs/**/*.yaml)")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    fallback = random_weights(work)
    configs = [Path(c) for c in args.configs] or sorted(ROOT.glob("configs/**/*.yaml"))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    failures = 0
    for config in configs:
        name = config.relative_to(ROOT) if config.is_absolute() else config
        command = [str(ROOT / "scripts/mpirun.sh"), "-n", str(args.ranks), args.dpnp, "sample", str(config),
                   *overrides(config.resolve(), work, args.iterations, fallback)]
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            failures += 1
            last = (result.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name} FAILED ({result.returncode}): {last}")
            continue
        for line in digest(work / (config.stem + ".h5")):
            print(f"{name} {line}")
        sys.stdout.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
