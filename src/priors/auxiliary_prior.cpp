#include "dpnp/priors/auxiliary_prior.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"

namespace dpnp {

void GroupL21::prox_(at::Tensor& z, double gamma) const {
  DPNP_CHECK(z.dim() >= 1 && z.size(0) == 2, "the TV auxiliary variable must be [2, ...]");
  const double threshold = gamma * mu_;
  // shrink = max(0, 1 - t / |z|) per pixel and channel; |z| = 0 gives 0 (and no division by zero).
  const at::Tensor magnitude = at::sqrt(z[0] * z[0] + z[1] * z[1]);
  const at::Tensor shrink = at::clamp_min(1.0 - threshold / at::clamp_min(magnitude, threshold), 0.0);
  z.mul_(shrink.unsqueeze(0));
}

at::Tensor GroupL21::local_value(const at::Tensor& z) const {
  return sum_of_norms(z[0], z[1]) * mu_;
}

at::Tensor SquaredL2::local_value(const at::Tensor& z) const { return sum_of_squared_differences(z, {}) * (0.5 * mu_); }

}  // namespace dpnp
