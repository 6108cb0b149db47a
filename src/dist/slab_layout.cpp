#include "dpnp/dist/slab_layout.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {
std::vector<std::int64_t> balanced_offsets(std::int64_t height, int ranks, std::int64_t multiple) {
  const std::int64_t units = (height + multiple - 1) / multiple;
  std::vector<std::int64_t> offsets(static_cast<size_t>(ranks) + 1, 0);
  for (int b = 0; b <= ranks; ++b) offsets[b] = std::min(height, (units * b / ranks) * multiple);
  offsets[ranks] = height;
  return offsets;
}
}  // namespace

SlabLayout SlabLayout::balanced(std::int64_t height, std::int64_t width, int ranks, std::int64_t multiple,
                                std::int64_t min_rows, const std::string& what) {
  SlabNeeds needs = SlabNeeds::halo(min_rows, "this problem") | SlabNeeds::multiple(multiple, "this problem");
  return balanced(height, width, ranks, needs, what);
}

SlabLayout SlabLayout::balanced(std::int64_t height, std::int64_t width, int ranks, const SlabNeeds& needs,
                                const std::string& what) {
  if (height <= 0 || width <= 0)
    throw InputError(fmt::format("{}: size {}x{} is empty; give an image with at least one row and column", what,
                                 height, width));
  const std::int64_t multiple = needs.row_multiple, min_rows = needs.min_rows;
  DPNP_CHECK(ranks >= 1 && multiple >= 1 && min_rows >= 1, "invalid slab parameters");
  SlabLayout layout(balanced_offsets(height, ranks, multiple), width);
  if (layout.min_rows() >= min_rows) return layout;
  int feasible = ranks - 1;
  while (feasible > 1 && SlabLayout(balanced_offsets(height, feasible, multiple), width).min_rows() < min_rows)
    --feasible;
  const std::string constraint =
      multiple > 1 ? fmt::format(" in multiples of {} ({})", multiple, needs.row_multiple_by) : std::string();
  if (SlabLayout(balanced_offsets(height, 1, multiple), width).min_rows() < min_rows)
    throw InputError(fmt::format("{}: {} rows, but {} needs at least {} rows{}; use a taller image", what, height,
                                 needs.min_rows_by, min_rows, constraint));
  throw InputError(fmt::format(
      "ranks: {} ranks split {} ({} rows) into slabs as small as {} rows, but {} needs at least {} rows per "
      "slab{}; run with at most {} rank{}",
      ranks, what, height, layout.min_rows(), needs.min_rows_by, min_rows, constraint, feasible,
      feasible > 1 ? "s" : ""));
}

SlabLayout::SlabLayout(std::vector<std::int64_t> offsets, std::int64_t width)
    : offsets_(std::move(offsets)), width_(width) {
  DPNP_CHECK(offsets_.size() >= 2 && offsets_.front() == 0, "layout offsets must start at 0");
  DPNP_CHECK(std::is_sorted(offsets_.begin(), offsets_.end()), "layout offsets must not decrease");
}

std::int64_t SlabLayout::min_rows() const {
  std::int64_t m = rows(0);
  for (int b = 1; b < ranks(); ++b) m = std::min(m, rows(b));
  return m;
}

std::int64_t SlabLayout::max_rows() const {
  std::int64_t m = rows(0);
  for (int b = 1; b < ranks(); ++b) m = std::max(m, rows(b));
  return m;
}

SlabLayout SlabLayout::with_trailing_rows(std::int64_t extra) const {
  std::vector<std::int64_t> offsets = offsets_;
  offsets.back() += extra;
  return SlabLayout(std::move(offsets), width_);
}

SlabLayout SlabLayout::coarsened(std::int64_t factor) const {
  std::vector<std::int64_t> offsets = offsets_;
  for (auto& o : offsets) {
    DPNP_CHECK(o % factor == 0, fmt::format("slab boundary {} is not a multiple of {}", o, factor));
    o /= factor;
  }
  DPNP_CHECK(width_ % factor == 0, "width is not a multiple of the coarsening factor");
  return SlabLayout(std::move(offsets), width_ / factor);
}

std::string SlabLayout::describe() const {
  std::string heights;
  for (int b = 0; b < ranks(); ++b) heights += (b ? "/" : "") + std::to_string(rows(b));
  return fmt::format("{} slab{} of {} rows x {} cols", ranks(), ranks() > 1 ? "s" : "", heights, width_);
}

}  // namespace dpnp
