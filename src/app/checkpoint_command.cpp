#include "checkpoint_command.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dpnp/io/options.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/io/checkpoint.hpp"
#include "dpnp/io/run_files.hpp"

namespace dpnp::app {

namespace {

// The config as `dpnp sample` reads it (load_config), by this process alone.
config::Config read_config(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(fmt::format("config '{}': is a directory; give the path of a YAML config file such as configs/demo.yaml", path));
  std::ifstream file(path);
  if (!file.good())
    throw InputError(fmt::format("config '{}': cannot open the file; give the path of a YAML config such as configs/demo.yaml", path));
  std::stringstream text;
  text << file.rdbuf();
  return config::Config::parse(text.str(), path, overrides);
}

struct Verdict {
  const char* state;
  std::string detail;
};

// One word for a batch script (none, resumable, finished, other-chain, damaged) and one line for people.
Verdict judge(const CheckpointSummary& found, const ChainFingerprint& here, std::int64_t iterations) {
  if (found.file.empty() && found.problem.empty()) return {"none", "no checkpoint: `dpnp sample` starts a new chain"};
  if (found.file.empty()) return {"damaged", found.problem};
  if (found.fingerprint != here)
    return {"other-chain",
            fmt::format("the checkpoint belongs to another chain ({}); to start this one, give it its own output.path "
                        "or run `dpnp sample --restart` (discards the checkpoint); to continue the other chain, use "
                        "the config it was written with (h5dump -a config {})",
                        found.fingerprint.first_difference(here), found.file)};
  if (found.iteration >= iterations)
    return {"finished", fmt::format("the chain has run {} of sampler.iterations = {}; raise sampler.iterations and "
                                    "run `dpnp sample --resume` to continue it",
                                    found.iteration, iterations)};
  return {"resumable", fmt::format("`dpnp sample --resume` continues the chain from iteration {} of {}",
                                   found.iteration, iterations)};
}

}  // namespace

CLI::App* add_checkpoint_command(CLI::App& cli, CheckpointInfoArgs& args) {
  auto* group = cli.add_subcommand("checkpoint", "Checkpoint tools (no MPI: run them directly, not under mpirun/srun).");
  group->require_subcommand(1);
  auto* info = group->add_subcommand(
      "info", "Print the chain's checkpoint file and its state (none, resumable, finished, other-chain, damaged).");
  info->add_option("config", args.config_path, "Experiment config (YAML)")->required();
  info->add_option("--set", args.overrides, "Override a config key, as given to dpnp sample")->type_name("KEY=VALUE");
  return info;
}

int run_checkpoint_info(const CheckpointInfoArgs& args) {
  ExperimentOptions options = experiment_options(read_config(args.config_path, args.overrides));
  options.fingerprint = options.fingerprint.with_files(chain_data_files(options));
  const CheckpointPaths paths = options.output.checkpoints();
  const std::int64_t iterations = options.chain.sampler.iterations;
  const CheckpointSummary found = inspect_checkpoint(paths);
  const Verdict verdict = judge(found, options.fingerprint, iterations);
  std::cout << "checkpoint: " << paths.current << "\n"
            << "state: " << verdict.state << "\n";
  if (!found.file.empty()) std::cout << "file: " << found.file << "\n" << "iteration: " << found.iteration << "\n";
  std::cout << "iterations: " << iterations << "\n"
            << "detail: " << verdict.detail << "\n";
  return kExitOk;
}

bool runs_without_mpi(int argc, char** argv) {
  // The first word that is not an option names the command.
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return std::strcmp(argv[i], "checkpoint") == 0 || std::strcmp(argv[i], "report") == 0;
  return false;
}

}  // namespace dpnp::app
