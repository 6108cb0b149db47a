#include "dpnp/physics/gradient2d.hpp"

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {
// out <- a - b, writing through a view of a larger tensor.
void subtract_into(at::Tensor out, const at::Tensor& a, const at::Tensor& b) { at::sub_out(out, a, b); }
}  // namespace

at::Tensor Gradient2D::apply(const at::Tensor& x) const {
  DPNP_CHECK(x.size(-2) == domain_.rows(), "gradient input does not match the slab");
  auto pending = domain_.halo().start_fill(x, 0, 1);
  const std::int64_t rows = x.size(-2), cols = x.size(-1);
  at::Tensor z = at::empty({2, x.size(0), rows, cols}, x.options());
  at::Tensor vertical = z[0], horizontal = z[1];
  if (cols > 1) subtract_into(horizontal.narrow(-1, 0, cols - 1), x.narrow(-1, 1, cols - 1), x.narrow(-1, 0, cols - 1));
  horizontal.narrow(-1, cols - 1, 1).zero_();
  if (rows > 1) subtract_into(vertical.narrow(-2, 0, rows - 1), x.narrow(-2, 1, rows - 1), x.narrow(-2, 0, rows - 1));
  const Ghosts below = pending.finish();
  if (domain_.holds_last_row())
    vertical.narrow(-2, rows - 1, 1).zero_();
  else
    subtract_into(vertical.narrow(-2, rows - 1, 1), below.bottom, x.narrow(-2, rows - 1, 1));
  return z;
}

at::Tensor Gradient2D::adjoint(const at::Tensor& z) const {
  DPNP_CHECK(z.dim() == 4 && z.size(0) == 2 && z.size(-2) == domain_.rows(), "gradient adjoint expects [2, C, rows, cols]");
  const std::int64_t rows = z.size(-2), cols = z.size(-1);
  // The differences at the last global row and column are zero by definition, so whatever z holds
  // there does not reach x.
  at::Tensor vertical = z[0];
  if (domain_.holds_last_row()) {
    vertical = vertical.clone();
    vertical.narrow(-2, rows - 1, 1).zero_();
  }
  auto pending = domain_.halo().start_fill(vertical, 1, 0);
  const at::Tensor horizontal = z[1];
  // (D_h^T w)[c] = w[c-1] - w[c] for 0 < c < cols-1; -w[0] at c = 0; w[cols-2] at c = cols-1.
  at::Tensor x = at::zeros_like(horizontal);
  if (cols > 1) {
    x.narrow(-1, 0, 1).copy_(horizontal.narrow(-1, 0, 1)).neg_();
    subtract_into(x.narrow(-1, 1, cols - 1), horizontal.narrow(-1, 0, cols - 1), horizontal.narrow(-1, 1, cols - 1));
    x.narrow(-1, cols - 1, 1).copy_(horizontal.narrow(-1, cols - 2, 1));
  }
  // (D_v^T w)[r] = w[r-1] - w[r], with w[-1] from the previous slab (zero above the image).
  x.sub_(vertical);
  if (rows > 1) x.narrow(-2, 1, rows - 1).add_(vertical.narrow(-2, 0, rows - 1));
  const Ghosts above = pending.finish();
  x.narrow(-2, 0, 1).add_(above.top);
  return x;
}

}  // namespace dpnp
