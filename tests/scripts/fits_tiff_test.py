#!/usr/bin/env python3
"""FITS and TIFF in, FITS out (issue 13, items 5 and 6), with files written by astropy and tifffile.

--part fits    a FITS truth of every BITPIX (8, 16, uint16 as BZERO 32768, 32, 64, -32, -64), scaled by
               BSCALE/BZERO, in a named or numbered extension, behind an empty primary HDU, tile-compressed,
               and a 3-plane cube give exactly (bit for bit) the chain of the HDF5 truth holding the same
               physical values; a FITS observation with BLANK pixels and a SIGMA keyword gives the chain of
               the HDF5 observation with NaN there; a FITS deblurring observation with its kernel file gives
               the chain of the HDF5 observation holding both.
--part tiff    a TIFF truth of every sample type (8/16/32-bit unsigned and signed, 32/64-bit float),
               stripped (strips that straddle the ranks' rows), tiled, deflate-compressed, RGB interleaved
               and planar, and a 3-page stack give the chain of the HDF5 truth; a float TIFF observation
               with NaN gives the chain of the HDF5 one.
--part output  output.fits: astropy reads MMSE, LOWER and UPPER equal to the HDF5 result's /mmse, /ci_low
               and /ci_high, and STD equal to sqrt(/variance) within one float32 ulp; the input's WCS survives (shifted by truth.crop: the
               output's pixel (x, y) is the input's (x + left, y + top)); provenance keywords are the run's.
Usage: fits_tiff_test.py --dpnp BUILD/src/dpnp --work DIR --part fits|tiff|output --ranks N
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import tifffile
from astropy.io import fits
from astropy.wcs import WCS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, MPIRUN  # noqa: E402

HEIGHT, WIDTH = 40, 36
CHAIN = "run: {threads: 1}\nsampler: {iterations: 12, burn_in: 4, keep_samples: 4}\n"
TRUTH_PROBLEM = "prior: {type: tv, mu: 15, rho: 0.01}\nobservation: {missing_fraction: 0.5, sigma: 0.05}\n"
# Even integers 0..100: every listed type holds them exactly, and BSCALE 2 / BZERO -50 stores them as integers.
PIXELS = 2 * np.random.default_rng(5).integers(0, 51, size=(3, HEIGHT, WIDTH))
GREY = PIXELS[0]


def run(dpnp, config: Path, ranks: int) -> str:
    result = subprocess.run([str(MPIRUN), "-n", str(ranks), dpnp, "sample", str(config)], capture_output=True,
                            text=True, env=ENV, timeout=300)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"FAIL: {config} at {ranks} rank(s) exited {result.returncode}:\n{log[-3000:]}")
    return log


def sample(dpnp, work: Path, name: str, ranks: int, body: str):
    """Runs a chain whose config is CHAIN + body + the output, and returns the result file's datasets."""
    config = work / f"{name}_np{ranks}.yaml"
    output = work / f"{name}_np{ranks}.h5"
    config.write_text(CHAIN + body + f"output: {{path: \"{output}\"}}\n")
    run(dpnp, config, ranks)
    with h5py.File(output) as r:
        return {key: r[key][()] for key in ("mmse", "ground_truth", "observation") if key in r}, output


def sample_truth(dpnp, work, name, ranks, path: Path, extra: str = ""):
    return sample(dpnp, work, name, ranks, TRUTH_PROBLEM + f"truth: {{path: \"{path}\"{extra}}}\n")[0]


def h5_truth(work: Path, name: str, values) -> Path:
    path = work / f"{name}.h5"
    with h5py.File(path, "w") as f:
        f["x"] = values
    return path


def same_chain(name: str, got: dict, want: dict) -> str:
    for key in ("ground_truth", "mmse"):
        if got[key].shape != want[key].shape or not np.array_equal(got[key], want[key]):
            diff = np.abs(got[key].astype(np.float64) - want[key]).max() if got[key].shape == want[key].shape else "shape"
            return f"{name}: /{key} differs from the HDF5 input's ({diff})"
    return ""


# ---------------------------------------------------------------------------------------------- FITS in

