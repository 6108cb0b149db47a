// Rank-normalised split-R-hat against ArviZ on synthetic AR(1) chains (tests/fixtures/make_rhat_fixtures.py,
// M = 1..4 chains), and its power: it flags chains started far apart and stopped early, and does not
// flag long stationary ones. Then the convergence verdict built on it: the rule, and the advice with
// its numbers.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "dpnp/sampler/convergence.hpp"
#include "dpnp/sampler/rhat.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

using Chains = std::vector<std::vector<double>>;

// AR(1) chains x_t = phi x_{t-1} + e_t from the given starts.
Chains ar1(const std::vector<double>& starts, std::int64_t draws, double phi, std::uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  Chains chains;
  for (double start : starts) {
    const at::Tensor innovations = at::normal(0.0, 1.0, {draws}, generator).to(at::kDouble).contiguous();
    std::vector<double> chain;
    double value = start;
    for (std::int64_t t = 0; t < draws; ++t) chain.push_back(value = phi * value + innovations.data_ptr<double>()[t]);
    chains.push_back(chain);
  }
  return chains;
}

// Both implementations compute the same sums in double precision; the normal quantiles of ATen and
// SciPy agree to about 1e-15, so 1e-10 leaves room for summation order and nothing else.
TEST(SplitRhat, MatchesArviz) {
  const std::string fixture = test::binary_dir() + "/fixtures/rhat.h5";
  if (!std::filesystem::exists(fixture)) GTEST_SKIP() << "no " << fixture << " (run the fixture_rhat test first)";
  const auto cases = static_cast<int>(test::read_h5_attribute(fixture, "cases"));
  ASSERT_GE(cases, 16);
  for (int k = 0; k < cases; ++k) {
    const std::string group = "/case_" + std::to_string(k);
    const at::Tensor x = test::read_h5(fixture, group + "/chains").to(at::kDouble).contiguous();
    const double expected = test::read_h5(fixture, group + "/rhat").item<double>();
    Chains chains;
    for (std::int64_t m = 0; m < x.size(0); ++m)
      chains.emplace_back(x[m].data_ptr<double>(), x[m].data_ptr<double>() + x.size(1));
    const SplitRhat r = split_rhat(chains);
    EXPECT_NEAR(r.rhat, expected, 1e-10 * expected) << group << ": " << x.size(0) << " chains of " << x.size(1);
    EXPECT_DOUBLE_EQ(r.rhat, std::max(r.bulk, r.tail));
  }
}

TEST(SplitRhat, FlagsChainsStartedFarApartAndStoppedEarly) {
  // The stationary standard deviation is 3.2; the starts are 10 of them apart, and 60 draws at phi 0.95
  // (IAT 39) do not forget them.
  for (std::size_t m = 1; m <= 4; ++m) {
    std::vector<double> starts;
    for (std::size_t i = 0; i < m; ++i) starts.push_back(m == 1 ? 40.0 : -30.0 + 60.0 * static_cast<double>(i) / static_cast<double>(m - 1));
    const SplitRhat r = split_rhat(ar1(starts, 60, 0.95, 10 + m));
    EXPECT_GT(r.rhat, 1.1) << m << " chains";
  }
}

TEST(SplitRhat, DoesNotFlagLongStationaryChains) {
  // 20000 draws at phi 0.9 (IAT 19): an ESS of about 1000 per chain, where split-R-hat - 1 is of order
  // 1/ESS; the 1.01 threshold is far above that.
  for (std::size_t m = 1; m <= 4; ++m) {
    const std::vector<double> starts(m, 0.0);
    const SplitRhat r = split_rhat(ar1(starts, 20000, 0.9, 20 + m));
    EXPECT_LT(r.rhat, 1.01) << m << " chains";
    EXPECT_GT(r.rhat, 0.99) << m << " chains";
  }
}

TEST(SplitRhat, IsUndefinedWhereItCannotBeComputed) {
  EXPECT_TRUE(std::isnan(split_rhat({}).rhat));
  EXPECT_TRUE(std::isnan(split_rhat({{1.0, 2.0, 3.0}}).rhat));              // fewer than 4 draws
  EXPECT_TRUE(std::isnan(split_rhat({{1.0, 1.0, 1.0, 1.0, 1.0}}).rhat));    // no variation
  EXPECT_TRUE(std::isnan(split_rhat({{1.0, 2.0, NAN, 4.0, 5.0}}).rhat));    // not finite
  EXPECT_FALSE(std::isnan(split_rhat({{1.0, 2.0, 3.0, 4.0}}).rhat));
}

SamplerOptions options(std::int64_t iterations, std::int64_t burn_in) {
  SamplerOptions o;
  o.iterations = iterations;
  o.burn_in = burn_in;
  return o;
}

bool mentions(const std::vector<std::string>& advice, const std::string& text) {
  for (const auto& a : advice)
    if (a.find(text) != std::string::npos) return true;
  return false;
}

