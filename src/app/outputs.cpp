#include "outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/version.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <tuple>

#include "python_tools.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/provenance.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/io/fits_image.hpp"
#include "dpnp/io/fits_output.hpp"
#include "dpnp/io/run_files.hpp"
#include "dpnp/io/result_file.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp::app {

namespace {

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  return values[mid];
}

std::vector<double> column(const std::vector<double>& table, std::size_t columns, std::size_t which) {
  std::vector<double> out;
  for (std::size_t i = which; i < table.size(); i += columns) out.push_back(table[i]);
  return out;
}

std::string pixel_label(const std::pair<std::int64_t, std::int64_t>& pixel) {
  return fmt::format("pixel ({}, {})", pixel.first, pixel.second);
}

// IAT, ESS and split-R-hat of the scalar summaries over every chain, in the order of /diagnostics.
std::vector<SummaryDiagnostic> diagnose_summaries(const Problem& e, const std::vector<Trace>& traces,
                                                  const SamplerOptions& sampler) {
  const auto per_chain = [&](const auto& field) {
    std::vector<std::vector<double>> out;
    for (const Trace& t : traces) out.push_back(field(t));
    return out;
  };
  std::vector<SummaryDiagnostic> out;
  out.push_back(diagnose_chains("potential", per_chain([](const Trace& t) { return t.potential; }), sampler));
  if (!traces.front().prior.empty())
    out.push_back(diagnose_chains("prior", per_chain([](const Trace& t) { return t.prior; }), sampler));
  out.push_back(diagnose_chains("image mean", per_chain([](const Trace& t) { return t.image_mean; }), sampler));
  const auto pixels = traced_pixels(e.domain->layout().height(), e.domain->layout().width());
  for (std::size_t p = 0; p < pixels.size(); ++p)
    out.push_back(diagnose_chains(pixel_label(pixels[p]),
                                  per_chain([&](const Trace& t) { return column(t.pixels, Trace::kTracedPixels, p); }),
                                  sampler));
  return out;
}

// Each trace as [iteration] for one chain, [chain, iteration] (pixels: [chain, iteration, pixel])
// for several.
void write_traces(ResultFile& file, const std::vector<Trace>& traces) {
  const Trace& first = traces.front();
  const auto chains = static_cast<hsize_t>(traces.size());
  const auto write = [&](const std::string& name, const auto& field, std::size_t columns) {
    if (field(first).empty()) return;
    std::vector<double> values;
    for (const Trace& t : traces) values.insert(values.end(), field(t).begin(), field(t).end());
    const auto rows = static_cast<hsize_t>(field(first).size() / columns);
    std::vector<hsize_t> dims;
    if (chains > 1) dims.push_back(chains);
    dims.push_back(rows);
    if (columns > 1) dims.push_back(static_cast<hsize_t>(columns));
    file.write_array(name, values, dims);
  };
  write("/trace/potential", [](const Trace& t) -> const std::vector<double>& { return t.potential; }, 1);
  write("/trace/prior", [](const Trace& t) -> const std::vector<double>& { return t.prior; }, 1);
  write("/trace/seconds", [](const Trace& t) -> const std::vector<double>& { return t.seconds; }, 1);
  write("/trace/snr", [](const Trace& t) -> const std::vector<double>& { return t.snr; }, 1);
  write("/trace/image_mean", [](const Trace& t) -> const std::vector<double>& { return t.image_mean; }, 1);
  write("/trace/pixels", [](const Trace& t) -> const std::vector<double>& { return t.pixels; }, Trace::kTracedPixels);
}

