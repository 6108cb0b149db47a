#pragma once
// Early stops: SIGTERM and SIGUSR1 (Slurm's --signal=B:USR1@120, preemption) and the --max-hours
// deadline. A signal handler only records the signal; StopObserver reports it at the next flush,
// where the ranks agree to stop after the same iteration (sampler.hpp). The caller then writes a
// checkpoint on every rank and exits with code 75 (kExitInterrupted).

#include <cstdint>
#include <limits>
#include <string>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/comm.hpp"
#include "dpnp/io/checkpoint_observer.hpp"
#include "dpnp/sampler/sampler.hpp"

namespace dpnp::app {

/// Records SIGTERM and SIGUSR1 (SA_RESTART: MPI calls in progress are not interrupted) and ignores
/// SIGXFSZ, so that a file-size limit (ulimit -f) becomes a write error instead of killing a rank.
/// Then unblocks both: the `dpnp` launcher (launcher.c) blocks them before it runs dpnp-main, which
/// installs them before anything else runs (main.cpp, .preinit_array), so that a signal at any moment
/// of start-up is recorded and seen before the first iteration.
void install_stop_signal_handlers();

/// The last stop signal received (0: none).
int received_stop_signal();

/// Why this rank wants to stop; when ranks disagree the largest value is reported.
enum class StopReason : int { kNone = 0, kDeadline = 1, kUsr1 = 2, kTerm = 3 };

class StopObserver final : public SamplerObserver {
 public:
  /// `max_hours` (<= 0: no deadline) counts from the start of this process. `flush_every`:
  /// iterations between two stop votes. `checkpoints` gives the write time to reserve.
  StopObserver(double max_hours, std::int64_t flush_every, const CheckpointObserver* checkpoints);

  bool wants_stop() const override;
  void on_flush(const ChainState& state, const FlushInfo& info) override;
  StopReason local_reason() const;

 private:
  bool deadline_near() const;

  double deadline_ = std::numeric_limits<double>::infinity();
  double allowance_ = 0.0;
  std::int64_t flush_every_;
  const CheckpointObserver* checkpoints_;
  double seconds_per_iteration_ = 0.0;
};

/// Whether any rank wants to stop now (signal or deadline). Collective.
bool stop_requested(const Comm& comm, const StopObserver& observer);

/// The agreed error of a run stopped after `iteration` of `total` with its checkpoint at
/// `checkpoint`, naming the reason (reduced over the ranks). Collective.
Interrupted stop_error(const Comm& comm, const StopObserver& observer, std::uint64_t iteration, std::int64_t total,
                       const std::string& checkpoint);

}  // namespace dpnp::app
