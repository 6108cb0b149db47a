"""The report of one result file: what is shown, in which order, and which items are optional."""
import re

import numpy as np

from . import figures, page
from . import stretch as st
from .result import as_text, read_result

# Scalar traces in display order; each shown when the file has it.
SCALAR_TRACES = [("potential", "potential (−log posterior + c)"), ("prior", "prior term"),
                 ("snr", "SNR of x (dB)"), ("image_mean", "image mean")]
PROVENANCE = ["dpnp_version", "git_hash", "torch_version", "device", "command_line", "seed", "chains", "chain_init", "ranks",
              "ranks_per_chain", "decomposition",
              "slab_row_offsets", "iterations", "burn_in", "thinning", "samples_in_estimates", "task", "noise", "sigma",
              "peak", "model", "median_seconds_per_iteration"]
METRICS = [("MMSE", "mmse"), ("observation", "observation")]
MMSE_ERROR = ["chains", "samples_in_estimates", "ess_median", "ess_min", "mcse_batches", "mcse_batch_size",
              "rhat_pixel_median", "rhat_pixel_max", "rhat_pixel_fraction_above"]


def number(value):
    try:
        return float(np.asarray(value).ravel()[0])
    except (TypeError, ValueError, IndexError):
        return None


def channel_mean(image):
    return np.nanmean(image, axis=0, keepdims=True)


def ci_level(result):
    """sampler.ci_level from the effective config (every key is there, defaults included)."""
    match = re.search(r"ci_level:\s*([0-9.eE+-]+)", as_text(result.attr("config", "")))
    return number(match.group(1)) if match else None


# Uncertainty maps are shown from 0 to this percentile: a few extreme pixels (an ESS of 10^4 where
# the MCSE is nearly 0) would otherwise leave the rest of the map in one colour.
MAP_PERCENTILE = 99.5


def positive_range(image):
    values = st.finite_values(image)
    top = float(np.percentile(values, MAP_PERCENTILE)) if values.size else 1.0
    return 0.0, top if top > 0 else 1.0


def verdict_section(result):
    keys = sorted(k for k in result.attributes if k.startswith("converged"))
    if "converged" not in result.attributes:
        return ('<p><span class="verdict unknown">convergence verdict: ' + page.absent() + "</span></p>")
    value = as_text(result.attributes["converged"]).strip().lower()
    yes = value in ("1", "true", "yes", "converged")
    rows = [(k, as_text(result.attributes[k])) for k in keys]
    return (f'<p><span class="verdict {"yes" if yes else "no"}">convergence verdict: '
            f'{"converged" if yes else "not converged"} ({page.escape(value)})</span></p>' + page.table(["attribute", "value"], rows))


def images_section(result, stretch_choice):
    mmse = result.images["mmse"]
    truth = result.images.get("ground_truth")
    observation = result.images.get("observation")
    default = st.default_stretch(mmse) if stretch_choice == "auto" else stretch_choice
    views = {}
    for name in st.STRETCHES:
        shared = np.concatenate([mmse.ravel(), truth.ravel()]) if truth is not None else mmse
        panels = []
        if observation is not None:
            panels.append((observation, "observation y", name, st.limits(observation, name), figures.INTENSITY_CMAP))
        panels.append((mmse, "MMSE (posterior mean)", name, st.limits(shared, name), figures.INTENSITY_CMAP))
        if truth is not None:
            panels.append((truth, "ground truth", name, st.limits(shared, name), figures.INTENSITY_CMAP))
        views[name] = page.figure(figures.image_grid(panels), f"images, {name} stretch",
                                  f"{name} stretch; the MMSE and the truth share their display range")
    notes = "" if truth is not None else f"<p>ground truth: {page.absent()}</p>"
    if observation is None:
        notes += f"<p>observation: {page.absent()}</p>"
    chosen = "chosen for this data" if stretch_choice == "auto" else "as asked"
    return (f"<p>Default stretch: <b>{page.escape(default)}</b> ({chosen}; z-scale when a few pixels sit far above "
            f"the bulk). Images are box-averaged to at most the report's size "
            f"(factor {result.factor['mmse']}).</p>" + page.stretch_switch(views, default) + notes), default


