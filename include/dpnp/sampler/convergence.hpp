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
  double iat = 0.0;   ///< Geyer's integrated autocorrelation time of the kept part (several chains: kept values / ess)
  double ess = 0.0;   ///< kept values / iat; several chains: the sum of the chains' ESS
  double rhat = 0.0;  ///< split-R-hat of the kept part (each chain split in halves, all chains together)
};

/// IAT, ESS and split-R-hat of the kept part (after burn-in, thinned) of a per-iteration trace.
SummaryDiagnostic diagnose_trace(std::string label, const std::vector<double>& trace, const SamplerOptions& sampler);

/// The same over several chains of one summary (equally long traces): the chains' ESS add up (they
/// are independent), and R-hat compares every chain's halves with each other's. One chain gives
/// diagnose_trace's values.
SummaryDiagnostic diagnose_chains(std::string label, const std::vector<std::vector<double>>& traces,
                                  const SamplerOptions& sampler);

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
