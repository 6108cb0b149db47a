#pragma once
/// @file
/// Linear operators on row slabs. `apply` maps a local slab of the domain layout to a local slab of
/// the range layout; `adjoint` goes back. Both are collective (they may exchange halo rows).

#include <ATen/ATen.h>

#include <string>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

class LinearOperator {
 public:
  virtual ~LinearOperator() = default;
  virtual at::Tensor apply(const at::Tensor& x) const = 0;
  virtual at::Tensor adjoint(const at::Tensor& y) const = 0;
  /// An upper bound on ||A||^2, the largest eigenvalue of A^T A (exact where known).
  virtual double squared_norm() const = 0;
  virtual const SlabDomain& domain() const = 0;
  virtual const SlabDomain& range() const = 0;
  virtual std::string name() const = 0;
  /// Data y (a slab of range()) in the geometry of the image (a slab of domain(), one plane per
  /// channel): what metrics and previews compare with the truth. Collective where it needs ghost rows.
  virtual at::Tensor data_as_image(const at::Tensor& y) const;
};

}  // namespace dpnp
