#pragma once
// `dpnp lipschitz`: the Lipschitz constant L of a denoiser's residual D - I over patches of given
// images and noise levels (Pesquet et al. 2021), printed as a table and recorded in the model manifest.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dpnp::app {

struct LipschitzArgs {
  std::string architecture;  ///< --arch; its default is the network catalogue's first
  std::string weights;
  std::vector<std::string> images;
  std::vector<double> sigmas{0.01, 0.03, 0.05, 0.07, 0.1};
  std::int64_t patches = 4;  ///< per image
  std::int64_t patch = 64;
  int iterations = 100;
  double tolerance = 1e-5;
  std::string manifest;  ///< record L here (models/X.yaml)
  int threads = 0;
  std::uint64_t seed = 0;
};

CLI::App* add_lipschitz_command(CLI::App& cli, LipschitzArgs& args);
int run_lipschitz(const LipschitzArgs& args);

}  // namespace dpnp::app
