#pragma once
/// @file
/// Convolutions of a row slab that equal the convolution of the whole image restricted to the slab:
/// the rows beyond the slab come from the neighbours through the one halo exchange (one exchange per
/// layer, as in the papers). With no halo (whole images: training, single-rank references) they are
/// plain zero-padded convolutions.

#include <ATen/ATen.h>

#include "dpnp/dist/halo_exchange.hpp"

namespace dpnp {

/// conv2d(x, weight, bias) with stride 1 and zero padding (k-1)/2 on both axes, k odd.
/// x: [N, Cin, rows, W]; weight: [Cout, Cin, k, k]. Collective when `halo` is set.
/// The slab is convolved with its own zero padding while the ghost rows travel; then only the
/// first and last (k-1)/2 output rows are recomputed from strips that include the ghosts, so no
/// padded copy of a (possibly 64-channel) activation is ever made.
at::Tensor halo_conv2d(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, const HaloExchange* halo);

/// The adjoint of `halo_conv2d(., weight, {})`, i.e. conv_transpose2d(u, weight, padding (k-1)/2),
/// computed as a convolution with the kernel flipped and its channels swapped: oneDNN runs that
/// form about 8x faster than conv_transpose2d on the CPU (build-notes §8).
at::Tensor halo_conv2d_adjoint(const at::Tensor& u, const at::Tensor& weight, const HaloExchange* halo);

/// The kernel that turns conv2d into the adjoint of conv2d(., weight): swap in/out channels, flip.
at::Tensor adjoint_kernel(const at::Tensor& weight);

}  // namespace dpnp
