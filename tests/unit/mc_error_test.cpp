// Monte-Carlo error estimators on AR(1) chains x_t = phi x_{t-1} + e_t (e_t ~ N(0, 1)), whose
// integrated autocorrelation time (1 + phi)/(1 - phi) and asymptotic variance 1/(1 - phi)^2 of the
// mean are known. Tolerances come from the estimators' sampling distributions (stated per test), so
// an estimator that ignores the autocorrelation (19 times too small here) or misses a factor fails.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <random>

#include "dpnp/sampler/autocorrelation.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp {
namespace {

constexpr double kPhi = 0.9;
constexpr double kInnovationVariance = 1.0;
const double kStationaryVariance = kInnovationVariance / (1.0 - kPhi * kPhi);
const double kIat = (1.0 + kPhi) / (1.0 - kPhi);  // 19

// `pixels` independent stationary AR(1) chains, fed sample by sample to the accumulators.
ChainState run_ar1(std::int64_t pixels, std::int64_t samples, std::uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  ChainState state;
  at::Tensor x = at::normal(0.0, std::sqrt(kStationaryVariance), {pixels}, generator).to(at::kFloat);
  reset_statistics(state, x, 0);
  for (std::int64_t t = 0; t < samples; ++t) {
    x = kPhi * x + at::normal(0.0, std::sqrt(kInnovationVariance), {pixels}, generator).to(at::kFloat);
    accumulate_sample(state, x);
  }
  return state;
}

// Variance of the mean of m consecutive samples of the stationary AR(1) chain.
double variance_of_mean(std::int64_t m) {
  double sum = static_cast<double>(m);
  double power = 1.0;
  for (std::int64_t k = 1; k < m; ++k) {
    power *= kPhi;
    sum += 2.0 * static_cast<double>(m - k) * power;
  }
  return kStationaryVariance * sum / (static_cast<double>(m) * static_cast<double>(m));
}

TEST(BatchMeans, KeepsAboutSqrtNBatchesInBoundedMemory) {
  const ChainState state = run_ar1(3, 5000, 1);
  const BatchMeans& batches = state.batches;
  EXPECT_EQ(batches.full * batches.batch_size + batches.fill, 5000);
  EXPECT_GE(batches.full, BatchMeans::kMaxBatches / 2);
  EXPECT_LT(batches.full, BatchMeans::kMaxBatches);
  // Before the cap, the batch count follows sqrt(n): between sqrt(n/2) and sqrt(2n) batches.
  const ChainState early = run_ar1(3, 200, 2);
  EXPECT_GE(static_cast<double>(early.batches.full), std::sqrt(100.0) - 1);
  EXPECT_LE(static_cast<double>(early.batches.full), std::sqrt(400.0));
  // The batch sums add up to the samples seen (the merges lose nothing beyond the sums' float32).
  const at::Tensor total = batches.sums.to(at::kDouble).sum(0) + batches.partial;
  EXPECT_TRUE(at::allclose(total / 5000.0, state.welford.mean, 1e-6, 1e-9));
}

TEST(BatchMeans, McseOfAnAr1ChainMatchesTheory) {
  constexpr std::int64_t kPixels = 2000, kSamples = 20000;
  const ChainState state = run_ar1(kPixels, kSamples, 3);
  const at::Tensor mcse = monte_carlo_error(state.welford, state.batches);
  ASSERT_TRUE(mcse.defined());
  const std::int64_t a = state.batches.full, b = state.batches.batch_size;
  // The batch-means estimator's expectation at this a and b, exactly: b a (V_b - V_ab) / (a - 1).
  const double expected_sigma2 = static_cast<double>(b * a) * (variance_of_mean(b) - variance_of_mean(a * b)) /
                                 static_cast<double>(a - 1);
  const double expected_mcse2 = expected_sigma2 / static_cast<double>(kSamples);
  // Each pixel's estimate is about a chi-square with a - 1 degrees of freedom (relative standard
  // deviation sqrt(2/(a - 1))); the pixel average, over kPixels independent ones, within 4 of its SDs.
  const double relative_sd = std::sqrt(2.0 / static_cast<double>((a - 1) * kPixels));
  const double mean_mcse2 = mcse.to(at::kDouble).square().mean().item<double>();
  EXPECT_NEAR(mean_mcse2 / expected_mcse2, 1.0, 4.0 * relative_sd) << a << " batches of " << b;
  // And the asymptotic truth 1/(1 - phi)^2 / n, up to the batch size's finite bias (a few % here).
  const double asymptotic_mcse2 = kInnovationVariance / ((1.0 - kPhi) * (1.0 - kPhi)) / static_cast<double>(kSamples);
  EXPECT_NEAR(mean_mcse2 / asymptotic_mcse2, 1.0, 0.08);

  // ESS = variance / MCSE^2, about n / IAT; its median within 20% (1/chi-square skew and noise).
  const at::Tensor ess = effective_sample_size(posterior_variance(state.welford), mcse);
  const double median_ess = ess.median().item<double>();
  EXPECT_NEAR(median_ess / (static_cast<double>(kSamples) / kIat), 1.0, 0.2);
}

// The per-pixel loop over the float32 batch store computes the formula of docs/diagnostics.md, as the
// float64 ATen expression does on a strided copy (the fallback path), on a size that leaves a partial block.
TEST(BatchMeans, McseOfTheStoredBatchesEqualsTheFormula) {
  WelfordState welford;
  welford.count = 7 * 16 + 3;
  welford.mean = at::zeros({3, 37, 29}, at::kDouble);
  BatchMeans batches;
  batches.batch_size = 16;
  batches.full = 7;
  batches.sums = at::zeros({BatchMeans::kMaxBatches, 3, 37, 29}, at::kFloat);
  at::manual_seed(11);
  batches.sums.narrow(0, 0, 7).copy_(at::rand({7, 3, 37, 29}) * 16);
  const at::Tensor means = batches.sums.narrow(0, 0, 7).to(at::kDouble) / 16.0;
  const at::Tensor expected =
      ((means - means.mean(0, true)).square().sum(0) * (16.0 / 6.0) / static_cast<double>(welford.count)).sqrt();
  EXPECT_TRUE(at::allclose(monte_carlo_error(welford, batches).to(at::kDouble), expected, 1e-6, 0.0));
  BatchMeans strided = batches;
  strided.sums = batches.sums.transpose(2, 3).contiguous().transpose(2, 3);  // not contiguous: the ATen path
  EXPECT_TRUE(at::allclose(monte_carlo_error(welford, strided).to(at::kDouble), expected, 1e-6, 0.0));
}

TEST(BatchMeans, NoErrorEstimateBeforeTwoBatches) {
  const ChainState state = run_ar1(4, 3, 4);
  EXPECT_FALSE(monte_carlo_error(state.welford, state.batches).defined());
}

TEST(BatchMeans, EssIsNanWhereTheErrorIsZero) {
  const at::Tensor ess = effective_sample_size(at::ones({2}), at::tensor({0.0f, 0.5f}));
  EXPECT_TRUE(std::isnan(ess[0].item<double>()));
  EXPECT_FLOAT_EQ(ess[1].item<float>(), 4.0f);
}

std::vector<double> ar1_series(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> innovation(0.0, std::sqrt(kInnovationVariance));
  std::vector<double> x(n);
  x[0] = innovation(engine) * std::sqrt(kStationaryVariance / kInnovationVariance);
  for (std::size_t t = 1; t < n; ++t) x[t] = kPhi * x[t - 1] + innovation(engine);
  return x;
}

TEST(Geyer, AutocorrelationByFftEqualsTheDirectSum) {
  const std::vector<double> x = ar1_series(300, 5);
  const std::vector<double> rho = autocorrelation(x);
  ASSERT_EQ(rho.size(), x.size());
  double mean = 0;
  for (double v : x) mean += v / static_cast<double>(x.size());
  const auto covariance = [&](std::size_t lag) {
    double sum = 0;
    for (std::size_t t = 0; t + lag < x.size(); ++t) sum += (x[t] - mean) * (x[t + lag] - mean);
    return sum / static_cast<double>(x.size());
  };
  for (std::size_t lag : {0u, 1u, 2u, 7u, 150u, 299u})
    EXPECT_NEAR(rho[lag], covariance(lag) / covariance(0), 1e-12) << "lag " << lag;
}

TEST(Geyer, IatOfAr1ChainsMatchesTheory) {
  // Sokal: var(tau_hat) ~ 2 (2M + 1) tau^2 / n for a window M; the initial positive sequence stops
  // near M ~ 100 here, so one series of 1e5 has a relative SD of about 6% and the mean of ten about 2%:
  // 8% is 4 SDs. Missing the factor 2 (tau ~ 10) or ignoring correlation (tau = 1) fails.
  constexpr int kSeries = 10;
  constexpr std::size_t kLength = 100000;
  double mean_iat = 0;
  for (int s = 0; s < kSeries; ++s) mean_iat += integrated_autocorrelation_time(ar1_series(kLength, 100 + s)) / kSeries;
  EXPECT_NEAR(mean_iat / kIat, 1.0, 0.08) << "IAT " << mean_iat << ", theory " << kIat;
  // White noise: tau = 1.
  std::mt19937_64 engine(7);
  std::normal_distribution<double> normal;
  std::vector<double> white(kLength);
  for (double& v : white) v = normal(engine);
  EXPECT_NEAR(integrated_autocorrelation_time(white), 1.0, 0.08);
}

TEST(Geyer, DegenerateSeriesHaveNoIat) {
  EXPECT_TRUE(std::isnan(integrated_autocorrelation_time({1.0, 2.0, 3.0})));
  EXPECT_TRUE(std::isnan(integrated_autocorrelation_time(std::vector<double>(10, 0.5))));
}

TEST(Geyer, KeptPartMatchesTheSamplersBurnInAndThinning) {
  const std::vector<double> trace = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(kept_part(trace, 3, 2), (std::vector<double>{5, 7, 9}));
  EXPECT_EQ(kept_part(trace, 0, 1), trace);
  EXPECT_TRUE(kept_part(trace, 10, 1).empty());
}

}  // namespace
}  // namespace dpnp
