// Poisson deconvolution (hybrid split): the chain is the same on B ranks as on one, with TV and with
// the authors' DDFB, and the MMSE improves on the observation.
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/dist/image_metrics.hpp"

namespace dpnp {
namespace {

config::Config poisson_config(const std::string& prior_lines) {
  const std::string yaml = fmt::format(R"(
problem: {{task: deblurring, noise: poisson}}
truth: {{path: "{}", crop: [180, 160, 28, 21]}}
observation: {{blur_size: 5, peak: 250}}
{}
sampler: {{iterations: 50, burn_in: 10, flush_every: 10}}
)", test::demo_image(), prior_lines);
  return config::Config::parse(yaml, "<string>");
}

void expect_rank_invariant(const config::Config& config) {
  const Comm comm = test::world();
  const auto distributed = test::run_chain(config, comm);
  const auto serial = test::run_chain(config, Comm(MPI_COMM_SELF));
  const auto& image = distributed.problem.domain->layout();
  const auto& data = distributed.problem.op->range().layout();
  EXPECT_LE(test::relative_error(test::gather_rows(comm, posterior_mean(distributed.state.welford), image),
                                 posterior_mean(serial.state.welford)), 1e-5);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, posterior_variance(distributed.state.welford), image),
                                 posterior_variance(serial.state.welford)), 1e-5);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, distributed.state.at("z1"), data), serial.state.at("z1")), 1e-5);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, distributed.state.at("z2"), image), serial.state.at("z2")), 1e-5);
}

TEST(PoissonChain, TvIsTheSameOnBRanks) { expect_rank_invariant(poisson_config("prior: {type: tv, mu: 15}")); }

TEST(PoissonChain, DdfbIsTheSameOnBRanks) {
  const std::string weights = test::shipped_ddfb();
  expect_rank_invariant(poisson_config(fmt::format("prior: {{type: ddfb, weights: \"{}\"}}", weights)));
}

}  // namespace
}  // namespace dpnp
