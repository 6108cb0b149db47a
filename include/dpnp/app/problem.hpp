#pragma once
/// @file
/// A posterior ready to sample, built in one pass from the experiment's options: the image size,
/// the decomposition every stencil admits (their declared SlabNeeds), the truth and the observation
/// (read by io or synthesised on the CPU), the forward operator, the prior and the task model. The
/// catalogues (physics/forward_model.hpp, likelihood/noise_model.hpp, priors/prior_catalogue.hpp,
/// sampler/model_factory.hpp) decide what each name means; nothing here branches on one.

#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/image.hpp"
#include "dpnp/io/observation_file.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct Problem {
  at::Device device = at::kCPU;
  std::shared_ptr<HaloExchange> halo;
  std::unique_ptr<SlabDomain> domain;        ///< the image's rows (x, the estimates)
  ImageShape shape;
  std::string task, noise;
  at::Tensor truth;                          ///< this rank's slab [C, rows, W]; undefined when unknown
  at::Tensor observation;                    ///< this rank's slab of y (the operator's range)
  at::Tensor operator_data;                  ///< the mask slab or the kernel
  double noise_level = 0;                    ///< sigma or the peak
  std::shared_ptr<const LinearOperator> op;  ///< the forward operator; op->range() is y's layout
  at::Tensor observation_image;              ///< y in the image's geometry and scale (metrics, previews)
  std::unique_ptr<TaskModel> model;
  std::vector<std::pair<std::string, std::string>> facts;  ///< for the log and --dry-run

  /// What an observation file records of this problem.
  ObservationRecord record() const;
};

/// The decomposition (with a halo exchange for `device`), the truth and the observation on the CPU;
/// no model. Collective.
Problem build_data(const ExperimentOptions& options, const Comm& comm, at::Device device);

/// build_data, moved to the run's device, plus the task model of chain `chain` (run.chains: its
/// noise streams and, with sampler.chain_init: dispersed, its start). `with_initial_state`: compute
/// the initial x (skipped by --dry-run and --resume). Collective.
Problem build_problem(const ExperimentOptions& options, const Comm& comm, bool with_initial_state,
                      std::uint32_t chain = 0);

/// This rank's device for run.device (cuda: the GPU of the node-local rank). Collective.
at::Device select_device(const RunOptions& run, const Comm& comm);

}  // namespace dpnp
