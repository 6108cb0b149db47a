#pragma once
/// @file
/// Gaussian likelihood with an AXDA-split prior on z ~ K x (algorithm.md, Tasks 1-2, TV with K = D):
///
///   pi(x, z) ∝ exp(-||A x - y||^2 / (2 sigma^2) - ||K x - z||^2 / (2 rho) - g(z) - i_{>=0}(x))
///
/// Sweep (split Gibbs, both blocks by PSGLA, kernel K2):
///   x <- max(0, x - gamma_x [A^T(Ax - y)/sigma^2 + K^T(Kx - z)/rho] + sqrt(2 gamma_x) xi_x)
///   z <- prox_{gamma_z g}(z - gamma_z (z - Kx)/rho + sqrt(2 gamma_z) xi_z)   (SplitBlock)
/// with gamma_x = 0.99 / (L_y + ||K||^2 / rho) and gamma_z = 0.99 rho. The authors' code leaves
/// ||D||^2 = 8 out of gamma_x; dpnp keeps it, because without it the x step exceeds the stability
/// bound of the coupling term (docs/design.md, "Step sizes").

#include <memory>

#include "dpnp/likelihood/gaussian.hpp"
#include "dpnp/sampler/models/split_block.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct AxdaGaussianOptions {
  double rho = 1e-3;                 ///< coupling parameter of the split
  bool nonnegative = true;           ///< the prox of the x step is max(., 0)
  bool include_gradient_norm = true; ///< ||K||^2 in gamma_x (false reproduces the authors' code)
  std::uint64_t seed = 42;           ///< chain seed
  std::uint32_t chain = 0;           ///< run.chains: the chain's index in its noise streams
  double step_scale = 1.0;           ///< sampler.step_scale: multiplies gamma_x and gamma_z
};

class AxdaGaussianModel final : public TaskModel {
 public:
  /// `split_operator` is K (z lives on its range) and `prior` is g.
  AxdaGaussianModel(std::shared_ptr<const GaussianLikelihood> likelihood,
                    std::shared_ptr<const LinearOperator> split_operator, std::shared_ptr<const AuxiliaryPrior> prior,
                    at::Tensor x_init, AxdaGaussianOptions options);

  std::string name() const override { return "axda-gaussian/" + split_.prior().name(); }
  std::vector<std::string> variable_names() const override { return {"x", "z"}; }
  void initialize(ChainState& state) override;
  void on_state_loaded(const ChainState& state) override;
  void sweep(ChainState& state, std::uint64_t t) override;
  at::Tensor local_potential(const ChainState& state) const override;
  /// The prior part: g(z) at the current z (e.g. mu TV(z) with z ~ grad x).
  PotentialParts local_potential_parts(const ChainState& state) const override;
  std::vector<std::pair<std::string, double>> parameters() const override;

  double gamma_x() const { return gamma_x_; }
  double gamma_z() const { return split_.gamma(); }

 private:
  std::shared_ptr<const GaussianLikelihood> likelihood_;
  SplitBlock split_;
  at::Tensor x_init_;
  AxdaGaussianOptions options_;
  double gamma_x_ = 0;
  at::Tensor kx_;  // K x of the current x: derived, rebuilt from the state
};

}  // namespace dpnp
