#pragma once
/// @file
/// Calibration against a known truth: how often the central credible intervals contain it. See
/// docs/diagnostics.md.

#include <ATen/ATen.h>

#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

/// The fewest kept samples from which the intervals are empirical quantiles: 40 puts at least one
/// sample in each 2.5 % tail of the 95 % interval. Below it, the Gaussian approximation is used.
constexpr std::int64_t kMinSamplesForEmpiricalIntervals = 40;

/// mean -/+ z sqrt(variance), z the normal quantile at (1 + level) / 2: the central interval of the
/// Gaussian with the chain's pixel-wise mean and variance.
std::pair<at::Tensor, at::Tensor> gaussian_interval(const at::Tensor& mean, const at::Tensor& variance, double level);

/// Fraction of all values (every pixel and channel, over all ranks) with low <= truth <= high. Collective.
double interval_coverage(const Comm& comm, const at::Tensor& low, const at::Tensor& high, const at::Tensor& truth);

struct CoverageReport {
  std::string intervals;         ///< how the intervals were made (for the log and the result file)
  std::vector<double> levels;    ///< nominal levels
  std::vector<double> coverage;  ///< observed fraction per level
};

/// Coverage of `truth` by the central intervals at `levels`: empirical quantiles of the sample ring
/// when it holds at least kMinSamplesForEmpiricalIntervals samples, the Gaussian approximation from
/// the Welford mean and variance otherwise. Collective.
CoverageReport truth_coverage(const Comm& comm, const WelfordState& welford, const SampleRing& ring,
                              const at::Tensor& truth, const std::vector<double>& levels = {0.5, 0.9, 0.95});

}  // namespace dpnp
