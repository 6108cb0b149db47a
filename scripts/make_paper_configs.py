#!/usr/bin/env python3
"""Writes configs/paper/*.yaml: one dpnp config per experiment of the papers (3 tasks x {TV, DDFB,
DnCNN, DRUNet} x {2048, 2896, 4096}, plus the short paper's 1024^2 inpainting run), from the authors'
experiment files (../shared/reference/cards-configs, JSON) and the parameters of algorithm.md.

The authors' PnP files name one denoiser per task (DDFB for inpainting, DRUNet for deconvolution);
the other learned priors take the same parameters with their own Lipschitz constant L of D - I
from the journal's Table II (DDFB 2, DnCNN 3, DRUNet 7). Chain lengths are checkpoint_size x
n_checkpoint with burn-in burnin x checkpoint_size, as in the authors' code.

Usage: scripts/make_paper_configs.py [CARDS_CONFIG_DIR] [OUTPUT_DIR]
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TASKS = {  # cards-configs prefix -> (dpnp name, problem.task, problem.noise)
    "gaussian_inpainting": ("inpainting", "inpainting", "gaussian"),
    "gaussian_deconvolution": ("deblurring", "deblurring", "gaussian"),
    "poisson_deconvolution": ("poisson", "deblurring", "poisson"),
}
SIZES = (2048, 2896, 4096)
LIPSCHITZ = {"ddfb": 2, "dncnn": 3, "drunet": 7}  # journal Table II
WEIGHTS = {  # relative to configs/paper/; models/README.md says where each comes from
    "ddfb": "../../models/ddfb_c3_k4_f64.pth",
    "dncnn": "../../models/dncnn_color_blind.pth",
    "drunet": "../../models/drunet_color.pth",
}
WEIGHTS_NOTE = {
    "ddfb": "shipped (trained by dpnp train, models/README.md)",
    "dncnn": "KAIR's dncnn_color_blind.pth, not shipped: models/README.md says where to get it",
    "drunet": "KAIR's drunet_color.pth (125 MB), not shipped: models/README.md says where to get it",
}


def image_path(size: int) -> str:
    return f"../../third_party_cache/paper/seeding_{size}.png"


def chain(source: dict) -> dict:
    size = source["checkpoint_size"]
    if size < 100:  # poisson_deconvolution 4096 pnp says 10: a debugging leftover in the authors' file
        size = 1000
    return {"iterations": size * source["n_checkpoint"], "burn_in": size * source["burnin"], "checkpoint": size}


def render(name: str, comment: list, sections: dict) -> str:
    lines = [f"# {line}" if line else "#" for line in comment]
    for section, values in sections.items():
        lines.append(f"{section}:")
        for key, value in values.items():
            if isinstance(value, str) and (value == "" or any(c in value for c in ":#{}[],")):
                value = json.dumps(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            elif value is None:
                value = "null"
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def config_for(task: str, prior: str, size, source: dict, cards_name: str) -> str:
    name, problem_task, noise = TASKS[task]
    run_chain = chain(source)
    side = 1024 if size == "lille" else size
    sections = {
        "run": {"seed": source["seed"], "device": "cuda"},
        "problem": {"task": problem_task, "noise": noise},
        "truth": {"path": image_path(side)},
        "observation": {"seed": source["seed_data"]},
        "prior": {"type": prior},
        "sampler": {"iterations": run_chain["iterations"], "burn_in": run_chain["burn_in"],
                    "keep_samples": 500 if size == "lille" else 0},
        "output": {"path": f"results/paper/{name}_{'ddfb19' if size == 'lille' else prior}_{side}.h5",
                   "checkpoint_every": run_chain["checkpoint"]},
    }
    observation = sections["observation"]
    if task == "gaussian_inpainting":
        observation["missing_fraction"] = source["mask_loss"]
    if noise == "gaussian":
        observation["snr_db"] = source["isnr"]
    else:
        observation["peak"] = source["dynamic_range"]
    if problem_task == "deblurring":
        kernel = source["kernel"]
        observation.update(blur_kernel=kernel["type"], blur_size=kernel["size"], blur_intensity=kernel["intensity"])
    p = sections["prior"]
    if prior == "tv":
        p["mu"] = source["reg_coef"]
        if noise == "gaussian":
            p["rho"] = source["split_coef"]
    else:
        denoiser = source["denoiser_params"]
        p["weights"] = WEIGHTS[prior]
        if size == "lille":
            p["weights"] = "../../models/ddfb_c3_k19_f64.pth"
        p["alpha"] = source["reg_coef"]
        # The authors' L applies to the denoiser their file names; the others take Table II's.
        p["lipschitz"] = denoiser["L"] if denoiser["type"] == prior else LIPSCHITZ[prior]
        p["denoising_level"] = denoiser["denoising_level"]
    if noise == "poisson":
        sections["poisson"] = {"rho1": source["split_coef1"], "rho2": source["split_coef2"]}
    title = {"inpainting": "Gaussian inpainting", "deblurring": "Gaussian deblurring",
             "poisson": "Poisson deblurring"}[name]
    comment = [
        f"{title}, {prior.upper() if prior != 'dncnn' else 'DnCNN'} prior, 3x{side}x{side}"
        + (" (the short paper's GRETSI 2025 run)" if size == "lille" else " (journal paper)") + ".",
        f"Generated by scripts/make_paper_configs.py from the authors' {cards_name}; do not edit by hand.",
        f"Ground truth: scripts/fetch_images.sh writes {image_path(side)[6:]} (CC0 photograph).",
    ]
    if prior != "tv":
        comment.append(f"Weights: {WEIGHTS_NOTE[prior] if size != 'lille' else 'DDFB K=19, not shipped: train it with dpnp train --layers 19 (models/README.md)'}.")
        if source["denoiser_params"]["type"] != prior:
            comment.append(f"The authors' file names {source['denoiser_params']['type']}; this prior takes L from Table II.")
    comment.append("Scaled-down runs of every task x prior: scripts/reproduce.sh (docs/results.md).")
    return render(name, comment, sections)


def main() -> int:
    cards = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/cards-configs"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "configs/paper"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for task, (name, _, _) in TASKS.items():
        for size in SIZES:
            for prior in ("tv", "ddfb", "dncnn", "drunet"):
                kind = "tv" if prior == "tv" else "pnp"
                cards_name = f"{task}__config_{size}_{kind}.json"
                source = json.loads((cards / cards_name).read_text())
                path = out / f"{name}_{prior}_{size}.yaml"
                path.write_text(config_for(task, prior, size, source, cards_name))
                written.append(path)
    cards_name = "gaussian_inpainting__config_lille_pnp.json"
    source = json.loads((cards / cards_name).read_text())
    path = out / "inpainting_ddfb19_1024.yaml"
    path.write_text(config_for("gaussian_inpainting", "ddfb", "lille", source, cards_name))
    written.append(path)
    print(f"wrote {len(written)} configs to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
