#pragma once
// `dpnp bench CONFIG`: time the sampler's iterations of an experiment, per phase, on the slowest rank.

#include <string>
#include <vector>

namespace dpnp::app {

struct BenchArgs {
  std::string config_path;
  std::vector<std::string> overrides;
  int warmup = 5;
  int iterations = 20;
  std::string json_path;  ///< empty: JSON on standard output after the table
};

int run_bench(const BenchArgs& args);

}  // namespace dpnp::app
