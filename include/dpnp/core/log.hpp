#pragma once
/// @file
/// Logging: spdlog's default logger, set up so that rank 0 speaks at the chosen level and the
/// other ranks only report warnings and errors (prefixed by their rank).

#include <spdlog/spdlog.h>

#include <string>

namespace dpnp::log {

/// Level names accepted by the config (run.log_level): trace, debug, info, warn, error, off.
bool is_valid_level(const std::string& name);

/// Configures the default logger for this rank. Call once per process, after MPI is up.
void init(int rank, int size, const std::string& level = "info");

/// Whether messages at `level` are printed on this rank.
bool enabled(spdlog::level::level_enum level);

}  // namespace dpnp::log
