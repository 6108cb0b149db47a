#pragma once
// The observation: synthesised from the ground truth (mask or blur kernel, Gaussian or Poisson noise),
// always on the CPU so that it is bit-identical whatever the device and the rank count.

#include "dpnp/io/config.hpp"
#include "experiment.hpp"

namespace dpnp::app {

/// Fills e.op, e.data_domain, e.mask / e.kernel, e.sigma / e.peak, e.observation and
/// e.observation_image (on the CPU), and adds a line to e.facts. Needs e.domain and e.truth.
void synthesize_observation(const config::Config& config, Experiment& e);

/// The kernel size the config asks for on this image (observation.blur_size, 0 = the papers' rule).
std::int64_t blur_size(const config::Config& config, const ImageShape& shape);

/// y seen as an image in the image layout: the centre crop (k/2 offset) of blurred data, divided by
/// the peak for Poisson counts. Collective (the crop takes k/2 rows from the next rank).
at::Tensor observation_as_image(const Experiment& e);

}  // namespace dpnp::app
