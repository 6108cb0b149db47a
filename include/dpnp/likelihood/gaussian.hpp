#pragma once
/// @file
/// Gaussian data term f(x) = ||A x - y||^2 / (2 sigma^2), its gradient and Lipschitz constant.

#include <ATen/ATen.h>

#include <memory>

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

class GaussianLikelihood {
 public:
  GaussianLikelihood(std::shared_ptr<const LinearOperator> op, at::Tensor observation, double sigma);

  /// grad f(x) = A^T (A x - y) / sigma^2. Collective when A exchanges halos.
  at::Tensor gradient(const at::Tensor& x) const;
  /// f(x) over the local data slab, as a 0-dim float64 tensor on x's device (no host sync).
  at::Tensor local_value(const at::Tensor& x) const;
  /// L_y = ||A||^2 / sigma^2.
  double lipschitz() const { return op_->squared_norm() / (sigma_ * sigma_); }

  double sigma() const { return sigma_; }
  const LinearOperator& op() const { return *op_; }
  const at::Tensor& observation() const { return y_; }

 private:
  std::shared_ptr<const LinearOperator> op_;
  at::Tensor y_;
  double sigma_;
};

}  // namespace dpnp
