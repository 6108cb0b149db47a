#pragma once
/// @file
/// TIFF images through libtiff: 8/16/32-bit unsigned or signed integers and 32/64-bit floats
/// (SampleFormat), grey (1 sample) or RGB (3 samples, further samples such as alpha are dropped),
/// interleaved or planar, stripped or tiled, any compression libtiff decodes. A multi-page file is a
/// stack whose pages are the channels (1 or 3 grey pages of one size and type); reduced-resolution
/// pages (thumbnails, pyramid levels) are skipped.
///
/// Each rank decodes only the strips (or tiles) that cover its rows.

#include <ATen/ATen.h>

#include <cstdint>

#include "dpnp/io/image.hpp"

namespace dpnp {

/// Channels, rows and columns (no crop, no grey conversion). InputError naming the file when it is
/// not a TIFF, or its sample type, page count or page sizes are not ones dpnp reads.
ImageShape probe_tiff(const ImageSource& source);

/// Rows [row0, row0 + rows) and columns [col0, col0 + width) as float32 [C, rows, width], values as stored.
at::Tensor read_tiff_rows(const ImageSource& source, std::int64_t row0, std::int64_t rows, std::int64_t col0,
                          std::int64_t width);

}  // namespace dpnp
