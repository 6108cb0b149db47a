#pragma once
/// @file
/// The elementwise rules of the transition kernels, written once for the CPU loops and the CUDA
/// kernels (core/slab_loop.hpp, core/slab_loop.cuh). Each reads the old state and its inputs at
/// element i and writes the new state; `xi` is that element's counter-based normal.

#include <cstdint>

#include "dpnp/core/host_device.hpp"

namespace dpnp::rules {

/// PSGLA proposal (before the prox): v <- v - gamma * grad + sqrt(2 gamma) * xi.
struct LangevinProposal {
  float* v;
  const float* grad;
  float gamma;
  float noise_scale;  // sqrt(2 gamma)
  DPNP_HD void operator()(std::int64_t i, float xi) const { v[i] = v[i] - gamma * grad[i] + noise_scale * xi; }
};

/// PnP-ULA (kernel K1), all terms at the old x:
/// x <- x + sqrt(2 delta) xi - delta [grad + (alpha/eps)(x - D(x)) + (1/lambda)(x - clip(x, lo, hi))].
struct PnpUlaStep {
  float* x;
  const float* grad;
  const float* denoised;
  float delta;
  float noise_scale;      // sqrt(2 delta)
  float prior_weight;     // alpha / eps
  float inverse_lambda;   // 1 / lambda
  float lower, upper;     // the box C
  DPNP_HD void operator()(std::int64_t i, float xi) const {
    const float old = x[i];
    const float projected = old < lower ? lower : (old > upper ? upper : old);
    const float drift = grad[i] + prior_weight * (old - denoised[i]) + inverse_lambda * (old - projected);
    x[i] = old + noise_scale * xi - delta * drift;
  }
};

/// Welford's online mean and sum of squared deviations in float64: count is the new sample count.
struct WelfordUpdate {
  const float* sample;
  double* mean;
  double* m2;
  double inverse_count;
  DPNP_HD void operator()(std::int64_t i) const {
    const double value = sample[i];
    const double delta = value - mean[i];
    mean[i] += delta * inverse_count;
    m2[i] += delta * (value - mean[i]);
  }
};

}  // namespace dpnp::rules
