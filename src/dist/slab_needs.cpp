#include "dpnp/dist/slab_needs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "dpnp/core/error.hpp"

namespace dpnp {

SlabNeeds SlabNeeds::halo(std::int64_t rows, std::string by) {
  SlabNeeds needs;
  needs.min_rows = std::max<std::int64_t>(1, rows);
  needs.min_rows_by = std::move(by);
  return needs;
}

SlabNeeds SlabNeeds::multiple(std::int64_t multiple, std::string by) {
  DPNP_CHECK(multiple >= 1, "a row multiple is at least 1");
  SlabNeeds needs;
  needs.row_multiple = multiple;
  needs.row_multiple_by = std::move(by);
  return needs;
}

SlabNeeds& SlabNeeds::operator|=(const SlabNeeds& other) {
  if (other.min_rows > min_rows) {
    min_rows = other.min_rows;
    min_rows_by = other.min_rows_by;
  }
  const std::int64_t combined = std::lcm(row_multiple, other.row_multiple);
  if (combined != row_multiple) {
    row_multiple_by = row_multiple > 1 ? row_multiple_by + " and " + other.row_multiple_by : other.row_multiple_by;
    row_multiple = combined;
  }
  return *this;
}

void require_slab_rows(std::int64_t rows, std::int64_t needed, const std::string& by) {
  if (rows < needed)
    throw InputError(fmt::format("ranks: a slab of {} rows is thinner than {} needs ({} rows); run with fewer ranks",
                                 rows, by, needed));
}

}  // namespace dpnp
