#pragma once
/// @file
/// Per-iteration wall time without stalling the device: on CUDA, events recorded in the stream and
/// read at the next flush; on the CPU, the host clock.

#include <ATen/ATen.h>

#include <memory>
#include <vector>

namespace dpnp {

class IterationClock {
 public:
  virtual ~IterationClock() = default;
  /// Marks the start of the first iteration of a flush window.
  virtual void start() = 0;
  /// Marks the end of an iteration (which is also the start of the next).
  virtual void lap() = 0;
  /// Seconds of every lap since the last collect (waits for the device).
  virtual std::vector<double> collect() = 0;
};

/// A clock for work on `device`.
std::unique_ptr<IterationClock> make_iteration_clock(const at::Device& device);

}  // namespace dpnp
