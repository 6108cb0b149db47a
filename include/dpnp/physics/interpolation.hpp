#pragma once
/// @file
/// Distributed inpainting initialisation: harmonic (membrane) interpolation of the observed pixels.
/// The missing pixels solve min ||D x||^2 with the observed ones held fixed, i.e. a discrete Laplace
/// equation, by conjugate gradients with the TV gradient's halo exchange and global dot products.
/// Every rank holds only its slab; the result does not depend on the number of ranks (up to the
/// summation order of the dot products). Clipped to [0, 1] like the papers' cubic interpolation.

#include <ATen/ATen.h>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

struct InterpolationReport {
  int iterations = 0;
  double relative_residual = 0.0;
};

/// `observation` [C, rows, cols], `mask` [1, rows, cols] (1 = observed). Missing pixels start at the
/// mean of the observed ones.
at::Tensor harmonic_interpolation(const SlabDomain& domain, const at::Tensor& observation, const at::Tensor& mask,
                                  int max_iterations = 500, double tolerance = 1e-4,
                                  InterpolationReport* report = nullptr);

}  // namespace dpnp
