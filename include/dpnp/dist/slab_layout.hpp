#pragma once
/// @file
/// Row-slab decomposition of a global H x W grid over B ranks: rank b owns the contiguous rows
/// [row_begin(b), row_end(b)). The layout is data (offsets), apart from any tensor.

#include <cstdint>
#include <string>
#include <vector>

#include "dpnp/dist/slab_needs.hpp"

namespace dpnp {

class SlabLayout {
 public:
  SlabLayout() = default;

  /// Near-equal slabs of `height` rows over `ranks` ranks. With `multiple` > 1 every slab but the last
  /// starts on a multiple of `multiple` and has a height that is a multiple of it (DRUNet needs 8);
  /// the last slab takes what is left. Throws InputError naming `what` (e.g. "the image") when a slab
  /// would have fewer than `min_rows` rows.
  static SlabLayout balanced(std::int64_t height, std::int64_t width, int ranks, std::int64_t multiple = 1,
                             std::int64_t min_rows = 1, const std::string& what = "the image");
  /// The same for the combined needs of every stencil of a problem; the error names who needs what.
  static SlabLayout balanced(std::int64_t height, std::int64_t width, int ranks, const SlabNeeds& needs,
                             const std::string& what = "the image");

  /// A layout from explicit offsets (size ranks + 1, starting at 0, non-decreasing).
  SlabLayout(std::vector<std::int64_t> offsets, std::int64_t width);

  std::int64_t height() const { return offsets_.back(); }
  std::int64_t width() const { return width_; }
  int ranks() const { return static_cast<int>(offsets_.size()) - 1; }
  std::int64_t row_begin(int rank) const { return offsets_.at(rank); }
  std::int64_t row_end(int rank) const { return offsets_.at(rank + 1); }
  std::int64_t rows(int rank) const { return row_end(rank) - row_begin(rank); }
  std::int64_t min_rows() const;
  std::int64_t max_rows() const;
  const std::vector<std::int64_t>& offsets() const { return offsets_; }

  /// The same slabs with `extra` more rows given to the last rank (the data space of a full
  /// convolution: H + k - 1 rows, architecture.md "Data-space partition").
  SlabLayout with_trailing_rows(std::int64_t extra) const;
  /// Every slab boundary divided by `factor` (a DRUNet level). Requires exact division.
  SlabLayout coarsened(std::int64_t factor) const;

  /// "B=3 slabs of 171/171/170 rows x 512 cols".
  std::string describe() const;

  bool operator==(const SlabLayout& other) const {
    return offsets_ == other.offsets_ && width_ == other.width_;
  }

 private:
  std::vector<std::int64_t> offsets_{0};
  std::int64_t width_ = 0;
};

}  // namespace dpnp
