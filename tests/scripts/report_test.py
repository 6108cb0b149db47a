#!/usr/bin/env python3
"""`dpnp report` end to end: a short run of the demo config (2 ranks, previews on), its report written
by `dpnp report`, opened in headless Chromium and screenshotted. Checks: the page holds the expected
figures, every <img> is a non-empty embedded PNG and nothing is loaded from elsewhere; the
screenshot is not blank; the previews have a colour bar (and the std preview a colour map). Without
Python, `dpnp report` fails in one line and a run succeeds without previews.

Chromium (Debian's `chromium`) is installed with apt-get when missing; the test is skipped (exit 77,
with the reason) only when that is impossible.

Usage: report_test.py --dpnp BUILD/src/dpnp --work DIR"""
import argparse
import base64
import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SKIP = 77
# 4 stretches of the image row, the uncertainty maps, the traces, the autocorrelations.
EXPECTED_FIGURES = 7
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.external, self.checked = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        elif tag in ("script", "link", "iframe", "audio", "video", "source") and (attrs.get("src") or attrs.get("href")):
            self.external.append(f"<{tag}> {attrs.get('src') or attrs.get('href')}")
        if tag == "input" and "checked" in attrs:
            self.checked.append(attrs.get("id"))


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], env=env,
                       capture_output=True, timeout=900)
        return shutil.which("chromium")
    return None


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        raise SystemExit(f"FAIL: {' '.join(map(str, command))} exited with {result.returncode}")
    return result


def check_page(report: Path, problems):
    page = Page()
    page.feed(report.read_text(encoding="utf-8"))
    if len(page.images) != EXPECTED_FIGURES:
        problems.append(f"{len(page.images)} <img> figures, expected {EXPECTED_FIGURES}")
    for k, source in enumerate(page.images):
        prefix = "data:image/png;base64,"
        if not source.startswith(prefix):
            problems.append(f"figure {k} is not an embedded PNG: {source[:60]!r}")
            continue
        data = base64.b64decode(source[len(prefix):], validate=True)
        if not data.startswith(PNG_SIGNATURE) or len(data) < 2000:
            problems.append(f"figure {k}: {len(data)} bytes, not a PNG with content")
    if page.external:
        problems.append(f"external resources: {page.external}")
    return page


def check_screenshot(chromium: str, report: Path, shot: Path, problems):
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--screenshot={shot}", "--window-size=1400,2400", report.resolve().as_uri()]
    subprocess.run(command, capture_output=True, timeout=180)
    if not shot.exists():
        problems.append("chromium wrote no screenshot")
        return
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=np.float64)
    # A page whose figures did not load is white text on white: little variance, few dark pixels.
    dark = np.mean(pixels < 128)
    print(f"screenshot {pixels.shape[1]}x{pixels.shape[0]}: pixel std {pixels.std():.1f}, dark fraction {dark:.3f}")
    if pixels.std() < 20 or dark < 0.05:
        problems.append(f"the screenshot looks blank (std {pixels.std():.1f}, dark fraction {dark:.3f})")


def longest_ramp(column):
    """Rows in the longest run where the luminance never rises going down, and its luminance span."""
    best, best_span, start = 0, 0.0, 0
    for row in range(1, column.size + 1):
        if row == column.size or column[row] > column[row - 1]:
            if row - start > best:
                best, best_span = row - start, float(column[start] - column[row - 1])
            start = row
    return best, best_span


def has_colour_bar(rgb):
    """A colour bar (grey or viridis: luminance falls from top to bottom) is a column right of the
    image centre that ramps over at least 40 % of the height and most of the luminance range; image
    content and white margins do not."""
    luminance = rgb.mean(axis=2)
    height, width = luminance.shape
    for x in range(width // 2, width):
        run, span = longest_ramp(luminance[:, x])
        if run >= 0.4 * height and span >= 150:
            return True
    return False


def check_previews(result: Path, problems):
    for suffix in ("mmse", "observation", "std"):
        png = result.with_name(f"{result.stem}_{suffix}.png")
        if not png.exists():
            problems.append(f"missing preview {png.name}")
            continue
        rgb = np.asarray(Image.open(png).convert("RGB"), dtype=np.int32)
        if not has_colour_bar(rgb):
            problems.append(f"{png.name}: no colour bar (no column right of centre ramps from light to dark)")
        if suffix == "std":
            saturation = (rgb.max(axis=2) - rgb.min(axis=2)) > 60
            if saturation.mean() < 0.05:
                problems.append(f"{png.name}: no colour map (only {saturation.mean():.3f} of pixels are coloured)")


def check_without_python(dpnp, work, env, problems):
    """No interpreter: `dpnp report` fails with one line naming the fix (exit 2); a run still succeeds,
    warns, and writes no previews."""
    missing = dict(env, DPNP_REPORT_PYTHON=str(work / "no_python"))
    out = subprocess.run([dpnp, "report", str(work / "demo.h5")], capture_output=True, text=True, env=missing,
                         timeout=120)
    lines = [l for l in (out.stdout + out.stderr).splitlines() if l.startswith("dpnp:")]
    if out.returncode != 2 or len(lines) != 1 or "DPNP_REPORT_PYTHON" not in lines[0]:
        problems.append(f"without Python, dpnp report gave exit {out.returncode} and {lines}")
    config = work / "tiny.yaml"
    config.write_text(f"truth: {{path: {ROOT / 'data/images/dandelion_512.png'}, crop: [0, 0, 32, 32]}}\n"
                      f"sampler: {{iterations: 6, burn_in: 2}}\n"
                      f"output: {{path: {work / 'tiny.h5'}, previews: true}}\n")
    out = subprocess.run([str(ROOT / "scripts/mpirun.sh"), "-n", "1", dpnp, "sample", str(config)], capture_output=True,
                         text=True, env=missing, timeout=300)
    log = out.stdout + out.stderr
    if out.returncode != 0 or "previews not written" not in log or list(work.glob("tiny_*.png")):
        problems.append(f"a run without Python: exit {out.returncode}, previews {list(work.glob('tiny_*.png'))}, "
                        f"log tail {log[-400:]!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    chromium = find_chromium()
    if chromium is None:
        print("SKIP: no chromium, and it cannot be installed here (needs root and apt-get)")
        return SKIP
    result = work / "demo.h5"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    run([str(ROOT / "scripts/mpirun.sh"), "-n", "2", args.dpnp, "sample", str(ROOT / "configs/demo.yaml"),
         "--set", "sampler.iterations=60", "--set", "sampler.burn_in=20", "--set", "sampler.keep_samples=10",
         "--set", f"output.path={result}"], env=env)
    problems = []
    check_previews(result, problems)
    out = run([args.dpnp, "report", str(result)], env=env)
    report = work / "demo_report.html"
    if str(report) not in out.stdout:
        problems.append(f"dpnp report did not say where it wrote the report: {out.stdout!r}")
    page = check_page(report, problems)
    if page.checked != ["stretch-linear"]:
        problems.append(f"default stretch of a photograph: {page.checked}, expected linear")
    check_screenshot(chromium, report, work / "report.png", problems)
    # A chosen output and stretch.
    chosen = work / "chosen.html"
    run([args.dpnp, "report", str(result), "-o", str(chosen), "--stretch", "zscale"], env=env)
    if check_page(chosen, problems).checked != ["stretch-zscale"]:
        problems.append("--stretch zscale is not the stretch shown first")
    check_without_python(args.dpnp, work, env, problems)
    for p in problems:
        print("FAIL", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
