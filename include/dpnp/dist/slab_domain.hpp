#pragma once
/// @file
/// One rank's view of a decomposition: the layout, this rank's place in it, and the halo exchange
/// (shared by every operator on the same communicator, so its statistics cover them all).

#include <ATen/ATen.h>

#include <memory>

#include "dpnp/core/noise.hpp"
#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/halo_exchange.hpp"
#include "dpnp/dist/slab_layout.hpp"

namespace dpnp {

class SlabDomain {
 public:
  SlabDomain(SlabLayout layout, std::shared_ptr<const HaloExchange> halo);

  const SlabLayout& layout() const { return layout_; }
  const HaloExchange& halo() const { return *halo_; }
  std::shared_ptr<const HaloExchange> halo_ptr() const { return halo_; }
  const Comm& comm() const { return halo_->comm(); }
  int rank() const { return comm().rank(); }

  std::int64_t rows() const { return layout_.rows(rank()); }
  std::int64_t row_begin() const { return layout_.row_begin(rank()); }
  std::int64_t row_end() const { return layout_.row_end(rank()); }
  std::int64_t height() const { return layout_.height(); }
  std::int64_t width() const { return layout_.width(); }
  /// Whether this slab holds the first / last global row (boundary conditions live there).
  bool holds_first_row() const { return row_begin() == 0; }
  bool holds_last_row() const { return row_end() == height(); }

  /// Noise coordinates of a local tensor [planes..., rows(), width()] of this domain.
  noise::SlabCoords coords(const at::Tensor& local) const;

  /// The same ranks and halo on another layout (a coarser level, or the data space of a blur).
  SlabDomain with_layout(SlabLayout layout) const { return SlabDomain(std::move(layout), halo_); }

 private:
  SlabLayout layout_;
  std::shared_ptr<const HaloExchange> halo_;
};

}  // namespace dpnp