// Rank 0 only: the other ranks log warnings, and the verdict is the same everywhere.
void log_summaries(const RunSummary& summary, bool is_root) {
  if (!is_root) return;
  spdlog::info("scalar summaries after burn-in (IAT and ESS by Geyer, split-R-hat; docs/diagnostics.md):");
  for (const auto& d : summary.summaries)
    spdlog::info("  {:<24} IAT {:>8.2f}  ESS {:>9.1f}  R-hat {:>7.4f}", d.label, d.iat, d.ess, d.rhat);
  const ConvergenceVerdict& v = summary.verdict;
  if (v.converged) {
    spdlog::info("convergence: converged by the rule {}: max R-hat {:.4f} ({}), min ESS {:.1f} ({})", summary.rule.describe(),
                 v.max_rhat, v.max_rhat_label, v.min_ess, v.min_ess_label);
    return;
  }
  // Every line of the verdict starts with "convergence:", so that log checks can tell it from other warnings.
  spdlog::warn("convergence: not converged by the rule {} (max R-hat {:.4f}, min ESS {:.1f}); docs/diagnostics.md",
               summary.rule.describe(), v.max_rhat, v.min_ess);
  for (const auto& advice : v.advice) spdlog::warn("convergence: {}", advice);
}

void log_coverage(const CoverageReport& report) {
  std::string levels;
  for (std::size_t i = 0; i < report.levels.size(); ++i)
    levels += fmt::format("{}{:.0f}% interval holds the truth at {:.1f}% of the pixels", i == 0 ? "" : ", ",
                          100.0 * report.levels[i], 100.0 * report.coverage[i]);
  spdlog::info("calibration ({}): {}", report.intervals, levels);
}

std::string coverage_attribute(double level) { return fmt::format("coverage_{:.0f}", 100.0 * level); }

// The diagnostics of the scalar summaries: attributes iat, ess, rhat of their trace datasets, the
// table /diagnostics/{iat,ess,rhat} with its labels, and the verdict on the root.
void write_scalar_diagnostics(ResultFile& file, const Problem& e, const RunSummary& summary) {
  const auto& d = summary.summaries;
  std::size_t next = 0;
  const auto note = [&](const std::string& dataset) {
    file.set_attribute(dataset, "iat", d[next].iat);
    file.set_attribute(dataset, "ess", d[next].ess);
    file.set_attribute(dataset, "rhat", d[next].rhat);
    ++next;
  };
  note("/trace/potential");
  if (d[next].label == "prior") note("/trace/prior");
  note("/trace/image_mean");
  const auto pixels = traced_pixels(e.domain->layout().height(), e.domain->layout().width());
  std::vector<double> rows, columns, iats, esss, rhats;
  for (std::size_t p = 0; p < pixels.size(); ++p, ++next) {
    rows.push_back(static_cast<double>(pixels[p].first));
    columns.push_back(static_cast<double>(pixels[p].second));
    iats.push_back(d[next].iat);
    esss.push_back(d[next].ess);
    rhats.push_back(d[next].rhat);
  }
  file.set_attribute("/trace/pixels", "rows", rows);
  file.set_attribute("/trace/pixels", "columns", columns);
  file.set_attribute("/trace/pixels", "iat", iats);
  file.set_attribute("/trace/pixels", "ess", esss);
  file.set_attribute("/trace/pixels", "rhat", rhats);

  std::string labels;
  std::vector<double> all_iat, all_ess, all_rhat;
  for (const auto& s : d) {
    labels += (labels.empty() ? "" : ";") + s.label;
    all_iat.push_back(s.iat);
    all_ess.push_back(s.ess);
    all_rhat.push_back(s.rhat);
  }
  const std::vector<std::pair<std::string, std::vector<double>>> tables = {
      {"iat", all_iat}, {"ess", all_ess}, {"rhat", all_rhat}};
  for (const auto& [name, values] : tables) {
    const std::string dataset = "/diagnostics/" + name;
    file.write_vector(dataset, values);
    file.set_attribute(dataset, "labels", labels);
  }
  const ConvergenceVerdict& v = summary.verdict;
  file.set_attribute("/", "converged", static_cast<std::int64_t>(v.converged ? 1 : 0));
  file.set_attribute("/", "convergence_rule", summary.rule.describe());
  file.set_attribute("/", "rhat_max", v.max_rhat);
  file.set_attribute("/", "ess_min_summaries", v.min_ess);
  std::string advice;
  for (const auto& a : v.advice) advice += (advice.empty() ? "" : "; ") + a;
  file.set_attribute("/", "convergence_advice", advice);
}

