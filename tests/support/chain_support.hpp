#pragma once
// Running a whole chain from a config inside a test, through the same wiring as `dpnp sample`.

#include "dpnp/app/problem.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/sampler/statistics.hpp"
#include "test_support.hpp"

namespace dpnp::test {

struct ChainRun {
  ExperimentOptions options;
  Problem problem;
  ChainState state;
};

/// Builds the problem of `config` on `comm` and runs its sampler to the end.
inline ChainRun run_chain(const config::Config& config, const Comm& comm) {
  ExperimentOptions options = experiment_options(config);
  ChainRun run{options, build_problem(options, comm, true), ChainState{}};
  Sampler sampler(*run.problem.model, *run.problem.domain, options.chain.sampler);
  sampler.initialize(run.state);
  sampler.run(run.state);
  return run;
}

/// The path of the shipped demo image (for small crops in tests).
inline std::string demo_image() { return source_dir() + "/data/images/dandelion_512.png"; }

}  // namespace dpnp::test
