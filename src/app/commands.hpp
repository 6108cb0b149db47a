#pragma once
// The subcommands of the dpnp executable. Each returns the process exit code.

#include <string>
#include <vector>

namespace dpnp::app {

struct SampleArgs {
  std::string config_path;
  std::vector<std::string> overrides;
  bool dry_run = false;
  bool resume = false;     ///< continue from the last good checkpoint
  bool restart = false;    ///< discard an existing checkpoint and start a new chain
  double max_hours = 0.0;  ///< stop (checkpoint, exit 75) before this many hours; 0: no limit
};

int run_sample(const SampleArgs& args);
int run_config_reference(bool markdown);
int run_config_check(const SampleArgs& args);

}  // namespace dpnp::app
