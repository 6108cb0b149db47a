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
#include "dpnp/sampler/autocorrelation.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp::app {

namespace {

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  return values[mid];
}

struct ScalarDiagnostic {
  double iat = 0.0;
  double ess = 0.0;
};

ScalarDiagnostic diagnose(const std::vector<double>& trace, const SamplerOptions& sampler) {
  const std::vector<double> kept = kept_part(trace, sampler.burn_in, sampler.thinning);
  const double iat = integrated_autocorrelation_time(kept);
  return {iat, static_cast<double>(kept.size()) / iat};
}

std::vector<double> column(const std::vector<double>& table, std::size_t columns, std::size_t which) {
  std::vector<double> out;
  for (std::size_t i = which; i < table.size(); i += columns) out.push_back(table[i]);
  return out;
}

// IAT and ESS of the scalar summaries (Geyer's initial positive sequence on the kept part of each
// trace), logged and set as attributes of their trace datasets.
void write_scalar_diagnostics(ResultFile& file, const SamplerOptions& sampler, const Problem& e, const ChainState& state) {
  const auto note = [&](const std::string& label, const std::string& dataset, const ScalarDiagnostic& d) {
    spdlog::info("  {:<24} IAT {:>8.2f}  ESS {:>9.1f}", label, d.iat, d.ess);
    file.set_attribute(dataset, "iat", d.iat);
    file.set_attribute(dataset, "ess", d.ess);
  };
  spdlog::info("autocorrelation of scalar summaries after burn-in (Geyer; docs/diagnostics.md):");
  note("potential", "/trace/potential", diagnose(state.trace.potential, sampler));
  note("image mean", "/trace/image_mean", diagnose(state.trace.image_mean, sampler));
  const auto pixels = traced_pixels(e.domain->layout().height(), e.domain->layout().width());
  std::vector<double> rows, columns, iats, esss;
  for (std::size_t p = 0; p < pixels.size(); ++p) {
    const ScalarDiagnostic d = diagnose(column(state.trace.pixels, Trace::kTracedPixels, p), sampler);
    spdlog::info("  {:<24} IAT {:>8.2f}  ESS {:>9.1f}", fmt::format("pixel ({}, {})", pixels[p].first, pixels[p].second),
                 d.iat, d.ess);
    rows.push_back(static_cast<double>(pixels[p].first));
    columns.push_back(static_cast<double>(pixels[p].second));
    iats.push_back(d.iat);
    esss.push_back(d.ess);
  }
  file.set_attribute("/trace/pixels", "rows", rows);
  file.set_attribute("/trace/pixels", "columns", columns);
  file.set_attribute("/trace/pixels", "iat", iats);
  file.set_attribute("/trace/pixels", "ess", esss);
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
  ImageSource observation{o.observation.path};
  observation.hdu = o.observation.hdu;
  if (o.observation.path.empty() || !is_fits_source(observation)) return std::nullopt;
  const std::int64_t border = (e.op->range().layout().height() - e.domain->layout().height()) / 2;
  if (border > 0) observation.crop = {border, border, e.domain->layout().height(), e.domain->layout().width()};
  return observation;
}

void write_fits_estimates(const ExperimentOptions& o, const Problem& e, const ChainState& state, const at::Tensor& mmse,
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
      {"NSAMPLES", static_cast<std::int64_t>(state.welford.count), "samples in the MMSE and STD"},
      {"CILEVEL", o.chain.ci_level, "level of LOWER..UPPER (credible interval)"},
      {"NRANKS", static_cast<std::int64_t>(comm.size()), "MPI ranks of the run"},
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

}  // namespace

