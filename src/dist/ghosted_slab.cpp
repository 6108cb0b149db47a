#include "dpnp/dist/ghosted_slab.hpp"

#include <algorithm>
#include <vector>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {
std::int64_t rows_in(const at::Tensor& t) { return t.defined() && t.dim() >= 2 ? t.size(-2) : 0; }
}  // namespace

GhostedSlab::GhostedSlab(at::Tensor slab, Ghosts ghosts)
    : slab_(std::move(slab)),
      top_rows_(std::move(ghosts.top)),
      bottom_rows_(std::move(ghosts.bottom)),
      top_(rows_in(top_rows_)),
      bottom_(rows_in(bottom_rows_)) {
  DPNP_CHECK(slab_.dim() >= 2, "a ghosted slab needs rows and columns");
}

at::Tensor GhostedSlab::rows(std::int64_t first, std::int64_t count) const {
  DPNP_CHECK(count >= 0 && first >= -top_ && first + count <= rows() + bottom_,
             "rows outside the slab and its ghosts");
  if (count == 0) return slab_.narrow(-2, 0, 0);
  const std::int64_t end = first + count, n = rows();
  std::vector<at::Tensor> parts;
  if (first < 0) parts.push_back(top_rows_.narrow(-2, top_ + first, std::min<std::int64_t>(-first, count)));
  const std::int64_t own_first = std::max<std::int64_t>(first, 0), own_end = std::min(end, n);
  if (own_end > own_first) parts.push_back(slab_.narrow(-2, own_first, own_end - own_first));
  if (end > n) {
    const std::int64_t below_first = std::max<std::int64_t>(first - n, 0);
    parts.push_back(bottom_rows_.narrow(-2, below_first, end - n - below_first));
  }
  if (parts.size() == 1) return parts.front().contiguous();
  return at::cat(parts, -2);
}

}  // namespace dpnp
