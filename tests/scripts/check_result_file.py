#!/usr/bin/env python3
"""End-to-end check of a finished run's outputs (used by the e2e_demo test).

Usage: check_result_file.py RESULT.h5 [--previews] [--ci]
Checks the documented layout (docs/output.md), the provenance attributes, and that the MMSE beats
the observation."""
import sys
from pathlib import Path

import h5py
import numpy as np

path = Path(sys.argv[1])
problems = []
with h5py.File(path, "r") as f:
    required = ["mmse", "variance", "mcse", "ess", "observation", "mask", "ground_truth", "trace/potential",
                "trace/seconds", "trace/snr", "trace/image_mean", "trace/pixels", "trace/prior", "diagnostics/iat",
                "diagnostics/ess", "diagnostics/rhat"]
    if "--ci" in sys.argv:
        required += ["ci_low", "ci_high"]
    for name in required:
        if name not in f:
            problems.append(f"missing dataset /{name}")
    for name in ["config", "dpnp_version", "git_hash", "seed", "ranks", "decomposition", "iterations", "burn_in",
                 "mmse_psnr_db", "mmse_ssim", "observation_psnr_db", "complete", "ess_median", "ess_min",
                 "mcse_batches", "mcse_batch_size", "samples_in_estimates", "converged", "convergence_rule",
                 "rhat_max", "ess_min_summaries", "convergence_advice", "coverage_50", "coverage_90", "coverage_95",
                 "coverage_intervals"]:
        if name not in f.attrs:
            problems.append(f"missing attribute {name}")
    if not problems:
        iterations = int(f.attrs["iterations"])
        if f["trace/potential"].shape != (iterations,):
            problems.append(f"trace/potential has shape {f['trace/potential'].shape}, expected ({iterations},)")
        if not np.all(np.isfinite(f["trace/potential"][()])):
            problems.append("non-finite potential")
        if f["mmse"].shape != f["ground_truth"].shape:
            problems.append("mmse and ground_truth shapes differ")
        if not f.attrs["mmse_psnr_db"] > f.attrs["observation_psnr_db"]:
            problems.append(f"MMSE PSNR {f.attrs['mmse_psnr_db']:.2f} is not above the observation's {f.attrs['observation_psnr_db']:.2f}")
        if np.min(f["variance"][()]) < 0:
            problems.append("negative variance")
        # The Monte-Carlo error: positive where the chain moved, ESS = variance / MCSE^2, and the
        # logged median and minimum are those of the map.
        mcse, ess, variance = f["mcse"][()], f["ess"][()], f["variance"][()]
        n = int(f.attrs["samples_in_estimates"])
        if mcse.shape != f["mmse"].shape or ess.shape != f["mmse"].shape:
            problems.append(f"mcse {mcse.shape} / ess {ess.shape} do not match mmse {f['mmse'].shape}")
        elif not (np.all(np.isfinite(mcse)) and np.all(mcse >= 0)):
            problems.append("mcse has negative or non-finite values")
        else:
            moved = mcse > 0
            if not np.allclose(ess[moved], variance[moved] / mcse[moved].astype(np.float64) ** 2, rtol=1e-4):
                problems.append("ess is not variance / mcse^2")
            finite = np.sort(ess[np.isfinite(ess)].astype(np.float64))
            if finite.size == 0:
                problems.append("no finite ESS")
            else:
                if not np.isclose(f.attrs["ess_median"], finite[(finite.size - 1) // 2], rtol=1e-12):
                    problems.append(f"ess_median {f.attrs['ess_median']} is not the map's lower median")
                if not np.isclose(f.attrs["ess_min"], finite[0], rtol=1e-12):
                    problems.append(f"ess_min {f.attrs['ess_min']} is not the map's minimum")
                # Batch means cannot resolve an ESS far beyond the samples (it would mean negative
                # autocorrelation everywhere): the median stays within a few times n.
                if not 0 < f.attrs["ess_median"] < 5 * n:
                    problems.append(f"median ESS {f.attrs['ess_median']} is implausible for {n} samples")
            if int(f.attrs["mcse_batches"]) * int(f.attrs["mcse_batch_size"]) > n:
                problems.append("more samples in the MCSE batches than in the estimates")
        # Scalar summaries: the traced pixels' values are those of a chain on [0, 1]-ish images, and
        # their IAT/ESS attributes agree (ESS = kept samples / IAT).
        pixels = f["trace/pixels"]
        if pixels.shape != (iterations, 5):
            problems.append(f"trace/pixels has shape {pixels.shape}, expected ({iterations}, 5)")
        if f["trace/image_mean"].shape != (iterations,):
            problems.append(f"trace/image_mean has shape {f['trace/image_mean'].shape}")
        mean_mmse = float(np.mean(f["mmse"][()], dtype=np.float64))
        thinning = int(f.attrs["thinning"])
        kept = f["trace/image_mean"][int(f.attrs["burn_in"]) + thinning - 1::thinning]
        if kept.size != n or not abs(np.mean(kept) - mean_mmse) < 1e-5:
            problems.append(f"trace/image_mean averages {np.mean(kept)} after burn-in, the MMSE's mean is {mean_mmse}")
        if f["trace/prior"].shape != (iterations,) or not np.all(np.isfinite(f["trace/prior"][()])):
            problems.append(f"trace/prior has shape {f['trace/prior'].shape} or non-finite values")
        for name in ["trace/potential", "trace/prior", "trace/image_mean", "trace/pixels"]:
            for attr in ["iat", "ess", "rhat"]:
                if attr not in f[name].attrs:
                    problems.append(f"missing attribute {attr} of /{name}")
        if not problems:
            for name in ["trace/potential", "trace/image_mean", "trace/pixels"]:
                iat, ess = np.atleast_1d(f[name].attrs["iat"]), np.atleast_1d(f[name].attrs["ess"])
                ok = np.isfinite(iat)
                if not np.all(iat[ok] > 0) or not np.allclose(ess[ok] * iat[ok], n, rtol=1e-9):
                    problems.append(f"/{name}: IAT {iat} and ESS {ess} do not multiply to the {n} kept samples")
            # The /diagnostics table lists the same values as the traces' attributes, labelled.
            labels = f["diagnostics/rhat"].attrs["labels"]
            labels = (labels.decode() if isinstance(labels, bytes) else str(labels)).split(";")
            table = {name: f[f"diagnostics/{name}"][()] for name in ["iat", "ess", "rhat"]}
            expected = {name: np.concatenate([np.atleast_1d(f[t].attrs[name]) for t in
                                              ["trace/potential", "trace/prior", "trace/image_mean", "trace/pixels"]])
                        for name in table}
            if labels[:3] != ["potential", "prior", "image mean"] or len(labels) != 8:
                problems.append(f"/diagnostics labels {labels}")
            for name in table:
                if not np.allclose(table[name], expected[name], equal_nan=True, rtol=0, atol=0):
                    problems.append(f"/diagnostics/{name} {table[name]} differs from the traces' attributes")
            # The verdict follows its rule from the table.
            rhat, ess = table["rhat"], table["ess"]
            converged = bool(np.all(np.isfinite(rhat)) and np.all(rhat < 1.01) and np.all(ess > 400))
            if int(f.attrs["converged"]) != int(converged):
                problems.append(f"converged = {f.attrs['converged']} but the table says {converged}")
            advice = f.attrs["convergence_advice"]
            advice = advice.decode() if isinstance(advice, bytes) else str(advice)
            if not converged and not advice.strip("\0"):
                problems.append("not converged, and no advice")
            # Coverage: fractions, nested like the intervals.
            coverage = [float(f.attrs[f"coverage_{level}"]) for level in (50, 90, 95)]
            if not (0 <= coverage[0] <= coverage[1] <= coverage[2] <= 1):
                problems.append(f"coverage {coverage} is not nested in [0, 1]")
            method = f.attrs["coverage_intervals"]
            method = method.decode() if isinstance(method, bytes) else str(method)
            if method.startswith("Gaussian"):
                # Recount from the file (the stored MMSE is float32: pixels on a bound may flip).
                distance = np.abs(f["ground_truth"][()].astype(np.float64) - f["mmse"][()])
                sd = np.sqrt(f["variance"][()].astype(np.float64))
                for level, z, value in zip((50, 90, 95), (0.6744897501960817, 1.6448536269514722, 1.959963984540054),
                                           coverage):
                    if abs(np.mean(distance <= z * sd) - value) > 1e-3:
                        problems.append(f"coverage_{level} {value} differs from the file's {np.mean(distance <= z * sd)}")
            rows, cols = pixels.attrs["rows"].astype(int), pixels.attrs["columns"].astype(int)
            mmse_shape = f["mmse"].shape
            if not (np.all(rows < mmse_shape[-2]) and np.all(cols < mmse_shape[-1])):
                problems.append("trace/pixels rows/columns fall outside the image")
        if "ci_low" in f and not np.all(f["ci_low"][()] <= f["ci_high"][()]):
            problems.append("ci_low above ci_high")
        print(f"MMSE PSNR {f.attrs['mmse_psnr_db']:.2f} dB, SSIM {f.attrs['mmse_ssim']:.4f}; "
              f"observation PSNR {f.attrs['observation_psnr_db']:.2f} dB")


def check_readers(path, problems):
    """The file explains itself to generic tools: text attributes are str, xarray (h5netcdf) sees
    named dimensions with long names and units, and the provenance names each input with its
    absolute path and SHA-256, the command line, the host, the time and the run history."""
    import hashlib
    import re

    import xarray as xr

    with h5py.File(path, "r") as f:
        for name in ["config", "git_hash", "inputs", "command_line", "host", "written_at", "run_history"]:
            if not isinstance(f.attrs.get(name), str):
                problems.append(f"attribute {name} is {type(f.attrs.get(name)).__name__}, not str")
        if problems:
            return
        inputs = [line for line in f.attrs["inputs"].splitlines() if line]
        if not inputs:
            problems.append("attribute inputs lists no input file")
        for line in inputs:
            m = re.fullmatch(r"([a-z_.]+): (/.*) sha256 ([0-9a-f]{64})", line)
            if not m:
                problems.append(f"inputs line {line!r} is not '<key>: <absolute path> sha256 <hex>'")
            elif hashlib.sha256(Path(m.group(2)).read_bytes()).hexdigest() != m.group(3):
                problems.append(f"inputs: the sha256 of {m.group(2)} is not the file's")
        if " sample " not in f" {f.attrs['command_line']} ":
            problems.append(f"command_line {f.attrs['command_line']!r} is not the sample command")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", f.attrs["written_at"]):
            problems.append(f"written_at {f.attrs['written_at']!r} is not ISO 8601 UTC")
        history = f.attrs["run_history"].splitlines()
        if not history or "started at iteration 0" not in history[0] or f.attrs["command_line"] not in history[0]:
            problems.append(f"run_history does not start with this run's start: {history}")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        for name in ["mmse", "variance", "mcse", "ess", "ground_truth"]:
            if ds[name].dims != ("channel", "y", "x"):
                problems.append(f"xarray: {name} has dimensions {ds[name].dims}, not (channel, y, x)")
            if not ds[name].attrs.get("long_name") or ds[name].attrs.get("units") != "1":
                problems.append(f"xarray: {name} lacks long_name or units")
        if list(ds["x"].values[:3]) != [0, 1, 2]:
            problems.append("xarray: x is not the column index")
    with xr.open_dataset(path, engine="h5netcdf", group="trace") as trace:
        if trace["potential"].dims != ("iteration",) or trace["seconds"].attrs.get("units") != "s":
            problems.append(f"xarray: trace/potential dims {trace['potential'].dims}, seconds units "
                            f"{trace['seconds'].attrs.get('units')}")
        if trace["pixels"].dims != ("iteration", "traced_pixel"):
            problems.append(f"xarray: trace/pixels has dimensions {trace['pixels'].dims}")


if not problems:
    check_readers(path, problems)
if "--previews" in sys.argv:
    for suffix in ["mmse", "std", "observation"]:
        png = path.with_name(f"{path.stem}_{suffix}.png")
        if not png.exists():
            problems.append(f"missing preview {png.name}")
for p in problems:
    print("FAIL", p)
sys.exit(1 if problems else 0)