def fits_truths(work: Path) -> dict:
    """name -> (path, truth.hdu, channels)."""
    files = {}
    for dtype in ("uint8", "int16", "uint16", "int32", "int64", "float32", "float64"):
        path = work / f"grey_{dtype}.fits"
        fits.PrimaryHDU(GREY.astype(dtype)).writeto(path, overwrite=True)
        files[f"fits_{dtype}"] = (path, "", 1)
    with fits.open(work / "grey_uint16.fits", do_not_scale_image_data=True) as f:
        assert f[0].header["BITPIX"] == 16 and f[0].header["BZERO"] == 32768, "astropy did not write uint16 as BZERO"
    scaled = fits.PrimaryHDU(GREY.astype(np.float64))
    scaled.scale("int16", bscale=2.0, bzero=-50.0)
    scaled.writeto(work / "grey_scaled.fits", overwrite=True)
    with fits.open(work / "grey_scaled.fits", do_not_scale_image_data=True) as f:
        assert f[0].data.dtype.kind == "i" and f[0].header["BSCALE"] == 2.0, "the scaled file is not scaled"
    files["fits_bscale_bzero"] = (work / "grey_scaled.fits", "", 1)
    extensions = fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(np.zeros((4, 4), np.float32), name="ERR"),
                               fits.ImageHDU(GREY.astype(np.float32), name="SCI")])
    extensions.writeto(work / "extensions.fits", overwrite=True)
    files["fits_named_extension"] = (work / "extensions.fits", "SCI", 1)
    files["fits_numbered_extension"] = (work / "extensions.fits", "2", 1)
    fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(GREY.astype(np.int32), name="SCI")]).writeto(
        work / "empty_primary.fits", overwrite=True)
    files["fits_empty_primary"] = (work / "empty_primary.fits", "", 1)
    fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(GREY.astype(np.int16), name="SCI")]).writeto(
        work / "compressed.fits", overwrite=True)
    files["fits_tile_compressed"] = (work / "compressed.fits", "SCI", 1)
    fits.PrimaryHDU(PIXELS.astype(np.int16)).writeto(work / "cube.fits", overwrite=True)
    files["fits_cube_int16"] = (work / "cube.fits", "", 3)
    fits.PrimaryHDU(PIXELS.astype(np.float32)).writeto(work / "cube_float.fits", overwrite=True)
    files["fits_cube_float32"] = (work / "cube_float.fits", "", 3)
    return files


def fits_observations(dpnp, work: Path, ranks: int) -> list:
    failures = []
    rng = np.random.default_rng(8)
    # Inpainting: int16 counts in steps of 0.01 with BLANK where a pixel is bad, the level in SIGMA.
    stored = rng.integers(0, 100, size=(HEIGHT, WIDTH)).astype(np.int16)
    bad = rng.random((HEIGHT, WIDTH)) < 0.4
    stored[bad] = -32768
    fits.PrimaryHDU(stored).writeto(work / "observation_blank.fits", overwrite=True)
    # The scaling keywords go in afterwards, so that astropy leaves the stored integers as they are.
    with fits.open(work / "observation_blank.fits", mode="update", do_not_scale_image_data=True) as f:
        f[0].header["BSCALE"], f[0].header["BZERO"], f[0].header["BLANK"] = 0.01, 0.0, -32768
        f[0].header["SIGMA"] = 0.05
    y = stored.astype(np.float64) * 0.01
    y[bad] = np.nan
    with fits.open(work / "observation_blank.fits") as f:
        # astropy scales in float32; cfitsio, like the HDF5 file, in float64 before rounding to float32.
        assert np.allclose(f[0].data, y, rtol=1e-6, atol=0, equal_nan=True), "astropy reads the BLANK file otherwise"
    with h5py.File(work / "observation_nan.h5", "w") as f:
        f["observation"] = y
        f.attrs["sigma"] = 0.05
    # observation.sigma is unset: the FITS run can only have its level from the SIGMA keyword.
    inpainting = "problem: {task: inpainting, noise: gaussian}\nprior: {type: tv, mu: 15, rho: 0.01}\n"
    got, _ = sample(dpnp, work, "observation_blank_fits", ranks,
                    inpainting + f"observation: {{path: \"{work / 'observation_blank.fits'}\"}}\n")
    want, _ = sample(dpnp, work, "observation_nan_h5", ranks,
                     inpainting + f"observation: {{path: \"{work / 'observation_nan.h5'}\"}}\n")
    if not np.array_equal(got["mmse"], want["mmse"]):
        failures.append("a FITS observation with BLANK pixels: /mmse differs from the HDF5 observation with NaN")
    # Deblurring: the full convolution as a float32 FITS image, the kernel from its own file.
    k = 5
    kernel = rng.random((k, k))
    kernel /= kernel.sum()
    with h5py.File(work / "kernel.h5", "w") as f:
        f["kernel"] = kernel
    full = rng.random((HEIGHT + k - 1, WIDTH + k - 1)).astype(np.float32)
    fits.PrimaryHDU(full).writeto(work / "blurred.fits", overwrite=True)
    with h5py.File(work / "blurred.h5", "w") as f:
        f["observation"], f["kernel"] = full, kernel
        f.attrs["sigma"] = 0.05
    deblur = ("problem: {task: deblurring, noise: gaussian}\nprior: {type: tv, mu: 15, rho: 0.01}\n"
              f"observation: {{sigma: 0.05, blur_kernel: file, blur_path: \"{work / 'kernel.h5'}\", path: ")
    got, _ = sample(dpnp, work, "blurred_fits", ranks, deblur + f"\"{work / 'blurred.fits'}\"}}\n")
    want, _ = sample(dpnp, work, "blurred_h5", ranks, deblur + f"\"{work / 'blurred.h5'}\"}}\n")
    if not np.array_equal(got["mmse"], want["mmse"]):
        failures.append("a FITS deblurring observation: /mmse differs from the HDF5 observation's")
    return failures


