// Poisson pieces: the counter-based Poisson sampler has the right mean, variance and distribution;
// the closed-form KL prox is the minimiser of its definition.
#include <gtest/gtest.h>

#include <cmath>

#include "dpnp/likelihood/poisson.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/physics/observation.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

TEST(PoissonSampler, MeanVarianceAndProbabilitiesAcrossBothAlgorithms) {
  // Means below 10 use inversion, above use PTRS rejection.
  for (double mean : {0.3, 4.0, 9.9, 10.0, 37.5, 250.0}) {
    const int n = 200000;
    double sum = 0, sum2 = 0;
    int at_mode = 0;
    const double mode = std::floor(mean);
    for (int i = 0; i < n; ++i) {
      const double k = poisson_sample(mean, 7, static_cast<std::uint64_t>(i));
      ASSERT_EQ(k, std::floor(k));
      ASSERT_GE(k, 0.0);
      sum += k;
      sum2 += k * k;
      at_mode += k == mode;
    }
    const double m = sum / n, v = sum2 / n - m * m;
    // Standard errors: sqrt(mean/n) for the mean, ~ mean sqrt(2/n) for the variance.
    EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n)) << "mean " << mean;
    EXPECT_NEAR(v, mean, 5 * mean * std::sqrt(2.0 / n) + 5 * std::sqrt(mean / n)) << "variance at mean " << mean;
    const double p_mode = std::exp(mode * std::log(mean) - mean - std::lgamma(mode + 1));
    EXPECT_NEAR(static_cast<double>(at_mode) / n, p_mode, 5 * std::sqrt(p_mode * (1 - p_mode) / n)) << "P(mode) at " << mean;
  }
  EXPECT_EQ(poisson_sample(0.0, 1, 5), 0.0);
}

TEST(PoissonSampler, DeterministicPerElement) {
  EXPECT_EQ(poisson_sample(100.0, 3, 12345), poisson_sample(100.0, 3, 12345));
  int differ = 0;
  for (std::uint64_t i = 0; i < 100; ++i) differ += poisson_sample(100.0, 3, i) != poisson_sample(100.0, 4, i);
  EXPECT_GT(differ, 80);
}

TEST(KlProx, EqualsTheMinimiserOfItsDefinition) {
  // prox_{g f}(v) = argmin_z  z - y log z + (z - v)^2 / (2 g), minimised numerically (float64) by bisection on
  // the derivative 1 - y/z + (z - v)/g, which increases on z > 0. The prox rounds 4 gamma y in float32
  // like the float32 counts of a chain, hence the 1e-6 relative tolerance.
  const auto domain = test::make_serial_domain(8, 8);
  const at::Tensor y = at::floor(test::seeded_rand({1, 8, 8}, 1) * 30);
  PoissonSplit split(std::make_shared<Mask>(domain, at::ones({1, 8, 8})), y, 250.0, 10.0);
  for (double gamma : {0.01, 1.0, 9.9}) {
    at::Tensor v = (test::seeded_randn({1, 8, 8}, 2) * 20).to(at::kDouble);
    at::Tensor prox = v.clone();
    split.kl_prox_(prox, gamma);
    auto yd = y.to(at::kDouble);
    for (std::int64_t i = 0; i < 64; ++i) {
      const double vi = v.view(-1)[i].item<double>(), yi = yd.view(-1)[i].item<double>();
      double low = 1e-300, high = std::max(1.0, std::abs(vi) + yi + gamma) * 4;
      for (int it = 0; it < 200; ++it) {
        const double z = 0.5 * (low + high);
        const double derivative = 1.0 - (yi > 0 ? yi / z : 0.0) + (z - vi) / gamma;
        (derivative > 0 ? high : low) = z;
      }
      const double expected = yi == 0 ? std::max(vi - gamma, 0.0) : 0.5 * (low + high);
      EXPECT_NEAR(prox.view(-1)[i].item<double>(), expected, 1e-6 * std::max(1e-3, expected)) << "v " << vi << " y " << yi;
    }
  }
}

}  // namespace
}  // namespace dpnp
