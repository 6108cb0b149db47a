#!/usr/bin/env python3
"""Reads the result files of scripts/reproduce.sh and writes the measured table into docs/results.md
(between the `<!-- results:begin -->` and `<!-- results:end -->` markers, so that the discussion
around it is kept) and one figure per run into docs/figures/ (truth | observation | MMSE | std).
Usage: scripts/results_table.py RESULTS_DIR RESULTS_MD FIGURES_DIR [--marker NAME] [--measured-only] [--no-figures]
  --marker NAME    write between <!-- NAME:begin --> and <!-- NAME:end --> (default: results)
  --measured-only  leave out the rows that were not run
  --no-figures     write no figures (runs on data that may not be redistributed)"""
import argparse
import sys
from pathlib import Path

import h5py
import numpy as np
from PIL import Image

TASKS = [("inpainting", "Gaussian inpainting"), ("deblurring", "Gaussian deblurring"), ("poisson", "Poisson deblurring")]
PRIORS = [("tv", "TV"), ("ddfb", "DDFB (K=4, shipped)"), ("dncnn", "DnCNN (KAIR colour blind)"), ("drunet", "DRUNet (KAIR)")]
# Rows beyond task x prior: (task, run name, prior title).
VARIANTS = {"poisson": [("poisson_ddfb_datanoise", "DDFB (K=4, shipped), σ_d from the data's noise")]}


def to_image(array: np.ndarray) -> Image.Image:
    array = np.clip(np.moveaxis(array, 0, -1), 0, 1)
    if array.shape[-1] == 1:
        array = array[..., 0]
    return Image.fromarray((array * 255 + 0.5).astype(np.uint8))


