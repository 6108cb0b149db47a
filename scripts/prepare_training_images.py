#!/usr/bin/env python3
"""Builds the denoiser training and held-out folders from unpacked Debian packages.

Usage: prepare_training_images.py CACHE OUT
  CACHE: the folder where scripts/fetch_training_images.sh unpacked the packages
  OUT:   receives train/, validation/ and test/ (PNG, RGB, with a sources.tsv each) and LICENSES.md

JPEG photographs are area-downscaled 2x: their 8x8 block artefacts and chroma subsampling would
otherwise be learnt as "clean" texture. Lossless PNGs (the scikit-image data) are kept as they are.
The held-out photographs give two disjoint sets of crops: test/ holds the centre 512x512 (every
model is compared on the same pixels), validation/ a 256x256 crop at the left edge, outside the
centre crop, which `dpnp train` scores after every epoch (cheaper, and the epoch it selects is not
chosen on the test pixels).
"""
import csv
import re
import sys
from pathlib import Path

from PIL import Image

TEST_CROP = 512
VALIDATION_CROP = 256

# Plasma's photographs (build-notes section 7); the other wallpapers are drawings or renders.
PLASMA_PHOTOS = ["FallenLeaf", "Path", "DarkestHour", "summer_1am", "EveningGlow", "Grey", "ColorfulCups",
                 "OneStandsOut", "ColdRipple", "BytheWater", "Kite"]
MATE_NATURE = ["Wood", "Garden", "Aqua", "TwoWings", "LadyBird", "YellowFlower", "Storm", "RainDrops", "Blinds",
               "Dune", "FreshFlower", "GreenMeadow"]
# scikit-image's photographs with CC0 or public-domain status, as its data/_fetchers.py docstrings state.
SKIMAGE = {
    "astronaut.png": "public domain (NASA)",
    "camera.png": "CC0-1.0 (Lav Varshney)",
    "coffee.png": "CC0-1.0 (Rachel Michetti)",
    "chelsea.png": "CC0-1.0 (Stefan van der Walt)",
    "rocket.jpg": "public domain (SpaceX)",
    "hubble_deep_field.jpg": "public domain (NASA)",
    "retina.jpg": "CC0-1.0 (Hakon Gudmundsson)",
    "brick.png": "CC0-1.0 (CC0Textures)",
    "grass.png": "CC0-1.0 (CC0Textures)",
    "gravel.png": "CC0-1.0 (CC0Textures)",
}
# umang is abstract; Picture_1A (1365x1074) is too small for the others' crop after downscaling.
LOMIRI_EXCLUDED = {"umang_by_Abhishek_Mudgal.jpg", "Picture_1A_by_freespace.jpg"}


def debian_licences(copyright_file: Path) -> dict:
    """Maps each 'Files:' pattern of a machine-readable (DEP-5) debian/copyright to its licence."""
    licences = {}
    for paragraph in copyright_file.read_text(encoding="utf-8", errors="replace").split("\n\n"):
        fields, current = {}, None
        for line in paragraph.splitlines():
            if line.startswith((" ", "\t")) and current:
                fields[current] += " " + line.strip()
            elif ":" in line:
                current, value = line.split(":", 1)
                fields[current] = value.strip()
        if "Files" in fields and "License" in fields:
            for pattern in fields["Files"].split():
                licences[pattern] = fields["License"].split()[0]
    return licences


def licence_of(licences: dict, name: str) -> str:
    for pattern, licence in licences.items():
        if pattern == "*":
            continue
        if Path(pattern).name == name:
            return licence
    return licences.get("*", "see the package's copyright file")


def downscale2(image: Image.Image) -> Image.Image:
    return image.reduce(2)  # box filter: the mean of each 2x2 block


def save(image: Image.Image, folder: Path, name: str) -> str:
    out = folder / (re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".png")
    image.convert("RGB").save(out, optimize=False)
    return out.name


def centre_crop(image: Image.Image, size: int) -> Image.Image:
    left, top = (image.width - size) // 2, (image.height - size) // 2
    return image.crop((left, top, left + size, top + size))


