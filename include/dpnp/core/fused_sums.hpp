#pragma once
/// @file
/// Sums behind the potential's trace, taken in one pass over float32 slabs with float64 accumulators
/// held in registers: no float64 copy of a slab is ever made (issue 12: those copies, `pow` and
/// `sqrt` passes made the statistics phase 5x its memory floor). Each returns a 0-dim float64 tensor
/// on the inputs' device, so a GPU chain is not synchronised per iteration; tensors that are not
/// contiguous float32 on the CPU take the equivalent ATen expression.

#include <ATen/ATen.h>

namespace dpnp {

/// sum(a)
at::Tensor sum_of(const at::Tensor& a);
/// sum(|a|)
at::Tensor sum_of_abs(const at::Tensor& a);
/// sum((a - b)^2); b may be undefined (then sum(a^2)).
at::Tensor sum_of_squared_differences(const at::Tensor& a, const at::Tensor& b);
/// sum(sqrt(a^2 + b^2)): the isotropic TV norm of a gradient field (a, b); each norm in float32
/// (relative error below 1.2e-7), the sum in float64.
at::Tensor sum_of_norms(const at::Tensor& a, const at::Tensor& b);

}  // namespace dpnp