def uncertainty_section(result):
    images = result.images
    std = channel_mean(np.sqrt(np.maximum(images["variance"], 0.0)))
    panels = [(std, "posterior standard deviation", "linear", positive_range(std), figures.UNCERTAINTY_CMAP)]
    missing = []
    if "ci_low" in images and "ci_high" in images:
        level = ci_level(result)
        width = channel_mean(images["ci_high"] - images["ci_low"])
        title = "credible interval width" + (f" ({level:.0%})" if level else "")
        panels.append((width, title, "linear", positive_range(width), figures.UNCERTAINTY_CMAP))
    else:
        missing.append("credible interval (sampler.keep_samples = 0)")
    if "ground_truth" in images and images["ground_truth"].shape == images["mmse"].shape:
        error = np.sqrt(np.mean((images["mmse"] - images["ground_truth"]) ** 2, axis=0, keepdims=True))
        panels.append((error, "error |MMSE − truth| (RMS over channels)", "linear", positive_range(error),
                       figures.ERROR_CMAP))
    else:
        missing.append("error map (no ground truth)")
    for name, title in [("mcse", "Monte-Carlo standard error of the MMSE"), ("ess", "ESS of the MMSE")]:
        if name in images:
            panel = channel_mean(images[name])
            panels.append((panel, title, "linear", positive_range(panel), figures.UNCERTAINTY_CMAP))
        else:
            missing.append(f"/{name}")
    if "rhat" in images:
        # R-hat is read against 1 (1.01 the usual threshold): start the colour bar there.
        panel = np.nanmax(images["rhat"], axis=0, keepdims=True)
        top = max(positive_range(panel)[1], 1.02)
        panels.append((panel, "R̂ between the chains (max over channels)", "linear", (1.0, top), figures.UNCERTAINTY_CMAP))
    else:
        missing.append("/rhat (run.chains = 1)")
    notes = "".join(f"<p>{page.escape(m)}: {page.absent()}</p>" for m in missing)
    return page.figure(figures.image_grid(panels), "uncertainty maps",
                       f"averaged over channels; colour bars in image units, from 0 to the {MAP_PERCENTILE}th percentile "
                       "(brighter pixels are clipped)") + notes


def trace_panels(result):
    panels = [(name, label) for name, label in SCALAR_TRACES if name in result.traces]
    if "pixels" in result.traces:
        panels.append(("pixels", "traced pixels (channel 0)"))
    return panels


def traces_section(result):
    panels = trace_panels(result)
    if not panels:
        return f"<p>traces: {page.absent()}</p>"
    notes = "".join(f"<p>{page.escape(label)}: {page.absent()}</p>" for name, label in SCALAR_TRACES
                    if name not in result.traces)
    return page.figure(figures.traces(result, panels), "traces",
                       f"every iteration; burn-in ({result.burn_in} iterations) shaded") + notes


def autocorrelation_section(result):
    names = [name for name, _ in trace_panels(result)]
    if not names:
        return f"<p>autocorrelation: {page.absent()}</p>"
    labels = dict(SCALAR_TRACES)
    chains = int(number(result.attr("chains", 1)) or 1)
    which = f" of chain 0 (of {chains})" if chains > 1 else ""
    return page.figure(figures.autocorrelations(result, names, labels), "autocorrelation",
                       f"autocorrelation of the kept part{which} (after burn-in, thinned as the estimates)")


def attribute_values(trace, name, count):
    if name not in trace.attributes:
        return [None] * count
    values = np.atleast_1d(np.asarray(trace.attributes[name], dtype=np.float64))
    return [float(v) for v in values[:count]] + [None] * max(0, count - values.size)


