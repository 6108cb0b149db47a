#include "dpnp/sampler/models/poisson_hybrid.hpp"

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/models/pnp_ula.hpp"

namespace dpnp {

PoissonHybridModel::PoissonHybridModel(std::shared_ptr<const PoissonSplit> split, std::shared_ptr<const PnpPrior> prior,
                                       PoissonHybridOptions options)
    : split_(std::move(split)), pnp_(std::move(prior)), options_(options) {
  set_steps();
}

PoissonHybridModel::PoissonHybridModel(std::shared_ptr<const PoissonSplit> split, std::shared_ptr<const Gradient2D> gradient,
                                       std::shared_ptr<const AuxiliaryPrior> tv, PoissonHybridOptions options)
    : split_(std::move(split)), gradient_(std::move(gradient)), tv_(std::move(tv)), options_(options) {
  set_steps();
}

void PoissonHybridModel::set_steps() {
  DPNP_CHECK(options_.rho2 > 0, "rho2 must be positive");
  const double coupling = (tv_ ? gradient_->squared_norm() : 1.0) / options_.rho2;
  gamma_x_ = 0.99 / (split_->x_lipschitz() + coupling);
  gamma_z1_ = 0.99 * split_->rho1();
  gamma_z2_ = 0.99 * options_.rho2;
  if (pnp_) z2_step_ = pnp_ula_step_sizes(1.0 / options_.rho2, pnp_->drift_lipschitz(), pnp_->weight(), PnpUlaOptions{});
}

std::string PoissonHybridModel::name() const {
  return "poisson-hybrid/" + (pnp_ ? pnp_->denoiser().name() : tv_->name());
}

at::Tensor PoissonHybridModel::coupling_target(const at::Tensor& x) const { return tv_ ? gradient_->apply(x) : x; }

void PoissonHybridModel::initialize(ChainState& state) {
  const SlabDomain& image = split_->op().domain();
  const auto options = split_->counts().options().dtype(at::kFloat);
  const std::int64_t channels = split_->counts().size(0);
  state.variables["x"] = at::zeros({channels, image.rows(), image.width()}, options);
  state.variables["z1"] = at::zeros_like(split_->counts(), options);
  state.variables["z2"] = tv_ ? at::zeros({2, channels, image.rows(), image.width()}, options) : at::zeros_like(state.at("x"));
  hx_ = split_->op().apply(state.at("x"));
}

void PoissonHybridModel::on_state_loaded(const ChainState& state) { hx_ = split_->op().apply(state.at("x")); }

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
    if (tv_)
      grad_x.add_(gradient_->adjoint(gradient_->apply(x) - z2), 1.0 / options_.rho2);
    else
      grad_x.add_(x - z2, 1.0 / options_.rho2);
  }
  {
    ScopedPhase phase(phase_times_, "update");
    langevin_proposal_(x, grad_x, gamma_x_, {{options_.seed, noise::kChainX, iteration}, image.coords(x)});
    x.clamp_min_(0.0f);
  }
  {
    ScopedPhase phase(phase_times_, "likelihood");
    hx_ = split_->op().apply(x);
    at::Tensor grad_z1 = split_->z1_gradient(z1, hx_);
    langevin_proposal_(z1, grad_z1, gamma_z1_, {{options_.seed, noise::kChainZ1, iteration}, data.coords(z1)});
    split_->kl_prox_(z1, gamma_z1_);
  }
  const NoiseSite z2_site{{options_.seed, noise::kChainZ2, iteration}, image.coords(z2)};
  if (tv_) {
    ScopedPhase phase(phase_times_, "prior");
    at::Tensor grad_z2 = (z2 - gradient_->apply(x)).mul_(1.0 / options_.rho2);
    langevin_proposal_(z2, grad_z2, gamma_z2_, z2_site);
    tv_->prox_(z2, gamma_z2_);
    return;
  }
  at::Tensor denoised;
  {
    ScopedPhase phase(phase_times_, "denoiser");
    denoised = pnp_->denoise(z2);
  }
  ScopedPhase phase(phase_times_, "update");
  const at::Tensor grad_z2 = (z2 - x).mul_(1.0 / options_.rho2);
  pnp_ula_step_(z2, grad_z2, denoised, z2_step_, z2_site);
}

at::Tensor PoissonHybridModel::local_potential(const ChainState& state) const {
  const at::Tensor& x = state.at("x");
  const at::Tensor& z2 = state.at("z2");
  at::Tensor value = split_->local_value(state.at("z1"), hx_);
  value = value + (coupling_target(x) - z2).to(at::kDouble).square().sum() * (0.5 / options_.rho2);
  if (tv_) value = value + tv_->local_value(z2);
  return value;
}

std::vector<std::pair<std::string, double>> PoissonHybridModel::parameters() const {
  std::vector<std::pair<std::string, double>> out = {{"beta", split_->beta()},  {"rho1", split_->rho1()},
                                                     {"rho2", options_.rho2},    {"gamma_x", gamma_x_},
                                                     {"gamma_z1", gamma_z1_}};
  if (tv_) {
    out.emplace_back("gamma_z2", gamma_z2_);
  } else {
    out.emplace_back("epsilon", pnp_->options().epsilon);
    out.emplace_back("L", pnp_->options().lipschitz);
    out.emplace_back("lambda_z2", z2_step_.lambda);
    out.emplace_back("delta_z2", z2_step_.delta);
  }
  return out;
}

}  // namespace dpnp
