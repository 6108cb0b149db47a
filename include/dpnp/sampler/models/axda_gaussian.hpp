#pragma once
/// @file
/// Gaussian likelihood with an AXDA-split prior on z ~ D x (algorithm.md, Tasks 1-2, TV):
///
///   pi(x, z) ∝ exp(-||A x - y||^2 / (2 sigma^2) - ||D x - z||^2 / (2 rho) - g(z) - i_{>=0}(x))
///
/// Sweep (split Gibbs, both blocks by PSGLA, kernel K2):
///   x <- max(0, x - gamma_x [A^T(Ax - y)/sigma^2 + D^T(Dx - z)/rho] + sqrt(2 gamma_x) xi_x)
///   z <- prox_{gamma_z g}(z - gamma_z (z - Dx)/rho + sqrt(2 gamma_z) xi_z)
/// with gamma_x = 0.99 / (L_y + ||D||^2 / rho) and gamma_z = 0.99 rho. The authors' code leaves
/// ||D||^2 = 8 out of gamma_x; dpnp keeps it, because without it the x step exceeds the stability
/// bound of the coupling term (docs/design.md, "Step sizes").

#include <memory>

#include "dpnp/likelihood/gaussian.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct AxdaGaussianOptions {
  double rho = 1e-3;                 ///< coupling parameter of the split
  bool nonnegative = true;           ///< the prox of the x step is max(., 0)
  bool include_gradient_norm = true; ///< ||D||^2 in gamma_x (false reproduces the authors' code)
  std::uint64_t seed = 42;           ///< chain seed
};

class AxdaGaussianModel final : public TaskModel {
 public:
  AxdaGaussianModel(std::shared_ptr<const GaussianLikelihood> likelihood, std::shared_ptr<const Gradient2D> gradient,
                    std::shared_ptr<const AuxiliaryPrior> prior, at::Tensor x_init, AxdaGaussianOptions options);

  std::string name() const override { return "axda-gaussian/" + prior_->name(); }
  std::vector<std::string> variable_names() const override { return {"x", "z"}; }
  void initialize(ChainState& state) override;
  void on_state_loaded(const ChainState& state) override;
  void sweep(ChainState& state, std::uint64_t t) override;
  at::Tensor local_potential(const ChainState& state) const override;
  std::vector<std::pair<std::string, double>> parameters() const override;

  double gamma_x() const { return gamma_x_; }
  double gamma_z() const { return gamma_z_; }

 private:
  std::shared_ptr<const GaussianLikelihood> likelihood_;
  std::shared_ptr<const Gradient2D> gradient_;
  std::shared_ptr<const AuxiliaryPrior> prior_;
  at::Tensor x_init_;
  AxdaGaussianOptions options_;
  double gamma_x_ = 0, gamma_z_ = 0;
  at::Tensor dx_;  // D x of the current x: derived, rebuilt from the state
};

}  // namespace dpnp
