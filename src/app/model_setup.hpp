#pragma once
// The task model for a config: AXDA (TV or the quadratic reference) or PnP-ULA for Gaussian noise, the
// hybrid split for Poisson noise.

#include <memory>

#include "dpnp/io/config.hpp"
#include "dpnp/sampler/task_model.hpp"
#include "experiment.hpp"

namespace dpnp::app {

bool is_learned_prior(const std::string& prior);

/// Builds e.model from e.op, e.observation, e.sigma / e.peak; `x0` is the initial x (may be undefined
/// for --dry-run and --resume; models that start at 0 ignore it). Collective (loads denoiser weights).
void build_model(const config::Config& config, Experiment& e, const at::Tensor& x0);

}  // namespace dpnp::app
