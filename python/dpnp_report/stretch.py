"""Display stretches: maps from data values to [0, 1] display values, given display limits.

Pure numpy, so that the same functions shade the images and label their colour bars."""
import numpy as np

from .common import STRETCHES  # noqa: F401 (the stretches this module implements)

# Softening of asinh (in units of the display range): below it the stretch is nearly linear, above
# it logarithmic, which keeps faint structure and bright sources visible together.
ASINH_SOFTENING = 0.1
# The span of the log stretch: the display covers three decades above the lower limit.
LOG_SPAN = 1000.0
# Large-dynamic-range test: how far the brightest pixels sit above the median, in robust standard
# deviations. Natural images stay below 5 (uniform 1.4, Gaussian 3.1, exponential 8.7); sky images
# with stars reach hundreds.
HEAVY_TAIL_SIGMAS = 20.0


def finite_values(image):
    values = np.asarray(image, dtype=np.float64).ravel()
    return values[np.isfinite(values)]


def zscale_limits(image, samples=1000, contrast=0.25, clip_sigmas=2.5, max_rounds=5):
    """IRAF-style z-scale limits: a line is fitted to the sorted values of an evenly spaced sample,
    rejecting outliers; the limits are the median -/+ the fitted slope spread over the sample,
    divided by the contrast. Keeps the background and faint sources in view when a few pixels are
    far brighter."""
    values = finite_values(image)
    if values.size == 0:
        return 0.0, 1.0
    step = max(1, values.size // samples)
    sample = np.sort(values[::step])
    n = sample.size
    low, high = float(sample[0]), float(sample[-1])
    if n < 5 or low == high:
        return low, high
    index = np.arange(n, dtype=np.float64)
    keep = np.ones(n, dtype=bool)
    slope = 0.0
    for _ in range(max_rounds):
        if keep.sum() < max(5, n // 2):
            break
        slope, intercept = np.polyfit(index[keep], sample[keep], 1)
        residual = sample - (slope * index + intercept)
        spread = np.std(residual[keep])
        if spread == 0:
            break
        new_keep = np.abs(residual) < clip_sigmas * spread
        if np.array_equal(new_keep, keep):
            break
        keep = new_keep
    median = float(np.median(sample))
    center = (n - 1) / 2.0
    z1 = max(low, median - center * slope / contrast)
    z2 = min(high, median + (n - 1 - center) * slope / contrast)
    if not z1 < z2:
        return low, high
    return z1, z2


def limits(image, stretch):
    """Display limits of an image for a stretch: z-scale's own, else the finite range."""
    if stretch == "zscale":
        return zscale_limits(image)
    values = finite_values(image)
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    return (low, high) if low < high else (low, low + 1.0)


def apply(values, stretch, low, high):
    """Maps values to [0, 1]: clipped to [low, high], then shaped by the stretch."""
    span = high - low if high > low else 1.0
    t = np.clip((np.asarray(values, dtype=np.float64) - low) / span, 0.0, 1.0)
    if stretch in ("linear", "zscale"):
        return t
    if stretch == "asinh":
        return np.arcsinh(t / ASINH_SOFTENING) / np.arcsinh(1.0 / ASINH_SOFTENING)
    if stretch == "log":
        return np.log1p(LOG_SPAN * t) / np.log1p(LOG_SPAN)
    raise ValueError(f"unknown stretch '{stretch}'; choose one of {', '.join(STRETCHES)}")


def invert(display, stretch, low, high):
    """Data value of a display value in [0, 1] (for colour-bar ticks)."""
    d = np.clip(np.asarray(display, dtype=np.float64), 0.0, 1.0)
    if stretch in ("linear", "zscale"):
        t = d
    elif stretch == "asinh":
        t = ASINH_SOFTENING * np.sinh(d * np.arcsinh(1.0 / ASINH_SOFTENING))
    elif stretch == "log":
        t = np.expm1(d * np.log1p(LOG_SPAN)) / LOG_SPAN
    else:
        raise ValueError(f"unknown stretch '{stretch}'")
    return low + t * (high - low)


def default_stretch(image):
    """z-scale for heavy-tailed data (a few pixels far above the bulk, as stars on a sky), else linear."""
    values = finite_values(image)
    if values.size < 16:
        return "linear"
    median = np.median(values)
    robust_sigma = 1.4826 * np.median(np.abs(values - median))
    if robust_sigma <= 0:
        spread = values.max() - median
        return "zscale" if spread > 0 else "linear"
    top = np.percentile(values, 99.9)
    return "zscale" if (top - median) / robust_sigma > HEAVY_TAIL_SIGMAS else "linear"
