#pragma once
/// @file
/// The experiment's options as typed values, read once from the validated config
/// (experiment_options) and handed down to every module: no other module reads the config.
/// Each module owns its own options struct (ForwardOptions in physics, NoiseOptions in likelihood,
/// PriorOptions in priors, SamplerOptions in sampler); this file adds the few that belong to the
/// run as a whole and gathers them.

#include <cstdint>
#include <string>

#include "dpnp/io/chain_fingerprint.hpp"
#include "dpnp/io/checkpoint.hpp"
#include "dpnp/io/config.hpp"
#include "dpnp/io/image.hpp"
#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/priors/prior_catalogue.hpp"
#include "dpnp/sampler/sampler.hpp"

namespace dpnp {

struct RunOptions {
  std::uint64_t seed = 42;             ///< the chain's noise key
  std::string device = "cpu";          ///< cpu | cuda
  int threads = 0;                     ///< LibTorch threads per rank; 0: cores of the node / its ranks
  std::string log_level = "info";
  std::string gpu_aware_mpi = "auto";  ///< auto | on | off
  int chains = 1;                      ///< independent chains, each on its own group of ranks
};

struct ObservationOptions {
  std::string path;         ///< an observation file to sample from; empty: synthesise one from the truth
  std::string hdu;          ///< a FITS observation: its image HDU (EXTNAME or index); empty: the primary
  std::uint64_t seed = 1234;
  ForwardOptions forward;   ///< the task (problem.task), its mask or kernel
  std::string blur_path;    ///< deblurring with a kernel from a file
  NoiseOptions noise;       ///< the noise model (problem.noise) and its level
};

struct ChainOptions {
  SamplerOptions sampler;
  std::string init = "auto";  ///< auto | zeros | observation | interpolation | least_squares
  std::string chain_init = "same";  ///< same | dispersed: the starts of chains 1, 2, ...
  bool authors_steps = false; ///< sampler.step_rule: authors
  double step_scale = 1.0;    ///< sampler.step_scale: multiplies every Langevin step size
  double ci_level = 0.95;     ///< credible intervals from the kept samples
};

struct OutputOptions {
  std::string path = "results/run.h5";
  bool fits = false;  ///< also the FITS images of the estimates (fits_output.hpp)
  bool save_samples = false;
  bool previews = false;
  std::int64_t preview_max_side = 1024;
  std::int64_t progress_every = 100;
  std::int64_t checkpoint_every = 0;
  std::string checkpoint_path;  ///< empty: beside the result file
  /// The checkpoint files of chain `chain` (chain 0: output.checkpoint_path or the default; chain
  /// c > 0: the same name with ".chain<c>" before the extension).
  CheckpointPaths checkpoints(int chain = 0) const;
};

struct ExperimentOptions {
  RunOptions run;
  ImageSource truth;  ///< path empty: no ground truth (an observation file without /ground_truth)
  ObservationOptions observation;
  PriorOptions prior;
  /// prior.denoising_level_rule: where an unset prior.denoising_level comes from: `default` (the
  /// noise model's default) or `data_noise` (the observation's noise level on the image scale).
  std::string denoising_level_rule = "default";
  PoissonOptions poisson;
  ChainOptions chain;
  OutputOptions output;
  std::string config_yaml;       ///< the effective config, for provenance
  ChainFingerprint fingerprint;  ///< the keys that define the chain
};

/// Every option of a validated config.
ExperimentOptions experiment_options(const config::Config& config);

}  // namespace dpnp
