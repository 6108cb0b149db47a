#pragma once
/// @file
/// Estimators from the chain's accumulators: MMSE, pixel-wise variance, credible intervals.

#include <ATen/ATen.h>

#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

/// Starts empty accumulators shaped like `estimand` (float64 mean/m2; a ring of `keep` samples).
void reset_statistics(ChainState& state, const at::Tensor& estimand, std::int64_t keep);

/// Adds `sample` to the Welford accumulators and, if kept, to the ring.
void accumulate_sample(ChainState& state, const at::Tensor& sample);

/// Posterior mean (float32, the MMSE estimate).
at::Tensor posterior_mean(const WelfordState& welford);
/// Unbiased sample variance m2 / (n - 1) (float32); zero before two samples.
at::Tensor posterior_variance(const WelfordState& welford);

/// Pixel-wise quantiles of the kept samples at (1 - level)/2 and (1 + level)/2, with numpy's default
/// linear interpolation between order statistics. Returns {low, high}; undefined without samples.
std::pair<at::Tensor, at::Tensor> credible_interval(const SampleRing& ring, double level);

/// The kept samples in the order they were drawn (oldest first).
at::Tensor ordered_samples(const SampleRing& ring);

}  // namespace dpnp
