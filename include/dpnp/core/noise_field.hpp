#pragma once
/// @file
/// Bulk noise for a local slab: the same numbers on every rank count and on CPU and CUDA.

#include <ATen/ATen.h>

#include "dpnp/core/noise.hpp"

namespace dpnp {

/// Describes a contiguous local tensor [planes..., rows, cols] whose rows are rows
/// [row0, row0 + rows) of a variable with `global_rows` rows.
noise::SlabCoords slab_coords(const at::Tensor& local, std::int64_t global_rows, std::int64_t row0);

/// Fills `out` (float32, contiguous) with the standard normals of `key` at the slab's global indices.
void fill_normal(at::Tensor& out, const noise::Key& key, const noise::SlabCoords& coords);

/// Fills `out` (float32, contiguous) with uniforms in (0, 1] of `key` at the slab's global indices.
void fill_uniform(at::Tensor& out, const noise::Key& key, const noise::SlabCoords& coords);

}  // namespace dpnp
