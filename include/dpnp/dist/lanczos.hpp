#pragma once
/// @file
/// The largest eigenvalue of a symmetric positive semi-definite operator on distributed slabs, by the
/// Lanczos iteration (global dot products; the operator does its own halo exchanges). Collective.
///
/// It is the power method's Krylov space used optimally: for the convolution norms of the denoisers,
/// whose spectra are dense near the top, the plain power method needs ~1000 iterations for 5e-4
/// relative accuracy on a 180x180 image, Lanczos ~40. No reorthogonalisation is done: only the
/// extreme Ritz value is used, which loss of orthogonality does not spoil.

#include <ATen/ATen.h>

#include <functional>

#include "dpnp/dist/comm.hpp"

namespace dpnp {

struct LanczosResult {
  double eigenvalue = 0.0;
  int iterations = 0;
};

/// `start`: any non-zero vector (its slab on each rank). Stops when the largest Ritz value changes by
/// less than `tolerance` (relative) for three iterations in a row, or after `max_iterations`.
/// `comm` null: the vector is not distributed.
LanczosResult largest_eigenvalue(const Comm* comm, const std::function<at::Tensor(const at::Tensor&)>& apply,
                                 const at::Tensor& start, double tolerance, int max_iterations);

}  // namespace dpnp
