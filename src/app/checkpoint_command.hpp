#pragma once
// `dpnp checkpoint info CONFIG [--set KEY=VALUE ...]`: where the chain of a config keeps its
// checkpoint and what is there, for batch scripts choosing between a new chain and --resume. It reads
// files only and runs without MPI (main() does not initialise it), so no srun or mpirun is needed.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace dpnp::app {

struct CheckpointInfoArgs {
  std::string config_path;
  std::vector<std::string> overrides;
};

/// Adds `checkpoint` and its `info` subcommand; returns `info`.
CLI::App* add_checkpoint_command(CLI::App& cli, CheckpointInfoArgs& args);
int run_checkpoint_info(const CheckpointInfoArgs& args);

/// Whether the command line asks for a command that only reads files and runs without MPI
/// (`dpnp checkpoint ...`, `dpnp report ...`).
bool runs_without_mpi(int argc, char** argv);

}  // namespace dpnp::app