def observation_image(f: h5py.File) -> np.ndarray:
    y = f["observation"][()].astype(np.float64)
    if "kernel" in f:  # the full convolution: its centre is aligned with the image
        k = f["kernel"].shape[0]
        h, w = f["mmse"].shape[-2:]
        y = y[:, k // 2:k // 2 + h, k // 2:k // 2 + w]
    if f.attrs["noise"] == "poisson":
        y = y / f.attrs["peak"]
    return y


def figure(f: h5py.File, path: Path) -> None:
    std = np.sqrt(np.maximum(f["variance"][()], 0)).mean(axis=0, keepdims=True)
    panels = [f["ground_truth"][()], observation_image(f), f["mmse"][()], std / max(std.max(), 1e-12)]
    images = [to_image(p).convert("RGB") for p in panels]
    width, height = images[0].size
    canvas = Image.new("RGB", (4 * width + 3 * 4, height), "white")
    for i, image in enumerate(images):
        canvas.paste(image, (i * (width + 4), 0))
    canvas.save(path, optimize=True)


def rsnr_mc_error(f: h5py.File) -> float:
    """Monte-Carlo standard deviation (dB) of rSNR (and of PSNR, the same function of the squared
    error up to a constant) from the MMSE's pixel-wise MCSE, by the delta method: with e = MMSE −
    truth and independent pixel errors d of sd MCSE, ||e + d||² varies by 2 sqrt(Σ e² MCSE²), so the
    metric by (10 / ln 10) · 2 sqrt(Σ e² MCSE²) / ||e||²."""
    if "mcse" not in f:
        return float("nan")
    error = f["mmse"][()].astype(np.float64) - f["ground_truth"][()].astype(np.float64)
    mcse = f["mcse"][()].astype(np.float64)
    energy = float(np.sum(error ** 2))
    return float(10.0 / np.log(10.0) * 2.0 * np.sqrt(np.sum(error ** 2 * mcse ** 2)) / energy)


def settled(a) -> bool:
    """The chains have settled: every scalar summary's split-R-hat over the chains below 1.05 and the
    median pixel-wise R-hat below 1.01. Not the verdict's 1.01 for the summaries: its R-hat is itself
    an estimate whose noise is about 1 / ESS, and the summaries' ESS here is 50-500 (1.01 needs
    ESS > 400, i.e. chains ten times longer on this CPU); the columns show both numbers."""
    median_pixel = float(a.get("rhat_pixel_median", 1.0))
    return float(a["rhat_max"]) < 1.05 and median_pixel < 1.01


def ordering(task_title: str, measured: list) -> str:
    """One line per task: the priors by rSNR, each gap against the combined MC error (2 sigma)."""
    ranked = sorted(measured, key=lambda m: -m[1])
    parts = []
    for (name_a, snr_a, sd_a, ok_a), (name_b, snr_b, sd_b, ok_b) in zip(ranked, ranked[1:]):
        gap, sd = snr_a - snr_b, float(np.hypot(sd_a, sd_b))
        verdict = "exceeds" if gap > 2 * sd else "within"
        caveat = "" if ok_a and ok_b else " (a chain has not settled)"
        parts.append(f"{name_a} > {name_b} by {gap:.2f} dB, {verdict} 2 MC sd ({2 * sd:.3f} dB){caveat}")
    return f"- **{task_title}**: " + ("; ".join(parts) if parts else "one prior measured") + "."


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("markdown", type=Path)
    parser.add_argument("figures", type=Path)
    parser.add_argument("--marker", default="results")
    parser.add_argument("--measured-only", action="store_true")
    parser.add_argument("--no-figures", action="store_true")
    parser.add_argument("--ddfb-title", default=dict(PRIORS)["ddfb"], help="how the DDFB rows name their weights")
    args = parser.parse_args()
    priors = [(prior, args.ddfb_title if prior == "ddfb" else title) for prior, title in PRIORS]
    results, markdown, figures = args.results, args.markdown, args.figures
    BEGIN, END = f"<!-- {args.marker}:begin -->", f"<!-- {args.marker}:end -->"
    if not args.no_figures:
        figures.mkdir(parents=True, exist_ok=True)
    rows = ["| task | prior | observation SNR / PSNR / SSIM | MMSE rSNR ± MC sd / PSNR / SSIM | chains × iterations (burn-in) "
            "| median pixel ESS | min ESS, max R̂ (summaries) | pixel R̂ median / max | settled | s / iteration | figure |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    orderings = []
    for task, task_title in TASKS:
        measured = []
        runs = [(f"{task}_{prior}", prior_title) for prior, prior_title in priors] + VARIANTS.get(task, [])
        for name, prior_title in runs:
            h5 = results / f"{name}.h5"
            if not h5.exists():
                if args.measured_only:
                    continue
                skipped = results / f"{name}.skipped"
                why = skipped.read_text().strip() if skipped.exists() else "not run"
                rows.append(f"| {task_title} | {prior_title} | – | {why} | – | – | – | – | – | – | – |")
                continue
            with h5py.File(h5) as f:
                a = f.attrs
                if not args.no_figures:
                    figure(f, figures / f"{name}.png")
                sd = rsnr_mc_error(f)
                ok = settled(a)
                chains = int(a.get("chains", 1))
                pixel_rhat = (f"{float(a['rhat_pixel_median']):.3f} / {float(a['rhat_pixel_max']):.2f}"
                              if "rhat_pixel_median" in a else "–")
                short = prior_title.split(" ")[0] + (" (data-noise σ_d)" if "data's noise" in prior_title else "")
                measured.append((short, float(a["mmse_snr_db"]), sd, ok))
                rows.append(
                    f"| {task_title} | {prior_title} | {a['observation_snr_db']:.2f} / {a['observation_psnr_db']:.2f} / "
                    f"{a['observation_ssim']:.3f} | **{a['mmse_snr_db']:.2f}** ± {sd:.3f} / {a['mmse_psnr_db']:.2f} / "
                    f"{a['mmse_ssim']:.3f} | {chains} × {a['iterations']} ({a['burn_in']}) | {float(a['ess_median']):.0f} | "
                    f"{float(a['ess_min_summaries']):.0f}, {float(a['rhat_max']):.3f} | {pixel_rhat} | "
                    f"{'yes' if ok else '**no**'} | {a['median_seconds_per_iteration']:.3f} | "
                    f"{'–' if args.no_figures else f'[{name}](figures/{name}.png)'} |")
        orderings.append(ordering(task_title, measured))
    table = "\n".join(rows) + "\n\nOrdering of the priors by MMSE rSNR, against the Monte-Carlo error:\n\n" + "\n".join(orderings)
    text = markdown.read_text() if markdown.exists() else f"# Results\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        sys.exit(f"{markdown}: no {BEGIN} ... {END} markers to put the table between")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    markdown.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}")
    print(f"wrote the table into {markdown} and figures into {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
