// The kernel-only bound on a convolution's norm (denoisers/spectral_norm.hpp): exact on kernels whose
// norm is known in closed form, never below the norm Lanczos measures on an image, and within the
// finite-image gap of it, for random and shipped kernels.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/networks.hpp"
#include "dpnp/denoisers/spectral_norm.hpp"
#include "dpnp/denoisers/state_dict.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

void expect_bound_of(const at::Tensor& kernel, double exact) {
  const SpectralBound b = conv_squared_norm_bound(kernel);
  EXPECT_NEAR(b.squared_norm / exact, 1.0, 1e-10);
}

TEST(SpectralBound, ForwardDifferenceHasSquaredNormFour) {
  // K(w) = 1 - exp(-i w): |K| peaks at 2, at w = pi.
  expect_bound_of(at::tensor({0.0, -1.0, 1.0}, at::kDouble).view({1, 1, 1, 3}), 4.0);
}

TEST(SpectralBound, PeakBetweenGridPoints) {
  // Two channels, 1 - exp(-i w) and 1 - exp(-2i w): |K|^2 = (2 - 2 cos w) + (2 - 2 cos 2w) peaks at
  // cos w = -1/4 (w = 1.823 rad, on no grid 2pi/n) with the value 6.25.
  const at::Tensor kernel = at::tensor({1.0, -1.0, 0.0, 1.0, 0.0, -1.0}, at::kDouble).view({2, 1, 1, 3});
  expect_bound_of(kernel, 6.25);
}

TEST(SpectralBound, LaplacianHasSquaredNormSixtyFour) {
  const at::Tensor laplacian = at::tensor({0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0}, at::kDouble).view({1, 1, 3, 3});
  expect_bound_of(laplacian, 64.0);
}

TEST(SpectralBound, ChannelMixingTakesTheLargestSingularValue) {
  // A 1x1 convolution is a matrix on the channels at every pixel: its norm is that matrix's.
  const at::Tensor matrix = test::seeded_randn({5, 3, 1, 1}, 11).to(at::kDouble);
  const double exact = at::linalg_matrix_norm(matrix.view({5, 3}), 2).item<double>();
  expect_bound_of(matrix, exact * exact);
}

TEST(SpectralBound, BoundsLanczosOnImagesAndMeetsItOnLargeOnes) {
  const at::Tensor kernel = test::seeded_randn({64, 3, 3, 3}, 4);
  const double bound = conv_squared_norm_bound(kernel).squared_norm;
  double previous_gap = 1.0;
  for (const std::int64_t size : {8, 32, 128}) {
    const double measured = conv_squared_norm(kernel, nullptr, size, size, 1e-10, 300);
    const double gap = 1 - measured / bound;
    // Lanczos converges from below, so a tiny negative gap is its tolerance, not a broken bound.
    EXPECT_GE(gap, -1e-6) << size << "x" << size;
    EXPECT_LT(gap, previous_gap) << "the zero-padded norm approaches the bound as the image grows";
    previous_gap = gap;
  }
  EXPECT_LT(previous_gap, 1e-2) << "128x128";
}

TEST(SpectralBound, ShippedDdfbKernels) {
  const std::string weights = test::shipped_ddfb();
  const DdfbNetwork net = DdfbNetwork::from_state_dict(load_state_dict(weights), weights);
  for (std::size_t k = 0; k < net.kernels().size(); ++k) {
    const SpectralBound b = conv_squared_norm_bound(net.kernels()[k]);
    const double measured = conv_squared_norm(net.kernels()[k], nullptr, 128, 128, 1e-10, 300);
    EXPECT_GE(b.squared_norm / measured, 1 - 1e-6) << "D_" << k;
    EXPECT_LT(b.squared_norm / measured, 1 + 1e-2) << "D_" << k;
    EXPECT_LT(b.evaluations, 100'000) << "D_" << k;
  }
}

}  // namespace
}  // namespace dpnp
