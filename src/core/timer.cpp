#include "dpnp/core/timer.hpp"

namespace dpnp {

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

ScopedPhase::ScopedPhase(PhaseTimes* times, const char* phase) : times_(times), phase_(phase) {
  if (!times_) return;
  if (times_->synchronize) times_->synchronize();
  start_ = now_seconds();
}

ScopedPhase::~ScopedPhase() {
  if (!times_) return;
  if (times_->synchronize) times_->synchronize();
  times_->add(phase_, now_seconds() - start_);
}

}  // namespace dpnp
