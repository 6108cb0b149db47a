#include "dpnp/likelihood/gaussian.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"

namespace dpnp {

GaussianLikelihood::GaussianLikelihood(std::shared_ptr<const LinearOperator> op, at::Tensor observation, double sigma)
    : op_(std::move(op)), y_(std::move(observation)), sigma_(sigma) {
  DPNP_CHECK(op_ != nullptr, "the likelihood needs an operator");
  DPNP_CHECK(sigma_ > 0, "the noise level must be positive");
}

at::Tensor GaussianLikelihood::gradient(const at::Tensor& x) const {
  return op_->adjoint(op_->apply(x).sub_(y_)).mul_(1.0 / (sigma_ * sigma_));
}

at::Tensor GaussianLikelihood::local_value(const at::Tensor& x) const {
  return sum_of_squared_differences(op_->apply(x), y_) * (0.5 / (sigma_ * sigma_));
}

}  // namespace dpnp
