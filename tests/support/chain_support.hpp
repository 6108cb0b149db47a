#pragma once
// Running a whole chain from a config inside a test, through the same wiring as `dpnp sample`.

#include "../../src/app/experiment.hpp"
#include "dpnp/sampler/statistics.hpp"
#include "test_support.hpp"

namespace dpnp::test {

struct ChainRun {
  app::Experiment experiment;
  ChainState state;
};

/// Builds the experiment of `config` on `comm` and runs its sampler to the end.
inline ChainRun run_chain(const config::Config& config, const Comm& comm) {
  ChainRun run{app::build_experiment(config, comm, true), ChainState{}};
  Sampler sampler(*run.experiment.model, *run.experiment.domain, run.experiment.sampler_options);
  sampler.initialize(run.state);
  sampler.run(run.state);
  return run;
}

/// The path of the shipped demo image (for small crops in tests).
inline std::string demo_image() { return source_dir() + "/data/images/dandelion_512.png"; }

}  // namespace dpnp::test
