#include "progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "dpnp/core/timer.hpp"
#include "dpnp/sampler/autocorrelation.hpp"

namespace dpnp::app {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<long>(seconds + 0.5);
  const long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  return h > 0 ? fmt::format("{}:{:02d}:{:02d}", h, m, s) : fmt::format("{}:{:02d}", m, s);
}

ProgressObserver::ProgressObserver(bool is_root, const SamplerOptions& sampler, std::int64_t every)
    : enabled_(is_root && spdlog::default_logger_raw()->should_log(spdlog::level::info)),
      terminal_(isatty(STDERR_FILENO) != 0),
      total_(sampler.iterations),
      burn_in_(sampler.burn_in),
      thinning_(sampler.thinning),
      every_(every),
      next_report_(static_cast<std::uint64_t>(every)) {}

std::string ProgressObserver::line(const ChainState& state, const FlushInfo& info) const {
  const std::uint64_t done = info.iteration - info.first_iteration;
  const double rate = info.elapsed_seconds > 0 ? static_cast<double>(done) / info.elapsed_seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - static_cast<std::int64_t>(info.iteration)) / rate : -1.0;
  const double potential = state.trace.potential.empty() ? 0.0 : state.trace.potential.back();
  // The current sample's values are labelled as such: they fluctuate with the chain, unlike the running
  // MMSE and the ESS, which are what the run is converging to.
  std::string text = fmt::format("iter {}/{} ({:.1f}%)  {:.2f} it/s  ETA {}  sample potential {:.6g}", info.iteration,
                                 total_, 100.0 * static_cast<double>(info.iteration) / static_cast<double>(total_),
                                 rate, format_duration(eta), potential);
  if (!state.trace.snr.empty()) text += fmt::format("  sample SNR {:.2f} dB", state.trace.snr.back());
  if (std::isfinite(info.running_mmse_snr_db)) text += fmt::format("  running-MMSE SNR {:.2f} dB", info.running_mmse_snr_db);
  const std::vector<double> kept = kept_part(state.trace.potential, burn_in_, thinning_);
  const double iat = integrated_autocorrelation_time(kept);
  if (std::isfinite(iat) && iat > 0) text += fmt::format("  ESS(potential) {:.0f}", static_cast<double>(kept.size()) / iat);
  return text;
}

void ProgressObserver::on_flush(const ChainState& state, const FlushInfo& info) {
  if (!enabled_) return;
  const double now = now_seconds();
  if (terminal_) {
    if (info.last || last_live_ < 0 || now - last_live_ >= 1.0) {
      std::fprintf(stderr, "\r\033[K%s%s", line(state, info).c_str(), info.last ? "\n" : "");
      std::fflush(stderr);
      last_live_ = now;
    }
    return;
  }
  if (info.iteration >= next_report_ || info.last) {
    spdlog::info("{}", line(state, info));
    while (next_report_ <= info.iteration) next_report_ += static_cast<std::uint64_t>(every_);
  }
}

}  // namespace dpnp::app
