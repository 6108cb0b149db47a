#pragma once
/// @file
/// The Poisson data term y ~ P(beta H x) in the hybrid AXDA split of the papers (algorithm.md, Task 3):
/// an auxiliary z1 ~ beta H x in data space carries the Poisson log-likelihood,
///     sum(z1 - y log z1) + ||z1 - beta H x||^2 / (2 rho1),
/// so that x only sees a quadratic coupling and z1 a separable term with a closed-form prox.

#include <ATen/ATen.h>

#include <memory>

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

class PoissonSplit {
 public:
  /// `counts`: this rank's slab of y (data space of `op`); `beta`: the photon budget (peak);
  /// `rho1`: the coupling of z1 to beta H x.
  PoissonSplit(std::shared_ptr<const LinearOperator> op, at::Tensor counts, double beta, double rho1);

  /// grad_x ||z1 - beta H x||^2 / (2 rho1) = beta H^T (beta H x - z1) / rho1, given hx = H x.
  at::Tensor x_gradient(const at::Tensor& hx, const at::Tensor& z1) const;
  /// Lipschitz constant of that gradient: beta^2 ||H||^2 / rho1.
  double x_lipschitz() const;
  /// grad_z1 of the coupling: (z1 - beta H x) / rho1.
  at::Tensor z1_gradient(const at::Tensor& z1, const at::Tensor& hx) const;
  /// v <- prox_{gamma (z - y log z)}(v) = (v - gamma + sqrt((v - gamma)^2 + 4 gamma y)) / 2, in place
  /// (evaluated without cancellation).
  void kl_prox_(at::Tensor& v, double gamma) const;
  /// sum(z1 - y log z1) + ||z1 - beta H x||^2 / (2 rho1) over the local slab (0-dim float64).
  at::Tensor local_value(const at::Tensor& z1, const at::Tensor& hx) const;

  const LinearOperator& op() const { return *op_; }
  const at::Tensor& counts() const { return counts_; }
  double beta() const { return beta_; }
  double rho1() const { return rho1_; }

 private:
  std::shared_ptr<const LinearOperator> op_;
  at::Tensor counts_;
  double beta_, rho1_;
};

}  // namespace dpnp
