#pragma once
/// @file
/// PnP-ULA (kernel K1) on a Gaussian likelihood, with no auxiliary variable (algorithm.md, Task 1 PnP):
///   x <- x + sqrt(2 delta) xi - delta [grad f(x) + (alpha/eps)(x - D(x)) + (1/lambda)(x - Pi_C(x))],
/// all terms at the old x, C = [-1, 2], with the step sizes of Laumont et al. as used in the papers:
///   lambda = 0.99 / (2 alpha L / eps + 4 L_y),   delta = 0.99 / (3 (alpha L / eps + L_y + 1 / lambda)).

#include <memory>

#include "dpnp/likelihood/gaussian.hpp"
#include "dpnp/priors/pnp_prior.hpp"
#include "dpnp/sampler/kernels.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct PnpUlaOptions {
  std::uint64_t seed = 42;
  std::uint32_t chain = 0;  ///< run.chains: the chain's index in its noise streams
  double step_scale = 1.0;  ///< sampler.step_scale: multiplies delta
  double box_low = -1.0, box_high = 2.0;  ///< the convex set C of the soft projection term
};

/// lambda and delta of the papers from L_y and the prior's alpha L / eps.
PnpUlaParams pnp_ula_step_sizes(double likelihood_lipschitz, double prior_drift_lipschitz, double prior_weight,
                                const PnpUlaOptions& options);

class PnpUlaModel final : public TaskModel {
 public:
  PnpUlaModel(std::shared_ptr<const GaussianLikelihood> likelihood, std::shared_ptr<const PnpPrior> prior,
              at::Tensor x_init, PnpUlaOptions options);

  std::string name() const override { return "pnp-ula/" + prior_->denoiser().name(); }
  std::vector<std::string> variable_names() const override { return {"x"}; }
  void initialize(ChainState& state) override;
  void on_state_loaded(const ChainState&) override {}
  void sweep(ChainState& state, std::uint64_t t) override;
  /// The data-fidelity term only: the PnP prior has no explicit potential (as in the authors' code).
  at::Tensor local_potential(const ChainState& state) const override;
  /// The prior part: alpha ||x - D(x)||^2 / (2 eps) at the x that entered the last sweep (the sample
  /// of the iteration before), from that sweep's denoiser call: no second call.
  PotentialParts local_potential_parts(const ChainState& state) const override {
    return {local_potential(state), prior_term_};
  }
  std::vector<std::pair<std::string, double>> parameters() const override;
  const PnpUlaParams& step() const { return params_; }

 private:
  std::shared_ptr<const GaussianLikelihood> likelihood_;
  std::shared_ptr<const PnpPrior> prior_;
  at::Tensor x_init_;
  PnpUlaOptions options_;
  PnpUlaParams params_;
  at::Tensor prior_term_;
};

}  // namespace dpnp
