// Anisotropic total variation: g(z) = mu * sum |z| over both directions, pixels and channels, on
// z ≈ D x. Its prox is the soft threshold of each component, so edges aligned with the axes cost
// less than under the isotropic TV.
#include <fmt/format.h>

#include "dpnp/core/fused_sums.hpp"
#include "dpnp/priors/gradient_split_prior.hpp"

namespace dpnp {

namespace {

class L1Norm final : public AuxiliaryPrior {
 public:
  explicit L1Norm(double mu) : mu_(mu) {}
  void prox_(at::Tensor& z, double gamma) const override {
    const double threshold = gamma * mu_;
    z.copy_(at::sign(z) * at::clamp_min(z.abs() - threshold, 0.0));
  }
  at::Tensor local_value(const at::Tensor& z) const override { return sum_of_abs(z) * mu_; }
  std::string name() const override { return "tv_aniso"; }

 private:
  double mu_;
};

class AnisotropicTotalVariation final : public GradientSplitPrior {
 public:
  std::string name() const override { return "tv_aniso"; }
  std::string doc() const override { return "`tv_aniso` (anisotropic total variation mu ||D x||_1, AXDA split)"; }

 protected:
  std::shared_ptr<const AuxiliaryPrior> make_g(double mu) const override { return std::make_shared<L1Norm>(mu); }
};

}  // namespace

std::unique_ptr<PriorEntry> make_anisotropic_tv_prior() { return std::make_unique<AnisotropicTotalVariation>(); }

}  // namespace dpnp
