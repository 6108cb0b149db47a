#include "dpnp/physics/observation.hpp"

#include <cmath>

#include <ATen/Parallel.h>

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

double poisson_sample(double mean, std::uint64_t seed, std::uint64_t index) {
  if (mean <= 0.0) return 0.0;
  std::uint32_t draw = 0;
  const auto uniform = [&] { return static_cast<double>(noise::uniform_at(noise::Key{seed, noise::kPoisson, draw++}, index)); };
  if (mean < 10.0) {
    // Inversion by multiplication: count uniforms until their product falls below e^-mean.
    const double limit = std::exp(-mean);
    double product = uniform();
    double count = 0.0;
    while (product > limit) {
      product *= uniform();
      count += 1.0;
    }
    return count;
  }
  // PTRS: transformed rejection with squeeze (W. Hormann, Insurance: Math. Econ. 12, 1993).
  const double slam = std::sqrt(mean), loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1.0))
      return k;
  }
}

at::Tensor add_poisson_noise(const SlabDomain& data_domain, const at::Tensor& clean, double beta, std::uint64_t seed) {
  const at::Tensor mean = (clean.to(at::kCPU, at::kDouble).clamp_min(0.0) * beta).contiguous();
  at::Tensor counts = at::empty(mean.sizes(), mean.options().dtype(at::kFloat));
  const noise::SlabCoords coords = data_domain.coords(counts);
  const double* lambda = mean.data_ptr<double>();
  float* out = counts.data_ptr<float>();
  at::parallel_for(0, counts.numel(), 4096, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i)
      out[i] = static_cast<float>(poisson_sample(lambda[i], seed, noise::global_index(coords, i)));
  });
  return counts.to(clean.device());
}

}  // namespace dpnp
