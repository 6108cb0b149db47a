#include "dpnp/sampler/models/split_block.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {

SplitBlock::SplitBlock(std::shared_ptr<const LinearOperator> op, std::shared_ptr<const AuxiliaryPrior> prior,
                       double rho, std::uint32_t stream, double step_scale)
    : op_(std::move(op)), prior_(std::move(prior)), rho_(rho), stream_(stream), step_scale_(step_scale) {
  DPNP_CHECK(op_ && prior_, "a split prior needs an operator and a prior");
  DPNP_CHECK(rho_ > 0, "rho must be positive");
}

double SplitBlock::x_lipschitz(bool include_operator_norm) const {
  return (include_operator_norm ? op_->squared_norm() : 1.0) / rho_;
}

void SplitBlock::add_x_gradient(at::Tensor& grad_x, const at::Tensor& kx, const at::Tensor& z) const {
  grad_x.add_(op_->adjoint(kx - z), 1.0 / rho_);
}

void SplitBlock::sample_z(at::Tensor& z, const at::Tensor& kx, std::uint64_t seed, std::uint64_t t) const {
  at::Tensor grad_z = (z - kx).mul_(1.0 / rho_);
  langevin_proposal_(z, grad_z, gamma(), {{seed, stream_, static_cast<std::uint32_t>(t)}, op_->range().coords(z)});
  prior_->prox_(z, gamma());
}

at::Tensor SplitBlock::add_potential(const at::Tensor& value, const at::Tensor& kx, const at::Tensor& z,
                                     const at::Tensor& g) const {
  return value + sum_of_squared_differences(kx, z) * (0.5 / rho_) + g;
}

}  // namespace dpnp
