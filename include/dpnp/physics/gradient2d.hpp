#pragma once
/// @file
/// Discrete gradient D of the TV prior: forward differences along rows and columns, zero at the last
/// row and column. x [C, rows, cols] -> z [2, C, rows, cols] with z[0] vertical, z[1] horizontal.
/// D needs the first row of the next slab; D^T needs the last row of the previous one: both through
/// the halo exchange, overlapped with the horizontal half. ||D||^2 <= 8.

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

class Gradient2D final : public LinearOperator {
 public:
  explicit Gradient2D(SlabDomain domain) : domain_(std::move(domain)) {}
  /// One ghost row from each neighbour.
  static SlabNeeds needs() { return SlabNeeds::halo(1, "the image gradient"); }

  at::Tensor apply(const at::Tensor& x) const override;
  at::Tensor adjoint(const at::Tensor& z) const override;
  double squared_norm() const override { return 8.0; }
  const SlabDomain& domain() const override { return domain_; }
  const SlabDomain& range() const override { return domain_; }
  std::string name() const override { return "gradient"; }

 private:
  SlabDomain domain_;
};

}  // namespace dpnp
