#pragma once
/// @file
/// Distributed conjugate gradients for a symmetric positive (semi-)definite operator on slabs.
/// Dot products are global; the operator does its own halo exchanges. Collective.

#include <ATen/ATen.h>

#include <functional>

#include "dpnp/dist/comm.hpp"

namespace dpnp {

struct CgResult {
  int iterations = 0;
  double relative_residual = 0.0;
};

/// Solves A x = b starting from `x` (updated in place) until ||r|| <= tolerance * ||b|| or
/// `max_iterations`. Accumulates dot products in float64.
CgResult conjugate_gradient(const Comm& comm, const std::function<at::Tensor(const at::Tensor&)>& apply,
                            const at::Tensor& b, at::Tensor& x, int max_iterations, double tolerance);

}  // namespace dpnp
