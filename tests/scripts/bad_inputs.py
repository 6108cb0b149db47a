#!/usr/bin/env python3
"""Runs every case of tests/bad_inputs/ under mpirun and checks the error contract:
exit code 2, exactly one 'dpnp: error' line containing the expected text, no hang (a timeout),
and no result file under its final name.

Each case is a YAML config whose header says what to expect:
    # expect: <text the error line must contain>
    # args: <extra command-line arguments>           (optional)
    # skip-if-gpu                                      (optional: the case needs a machine without GPU)
    # fsize-limit-kb: <N>                              (optional: RLIMIT_FSIZE, as `ulimit -f`: a full disk)
    # config-path: <path>                             (optional: give dpnp this path as the config instead)
    # unchanged: <path>                                (optional, repeatable: an input whose checksum must be the
                                                        same afterwards; relative to the case's run directory)
    # command: <dpnp arguments>                        (optional: run `dpnp ARGUMENTS` directly, without mpirun,
                                                        instead of `dpnp sample CONFIG`: the commands that run
                                                        without MPI, e.g. report; no HTML report may be left)
@DATA@, @MODELS@ and @FILES@ in a case are replaced by data/images, models/ and a folder of generated bad
files.

Usage: bad_inputs.py --dpnp BUILD/src/dpnp --ranks N --cases tests/bad_inputs --work DIR
"""
import argparse
import hashlib
import os
import resource
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bad_image_files import make_bad_fits_and_tiff  # noqa: E402


