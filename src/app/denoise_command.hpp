#pragma once
// `dpnp denoise CONFIG`: applies the config's plug-and-play denoiser (prior.type, prior.weights, the
// denoiser level) once to the config's image (truth.path), distributed like a chain, so that a user
// sees what a prior does to their data before sampling with it. With --add-noise the image is first
// corrupted by Gaussian noise at the denoiser's level, and the log gives PSNR/SSIM before and after.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace dpnp::app {

struct DenoiseArgs {
  std::string config_path;
  std::vector<std::string> overrides;
  std::string output;      ///< default: output.path with _denoised.h5 in place of .h5
  bool add_noise = false;  ///< denoise image + N(0, sigma_d^2) instead of the image itself
};

CLI::App* add_denoise_command(CLI::App& cli, DenoiseArgs& args);
int run_denoise(const DenoiseArgs& args);

}  // namespace dpnp::app
