#pragma once
/// @file
/// PNG previews of distributed images. Each rank box-averages its rows into a small preview grid and
/// the grids are summed on rank 0, which writes the PNG: no rank holds the full-resolution image.

#include <ATen/ATen.h>

#include <string>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

/// The box-downscaling factor that brings max(height, width) to at most `max_side`.
std::int64_t preview_factor(std::int64_t height, std::int64_t width, std::int64_t max_side);

/// Writes the [C, rows, W] slabs as one PNG (C = 1 grey or 3 colour), mapping [low, high] to 0..255.
/// Collective; rank 0 writes. Throws InputError when the file cannot be written.
void write_preview_png(const SlabDomain& domain, const at::Tensor& slab, const std::string& path,
                       std::int64_t max_side, double low, double high);

}  // namespace dpnp
