#include "training_progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "dpnp/core/timer.hpp"
#include "progress.hpp"

namespace dpnp::app {

namespace {

constexpr double kTerminalPeriod = 0.5;
constexpr double kLogPeriod = 30.0;
constexpr int kBarWidth = 24;

}  // namespace

TrainingProgress::TrainingProgress(std::int64_t first_epoch, std::int64_t epochs, std::int64_t steps_per_epoch)
    : terminal_(isatty(STDERR_FILENO) != 0),
      first_epoch_(first_epoch),
      epochs_(epochs),
      steps_per_epoch_(steps_per_epoch),
      start_(now_seconds()) {}

void TrainingProgress::on_step(const StepReport& s) {
  const double now = now_seconds();
  const bool last = s.step == s.steps;
  if (last_print_ >= 0 && now - last_print_ < (terminal_ ? kTerminalPeriod : kLogPeriod) && !(terminal_ && last)) return;
  last_print_ = now;
  const std::int64_t done = (s.epoch - first_epoch_) * steps_per_epoch_ + s.step;
  const std::int64_t total = epochs_ * steps_per_epoch_;
  // Includes validation time, so the ETA covers the whole run.
  const double rate = static_cast<double>(done) / std::max(now - start_, 1e-9);
  const auto filled = static_cast<int>(kBarWidth * s.step / std::max<std::int64_t>(s.steps, 1));
  const std::string line = fmt::format(
      "epoch {}/{} [{}{}] {}/{}  {:.2f} it/s  loss {:.5f} (epoch mean {:.5f})  lr {:.2g}  ETA {}", s.epoch,
      first_epoch_ + epochs_ - 1, std::string(static_cast<std::size_t>(filled), '#'),
      std::string(static_cast<std::size_t>(kBarWidth - filled), '.'), s.step, s.steps, rate, s.loss, s.mean_loss,
      s.learning_rate, format_duration(static_cast<double>(total - done) / rate));
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
  } else {
    spdlog::info("{}", line);
  }
}

void TrainingProgress::on_epoch(const EpochReport& e) {
  if (terminal_) std::fprintf(stderr, "\r\033[K");
  std::string psnr;
  for (std::size_t i = 0; i < e.validation.sigmas.size(); ++i)
    psnr += fmt::format("{}{:g}: {:.2f}", i ? ", " : "", e.validation.sigmas[i], e.validation.psnr[i]);
  spdlog::info("epoch {}: train loss {:.5f}, validation loss {:.5f}, PSNR (dB) by sigma {{{}}}, lr {:.2g}, {}{}",
               e.epoch, e.train_loss, e.validation.loss, psnr, e.learning_rate, format_duration(e.seconds),
               e.best ? "  [best]" : "");
  last_print_ = -1.0;
}

}  // namespace dpnp::app
