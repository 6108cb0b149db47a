#include "dpnp/sampler/models/poisson_hybrid.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"
#include "dpnp/sampler/models/pnp_ula.hpp"

namespace dpnp {

PoissonHybridModel::PoissonHybridModel(std::shared_ptr<const PoissonSplit> split, std::shared_ptr<const PnpPrior> prior,
                                       PoissonHybridOptions options)
    : split_(std::move(split)), pnp_(std::move(prior)), options_(options) {
  set_steps();
}

PoissonHybridModel::PoissonHybridModel(std::shared_ptr<const PoissonSplit> split,
                                       std::shared_ptr<const LinearOperator> split_operator,
                                       std::shared_ptr<const AuxiliaryPrior> prior, PoissonHybridOptions options)
    : split_(std::move(split)), options_(options) {
  prior_split_.emplace(std::move(split_operator), std::move(prior), options_.rho2,
                       noise::chain_stream(noise::kChainZ2, options_.chain), options_.step_scale);
  set_steps();
}

void PoissonHybridModel::set_steps() {
  DPNP_CHECK(options_.rho2 > 0, "rho2 must be positive");
  const bool with_norm = !options_.authors_steps;
  const double coupling = prior_split_ ? prior_split_->x_lipschitz(with_norm) : 1.0 / options_.rho2;
  gamma_x_ = 0.99 / (split_->x_lipschitz() + coupling) * options_.step_scale;
  gamma_z1_ = 0.99 * split_->rho1() * options_.step_scale;
  // z2's data term is ||z2 - x||^2 / (2 rho2): its Lipschitz constant is 1/rho2; the authors pass 0.99 rho2.
  const double z2_data_lipschitz = options_.authors_steps ? 0.99 * options_.rho2 : 1.0 / options_.rho2;
  PnpUlaOptions z2_options;
  z2_options.step_scale = options_.step_scale;
  if (pnp_) z2_step_ = pnp_ula_step_sizes(z2_data_lipschitz, pnp_->drift_lipschitz(), pnp_->weight(), z2_options);
}

std::string PoissonHybridModel::name() const {
  return "poisson-hybrid/" + (pnp_ ? pnp_->denoiser().name() : prior_split_->prior().name());
}

void PoissonHybridModel::update_derived(const at::Tensor& x) {
  hx_ = split_->op().apply(x);
  if (prior_split_) kx_ = prior_split_->op().apply(x);
}

void PoissonHybridModel::initialize(ChainState& state) {
  const SlabDomain& image = split_->op().domain();
  const auto options = split_->counts().options().dtype(at::kFloat);
  const std::int64_t channels = split_->counts().size(0);
  state.variables["x"] = options_.x_init.defined() ? options_.x_init.to(options).clamp_min(0.0).contiguous()
                                                   : at::zeros({channels, image.rows(), image.width()}, options);
  update_derived(state.at("x"));
  // The splitting variables start on what they are coupled to (zeros from x = 0, as before).
  state.variables["z1"] = (hx_ * split_->beta()).clamp_min_(0.0).to(options).contiguous();
  state.variables["z2"] = prior_split_ ? kx_.clone() : state.at("x").clone();
}

void PoissonHybridModel::on_state_loaded(const ChainState& state) { update_derived(state.at("x")); }

void PoissonHybridModel::sweep(ChainState& state, std::uint64_t t) {
  at::Tensor& x = state.at("x");
  at::Tensor& z1 = state.at("z1");
  at::Tensor& z2 = state.at("z2");
  const auto iteration = static_cast<std::uint32_t>(t);
  const SlabDomain& image = split_->op().domain();
  const SlabDomain& data = split_->op().range();
  at::Tensor grad_x;
  {
    ScopedPhase phase(phase_times_, "likelihood");
    grad_x = split_->x_gradient(hx_, z1);
  }
  {
    ScopedPhase phase(phase_times_, "prior");
    if (prior_split_)
      prior_split_->add_x_gradient(grad_x, kx_, z2);
    else
      grad_x.add_(x - z2, 1.0 / options_.rho2);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    langevin_proposal_(x, grad_x, gamma_x_, {{options_.seed, noise::chain_stream(noise::kChainX, options_.chain), iteration}, image.coords(x)});
    x.clamp_min_(0.0f);
  }
  {
    ScopedPhase phase(phase_times_, "likelihood");
    hx_ = split_->op().apply(x);
    at::Tensor grad_z1 = split_->z1_gradient(z1, hx_);
    langevin_proposal_(z1, grad_z1, gamma_z1_, {{options_.seed, noise::chain_stream(noise::kChainZ1, options_.chain), iteration}, data.coords(z1)});
    split_->kl_prox_(z1, gamma_z1_);
  }
  if (prior_split_) {
    ScopedPhase phase(phase_times_, "prior");
    kx_ = prior_split_->op().apply(x);
    prior_split_->sample_z(z2, kx_, options_.seed, t);
    return;
  }
  at::Tensor denoised;
  {
    ScopedPhase phase(phase_times_, "denoiser");
    denoised = pnp_->denoise(z2);
  }
  ScopedPhase phase(phase_times_, "update");
  pnp_prior_term_ = sum_of_squared_differences(z2, denoised) * (0.5 * z2_step_.prior_weight);
  const at::Tensor grad_z2 = (z2 - x).mul_(1.0 / options_.rho2);
  pnp_ula_step_(z2, grad_z2, denoised, z2_step_, {{options_.seed, noise::chain_stream(noise::kChainZ2, options_.chain), iteration}, image.coords(z2)});
}

at::Tensor PoissonHybridModel::local_potential(const ChainState& state) const {
  return local_potential_parts(state).potential;
}

TaskModel::PotentialParts PoissonHybridModel::local_potential_parts(const ChainState& state) const {
  const at::Tensor& z2 = state.at("z2");
  const at::Tensor value = split_->local_value(state.at("z1"), hx_);
  if (prior_split_) {
    const at::Tensor g = prior_split_->prior().local_value(z2);
    return {prior_split_->add_potential(value, kx_, z2, g), g};
  }
  return {value + sum_of_squared_differences(state.at("x"), z2) * (0.5 / options_.rho2), pnp_prior_term_};
}

std::vector<std::pair<std::string, double>> PoissonHybridModel::parameters() const {
  std::vector<std::pair<std::string, double>> out = {{"beta", split_->beta()},  {"rho1", split_->rho1()},
                                                     {"rho2", options_.rho2},    {"gamma_x", gamma_x_},
                                                     {"gamma_z1", gamma_z1_}};
  if (prior_split_) {
    out.emplace_back("gamma_z2", prior_split_->gamma());
  } else {
    out.emplace_back("epsilon", pnp_->options().epsilon);
    out.emplace_back("L", pnp_->options().lipschitz);
    out.emplace_back("lambda_z2", z2_step_.lambda);
    out.emplace_back("delta_z2", z2_step_.delta);
  }
  return out;
}

}  // namespace dpnp
