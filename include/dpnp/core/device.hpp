#pragma once
/// @file
/// Device selection helpers: the same code runs on CPU and CUDA tensors; only the fused
/// elementwise kernels branch on the device, through these helpers.

#include <ATen/ATen.h>

#include <string>

namespace dpnp {

/// True when this binary contains the fused CUDA kernels.
bool cuda_compiled();
/// Number of visible CUDA devices (0 without a driver or GPU).
int cuda_device_count();
/// The current CUDA stream of `tensor`'s device as an opaque handle (nullptr for CPU tensors).
void* cuda_stream_of(const at::Tensor& tensor);
/// Blocks until the work queued on `tensor`'s device stream is done (no-op on CPU).
void synchronize(const at::Tensor& tensor);
/// Throws dpnp::NotCompiled naming `what` when a CUDA tensor reaches a CPU-only build.
void require_cuda_compiled(const char* what);

/// Checks that `tensor` is a contiguous float32 tensor (the layout the fused kernels expect).
void require_float_contiguous(const at::Tensor& tensor, const char* name);

}  // namespace dpnp