def part_fits(dpnp, work: Path, ranks: int) -> list:
    references = {1: sample_truth(dpnp, work, "reference_grey", ranks, h5_truth(work, "grey", GREY.astype(np.float64))),
                  3: sample_truth(dpnp, work, "reference_colour", ranks, h5_truth(work, "colour", PIXELS.astype(np.float64)))}
    failures = []
    for name, (path, hdu, channels) in fits_truths(work).items():
        extra = f", hdu: \"{hdu}\"" if hdu else ""
        failures.append(same_chain(name, sample_truth(dpnp, work, name, ranks, path, extra), references[channels]))
    return [f for f in failures if f] + fits_observations(dpnp, work, ranks)


# ---------------------------------------------------------------------------------------------- TIFF in

def tiff_truths(work: Path) -> dict:
    """name -> (path, channels)."""
    files = {}
    for dtype in ("uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"):
        path = work / f"grey_{dtype}.tif"
        tifffile.imwrite(path, GREY.astype(dtype), photometric="minisblack", rowsperstrip=5)
        files[f"tiff_{dtype}_strips_of_5_rows"] = (path, 1)
    tifffile.imwrite(work / "tiled.tif", GREY.astype(np.uint16), photometric="minisblack", tile=(16, 16))
    files["tiff_uint16_tiled_16x16"] = (work / "tiled.tif", 1)
    tifffile.imwrite(work / "deflate.tif", GREY.astype(np.float32), photometric="minisblack", rowsperstrip=3,
                     compression="zlib")
    files["tiff_float32_deflate"] = (work / "deflate.tif", 1)
    tifffile.imwrite(work / "one_strip.tif", GREY.astype(np.int16), photometric="minisblack", rowsperstrip=HEIGHT)
    files["tiff_int16_one_strip"] = (work / "one_strip.tif", 1)
    rgb = np.moveaxis(PIXELS, 0, -1)
    tifffile.imwrite(work / "rgb.tif", rgb.astype(np.uint8), photometric="rgb", rowsperstrip=7)
    files["tiff_rgb_uint8_interleaved"] = (work / "rgb.tif", 3)
    tifffile.imwrite(work / "rgb_planar.tif", PIXELS.astype(np.uint16), photometric="rgb", planarconfig="separate",
                     rowsperstrip=6)
    files["tiff_rgb_uint16_planar"] = (work / "rgb_planar.tif", 3)
    tifffile.imwrite(work / "rgb_tiled.tif", rgb.astype(np.float32), photometric="rgb", tile=(16, 32))
    files["tiff_rgb_float32_tiled"] = (work / "rgb_tiled.tif", 3)
    with tifffile.TiffWriter(work / "stack.tif") as writer:
        for plane in PIXELS.astype(np.int32):
            writer.write(plane, photometric="minisblack", rowsperstrip=4)
    assert len(tifffile.TiffFile(work / "stack.tif").pages) == 3, "tifffile did not write 3 pages"
    files["tiff_stack_of_3_int32_pages"] = (work / "stack.tif", 3)
    with tifffile.TiffWriter(work / "thumbnail.tif") as writer:
        writer.write(GREY.astype(np.uint16), photometric="minisblack")
        writer.write(GREY[::4, ::4].astype(np.uint16), photometric="minisblack", subfiletype=1)
    files["tiff_with_a_reduced_resolution_page"] = (work / "thumbnail.tif", 1)
    for name, (path, channels) in files.items():
        with tifffile.TiffFile(path) as tiff:
            pages = [page for page in tiff.pages if not page.subfiletype & 1]
            back = np.stack([page.asarray() for page in pages]) if len(pages) > 1 else pages[0].asarray()
        back = np.moveaxis(back, -1, 0) if back.ndim == 3 and back.shape[-1] == 3 else back
        assert np.array_equal(back, GREY if channels == 1 else PIXELS), f"tifffile round trip of {name}"
    return files