// Rank 0 draws the previews from the finished result file (python/dpnp_report: matplotlib colour maps
// and colour bars), so the previews and the report look alike. Optional: a run without Python or
// matplotlib still succeeds, with a warning.
void write_previews(const std::string& result_path, std::int64_t max_side) {
  const PythonRun run = run_dpnp_report({"previews", "--max-side", std::to_string(max_side), "--", result_path});
  if (!run.started || !run.exited) spdlog::warn("previews not written: {}", run.why);
  // Otherwise the Python side has said what it wrote, or why it could not.
}

// The input whose WCS the FITS estimates carry: a FITS truth, else a FITS observation (whose data
// may be larger than the image: a full convolution puts image pixel (r, c) at data pixel
// (r + k/2, c + k/2), which shifts its reference pixel like a crop does).
std::optional<ImageSource> wcs_source(const ExperimentOptions& o, const Problem& e) {
  if (!o.truth.path.empty() && is_fits_source(o.truth)) return o.truth;
  ImageSource observation;
  observation.path = o.observation.path;
  observation.hdu = o.observation.hdu;
  if (o.observation.path.empty() || !is_fits_source(observation)) return std::nullopt;
  const std::int64_t border = (e.op->range().layout().height() - e.domain->layout().height()) / 2;
  if (border > 0) observation.crop = {border, border, e.domain->layout().height(), e.domain->layout().width()};
  return observation;
}

void write_fits_estimates(const ExperimentOptions& o, const Problem& e, const ChainState& state, std::int64_t samples, const at::Tensor& mmse,
                          const at::Tensor& variance, const at::Tensor& low, const at::Tensor& high) {
  const Comm& comm = e.domain->comm();
  FitsResult fits;
  fits.path = fits_result_path(o.output.path);
  fits.images = {{"MMSE", mmse}, {"STD", variance.sqrt()}};
  if (low.defined()) {
    fits.images.push_back({"LOWER", low});
    fits.images.push_back({"UPPER", high});
  }
  // Only rank 0 writes headers, so only rank 0 reads the input's.
  collectively(comm, [&] {
    const auto source = wcs_source(o, e);
    if (comm.is_root() && source) fits.copied_cards = fits_wcs_cards(*source);
  });
  fits.keywords = {
      {"ORIGIN", std::string("dpnp"), "written by dpnp sample"},
      {"DPNPVER", std::string(version()), "dpnp version"},
      {"GITHASH", std::string(git_hash()), "dpnp git commit"},
      {"SEED", static_cast<std::int64_t>(o.run.seed), "run.seed, the chain's noise key"},
      {"NITER", static_cast<std::int64_t>(state.iteration), "iterations run, burn-in included"},
      {"BURNIN", static_cast<std::int64_t>(o.chain.sampler.burn_in), "sampler.burn_in"},
      {"THINNING", static_cast<std::int64_t>(o.chain.sampler.thinning), "sampler.thinning"},
      {"NSAMPLES", static_cast<std::int64_t>(samples), "samples in the MMSE and STD"},
      {"NCHAINS", static_cast<std::int64_t>(o.run.chains), "run.chains, pooled in MMSE and STD"},
      {"CILEVEL", o.chain.ci_level, "level of LOWER..UPPER (credible interval)"},
      {"NRANKS", static_cast<std::int64_t>(comm.size() * o.run.chains), "MPI ranks of the run"},
      {"TASK", e.task, "problem.task"},
      {"NOISE", e.noise, "problem.noise"},
      {"MODEL", e.model->name(), "sampler"},
      {"PRIOR", o.prior.type, "prior.type"},
      {"RESULT", std::filesystem::path(o.output.path).filename().string(), "the HDF5 result of this run"},
  };
  write_fits_result(comm, e.domain->layout(), fits);
  std::string names;
  for (const FitsImage& image : fits.images) names += (names.empty() ? "" : ", ") + image.name;
  spdlog::info("wrote {} ({}{})", fits.path, names, fits.copied_cards.empty() ? "" : ", with the input's WCS");
}

