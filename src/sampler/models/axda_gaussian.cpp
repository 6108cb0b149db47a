#include "dpnp/sampler/models/axda_gaussian.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {

AxdaGaussianModel::AxdaGaussianModel(std::shared_ptr<const GaussianLikelihood> likelihood,
                                     std::shared_ptr<const LinearOperator> split_operator,
                                     std::shared_ptr<const AuxiliaryPrior> prior, at::Tensor x_init,
                                     AxdaGaussianOptions options)
    : likelihood_(std::move(likelihood)),
      split_(std::move(split_operator), std::move(prior), options.rho, noise::chain_stream(noise::kChainZ, options.chain), options.step_scale),
      x_init_(std::move(x_init)),
      options_(options) {
  gamma_x_ = 0.99 / (likelihood_->lipschitz() + split_.x_lipschitz(options_.include_gradient_norm)) * options_.step_scale;
}

void AxdaGaussianModel::initialize(ChainState& state) {
  state.variables["x"] = x_init_.to(at::kFloat).contiguous().clone();
  kx_ = split_.op().apply(state.at("x"));
  state.variables["z"] = kx_.clone();
}

void AxdaGaussianModel::on_state_loaded(const ChainState& state) { kx_ = split_.op().apply(state.at("x")); }

void AxdaGaussianModel::sweep(ChainState& state, std::uint64_t t) {
  at::Tensor& x = state.at("x");
  at::Tensor& z = state.at("z");
  at::Tensor grad_x;
  {
    ScopedPhase phase(phase_times_, "likelihood");
    grad_x = likelihood_->gradient(x);
  }
  {
    ScopedPhase phase(phase_times_, "prior");
    split_.add_x_gradient(grad_x, kx_, z);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    langevin_proposal_(x, grad_x, gamma_x_,
                       {{options_.seed, noise::chain_stream(noise::kChainX, options_.chain), static_cast<std::uint32_t>(t)}, split_.op().domain().coords(x)});
    if (options_.nonnegative) x.clamp_min_(0.0f);
  }
  {
    ScopedPhase phase(phase_times_, "prior");
    kx_ = split_.op().apply(x);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    split_.sample_z(z, kx_, options_.seed, t);
  }
}

at::Tensor AxdaGaussianModel::local_potential(const ChainState& state) const {
  return local_potential_parts(state).potential;
}

TaskModel::PotentialParts AxdaGaussianModel::local_potential_parts(const ChainState& state) const {
  const at::Tensor& z = state.at("z");
  const at::Tensor g = split_.prior().local_value(z);
  return {split_.add_potential(likelihood_->local_value(state.at("x")), kx_, z, g), g};
}

std::vector<std::pair<std::string, double>> AxdaGaussianModel::parameters() const {
  return {{"sigma", likelihood_->sigma()},
          {"L_y", likelihood_->lipschitz()},
          {"rho", options_.rho},
          {"gamma_x", gamma_x_},
          {"gamma_z", split_.gamma()}};
}

}  // namespace dpnp
