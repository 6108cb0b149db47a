#pragma once
// Everything a finished (or checkpointed) run leaves behind: the HDF5 result file, PNG previews, the
// metrics in the log, and the per-rank timing summary.

#include <string>

#include "dpnp/dist/image_metrics.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/sampler/calibration.hpp"
#include "dpnp/sampler/chain_state.hpp"
#include "dpnp/sampler/convergence.hpp"
#include "dpnp/sampler/statistics.hpp"

#include "dpnp/app/problem.hpp"

namespace dpnp::app {

struct RunSummary {
  ImageMetrics mmse;
  ImageMetrics observation;
  bool have_truth = false;
  double median_seconds_per_iteration = 0.0;
  at::Tensor mcse;  ///< this rank's rows of the MMSE's Monte-Carlo standard error (undefined: too few samples)
  at::Tensor ess;   ///< this rank's rows of the pixel-wise effective sample size
  MapSummary ess_summary;
  /// Scalar summaries in the order of /diagnostics: potential, prior (when traced), image mean, pixels.
  std::vector<SummaryDiagnostic> summaries;
  ConvergenceVerdict verdict;
  ConvergenceRule rule;
  bool have_coverage = false;  ///< a truth and at least two kept samples
  CoverageReport coverage;
};

/// Metrics of the MMSE and of the observation against the truth, its Monte-Carlo error and effective
/// sample size, the diagnostics of the scalar summaries with the convergence verdict, and the
/// coverage of the truth by the credible intervals; logs them on rank 0. Collective.
RunSummary summarise(const Problem& problem, const ChainState& state, const SamplerOptions& sampler);

/// Writes the result file (and previews when asked). Collective.
void write_results(const ExperimentOptions& options, const Problem& problem, const ChainState& state,
                   const RunSummary& summary);

/// Prints each rank's time per phase on rank 0. Collective.
void log_timing_summary(const Comm& comm, const PhaseTimes& times, const HaloStats& halo, double total_seconds);

}  // namespace dpnp::app
