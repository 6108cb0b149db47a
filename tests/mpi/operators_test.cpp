// Every linear operator: distributed = single-rank, and <Ax, y> = <x, A^T y> with global dots.
#include <gtest/gtest.h>

#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/physics/mask.hpp"
#include "operator_checks.hpp"

namespace dpnp {
namespace {

class OperatorTest : public ::testing::TestWithParam<std::pair<std::int64_t, std::int64_t>> {};

TEST_P(OperatorTest, MaskMatchesSerialAndIsSelfAdjoint) {
  const auto [height, width] = GetParam();
  const auto domain = test::make_domain(test::world(), height, width);
  test::expect_matches_serial_and_adjoint(
      [](const SlabDomain& d) { return std::make_shared<Mask>(d, random_mask(d, 0.7, 1234)); }, domain,
      {3, height, width}, {3, height, width});
}

TEST_P(OperatorTest, GradientMatchesSerialAndAdjoint) {
  const auto [height, width] = GetParam();
  const auto domain = test::make_domain(test::world(), height, width);
  test::expect_matches_serial_and_adjoint([](const SlabDomain& d) { return std::make_shared<Gradient2D>(d); }, domain,
                                          {3, height, width}, {2, 3, height, width});
}

TEST(Gradient2D, ForwardDifferencesWithZeroAtTheLastRowAndColumn) {
  const auto domain = test::make_serial_domain(3, 4);
  const Gradient2D d(domain);
  const at::Tensor x = at::arange(12, at::kFloat).view({1, 3, 4}).square();
  const at::Tensor z = d.apply(x);
  // vertical: x[r+1] - x[r]; horizontal: x[c+1] - x[c]; zero at the ends.
  EXPECT_FLOAT_EQ(z[0][0][0][0].item<float>(), 16.0f);
  EXPECT_FLOAT_EQ(z[0][0][2][1].item<float>(), 0.0f);
  EXPECT_FLOAT_EQ(z[1][0][1][2].item<float>(), 49.0f - 36.0f);
  EXPECT_FLOAT_EQ(z[1][0][1][3].item<float>(), 0.0f);
}

TEST(Gradient2D, SquaredNormBoundHoldsByPowerIteration) {
  const auto domain = test::make_domain(test::world(), 16, 16);
  const Gradient2D d(domain);
  at::Tensor x = test::slab_of(test::seeded_randn({1, 16, 16}, 3), domain.layout(), domain.rank()).to(at::kDouble);
  double estimate = 0;
  for (int i = 0; i < 200; ++i) {
    const at::Tensor y = d.adjoint(d.apply(x));
    estimate = std::sqrt(global_squared_norm(domain.comm(), y));
    x = y / estimate;
  }
  EXPECT_LE(estimate, 8.0);
  EXPECT_GT(estimate, 7.5);
}

INSTANTIATE_TEST_SUITE_P(Shapes, OperatorTest,
                         ::testing::Values(std::make_pair(37, 11), std::make_pair(8, 5), std::make_pair(64, 64)));

}  // namespace
}  // namespace dpnp