RunSummary summarise(const Problem& e, const ChainState& state) {
  RunSummary summary;
  // The first iterations pay one-off costs (allocator warm-up, kernel selection): skip 10%.
  const auto& seconds = state.trace.seconds;
  const std::size_t skip = seconds.size() / 10;
  summary.median_seconds_per_iteration = median(std::vector<double>(seconds.begin() + static_cast<std::ptrdiff_t>(skip), seconds.end()));
  if (e.truth.defined()) {
    summary.have_truth = true;
    summary.mmse = image_metrics(*e.domain, posterior_mean(state.welford), e.truth);
    summary.observation = image_metrics(*e.domain, e.observation_image, e.truth);
    spdlog::info("observation: SNR {:.2f} dB  PSNR {:.2f} dB  SSIM {:.4f}", summary.observation.snr_db,
                 summary.observation.psnr_db, summary.observation.ssim);
    spdlog::info("MMSE ({} samples): SNR {:.2f} dB  PSNR {:.2f} dB  SSIM {:.4f}", state.welford.count,
                 summary.mmse.snr_db, summary.mmse.psnr_db, summary.mmse.ssim);
  }
  summary.mcse = monte_carlo_error(state.welford, state.batches);
  if (summary.mcse.defined()) {
    summary.ess = effective_sample_size(posterior_variance(state.welford), summary.mcse);
    summary.ess_summary = summarise_map(e.domain->comm(), summary.ess);
    spdlog::info("Monte-Carlo error of the MMSE: median pixel ESS {:.1f}, min {:.1f} of {} samples ({} batches of {}; "
                 "docs/diagnostics.md)",
                 summary.ess_summary.median, summary.ess_summary.min, state.welford.count, state.batches.full,
                 state.batches.batch_size);
  } else {
    spdlog::warn("Monte-Carlo error of the MMSE: not estimated, {} samples are too few (at least 4 are needed)",
                 state.welford.count);
  }
  spdlog::info("median time per iteration (slowest rank): {:.4f} s", summary.median_seconds_per_iteration);
  return summary;
}

void write_results(const ExperimentOptions& options, const Problem& e, const ChainState& state,
                   const RunSummary& summary) {
  const std::string& path = options.output.path;
  const Comm& comm = e.domain->comm();
  const SlabLayout& layout = e.domain->layout();
  const at::Tensor mmse = posterior_mean(state.welford);
  const at::Tensor variance = posterior_variance(state.welford);
  ResultFile file(comm, path);
  file.write_slab("/mmse", mmse, layout);
  file.write_slab("/variance", variance, layout);
  at::Tensor low, high;
  if (state.ring.stored > 0) {
    std::tie(low, high) = credible_interval(state.ring, options.chain.ci_level);
    file.write_slab("/ci_low", low, layout);
    file.write_slab("/ci_high", high, layout);
    if (options.output.save_samples) file.write_slab("/samples", ordered_samples(state.ring), layout);
  }
  if (summary.mcse.defined()) {
    file.write_slab("/mcse", summary.mcse, layout);
    file.write_slab("/ess", summary.ess, layout);
    file.set_attribute("/", "ess_median", summary.ess_summary.median);
    file.set_attribute("/", "ess_min", summary.ess_summary.min);
    file.set_attribute("/", "mcse_batches", state.batches.full);
    file.set_attribute("/", "mcse_batch_size", state.batches.batch_size);
  }
  write_observation(file, e.record(), *e.domain);
  file.write_vector("/trace/potential", state.trace.potential);
  file.write_vector("/trace/seconds", state.trace.seconds);
  if (!state.trace.snr.empty()) file.write_vector("/trace/snr", state.trace.snr);
  file.write_vector("/trace/image_mean", state.trace.image_mean);
  file.write_table("/trace/pixels", state.trace.pixels, Trace::kTracedPixels);
  write_scalar_diagnostics(file, options.chain.sampler, e, state);

  file.set_attribute("/", "config", options.config_yaml);
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  file.set_attribute("/", "torch_version", std::string(TORCH_VERSION));
  file.set_attribute("/", "device", e.device.str());
  file.set_attribute("/", "seed", static_cast<std::int64_t>(options.run.seed));
  file.set_attribute("/", "ranks", static_cast<std::int64_t>(comm.size()));
  file.set_attribute("/", "decomposition", layout.describe());
  std::string offsets;
  for (auto o : layout.offsets()) offsets += (offsets.empty() ? "" : ",") + std::to_string(o);
  file.set_attribute("/", "slab_row_offsets", offsets);
  file.set_attribute("/", "iterations", static_cast<std::int64_t>(state.iteration));
  file.set_attribute("/", "burn_in", options.chain.sampler.burn_in);
  file.set_attribute("/", "thinning", options.chain.sampler.thinning);
  file.set_attribute("/", "samples_in_estimates", state.welford.count);
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
  // The FITS images first: a run whose outputs failed leaves no HDF5 result under its final name.
  if (options.output.fits) write_fits_estimates(options, e, state, mmse, variance, low, high);
  file.set_attribute("/", "inputs", input_provenance(options));
  file.set_attribute("/", "command_line", comm.broadcast(command_line()));
  file.set_attribute("/", "host", comm.broadcast(host_name()));
  file.set_attribute("/", "written_at", comm.broadcast(utc_timestamp()));
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
