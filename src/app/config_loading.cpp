#include "config_loading.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "dpnp/core/error.hpp"

namespace dpnp::app {

config::Config load_config(const Comm& comm, const std::string& path, const std::vector<std::string>& overrides) {
  std::string effective;
  collectively(comm, [&] {
    if (!comm.is_root()) return;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      throw InputError(fmt::format("config '{}': is a directory; give the path of a YAML config file such as configs/demo.yaml", path));
    std::ifstream file(path);
    if (!file.good())
      throw InputError(fmt::format("config '{}': cannot open the file; give the path of a YAML config such as configs/demo.yaml", path));
    std::stringstream text;
    text << file.rdbuf();
    const config::Config parsed = config::Config::parse(text.str(), path, overrides);
    parsed.validate_files();
    effective = parsed.effective_yaml();
  });
  // Every rank parses the same effective text, so the outcome is the same everywhere.
  const std::string text = comm.broadcast(effective);
  std::optional<config::Config> config;
  collectively(comm, [&] { config = config::Config::parse(text, "<effective config>"); });
  return *config;
}

ExperimentOptions load_options(const Comm& comm, const std::string& path, const std::vector<std::string>& overrides) {
  return experiment_options(load_config(comm, path, overrides));
}

}  // namespace dpnp::app
