#include "dpnp/dist/slab_domain.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/core/noise_field.hpp"

namespace dpnp {

SlabDomain::SlabDomain(SlabLayout layout, std::shared_ptr<const HaloExchange> halo)
    : layout_(std::move(layout)), halo_(std::move(halo)) {
  DPNP_CHECK(halo_ != nullptr, "a slab domain needs a halo exchange");
  DPNP_CHECK(layout_.ranks() == halo_->comm().size(),
             fmt::format("layout has {} slabs for {} ranks", layout_.ranks(), halo_->comm().size()));
}

noise::SlabCoords SlabDomain::coords(const at::Tensor& local) const {
  DPNP_CHECK(local.size(-2) == rows() && local.size(-1) == width(),
             fmt::format("tensor of {}x{} does not match this rank's slab of {}x{}", local.size(-2), local.size(-1),
                         rows(), width()));
  return slab_coords(local, height(), row_begin());
}

}  // namespace dpnp
