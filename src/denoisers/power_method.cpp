#include <cmath>

#include "dpnp/core/noise_field.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/halo_conv.hpp"
#include "dpnp/dist/lanczos.hpp"

namespace dpnp {

double conv_squared_norm(const at::Tensor& kernel, const SlabDomain* domain, std::int64_t rows, std::int64_t cols,
                         double tolerance, int max_iterations) {
  const std::int64_t channels = kernel.size(1);
  const HaloExchange* halo = domain ? &domain->halo() : nullptr;
  const std::int64_t local_rows = domain ? domain->rows() : rows;
  const std::int64_t global_rows = domain ? domain->height() : rows;
  at::Tensor start = at::empty({1, channels, local_rows, domain ? domain->width() : cols}, at::kFloat);
  fill_uniform(start, noise::Key{42, noise::kPowerMethod, 0}, slab_coords(start, global_rows, domain ? domain->row_begin() : 0));
  const at::Tensor k = kernel.to(at::kFloat);
  const auto normal_operator = [&](const at::Tensor& x) {
    return halo_conv2d_adjoint(halo_conv2d(x, k, at::Tensor(), halo), k, halo);
  };
  return largest_eigenvalue(domain ? &domain->comm() : nullptr, normal_operator, start.to(kernel.device()), tolerance,
                            max_iterations)
      .eigenvalue;
}

}  // namespace dpnp
