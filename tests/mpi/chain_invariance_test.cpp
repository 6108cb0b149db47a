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
  at::Tensor mean, variance, x, z;
  std::vector<double> potential;
};

ChainResult run(const Comm& comm) {
  const test::ChainRun chain = test::run_chain(small_tv_config(), comm);
  const ChainState& state = chain.state;
  const auto& layout = chain.problem.domain->layout();
  return {test::gather_rows(comm, posterior_mean(state.welford), layout),
          test::gather_rows(comm, posterior_variance(state.welford), layout),
          test::gather_rows(comm, state.at("x"), layout), test::gather_rows(comm, state.at("z"), layout),
          state.trace.potential};
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
  // The chain moved and the statistics are not trivial.
  EXPECT_GT(distributed.variance.max().item<double>(), 0.0);
}

}  // namespace
}  // namespace dpnp
