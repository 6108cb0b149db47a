#!/usr/bin/env python3
"""Poisson deblurring (the hybrid AXDA sweep, algorithm.md Task 3) against an independent reference chain.

dpnp samples a tiny Poisson deblurring problem on 2 ranks and keeps every post-burn-in sample; this script
runs the same sweep in float64 NumPy, with its own RNG, on the observation and kernel dpnp wrote:
    x  <- max(x - gx [beta/rho1 H^T(beta H x - z1) + grad_x coupling] + sqrt(2 gx) xi, 0)
    z1 <- prox_{g1 (z - y log z)}(z1 - g1 (z1 - beta H x)/rho1 + sqrt(2 g1) xi)
    z2 <- PnP-ULA step (gaussian prior) or prox_{g2 mu ||.||_21}(z2 - g2 (z2 - D x)/rho2 + sqrt(2 g2) xi) (tv)
with the step sizes derived here from algorithm.md's formulas (and checked against the ones dpnp reports).
Both chains have the same law if dpnp is right, so each pixel's posterior mean and variance must agree within
their Monte-Carlo errors: the reference's from the spread of R independent replicas, dpnp's from batch means
over its single chain (batches of 1000 iterations, several times the slowest pixel's integrated
autocorrelation time, about 120 here). Both estimators use the same number of kept iterations per chain, so
their small finite-length biases are equal. With ~50 degrees of freedom in the combined error, |z| > 5 has
probability ~1e-5 per estimate; 2 x 80 estimates per case make a false failure ~1e-3 (RNGs seeded: fixed).
The pooled statistic, the mean of z^2 over the pixels, is ~1 for a correct chain (1.1-1.4 measured; the
estimated errors and the pixels' correlation widen its spread) and must stay below 2.5: a reference whose
rho2 is 20 % off gives 4.4 for the variances while its largest |z| only reaches 5.1.
Usage: poisson_reference_chain.py --dpnp BUILD/src/dpnp --work DIR
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_runs import ENV, MPIRUN, ROOT  # noqa: E402

HEIGHT, WIDTH, BETA, RHO1, RHO2 = 10, 8, 100.0, 10.0, 0.01
BURN_IN, KEPT, BATCHES, REPLICAS = 4000, 30000, 30, 24
PRIOR_MEAN, PRIOR_STD, DENOISING_LEVEL, TV_MU = 0.5, 0.1, 0.05, 8.0
CASES = {
    "gaussian": f"prior: {{type: gaussian, mean: {PRIOR_MEAN}, std: {PRIOR_STD}, denoising_level: {DENOISING_LEVEL}}}\n",
    "tv": f"prior: {{type: tv, mu: {TV_MU}}}\n",
}


def config_text(case: str, output: Path) -> str:
    return (f"run: {{threads: 1, seed: 7}}\nproblem: {{task: deblurring, noise: poisson}}\n"
            f"truth: {{path: \"{ROOT / 'data/images/dandelion_512.png'}\", crop: [250, 250, {HEIGHT}, {WIDTH}], "
            f"grayscale: true}}\n"
            f"observation: {{blur_kernel: motion, blur_size: 3, peak: {BETA}}}\n" + CASES[case] +
            f"poisson: {{rho1: {RHO1}, rho2: {RHO2}}}\n"
            f"sampler: {{iterations: {BURN_IN + KEPT}, burn_in: {BURN_IN}, keep_samples: {KEPT}, flush_every: 1000}}\n"
            f"output: {{path: \"{output}\", save_samples: true, previews: false, progress_every: 100000}}\n")


# The forward operator: the full linear convolution (data (H+k-1) x (W+k-1)) and its adjoint.
def blur(x, h):
    k = h.shape[0]
    out = np.zeros(x.shape[:-2] + (x.shape[-2] + k - 1, x.shape[-1] + k - 1))
    for a in range(k):
        for b in range(k):
            out[..., a:a + x.shape[-2], b:b + x.shape[-1]] += h[a, b] * x
    return out


def blur_adjoint(r, h):
    k = h.shape[0]
    rows, cols = r.shape[-2] - k + 1, r.shape[-1] - k + 1
    return sum(h[a, b] * r[..., a:a + rows, b:b + cols] for a in range(k) for b in range(k))


# Forward differences with a zero last row (vertical) and last column (horizontal), and the adjoint.
def gradient(x):
    g = np.zeros((2,) + x.shape)
    g[0, ..., :-1, :] = x[..., 1:, :] - x[..., :-1, :]
    g[1, ..., :, :-1] = x[..., :, 1:] - x[..., :, :-1]
    return g


def gradient_adjoint(g):
    v, h = g[0].copy(), g[1].copy()
    v[..., -1, :] = 0
    h[..., :, -1] = 0
    out = -v - h
    out[..., 1:, :] += v[..., :-1, :]
    out[..., :, 1:] += h[..., :, :-1]
    return out


def kl_prox(v, gamma, y):
    a = v - gamma
    s = np.sqrt(a * a + 4 * gamma * y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a >= 0, (a + s) / 2, 2 * gamma * y / (s - a))


def step_sizes(case, h):
    squared_norm = np.abs(np.fft.fft2(h)).max() ** 2
    coupling = 8.0 / RHO2 if case == "tv" else 1.0 / RHO2
    steps = {"gamma_x": 0.99 / (BETA ** 2 * squared_norm / RHO1 + coupling), "gamma_z1": 0.99 * RHO1}
    if case == "tv":
        steps["gamma_z2"] = 0.99 * RHO2
    else:  # K1 with L_y = 1/rho2, alpha = 1, eps = sigma_d^2 and the gaussian prior's exact L
        eps = DENOISING_LEVEL ** 2
        lipschitz = eps / (PRIOR_STD ** 2 + eps)
        steps["lambda_z2"] = 0.99 / (2 * lipschitz / eps + 4 / RHO2)
        steps["delta_z2"] = 0.99 / (3 * (lipschitz / eps + 1 / RHO2 + 1 / steps["lambda_z2"]))
    return steps


def reference_chain(case, y, h, steps, rng):
    """REPLICAS independent chains from 0, as dpnp starts; returns their kept x's means and variances."""
    shape = (REPLICAS, HEIGHT, WIDTH)
    x, z1 = np.zeros(shape), np.zeros((REPLICAS,) + y.shape)
    z2 = np.zeros((2,) + shape) if case == "tv" else np.zeros(shape)
    gx, g1 = steps["gamma_x"], steps["gamma_z1"]
    total, total_sq = np.zeros(shape), np.zeros(shape)
    for t in range(BURN_IN + KEPT):
        grad = blur_adjoint(BETA * blur(x, h) - z1, h) * (BETA / RHO1)
        grad += gradient_adjoint(gradient(x) - z2) / RHO2 if case == "tv" else (x - z2) / RHO2
        x = np.maximum(x - gx * grad + np.sqrt(2 * gx) * rng.standard_normal(shape), 0.0)
        v = z1 - g1 * (z1 - BETA * blur(x, h)) / RHO1 + np.sqrt(2 * g1) * rng.standard_normal(z1.shape)
        z1 = kl_prox(v, g1, y)
        if case == "tv":
            g2 = steps["gamma_z2"]
            v = z2 - g2 * (z2 - gradient(x)) / RHO2 + np.sqrt(2 * g2) * rng.standard_normal(z2.shape)
            magnitude = np.sqrt(v[0] ** 2 + v[1] ** 2)
            with np.errstate(divide="ignore", invalid="ignore"):
                shrink = np.where(magnitude > g2 * TV_MU, 1 - g2 * TV_MU / magnitude, 0.0)
            z2 = v * shrink
        else:
            eps, delta, lam = DENOISING_LEVEL ** 2, steps["delta_z2"], steps["lambda_z2"]
            a = PRIOR_STD ** 2 / (PRIOR_STD ** 2 + eps)
            denoised = PRIOR_MEAN + a * (z2 - PRIOR_MEAN)
            drift = (z2 - x) / RHO2 + (z2 - denoised) / eps + (z2 - np.clip(z2, -1, 2)) / lam
            z2 = z2 + np.sqrt(2 * delta) * rng.standard_normal(shape) - delta * drift
        if t >= BURN_IN:
            total += x
            total_sq += x * x
    mean = total / KEPT
    return mean, (total_sq - KEPT * mean * mean) / (KEPT - 1)