def make_bad_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "not_an_image.png").write_text("this is text, not a PNG\n")
    (folder / "empty.png").write_bytes(b"")
    png = (ROOT / "data/images/dandelion_512.png").read_bytes()
    (folder / "truncated.png").write_bytes(png[: len(png) // 3])
    with h5py.File(folder / "other_dataset.h5", "w") as f:
        f["y"] = np.zeros((3, 8, 8), np.float32)
    with h5py.File(folder / "four_dims.h5", "w") as f:
        f["x"] = np.zeros((1, 3, 8, 8), np.float32)
    with h5py.File(folder / "four_channels.h5", "w") as f:
        f["x"] = np.zeros((4, 8, 8), np.float32)
    with h5py.File(folder / "grey.h5", "w") as f:
        f["x"] = np.random.default_rng(1).random((16, 16)).astype(np.float32)
    (folder / "corrupt.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + os.urandom(2048))
    (folder / "text.h5").write_text("not hdf5\n")
    with h5py.File(folder / "full.h5", "w") as f:
        f.create_dataset("x", data=np.random.default_rng(0).random((3, 256, 256)).astype(np.float32))
    data = (folder / "full.h5").read_bytes()
    (folder / "truncated.h5").write_bytes(data[: len(data) // 2])
    make_bad_weights(folder)
    make_bad_observations(folder)
    make_inputs_to_protect(folder)
    make_odd_files(folder)
    make_bad_fits_and_tiff(folder)


def make_odd_files(folder: Path) -> None:
    """Inputs that once gave messages naming neither the input nor the fix."""
    os.symlink(folder / "loop.png", folder / "loop.png")
    (folder / "config_dir").mkdir()
    # A PNG whose header claims 100000 x 100000 RGB pixels (a valid IHDR chunk, then nothing).
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    (folder / "huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr +
                                      struct.pack(">I", zlib.crc32(ihdr)))
    with h5py.File(folder / "zero_truth.h5", "w") as f:
        f["x"] = np.zeros((3, 16, 16), np.float32)
    with h5py.File(folder / "nan_truth.h5", "w") as f:
        x = np.random.default_rng(2).random((3, 16, 16)).astype(np.float32)
        x[1, 9, 4] = np.nan
        f["x"] = x


def make_inputs_to_protect(folder: Path) -> None:
    """Inputs that a case's outputs name, directly or through a link: they must survive the run."""
    shutil.copy(ROOT / "data/images/dandelion_512.png", folder / "my_truth.png")
    shutil.copy(ROOT / "data/images/dandelion_512.png", folder / "run_mmse.png")
    os.symlink(folder / "my_truth.png", folder / "truth_link.h5")
    shutil.copy(ROOT / "models/ddfb_c3_k4_f64.pth", folder / "my_weights.pth")
    os.link(folder / "my_weights.pth", folder / "weights_link.h5")


def make_bad_weights(folder: Path) -> None:
    (folder / "text_weights.pth").write_text("not a state dict\n")
    weights = (ROOT / "models/ddfb_c3_k4_f64.pth").read_bytes()
    (folder / "truncated_weights.pth").write_bytes(weights[: len(weights) // 2])


def make_bad_observations(folder: Path) -> None:
    """Observation files (observation.path) that are wrong in one way each."""
    rng = np.random.default_rng(3)
    def write(name, observation=None, mask=None, **attrs):
        with h5py.File(folder / name, "w") as f:
            if observation is not None:
                f["observation"] = observation
            if mask is not None:
                f["mask"] = mask
            for key, value in attrs.items():
                f.attrs[key] = value
    good = rng.random((3, 16, 16)).astype(np.float32)
    mask = np.ones((16, 16), np.uint8)
    write("obs_deblurring.h5", good, mask, task="deblurring", noise="gaussian", sigma=0.1)
    write("obs_inpainting.h5", good, mask, task="inpainting", noise="gaussian", sigma=0.1)
    write("obs_grey.h5", good[:1], mask, task="inpainting", noise="gaussian", sigma=0.1)
    write("obs_no_sigma.h5", good, mask, task="inpainting", noise="gaussian")
    write("obs_mask_shape.h5", good, np.ones((16, 15), np.uint8), sigma=0.1)
    write("obs_nan.h5", np.full((3, 16, 16), np.nan, np.float32), mask, sigma=0.1)
    write("obs_no_data.h5", None, mask, sigma=0.1)
    write("obs_negative_sigma.h5", good, mask, sigma=-1.0)


def make_bad_checkpoints(folder: Path, dpnp: str) -> None:
    """A real checkpoint of a tiny chain (good.ckpt.h5, at iteration 4), damaged copies of it, and the checkpoint
    of a chain whose data changed afterwards (changing.ckpt.h5)."""
    config = folder / "good.yaml"
    config.write_text(f"truth: {{path: {ROOT / 'data/images/dandelion_512.png'}, crop: [0, 0, 16, 16]}}\n"
                      f"sampler: {{iterations: 4, burn_in: 1}}\n"
                      f"output: {{path: {folder / 'good.h5'}, checkpoint_every: 2}}\n")
    subprocess.run([str(ROOT / "scripts/mpirun.sh"), "-n", "1", dpnp, "sample", str(config)], check=True,
                   capture_output=True, timeout=120, env=dict(os.environ, OMP_NUM_THREADS="1"))
    good = (folder / "good.ckpt.h5").read_bytes()
    (folder / "truncated.ckpt.h5").write_bytes(good[: len(good) // 2])
    shutil.copy(folder / "good.ckpt.h5", folder / "no_m2.ckpt.h5")
    with h5py.File(folder / "no_m2.ckpt.h5", "r+") as f:
        del f["welford/m2"]
    # A checkpoint as an older dpnp wrote it (no batch means), and one whose batch counters disagree
    # with the sample count.
    shutil.copy(folder / "good.ckpt.h5", folder / "no_batches.ckpt.h5")
    with h5py.File(folder / "no_batches.ckpt.h5", "r+") as f:
        for name in ("batch_size", "batch_full", "batch_fill"):
            del f.attrs[name]
        del f["batches"]
    shutil.copy(folder / "good.ckpt.h5", folder / "bad_batches.ckpt.h5")
    with h5py.File(folder / "bad_batches.ckpt.h5", "r+") as f:
        f.attrs["batch_fill"] = np.int64(f.attrs["batch_fill"]) + 1
    # A checkpoint without the prior term's trace (an older dpnp), and one whose prior trace is too short.
    shutil.copy(folder / "good.ckpt.h5", folder / "no_prior_trace.ckpt.h5")
    with h5py.File(folder / "no_prior_trace.ckpt.h5", "r+") as f:
        del f["trace/prior"]
    shutil.copy(folder / "good.ckpt.h5", folder / "short_prior_trace.ckpt.h5")
    with h5py.File(folder / "short_prior_trace.ckpt.h5", "r+") as f:
        prior = f["trace/prior"][()]
        del f["trace/prior"]
        f["trace/prior"] = prior[:-1]
    # The checkpoint of a chain whose truth file is then replaced by another image under the same name.
    shutil.copy(ROOT / "data/images/dandelion_512.png", folder / "changing.png")
    config = folder / "changing.yaml"
    config.write_text(f"truth: {{path: {folder / 'changing.png'}, crop: [0, 0, 16, 16]}}\n"
                      f"sampler: {{iterations: 4, burn_in: 1}}\n"
                      f"output: {{path: {folder / 'changing.h5'}, checkpoint_every: 2}}\n")
    subprocess.run([str(ROOT / "scripts/mpirun.sh"), "-n", "1", dpnp, "sample", str(config)], check=True,
                   capture_output=True, timeout=120, env=dict(os.environ, OMP_NUM_THREADS="1"))
    shutil.copy(ROOT / "data/images/seeding_256.png", folder / "changing.png")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gpu_present() -> bool:
    try:
        return subprocess.run(["nvidia-smi", "-L"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_case(case: Path, args, files: Path, work: Path) -> str:
    text = case.read_text()
    header = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
    expect = next((h[len("expect:"):].strip() for h in header if h.startswith("expect:")), None)
    extra = next((h[len("args:"):].split() for h in header if h.startswith("args:")), [])
    if expect is None:
        return f"{case.name}: no '# expect:' line"
    if "skip-if-gpu" in header and gpu_present():
        print(f"  skip {case.name} (needs a machine without GPU)")
        return ""
    substitute = lambda s: (s.replace("@DATA@", str(ROOT / "data/images")).replace("@FILES@", str(files))
                            .replace("@MODELS@", str(ROOT / "models")))
    run_dir = work / case.stem
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    config = run_dir / "config.yaml"
    config.write_text(substitute(text))
    protected = [run_dir / substitute(h[len("unchanged:"):].strip()) for h in header if h.startswith("unchanged:")]
    missing = [str(p) for p in protected if not p.is_file()]
    if missing:
        return f"{case.name}: the inputs it protects do not exist: {missing}"
    before = {p: sha256(p) for p in protected}
    config_path = next((substitute(h[len("config-path:"):].strip()) for h in header if h.startswith("config-path:")),
                       str(config))
    own_command = next((substitute(h[len("command:"):].strip()).split() for h in header if h.startswith("command:")),
                       None)
    command = [str(ROOT / "scripts/mpirun.sh"), "-n", str(args.ranks), args.dpnp, "sample", config_path] + extra
    if own_command:
        command = [args.dpnp] + own_command
    env = dict(os.environ, OMP_NUM_THREADS="1")
    limit_kb = next((int(h[len("fsize-limit-kb:"):]) for h in header if h.startswith("fsize-limit-kb:")), None)
    limit_files = (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kb * 1024,) * 2)) if limit_kb else None
    try:
        result = subprocess.run(command, cwd=run_dir, capture_output=True, text=True, timeout=args.timeout, env=env,
                                preexec_fn=limit_files)
    except subprocess.TimeoutExpired:
        return f"{case.name}: no answer within {args.timeout} s (a rank hangs?)"
    lines = [l for l in (result.stderr + result.stdout).splitlines() if l.startswith("dpnp:")]
    expected = substitute(expect)
    problems = []
    if result.returncode != 2:
        problems.append(f"exit code {result.returncode}, expected 2")
    if len(lines) != 1:
        problems.append(f"{len(lines)} 'dpnp:' lines, expected 1")
    if not any(expected in l for l in lines):
        problems.append(f"no line contains {expected!r}")
    problems += [f"{p} was changed" for p, digest in before.items() if not p.is_file() or sha256(p) != digest]
    complete = [p for p in run_dir.rglob("*.h5")]
    if complete:
        problems.append(f"result files left under their final name: {complete}")
    reports = list(run_dir.rglob("*.html")) + list(files.glob("*.html"))
    if reports:
        problems.append(f"reports left behind: {reports}")
    if problems:
        output = (result.stderr + result.stdout).strip().replace("\n", "\n      ")
        return f"{case.name}: " + "; ".join(problems) + f"\n      output: {output}"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--ranks", type=int, default=1)
    parser.add_argument("--cases", default=str(ROOT / "tests/bad_inputs"))
    parser.add_argument("--work", required=True)
    parser.add_argument("--timeout", type=int, default=90)
    args = parser.parse_args()
    args.dpnp = str(Path(args.dpnp).resolve())
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    files = work / "files"
    make_bad_files(files)
    make_bad_checkpoints(files, args.dpnp)
    cases = sorted(Path(args.cases).glob("*.yaml"))
    failures = [f for f in (run_case(c, args, files, work) for c in cases) if f]
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(cases) - len(failures)}/{len(cases)} bad inputs rejected as specified at {args.ranks} rank(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
