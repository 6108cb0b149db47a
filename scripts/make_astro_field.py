#!/usr/bin/env python3
"""Writes the grey astronomical example's synthetic field and its PSF (configs/astro_grey_*.yaml).

Usage: scripts/make_astro_field.py [OUT_DIR]   (default data/astro; numpy, astropy, h5py from .venv)
  OUT_DIR/field_256.fits  the noise-free sky in 16-bit counts, EXTNAME SCI, with a TAN WCS
  OUT_DIR/moffat_psf.h5   the Moffat PSF as /kernel (observation.blur_path reads it)

The field is what a telescope would see before its PSF and detector noise: a sky background with a
gentle gradient, a few elliptical exponential (Sersic n = 1) galaxies, a faint diffuse nebula, and
point sources whose fluxes follow the Euclidean counts N(>S) ~ S^-1.5. Point sources are drawn as
Gaussians of 0.5 px: unresolved, yet not aliased on the pixel grid. Everything is seeded, so the
committed files are reproduced bit for bit.
"""
import sys
from pathlib import Path

import h5py
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

SIZE = 256
SEED = 2026
SKY_COUNTS = (1800.0, 2400.0)  # across the gradient
MAX_COUNTS = 40000.0           # the brightest pixel, inside 16 bits
N_STARS = 120
STAR_SIGMA = 0.5
MOFFAT_FWHM = 3.5   # pixels: 0.7 arcsec seeing at 0.2 arcsec per pixel
MOFFAT_BETA = 3.0
PSF_SIZE = 21
PIXEL_ARCSEC = 0.2


def grid():
    return np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)


def sersic_exponential(rows, cols, centre, radius, axis_ratio, angle, peak):
    dy, dx = rows - centre[0], cols - centre[1]
    c, s = np.cos(angle), np.sin(angle)
    major, minor = c * dx + s * dy, -s * dx + c * dy
    r = np.hypot(major, minor / axis_ratio)
    return peak * np.exp(-r / radius)


def gaussian(rows, cols, centre, sigma, peak):
    return peak * np.exp(-((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) / (2 * sigma ** 2))


def sky(rng):
    rows, cols = grid()
    background = SKY_COUNTS[0] + (SKY_COUNTS[1] - SKY_COUNTS[0]) * (0.6 * rows + 0.4 * cols) / (SIZE - 1)
    extended = np.zeros((SIZE, SIZE))
    for _ in range(5):
        extended += sersic_exponential(rows, cols, rng.uniform(30, SIZE - 30, 2), rng.uniform(4, 12),
                                       rng.uniform(0.35, 0.9), rng.uniform(0, np.pi), rng.uniform(3000, 9000))
    for _ in range(4):  # the nebula: overlapping broad blobs
        extended += gaussian(rows, cols, rng.uniform(60, 200, 2), rng.uniform(15, 35), rng.uniform(800, 2000))
    # Pareto(1.5) fluxes are the Euclidean source counts; the cap keeps the brightest inside 16 bits.
    peaks = np.minimum(600.0 * (1.0 + rng.pareto(1.5, N_STARS)), MAX_COUNTS - SKY_COUNTS[1] - 9000)
    stars = np.zeros((SIZE, SIZE))
    for peak in peaks:
        stars += gaussian(rows, cols, rng.uniform(3, SIZE - 3, 2), STAR_SIGMA, peak)
    counts = background + extended + stars
    return np.clip(np.rint(counts), 0, 65535).astype(np.uint16)


def moffat_psf():
    half = PSF_SIZE // 2
    rows, cols = np.mgrid[-half:half + 1, -half:half + 1].astype(np.float64)
    alpha = MOFFAT_FWHM / (2.0 * np.sqrt(2.0 ** (1.0 / MOFFAT_BETA) - 1.0))
    kernel = (1.0 + (rows ** 2 + cols ** 2) / alpha ** 2) ** (-MOFFAT_BETA)
    return kernel / kernel.sum()


def wcs_header():
    wcs = WCS(naxis=2)
    wcs.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    wcs.wcs.crpix = [SIZE / 2 + 0.5, SIZE / 2 + 0.5]
    wcs.wcs.crval = [150.1, 2.2]
    wcs.wcs.cdelt = [-PIXEL_ARCSEC / 3600.0, PIXEL_ARCSEC / 3600.0]
    wcs.wcs.cunit = ["deg", "deg"]
    return wcs.to_header()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/astro")
    out.mkdir(parents=True, exist_ok=True)
    counts = sky(np.random.default_rng(SEED))
    header = wcs_header()
    header["BUNIT"] = ("adu", "noise-free counts")
    header["OBJECT"] = "dpnp synthetic field"
    header["ORIGIN"] = "scripts/make_astro_field.py"
    header["SEED"] = SEED
    header["PSFFWHM"] = (MOFFAT_FWHM, "Moffat FWHM of moffat_psf.h5 (pixels)")
    header["PSFBETA"] = (MOFFAT_BETA, "Moffat beta of moffat_psf.h5")
    fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(counts, header, name="SCI")]).writeto(
        out / "field_256.fits", overwrite=True)
    with h5py.File(out / "moffat_psf.h5", "w") as f:
        f.create_dataset("kernel", data=moffat_psf())
        f["kernel"].attrs["fwhm_pixels"] = MOFFAT_FWHM
        f["kernel"].attrs["beta"] = MOFFAT_BETA
    print(f"{out}/field_256.fits: {SIZE}x{SIZE} uint16, counts {counts.min()}..{counts.max()}; "
          f"{out}/moffat_psf.h5: {PSF_SIZE}x{PSF_SIZE}, FWHM {MOFFAT_FWHM} px, beta {MOFFAT_BETA}")


if __name__ == "__main__":
    main()
