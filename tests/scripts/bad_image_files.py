"""FITS and TIFF files that are wrong in one way each, for tests/bad_inputs/90_* to 99_* (astropy and tifffile
write them, so that each is a valid file of its format apart from the one fault)."""
from pathlib import Path

import numpy as np
import tifffile
from astropy.io import fits


def make_bad_fits_and_tiff(folder: Path) -> None:
    rng = np.random.default_rng(4)
    image = rng.random((32, 24)).astype(np.float32)
    fits.PrimaryHDU(image[0]).writeto(folder / "one_dimensional.fits")
    fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(image, name="SCI")]).writeto(folder / "extensions.fits")
    (folder / "not_fits.fits").write_text("SIMPLE? no, this is text\n")
    fits.PrimaryHDU(rng.random((256, 256)).astype(np.float32)).writeto(folder / "full.fits")
    data = (folder / "full.fits").read_bytes()
    (folder / "truncated.fits").write_bytes(data[: len(data) // 2])
    fits.PrimaryHDU(rng.random((5, 16, 16)).astype(np.float32)).writeto(folder / "five_planes.fits")
    fits.PrimaryHDU(image).writeto(folder / "protected.fits")
    tifffile.imwrite(folder / "float16.tif", image.astype(np.float16), photometric="minisblack")
    with tifffile.TiffWriter(folder / "pages_differ.tif") as writer:
        writer.write(image, photometric="minisblack")
        writer.write(image[:16], photometric="minisblack")
        writer.write(image, photometric="minisblack")
    with tifffile.TiffWriter(folder / "two_pages.tif") as writer:
        for _ in range(2):
            writer.write(image, photometric="minisblack")
    tifffile.imwrite(folder / "full.tif", rng.random((256, 256)).astype(np.float32), photometric="minisblack",
                     rowsperstrip=16)
    data = (folder / "full.tif").read_bytes()
    (folder / "truncated.tif").write_bytes(data[: len(data) // 2])
