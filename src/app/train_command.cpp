#include "train_command.hpp"

#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <mpi.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include "dpnp/core/error.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"
#include "dpnp/denoisers/training.hpp"
#include "dpnp/io/image_folder.hpp"
#include "dpnp/io/model_manifest.hpp"
#include "progress.hpp"
#include "dpnp/core/sha256.hpp"
#include "training_progress.hpp"

namespace dpnp::app {

namespace fs = std::filesystem;

namespace {

std::string recipe_command(const TrainArgs& a) {
  std::string line = fmt::format(
      "dpnp train --arch {} --images {} --validation {} --output {} --channels {} --layers {} --features {} "
      "--epochs {} --steps-per-epoch {} --batch {} --patch {} --sigma-max {:g} --lr {:g} --weight-decay {:g} "
      "--patience {} --factor {:g} --seed {}",
      a.architecture, a.images, a.validation, a.output, a.channels, a.layers, a.features, a.epochs,
      a.steps_per_epoch, a.batch, a.patch, a.sigma_max, a.learning_rate, a.weight_decay, a.patience, a.factor, a.seed);
  if (a.threads > 0) line += fmt::format(" --threads {}", a.threads);
  if (!a.init.empty()) line += " --init " + a.init;
  if (a.init_scale) line += fmt::format(" --init-scale {:g}", *a.init_scale);
  return line;
}

YAML::Node recipe_of(const TrainArgs& a, const TrainingOptions& o) {
  YAML::Node r;
  r["loss"] = "l1 / 2 (mean absolute error of the denoised patch, halved)";
  r["optimizer"]["name"] = "Adam";
  r["optimizer"]["lr"] = a.learning_rate;
  r["optimizer"]["weight_decay"] = a.weight_decay;
  r["schedule"]["name"] = "ReduceLROnPlateau on the validation loss (mode min, threshold 1e-4 relative)";
  r["schedule"]["patience"] = a.patience;
  r["schedule"]["factor"] = a.factor;
  r["epochs"] = a.epochs;
  r["steps_per_epoch"] = a.steps_per_epoch;
  r["batch"] = a.batch;
  r["patch"] = a.patch;
  r["sigma"] = fmt::format("U[0, {:g}] per batch", a.sigma_max);
  r["augmentation"] = "uniform random position over all images, one of the 8 flips/rotations";
  const NetworkEntry& network = network_entry(a.architecture, "--arch");
  if (network.sized_steps)
    r["tau"] = fmt::format("1.99 / ||D_k||^2 recomputed before every step at {0}x{0} (Lanczos, tolerance {1:g}, "
                           "at most {2} iterations)",
                           a.patch, o.tau_tolerance, o.tau_iterations);
  const double scale = a.init_scale.value_or(network.init_scale);
  r["init"] = a.init.empty() ? fmt::format("Kaiming normal (fan-in, ReLU gain) times {:g}, counter-based RNG seed {}",
                                           scale, a.seed)
                             : a.init;
  r["seed"] = a.seed;
  r["threads"] = at::get_num_threads();
  r["selection"] = "the epoch with the lowest validation loss";
  r["command"] = recipe_command(a);
  return r;
}

YAML::Node epoch_node(const EpochReport& e) {
  YAML::Node n;
  n["epoch"] = e.epoch;
  n["train_loss"] = e.train_loss;
  n["validation_loss"] = e.validation.loss;
  n["lr"] = e.learning_rate;
  n["seconds"] = e.seconds;
  n["psnr"] = e.validation.psnr;
  n["psnr"].SetStyle(YAML::EmitterStyle::Flow);
  return n;
}

void save_weights(const std::string& path, const TrainableNetwork& net) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  save_state_dict(path, net.state_dict());
}

int evaluate(const TrainArgs& args) {
  if (args.validation.empty()) throw InputError("--evaluate needs --validation DIR (the held-out crops)");
  const std::vector<double> sigmas = TrainingOptions{}.validation_sigmas;
  std::vector<DenoisingScores> scores;
  ImageSet validation;
  for (const auto& weights : args.evaluate) {
    auto net = load_trainable_network(args.architecture, weights);
    if (validation.images.empty()) validation = read_image_folder(args.validation, net->channels());
    const double start = now_seconds();
    scores.push_back(evaluate_denoising(*net, validation.images, sigmas));
    spdlog::info("{} ({}): {:.1f} s", weights, net->description(), now_seconds() - start);
  }
  std::string table = "| sigma | noisy |";
  for (const auto& w : args.evaluate) table += " " + fs::path(w).filename().string() + " |";
  table += "\n|---|---|";
  for (std::size_t i = 0; i < args.evaluate.size(); ++i) table += "---|";
  table += "\n";
  for (std::size_t s = 0; s < sigmas.size(); ++s) {
    table += fmt::format("| {:g} | {:.2f} |", sigmas[s], scores.front().noisy_psnr[s]);
    for (const auto& sc : scores) table += fmt::format(" {:.2f} |", sc.psnr[s]);
    table += "\n";
  }
  std::printf("Mean PSNR (dB) over the %zu images of %s, the same noise for every model:\n%s", validation.images.size(),
              args.validation.c_str(), table.c_str());
  return kExitOk;
}

std::unique_ptr<TrainableNetwork> initial_network(const TrainArgs& args) {
  if (!args.init.empty()) return load_trainable_network(args.architecture, args.init);
  FreshNetworkOptions fresh;
  fresh.channels = args.channels;
  fresh.layers = args.layers;
  fresh.features = args.features;
  fresh.seed = args.seed;
  fresh.init_scale = args.init_scale;
  return make_fresh_network(args.architecture, fresh);
}

int train(const TrainArgs& args) {
  if (args.images.empty() || args.validation.empty() || args.output.empty())
    throw InputError("dpnp train needs --images DIR, --validation DIR and --output FILE.pth (or --evaluate WEIGHTS)");
  auto net = initial_network(args);
  const ImageSet training = read_image_folder(args.images, net->channels());
  const ImageSet validation = read_image_folder(args.validation, net->channels());
  const PatchSampler sampler(training.images, args.patch, args.seed);
  TrainingOptions options;
  options.epochs = args.epochs;
  options.steps_per_epoch = args.steps_per_epoch;
  options.batch = args.batch;
  options.sigma_max = args.sigma_max;
  options.learning_rate = args.learning_rate;
  options.weight_decay = args.weight_decay;
  options.patience = args.patience;
  options.factor = args.factor;
  const std::string checkpoints =
      args.checkpoints.empty() ? fs::path(args.output).replace_extension(".checkpoints").string() : args.checkpoints;
  const std::string manifest_path = manifest_path_for(args.output);
  spdlog::info("dpnp train: {} on {} images ({} validation), {} threads; checkpoints in {}", net->description(),
               training.images.size(), validation.images.size(), at::get_num_threads(), checkpoints);

  YAML::Node manifest;
  manifest["architecture"] = args.architecture;
  manifest["description"] = net->description();
  manifest["channels"] = net->channels();
  manifest[network_entry(args.architecture, "--arch").layers_key] = args.layers;
  manifest["features"] = args.features;
  manifest["weights"] = fs::path(args.output).filename().string();
  manifest["dpnp_version"] = fmt::format("{} ({})", version(), git_hash());
  manifest["recipe"] = recipe_of(args, options);
  manifest["training_images"] = image_records(training.records);
  manifest["validation_images"] = image_records(validation.records);
  manifest["validation"]["sigmas"] = options.validation_sigmas;
  manifest["validation"]["sigmas"].SetStyle(YAML::EmitterStyle::Flow);
  manifest["validation"]["noise"] = "one fixed counter-based realisation per image and sigma; PSNR of the output "
                                    "clipped to [0, 1], averaged over the images";
  manifest["validation"]["epochs"] = YAML::Node(YAML::NodeType::Sequence);

  TrainingProgress progress(options.first_epoch, options.epochs, options.steps_per_epoch);
  const double start = now_seconds();
  TrainingCallbacks callbacks;
  callbacks.on_step = [&](const StepReport& s) { progress.on_step(s); };
  callbacks.on_epoch = [&](const EpochReport& e, const TrainableNetwork& trained) {
    progress.on_epoch(e);
    save_weights(fmt::format("{}/epoch_{:03d}.pth", checkpoints, e.epoch), trained);
    manifest["validation"]["epochs"].push_back(epoch_node(e));
    if (e.best) {
      save_weights(args.output, trained);
      manifest["validation"]["final"] = epoch_node(e);
      manifest["sha256"] = sha256_of_file(args.output);
    }
    manifest["training_seconds"] = now_seconds() - start;
    manifest["status"] = e.epoch + 1 == options.first_epoch + options.epochs ? "complete" : "running";
    write_manifest(manifest_path, manifest);
  };
  train_denoiser(*net, sampler, validation.images, options, callbacks);
  spdlog::info("dpnp train: done in {}; best weights {} (manifest {})", format_duration(now_seconds() - start),
               args.output, manifest_path);
  return kExitOk;
}

}  // namespace

