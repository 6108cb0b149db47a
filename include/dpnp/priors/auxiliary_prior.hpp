#pragma once
/// @file
/// A prior g on the AXDA auxiliary variable z (z ~ D x), used through its proximal operator by the
/// PSGLA step z <- prox_{gamma g}(z - gamma grad + sqrt(2 gamma) xi).

#include <ATen/ATen.h>

#include <string>

namespace dpnp {

class AuxiliaryPrior {
 public:
  virtual ~AuxiliaryPrior() = default;
  /// z <- prox_{gamma g}(z), in place, elementwise or per pixel (local: no communication).
  virtual void prox_(at::Tensor& z, double gamma) const = 0;
  /// g(z) summed over the local slab, as a 0-dim float64 tensor on z's device (no host sync).
  virtual at::Tensor local_value(const at::Tensor& z) const = 0;
  virtual std::string name() const = 0;
};

/// Isotropic TV on z = D x: g(z) = mu * sum_{pixel, channel} sqrt(z_v^2 + z_h^2) (the 2,1 norm grouping the
/// two directions); prox = group soft-threshold at gamma * mu. z is [2, C, rows, cols].
class GroupL21 final : public AuxiliaryPrior {
 public:
  explicit GroupL21(double mu) : mu_(mu) {}
  void prox_(at::Tensor& z, double gamma) const override;
  at::Tensor local_value(const at::Tensor& z) const override;
  std::string name() const override { return "tv"; }
  double mu() const { return mu_; }

 private:
  double mu_;
};

/// g(z) = (mu / 2) ||z||^2: a Gaussian smoothness prior whose posterior is known in closed form
/// (the statistical tests use it in place of TV). prox = z / (1 + gamma * mu).
class SquaredL2 final : public AuxiliaryPrior {
 public:
  explicit SquaredL2(double mu) : mu_(mu) {}
  void prox_(at::Tensor& z, double gamma) const override { z.div_(1.0 + gamma * mu_); }
  at::Tensor local_value(const at::Tensor& z) const override;
  std::string name() const override { return "quadratic"; }
  double mu() const { return mu_; }

 private:
  double mu_;
};

}  // namespace dpnp
