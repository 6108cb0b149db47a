#pragma once
// Observation files: what `dpnp simulate` writes and `dpnp sample` reads with observation.path, so
// that a user's own data and operator enter the sampler the same way a synthetic one does. The layout
// is the data part of a result file (docs/bring-your-own-data.md), so a result file can also serve.

#include <string>

#include "dpnp/io/config.hpp"
#include "dpnp/io/result_file.hpp"
#include "experiment.hpp"

namespace dpnp::app {

/// What build_experiment needs before the decomposition: the image shape and the kernel size.
struct ObservationFileInfo {
  ImageShape shape;                ///< the unknown image x (C, H, W)
  std::int64_t kernel_size = 0;    ///< deblurring: k (0 for inpainting)
  bool has_ground_truth = false;
};

/// Reads and checks the attributes and dataset shapes of observation.path against the config's
/// problem.task and problem.noise. Every rank reads the file itself; errors are agreed. Collective.
ObservationFileInfo probe_observation_file(const config::Config& config, const Comm& comm);

/// Fills e.op, e.data_domain, e.mask / e.kernel, e.sigma / e.peak, e.observation,
/// e.observation_image (and e.truth from /ground_truth when the config gives no truth.path), each
/// rank reading only its own rows. Needs e.domain. Collective.
void load_observation_file(const config::Config& config, const ObservationFileInfo& info, Experiment& e);

/// Writes /observation, /mask or /kernel, /ground_truth and the task, noise, sigma or peak attributes.
/// Collective.
void write_observation(ResultFile& file, const Experiment& e);

}  // namespace dpnp::app
