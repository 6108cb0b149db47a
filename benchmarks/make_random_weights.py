#!/usr/bin/env python3
"""Random-weight state dicts in the layouts dpnp reads, for timing (speed does not depend on the values).

Usage: make_random_weights.py OUT_DIR
Writes ddfb_k4.pth, ddfb_k19.pth (DDFB, 64 features, tied D_k/D_k^T), dncnn_20.pth (KAIR layout, 20
convolutions with bias) and drunet.pth (KAIR UNetRes, 64/128/256/512, 4 blocks per level, no bias)."""
import sys
from pathlib import Path

import torch

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
g = torch.Generator().manual_seed(0)


def rand(*shape, scale):
    return (torch.randn(*shape, generator=g) * scale).float()


def ddfb(layers: int, features: int = 64, channels: int = 3) -> dict:
    sd = {}
    for k in range(layers):
        w = rand(features, channels, 3, 3, scale=0.1)
        name = "D0" if k == 0 else f"layers.{k - 1}.Dk"
        sd[f"{name}.weight"] = w
        sd[f"{name}_T.weight"] = w.clone()
    return sd


def dncnn(layers: int = 20, features: int = 64, channels: int = 3) -> dict:
    sd = {}
    for l in range(layers):
        cin = channels if l == 0 else features
        cout = channels if l == layers - 1 else features
        sd[f"model.{2 * l}.weight"] = rand(cout, cin, 3, 3, scale=(2.0 / (9 * cin)) ** 0.5)
        sd[f"model.{2 * l}.bias"] = rand(cout, scale=0.01)
    return sd


def drunet(nc=(64, 128, 256, 512), blocks: int = 4, channels: int = 3) -> dict:
    sd = {"m_head.weight": rand(nc[0], channels + 1, 3, 3, scale=0.05)}

    def res(prefix, first, c):
        for b in range(first, first + blocks):
            for conv in (0, 2):
                sd[f"{prefix}.{b}.res.{conv}.weight"] = rand(c, c, 3, 3, scale=(1.0 / (9 * c)) ** 0.5)

    for level in (1, 2, 3):
        res(f"m_down{level}", 0, nc[level - 1])
        sd[f"m_down{level}.{blocks}.weight"] = rand(nc[level], nc[level - 1], 2, 2, scale=0.05)
    res("m_body", 0, nc[3])
    for level in (3, 2, 1):
        sd[f"m_up{level}.0.weight"] = rand(nc[level], nc[level - 1], 2, 2, scale=0.05)
        res(f"m_up{level}", 1, nc[level - 1])
    sd["m_tail.weight"] = rand(channels, nc[0], 3, 3, scale=0.05)
    return sd


for name, sd in {"ddfb_k4.pth": ddfb(4), "ddfb_k19.pth": ddfb(19), "dncnn_20.pth": dncnn(), "drunet.pth": drunet()}.items():
    torch.save(sd, out / name)
    print(f"{out / name}: {sum(v.numel() for k, v in sd.items() if not k.endswith('_T.weight')):,} parameters")
