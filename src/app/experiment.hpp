#pragma once
// Wiring: from a validated config to a ready-to-run posterior (data, operator, prior, task model).

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/config.hpp"
#include "dpnp/io/image.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "dpnp/sampler/sampler.hpp"

namespace dpnp::app {

struct Experiment {
  at::Device device = at::kCPU;
  std::string task, noise;            ///< problem.task, problem.noise
  std::shared_ptr<HaloExchange> halo;
  std::unique_ptr<SlabDomain> domain;       ///< image rows (x, the estimates)
  std::unique_ptr<SlabDomain> data_domain;  ///< rows of y (the image layout for inpainting)
  ImageShape shape;
  at::Tensor truth;              ///< local slab [C, rows, W] (undefined when unknown)
  at::Tensor observation;        ///< local slab of y, data space (counts for Poisson)
  at::Tensor observation_image;  ///< y seen as an image (deblurring: centre crop; Poisson: / peak), for metrics and previews
  at::Tensor mask;               ///< inpainting: local [1, rows, W]
  at::Tensor kernel;             ///< deblurring: [k, k]
  double sigma = 0.0;            ///< Gaussian noise level
  double peak = 0.0;             ///< Poisson photon budget
  std::shared_ptr<const LinearOperator> op;
  std::unique_ptr<TaskModel> model;
  SamplerOptions sampler_options;
  std::vector<std::pair<std::string, std::string>> facts;  ///< for the log and --dry-run
};

/// Decomposes the image, loads this rank's rows of the truth (when given) and synthesises the
/// observation or reads it from observation.path, all on the CPU; no model. Collective.
Experiment build_data(const config::Config& config, const Comm& comm, at::Device device);

/// Decomposes the image, loads this rank's rows of the truth, synthesises the observation and builds
/// the task model. `with_initial_state`: compute the initial x (skipped by --dry-run and --resume).
/// Collective.
Experiment build_experiment(const config::Config& config, const Comm& comm, bool with_initial_state);

/// The device of this rank for `run.device` (cuda: the GPU of the node-local rank). Collective.
at::Device select_device(const config::Config& config, const Comm& comm);

}  // namespace dpnp::app