def left_crop(image: Image.Image, size: int) -> Image.Image:
    """Vertically centred at the left edge; disjoint from the centre TEST_CROP crop."""
    if (image.width - TEST_CROP) // 2 < size:
        raise SystemExit(f"image {image.size} too narrow for disjoint validation and test crops")
    top = (image.height - size) // 2
    return image.crop((0, top, size, top + size))


def main(cache: Path, out: Path) -> None:
    train, validation, test = out / "train", out / "validation", out / "test"
    for folder in (train, validation, test):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
    rows = {"train": [], "validation": [], "test": []}

    plasma = cache / "plasma-workspace-wallpapers/usr/share/wallpapers"
    plasma_licence = "GPL-2+ (debian/copyright; LGPL-3 in the wallpaper's metadata.json)"
    for name in PLASMA_PHOTOS:
        source = plasma / name / "contents/images/2560x1600.jpg"
        image = downscale2(Image.open(source))
        rows["train"].append((save(image, train, f"plasma_{name}"), "plasma-workspace-wallpapers", plasma_licence,
                              source.relative_to(cache), "2x area downscale"))

    mate = cache / "mate-backgrounds/usr/share/backgrounds/mate/nature"
    mate_licences = debian_licences(cache / "mate-backgrounds/usr/share/doc/mate-backgrounds/copyright")
    for name in MATE_NATURE:
        source = mate / f"{name}.jpg"
        image = downscale2(Image.open(source))
        rows["train"].append((save(image, train, f"mate_{name}"), "mate-backgrounds",
                              licence_of(mate_licences, source.name), source.relative_to(cache), "2x area downscale"))

    skimage = cache / "python3-skimage/usr/lib/python3/dist-packages/skimage/data"
    for name, licence in SKIMAGE.items():
        source = skimage / name
        image = Image.open(source)
        how = "as is (lossless)"
        if source.suffix == ".jpg":
            image, how = downscale2(image), "2x area downscale"
        rows["train"].append((save(image, train, f"skimage_{source.stem}"), "python3-skimage",
                              licence + "; package BSD-3-Clause", source.relative_to(cache), how))

    lomiri = cache / "lomiri-wallpapers-16.04/usr/share/backgrounds"
    lomiri_licences = debian_licences(cache / "lomiri-wallpapers-16.04/usr/share/doc/lomiri-wallpapers-16.04/copyright")
    for source in sorted(lomiri.glob("*.jpg")):
        if source.name in LOMIRI_EXCLUDED:
            continue
        image = downscale2(Image.open(source))
        licence = licence_of(lomiri_licences, source.name)
        rows["test"].append((save(centre_crop(image, TEST_CROP), test, f"lomiri_{source.stem}"),
                             "lomiri-wallpapers-16.04", licence, source.relative_to(cache),
                             f"2x area downscale, centre {TEST_CROP}x{TEST_CROP} crop"))
        rows["validation"].append((save(left_crop(image, VALIDATION_CROP), validation, f"lomiri_{source.stem}"),
                                   "lomiri-wallpapers-16.04", licence, source.relative_to(cache),
                                   f"2x area downscale, {VALIDATION_CROP}x{VALIDATION_CROP} crop at the left edge"))

    header = ("file", "package", "licence", "source", "processing")
    for split, folder in (("train", train), ("validation", validation), ("test", test)):
        with open(folder / "sources.tsv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter="\t", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows[split])
    with open(out / "LICENSES.md", "w", encoding="utf-8") as f:
        f.write("# Denoiser training and held-out images\n\n"
                "Made by scripts/fetch_training_images.sh from Debian packages; not committed to the project.\n"
                "Licences come from each package's debian/copyright (and, for scikit-image, the per-image\n"
                "statements in skimage/data/_fetchers.py).\n")
        for split in ("train", "validation", "test"):
            f.write(f"\n## {split}/ ({len(rows[split])} images)\n\n| file | package | licence | source | processing |\n"
                    "|---|---|---|---|---|\n")
            for row in rows[split]:
                f.write("| " + " | ".join(str(x) for x in row) + " |\n")
    print(f"prepared {len(rows['train'])} training, {len(rows['validation'])} validation and {len(rows['test'])} test "
          f"images in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