// The pixel-wise R-hat enters the verdict through its median: a chain set whose typical pixel
// disagrees has not converged, whatever its scalar summaries say. Not through its maximum: a
// converged pixel's R-hat exceeds 1 by about chi2_(M-1) / (2 (M-1) ESS per chain), so at a few
// hundred effective samples many of a large image's pixels pass 1.01 by chance alone.
void summarise_pixel_rhat(const Comm& comm, const ChainResults& results, RunSummary& summary) {
  const at::Tensor local = results.rhat.to(at::kCPU, at::kDouble).flatten();
  const at::Tensor finite = local.masked_select(local.isfinite());
  summary.rhat_summary = summarise_map(comm, local);
  summary.rhat_max = comm.max(finite.numel() > 0 ? finite.max().item<double>() : 0.0);
  const double above = comm.sum(static_cast<double>((finite >= summary.rule.max_rhat).sum().item<std::int64_t>()));
  summary.rhat_above = summary.rhat_summary.finite > 0 ? above / static_cast<double>(summary.rhat_summary.finite) : 0.0;
  spdlog::info("pixel-wise R-hat between the {} chains: median {:.4f}, max {:.4f}; {:.2f}% of the pixels at or above {}",
               results.chains, summary.rhat_summary.median, summary.rhat_max, 100.0 * summary.rhat_above,
               summary.rule.max_rhat);
  if (!(summary.rhat_summary.median >= summary.rule.max_rhat)) return;
  ConvergenceVerdict& v = summary.verdict;
  v.converged = false;
  v.advice.push_back(fmt::format(
      "the chains disagree: the median pixel-wise R-hat is {:.3f} >= {} ({:.2f}% of the pixels at or above it, up "
      "to {:.3f}): increase sampler.burn_in and sampler.iterations until the chains' traces overlap, then compare "
      "/rhat again",
      summary.rhat_summary.median, summary.rule.max_rhat, 100.0 * summary.rhat_above, summary.rhat_max));
}

}  // namespace

RunSummary summarise(const Problem& e, const ChainResults& results, const SamplerOptions& sampler) {
  RunSummary summary;
  const Comm& comm = e.domain->comm();
  // The first iterations pay one-off costs (allocator warm-up, kernel selection): skip 10%.
  std::vector<double> seconds;
  for (const Trace& t : results.traces)
    seconds.insert(seconds.end(), t.seconds.begin() + static_cast<std::ptrdiff_t>(t.seconds.size() / 10), t.seconds.end());
  summary.median_seconds_per_iteration = median(seconds);
  const std::string pooled = results.chains > 1 ? fmt::format(" of {} chains", results.chains) : "";
  if (e.truth.defined()) {
    summary.have_truth = true;
    summary.mmse = image_metrics(*e.domain, posterior_mean(results.welford), e.truth);
    summary.observation = image_metrics(*e.domain, e.observation_image, e.truth);
    spdlog::info("observation: SNR {:.2f} dB  PSNR {:.2f} dB  SSIM {:.4f}", summary.observation.snr_db,
                 summary.observation.psnr_db, summary.observation.ssim);
    spdlog::info("MMSE ({} samples{}): SNR {:.2f} dB  PSNR {:.2f} dB  SSIM {:.4f}", results.welford.count, pooled,
                 summary.mmse.snr_db, summary.mmse.psnr_db, summary.mmse.ssim);
  }
  summary.mcse = results.mcse;
  if (summary.mcse.defined()) {
    summary.ess = effective_sample_size(posterior_variance(results.welford), summary.mcse);
    summary.ess_summary = summarise_map(comm, summary.ess);
    spdlog::info("Monte-Carlo error of the MMSE: median pixel ESS {:.1f}, min {:.1f} of {} samples{} ({} batches of {}{}; "
                 "docs/diagnostics.md)",
                 summary.ess_summary.median, summary.ess_summary.min, results.welford.count, pooled, results.mcse_batches,
                 results.mcse_batch_size, results.chains > 1 ? " per chain" : "");
  } else {
    spdlog::warn("Monte-Carlo error of the MMSE: not estimated, {} samples per chain are too few (at least 4 are needed)",
                 results.welford.count / results.chains);
  }
  summary.summaries = diagnose_summaries(e, results.traces, sampler);
  summary.verdict = judge_convergence(summary.summaries, sampler, summary.rule);
  if (results.rhat.defined()) summarise_pixel_rhat(comm, results, summary);
  log_summaries(summary, comm.is_root());
  if (e.truth.defined() && results.welford.count >= 2) {
    summary.have_coverage = true;
    summary.coverage = truth_coverage(comm, results.welford, results.ring, e.truth);
    log_coverage(summary.coverage);
  }
  spdlog::info("median time per iteration (slowest rank): {:.4f} s", summary.median_seconds_per_iteration);
  return summary;
}