def part_tiff(dpnp, work: Path, ranks: int) -> list:
    references = {1: sample_truth(dpnp, work, "reference_grey", ranks, h5_truth(work, "grey", GREY.astype(np.float64))),
                  3: sample_truth(dpnp, work, "reference_colour", ranks, h5_truth(work, "colour", PIXELS.astype(np.float64)))}
    failures = [same_chain(name, sample_truth(dpnp, work, name, ranks, path), references[channels])
                for name, (path, channels) in tiff_truths(work).items()]
    # A float observation with NaN as bad pixels, as HDF5 and as TIFF.
    rng = np.random.default_rng(9)
    y = rng.random((3, HEIGHT, WIDTH)).astype(np.float32)
    y[:, rng.random((HEIGHT, WIDTH)) < 0.3] = np.nan
    tifffile.imwrite(work / "observation.tif", np.moveaxis(y, 0, -1), photometric="rgb", rowsperstrip=5)
    with h5py.File(work / "observation.h5", "w") as f:
        f["observation"] = y
    body = "problem: {task: inpainting, noise: gaussian}\nprior: {type: tv, mu: 15, rho: 0.01}\n"
    got, _ = sample(dpnp, work, "observation_tif", ranks,
                    body + f"observation: {{sigma: 0.05, path: \"{work / 'observation.tif'}\"}}\n")
    want, _ = sample(dpnp, work, "observation_h5", ranks,
                     body + f"observation: {{sigma: 0.05, path: \"{work / 'observation.h5'}\"}}\n")
    if not np.array_equal(got["mmse"], want["mmse"]):
        failures.append("a TIFF observation with NaN: /mmse differs from the HDF5 observation's")
    return [f for f in failures if f]


# ---------------------------------------------------------------------------------------------- FITS out

def wcs_header() -> fits.Header:
    w = WCS(naxis=2)
    w.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    w.wcs.crpix = [18.5, 20.25]
    w.wcs.crval = [150.1, 2.2]
    w.wcs.cdelt = [-2.8e-4, 2.8e-4]
    w.wcs.pc = [[0.96, -0.28], [0.28, 0.96]]
    w.wcs.cunit = ["deg", "deg"]
    w.wcs.radesys = "FK5"
    w.wcs.equinox = 2000.0
    return w.to_header()


