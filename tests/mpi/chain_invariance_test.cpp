// The whole chain is the same for every number of ranks: 50 iterations of TV inpainting give the same
// MMSE, variance and final state on B ranks as on one (<= 1e-6 relative; the counter-based noise and
// the halo-exact operators make it bitwise apart from reductions).
#include <gtest/gtest.h>

#include "chain_support.hpp"

namespace dpnp {
namespace {

config::Config small_tv_config() {
  const std::string yaml = fmt::format(R"(
truth: {{path: "{}", crop: [200, 150, 24, 19]}}
observation: {{missing_fraction: 0.6, snr_db: 20}}
prior: {{type: tv, mu: 15, rho: 0.01}}
sampler: {{iterations: 50, burn_in: 10, keep_samples: 5, flush_every: 7}}
)", test::demo_image());
  return config::Config::parse(yaml, "<string>");
}

struct ChainResult {
  at::Tensor mean, variance, x, z, mcse, ess;
  MapSummary ess_summary;
  std::vector<double> potential, prior, image_mean, pixels;
};

ChainResult run(const Comm& comm) {
  const test::ChainRun chain = test::run_chain(small_tv_config(), comm);
  const ChainState& state = chain.state;
  const auto& layout = chain.problem.domain->layout();
  const at::Tensor mcse = monte_carlo_error(state.welford, state.batches);
  const at::Tensor ess = effective_sample_size(posterior_variance(state.welford), mcse);
  return {test::gather_rows(comm, posterior_mean(state.welford), layout),
          test::gather_rows(comm, posterior_variance(state.welford), layout),
          test::gather_rows(comm, state.at("x"), layout),
          test::gather_rows(comm, state.at("z"), layout),
          test::gather_rows(comm, mcse, layout),
          test::gather_rows(comm, ess, layout),
          summarise_map(comm, ess),
          state.trace.potential,
          state.trace.prior,
          state.trace.image_mean,
          state.trace.pixels};
}

TEST(ChainInvariance, TvInpaintingMatchesTheSingleRankChain) {
  const Comm comm = test::world();
  const ChainResult distributed = run(comm);
  const ChainResult serial = run(Comm(MPI_COMM_SELF));
  EXPECT_LE(test::relative_error(distributed.mean, serial.mean), 1e-6);
  EXPECT_LE(test::relative_error(distributed.variance, serial.variance), 1e-6);
  EXPECT_LE(test::relative_error(distributed.x, serial.x), 1e-6);
  EXPECT_LE(test::relative_error(distributed.z, serial.z), 1e-6);
  ASSERT_EQ(distributed.potential.size(), 50u);
  for (std::size_t i = 0; i < serial.potential.size(); ++i)
    EXPECT_NEAR(distributed.potential[i], serial.potential[i], 1e-9 * std::abs(serial.potential[i])) << "iteration " << i + 1;
  // The prior term (mu TV(z)) is reduced like the potential.
  ASSERT_EQ(distributed.prior.size(), 50u);
  for (std::size_t i = 0; i < serial.prior.size(); ++i)
    EXPECT_NEAR(distributed.prior[i], serial.prior[i], 1e-9 * std::abs(serial.prior[i])) << "iteration " << i + 1;
  EXPECT_GT(serial.prior.back(), 0.0);
  // The Monte-Carlo error and ESS maps are pixel-local, so as invariant as the samples; their
  // median and minimum are exact order statistics of the map, whatever the rank count.
  ASSERT_TRUE(distributed.mcse.defined());
  EXPECT_LE(test::relative_error(distributed.mcse, serial.mcse), 1e-5);
  EXPECT_LE(test::relative_error(distributed.ess, serial.ess), 1e-5);
  EXPECT_NEAR(distributed.ess_summary.median, serial.ess_summary.median, 1e-5 * serial.ess_summary.median);
  EXPECT_NEAR(distributed.ess_summary.min, serial.ess_summary.min, 1e-5 * serial.ess_summary.min);
  EXPECT_EQ(distributed.ess_summary.finite, serial.ess.numel());
  const at::Tensor sorted = std::get<0>(serial.ess.flatten().to(at::kDouble).sort());
  EXPECT_EQ(serial.ess_summary.median, sorted[(sorted.numel() - 1) / 2].item<double>());
  EXPECT_EQ(serial.ess_summary.min, sorted[0].item<double>());
  EXPECT_GT(serial.mcse.min().item<double>(), 0.0);
  // The traced pixels come from one rank each (the others add zeros): as exact as the samples.
  ASSERT_EQ(distributed.pixels.size(), 50u * Trace::kTracedPixels);
  ASSERT_EQ(distributed.image_mean.size(), 50u);
  for (std::size_t i = 0; i < serial.pixels.size(); ++i)
    EXPECT_NEAR(distributed.pixels[i], serial.pixels[i], 1e-6) << "pixel value " << i;
  for (std::size_t i = 0; i < serial.image_mean.size(); ++i)
    EXPECT_NEAR(distributed.image_mean[i], serial.image_mean[i], 1e-9) << "iteration " << i + 1;
  // The chain moved and the statistics are not trivial.
  EXPECT_GT(distributed.variance.max().item<double>(), 0.0);
}

}  // namespace
}  // namespace dpnp
