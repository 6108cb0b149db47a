#include "dpnp/sampler/models/axda_gaussian.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {

AxdaGaussianModel::AxdaGaussianModel(std::shared_ptr<const GaussianLikelihood> likelihood,
                                     std::shared_ptr<const Gradient2D> gradient,
                                     std::shared_ptr<const AuxiliaryPrior> prior, at::Tensor x_init,
                                     AxdaGaussianOptions options)
    : likelihood_(std::move(likelihood)),
      gradient_(std::move(gradient)),
      prior_(std::move(prior)),
      x_init_(std::move(x_init)),
      options_(options) {
  DPNP_CHECK(options_.rho > 0, "rho must be positive");
  const double coupling = (options_.include_gradient_norm ? gradient_->squared_norm() : 1.0) / options_.rho;
  gamma_x_ = 0.99 / (likelihood_->lipschitz() + coupling);
  gamma_z_ = 0.99 * options_.rho;
}

void AxdaGaussianModel::initialize(ChainState& state) {
  state.variables["x"] = x_init_.to(at::kFloat).contiguous().clone();
  dx_ = gradient_->apply(state.at("x"));
  state.variables["z"] = dx_.clone();
}

void AxdaGaussianModel::on_state_loaded(const ChainState& state) { dx_ = gradient_->apply(state.at("x")); }

void AxdaGaussianModel::sweep(ChainState& state, std::uint64_t t) {
  at::Tensor& x = state.at("x");
  at::Tensor& z = state.at("z");
  const SlabDomain& domain = gradient_->domain();
  at::Tensor grad_x;
  {
    ScopedPhase phase(phase_times_, "likelihood");
    grad_x = likelihood_->gradient(x);
  }
  {
    ScopedPhase phase(phase_times_, "prior");
    grad_x.add_(gradient_->adjoint(dx_ - z), 1.0 / options_.rho);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    langevin_proposal_(x, grad_x, gamma_x_, {{options_.seed, noise::kChainX, static_cast<std::uint32_t>(t)}, domain.coords(x)});
    if (options_.nonnegative) x.clamp_min_(0.0f);
  }
  {
    ScopedPhase phase(phase_times_, "prior");
    dx_ = gradient_->apply(x);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    at::Tensor grad_z = (z - dx_).mul_(1.0 / options_.rho);
    langevin_proposal_(z, grad_z, gamma_z_, {{options_.seed, noise::kChainZ, static_cast<std::uint32_t>(t)}, domain.coords(z)});
    prior_->prox_(z, gamma_z_);
  }
}

at::Tensor AxdaGaussianModel::local_potential(const ChainState& state) const {
  const at::Tensor& z = state.at("z");
  return likelihood_->local_value(state.at("x")) + (dx_ - z).to(at::kDouble).square().sum() * (0.5 / options_.rho) +
         prior_->local_value(z);
}

std::vector<std::pair<std::string, double>> AxdaGaussianModel::parameters() const {
  return {{"sigma", likelihood_->sigma()},
          {"L_y", likelihood_->lipschitz()},
          {"rho", options_.rho},
          {"gamma_x", gamma_x_},
          {"gamma_z", gamma_z_}};
}

}  // namespace dpnp
