"""What the report reads from a result file: every item optional except the MMSE, so that files of
older and newer dpnp versions both report (an absent item is shown as "not in this file")."""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .autocorrelation import kept_part
from .common import ReportInputError


def as_text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        return ", ".join(as_text(v) for v in value.ravel())
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def box_downscale(dataset, max_side):
    """[C, H, W] (or [H, W]) dataset averaged over factor x factor boxes so that the longer side is
    at most max_side; read a block of rows at a time, so a large image is never held whole."""
    shape = dataset.shape
    image_2d = len(shape) == 2
    channels, height, width = (1, *shape) if image_2d else shape
    factor = max(1, -(-max(height, width) // max_side))
    out_rows, out_cols = -(-height // factor), -(-width // factor)
    out = np.empty((channels, out_rows, out_cols), np.float64)
    # Whole boxes of rows at a time, about 256 image rows per read.
    rows_per_read = max(1, 256 // factor)
    for first in range(0, out_rows, rows_per_read):
        last = min(out_rows, first + rows_per_read)
        begin, end = first * factor, min(height, last * factor)
        block = np.asarray(dataset[begin:end] if image_2d else dataset[:, begin:end], dtype=np.float64)
        block = block.reshape(channels, end - begin, width)
        padded = np.zeros((channels, (last - first) * factor, out_cols * factor))
        counts = np.zeros_like(padded)
        finite = np.isfinite(block)
        padded[:, : end - begin, :width] = np.where(finite, block, 0.0)
        counts[:, : end - begin, :width] = finite
        shape = (channels, last - first, factor, out_cols, factor)
        box_sums = padded.reshape(shape).sum(axis=(2, 4))
        box_counts = counts.reshape(shape).sum(axis=(2, 4))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, first:last] = np.where(box_counts > 0, box_sums / np.maximum(box_counts, 1), np.nan)
    return out, factor


@dataclass
class Trace:
    name: str             # dataset name under /trace
    chains: np.ndarray    # [chain, iterations] or [chain, iterations, k] (one chain: chain axis of 1)
    attributes: dict = field(default_factory=dict)

    @property
    def values(self):
        """Chain 0's trace, [iterations] or [iterations, k]."""
        return self.chains[0]

    def kept(self, burn_in, thinning, column=None):
        """Every chain's kept part (of one column of a per-pixel trace), chain after chain."""
        parts = [kept_part(c if column is None else c[:, column], burn_in, thinning) for c in self.chains]
        return np.concatenate(parts) if parts else np.zeros(0)


@dataclass
class Result:
    path: Path
    attributes: dict
    images: dict        # name -> [C, h, w] float64, box-downscaled
    factor: dict        # name -> box factor
    traces: dict        # name -> Trace
    full_shape: tuple   # [C, H, W] of /mmse

    def attr(self, name, default=None):
        return self.attributes.get(name, default)

    @property
    def burn_in(self):
        return int(self.attributes.get("burn_in", 0))

    @property
    def thinning(self):
        return int(self.attributes.get("thinning", 1))


IMAGE_DATASETS = ("mmse", "variance", "ci_low", "ci_high", "mcse", "ess", "rhat", "observation", "ground_truth", "mask")


def open_result(path):
    """The h5py file of a dpnp result, or ReportInputError naming what is wrong with it."""
    import h5py

    path = Path(path)
    if not path.exists():
        raise ReportInputError(f"result '{path}': no such file; give the path of a result file written by dpnp sample "
                               f"(output.path, e.g. results/demo.h5)")
    if path.is_dir():
        raise ReportInputError(f"result '{path}': is a directory; give the path of a result file (.h5) written by "
                               f"dpnp sample")
    if not h5py.is_hdf5(path):
        raise ReportInputError(f"result '{path}': not an HDF5 file; give the path of a result file written by "
                               f"dpnp sample (output.path)")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ReportInputError(f"result '{path}': cannot be read as HDF5 ({e}); give an intact result file written "
                               f"by dpnp sample") from None
    if "mmse" not in f or "variance" not in f:
        f.close()
        raise ReportInputError(f"result '{path}': not a dpnp result file (no /mmse and /variance); give a file written "
                               f"by dpnp sample, not an observation or a checkpoint")
    return f


def read_result(path, max_side=800):
    with open_result(path) as f:
        attributes = {k: f.attrs[k] for k in f.attrs}
        images, factor = {}, {}
        for name in IMAGE_DATASETS:
            if name in f:
                images[name], factor[name] = box_downscale(f[name], max_side)
        traces = {}
        # Several chains (run.chains) put a chain axis first on every trace.
        several = int(np.asarray(attributes.get("chains", 1)).ravel()[0]) > 1
        if "trace" in f:
            for name, dataset in f["trace"].items():
                values = np.asarray(dataset[()], dtype=np.float64)
                traces[name] = Trace(name, values if several else values[None],
                                     {k: dataset.attrs[k] for k in dataset.attrs})
        return Result(Path(path), attributes, images, factor, traces, tuple(f["mmse"].shape))
