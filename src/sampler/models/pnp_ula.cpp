#include "dpnp/sampler/models/pnp_ula.hpp"

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"

namespace dpnp {

PnpUlaParams pnp_ula_step_sizes(double likelihood_lipschitz, double prior_drift_lipschitz, double prior_weight,
                                const PnpUlaOptions& options) {
  PnpUlaParams p;
  p.lambda = 0.99 / (2.0 * prior_drift_lipschitz + 4.0 * likelihood_lipschitz);
  p.delta = 0.99 / (3.0 * (prior_drift_lipschitz + likelihood_lipschitz + 1.0 / p.lambda)) * options.step_scale;
  p.prior_weight = prior_weight;
  p.lower = options.box_low;
  p.upper = options.box_high;
  return p;
}

PnpUlaModel::PnpUlaModel(std::shared_ptr<const GaussianLikelihood> likelihood, std::shared_ptr<const PnpPrior> prior,
                         at::Tensor x_init, PnpUlaOptions options)
    : likelihood_(std::move(likelihood)), prior_(std::move(prior)), x_init_(std::move(x_init)), options_(options) {
  params_ = pnp_ula_step_sizes(likelihood_->lipschitz(), prior_->drift_lipschitz(), prior_->weight(), options_);
}

void PnpUlaModel::initialize(ChainState& state) { state.variables["x"] = x_init_.to(at::kFloat).contiguous().clone(); }

void PnpUlaModel::sweep(ChainState& state, std::uint64_t t) {
  at::Tensor& x = state.at("x");
  at::Tensor grad, denoised;
  {
    ScopedPhase phase(phase_times_, "likelihood");
    grad = likelihood_->gradient(x);
  }
  {
    ScopedPhase phase(phase_times_, "denoiser");
    denoised = prior_->denoise(x);
  }
  ScopedPhase phase(phase_times_, "update");
  prior_term_ = sum_of_squared_differences(x, denoised) * (0.5 * params_.prior_weight);
  pnp_ula_step_(x, grad, denoised, params_,
                {{options_.seed, noise::chain_stream(noise::kChainX, options_.chain), static_cast<std::uint32_t>(t)}, likelihood_->op().domain().coords(x)});
}

at::Tensor PnpUlaModel::local_potential(const ChainState& state) const { return likelihood_->local_value(state.at("x")); }

std::vector<std::pair<std::string, double>> PnpUlaModel::parameters() const {
  const auto& p = prior_->options();
  return {{"sigma", likelihood_->sigma()},
          {"L_y", likelihood_->lipschitz()},
          {"epsilon", p.epsilon},
          {"alpha", p.alpha},
          {"L", p.lipschitz},
          {"lambda", params_.lambda},
          {"delta", params_.delta}};
}

}  // namespace dpnp
