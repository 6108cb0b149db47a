#pragma once
/// @file
/// DDFB's forward pass on CUDA tensors through the fused kernels of ddfb_cuda.hpp, with the same halo
/// exchange as every other layer: 2K exchanges, one per stencil pass.

#include <ATen/ATen.h>

#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

/// Whether the fused path can run here: a CUDA build, a CUDA tensor, a shape the kernels support.
bool ddfb_fused_available(const at::Tensor& x, const DdfbNetwork& net);

/// The same function as DdfbNetwork::forward (float32 x [N, C, rows, W] on a GPU), with the dual
/// variable stored as `dual_dtype` (float32 or bfloat16). `host_kernels`: the network's kernels as
/// float32 CPU tensors (they become kernel parameters; keeping them on the host avoids a copy back per
/// call, which a CUDA graph could not contain). Collective when `halo` is set.
at::Tensor ddfb_forward_fused(const DdfbNetwork& net, const std::vector<at::Tensor>& host_kernels, const at::Tensor& x,
                              double nu, const HaloExchange* halo, at::ScalarType dual_dtype);

}  // namespace dpnp
