#pragma once
// What `dpnp train` shows while it runs: a live progress bar on a terminal (steps/s, loss, ETA of the
// whole run), a plain line every 30 s in batch logs, and one line per epoch with the validation PSNR.

#include <cstdint>

#include "dpnp/denoisers/training.hpp"

namespace dpnp::app {

class TrainingProgress {
 public:
  TrainingProgress(std::int64_t first_epoch, std::int64_t epochs, std::int64_t steps_per_epoch);
  void on_step(const StepReport& step);
  void on_epoch(const EpochReport& epoch);

 private:
  bool terminal_;
  std::int64_t first_epoch_, epochs_, steps_per_epoch_;
  double start_, last_print_ = -1.0;
};

}  // namespace dpnp::app
