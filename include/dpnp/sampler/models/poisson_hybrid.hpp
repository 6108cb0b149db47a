#pragma once
/// @file
/// Poisson deconvolution by the papers' "hybrid" AXDA split (algorithm.md, Task 3):
///   pi(x, z1, z2) ∝ exp(-sum(z1 - y log z1) - ||z1 - beta H x||^2/(2 rho1) - ||x - z2||^2/(2 rho2) - i_{>=0}(x)) p(z2)
/// with a PnP prior on z2, or with a split prior g(K x) (TV: K = D): -||K x - z2||^2/(2 rho2) - g(z2).
/// Sweep: x (PSGLA, prox max(., 0)), recompute H x, z1 (PSGLA, closed-form KL prox), z2 (PnP-ULA, or
/// PSGLA with the prox of g, SplitBlock). Steps:
///   gamma_x = 0.99 / (beta^2 ||H||^2 / rho1 + c / rho2), c = 1 (PnP) or ||K||^2 (TV: 8, see design.md);
///   gamma_z1 = 0.99 rho1;  z2 (TV): gamma = 0.99 rho2;  z2 (PnP): K1 with L_y = 1/rho2, the true
///   Lipschitz constant of (z2 - x)/rho2 (the authors' code uses 0.99 rho2, which looks like a slip).
/// All variables start at 0 and the MMSE is that of x.

#include <memory>

#include <optional>

#include "dpnp/likelihood/poisson.hpp"
#include "dpnp/priors/pnp_prior.hpp"
#include "dpnp/sampler/kernels.hpp"
#include "dpnp/sampler/models/split_block.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct PoissonHybridOptions {
  double rho2 = 1e-3;
  std::uint64_t seed = 42;
  std::uint32_t chain = 0;  ///< run.chains: the chain's index in its noise streams
  double step_scale = 1.0;  ///< sampler.step_scale: multiplies every step (x, z1, z2)
  /// The authors' steps: the x-step without ||K||^2 in the coupling term, and the z2 step of PnP-ULA
  /// with L_y = 0.99 rho2 instead of 1/rho2 (docs/design.md).
  bool authors_steps = false;
  at::Tensor x_init;  ///< initial x; undefined: zeros
};

class PoissonHybridModel final : public TaskModel {
 public:
  /// PnP prior on z2.
  PoissonHybridModel(std::shared_ptr<const PoissonSplit> split, std::shared_ptr<const PnpPrior> prior,
                     PoissonHybridOptions options);
  /// A split prior g on z2 ~ K x (TV: K = D).
  PoissonHybridModel(std::shared_ptr<const PoissonSplit> split, std::shared_ptr<const LinearOperator> split_operator,
                     std::shared_ptr<const AuxiliaryPrior> prior, PoissonHybridOptions options);

  std::string name() const override;
  std::vector<std::string> variable_names() const override { return {"x", "z1", "z2"}; }
  void initialize(ChainState& state) override;
  void on_state_loaded(const ChainState& state) override;
  void sweep(ChainState& state, std::uint64_t t) override;
  at::Tensor local_potential(const ChainState& state) const override;
  /// The prior part: for a split prior g(z2) at the current z2; for a PnP prior
  /// alpha ||z2 - D(z2)||^2 / (2 eps) at the z2 that entered the last sweep, from its denoiser call.
  PotentialParts local_potential_parts(const ChainState& state) const override;
  std::vector<std::pair<std::string, double>> parameters() const override;
  std::map<std::string, SlabLayout> variable_layouts() const override {
    return {{"z1", split_->op().range().layout()}};
  }
  double gamma_x() const { return gamma_x_; }
  /// PnP-ULA's steps on z2 (PnP priors only).
  const PnpUlaParams& z2_step() const { return z2_step_; }

 private:
  void set_steps();
  void update_derived(const at::Tensor& x);

  std::shared_ptr<const PoissonSplit> split_;
  std::shared_ptr<const PnpPrior> pnp_;
  std::optional<SplitBlock> prior_split_;  // the split prior's block, z2 ~ K x
  PoissonHybridOptions options_;
  double gamma_x_ = 0, gamma_z1_ = 0;
  PnpUlaParams z2_step_;
  at::Tensor hx_;  // H x of the current x: derived
  at::Tensor kx_;  // K x of the current x (split priors): derived
  at::Tensor pnp_prior_term_;  // of the last sweep's denoiser call (PnP priors)
};

}  // namespace dpnp
