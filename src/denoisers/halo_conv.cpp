#include "dpnp/denoisers/halo_conv.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/dist/ghosted_slab.hpp"

namespace dpnp {

namespace {

at::Tensor conv(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, std::int64_t row_pad,
                std::int64_t col_pad) {
  return at::conv2d(x, weight, bias, at::IntArrayRef({1, 1}), at::IntArrayRef({row_pad, col_pad}));
}

}  // namespace

at::Tensor adjoint_kernel(const at::Tensor& weight) { return weight.transpose(0, 1).flip({2, 3}).contiguous(); }

at::Tensor halo_conv2d(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, const HaloExchange* halo) {
  const std::int64_t k = weight.size(-1);
  DPNP_CHECK(k % 2 == 1 && weight.size(-2) == k, "halo_conv2d needs an odd square kernel");
  const std::int64_t pad = k / 2;
  if (!halo || halo->comm().size() == 1 || pad == 0) return conv(x, weight, bias, pad, pad);

  auto pending = halo->start_fill(x, pad, pad);
  at::Tensor y = conv(x, weight, bias, pad, pad);
  const GhostedSlab ghosted(x, pending.finish());
  const std::int64_t rows = x.size(-2);
  const bool first = halo->comm().rank() == 0;
  const bool last = halo->comm().rank() + 1 == halo->comm().size();
  if (rows < 2 * pad) {
    // A slab thinner than the stencil: convolve the padded slab directly.
    return conv(ghosted.padded(), weight, bias, 0, pad);
  }
  // At the image's edges the slab's own zero padding is already right.
  if (!first) y.narrow(-2, 0, pad).copy_(conv(ghosted.rows(-pad, 3 * pad), weight, bias, 0, pad));
  if (!last) y.narrow(-2, rows - pad, pad).copy_(conv(ghosted.rows(rows - 2 * pad, 3 * pad), weight, bias, 0, pad));
  return y;
}

at::Tensor halo_conv2d_adjoint(const at::Tensor& u, const at::Tensor& weight, const HaloExchange* halo) {
  return halo_conv2d(u, adjoint_kernel(weight), at::Tensor(), halo);
}

}  // namespace dpnp
