#include "dpnp/io/checkpoint_observer.hpp"

#include <spdlog/spdlog.h>

#include "dpnp/core/timer.hpp"

namespace dpnp {

CheckpointObserver::CheckpointObserver(const Comm& comm, ChainLayouts layouts, CheckpointPaths paths,
                                       CheckpointIdentity identity, std::int64_t every)
    : comm_(comm),
      layouts_(std::move(layouts)),
      paths_(std::move(paths)),
      identity_(std::move(identity)),
      every_(static_cast<std::uint64_t>(every)) {}

bool CheckpointObserver::wants_flush(std::uint64_t t) const { return every_ > 0 && t % every_ == 0; }

void CheckpointObserver::on_flush(const ChainState& state, const FlushInfo& info) {
  if (every_ > 0 && (state.iteration % every_ == 0 || info.last)) write(state);
}

void CheckpointObserver::write(const ChainState& state) {
  if (written_ == static_cast<std::int64_t>(state.iteration)) return;
  const double started = now_seconds();
  write_checkpoint(comm_, layouts_, state, identity_, paths_);
  const double seconds = now_seconds() - started;
  slowest_seconds_ = std::max(slowest_seconds_, seconds);
  written_ = static_cast<std::int64_t>(state.iteration);
  spdlog::info("checkpoint: iteration {} written to {} ({:.2f} s)", state.iteration, paths_.current, seconds);
}

}  // namespace dpnp
