#!/usr/bin/env python3
"""Runs the walk-throughs of docs/bring-your-own-data.md as a user would, from a folder that looks like
the repository root (build/, .venv, data/, configs/, scripts/ linked in), so that the page's commands
are known to run. A walk-through is the ```sh block after a line <!-- walkthrough: NAME -->.
Usage: byod_walkthroughs.py --dpnp BUILD/src/dpnp --work DIR [--only NAME]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, ROOT  # noqa: E402

PAGE = ROOT / "docs/bring-your-own-data.md"


def walkthroughs() -> dict:
    pattern = re.compile(r"<!-- walkthrough: (\w+) -->\n```sh\n(.*?)\n```", re.S)
    return dict(pattern.findall(PAGE.read_text()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--only")
    args = parser.parse_args()
    build = Path(args.dpnp).resolve().parents[1]
    blocks = walkthroughs()
    if set(blocks) != {"hdf5", "fits", "tiff"}:
        print(f"FAIL: expected the walk-throughs hdf5, fits and tiff in {PAGE}, found {sorted(blocks)}")
        return 1
    failures = 0
    for name, script in blocks.items():
        if args.only and name != args.only:
            continue
        folder = Path(args.work) / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        os.symlink(build, folder / "build")
        for entry in (".venv", "data", "configs", "scripts", "models"):
            os.symlink(ROOT / entry, folder / entry)
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, capture_output=True, text=True,
                                env=ENV, timeout=600)
        if result.returncode != 0:
            failures += 1
            print(f"FAIL: the {name} walk-through exited {result.returncode}:\n{(result.stdout + result.stderr)[-3000:]}")
        else:
            print(f"{name} walk-through: ok\n{result.stdout[-800:]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
