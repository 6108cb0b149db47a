#pragma once
/// @file
/// DDFB's forward pass on the CPU as two fused stencil passes per layer, the CPU twin of the CUDA
/// kernels (ddfb_cuda.hpp):
///   primal = clip_[0,1](x - D^T u)             (reads u once)
///   u      = clip_[-nu,nu](u + tau D primal)   (reads and writes u once)
/// The F-channel dual variable u is kept pixel-major, [N, rows, cols * F], so that the F products of
/// one input value are one contiguous vector operation and its rows are still dimension -2 for the
/// one halo exchange. Each output pixel is computed by the same sequence of operations whatever the
/// decomposition, so B ranks give bit-identical results to one.

#include <ATen/ATen.h>

#include <string>

#include "dpnp/denoisers/networks.hpp"

namespace dpnp {

/// Whether the CPU kernels take this input: float32 on the CPU, 3 channels, 64 features, and a CPU
/// with AVX-512F or AVX2 + FMA (otherwise the convolution path runs).
bool ddfb_cpu_fused_available(const at::Tensor& x, const DdfbNetwork& net);

/// The instruction set of the CPU kernels this process uses: "avx512", "avx2", or "none" (the
/// convolution path). DPNP_DDFB_ISA=avx512|avx2|none chooses it (tests and benchmarks compare the paths).
std::string ddfb_cpu_kernel_isa();

/// The same function as DdfbNetwork::forward for float32 CPU x [N, C, rows, W]. `kernels`: the
/// network's float32 [F, C, 3, 3] kernels on the CPU. Collective when `halo` is set.
at::Tensor ddfb_forward_cpu_fused(const DdfbNetwork& net, const std::vector<at::Tensor>& kernels, const at::Tensor& x,
                                  double nu, const HaloExchange* halo);

}  // namespace dpnp
