#!/usr/bin/env python3
"""Converts denoiser weights into the zip-format state dicts dpnp reads.

    .venv/bin/python scripts/convert_weights.py IN.pth OUT.pth [--arch dncnn|ddfb|drunet]

Handles:
  * legacy (pre-1.6, non-zip) torch.save files, e.g. KAIR's dncnn_color_blind.pth;
  * deepinv's DnCNN key names (in_conv, conv_list.i, out_conv): renamed to KAIR's model.{0,2,...}
    and the last layer negated, because deepinv's DnCNN returns x + net(x) while KAIR's (and
    dpnp's) returns x - net(x);
  * {"state_dict": ...} / {"params": ...} wrappers and DataParallel's "module." prefix.
The output is a plain dict of CPU float32 tensors saved with torch.save (zip format)."""
import argparse
import re
import sys

import torch


def load(path: str) -> dict:
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # legacy pickles may hold classes weights_only refuses; the file is the user's own
        obj = torch.load(path, map_location="cpu", weights_only=False)
    if isinstance(obj, torch.nn.Module):
        obj = obj.state_dict()
    for wrapper in ("state_dict", "params", "model"):
        if isinstance(obj, dict) and wrapper in obj and isinstance(obj[wrapper], dict):
            obj = obj[wrapper]
    if not isinstance(obj, dict):
        sys.exit(f"convert_weights: {path} holds a {type(obj).__name__}, not a state dict")
    out = {k.removeprefix("module."): v for k, v in obj.items() if isinstance(v, torch.Tensor)}
    if not out:
        sys.exit(f"convert_weights: {path} holds no tensors")
    return out


def from_deepinv_dncnn(sd: dict) -> dict:
    layers = [sd["in_conv.weight"]], [sd.get("in_conv.bias")]
    i = 0
    while f"conv_list.{i}.weight" in sd:
        layers[0].append(sd[f"conv_list.{i}.weight"])
        layers[1].append(sd.get(f"conv_list.{i}.bias"))
        i += 1
    layers[0].append(-sd["out_conv.weight"])
    layers[1].append(-sd["out_conv.bias"] if "out_conv.bias" in sd else None)
    out = {}
    for n, (w, b) in enumerate(zip(*layers)):
        if b is None:
            sys.exit("convert_weights: dpnp's DnCNN needs biases (deepinv's default bias=True)")
        out[f"model.{2 * n}.weight"] = w
        out[f"model.{2 * n}.bias"] = b
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--arch", choices=["dncnn", "ddfb", "drunet"], help="only used to name the result in the log")
    args = parser.parse_args()
    sd = load(args.input)
    if "in_conv.weight" in sd:
        sd = from_deepinv_dncnn(sd)
        kind = "deepinv DnCNN -> KAIR DnCNN layout (last layer negated)"
    elif any(re.match(r"model\.\d+\.weight", k) for k in sd):
        kind = "KAIR DnCNN layout"
    elif "m_head.weight" in sd:
        kind = "KAIR/deepinv DRUNet layout"
    elif "D0.weight" in sd:
        kind = "DDFB layout"
    else:
        kind = "unknown layout (kept as is)"
    sd = {k: v.detach().to(torch.float32).contiguous() for k, v in sd.items()}
    torch.save(sd, args.output)
    print(f"{args.input} -> {args.output}: {len(sd)} tensors, {sum(v.numel() for v in sd.values()):,} parameters; {kind}")


if __name__ == "__main__":
    main()
