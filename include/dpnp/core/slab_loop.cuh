#pragma once
/// @file
/// CUDA twins of slab_loop.hpp. Only included from .cu files (no LibTorch here).

#include <cuda_runtime.h>

#include <cstdint>

#include "dpnp/core/cuda_check.hpp"
#include "dpnp/core/noise.hpp"

namespace dpnp::cuda {

/// One thread per Philox block: 4 consecutive global indices of one plane share one block.
template <class Rule>
__global__ void for_each_with_noise_kernel(noise::SlabCoords coords, noise::Key key,
                                           std::int64_t blocks_per_plane, Rule rule) {
  const std::int64_t plane_size = coords.local_rows * coords.cols;
  const std::int64_t total = coords.planes * blocks_per_plane;
  for (std::int64_t job = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x; job < total;
       job += static_cast<std::int64_t>(gridDim.x) * blockDim.x) {
    const std::int64_t plane = job / blocks_per_plane;
    const std::uint64_t plane_global_first =
        static_cast<std::uint64_t>((plane * coords.global_rows + coords.row0) * coords.cols);
    const std::uint64_t block = (plane_global_first >> 2) + static_cast<std::uint64_t>(job % blocks_per_plane);
    float normals[4];
    noise::normals_of_block(noise::philox_block(key, block), normals);
#pragma unroll
    for (int word = 0; word < 4; ++word) {
      const std::uint64_t global = block * 4 + word;
      if (global < plane_global_first || global >= plane_global_first + plane_size) continue;
      rule(plane * plane_size + static_cast<std::int64_t>(global - plane_global_first), normals[word]);
    }
  }
}

template <class Rule>
__global__ void for_each_kernel(std::int64_t n, Rule rule) {
  for (std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::int64_t>(gridDim.x) * blockDim.x)
    rule(i);
}

inline unsigned grid_for(std::int64_t work, int threads) {
  const std::int64_t blocks = (work + threads - 1) / threads;
  return static_cast<unsigned>(blocks < 65535 * 16 ? (blocks > 0 ? blocks : 1) : 65535 * 16);
}

template <class Rule>
void launch_with_noise(const noise::SlabCoords& coords, const noise::Key& key, const Rule& rule,
                       cudaStream_t stream) {
  const std::int64_t plane_size = coords.local_rows * coords.cols;
  if (plane_size == 0 || coords.planes == 0) return;
  // A plane's first element may sit mid-block, so it can touch one block more than size/4.
  const std::int64_t blocks_per_plane = plane_size / 4 + 2;
  constexpr int kThreads = 256;
  for_each_with_noise_kernel<<<grid_for(coords.planes * blocks_per_plane, kThreads), kThreads, 0, stream>>>(
      coords, key, blocks_per_plane, rule);
  DPNP_CUDA(cudaGetLastError());
}

template <class Rule>
void launch(std::int64_t n, const Rule& rule, cudaStream_t stream) {
  if (n == 0) return;
  constexpr int kThreads = 256;
  for_each_kernel<<<grid_for(n, kThreads), kThreads, 0, stream>>>(n, rule);
  DPNP_CUDA(cudaGetLastError());
}

}  // namespace dpnp::cuda
