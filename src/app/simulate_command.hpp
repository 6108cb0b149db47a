#pragma once
// `dpnp simulate CONFIG`: synthesises the config's observation (mask or blur kernel, Gaussian or
// Poisson noise) from its ground truth and writes it as an observation file, which `dpnp sample`
// reads with observation.path: the same path a user's own data take.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace dpnp::app {

struct SimulateArgs {
  std::string config_path;
  std::vector<std::string> overrides;
  std::string output;  ///< default: <output.path without .h5>_observation.h5
};

CLI::App* add_simulate_command(CLI::App& cli, SimulateArgs& args);
int run_simulate(const SimulateArgs& args);

}  // namespace dpnp::app
