#pragma once
/// @file
/// CPU loops over the elements of a local slab, optionally with the element's counter-based normal.
/// These are the CPU twins of the CUDA loops in slab_loop.cuh: a rule (a small struct with a
/// DPNP_HD `operator()`) is written once and run by either.

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>

#include "dpnp/core/noise.hpp"

namespace dpnp {

/// Calls `rule(i, xi)` for every local element i of a slab described by `coords`, where xi is the
/// standard normal of that element's *global* index in stream `key`. Runs on torch's intra-op threads.
template <class Rule>
void cpu_for_each_with_noise(const noise::SlabCoords& coords, const noise::Key& key, const Rule& rule) {
  const std::int64_t plane_size = coords.local_rows * coords.cols;
  if (plane_size == 0 || coords.planes == 0) return;
  constexpr std::int64_t kChunk = 4096;  // a multiple of 4 keeps most chunks block-aligned
  const std::int64_t chunks_per_plane = (plane_size + kChunk - 1) / kChunk;
  at::parallel_for(0, coords.planes * chunks_per_plane, 1, [&](std::int64_t begin, std::int64_t end) {
    float normals[4];
    for (std::int64_t job = begin; job < end; ++job) {
      const std::int64_t plane = job / chunks_per_plane;
      const std::int64_t first = (job % chunks_per_plane) * kChunk;
      const std::int64_t last = std::min(first + kChunk, plane_size);
      const std::uint64_t global_first =
          static_cast<std::uint64_t>((plane * coords.global_rows + coords.row0) * coords.cols + first);
      std::uint64_t block = global_first >> 2;
      int word = static_cast<int>(global_first & 3);
      noise::normals_of_block(noise::philox_block(key, block), normals);
      std::int64_t local = plane * plane_size + first;
      for (std::int64_t i = first; i < last; ++i, ++local) {
        rule(local, normals[word]);
        if (++word == 4 && i + 1 < last) {
          word = 0;
          noise::normals_of_block(noise::philox_block(key, ++block), normals);
        }
      }
    }
  });
}

/// Calls `rule(i)` for every i in [0, n) on torch's intra-op threads.
template <class Rule>
void cpu_for_each(std::int64_t n, const Rule& rule) {
  at::parallel_for(0, n, 16384, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) rule(i);
  });
}

}  // namespace dpnp
