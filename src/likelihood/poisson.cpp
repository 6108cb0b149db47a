#include "dpnp/likelihood/poisson.hpp"

#include "dpnp/core/error.hpp"

namespace dpnp {

PoissonSplit::PoissonSplit(std::shared_ptr<const LinearOperator> op, at::Tensor counts, double beta, double rho1)
    : op_(std::move(op)), counts_(std::move(counts)), beta_(beta), rho1_(rho1) {
  DPNP_CHECK(op_ != nullptr && beta_ > 0 && rho1_ > 0, "Poisson split needs an operator, beta > 0 and rho1 > 0");
}

at::Tensor PoissonSplit::x_gradient(const at::Tensor& hx, const at::Tensor& z1) const {
  return op_->adjoint(hx * beta_ - z1).mul_(beta_ / rho1_);
}

double PoissonSplit::x_lipschitz() const { return beta_ * beta_ * op_->squared_norm() / rho1_; }

at::Tensor PoissonSplit::z1_gradient(const at::Tensor& z1, const at::Tensor& hx) const {
  return (z1 - hx * beta_).mul_(1.0 / rho1_);
}

void PoissonSplit::kl_prox_(at::Tensor& v, double gamma) const {
  // z = (a + sqrt(a^2 + 4 gamma y)) / 2 with a = v - gamma. For a < 0 the sum cancels (in float32 it
  // can even give z <= 0, and log z in the potential), so use the equal form 2 gamma y / (s - a).
  const at::Tensor a = v - gamma;
  const at::Tensor s = (a.square() + counts_ * (4.0 * gamma)).sqrt();
  v.copy_(at::where(a >= 0, (a + s) * 0.5, (counts_ * (2.0 * gamma)) / (s - a)));
}

at::Tensor PoissonSplit::local_value(const at::Tensor& z1, const at::Tensor& hx) const {
  const at::Tensor z = z1.to(at::kDouble);
  const at::Tensor y = counts_.to(at::kDouble);
  // y log z with the convention 0 log 0 = 0 (pixels with no counts).
  const at::Tensor y_log_z = at::where(y > 0, y * at::log(z), at::zeros_like(z));
  const at::Tensor coupling = (z - hx.to(at::kDouble) * beta_).square().sum() * (0.5 / rho1_);
  return (z - y_log_z).sum() + coupling;
}

}  // namespace dpnp
