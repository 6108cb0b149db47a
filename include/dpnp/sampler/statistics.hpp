#pragma once
/// @file
/// Estimators from the chain's accumulators: MMSE, pixel-wise variance, credible intervals, and the
/// Monte-Carlo standard error of the MMSE with the pixel-wise effective sample size.

#include <ATen/ATen.h>

#include <limits>
#include <utility>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

/// Starts empty accumulators shaped like `estimand` (float64 mean/m2; a ring of `keep` samples).
void reset_statistics(ChainState& state, const at::Tensor& estimand, std::int64_t keep);

/// Adds `sample` to the Welford accumulators, the batch means and, if kept, to the ring.
void accumulate_sample(ChainState& state, const at::Tensor& sample);

/// Posterior mean (float32, the MMSE estimate).
at::Tensor posterior_mean(const WelfordState& welford);
/// Unbiased sample variance m2 / (n - 1) (float32); zero before two samples.
at::Tensor posterior_variance(const WelfordState& welford);

/// Pixel-wise quantiles of the kept samples at (1 - level)/2 and (1 + level)/2, with numpy's default
/// linear interpolation between order statistics. Returns {low, high}; undefined without samples.
std::pair<at::Tensor, at::Tensor> credible_interval(const SampleRing& ring, double level);
/// The same at several levels, from one sort of the samples.
std::vector<std::pair<at::Tensor, at::Tensor>> credible_intervals(const SampleRing& ring, const std::vector<double>& levels);

/// Batch-means Monte-Carlo standard error of the posterior mean, pixel-wise (float32): the square
/// root of b/(a-1) sum_k (batch mean_k - mean of batch means)^2 over the a completed batches of b
/// samples, divided by the number of samples. Undefined before two batches are complete.
at::Tensor monte_carlo_error(const WelfordState& welford, const BatchMeans& batches);

/// Pixel-wise effective sample size variance / mcse^2 (float32); NaN where mcse is zero.
at::Tensor effective_sample_size(const at::Tensor& variance, const at::Tensor& mcse);

/// Median (the lower one) and minimum of the finite values of a distributed map, identical on every
/// rank and independent of the rank count (exact counting, no floating-point sums). Collective.
struct MapSummary {
  double median = std::numeric_limits<double>::quiet_NaN();
  double min = std::numeric_limits<double>::quiet_NaN();
  std::int64_t finite = 0;  ///< values that entered the summary
};
MapSummary summarise_map(const Comm& comm, const at::Tensor& local);

/// The (row, column) of the pixels whose values are traced, fixed before the run (a choice by their
/// ESS would need every pixel's trace): the centre and the centres of the four quadrants.
std::vector<std::pair<std::int64_t, std::int64_t>> traced_pixels(std::int64_t height, std::int64_t width);

/// The kept samples in the order they were drawn (oldest first).
at::Tensor ordered_samples(const SampleRing& ring);

}  // namespace dpnp
