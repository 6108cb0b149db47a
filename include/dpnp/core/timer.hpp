#pragma once
/// @file
/// Wall-clock phase timers: each rank accumulates seconds per named phase (denoiser, halo,
/// likelihood, update, output, ...). The per-rank summary is reduced in dist/.

#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace dpnp {

/// Seconds since an arbitrary fixed point (steady clock).
double now_seconds();

class PhaseTimes {
 public:
  void add(const std::string& phase, double seconds) { totals_[phase] += seconds; }
  const std::map<std::string, double>& totals() const { return totals_; }
  void clear() { totals_.clear(); }

  /// When set, called before reading the clock at both ends of a phase so that asynchronous
  /// device work is charged to the right phase. Benchmarks set it; production runs leave it empty
  /// to keep the GPU queue full (their phase split is then only indicative on GPUs).
  std::function<void()> synchronize;

 private:
  std::map<std::string, double> totals_;
};

/// Adds the lifetime of the scope to `times[phase]` (does nothing when `times` is null).
class ScopedPhase {
 public:
  ScopedPhase(PhaseTimes* times, const char* phase);
  ~ScopedPhase();
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;

 private:
  PhaseTimes* times_;
  const char* phase_;
  double start_ = 0.0;
};

}  // namespace dpnp
