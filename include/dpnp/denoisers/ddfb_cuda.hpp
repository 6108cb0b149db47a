#pragma once
/// @file
/// Fused CUDA kernels for DDFB (no LibTorch here: raw pointers, NCHW, four pixels per thread).
///
/// A DDFB layer is two stencil passes over the F-channel dual variable u:
///   primal = clip_[0,1](x - D^T u)             (reads u once, writes C channels)
///   u      = clip_[-nu,nu](u + tau D primal)   (reads and writes u once)
/// against ~7 passes through cuDNN and ATen (conv output written and re-read, add, clamp).
/// The layer's weights (F x C x 3 x 3, 6.9 kB for 64 x 3) travel as a kernel parameter, so they sit
/// in the constant bank and every multiply-add takes its weight as an operand without a load.
/// Rows outside the slab come from 1-row ghost tensors filled by the halo exchange (zeros at the
/// image's edges), so the kernels serve any decomposition. u is stored as float or bfloat16;
/// arithmetic is float32 either way.

#include <cstdint>

namespace dpnp::cuda {

enum class Storage { kFloat32, kBFloat16 };

struct DdfbShape {
  std::int64_t batch = 1, channels = 3, features = 64, rows = 0, cols = 0;
};

/// primal = clip_[0,1](x - D^T u); also the network's output when D = D0.
/// u: [N, F, rows, cols] (storage), u_top/u_bottom: [N, F, 1, cols]; x, primal: float [N, C, rows, cols].
/// `weight`: the F x C x 3 x 3 kernel in host memory.
void ddfb_primal(const DdfbShape& shape, Storage storage, const void* u, const void* u_top, const void* u_bottom,
                 const float* x, const float* weight, float* primal, void* stream);

/// u = clip_[-nu,nu](u + tau D p) when `accumulate`, else u = D p (the first layer, D0 x).
/// p: float [N, C, rows, cols], p_top/p_bottom: [N, C, 1, cols]; u: [N, F, rows, cols] (storage).
/// `weight`: the F x C x 3 x 3 kernel in host memory.
void ddfb_dual(const DdfbShape& shape, Storage storage, const float* p, const float* p_top, const float* p_bottom,
               const float* weight, float tau, float nu, bool accumulate, void* u, void* stream);

/// Whether the kernels handle this many image channels and features (1 or 3 channels, 64 features).
bool ddfb_fused_supports(std::int64_t channels, std::int64_t features);

}  // namespace dpnp::cuda
