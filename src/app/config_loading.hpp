#pragma once
// Reading the experiment config once, on rank 0, and handing the same validated config to every rank.

#include <string>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/io/config.hpp"
#include "dpnp/io/options.hpp"

namespace dpnp::app {

/// Rank 0 reads `path`, applies `overrides`, validates keys and files; the effective config (or the
/// error) is broadcast, so every rank returns the same Config or throws the same agreed InputError.
config::Config load_config(const Comm& comm, const std::string& path, const std::vector<std::string>& overrides);

/// The typed options of the config at `path` with `overrides` (load_config, then read once).
ExperimentOptions load_options(const Comm& comm, const std::string& path, const std::vector<std::string>& overrides);

}  // namespace dpnp::app