def compare(case, work, dpnp):
    output = work / f"{case}.h5"
    config = work / f"{case}.yaml"
    config.write_text(config_text(case, output))
    log = work / f"{case}.log"
    with open(log, "w") as out:
        code = subprocess.run([str(MPIRUN), "-n", "2", dpnp, "sample", str(config)], stdout=out,
                              stderr=subprocess.STDOUT, env=ENV, timeout=600).returncode
    if code != 0:
        return [f"{case}: dpnp exited {code}; see {log}:\n{log.read_text()[-2000:]}"]
    failures = []
    with h5py.File(output) as f:
        y = f["observation"][0].astype(np.float64)
        h = f["kernel"][()].astype(np.float64)
        samples = f["samples"][:, 0].astype(np.float64)
        params = {name[len("param_"):]: float(value) for name, value in f.attrs.items() if name.startswith("param_")}
        mmse = f["mmse"][0].astype(np.float64)
    steps = step_sizes(case, h)
    for name, value in steps.items():
        if abs(params.get(name, np.nan) - value) > 1e-6 * value:
            failures.append(f"{case}: dpnp's {name} is {params.get(name)}, the formula gives {value}")
    if samples.shape[0] != KEPT:
        return failures + [f"{case}: dpnp kept {samples.shape[0]} samples, not {KEPT}"]
    if np.abs(samples.mean(0) - mmse).max() > 1e-5:
        failures.append(f"{case}: dpnp's /mmse is not the mean of its kept samples")

    batches = samples.reshape(BATCHES, KEPT // BATCHES, HEIGHT, WIDTH)
    dpnp_mean, dpnp_var = samples.mean(0), samples.var(0, ddof=1)
    dpnp_mean_se = batches.mean(1).std(0, ddof=1) / np.sqrt(BATCHES)
    dpnp_var_se = batches.var(1, ddof=1).std(0, ddof=1) / np.sqrt(BATCHES)
    means, variances = reference_chain(case, y, h, steps, np.random.default_rng(20260))
    ref_mean, ref_var = means.mean(0), variances.mean(0)
    ref_mean_se, ref_var_se = means.std(0, ddof=1) / np.sqrt(REPLICAS), variances.std(0, ddof=1) / np.sqrt(REPLICAS)
    z_mean = (dpnp_mean - ref_mean) / np.sqrt(dpnp_mean_se ** 2 + ref_mean_se ** 2)
    z_var = (dpnp_var - ref_var) / np.sqrt(dpnp_var_se ** 2 + ref_var_se ** 2)
    print(f"{case}: {HEIGHT}x{WIDTH}, beta {BETA}, rho1 {RHO1}, rho2 {RHO2}; dpnp 1 chain x {KEPT}, reference "
          f"{REPLICAS} x {KEPT}; posterior sd median {np.sqrt(ref_var).mean():.3f}; mean |z| max {np.abs(z_mean).max():.2f} "
          f"(mean z^2 {np.mean(z_mean ** 2):.2f}), variance |z| max {np.abs(z_var).max():.2f} "
          f"(mean z^2 {np.mean(z_var ** 2):.2f}); relative MC error of the variance {np.median(ref_var_se / ref_var):.3f}")
    if np.abs(z_mean).max() > 5:
        failures.append(f"{case}: a pixel's posterior mean differs by {np.abs(z_mean).max():.1f} MC standard errors")
    for name, z in (("mean", z_mean), ("variance", z_var)):
        if np.mean(z ** 2) > 2.5:
            failures.append(f"{case}: the pixels' posterior {name}s differ by mean z^2 = {np.mean(z ** 2):.2f} (> 2.5)")
    if np.abs(z_var).max() > 5:
        failures.append(f"{case}: a pixel's posterior variance differs by {np.abs(z_var).max():.1f} MC standard errors")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--cases", nargs="*", default=list(CASES))
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    failures = []
    for case in args.cases:
        failures += compare(case, args.work, args.dpnp)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
