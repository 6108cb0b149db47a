#pragma once
/// @file
/// The Plug-and-Play prior of PnP-ULA: a denoiser D used at level sqrt(eps), weighted by alpha, with
/// L the Lipschitz constant of D - I (the step sizes depend on alpha L / eps).

#include <memory>

#include "dpnp/denoisers/denoiser.hpp"

namespace dpnp {

struct PnpPriorOptions {
  double epsilon = 0.0;    ///< denoiser variance eps = sigma_d^2
  double alpha = 1.0;      ///< regularisation weight
  double lipschitz = 1.0;  ///< L of D - I (a config value of 0 means 1, as in the authors' code)
};

class PnpPrior {
 public:
  PnpPrior(std::shared_ptr<Denoiser> denoiser, PnpPriorOptions options);
  /// D_{sqrt(eps)}(x) on this rank's slab. Collective.
  at::Tensor denoise(const at::Tensor& x) const;
  /// The prior's weight in the drift, alpha / eps.
  double weight() const { return options_.alpha / options_.epsilon; }
  /// alpha L / eps: the Lipschitz constant of the prior's drift (the papers' step sizes use it).
  double drift_lipschitz() const { return options_.alpha * options_.lipschitz / options_.epsilon; }
  const PnpPriorOptions& options() const { return options_; }
  Denoiser& denoiser() const { return *denoiser_; }

 private:
  std::shared_ptr<Denoiser> denoiser_;
  PnpPriorOptions options_;
};

}  // namespace dpnp