void write_results(const ExperimentOptions& options, const Problem& e, const ChainState& state,
                   const ChainResults& results, const RunSummary& summary) {
  const std::string& path = options.output.path;
  const Comm& comm = e.domain->comm();
  const SlabLayout& layout = e.domain->layout();
  const at::Tensor mmse = posterior_mean(results.welford);
  const at::Tensor variance = posterior_variance(results.welford);
  ResultFile file(comm, path);
  file.write_slab("/mmse", mmse, layout);
  file.write_slab("/variance", variance, layout);
  at::Tensor low, high;
  if (results.ring.stored > 0) {
    std::tie(low, high) = credible_interval(results.ring, options.chain.ci_level);
    file.write_slab("/ci_low", low, layout);
    file.write_slab("/ci_high", high, layout);
    if (options.output.save_samples) file.write_slab("/samples", ordered_samples(results.ring), layout);
  }
  if (summary.mcse.defined()) {
    file.write_slab("/mcse", summary.mcse, layout);
    file.write_slab("/ess", summary.ess, layout);
    file.set_attribute("/", "ess_median", summary.ess_summary.median);
    file.set_attribute("/", "ess_min", summary.ess_summary.min);
    file.set_attribute("/", "mcse_batches", results.mcse_batches);
    file.set_attribute("/", "mcse_batch_size", results.mcse_batch_size);
  }
  if (results.rhat.defined()) {
    file.write_slab("/rhat", results.rhat, layout);
    file.set_attribute("/", "rhat_pixel_median", summary.rhat_summary.median);
    file.set_attribute("/", "rhat_pixel_max", summary.rhat_max);
    file.set_attribute("/", "rhat_pixel_fraction_above", summary.rhat_above);
  }
  write_observation(file, e.record(), *e.domain);
  write_traces(file, results.traces);
  write_scalar_diagnostics(file, e, summary);

  file.set_attribute("/", "config", options.config_yaml);
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  file.set_attribute("/", "torch_version", std::string(TORCH_VERSION));
  file.set_attribute("/", "device", e.device.str());
  file.set_attribute("/", "seed", static_cast<std::int64_t>(options.run.seed));
  file.set_attribute("/", "chains", static_cast<std::int64_t>(results.chains));
  file.set_attribute("/", "chain_init", options.chain.chain_init);
  file.set_attribute("/", "ranks", static_cast<std::int64_t>(comm.size() * results.chains));
  file.set_attribute("/", "ranks_per_chain", static_cast<std::int64_t>(comm.size()));
  file.set_attribute("/", "decomposition", layout.describe());
  std::string offsets;
  for (auto o : layout.offsets()) offsets += (offsets.empty() ? "" : ",") + std::to_string(o);
  file.set_attribute("/", "slab_row_offsets", offsets);
  file.set_attribute("/", "iterations", static_cast<std::int64_t>(state.iteration));
  file.set_attribute("/", "burn_in", options.chain.sampler.burn_in);
  file.set_attribute("/", "thinning", options.chain.sampler.thinning);
  file.set_attribute("/", "samples_in_estimates", results.welford.count);
  file.set_attribute("/", "model", e.model->name());
  for (const auto& [name, value] : e.model->parameters()) file.set_attribute("/", "param_" + name, value);
  file.set_attribute("/", "median_seconds_per_iteration", summary.median_seconds_per_iteration);
  if (summary.have_truth) {
    file.set_attribute("/", "mmse_snr_db", summary.mmse.snr_db);
    file.set_attribute("/", "mmse_psnr_db", summary.mmse.psnr_db);
    file.set_attribute("/", "mmse_ssim", summary.mmse.ssim);
    file.set_attribute("/", "observation_snr_db", summary.observation.snr_db);
    file.set_attribute("/", "observation_psnr_db", summary.observation.psnr_db);
    file.set_attribute("/", "observation_ssim", summary.observation.ssim);
  }
  if (summary.have_coverage) {
    for (std::size_t i = 0; i < summary.coverage.levels.size(); ++i)
      file.set_attribute("/", coverage_attribute(summary.coverage.levels[i]), summary.coverage.coverage[i]);
    file.set_attribute("/", "coverage_intervals", summary.coverage.intervals);
  }
  // The FITS images first: a run whose outputs failed leaves no HDF5 result under its final name.
  if (options.output.fits) write_fits_estimates(options, e, state, results.welford.count, mmse, variance, low, high);
  file.set_attribute("/", "inputs", input_provenance(options));
  write_run_provenance(file, comm);
  file.set_attribute("/", "run_history", state.history);
  file.describe_for_readers();
  file.set_attribute("/", "complete", static_cast<std::int64_t>(1));
  file.commit();
  spdlog::info("wrote {}", path);

  if (options.output.previews && comm.is_root()) write_previews(path, options.output.preview_max_side);
}

