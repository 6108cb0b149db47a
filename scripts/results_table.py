#!/usr/bin/env python3
"""Reads the result files of scripts/reproduce.sh and writes the measured table into docs/results.md
(between the `<!-- results:begin -->` and `<!-- results:end -->` markers, so that the discussion
around it is kept) and one figure per run into docs/figures/ (truth | observation | MMSE | std).
Usage: scripts/results_table.py RESULTS_DIR RESULTS_MD FIGURES_DIR"""
import sys
from pathlib import Path

import h5py
import numpy as np
from PIL import Image

TASKS = [("inpainting", "Gaussian inpainting"), ("deblurring", "Gaussian deblurring"), ("poisson", "Poisson deblurring")]
PRIORS = [("tv", "TV"), ("ddfb", "DDFB (K=4, shipped)"), ("dncnn", "DnCNN (KAIR colour blind)"), ("drunet", "DRUNet (KAIR)")]
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


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


def main() -> int:
    results, markdown, figures = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    figures.mkdir(parents=True, exist_ok=True)
    rows = ["| task | prior | observation SNR / PSNR / SSIM | MMSE rSNR / PSNR / SSIM | iterations (burn-in) | s / iteration | figure |",
            "|---|---|---|---|---|---|---|"]
    for task, task_title in TASKS:
        for prior, prior_title in PRIORS:
            name = f"{task}_{prior}"
            h5 = results / f"{name}.h5"
            if not h5.exists():
                why = "no weights here" if (results / f"{name}.skipped").exists() else "not run"
                rows.append(f"| {task_title} | {prior_title} | – | {why} | – | – | – |")
                continue
            with h5py.File(h5) as f:
                a = f.attrs
                fig = figures / f"{name}.png"
                figure(f, fig)
                rows.append(
                    f"| {task_title} | {prior_title} | {a['observation_snr_db']:.2f} / {a['observation_psnr_db']:.2f} / "
                    f"{a['observation_ssim']:.3f} | **{a['mmse_snr_db']:.2f}** / {a['mmse_psnr_db']:.2f} / "
                    f"{a['mmse_ssim']:.3f} | {a['iterations']} ({a['burn_in']}) | {a['median_seconds_per_iteration']:.3f} | "
                    f"[{name}](figures/{name}.png) |")
    table = "\n".join(rows)
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