void require_single_process(const std::string& command) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (ranks != 1) throw InputError(fmt::format("{} runs on one process; start it without mpirun", command));
}

void set_torch_threads(int threads) {
  at::set_num_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

CLI::App* add_train_command(CLI::App& cli, TrainArgs& a) {
  const std::vector<std::string> trainable = trainable_network_names();
  std::vector<std::string> layers, scales;
  for (const auto& entry : network_catalogue())
    if (entry.fresh) {
      layers.push_back(fmt::format("{}: {}", entry.name, entry.layers_doc));
      scales.push_back(fmt::format("{:g} {}", entry.init_scale, entry.name));
    }
  auto* cmd = cli.add_subcommand(
      "train", fmt::format("Train a denoiser ({}) on random patches of a folder of images.", fmt::join(trainable, ", ")));
  a.architecture = trainable.front();  // the catalogue lists the shipped network first
  cmd->add_option("--arch", a.architecture, fmt::format("{}", fmt::join(trainable, " | ")))
      ->check(CLI::IsMember(trainable));
  cmd->add_option("--images", a.images, "Folder of training images (scripts/fetch_training_images.sh)");
  cmd->add_option("--validation", a.validation, "Folder of held-out images, used whole (fixed crops)");
  cmd->add_option("--output", a.output, "Weights file to write (the best epoch); the manifest goes beside it (.yaml)");
  cmd->add_option("--checkpoints", a.checkpoints, "Folder for per-epoch weights (default: OUTPUT.checkpoints/)");
  cmd->add_option("--init", a.init, "Start from these weights instead of a Kaiming init");
  cmd->add_option("--channels", a.channels, "Image channels of a fresh network")->check(CLI::IsMember({1, 3}));
  cmd->add_option("--layers", a.layers, fmt::format("{} (fresh network)", fmt::join(layers, "; ")))
      ->check(CLI::PositiveNumber);
  cmd->add_option("--features", a.features, "Feature channels (fresh network)")->check(CLI::PositiveNumber);
  cmd->add_option("--init-scale", a.init_scale,
                  fmt::format("Multiplies the Kaiming std of a fresh network (default: {})", fmt::join(scales, ", ")))
      ->check(CLI::PositiveNumber);
  cmd->add_option("--epochs", a.epochs, "Epochs")->check(CLI::PositiveNumber);
  cmd->add_option("--steps-per-epoch", a.steps_per_epoch, "Optimiser steps per epoch")->check(CLI::PositiveNumber);
  cmd->add_option("--batch", a.batch, "Patches per step")->check(CLI::PositiveNumber);
  cmd->add_option("--patch", a.patch, "Patch side in pixels")->check(CLI::PositiveNumber);
  cmd->add_option("--sigma-max", a.sigma_max, "Noise level of each batch ~ U[0, sigma-max]")->check(CLI::NonNegativeNumber);
  cmd->add_option("--lr", a.learning_rate, "Adam learning rate")->check(CLI::PositiveNumber);
  cmd->add_option("--weight-decay", a.weight_decay, "Adam weight decay")->check(CLI::NonNegativeNumber);
  cmd->add_option("--patience", a.patience, "Epochs without validation improvement before the rate is cut");
  cmd->add_option("--factor", a.factor, "Learning-rate cut")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--threads", a.threads, "LibTorch threads (default: one per core)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", a.seed, "Seed of the init, the patches and the noise");
  cmd->add_option("--evaluate", a.evaluate,
                  "Instead of training, print the validation PSNR per sigma of these weights (repeatable)")
      ->type_name("WEIGHTS");
  return cmd;
}

int run_train(const TrainArgs& args) {
  set_torch_threads(args.threads);
  try {
    require_single_process("dpnp train");
    return args.evaluate.empty() ? train(args) : evaluate(args);
  } catch (Error& e) {
    e.set_agreed();  // a single-process command: nothing to agree with other ranks
    throw;
  }
}

}  // namespace dpnp::app
