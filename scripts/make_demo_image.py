#!/usr/bin/env python3
"""Rebuilds data/images/dandelion_512.png, the demo's ground truth, from Debian's
lomiri-wallpapers-16.04 package (photo "seeding" by Clemens Engelhardt, CC0-1.0).

A 4x box (area) downscale of the 5312x2988 JPEG removes most compression artefacts, then a
512x512 crop keeps the large dandelion. Usage: scripts/make_demo_image.py OUTPUT.png
(needs the package unpacked: scripts/fetch_images.sh does it; Pillow from the project venv)."""
import sys
from pathlib import Path

from PIL import Image

SOURCE = "usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg"


def main() -> None:
    unpacked = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("third_party_cache/lomiri-wallpapers-16.04")
    image = Image.open(unpacked / SOURCE).convert("RGB")
    image = image.reduce(4)  # box filter over 4x4 blocks
    image.crop((100, 40, 612, 552)).save(sys.argv[1], optimize=True)


if __name__ == "__main__":
    main()
