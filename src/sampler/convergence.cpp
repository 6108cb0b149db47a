#include "dpnp/sampler/convergence.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "dpnp/sampler/autocorrelation.hpp"
#include "dpnp/sampler/rhat.hpp"

namespace dpnp {

SummaryDiagnostic diagnose_trace(std::string label, const std::vector<double>& trace, const SamplerOptions& sampler) {
  return diagnose_chains(std::move(label), {trace}, sampler);
}

SummaryDiagnostic diagnose_chains(std::string label, const std::vector<std::vector<double>>& traces,
                                  const SamplerOptions& sampler) {
  std::vector<std::vector<double>> kept;
  double values = 0.0;
  SummaryDiagnostic d;
  d.label = std::move(label);
  for (const auto& trace : traces) {
    kept.push_back(kept_part(trace, sampler.burn_in, sampler.thinning));
    const auto n = static_cast<double>(kept.back().size());
    values += n;
    d.ess += n / integrated_autocorrelation_time(kept.back());
  }
  d.iat = kept.size() == 1 ? integrated_autocorrelation_time(kept.front()) : values / d.ess;
  d.rhat = split_rhat(kept).rhat;
  return d;
}

std::string ConvergenceRule::describe() const {
  return fmt::format("split-R-hat < {} and ESS > {} for every scalar summary (potential, prior, image mean, traced "
                     "pixels), on the kept part of the chain",
                     max_rhat, min_ess);
}

ConvergenceVerdict judge_convergence(const std::vector<SummaryDiagnostic>& summaries, const SamplerOptions& sampler,
                                     const ConvergenceRule& rule) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ConvergenceVerdict v;
  v.max_rhat = nan;
  v.min_ess = nan;
  std::vector<std::string> undefined;
  for (const auto& s : summaries) {
    if (!std::isfinite(s.rhat) || !std::isfinite(s.ess)) {
      undefined.push_back(s.label);
      continue;
    }
    if (std::isnan(v.max_rhat) || s.rhat > v.max_rhat) {
      v.max_rhat = s.rhat;
      v.max_rhat_label = s.label;
    }
    if (std::isnan(v.min_ess) || s.ess < v.min_ess) {
      v.min_ess = s.ess;
      v.min_ess_label = s.label;
    }
  }
  const bool rhat_ok = !std::isnan(v.max_rhat) && v.max_rhat < rule.max_rhat;
  const bool ess_ok = !std::isnan(v.min_ess) && v.min_ess > rule.min_ess;
  v.converged = undefined.empty() && !summaries.empty() && rhat_ok && ess_ok;
  if (v.converged) return v;

  const std::int64_t burn_in = sampler.burn_in;
  const std::int64_t kept_iterations = sampler.iterations - burn_in;
  if (!undefined.empty()) {
    std::string names;
    for (const auto& name : undefined) names += (names.empty() ? "" : ", ") + name;
    v.advice.push_back(fmt::format(
        "no R-hat or ESS for {} (fewer than 4 kept values, or a constant trace): increase sampler.iterations "
        "(now {}) well beyond sampler.burn_in ({})",
        names, sampler.iterations, burn_in));
  }
  if (!std::isnan(v.max_rhat) && !rhat_ok) {
    // A drifting first half of the kept part is the usual cause: move it into the burn-in, and keep as
    // many iterations after it as now.
    const std::int64_t new_burn_in = burn_in + kept_iterations / 2;
    v.advice.push_back(fmt::format(
        "the kept part of the chain is not stationary ({} has split-R-hat {:.3f} >= {}): increase sampler.burn_in "
        "(now {}) to at least {} and sampler.iterations (now {}) to at least {}, then check again",
        v.max_rhat_label, v.max_rhat, rule.max_rhat, burn_in, new_burn_in, sampler.iterations,
        new_burn_in + kept_iterations));
  }
  if (!std::isnan(v.min_ess) && !ess_ok) {
    // ESS grows in proportion to the kept iterations; thinning does not raise it.
    const double factor = rule.min_ess / std::max(v.min_ess, 1e-12);
    const auto needed = static_cast<std::int64_t>(std::ceil(static_cast<double>(kept_iterations) * factor));
    v.advice.push_back(fmt::format(
        "too few effective samples ({} has ESS {:.1f} <= {}): increase sampler.iterations (now {}) to about {} "
        "({:.1f} times the {} iterations after burn-in)",
        v.min_ess_label, v.min_ess, rule.min_ess, sampler.iterations, burn_in + needed, factor, kept_iterations));
  }
  return v;
}

}  // namespace dpnp