def part_output(dpnp, work: Path, ranks: int) -> list:
    failures = []
    top, left = 3, 5
    fits.PrimaryHDU(GREY.astype(np.float32), header=wcs_header()).writeto(work / "sky.fits", overwrite=True)
    config = work / f"sky_np{ranks}.yaml"
    result = work / f"sky_np{ranks}.h5"
    config.write_text(CHAIN.replace("run: {threads: 1}", "run: {threads: 1, seed: 77}")
                      + TRUTH_PROBLEM + f"truth: {{path: \"{work / 'sky.fits'}\", crop: [{top}, {left}, 30, 28]}}\n"
                      + f"output: {{path: \"{result}\", fits: true}}\n")
    run(dpnp, config, ranks)
    fits_path = result.with_suffix(".fits")
    if not fits_path.is_file() or list(work.glob("*.partial")):
        return [f"{fits_path} missing, or a .partial left behind"]
    with h5py.File(result) as r, fits.open(fits_path) as f:
        try:
            f.verify("exception")  # the FITS standard, as astropy checks it
        except Exception as error:  # noqa: BLE001 (astropy raises several kinds)
            failures.append(f"{fits_path} does not verify: {error}")
        names = [hdu.name for hdu in f]
        if names != ["MMSE", "STD", "LOWER", "UPPER"]:
            failures.append(f"HDUs {names}, expected MMSE, STD, LOWER, UPPER")
        expected = {"MMSE": r["mmse"][()], "STD": np.sqrt(r["variance"][()]).astype(np.float32),
                    "LOWER": r["ci_low"][()], "UPPER": r["ci_high"][()]}
        for name, want in expected.items():
            got = f[name].data
            # STD is LibTorch's float32 square root (vectorised, not always correctly rounded): one ulp at most.
            close = (lambda a, b: np.allclose(a, b, rtol=1.2e-7, atol=0)) if name == "STD" else np.array_equal
            if got is None or got.shape != want.shape[1:] or not close(got, want[0].astype(np.float32)):
                failures.append(f"FITS {name} differs from the HDF5 result's")
        header = f["MMSE"].header
        provenance = {"SEED": 77, "NITER": 12, "BURNIN": 4, "NRANKS": ranks,
                      "DPNPVER": r.attrs["dpnp_version"], "GITHASH": r.attrs["git_hash"]}
        for key, value in provenance.items():
            value = value.decode() if isinstance(value, bytes) else value
            if header.get(key) != value:
                failures.append(f"keyword {key} is {header.get(key)!r}, expected {value!r}")
        w_in = WCS(fits.getheader(work / "sky.fits"))
        for hdu in f:
            w_out = WCS(hdu.header)
            xs, ys = np.meshgrid(np.arange(0, 28, 9.0), np.arange(0, 30, 7.0))
            got = np.array(w_out.pixel_to_world_values(xs, ys))
            want = np.array(w_in.pixel_to_world_values(xs + left, ys + top))
            if not np.allclose(got, want, rtol=0, atol=1e-12):
                failures.append(f"{hdu.name}: the WCS does not map pixels as the input's (shifted by the crop) does")
            # Every WCS card of the input survives; only the reference pixel moves with the crop.
            for key, value in wcs_header().items():
                value = value - {"CRPIX1": left, "CRPIX2": top}.get(key, 0) if key.startswith("CRPIX") else value
                if hdu.header.get(key) != value:
                    failures.append(f"{hdu.name}: {key} is {hdu.header.get(key)!r}, the input's gives {value!r}")
    # A colour cube without WCS: a 3-D FITS per estimate.
    tifffile.imwrite(work / "colour.tif", np.moveaxis(PIXELS, 0, -1).astype(np.uint8), photometric="rgb")
    config = work / f"colour_np{ranks}.yaml"
    result = work / f"colour_np{ranks}.h5"
    config.write_text(CHAIN.replace("keep_samples: 4", "keep_samples: 0") + TRUTH_PROBLEM
                      + f"truth: {{path: \"{work / 'colour.tif'}\"}}\noutput: {{path: \"{result}\", fits: true}}\n")
    run(dpnp, config, ranks)
    with h5py.File(result) as r, fits.open(result.with_suffix(".fits")) as f:
        if [hdu.name for hdu in f] != ["MMSE", "STD"]:
            failures.append(f"colour: HDUs {[hdu.name for hdu in f]}, expected MMSE, STD (no kept samples)")
        elif not np.array_equal(f["MMSE"].data, r["mmse"][()]) or f["MMSE"].header["NAXIS3"] != 3:
            failures.append("colour: the MMSE cube differs from /mmse")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--part", choices=["fits", "tiff", "output"], required=True)
    parser.add_argument("--ranks", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    part = {"fits": part_fits, "tiff": part_tiff, "output": part_output}[args.part]
    failures = []
    for ranks in args.ranks:
        found = part(str(Path(args.dpnp).resolve()), work, ranks)
        failures += [f"{ranks} rank(s): {f}" for f in found]
        print(f"{args.part} at {ranks} rank(s): {'ok' if not found else f'{len(found)} failure(s)'}", flush=True)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
