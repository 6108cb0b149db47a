#!/usr/bin/env python3
"""`dpnp denoise`: the shipped DDFB applied to a crop of the demo image, at 1 and 3 ranks.

Checks that the denoised image is the same at every rank count (the denoiser is distributed like a
chain), that with --add-noise it is closer to the image than the noisy input (PSNR up by more than
3 dB at sigma_d 0.1), that the logged and stored PSNR agree with a recomputation, and that a split
prior or a missing denoiser level is refused with exit 2 and one line on every rank."""
import argparse
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

import chain_runs as cr

ROOT = cr.ROOT


def write_config(path: Path, prior: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""run: {{threads: 1}}
truth: {{path: "{ROOT / 'data/images/dandelion_512.png'}", crop: [100, 140, 61, 53]}}
{prior}
output: {{path: "{path.parent / 'unused.h5'}"}}
""")
    return path


def denoise(args, config: Path, ranks: int, output: Path, *extra, env=None) -> subprocess.CompletedProcess:
    command = [str(cr.MPIRUN), "-n", str(ranks), args.dpnp, "denoise", str(config), "-o", str(output), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env or cr.ENV, timeout=300)


def psnr(estimate, reference) -> float:
    return 10 * np.log10(1.0 / np.mean((estimate.astype(np.float64) - reference) ** 2))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)
    problems = []
    ddfb = write_config(work / "ddfb.yaml", f"""prior: {{type: ddfb, weights: "{ROOT / 'models/ddfb_c3_k4_f64.pth'}",
  denoising_level: 0.1}}""")
    outputs = {}
    for ranks in (1, 3):
        outputs[ranks] = work / f"denoised_np{ranks}.h5"
        run = denoise(args, ddfb, ranks, outputs[ranks], "--add-noise")
        if run.returncode != 0:
            problems.append(f"{ranks} rank(s): exit {run.returncode}\n{run.stdout}{run.stderr}")
    if not problems:
        with h5py.File(outputs[1]) as one, h5py.File(outputs[3]) as three:
            image, noisy, denoised = one["image"][()], one["noisy"][()], one["denoised"][()]
            difference = np.max(np.abs(denoised - three["denoised"][()]))
            if difference > 1e-5 or not np.array_equal(noisy, three["noisy"][()]):
                problems.append(f"denoised image differs between 1 and 3 ranks by {difference:.2e}")
            before, after = psnr(noisy, image), psnr(denoised, image)
            print(f"PSNR noisy {before:.2f} dB, denoised {after:.2f} dB (sigma_d 0.1, 61x53 crop)")
            if not after > before + 3:
                problems.append(f"denoising does not help: PSNR {before:.2f} -> {after:.2f} dB")
            if abs(one.attrs["denoised_psnr_db"] - after) > 1e-3 or abs(one.attrs["noisy_psnr_db"] - before) > 1e-3:
                problems.append(f"stored PSNR {one.attrs['noisy_psnr_db']:.4f} -> {one.attrs['denoised_psnr_db']:.4f} "
                                f"is not the file's {before:.4f} -> {after:.4f}")
            noise_std = np.std(noisy - image)
            if abs(noise_std - 0.1) > 0.005:
                problems.append(f"added noise has std {noise_std:.4f}, not 0.1")

    # The fused kernels' two sets (AVX-512 dual pass + AVX2 primal pass, or AVX2 throughout) compute
    # the same numbers, so a chain does not depend on which the CPU takes; a CPU without AVX-512
    # runs AVX2 for both, which then compares AVX2 with itself.
    kernel_sets = {}
    for isa in ("avx2", "avx512"):
        kernel_sets[isa] = work / f"denoised_{isa}.h5"
        run = denoise(args, ddfb, 2, kernel_sets[isa], "--add-noise", env=dict(cr.ENV, DPNP_DDFB_ISA=isa))
        if run.returncode != 0:
            problems.append(f"DPNP_DDFB_ISA={isa}: exit {run.returncode}\n{run.stdout}{run.stderr}")
    if all(path.exists() for path in kernel_sets.values()):
        with h5py.File(kernel_sets["avx2"]) as a, h5py.File(kernel_sets["avx512"]) as b:
            if not np.array_equal(a["denoised"][()], b["denoised"][()]):
                problems.append("the AVX2 and AVX-512 kernel sets give different denoised images")

    refused = {
        "a split prior": (write_config(work / "tv.yaml", "prior: {type: tv}"), "prior.type"),
        "no denoiser level": (write_config(work / "nolevel.yaml", f"""prior: {{type: ddfb, weights: "{ROOT / 'models/ddfb_c3_k4_f64.pth'}"}}"""),
                              "prior.denoising_level"),
    }
    for case, (config, key) in refused.items():
        run = denoise(args, config, 3, work / "refused.h5")
        lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line]
        if run.returncode != 2 or len(errors) != 1 or key not in errors[0]:
            problems.append(f"{case}: exit {run.returncode}, lines {lines} (exit 2 and one error naming {key} expected)")
        if (work / "refused.h5").exists():
            problems.append(f"{case}: an output was written")
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