def scalar_table(result):
    """Per scalar trace: kept samples, mean, IAT, ESS, R̂ (dpnp's attributes) and the MCSE of the
    trace's mean, sd · sqrt(IAT / n)."""
    rows = []
    for name, label in SCALAR_TRACES + [("pixels", "pixel")]:
        if name not in result.traces:
            continue
        trace = result.traces[name]
        columns = trace.values.reshape(trace.values.shape[0], -1)
        count = columns.shape[1]
        iat, ess, rhat = (attribute_values(trace, a, count) for a in ("iat", "ess", "rhat"))
        pixel_rows = np.atleast_1d(trace.attributes.get("rows", []))
        pixel_columns = np.atleast_1d(trace.attributes.get("columns", []))
        for k in range(count):
            # Every chain's kept part: the IAT attribute of several chains is kept values / their summed ESS.
            kept = trace.kept(result.burn_in, result.thinning, k if trace.chains.ndim == 3 else None)
            mean = float(np.mean(kept)) if kept.size else None
            mcse = None
            if iat[k] is not None and np.isfinite(iat[k]) and kept.size > 1:
                mcse = float(np.std(kept, ddof=1) * np.sqrt(iat[k] / kept.size))
            title = label
            if name == "pixels":
                title = (f"pixel ({int(pixel_rows[k])}, {int(pixel_columns[k])})"
                         if k < min(pixel_rows.size, pixel_columns.size) else f"pixel {k}")
            rows.append((title, int(kept.size), mean, mcse, iat[k], ess[k], rhat[k]))
    return page.table(["trace", "kept samples", "mean", "MCSE of the mean", "IAT", "ESS", "R̂"], rows)


def attributes_table(result, names):
    return page.table(["attribute", "value"],
                      [(n, as_text(result.attributes[n]) if n in result.attributes else None) for n in names])


def diagnostics_section(result):
    coverage = sorted(k for k in result.attributes if k.startswith("coverage"))
    coverage_html = (attributes_table(result, coverage) if coverage else f"<p>coverage: {page.absent()}</p>")
    metrics = []
    for label, prefix in METRICS:
        values = [number(result.attributes[f"{prefix}_{m}"]) if f"{prefix}_{m}" in result.attributes else None
                  for m in ("snr_db", "psnr_db", "ssim")]
        metrics.append((label, *values))
    has_metrics = any(v is not None for row in metrics for v in row[1:])
    metrics_html = (page.table(["image", "SNR (dB)", "PSNR (dB)", "SSIM"], metrics) if has_metrics
                    else f"<p>metrics against the truth: {page.absent()}</p>")
    return ("<h3>Scalar summaries: IAT, ESS, R̂, MCSE</h3>" + scalar_table(result) +
            "<h3>Monte-Carlo error of the MMSE</h3>" + attributes_table(result, MMSE_ERROR) +
            "<h3>Coverage</h3>" + coverage_html +
            "<h3>Metrics against the truth</h3>" + metrics_html)


def provenance_section(result):
    parameters = sorted(k for k in result.attributes if k.startswith("param_"))
    config = as_text(result.attributes["config"]) if "config" in result.attributes else None
    config_html = f"<pre>{page.escape(config)}</pre>" if config is not None else f"<p>config: {page.absent()}</p>"
    everything = page.table(["attribute", "value"], [(k, as_text(v)) for k, v in sorted(result.attributes.items())
                                                     if k != "config"])
    return (attributes_table(result, PROVENANCE + parameters) + "<h3>Effective config</h3>" + config_html +
            "<details><summary>every attribute of /</summary>" + everything + "</details>")


def build(path, stretch_choice="auto", max_side=800):
    """The report's HTML text, and the stretch it shows first."""
    result = read_result(path, max_side)
    images_html, default = images_section(result, stretch_choice)
    shape = "×".join(str(s) for s in result.full_shape)
    header = (f"<p>{page.escape(result.path)}: image {shape} (C×H×W), {as_text(result.attr('iterations', '?'))} "
              f"iterations, burn-in {result.burn_in}, {as_text(result.attr('samples_in_estimates', '?'))} samples in "
              f"the estimates.</p>" + verdict_section(result))
    sections = [
        (None, header),
        ("Images", images_html),
        ("Uncertainty", uncertainty_section(result)),
        ("Traces", traces_section(result)),
        ("Autocorrelation", autocorrelation_section(result)),
        ("Diagnostics", diagnostics_section(result)),
        ("Provenance", provenance_section(result)),
    ]
    return page.document(f"dpnp report: {result.path.name}", sections), default
