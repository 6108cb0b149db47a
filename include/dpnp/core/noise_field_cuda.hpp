#pragma once
/// @file
/// CUDA entry points behind fill_normal / fill_uniform (raw pointers: no LibTorch in .cu files).

#include "dpnp/core/noise.hpp"

namespace dpnp::cuda {
void fill_normal(float* out, const noise::Key& key, const noise::SlabCoords& coords, void* stream);
void fill_uniform(float* out, const noise::Key& key, const noise::SlabCoords& coords, void* stream);
}  // namespace dpnp::cuda
