#pragma once
/// @file
/// Distributed deblurring initialisation: a regularised least-squares estimate. A chain started at
/// x = 0 spends thousands of iterations climbing to the posterior's bulk (the TV-deblurring audit of
/// issue 15: SNR 2.5 -> 21.6 dB over 3000 iterations, still rising); this start is already there.
/// x solves (A^T A + lambda D^T D) x = A^T y by conjugate gradients with the operators' own halo
/// exchanges and global dot products, then is clipped to [0, 1]. The result does not depend on the
/// number of ranks beyond the summation order of the dot products and the FFT's rounding.

#include <ATen/ATen.h>

#include "dpnp/physics/interpolation.hpp"
#include "dpnp/physics/linear_operator.hpp"

namespace dpnp {

/// `y` is this rank's slab of the data on the image's scale; `start` the first iterate (image
/// geometry, e.g. the observation cropped to the image).
at::Tensor regularised_least_squares(const LinearOperator& op, const at::Tensor& y, const at::Tensor& start,
                                     double lambda, int max_iterations = 100, double tolerance = 1e-3,
                                     InterpolationReport* report = nullptr);

}  // namespace dpnp
