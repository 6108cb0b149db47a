#include <gtest/gtest.h>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/slab_layout.hpp"

namespace dpnp {
namespace {

TEST(SlabLayout, BalancedSlabsCoverTheRowsWithNearEqualHeights) {
  for (std::int64_t height : {1, 7, 37, 512, 1000}) {
    for (int ranks = 1; ranks <= std::min<std::int64_t>(height, 9); ++ranks) {
      const auto layout = SlabLayout::balanced(height, 5, ranks);
      EXPECT_EQ(layout.height(), height);
      EXPECT_EQ(layout.ranks(), ranks);
      EXPECT_LE(layout.max_rows() - layout.min_rows(), 1) << height << " rows on " << ranks;
      EXPECT_GE(layout.min_rows(), 1);
    }
  }
}

TEST(SlabLayout, MultipleConstraintAlignsEverySlabButTheLast) {
  const auto layout = SlabLayout::balanced(100, 64, 3, 8);
  for (int b = 0; b + 1 < layout.ranks(); ++b) {
    EXPECT_EQ(layout.row_begin(b) % 8, 0);
    EXPECT_EQ(layout.rows(b) % 8, 0);
  }
  EXPECT_EQ(layout.row_begin(2) % 8, 0);
  EXPECT_EQ(layout.height(), 100);
}

TEST(SlabLayout, TooManyRanksIsAnInputErrorThatNamesTheLimit) {
  try {
    SlabLayout::balanced(10, 10, 4, 1, 3);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("at most 3 ranks"), std::string::npos) << what;
  }
  EXPECT_THROW(SlabLayout::balanced(10, 10, 11), InputError);
  EXPECT_THROW(SlabLayout::balanced(0, 10, 1), InputError);
  EXPECT_THROW(SlabLayout::balanced(4, 10, 1, 1, 5), InputError);
}

TEST(SlabLayout, DerivedLayouts) {
  const auto layout = SlabLayout::balanced(64, 32, 4, 8);
  const auto coarse = layout.coarsened(8);
  EXPECT_EQ(coarse.height(), 8);
  EXPECT_EQ(coarse.width(), 4);
  EXPECT_EQ(coarse.rows(0), 2);
  const auto data = layout.with_trailing_rows(6);
  EXPECT_EQ(data.height(), 70);
  EXPECT_EQ(data.rows(3), layout.rows(3) + 6);
  EXPECT_EQ(data.rows(0), layout.rows(0));
  EXPECT_NE(layout.describe().find("16/16/16/16"), std::string::npos);
}

}  // namespace
}  // namespace dpnp
