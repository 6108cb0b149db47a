#!/usr/bin/env python3
"""The chain targets its own law, not the posterior: how much do the MMSE and the variance map move
when the Langevin steps (sampler.step_scale) and the AXDA coupling rho halve? One paper config at
reduced scale: the centre 128x128 crop of the 256^2 test image (docs/results.md, "Bias: halving the
step size and rho").

Every variant runs R independent single-rank chains (run.seed 1..R), as long as the step is short
(iterations / step_scale, a quarter burn-in), two at a time; the Monte-Carlo errors are the spread
over these replicas. Prints a markdown table (also written to OUT/table.md).

    scripts/step_size_study.py [--replicas R] [--iterations N] [--prior tv|ddfb] [--out DIR]
"""
import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MPIRUN = ROOT / "scripts/mpirun.sh"
DPNP = ROOT / "build/src/dpnp"
CONFIGS = {"tv": "configs/paper/inpainting_tv_2048.yaml", "ddfb": "configs/paper/inpainting_ddfb_2048.yaml"}
# (label, step scale, rho scale); rho only exists for the split (TV) prior.
VARIANTS = {"tv": [("papers' steps, rho", 1.0, 1.0), ("steps / 2", 0.5, 1.0), ("rho / 2", 1.0, 0.5),
                   ("steps / 2, rho / 2", 0.5, 0.5)],
            "ddfb": [("papers' delta", 1.0, 1.0), ("delta / 2", 0.5, 1.0)]}


def run_one(prior, out, label, step, rho_scale, seed, iterations):
    its = int(round(iterations / step))
    path = out / f"{prior}_{step}_{rho_scale}_seed{seed}.h5"
    if path.exists():
        return path
    command = [str(MPIRUN), "-n", "1", str(DPNP), "sample", str(ROOT / CONFIGS[prior]),
               "--set", f"truth.path={ROOT / 'data/images/seeding_256.png'}", "--set", "truth.crop=[64,64,128,128]",
               "--set", "run.device=cpu",
               "--set", "run.threads=1", "--set", f"run.seed={seed}", "--set", f"sampler.step_scale={step}",
               "--set", f"sampler.iterations={its}", "--set", f"sampler.burn_in={its // 4}",
               "--set", "sampler.keep_samples=0", "--set", f"output.path={path}", "--set", "output.checkpoint_every=0",
               "--set", "output.progress_every=100000"]
    if rho_scale != 1.0:
        command += ["--set", f"prior.rho={0.01 * rho_scale}"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{label}, seed {seed}: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return path


def read(path):
    with h5py.File(path, "r") as f:
        return (f["mmse"][()].astype(np.float64), f["variance"][()].astype(np.float64), float(f.attrs["mmse_snr_db"]),
                int(f.attrs["iterations"]), dict(f.attrs))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", type=int, default=4)
    parser.add_argument("--iterations", type=int, default=4000)
    parser.add_argument("--prior", choices=sorted(CONFIGS), default="tv")
    parser.add_argument("--out", default=str(ROOT / "results/step_size_study"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    variants = VARIANTS[args.prior]
    jobs = [(label, step, rho, seed) for label, step, rho in variants for seed in range(1, args.replicas + 1)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        paths = list(pool.map(lambda j: run_one(args.prior, out, j[0], j[1], j[2], j[3], args.iterations), jobs))
    runs = {}
    for (label, _, _, _), path in zip(jobs, paths):
        runs.setdefault(label, []).append(read(path))

    def summary(label):
        replicas = runs[label]
        mmse = np.stack([r[0] for r in replicas])
        variance = np.stack([r[1] for r in replicas])
        snr = np.array([r[2] for r in replicas])
        total = variance.mean(axis=(1, 2, 3))
        r = len(replicas)
        return {"mmse": mmse.mean(0), "mmse_mc_var": mmse.var(0, ddof=1) / r, "variance": variance.mean(0),
                "variance_mc_var": variance.var(0, ddof=1) / r, "snr": snr.mean(), "snr_mc": snr.std(ddof=1) / np.sqrt(r),
                "total": total.mean(), "total_mc": total.std(ddof=1) / np.sqrt(r), "iterations": replicas[0][3]}

    base_label = variants[0][0]
    base = summary(base_label)
    lines = [f"| variant | iterations (¼ burn-in) × replicas | MMSE rSNR (dB) | mean posterior variance (×10⁻⁴) | "
             f"MMSE shift vs {base_label}: RMS / MC floor | variance map shift: relative RMS / MC floor |",
             "|---|---|---|---|---|---|"]
    for label, _, _ in variants:
        s = summary(label)
        row = (f"| {label} | {s['iterations']} × {args.replicas} | {s['snr']:.3f} ± {s['snr_mc']:.3f} | "
               f"{1e4 * s['total']:.3f} ± {1e4 * s['total_mc']:.3f} | ")
        if label == base_label:
            row += "– | – |"
        else:
            shift = np.sqrt(np.mean((s["mmse"] - base["mmse"]) ** 2))
            floor = np.sqrt(np.mean(s["mmse_mc_var"] + base["mmse_mc_var"]))
            scale = np.sqrt(np.mean(base["variance"] ** 2))
            vshift = np.sqrt(np.mean((s["variance"] - base["variance"]) ** 2)) / scale
            vfloor = np.sqrt(np.mean(s["variance_mc_var"] + base["variance_mc_var"])) / scale
            row += f"{shift:.2e} / {floor:.2e} | {vshift:.3f} / {vfloor:.3f} |"
        lines.append(row)
    table = "\n".join(lines)
    (out / f"table_{args.prior}.md").write_text(table + "\n")
    print(f"scripts/step_size_study.py --prior {args.prior} --replicas {args.replicas} --iterations {args.iterations}")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