void log_timing_summary(const Comm& comm, const PhaseTimes& times, const HaloStats& halo, double total_seconds) {
  // A fixed list of phases so that every rank contributes the same vector.
  const std::vector<std::string> phases = {"denoiser", "likelihood", "prior", "update", "statistics", "output"};
  std::vector<double> mine;
  mine.push_back(total_seconds);
  for (const auto& phase : phases) {
    const auto it = times.totals().find(phase);
    mine.push_back(it == times.totals().end() ? 0.0 : it->second);
  }
  mine.push_back(halo.seconds);
  mine.push_back(static_cast<double>(halo.bytes_sent));
  std::vector<double> all(mine.size() * static_cast<std::size_t>(comm.size()));
  DPNP_MPI(MPI_Gather(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), static_cast<int>(mine.size()),
                      MPI_DOUBLE, 0, comm.raw()));
  if (!comm.is_root()) return;
  std::string header = fmt::format("{:>5} {:>9}", "rank", "total");
  for (const auto& phase : phases) header += fmt::format(" {:>10}", phase);
  header += fmt::format(" {:>9} {:>10}", "halo", "halo MB");
  spdlog::info("time per rank (s): {}", header);
  for (int r = 0; r < comm.size(); ++r) {
    const double* row = all.data() + static_cast<std::size_t>(r) * mine.size();
    std::string line = fmt::format("{:>5} {:>9.2f}", r, row[0]);
    for (std::size_t p = 0; p < phases.size(); ++p) line += fmt::format(" {:>10.2f}", row[1 + p]);
    line += fmt::format(" {:>9.2f} {:>10.1f}", row[1 + phases.size()], row[2 + phases.size()] / 1e6);
    spdlog::info("                   {}", line);
  }
}

}  // namespace dpnp::app
