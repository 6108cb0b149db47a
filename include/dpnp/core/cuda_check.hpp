#pragma once
/// @file
/// Error check for CUDA runtime calls (used from .cu files and CUDA-only .cpp code).

#include <cuda_runtime.h>

#include <string>

#include "dpnp/core/error.hpp"

namespace dpnp::detail {
inline void check_cuda(cudaError_t code, const char* call, const char* file, int line) {
  if (code == cudaSuccess) return;
  throw Error(std::string("CUDA call failed at ") + file + ":" + std::to_string(line) + ": " + call + ": " +
              cudaGetErrorString(code));
}
}  // namespace dpnp::detail

#define DPNP_CUDA(call) ::dpnp::detail::check_cuda((call), #call, __FILE__, __LINE__)
