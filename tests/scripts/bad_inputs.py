#!/usr/bin/env python3
"""Runs every case of tests/bad_inputs/ under mpirun and checks the error contract:
exit code 2, exactly one 'dpnp: error' line containing the expected text, no hang (a timeout),
and no result file under its final name.

Each case is a YAML config whose header says what to expect:
    # expect: <text the error line must contain>
    # args: <extra command-line arguments>           (optional)
    # skip-if-gpu                                      (optional: the case needs a machine without GPU)
@DATA@ and @FILES@ in a case are replaced by data/images and by a folder of generated bad files.

Usage: bad_inputs.py --dpnp BUILD/src/dpnp --ranks N --cases tests/bad_inputs --work DIR
"""
import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]


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
    (folder / "corrupt.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + os.urandom(2048))
    (folder / "text.h5").write_text("not hdf5\n")
    with h5py.File(folder / "full.h5", "w") as f:
        f.create_dataset("x", data=np.random.default_rng(0).random((3, 256, 256)).astype(np.float32))
    data = (folder / "full.h5").read_bytes()
    (folder / "truncated.h5").write_bytes(data[: len(data) // 2])


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
    substitute = lambda s: s.replace("@DATA@", str(ROOT / "data/images")).replace("@FILES@", str(files))
    run_dir = work / case.stem
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    config = run_dir / "config.yaml"
    config.write_text(substitute(text))
    command = [str(ROOT / "scripts/mpirun.sh"), "-n", str(args.ranks), args.dpnp, "sample", str(config)] + extra
    env = dict(os.environ, OMP_NUM_THREADS="1")
    try:
        result = subprocess.run(command, cwd=run_dir, capture_output=True, text=True, timeout=args.timeout, env=env)
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
    complete = [p for p in run_dir.rglob("*.h5")]
    if complete:
        problems.append(f"result files left under their final name: {complete}")
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
    cases = sorted(Path(args.cases).glob("*.yaml"))
    failures = [f for f in (run_case(c, args, files, work) for c in cases) if f]
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(cases) - len(failures)}/{len(cases)} bad inputs rejected as specified at {args.ranks} rank(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
