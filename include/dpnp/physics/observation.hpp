#pragma once
/// @file
/// Synthetic observations from a ground truth: deterministic, and the same for every rank count
/// because every random number is keyed by its global index (core/noise.hpp).

#include <ATen/ATen.h>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

/// sigma such that the input SNR is `snr_db`: sigma^2 = ||A xbar||^2 / numel(A xbar) / 10^(snr_db / 10)
/// (algorithm.md, noise models). `clean` is the local slab of A xbar. Collective.
double noise_sigma_from_snr(const SlabDomain& data_domain, const at::Tensor& clean, double snr_db);

/// clean + sigma * N(0, 1), the normal of each entry keyed by (seed, observation stream, global index).
at::Tensor add_gaussian_noise(const SlabDomain& data_domain, const at::Tensor& clean, double sigma,
                              std::uint64_t seed);

/// Counts y ~ Poisson(beta max(clean, 0)), each entry drawn from its own counter-based uniforms
/// (stream kPoisson; inversion below a mean of 10, Hormann's transformed rejection PTRS above).
at::Tensor add_poisson_noise(const SlabDomain& data_domain, const at::Tensor& clean, double beta, std::uint64_t seed);

/// One Poisson draw of mean `mean` >= 0 for element `index` of stream `seed` (the rule behind
/// add_poisson_noise; exposed for its statistical test).
double poisson_sample(double mean, std::uint64_t seed, std::uint64_t index);

}  // namespace dpnp
