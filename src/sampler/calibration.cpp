#include "dpnp/sampler/calibration.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp {

std::pair<at::Tensor, at::Tensor> gaussian_interval(const at::Tensor& mean, const at::Tensor& variance, double level) {
  DPNP_CHECK(level > 0 && level < 1, "credible level must be in (0, 1)");
  const double z = at::special_ndtri(at::scalar_tensor(0.5 * (1.0 + level), at::kDouble)).item<double>();
  const at::Tensor half_width = variance.to(at::kDouble).clamp_min(0.0).sqrt() * z;
  const at::Tensor centre = mean.to(at::kDouble);
  return {centre - half_width, centre + half_width};
}

double interval_coverage(const Comm& comm, const at::Tensor& low, const at::Tensor& high, const at::Tensor& truth) {
  const at::Tensor t = truth.to(at::kDouble);
  const auto inside = at::logical_and(low.to(at::kDouble) <= t, t <= high.to(at::kDouble)).sum().item<std::int64_t>();
  const double total = comm.sum(static_cast<double>(truth.numel()));
  return total > 0 ? comm.sum(static_cast<double>(inside)) / total : 0.0;
}

CoverageReport truth_coverage(const Comm& comm, const WelfordState& welford, const SampleRing& ring,
                              const at::Tensor& truth, const std::vector<double>& levels) {
  CoverageReport report;
  report.levels = levels;
  const bool empirical = ring.stored >= kMinSamplesForEmpiricalIntervals;
  report.intervals = empirical ? fmt::format("empirical quantiles of the last {} kept samples", ring.stored)
                               : fmt::format("Gaussian approximation, mean -/+ z std of {} samples", welford.count);
  const at::Tensor variance = posterior_variance(welford);
  const auto empirical_intervals = empirical ? credible_intervals(ring, levels) : std::vector<std::pair<at::Tensor, at::Tensor>>{};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const auto [low, high] = empirical ? empirical_intervals[i] : gaussian_interval(welford.mean, variance, levels[i]);
    report.coverage.push_back(interval_coverage(comm, low, high, truth));
  }
  return report;
}

}  // namespace dpnp
