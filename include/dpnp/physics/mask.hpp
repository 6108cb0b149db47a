#pragma once
/// @file
/// Inpainting operator M: one spatial 0/1 mask shared by every channel. M = M^T, ||M||^2 = 1.

#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

class Mask final : public LinearOperator {
 public:
  /// `mask` is this rank's [1, rows, cols] slab of 0/1 values (any float dtype, converted to float32).
  Mask(SlabDomain domain, at::Tensor mask);

  at::Tensor apply(const at::Tensor& x) const override { return x * mask_; }
  at::Tensor adjoint(const at::Tensor& y) const override { return y * mask_; }
  double squared_norm() const override { return 1.0; }
  const SlabDomain& domain() const override { return domain_; }
  const SlabDomain& range() const override { return domain_; }
  std::string name() const override { return "mask"; }
  at::Tensor data_as_image(const at::Tensor& y) const override { return y; }

  const at::Tensor& values() const { return mask_; }
  /// Fraction of observed pixels over the whole image (collective).
  double observed_fraction() const;

 private:
  SlabDomain domain_;
  at::Tensor mask_;
};

/// The mask of the papers: pixel observed when uniform(seed, global pixel) < 1 - missing_fraction.
/// The same pixels are missing for every rank count. Returns the local [1, rows, cols] slab.
at::Tensor random_mask(const SlabDomain& domain, double missing_fraction, std::uint64_t seed,
                       const at::TensorOptions& options = at::kFloat);

}  // namespace dpnp
