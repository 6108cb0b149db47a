#!/usr/bin/env python3
"""End-to-end check of a finished run's outputs (used by the e2e_demo test).

Usage: check_result_file.py RESULT.h5 [--previews] [--ci]
Checks the documented layout (docs/output.md), the provenance attributes, and that the MMSE beats
the observation."""
import sys
from pathlib import Path

import h5py
import numpy as np

path = Path(sys.argv[1])
problems = []
with h5py.File(path, "r") as f:
    required = ["mmse", "variance", "observation", "mask", "ground_truth", "trace/potential", "trace/seconds", "trace/snr"]
    if "--ci" in sys.argv:
        required += ["ci_low", "ci_high"]
    for name in required:
        if name not in f:
            problems.append(f"missing dataset /{name}")
    for name in ["config", "dpnp_version", "git_hash", "seed", "ranks", "decomposition", "iterations", "burn_in",
                 "mmse_psnr_db", "mmse_ssim", "observation_psnr_db", "complete"]:
        if name not in f.attrs:
            problems.append(f"missing attribute {name}")
    if not problems:
        iterations = int(f.attrs["iterations"])
        if f["trace/potential"].shape != (iterations,):
            problems.append(f"trace/potential has shape {f['trace/potential'].shape}, expected ({iterations},)")
        if not np.all(np.isfinite(f["trace/potential"][()])):
            problems.append("non-finite potential")
        if f["mmse"].shape != f["ground_truth"].shape:
            problems.append("mmse and ground_truth shapes differ")
        if not f.attrs["mmse_psnr_db"] > f.attrs["observation_psnr_db"]:
            problems.append(f"MMSE PSNR {f.attrs['mmse_psnr_db']:.2f} is not above the observation's {f.attrs['observation_psnr_db']:.2f}")
        if np.min(f["variance"][()]) < 0:
            problems.append("negative variance")
        if "ci_low" in f and not np.all(f["ci_low"][()] <= f["ci_high"][()]):
            problems.append("ci_low above ci_high")
        print(f"MMSE PSNR {f.attrs['mmse_psnr_db']:.2f} dB, SSIM {f.attrs['mmse_ssim']:.4f}; "
              f"observation PSNR {f.attrs['observation_psnr_db']:.2f} dB")
if "--previews" in sys.argv:
    for suffix in ["mmse", "std", "observation"]:
        png = path.with_name(f"{path.stem}_{suffix}.png")
        if not png.exists():
            problems.append(f"missing preview {png.name}")
for p in problems:
    print("FAIL", p)
sys.exit(1 if problems else 0)
