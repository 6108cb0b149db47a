#include "simulate_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "config_loading.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/io/result_file.hpp"
#include "experiment.hpp"
#include "observation_file.hpp"

namespace dpnp::app {

namespace {

std::string default_output(const config::Config& config) {
  const std::filesystem::path result(config.get_string("output.path"));
  return (result.parent_path() / (result.stem().string() + "_observation.h5")).string();
}

}  // namespace

CLI::App* add_simulate_command(CLI::App& cli, SimulateArgs& args) {
  auto* cmd = cli.add_subcommand(
      "simulate", "Synthesise a config's observation from its ground truth and write it as an observation file.");
  cmd->add_option("config", args.config_path, "Experiment config (YAML)")->required();
  cmd->add_option("--set", args.overrides, "Override a config key")->type_name("KEY=VALUE");
  cmd->add_option("-o,--output", args.output,
                  "Observation file to write (default: output.path with _observation.h5 in place of .h5)");
  return cmd;
}

int run_simulate(const SimulateArgs& args) {
  const Comm comm = Comm::world();
  const config::Config config = load_config(comm, args.config_path, args.overrides);
  if (!config.get_string("observation.path").empty())
    throw InputError("observation.path: dpnp simulate synthesises the observation, but the config reads one from a "
                     "file; remove observation.path (or --set observation.path=)");
  configure_threads(static_cast<int>(config.get_int("run.threads")), comm.local_size());
  // Always on the CPU: the observation is synthesised there whatever run.device says.
  const Experiment e = build_data(config, comm, at::kCPU);
  const std::string path = args.output.empty() ? default_output(config) : args.output;
  std::error_code ignored;  // ResultFile reports an unusable directory itself
  if (std::filesystem::path(path).has_parent_path()) std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  ResultFile file(comm, path, "observation file", "--output");
  write_observation(file, e);
  file.set_attribute("/", "config", config.effective_yaml());
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  file.set_attribute("/", "observation_seed", config.get_int("observation.seed"));
  file.set_attribute("/", "format", std::string("dpnp observation 1"));
  file.commit();
  for (const auto& [name, value] : e.facts) spdlog::info("{}: {}", name, value);
  spdlog::info("wrote {}; sample it with observation.path: {}", path, path);
  return kExitOk;
}

}  // namespace dpnp::app
