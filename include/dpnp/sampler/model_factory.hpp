#pragma once
/// @file
/// The task model that samples a posterior, from the noise model's name and the parts of the
/// problem: PnP-ULA or the AXDA split for Gaussian noise, the hybrid split for Poisson noise
/// (algorithm.md (a)). The only place that maps a noise model to a sampler.

#include <ATen/ATen.h>

#include <memory>
#include <string>

#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "dpnp/priors/prior_catalogue.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct ModelInputs {
  std::shared_ptr<const LinearOperator> op;  ///< the forward operator A (H)
  at::Tensor observation;                    ///< this rank's slab of y, on the chain's device
  double noise_level = 0;                    ///< sigma (Gaussian) or the peak beta (Poisson)
  PriorParts prior;
  PriorOptions prior_options;                ///< rho of split priors
  bool authors_steps = false;                ///< the authors' step sizes (sampler.step_rule)
  PoissonOptions poisson;
  at::Tensor x0;                             ///< initial x (undefined when a checkpoint provides it)
  std::uint64_t seed = 42;
  std::uint32_t chain = 0;                   ///< run.chains: this chain's index (noise::chain_stream)
  double step_scale = 1.0;                   ///< sampler.step_scale: multiplies every Langevin step
};

/// Builds the task model of noise model `noise`. Throws InputError for a prior the noise model
/// cannot use.
std::unique_ptr<TaskModel> make_task_model(const std::string& noise, const ModelInputs& inputs);

}  // namespace dpnp
