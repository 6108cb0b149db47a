#pragma once
/// @file
/// The operator norm of a multichannel convolution from its kernel alone, without touching an image.

#include <ATen/ATen.h>

namespace dpnp {

struct SpectralBound {
  double squared_norm = 0;  ///< sup over frequencies of sigma_max(K(w))^2: >= ||D||^2 at every image size
  double gap = 0;           ///< relative change of the supremum in the last refinement round
  long evaluations = 0;     ///< frequencies at which the transfer matrix was evaluated
};

/// ||D||^2 bound for the zero-padded ("same") convolution D with `kernel` (out, in, kh, kw), valid on
/// an image of any size: sup over frequencies w of the largest eigenvalue of K(w)^H K(w), where
/// K(w) = sum_t kernel[:, :, t] exp(-i w.t) is the out x in transfer matrix. D is the restriction of
/// a circular convolution on a larger zero-padded grid, whose norm is the maximum of sigma_max(K)
/// over that grid's frequencies, hence at most the supremum; as the image grows the two meet. The
/// supremum is found by a grid fine enough for the kernel's degree, then by zooming in on the best
/// points to rounding. Costs milliseconds for DDFB's kernels, independent of the image size.
SpectralBound conv_squared_norm_bound(const at::Tensor& kernel, long max_evaluations = 2'000'000);

}  // namespace dpnp
