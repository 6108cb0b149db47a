#!/usr/bin/env python3
"""The end-of-run diagnostics as the log and the result file show them (issue 14, items 4, 5, 7):

1. TV inpainting on 2 ranks, with the truth: every progress line labels the current sample's potential
   and SNR as such; after burn-in it adds the running MMSE's SNR and ESS(potential); the last line's
   running-MMSE SNR is the final MMSE's SNR, and its ESS(potential) is the file's ESS of the potential;
   the convergence verdict in the log matches the file's attributes (`converged`, `convergence_advice`);
   the calibration line matches `coverage_*`.
2. The same with the DDFB prior (PnP-ULA): /trace/prior (alpha ||x - D(x)||^2 / (2 eps)) is positive and
   finite at every iteration and carries its diagnostics.
Usage: progress_line_test.py --dpnp BUILD/src/dpnp --work DIR
"""
import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, MPIRUN, ROOT  # noqa: E402

ITERATIONS, BURN_IN = 80, 20
COMMON = (f"run: {{threads: 1}}\ntruth: {{path: \"{ROOT / 'data/images/dandelion_512.png'}\", crop: [200, 150, 40, 32]}}\n"
          f"observation: {{missing_fraction: 0.5, snr_db: 20}}\n"
          f"sampler: {{iterations: {ITERATIONS}, burn_in: {BURN_IN}, flush_every: 5}}\n")
PRIORS = {"tv": "prior: {type: tv, mu: 15, rho: 0.01}\n",
          "ddfb": f"prior: {{type: ddfb, weights: \"{ROOT / 'models/ddfb_c3_k4_f64.pth'}\", lipschitz: 1.4}}\n"}


def run(dpnp, work: Path, name: str, ranks: int):
    config = work / f"{name}.yaml"
    output = work / f"{name}.h5"
    config.write_text(COMMON + PRIORS[name] + f"output: {{path: \"{output}\", progress_every: 10}}\n")
    result = subprocess.run([str(MPIRUN), "-n", str(ranks), dpnp, "sample", str(config)], capture_output=True,
                            text=True, env=ENV, timeout=300)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"FAIL: {name} exited {result.returncode}:\n{log[-3000:]}")
    return log, output


def text_attribute(f, name):
    value = f.attrs[name]
    return value.decode() if isinstance(value, bytes) else str(value)


def check_progress_and_verdict(log: str, output: Path) -> list:
    problems = []
    progress = [(int(m.group(1)), line) for line in log.splitlines() if (m := re.search(r"iter (\d+)/\d+ ", line))]
    if [i for i, _ in progress] != list(range(10, ITERATIONS + 1, 10)):
        problems.append(f"progress lines at iterations {[i for i, _ in progress]}")
    for iteration, line in progress:
        if "sample potential" not in line or "sample SNR" not in line:
            problems.append(f"unlabelled sample values: {line}")
        after = iteration > BURN_IN
        if ("running-MMSE SNR" in line) != after or ("ESS(potential)" in line) != after:
            problems.append(f"running MMSE / ESS {'missing after' if after else 'shown during'} burn-in: {line}")
    last = progress[-1][1]
    mmse = re.search(r"MMSE \(\d+ samples\): SNR (-?[\d.]+) dB", log)
    running = re.search(r"running-MMSE SNR (-?[\d.]+) dB", last)
    if not (mmse and running and mmse.group(1) == running.group(1)):
        problems.append(f"last running-MMSE SNR {running and running.group(1)} is not the MMSE's {mmse and mmse.group(1)}")
    with h5py.File(output) as f:
        ess = float(f["trace/potential"].attrs["ess"])
        shown = re.search(r"ESS\(potential\) (\d+)", last)
        if not shown or int(shown.group(1)) != int(round(ess)):
            problems.append(f"last ESS(potential) {shown and shown.group(1)} is not the file's {ess:.1f}")
        converged = int(f.attrs["converged"])
        advice = text_attribute(f, "convergence_advice")
        warnings = [line.split("warning convergence: ", 1)[1] for line in log.splitlines()
                    if "warning convergence: " in line and "[rank" not in line]
        if converged or len(warnings) < 2 or "; ".join(warnings[1:]) != advice:
            problems.append(f"verdict: converged {converged}, log {warnings}, file {advice!r}")
        calibration = re.search(r"calibration \((.*?)\): 50% interval holds the truth at ([\d.]+)% .*90% interval "
                                r"holds the truth at ([\d.]+)% .*95% interval holds the truth at ([\d.]+)%", log)
        if not calibration or calibration.group(1) != text_attribute(f, "coverage_intervals"):
            problems.append(f"calibration line missing or not matching the file: {calibration}")
        else:
            for level, logged in zip((50, 90, 95), calibration.groups()[1:]):
                if abs(float(logged) - 100 * f.attrs[f"coverage_{level}"]) > 0.051:
                    problems.append(f"coverage_{level} {f.attrs[f'coverage_{level}']} logged as {logged}%")
    return problems


def check_pnp_prior(output: Path) -> list:
    with h5py.File(output) as f:
        prior = f["trace/prior"][()]
        labels = text_attribute(f["diagnostics/rhat"], "labels").split(";")
        problems = []
        if prior.shape != (ITERATIONS,) or not np.all(np.isfinite(prior)) or not np.all(prior > 0):
            problems.append(f"PnP /trace/prior {prior[:5]}... is not positive and finite at every iteration")
        if labels[1] != "prior" or "rhat" not in f["trace/prior"].attrs:
            problems.append(f"PnP prior diagnostics missing: labels {labels}")
        if not text_attribute(f, "model").startswith("pnp-ula/"):
            problems.append(f"model {text_attribute(f, 'model')} is not PnP-ULA")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log, output = run(args.dpnp, work, "tv", 2)
    problems = check_progress_and_verdict(log, output)
    log, output = run(args.dpnp, work, "ddfb", 1)
    problems += check_progress_and_verdict(log, output) + check_pnp_prior(output)
    for p in problems:
        print("FAIL", p)
    if not problems:
        print("progress lines, verdict, calibration and the PnP prior trace as documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
