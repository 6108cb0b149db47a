// The one halo exchange: ghost rows equal the neighbours' rows (zeros beyond the domain), the sum form
// is the exact adjoint of the fill form, uneven slabs, several exchanges in flight at once.
#include <gtest/gtest.h>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/halo_exchange.hpp"
#include "dpnp/dist/reduce.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

at::Tensor global_rows_or_zero(const at::Tensor& global, std::int64_t first, std::int64_t count) {
  std::vector<int64_t> shape(global.sizes().begin(), global.sizes().end());
  shape[shape.size() - 2] = count;
  at::Tensor out = at::zeros(shape, global.options());
  for (std::int64_t r = 0; r < count; ++r) {
    const std::int64_t g = first + r;
    if (g >= 0 && g < global.size(-2)) out.narrow(-2, r, 1).copy_(global.narrow(-2, g, 1));
  }
  return out;
}

class HaloExchangeTest : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(HaloExchangeTest, GhostRowsAreTheNeighboursRows) {
  const Comm comm = test::world();
  const std::int64_t height = GetParam();
  const auto layout = SlabLayout::balanced(height, 9, comm.size());
  const at::Tensor global = test::seeded_randn({2, 3, height, 9}, 11);
  const at::Tensor slab = test::slab_of(global, layout, comm.rank());
  const HaloExchange halo(comm);
  for (std::int64_t top = 0; top <= std::min<std::int64_t>(3, layout.min_rows()); ++top) {
    for (std::int64_t bottom : {std::int64_t{0}, std::int64_t{1}, std::min<std::int64_t>(2, layout.min_rows())}) {
      const Ghosts ghosts = halo.fill(slab, top, bottom);
      const std::int64_t begin = layout.row_begin(comm.rank()), end = layout.row_end(comm.rank());
      EXPECT_TRUE(at::equal(ghosts.top, global_rows_or_zero(global, begin - top, top))) << "top " << top;
      EXPECT_TRUE(at::equal(ghosts.bottom, global_rows_or_zero(global, end, bottom))) << "bottom " << bottom;
    }
  }
}

TEST_P(HaloExchangeTest, SumIsTheAdjointOfFill) {
  const Comm comm = test::world();
  const std::int64_t height = GetParam();
  const auto layout = SlabLayout::balanced(height, 7, comm.size());
  const std::int64_t top = std::min<std::int64_t>(2, layout.min_rows()), bottom = 1;
  const at::Tensor x = test::slab_of(test::seeded_randn({3, height, 7}, 1), layout, comm.rank()).to(at::kDouble);
  // A different random "ghost" field per rank: a function of the rank, so not symmetric by accident.
  const at::Tensor g_top = test::seeded_randn({3, top, 7}, 100 + comm.rank()).to(at::kDouble);
  const at::Tensor g_bottom = test::seeded_randn({3, bottom, 7}, 200 + comm.rank()).to(at::kDouble);
  const HaloExchange halo(comm);
  // F x = (ghost rows); <F x, g> = <x, F^T g>.
  const Ghosts fx = halo.fill(x, top, bottom);
  const double lhs = comm.sum((fx.top * g_top).sum().item<double>() + (fx.bottom * g_bottom).sum().item<double>());
  at::Tensor adjoint = at::zeros_like(x);
  halo.sum(adjoint, Ghosts{g_top, g_bottom});
  const double rhs = global_dot(comm, x, adjoint);
  EXPECT_NEAR(lhs, rhs, 1e-10 * std::max(1.0, std::abs(lhs)));
}

TEST_P(HaloExchangeTest, OverlappingExchangesCompleteInAnyOrder) {
  const Comm comm = test::world();
  const std::int64_t height = GetParam();
  const auto layout = SlabLayout::balanced(height, 5, comm.size());
  const at::Tensor a_global = test::seeded_randn({1, height, 5}, 3);
  const at::Tensor b_global = test::seeded_randn({4, height, 5}, 4);
  const HaloExchange halo(comm);
  auto pending_a = halo.start_fill(test::slab_of(a_global, layout, comm.rank()), 1, 1);
  auto pending_b = halo.start_fill(test::slab_of(b_global, layout, comm.rank()), 1, 0);
  const Ghosts b = pending_b.finish();
  const Ghosts a = pending_a.finish();
  const std::int64_t begin = layout.row_begin(comm.rank()), end = layout.row_end(comm.rank());
  EXPECT_TRUE(at::equal(a.top, global_rows_or_zero(a_global, begin - 1, 1)));
  EXPECT_TRUE(at::equal(a.bottom, global_rows_or_zero(a_global, end, 1)));
  EXPECT_TRUE(at::equal(b.top, global_rows_or_zero(b_global, begin - 1, 1)));
  EXPECT_EQ(b.bottom.size(-2), 0);
  EXPECT_GE(halo.stats().exchanges, 2);
}

// 4 rows (smallest, 1 row per rank at 4 ranks), 37 (uneven slabs), 64.
INSTANTIATE_TEST_SUITE_P(Heights, HaloExchangeTest, ::testing::Values(4, 37, 64));

TEST(Comm, AgreeOnErrorsRaisesTheSameInputErrorOnEveryRank) {
  const Comm comm = test::world();
  const int failing = comm.size() - 1;
  try {
    collectively(comm, [&] {
      if (comm.rank() == failing) throw InputError("image: file is truncated; re-export it");
    });
    FAIL() << "expected an InputError on every rank";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "image: file is truncated; re-export it");
  }
  EXPECT_NO_THROW(collectively(comm, [] {}));
}

}  // namespace
}  // namespace dpnp
