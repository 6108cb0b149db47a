#!/usr/bin/env python3
"""PnP-ULA with a DDFB prior, per core: dpnp against the two ways the field runs it in Python
(issue 12's peer target), side by side in interleaved rounds on one thread.

  plain   a PnP-ULA step written directly in PyTorch around the DDFB network (the papers' formulas:
          algorithm.md), as a user of the authors' code runs it;
  deepinv deepinv's ULA (deepinv.sampling.ULA with a ScorePrior around the same network, an L2 data
          fidelity and its Inpainting physics);
  dpnp    `dpnp bench` on the same task (configs/demo.yaml with prior.type ddfb), one rank.

All three: 3 x SIDE^2 inpainting (70 % of pixels missing, Gaussian noise), the same DDFB weights,
float32, torch and dpnp limited to one thread. Each round times every contestant once (median of its
iterations); the table gives the median over rounds and the ratios to dpnp.

Usage: benchmarks/peers/ddfb_ula_peers.py [--weights W.pth] [--side 512] [--iterations 10] [--rounds 3]
       (run pinned to an idle core: taskset -c 1 .venv/bin/python benchmarks/peers/ddfb_ula_peers.py)
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]


def load_kernels(path):
    """D_0 .. D_{K-1} from a DDFB state dict (D0.weight, layers.{i}.Dk.weight)."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    kernels = [state["D0.weight"].float()]
    k = 0
    while f"layers.{k}.Dk.weight" in state:
        kernels.append(state[f"layers.{k}.Dk.weight"].float())
        k += 1
    return kernels


def squared_norm(kernel, side=64, iterations=200):
    """||D||^2 by the power method on D^T D (zero padding), on a small image: steps only, not timed."""
    x = torch.randn(1, kernel.shape[1], side, side, generator=torch.Generator().manual_seed(0))
    for _ in range(iterations):
        x = F.conv_transpose2d(F.conv2d(x, kernel, padding=1), kernel, padding=1)
        x = x / x.norm()
    return float((F.conv2d(x, kernel, padding=1) ** 2).sum())


class Ddfb(torch.nn.Module):
    """u = D0 x; u = clip(u + tau_k D_k clip(x - D_k^T u, 0, 1), -nu, nu); out = clip(x - D0^T u, 0, 1)."""

    def __init__(self, kernels):
        super().__init__()
        self.kernels = kernels
        self.tau = [0.0] + [1.99 / squared_norm(k) for k in kernels[1:]]

    def forward(self, x, sigma):
        nu = float(sigma)
        u = F.conv2d(x, self.kernels[0], padding=1)
        for k in range(1, len(self.kernels)):
            primal = (x - F.conv_transpose2d(u, self.kernels[k], padding=1)).clamp(0, 1)
            u = (u + self.tau[k] * F.conv2d(primal, self.kernels[k], padding=1)).clamp(-nu, nu)
        return (x - F.conv_transpose2d(u, self.kernels[0], padding=1)).clamp(0, 1)


