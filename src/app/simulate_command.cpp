#include "simulate_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "config_loading.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/io/run_files.hpp"
#include "dpnp/io/result_file.hpp"
#include "dpnp/app/problem.hpp"

namespace dpnp::app {

namespace {

std::string default_output(const OutputOptions& output) {
  const std::filesystem::path result(output.path);
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
  const ExperimentOptions options = load_options(comm, args.config_path, args.overrides);
  if (!options.observation.path.empty())
    throw InputError("observation.path: dpnp simulate synthesises the observation, but the config reads one from a "
                     "file; remove observation.path (or --set observation.path=)");
  configure_threads(options.run.threads, comm.local_size());
  const std::string path = args.output.empty() ? default_output(options.output) : args.output;
  refuse_output_over_inputs(comm, options, args.config_path, path);
  // Always on the CPU: the observation is synthesised there whatever run.device says.
  const Problem e = build_data(options, comm, at::kCPU);
  std::error_code ignored;  // ResultFile reports an unusable directory itself
  if (std::filesystem::path(path).has_parent_path()) std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  ResultFile file(comm, path, "observation file", "--output");
  write_observation(file, e.record(), *e.domain);
  file.set_attribute("/", "config", options.config_yaml);
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  file.set_attribute("/", "observation_seed", static_cast<std::int64_t>(options.observation.seed));
  file.set_attribute("/", "format", std::string("dpnp observation 1"));
  write_run_provenance(file, comm);
  file.describe_for_readers();
  file.commit();
  for (const auto& [name, value] : e.facts) spdlog::info("{}: {}", name, value);
  spdlog::info("wrote {}; sample it with observation.path: {}", path, path);
  return kExitOk;
}

}  // namespace dpnp::app
