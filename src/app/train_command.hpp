#pragma once
// `dpnp train`: trains a denoiser of the network catalogue on random patches of a folder of images and writes
// its state dict and manifest; `--evaluate` instead compares weights files on the validation crops.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dpnp::app {

struct TrainArgs {
  std::string architecture;  ///< --arch; its default is the network catalogue's first
  std::string images;      ///< training folder
  std::string validation;  ///< held-out folder (fixed crops)
  std::string output;      ///< models/X.pth (the best epoch); models/X.yaml beside it
  std::string checkpoints; ///< per-epoch weights; default: <output without .pth>.checkpoints/
  std::string init;        ///< start from these weights instead of a Kaiming init
  std::int64_t channels = 3;
  std::int64_t layers = 4;
  std::int64_t features = 64;
  std::optional<double> init_scale;  ///< Kaiming std multiplier (default: the catalogue entry's)
  std::int64_t epochs = 20;
  std::int64_t steps_per_epoch = 500;
  std::int64_t batch = 32;
  std::int64_t patch = 50;
  double sigma_max = 0.1;
  double learning_rate = 1e-3;
  double weight_decay = 1e-4;
  int patience = 5;
  double factor = 0.5;
  int threads = 0;  ///< 0: one per core
  std::uint64_t seed = 0;
  std::vector<std::string> evaluate;  ///< weights files to score instead of training
};

CLI::App* add_train_command(CLI::App& cli, TrainArgs& args);
int run_train(const TrainArgs& args);

/// Sets LibTorch's intra-op threads (it defaults to 1 on some machines, build-notes section 4).
void set_torch_threads(int threads);

/// Throws InputError when started on more than one MPI rank (training and the Lipschitz estimate are
/// whole-image, single-process computations).
void require_single_process(const std::string& command);

}  // namespace dpnp::app
