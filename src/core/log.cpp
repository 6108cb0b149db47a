#include "dpnp/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace dpnp::log {

bool is_valid_level(const std::string& name) {
  return name == "trace" || name == "debug" || name == "info" || name == "warn" || name == "error" ||
         name == "off";
}

void init(int rank, int size, const std::string& level) {
  auto logger = spdlog::stderr_color_mt(fmt::format("dpnp-{}", rank));
  const auto chosen = spdlog::level::from_str(level);
  if (rank == 0) {
    logger->set_pattern("[%H:%M:%S] %^%l%$ %v");
    logger->set_level(chosen);
  } else {
    logger->set_pattern(fmt::format("[%H:%M:%S] [rank {}/{}] %^%l%$ %v", rank, size));
    logger->set_level(std::max(chosen, spdlog::level::warn));
  }
  spdlog::set_default_logger(logger);
}

bool enabled(spdlog::level::level_enum level) { return spdlog::default_logger_raw()->should_log(level); }

}  // namespace dpnp::log
