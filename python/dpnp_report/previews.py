"""PNG previews next to a result (<stem>_mmse.png, <stem>_observation.png, <stem>_std.png), each with
its colour map and colour bar, box-averaged so that the longer side is at most max_side."""
from pathlib import Path

import numpy as np

from . import figures
from . import stretch as st
from .result import box_downscale, open_result


def preview_path(result_path, suffix):
    path = Path(result_path)
    return path.with_name(f"{path.stem}_{suffix}.png")


def write_previews(result_path, max_side, stretch_choice="auto"):
    """Writes the three previews; returns their paths."""
    written = []
    with open_result(result_path) as f:
        mmse, _ = box_downscale(f["mmse"], max_side)
        stretch = st.default_stretch(mmse) if stretch_choice == "auto" else stretch_choice
        items = [("mmse", mmse, "MMSE", stretch, figures.INTENSITY_CMAP)]
        if "observation" in f:
            items.append(("observation", box_downscale(f["observation"], max_side)[0], "observation", stretch,
                          figures.INTENSITY_CMAP))
        variance, _ = box_downscale(f["variance"], max_side)
        std = np.nanmean(np.sqrt(np.maximum(variance, 0.0)), axis=0, keepdims=True)
        items.append(("std", std, "posterior std", "linear", figures.UNCERTAINTY_CMAP))
    for suffix, image, title, stretch_name, cmap in items:
        low, high = (0.0, max(float(np.nanmax(image)), 1e-30)) if suffix == "std" else st.limits(image, stretch_name)
        png = figures.single_image(image, stretch_name, low, high, cmap, image.shape[2], image.shape[1], title)
        target = preview_path(result_path, suffix)
        temporary = target.with_name(target.name + ".partial")
        temporary.write_bytes(png)
        temporary.replace(target)
        written.append(target)
    return written
