// The catalogue of noise models: every problem.noise, registered once.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/likelihood/noise_model.hpp"
#include "dpnp/physics/observation.hpp"

namespace dpnp {

namespace {

double positive(double value, const std::string& origin, const std::string& attribute) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(fmt::format("{}: attribute '{}' is {}, not a positive number; write a positive {}", origin,
                                 attribute, value, attribute));
  return value;
}

class GaussianNoise final : public NoiseModel {
 public:
  std::string name() const override { return "gaussian"; }
  std::string level_attribute() const override { return "sigma"; }
  double file_level(std::optional<double> in_file, const NoiseOptions& options,
                    const std::string& origin) const override {
    if (options.sigma) return *options.sigma;
    if (!in_file)
      throw InputError(fmt::format("{}: has no attribute 'sigma' (the Gaussian noise level); add it to the file or "
                                   "set observation.sigma",
                                   origin));
    return positive(*in_file, origin, "sigma");
  }
  std::pair<at::Tensor, double> synthesize(const SlabDomain& data, const at::Tensor& clean,
                                           const NoiseOptions& options, std::uint64_t seed) const override {
    const double sigma = options.sigma ? *options.sigma : noise_sigma_from_snr(data, clean, options.snr_db);
    return {add_gaussian_noise(data, clean.to(at::kFloat), sigma, seed), sigma};
  }
  double default_denoising_level(double sigma) const override { return sigma; }
  double image_scale_variance(double sigma, double) const override { return sigma * sigma; }
  std::string default_denoising_note() const override { return " (= sigma)"; }
  std::string describe(double sigma, const NoiseOptions& options, bool synthesised) const override {
    return fmt::format("Gaussian noise sigma = {:.5g}{}", sigma,
                       synthesised && !options.sigma ? fmt::format(" (input SNR {} dB)", options.snr_db) : "");
  }
};

// The papers run the Poisson PnP prior at a fixed denoiser level (there is no Gaussian sigma).
constexpr double kPoissonDenoisingLevel = 0.05;

class PoissonNoise final : public NoiseModel {
 public:
  std::string name() const override { return "poisson"; }
  std::string level_attribute() const override { return "peak"; }
  double file_level(std::optional<double> in_file, const NoiseOptions& options,
                    const std::string& origin) const override {
    return in_file ? positive(*in_file, origin, "peak") : options.peak;
  }
  std::pair<at::Tensor, double> synthesize(const SlabDomain& data, const at::Tensor& clean,
                                           const NoiseOptions& options, std::uint64_t seed) const override {
    return {add_poisson_noise(data, clean, options.peak, seed), options.peak};
  }
  void check_observation(const at::Tensor& y, const std::string& origin) const override {
    if ((y < 0).any().item<bool>())
      throw InputError(fmt::format("{}: dataset '/observation' holds negative values, which Poisson counts cannot be; "
                                   "give photon counts (or use problem.noise: gaussian)",
                                   origin));
  }
  at::Tensor on_image_scale(const at::Tensor& y, double peak) const override { return y / peak; }
  // y ~ Poisson(peak x): y / peak has variance x / peak.
  double image_scale_variance(double peak, double mean_intensity) const override {
    return std::max(mean_intensity, 0.0) / peak;
  }
  double default_denoising_level(double) const override { return kPoissonDenoisingLevel; }
  std::string default_denoising_note() const override { return " (default)"; }
  std::string describe(double peak, const NoiseOptions&, bool) const override {
    return fmt::format("Poisson noise, peak {}", peak);
  }
};

const std::vector<std::unique_ptr<NoiseModel>>& catalogue() {
  static const std::vector<std::unique_ptr<NoiseModel>> models = [] {
    std::vector<std::unique_ptr<NoiseModel>> m;
    m.push_back(std::make_unique<GaussianNoise>());
    m.push_back(std::make_unique<PoissonNoise>());
    return m;
  }();
  return models;
}

}  // namespace

const NoiseModel& noise_model(const std::string& name) {
  for (const auto& model : catalogue())
    if (model->name() == name) return *model;
  throw InputError(fmt::format("problem.noise: '{}' is not known; use one of: {}", name,
                               fmt::join(noise_model_names(), ", ")));
}

std::vector<std::string> noise_model_names() {
  std::vector<std::string> names;
  for (const auto& model : catalogue()) names.push_back(model->name());
  return names;
}

}  // namespace dpnp
