#include "dpnp/physics/mask.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"
#include "dpnp/dist/reduce.hpp"

namespace dpnp {

Mask::Mask(SlabDomain domain, at::Tensor mask) : domain_(std::move(domain)), mask_(mask.to(at::kFloat)) {
  DPNP_CHECK(mask_.dim() == 3 && mask_.size(0) == 1, "the mask slab must be [1, rows, cols]");
  DPNP_CHECK(mask_.size(1) == domain_.rows() && mask_.size(2) == domain_.width(), "mask slab does not match its domain");
}

double Mask::observed_fraction() const {
  return global_sum(domain_.comm(), mask_) / static_cast<double>(domain_.height() * domain_.width());
}

at::Tensor random_mask(const SlabDomain& domain, double missing_fraction, std::uint64_t seed,
                       const at::TensorOptions& options) {
  at::Tensor uniform = at::empty({1, domain.rows(), domain.width()}, at::kFloat);
  fill_uniform(uniform, noise::Key{seed, noise::kMask, 0}, domain.coords(uniform));
  return (uniform < static_cast<float>(1.0 - missing_fraction)).to(options);
}

}  // namespace dpnp
