#pragma once
/// @file
/// Diagnostics of the scalar summaries of a chain (IAT, ESS, split-R-hat of their kept part) and the
/// convergence verdict at the end of a run. See docs/diagnostics.md.

#include <string>
#include <vector>

#include "dpnp/sampler/sampler.hpp"

namespace dpnp {

struct SummaryDiagnostic {
  std::string label;  ///< e.g. "potential", "pixel (90, 90)"
  double iat = 0.0;   ///< Geyer's integrated autocorrelation time of the kept part
  double ess = 0.0;   ///< kept values / iat
  double rhat = 0.0;  ///< split-R-hat of the kept part (the single chain split in halves)
};

/// IAT, ESS and split-R-hat of the kept part (after burn-in, thinned) of a per-iteration trace.
SummaryDiagnostic diagnose_trace(std::string label, const std::vector<double>& trace, const SamplerOptions& sampler);

/// Thresholds of the verdict (Vehtari et al. 2021): every summary's R-hat below max_rhat and ESS above min_ess.
struct ConvergenceRule {
  double max_rhat = 1.01;
  double min_ess = 400.0;
  std::string describe() const;
};

struct ConvergenceVerdict {
  bool converged = false;
  double max_rhat = 0.0;                ///< over the summaries with a defined R-hat (NaN: none)
  double min_ess = 0.0;                 ///< over the summaries with a defined ESS (NaN: none)
  std::string max_rhat_label;           ///< the summary with the largest R-hat
  std::string min_ess_label;            ///< the summary with the smallest ESS
  std::vector<std::string> advice;      ///< what to increase, with numbers; empty when converged
};

/// The verdict on `summaries` of a chain run with `sampler` (its planned iterations and burn-in): a
/// summary whose R-hat or ESS is undefined (too few kept values, a constant trace) fails the rule.
ConvergenceVerdict judge_convergence(const std::vector<SummaryDiagnostic>& summaries, const SamplerOptions& sampler,
                                     const ConvergenceRule& rule = {});

}  // namespace dpnp