TEST(ConvergenceVerdict, PassesWhenEverySummaryMeetsTheRule) {
  const std::vector<SummaryDiagnostic> summaries = {{"potential", 3.0, 900.0, 1.002}, {"image mean", 5.0, 450.0, 1.009}};
  const ConvergenceVerdict v = judge_convergence(summaries, options(3000, 300));
  EXPECT_TRUE(v.converged);
  EXPECT_TRUE(v.advice.empty());
  EXPECT_DOUBLE_EQ(v.max_rhat, 1.009);
  EXPECT_EQ(v.max_rhat_label, "image mean");
  EXPECT_DOUBLE_EQ(v.min_ess, 450.0);
}

TEST(ConvergenceVerdict, AsksForALongerBurnInWhenRhatIsHigh) {
  // 1000 iterations, 100 of burn-in: the first half of the 900 kept ones joins the burn-in (550), and
  // 900 iterations stay after it (1450).
  const std::vector<SummaryDiagnostic> summaries = {{"potential", 3.0, 900.0, 1.05}, {"prior", 3.0, 800.0, 1.001}};
  const ConvergenceVerdict v = judge_convergence(summaries, options(1000, 100));
  EXPECT_FALSE(v.converged);
  EXPECT_EQ(v.max_rhat_label, "potential");
  ASSERT_EQ(v.advice.size(), 1u);
  EXPECT_TRUE(mentions(v.advice, "sampler.burn_in (now 100) to at least 550")) << v.advice[0];
  EXPECT_TRUE(mentions(v.advice, "sampler.iterations (now 1000) to at least 1450")) << v.advice[0];
}

TEST(ConvergenceVerdict, AsksForMoreIterationsWhenEssIsLow) {
  // ESS 100 of 400 from 900 kept iterations: 3600 kept ones are needed, 3700 iterations in all.
  const std::vector<SummaryDiagnostic> summaries = {{"potential", 9.0, 100.0, 1.001}, {"pixel (1, 1)", 2.0, 450.0, 1.0}};
  const ConvergenceVerdict v = judge_convergence(summaries, options(1000, 100));
  EXPECT_FALSE(v.converged);
  ASSERT_EQ(v.advice.size(), 1u);
  EXPECT_TRUE(mentions(v.advice, "increase sampler.iterations (now 1000) to about 3700")) << v.advice[0];
  EXPECT_TRUE(mentions(v.advice, "potential has ESS 100.0")) << v.advice[0];
}

TEST(ConvergenceVerdict, FailsWhenASummaryCannotBeAssessed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<SummaryDiagnostic> summaries = {{"potential", nan, nan, nan}, {"image mean", 2.0, 500.0, 1.0}};
  const ConvergenceVerdict v = judge_convergence(summaries, options(10, 8));
  EXPECT_FALSE(v.converged);
  EXPECT_TRUE(mentions(v.advice, "no R-hat or ESS for potential")) << v.advice.at(0);
  EXPECT_FALSE(judge_convergence({}, options(10, 8)).converged);
}

TEST(ConvergenceVerdict, DiagnosesTheKeptPartOfATrace) {
  // A trace that decays from 60 with a time constant of 1000 iterations, on stationary AR(1) noise
  // (phi 0.5): with the decay in the burn-in it passes; with the decay kept, split-R-hat sees the drift.
  const std::vector<double> noise = ar1({0.0}, 22000, 0.5, 7).front();
  std::vector<double> trace;
  for (std::size_t t = 0; t < noise.size(); ++t) trace.push_back(60.0 * std::exp(-static_cast<double>(t) / 1000.0) + noise[t]);
  // (NumPy's version of this trace gives 1.0001 and 1.12.)
  const SummaryDiagnostic good = diagnose_trace("x", trace, options(22000, 10000));
  EXPECT_LT(good.rhat, 1.01);
  EXPECT_NEAR(good.ess * good.iat, 12000.0, 1e-6);
  const SummaryDiagnostic drifting = diagnose_trace("x", trace, options(22000, 0));
  EXPECT_GT(drifting.rhat, 1.05);
}

TEST(ConvergenceVerdict, SeveralChainsAddTheirEssAndCompareTheirLocations) {
  // AR(1) with phi 0.5 has tau_int = (1 + phi) / (1 - phi) = 3: four independent chains of 8000 kept
  // values hold about 4 x 8000 / 3 effective samples; the same chains with one shifted by 2 standard
  // deviations (1 / sqrt(1 - phi^2) = 1.15) disagree.
  const Chains chains = ar1({0.0, 0.0, 0.0, 0.0}, 8000, 0.5, 11);
  const SummaryDiagnostic one = diagnose_chains("x", {chains[0]}, options(8000, 0));
  const SummaryDiagnostic single = diagnose_trace("x", chains[0], options(8000, 0));
  EXPECT_EQ(one.iat, single.iat);
  EXPECT_EQ(one.ess, single.ess);
  EXPECT_EQ(one.rhat, single.rhat);
  const SummaryDiagnostic four = diagnose_chains("x", chains, options(8000, 0));
  EXPECT_NEAR(four.ess, 4 * 8000 / 3.0, 0.15 * 4 * 8000 / 3.0);
  EXPECT_NEAR(four.iat, 3.0, 0.45);
  EXPECT_LT(four.rhat, 1.01);
  Chains shifted = chains;
  for (double& x : shifted[3]) x += 2.3;
  EXPECT_GT(diagnose_chains("x", shifted, options(8000, 0)).rhat, 1.1);
}

}  // namespace
}  // namespace dpnp
