#pragma once
// Everything a finished (or checkpointed) run leaves behind: the HDF5 result file, PNG previews, the
// metrics in the log, and the per-rank timing summary.

#include <string>

#include "dpnp/dist/image_metrics.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/sampler/calibration.hpp"
#include "dpnp/sampler/chain_pooling.hpp"
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
  /// Several chains: the pixel-wise R-hat's median and maximum, and the fraction of pixels above
  /// the rule's threshold (rule.max_rhat).
  MapSummary rhat_summary;
  double rhat_max = 0.0;
  double rhat_above = 0.0;
};

/// Metrics of the MMSE and of the observation against the truth, its Monte-Carlo error and effective
/// sample size, the pixel-wise R-hat between chains, the diagnostics of the scalar summaries with the
/// convergence verdict, and the coverage of the truth by the credible intervals, all from `results`
/// (one chain, or the pool of several); logs them on rank 0. Collective.
RunSummary summarise(const Problem& problem, const ChainResults& results, const SamplerOptions& sampler);

/// Writes the result file of `results` (and previews when asked); `state` (chain 0's) gives the
/// iteration count and the run history. Collective.
void write_results(const ExperimentOptions& options, const Problem& problem, const ChainState& state,
                   const ChainResults& results, const RunSummary& summary);

/// Prints each rank's time per phase on rank 0. Collective.
void log_timing_summary(const Comm& comm, const PhaseTimes& times, const HaloStats& halo, double total_seconds);

}  // namespace dpnp::app
