#pragma once
/// @file
/// A slab together with the ghost rows its neighbours sent: the field a stencil reads. The rows are
/// addressed in slab coordinates, -top() .. rows() + bottom() - 1, and joined into one tensor only
/// for the range a stencil asks for, so a 64-channel activation is not copied to read a few edge rows.

#include <ATen/ATen.h>

#include <cstdint>

#include "dpnp/dist/halo_exchange.hpp"

namespace dpnp {

class GhostedSlab {
 public:
  /// `ghosts` as HaloExchange::fill returns them (rows in dimension -2; undefined or empty: none).
  GhostedSlab(at::Tensor slab, Ghosts ghosts);

  std::int64_t top() const { return top_; }
  std::int64_t bottom() const { return bottom_; }
  std::int64_t rows() const { return slab_.size(-2); }
  const at::Tensor& slab() const { return slab_; }

  /// Rows [first, first + count) in slab coordinates, ghosts included, as one contiguous tensor.
  at::Tensor rows(std::int64_t first, std::int64_t count) const;
  /// Every row: top ghosts, the slab, bottom ghosts.
  at::Tensor padded() const { return rows(-top_, top_ + rows() + bottom_); }

 private:
  at::Tensor slab_;
  at::Tensor top_rows_, bottom_rows_;
  std::int64_t top_ = 0, bottom_ = 0;
};

}  // namespace dpnp
