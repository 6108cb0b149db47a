#pragma once
/// @file
/// The noise models of the observation, each registered once (src/likelihood/noise_models.cpp):
/// how a synthetic observation is drawn, which attribute of an observation file holds the noise
/// level, and what a PnP prior's default denoiser level is. The task model that samples each noise
/// model is chosen in the sampler (sampler/model_factory.hpp).

#include <ATen/ATen.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

struct NoiseOptions {
  std::string model = "gaussian";
  double snr_db = 15;            ///< Gaussian: input SNR that sets sigma when sigma is unset
  std::optional<double> sigma;   ///< Gaussian: the standard deviation
  double peak = 250;             ///< Poisson: the photon budget beta
};

/// The Poisson hybrid split's couplings (algorithm.md, Task 3).
struct PoissonOptions {
  double rho1 = 10;
  double rho2 = 1e-3;
};

class NoiseModel {
 public:
  virtual ~NoiseModel() = default;
  virtual std::string name() const = 0;
  /// The attribute of an observation file that holds the noise level ("sigma", "peak").
  virtual std::string level_attribute() const = 0;
  /// The noise level of an observation file, from its attribute (`in_file`, when present) and the
  /// options; `origin` names the file in errors. Throws InputError when neither gives one.
  virtual double file_level(std::optional<double> in_file, const NoiseOptions& options,
                            const std::string& origin) const = 0;
  /// y drawn around the clean data A x (this rank's slab of the data space) and the noise level.
  /// Collective.
  virtual std::pair<at::Tensor, double> synthesize(const SlabDomain& data, const at::Tensor& clean,
                                                   const NoiseOptions& options, std::uint64_t seed) const = 0;
  /// Checks observed data; throws InputError naming `origin` (e.g. Poisson counts are never negative).
  virtual void check_observation(const at::Tensor& y, const std::string& origin) const {}
  /// Data in image geometry on the image's scale (Poisson counts divided by the peak).
  virtual at::Tensor on_image_scale(const at::Tensor& y, double level) const { return y; }
  /// The noise variance of on_image_scale(y) where the clean image has mean `mean_intensity`.
  virtual double image_scale_variance(double level, double mean_intensity) const = 0;
  /// The denoiser level sigma_d of a PnP prior whose prior.denoising_level is unset, and a note for
  /// the log saying where it comes from.
  virtual double default_denoising_level(double level) const = 0;
  virtual std::string default_denoising_note() const = 0;
  /// One line for the log.
  virtual std::string describe(double level, const NoiseOptions& options, bool synthesised) const = 0;
};

/// The model of `name`; InputError naming the known models otherwise.
const NoiseModel& noise_model(const std::string& name);
/// Every registered noise model (the config's problem.noise choices).
std::vector<std::string> noise_model_names();

}  // namespace dpnp
