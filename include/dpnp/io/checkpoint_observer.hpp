#pragma once
/// @file
/// Writes a checkpoint every `every` iterations and at the end of the run (so that a finished chain
/// can be continued with a larger sampler.iterations), and on demand when a run stops early.

#include <cstdint>

#include "dpnp/io/checkpoint.hpp"
#include "dpnp/sampler/sampler.hpp"

namespace dpnp {

class CheckpointObserver final : public SamplerObserver {
 public:
  /// `every` = 0: no periodic checkpoints (write() still works).
  CheckpointObserver(const Comm& comm, ChainLayouts layouts, CheckpointPaths paths, CheckpointIdentity identity,
                     std::int64_t every);

  bool wants_flush(std::uint64_t t) const override;
  void on_flush(const ChainState& state, const FlushInfo& info) override;

  /// Writes `state` unless its iteration is already the current checkpoint. Collective.
  void write(const ChainState& state);
  /// Marks `iteration` as already on disk (a resumed chain starts from its checkpoint).
  void mark_written(std::uint64_t iteration) { written_ = iteration; }

  const CheckpointPaths& paths() const { return paths_; }
  /// The longest write so far (0 before the first): the deadline keeps room for one more.
  double slowest_write_seconds() const { return slowest_seconds_; }

 private:
  Comm comm_;
  ChainLayouts layouts_;
  CheckpointPaths paths_;
  CheckpointIdentity identity_;
  std::uint64_t every_;
  std::int64_t written_ = -1;
  double slowest_seconds_ = 0.0;
};

}  // namespace dpnp