def problem(side, seed=0):
    """The demo's task on a tiled photograph: 30 % observed, input SNR 15 dB."""
    from PIL import Image

    image = np.asarray(Image.open(ROOT / "data/images/dandelion_512.png").convert("RGB"), np.float32) / 255
    reps = -(-side // 512)
    x = torch.from_numpy(np.tile(image.transpose(2, 0, 1), (1, reps, reps))[:, :side, :side].copy())[None]
    g = torch.Generator().manual_seed(seed)
    mask = (torch.rand(1, 1, side, side, generator=g) < 0.3).float().expand_as(x).contiguous()
    sigma = float((x * mask).std() / (10 ** (15 / 20)))
    y = mask * x + sigma * mask * torch.randn(x.shape, generator=g)
    return x, y, mask, sigma


def step_sizes(sigma, alpha=1.0, lipschitz=1.0):
    """dpnp's (and the papers') K1 steps for inpainting: L_y = 1/sigma^2, eps = sigma^2."""
    eps, l_y = sigma ** 2, 1.0 / sigma ** 2
    lam = 0.99 / (2 * alpha * lipschitz / eps + 4 * l_y)
    delta = 0.99 / (3 * (alpha * lipschitz / eps + l_y + 1 / lam))
    return eps, lam, delta


def time_plain(net, y, mask, sigma, iterations):
    eps, lam, delta = step_sizes(sigma)
    x = y.clone()
    times = []
    with torch.no_grad():
        for _ in range(iterations + 1):
            start = time.perf_counter()
            grad = mask * (mask * x - y) / sigma ** 2
            prior = (x - net(x, sigma)) / eps
            box = (x - x.clamp(-1, 2)) / lam
            x = x - delta * (grad + prior + box) + (2 * delta) ** 0.5 * torch.randn_like(x)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def time_deepinv(net, y, mask, sigma, iterations):
    import deepinv as dinv

    eps, lam, delta = step_sizes(sigma)
    physics = dinv.physics.Inpainting(img_size=tuple(y.shape[1:]), mask=mask[0], noise_model=dinv.physics.GaussianNoise(sigma))
    ula = dinv.sampling.ULA(dinv.optim.ScorePrior(net), dinv.optim.data_fidelity.L2(sigma=sigma), step_size=delta,
                            sigma=sigma, alpha=1.0, max_iter=iterations + 1, thinning=1, burnin_ratio=0.0,
                            clip=(-1.0, 2.0), verbose=False)
    with torch.no_grad():
        ula(y, physics, x_init=y.clone())  # warm-up
        start = time.perf_counter()
        ula(y, physics, x_init=y.clone())
    return (time.perf_counter() - start) / (iterations + 1)


def time_dpnp(dpnp, weights, side, iterations):
    with tempfile.TemporaryDirectory() as scratch:
        image, report = Path(scratch) / "x.h5", Path(scratch) / "bench.json"
        x, _, _, _ = problem(side)
        import h5py

        with h5py.File(image, "w") as f:
            f["x"] = x[0].numpy()
        command = [str(ROOT / "scripts/mpirun.sh"), "-n", "1", dpnp, "bench", str(ROOT / "configs/demo.yaml"),
                   "--set", f"truth.path={image}", "--set", "prior.type=ddfb", "--set", f"prior.weights={weights}",
                   "--set", "run.threads=1", "--set", "run.log_level=warn", "--warmup", "2", "--iterations",
                   str(iterations), "--json", str(report)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return json.loads(report.read_text())["iteration_ms"]["median"] / 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default=str(ROOT / "models/ddfb_c3_k4_f64.pth"))
    parser.add_argument("--dpnp", default=str(ROOT / "build/src/dpnp"))
    parser.add_argument("--side", type=int, default=512)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = Ddfb(load_kernels(args.weights)).eval()
    _, y, mask, sigma = problem(args.side)
    rows = {"plain PyTorch PnP-ULA": [], "deepinv ULA": [], "dpnp": []}
    for r in range(args.rounds):
        rows["plain PyTorch PnP-ULA"].append(time_plain(net, y, mask, sigma, args.iterations))
        rows["deepinv ULA"].append(time_deepinv(net, y, mask, sigma, args.iterations))
        rows["dpnp"].append(time_dpnp(args.dpnp, args.weights, args.side, args.iterations))
        print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in rows.items()), file=sys.stderr)
    dpnp = statistics.median(rows["dpnp"])
    print(f"PnP-ULA, DDFB ({Path(args.weights).name}), 3 x {args.side}^2 inpainting, one thread, "
          f"median of {args.rounds} interleaved rounds (torch {torch.__version__})")
    print(f"{'':<24} {'s / iteration':>14} {'rounds':>24} {'x dpnp':>8}")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"{name:<24} {median:>14.3f} {' '.join(f'{v:.3f}' for v in values):>24} {median / dpnp:>8.2f}")


if __name__ == "__main__":
    main()
