// Every task x noise x prior gives the same chain on B ranks as on one, at odd, non-square sizes whose
// rows do not split evenly. The synthetic observation is compared bit for bit first: a Poisson draw is a
// step function of its mean, so clean data rounded differently per decomposition once flipped counts
// (issue 15.1: Poisson-TV deblurring at 3x203x157 differed by 1.7e-3 at B = 2 and 4, not at B = 3).
#include <gtest/gtest.h>

#include <string>

#include "chain_support.hpp"

namespace dpnp {
namespace {

struct Case {
  std::string name, task, noise, prior;
  int rows, cols, iterations;
};

std::string prior_yaml(const Case& c) {
  if (c.prior == "ddfb") return fmt::format("{{type: ddfb, weights: \"{}\"}}", test::shipped_ddfb());
  if (c.prior == "quadratic") return "{type: quadratic, mu: 4, rho: 0.01}";
  return fmt::format("{{type: {}, mu: 10, rho: 0.01}}", c.prior);
}

config::Config case_config(const Case& c) {
  const std::string observation = c.task == "inpainting" ? "missing_fraction: 0.6" : "blur_kernel: motion, blur_size: 5";
  const std::string level = c.noise == "poisson" ? "peak: 100" : "snr_db: 20";
  return config::Config::parse(fmt::format(R"(
run: {{threads: 1}}
problem: {{task: {}, noise: {}}}
truth: {{path: "{}", crop: [100, 120, {}, {}]}}
observation: {{{}, {}}}
prior: {}
poisson: {{rho1: 10, rho2: 0.01}}
sampler: {{iterations: {}, burn_in: 2, keep_samples: 0}}
)",
                                           c.task, c.noise, test::demo_image(), c.rows, c.cols, observation, level,
                                           prior_yaml(c), c.iterations),
                               "<string>");
}

struct Outcome {
  at::Tensor observation, mean, variance;
  std::vector<double> potential;
};

Outcome run(const Case& c, const Comm& comm) {
  const test::ChainRun chain = test::run_chain(case_config(c), comm);
  const Problem& p = chain.problem;
  return {test::gather_rows(comm, p.observation, p.op->range().layout()),
          test::gather_rows(comm, posterior_mean(chain.state.welford), p.domain->layout()),
          test::gather_rows(comm, posterior_variance(chain.state.welford), p.domain->layout()),
          chain.state.trace.potential};
}

class TaskPriorInvariance : public ::testing::TestWithParam<Case> {};

TEST_P(TaskPriorInvariance, MatchesTheSingleRankChain) {
  const Case& c = GetParam();
  const Comm comm = test::world();
  const Outcome distributed = run(c, comm);
  const Outcome serial = run(c, Comm(MPI_COMM_SELF));
  EXPECT_TRUE(at::equal(distributed.observation, serial.observation)) << "the synthetic observation differs";
  EXPECT_LE(test::relative_error(distributed.mean, serial.mean), 1e-6);
  EXPECT_LE(test::relative_error(distributed.variance, serial.variance), 1e-5);
  ASSERT_EQ(distributed.potential.size(), serial.potential.size());
  for (std::size_t i = 0; i < serial.potential.size(); ++i)
    EXPECT_NEAR(distributed.potential[i], serial.potential[i], 1e-6 * std::abs(serial.potential[i])) << "iteration " << i + 1;
  EXPECT_GT(serial.variance.max().item<double>(), 0.0) << "the chain did not move";
}

// Small odd sizes for every combination dpnp accepts; the issue's own size for Poisson-TV deblurring, where the bug showed.
std::vector<Case> cases() {
  std::vector<Case> out;
  for (const std::string task : {"inpainting", "deblurring"})
    for (const std::string noise : {"gaussian", "poisson"})
      for (const std::string prior : {"tv", "tv_aniso", "quadratic", "ddfb"}) {
        if (noise == "poisson" && prior == "quadratic") continue;  // refused at set-up: Gaussian noise only
        out.push_back({task + "_" + noise + "_" + prior, task, noise, prior, 23, 17, 12});
      }
  out.push_back({"deblurring_poisson_tv_203x157", "deblurring", "poisson", "tv", 203, 157, 4});
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryTaskNoiseAndPrior, TaskPriorInvariance, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace dpnp
