"""matplotlib figures of a result, each rendered to PNG bytes (Agg, no display needed)."""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.cm import ScalarMappable  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402

from . import stretch as st  # noqa: E402
from .autocorrelation import autocorrelation, kept_part  # noqa: E402

INTENSITY_CMAP = "gray"     # single-channel intensities: the data's own grey levels
UNCERTAINTY_CMAP = "viridis"  # perceptually uniform, readable in grey print and by colour-blind readers
ERROR_CMAP = "magma"
PANEL_INCHES = 4.0
DPI = 100
COLOUR_BAR_TICKS = 5


def to_png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def display_pixels(image, stretch, low, high):
    """[C, h, w] -> what imshow shows: [h, w] for one channel, [h, w, 3] for colour (other channel
    counts are averaged to one)."""
    shown = st.apply(image, stretch, low, high)
    if image.shape[0] == 3:
        return np.nan_to_num(np.moveaxis(shown, 0, -1), nan=0.0)
    return shown.mean(axis=0) if image.shape[0] > 1 else shown[0]


def draw_panel(fig, ax, image, title, stretch, low, high, cmap, bar_axes=None):
    """One image with its colour bar: the bar's ticks sit at even display steps and are labelled with
    the data values they stand for, so a non-linear stretch reads correctly."""
    pixels = display_pixels(image, stretch, low, high)
    colour_map = cmap if pixels.ndim == 2 else "gray"
    ax.imshow(pixels, cmap=colour_map, vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    mappable = ScalarMappable(Normalize(0.0, 1.0), colour_map)
    bar = (fig.colorbar(mappable, cax=bar_axes) if bar_axes is not None
           else fig.colorbar(mappable, ax=ax, fraction=0.046, pad=0.03))
    ticks = np.linspace(0.0, 1.0, COLOUR_BAR_TICKS)
    bar.set_ticks(ticks)
    bar.set_ticklabels([f"{v:.3g}" for v in st.invert(ticks, stretch, low, high)])
    bar.ax.tick_params(labelsize=8)


def image_grid(panels, columns=3):
    """panels: (image [C, h, w], title, stretch, (low, high), cmap) -> PNG of the panels, `columns` a row."""
    rows = -(-len(panels) // columns)
    width = min(columns, len(panels))
    fig, axes = plt.subplots(rows, width, figsize=(PANEL_INCHES * width + 0.8, PANEL_INCHES * rows), squeeze=False)
    for ax, (image, title, stretch, (low, high), cmap) in zip(axes.ravel(), panels):
        draw_panel(fig, ax, image, title, stretch, low, high, cmap)
    for ax in axes.ravel()[len(panels):]:
        ax.set_axis_off()
    fig.tight_layout()
    return to_png(fig)


def single_image(image, stretch, low, high, cmap, width_pixels, height_pixels, title=None):
    """One image at its own pixel size (small ones enlarged to about 128 pixels), its colour bar to the
    right and the title above (the PNG previews)."""
    scale = max(1, -(-128 // max(width_pixels, height_pixels)))
    image_w, image_h = width_pixels * scale / DPI, height_pixels * scale / DPI
    bar_gap, bar_width, labels, title_room = 0.12, 0.18, 0.75, (0.3 if title else 0.05)
    fig_w, fig_h = image_w + bar_gap + bar_width + labels, image_h + title_room + 0.05
    fig = plt.figure(figsize=(fig_w, fig_h), dpi=DPI)
    ax = fig.add_axes([0.0, 0.05 / fig_h, image_w / fig_w, image_h / fig_h])
    bar_axes = fig.add_axes([(image_w + bar_gap) / fig_w, 0.05 / fig_h, bar_width / fig_w, image_h / fig_h])
    draw_panel(fig, ax, image, title or "", stretch, low, high, cmap, bar_axes)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def mark_burn_in(ax, burn_in):
    if burn_in > 0:
        ax.axvspan(0.5, burn_in + 0.5, color="0.85", zorder=0, label="burn-in")
        ax.axvline(burn_in + 0.5, color="0.4", lw=1, ls="--")


LINE_STYLES = ["-", "--", ":", "-."]


def traces(result, panels):
    """panels: (trace name, label); one stacked panel each, burn-in shaded."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 2.1 * len(panels)), sharex=True, squeeze=False)
    for ax, (name, label) in zip(axes[:, 0], panels):
        chains = result.traces[name].chains
        several = chains.shape[0] > 1
        iterations = np.arange(1, chains.shape[1] + 1)
        mark_burn_in(ax, result.burn_in)
        if chains.ndim == 3:
            rows = np.atleast_1d(result.traces[name].attributes.get("rows", []))
            columns = np.atleast_1d(result.traces[name].attributes.get("columns", []))
            # Colour by pixel; several chains differ by line style (chain 0 solid).
            for k in range(chains.shape[2]):
                where = f"({int(rows[k])}, {int(columns[k])})" if k < min(rows.size, columns.size) else f"{k}"
                for c in range(chains.shape[0]):
                    ax.plot(iterations, chains[c, :, k], lw=0.8, color=f"C{k % 10}", ls=LINE_STYLES[c % len(LINE_STYLES)],
                            label=f"pixel {where}" if c == 0 else None)
            ax.legend(fontsize=7, ncol=3, loc="best")
        else:
            for c in range(chains.shape[0]):
                ax.plot(iterations, chains[c], lw=0.8, color=f"C{c % 10}", label=f"chain {c}" if several else None)
            if several:
                ax.legend(fontsize=7, ncol=min(chains.shape[0], 6), loc="best")
        ax.set_ylabel(label, fontsize=9)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("iteration (shaded: burn-in, not in the estimates)")
    fig.tight_layout()
    return to_png(fig)


def autocorrelations(result, scalar_names, labels):
    """The kept part's autocorrelation of each scalar trace (left) and of the traced pixels (right)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    longest = 1
    series = []
    for name in scalar_names:
        values = result.traces[name].values
        columns = values.reshape(values.shape[0], -1)
        for k in range(columns.shape[1]):
            kept = kept_part(columns[:, k], result.burn_in, result.thinning)
            series.append((name, k, kept))
            longest = max(longest, kept.size)
    max_lag = min(longest - 1, 200) if longest > 1 else 0
    for name, k, kept in series:
        rho = autocorrelation(kept, max_lag)
        ax = axes[1] if result.traces[name].values.ndim == 2 else axes[0]
        label = labels[name] if result.traces[name].values.ndim == 1 else f"pixel {k}"
        ax.plot(np.arange(rho.size), rho, lw=1, label=label)
    for ax, title in zip(axes, ["scalar summaries", "traced pixels"]):
        ax.axhline(0.0, color="0.3", lw=0.8)
        ax.set_xlabel("lag (kept samples)")
        ax.set_ylabel("autocorrelation")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        if ax.lines[1:]:
            ax.legend(fontsize=7)
    fig.tight_layout()
    return to_png(fig)
