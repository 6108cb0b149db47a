#include "dpnp/physics/observation.hpp"

#include <cmath>

#include "dpnp/core/noise_field.hpp"
#include "dpnp/dist/reduce.hpp"

namespace dpnp {

double noise_sigma_from_snr(const SlabDomain& data_domain, const at::Tensor& clean, double snr_db) {
  const double energy = global_squared_norm(data_domain.comm(), clean);
  const double planes = static_cast<double>(clean.numel()) / static_cast<double>(std::max<std::int64_t>(
                                                                  1, clean.size(-2) * clean.size(-1)));
  const double numel = planes * static_cast<double>(data_domain.height() * data_domain.width());
  return std::sqrt(energy / numel / std::pow(10.0, snr_db / 10.0));
}

at::Tensor add_gaussian_noise(const SlabDomain& data_domain, const at::Tensor& clean, double sigma,
                              std::uint64_t seed) {
  at::Tensor noise = at::empty(clean.sizes(), clean.options().dtype(at::kFloat)).contiguous();
  fill_normal(noise, noise::Key{seed, noise::kObservationNoise, 0}, data_domain.coords(noise));
  return clean + noise.mul_(static_cast<float>(sigma));
}

}  // namespace dpnp
