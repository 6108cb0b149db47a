#!/usr/bin/env python3
"""Ground truths for configs/paper/ and scripts/reproduce.sh: one scene at every size.

The papers' own images are not free to ship, so every size is made from the same CC0 photograph as
the demo (Debian lomiri-wallpapers-16.04, "seeding" by Clemens Engelhardt, 5312x2988): the centred
2988x2988 square, resized with an area (box) filter for 256, 1024, 2048 and 2896, and with Lanczos
for 4096, which is larger than the photograph (an upsampled image is smoother than a native one:
docs/results.md says so beside any 4096^2 figure).
Usage: scripts/make_paper_images.py UNPACKED_PACKAGE_DIR OUTPUT_DIR [SIZES...]"""
import sys
from pathlib import Path

from PIL import Image

SOURCE = "usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg"
SIZES = (256, 1024, 2048, 2896, 4096)


def main() -> None:
    package, out = Path(sys.argv[1]), Path(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3:]] or SIZES
    out.mkdir(parents=True, exist_ok=True)
    photo = Image.open(package / SOURCE).convert("RGB")
    side = min(photo.size)
    left, top = (photo.width - side) // 2, (photo.height - side) // 2
    square = photo.crop((left, top, left + side, top + side))
    for size in sizes:
        target = out / f"seeding_{size}.png"
        if target.exists():
            continue
        method = Image.Resampling.BOX if size <= side else Image.Resampling.LANCZOS
        square.resize((size, size), method).save(target, optimize=True)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
