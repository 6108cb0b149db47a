#!/usr/bin/env python3
"""Unit checks of python/dpnp_report: the stretches, the autocorrelation, the box averaging, and a
report built from synthetic result files with and without the optional items (R̂, the prior trace,
coverage, the convergence verdict), which must be shown when present and said absent otherwise.

Usage: report_units_test.py WORK_DIR"""
import html.parser
import sys
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from dpnp_report import report, stretch as st  # noqa: E402
from dpnp_report.__main__ import main  # noqa: E402
from dpnp_report.autocorrelation import autocorrelation, kept_part  # noqa: E402
from dpnp_report.result import box_downscale  # noqa: E402

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL", what)


def test_stretches():
    values = np.linspace(-1.0, 3.0, 101)
    for name in st.STRETCHES:
        shown = st.apply(values, name, 0.0, 2.0)
        check(shown.min() == 0.0 and shown.max() == 1.0, f"{name}: display range is not [0, 1]")
        check(np.all(np.diff(shown) >= 0), f"{name}: not monotone")
        inside = np.linspace(0.0, 2.0, 9)
        check(np.allclose(st.invert(st.apply(inside, name, 0.0, 2.0), name, 0.0, 2.0), inside),
              f"{name}: invert does not undo apply")
    # asinh and log lift faint values above linear, which is what they are for.
    check(st.apply(0.05, "asinh", 0, 1) > 0.15 and st.apply(0.05, "log", 0, 1) > 0.5, "asinh/log do not lift faint values")
    rng = np.random.default_rng(0)
    sky = rng.normal(10.0, 1.0, (200, 200))
    sky[rng.random(sky.shape) > 0.998] = 5000.0  # stars
    low, high = st.zscale_limits(sky)
    # The sky's spread at contrast 0.25 (about 5 sigma each side), far below the stars.
    check(3.0 < low < 9.0 and 11.0 < high < 17.0, f"zscale limits {low}, {high} are not the sky's (10 +- 1)")
    check(st.default_stretch(sky) == "zscale", "a star field does not default to zscale")
    check(st.default_stretch(rng.random((3, 64, 64))) == "linear", "a uniform image does not default to linear")
    check(st.default_stretch(np.clip(rng.normal(0.5, 0.2, (64, 64)), 0, 1)) == "linear",
          "a Gaussian image does not default to linear")
    check(st.limits(np.full((4, 4), 3.0), "linear") == (3.0, 4.0), "a constant image has no usable limits")


def test_autocorrelation():
    rng = np.random.default_rng(1)
    x = np.zeros(200000)
    for i in range(1, x.size):
        x[i] = 0.8 * x[i - 1] + rng.standard_normal()
    rho = autocorrelation(x, 5)
    check(np.allclose(rho, 0.8 ** np.arange(6), atol=0.02), f"AR(1) autocorrelation {rho} is not 0.8^k")
    check(np.all(np.isnan(autocorrelation(np.ones(10), 3))), "a constant trace has an autocorrelation")
    check(list(kept_part(np.arange(10), 4, 2)) == [5, 7, 9], "kept part is not after burn-in, every thinning-th")


def test_box_downscale():
    a = np.arange(3 * 7 * 10, dtype=np.float32).reshape(3, 7, 10)
    out, factor = box_downscale(a, 4)
    check(factor == 3 and out.shape == (3, 3, 4), f"box_downscale shape {out.shape} factor {factor}")
    check(np.isclose(out[1, 0, 0], a[1, :3, :3].mean()) and np.isclose(out[2, 2, 3], a[2, 6:, 9:].mean()),
          "box_downscale does not average whole and partial boxes")
    same, factor = box_downscale(a[0], 100)
    check(factor == 1 and np.array_equal(same[0], a[0]), "box_downscale changes an image that fits")


def write_result(path, optional):
    rng = np.random.default_rng(2)
    truth = rng.random((3, 24, 32)).astype(np.float32)
    n = 120
    with h5py.File(path, "w") as f:
        f["mmse"] = truth + 0.05 * rng.standard_normal(truth.shape).astype(np.float32)
        f["variance"] = np.full(truth.shape, 0.01, np.float32)
        f["observation"] = truth
        f["ground_truth"] = truth
        f["trace/potential"] = np.linspace(100, 1, n)
        f["trace/potential"].attrs.update(iat=2.0, ess=30.0)
        f["trace/image_mean"] = rng.random(n)
        f["trace/pixels"] = rng.random((n, 5))
        f["trace/pixels"].attrs.update(rows=np.arange(5.0), columns=np.arange(5.0), iat=np.ones(5), ess=np.full(5, 60.0))
        f.attrs.update(config="sampler:\n  ci_level: 0.9\n", iterations=n, burn_in=20, thinning=1,
                       samples_in_estimates=100, git_hash="feedface1234", seed=7)
        if optional:
            f["trace/prior"] = np.linspace(50, 1, n)
            f["trace/potential"].attrs["rhat"] = 1.0123
            f.attrs.update(coverage_90=0.8765, converged=0, command_line="dpnp sample demo.yaml")


class Images(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src", ""))


def test_report(work):
    for optional in (False, True):
        path = work / f"result_{int(optional)}.h5"
        write_result(path, optional)
        text, default = report.build(path)
        images = Images()
        images.feed(text)
        check(len(images.sources) == 7, f"optional={optional}: {len(images.sources)} figures, expected 7")
        check(all(s.startswith("data:image/png;base64,") and len(s) > 1000 for s in images.sources),
              "a figure is not an embedded PNG")
        check(default == "linear", f"default stretch {default} for a photograph")
        check("feedface1234" in text, "provenance: the git hash is missing")
        for shown in ("1.012", "0.8765", "not converged", "dpnp sample demo.yaml", "<td>prior term</td>"):
            check((shown in text) == optional, f"optional={optional}: '{shown}' {'missing' if optional else 'shown'}")
        check(("not in this file" in text), "absent items are not said absent")
        if not optional:
            check("convergence verdict: <span class=\"absent\">not in this file" in text, "absent verdict not said")
    # The command line: a report written where asked, the stretch chosen first.
    code = main(["report", str(work / "result_1.h5"), "-o", str(work / "chosen.html"), "--stretch", "log"])
    text = (work / "chosen.html").read_text()
    check(code == 0 and 'id="stretch-log" checked' in text, "--stretch log is not the stretch shown first")
    check(main(["report", str(work / "missing.h5")]) == 2, "a missing result does not exit 2")
    check(main(["report", str(work / "result_1.h5"), "-o", str(work)]) == 2, "a directory as output does not exit 2")
    check(main(["previews", str(work / "result_1.h5"), "--max-side", "16"]) == 0, "previews failed")
    check((work / "result_1_std.png").exists(), "the std preview is missing")


work = Path(sys.argv[1])
work.mkdir(parents=True, exist_ok=True)
test_stretches()
test_autocorrelation()
test_box_downscale()
test_report(work)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
