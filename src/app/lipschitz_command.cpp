#include "lipschitz_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "dpnp/core/error.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/denoisers/lipschitz.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"
#include "dpnp/io/image_folder.hpp"
#include "dpnp/io/model_manifest.hpp"
#include "progress.hpp"
#include "dpnp/core/sha256.hpp"
#include "train_command.hpp"

namespace dpnp::app {

namespace {

// Rows: images; columns: sigmas; cells: the largest value over the image's patches.
std::string table_of(const LipschitzTable& table, const std::vector<double>& sigmas, std::vector<double>& column_max) {
  std::vector<std::string> names;
  std::map<std::string, std::vector<double>> cells;
  column_max.assign(sigmas.size(), 0.0);
  for (const auto& e : table.entries) {
    if (!cells.count(e.image)) {
      names.push_back(e.image);
      cells[e.image].assign(sigmas.size(), 0.0);
    }
    const auto s = static_cast<std::size_t>(std::find(sigmas.begin(), sigmas.end(), e.sigma) - sigmas.begin());
    cells[e.image][s] = std::max(cells[e.image][s], e.value);
    column_max[s] = std::max(column_max[s], e.value);
  }
  std::string out = "| image |";
  for (const double s : sigmas) out += fmt::format(" sigma {:g} |", s);
  out += "\n|---|";
  for (std::size_t i = 0; i < sigmas.size(); ++i) out += "---|";
  out += "\n";
  const auto row = [&](const std::string& name, const std::vector<double>& values) {
    out += "| " + name + " |";
    for (const double v : values) out += fmt::format(" {:.4f} |", v);
    out += "\n";
  };
  for (const auto& name : names) row(name, cells[name]);
  row("**max**", column_max);
  return out;
}

void record(const LipschitzArgs& args, const LipschitzTable& table, const std::vector<double>& column_max,
            std::size_t images) {
  YAML::Node manifest = read_manifest(args.manifest);
  const std::string digest = sha256_of_file(args.weights);
  if (manifest["sha256"] && manifest["sha256"].as<std::string>() != digest)
    spdlog::warn("{} describes weights with sha256 {}, but {} has {}: recording L anyway", args.manifest,
                 manifest["sha256"].as<std::string>(), args.weights, digest);
  YAML::Node l;
  l["L"] = table.max;
  l["of"] = "D_sigma - I: the largest ||J||_2 over all patches and sigmas";
  l["estimator"] = "power iteration on J^T J with autograd products (Pesquet et al. 2021; deepinv JacobianSpectralNorm)";
  l["sigmas"] = args.sigmas;
  l["sigmas"].SetStyle(YAML::EmitterStyle::Flow);
  l["max_per_sigma"] = column_max;
  l["max_per_sigma"].SetStyle(YAML::EmitterStyle::Flow);
  l["patches"] = fmt::format("{} per image, {}x{}, {} images", args.patches, args.patch, args.patch, images);
  l["iterations"] = args.iterations;
  l["tolerance"] = args.tolerance;
  l["seed"] = args.seed;
  l["weights_sha256"] = digest;
  YAML::Node files(YAML::NodeType::Sequence);
  for (const auto& f : args.images) files.push_back(std::filesystem::path(f).filename().string());
  l["images"] = files;
  manifest["lipschitz"] = l;
  write_manifest(args.manifest, manifest);
  spdlog::info("recorded L = {:.4f} in {}", table.max, args.manifest);
}

}  // namespace

CLI::App* add_lipschitz_command(CLI::App& cli, LipschitzArgs& a) {
  auto* cmd = cli.add_subcommand("lipschitz", "Estimate the Lipschitz constant of a denoiser's residual D - I.");
  const std::vector<std::string> networks = network_names();
  a.architecture = networks.front();  // the catalogue lists the shipped network first
  cmd->add_option("--arch", a.architecture, fmt::format("{}", fmt::join(networks, " | ")))
      ->check(CLI::IsMember(networks));
  cmd->add_option("--weights", a.weights, "Weights file (PyTorch zip-format state dict)")->required();
  cmd->add_option("--images", a.images, "Images whose patches are used")->required()->expected(1, -1);
  cmd->add_option("--sigmas", a.sigmas, "Noise levels, comma separated")->delimiter(',');
  cmd->add_option("--patches", a.patches, "Random patches per image")->check(CLI::PositiveNumber);
  cmd->add_option("--patch", a.patch, "Patch side in pixels")->check(CLI::PositiveNumber);
  cmd->add_option("--iterations", a.iterations, "Power iterations at most")->check(CLI::PositiveNumber);
  cmd->add_option("--tolerance", a.tolerance, "Relative change of ||J||^2 that stops the iteration");
  cmd->add_option("--manifest", a.manifest, "Record L in this model manifest (models/X.yaml)");
  cmd->add_option("--threads", a.threads, "LibTorch threads (default: one per core)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", a.seed, "Seed of the patch positions, the noise and the power-iteration starts");
  return cmd;
}

int run_lipschitz(const LipschitzArgs& args) {
  set_torch_threads(args.threads);
  try {
    require_single_process("dpnp lipschitz");
    auto net = load_trainable_network(args.architecture, args.weights);
    const ImageSet images = read_image_files(args.images, net->channels());
    LipschitzOptions options;
    options.sigmas = args.sigmas;
    options.patches_per_image = args.patches;
    options.patch = args.patch;
    options.power.iterations = args.iterations;
    options.power.tolerance = args.tolerance;
    options.seed = args.seed;
    const double start = now_seconds();
    const LipschitzTable table = estimate_lipschitz(*net, images.images, options);
    std::vector<double> column_max;
    std::printf("||J_{D-I}||_2 of %s (%s), the largest over %lld patches of %lldx%lld per image:\n%s\nL = %.4f (%s)\n",
                net->description().c_str(), args.weights.c_str(), static_cast<long long>(args.patches),
                static_cast<long long>(args.patch), static_cast<long long>(args.patch),
                table_of(table, args.sigmas, column_max).c_str(), table.max,
                format_duration(now_seconds() - start).c_str());
    std::fflush(stdout);
    if (!args.manifest.empty()) record(args, table, column_max, images.images.size());
    return kExitOk;
  } catch (Error& e) {
    e.set_agreed();
    throw;
  }
}

}  // namespace dpnp::app
