#pragma once
// Rank 0's progress report: a live line on a terminal (at most once a second), a plain line every N
// iterations otherwise (batch logs).

#include <cstdint>

#include "dpnp/sampler/sampler.hpp"

namespace dpnp::app {

class ProgressObserver final : public SamplerObserver {
 public:
  ProgressObserver(bool is_root, std::int64_t total_iterations, std::int64_t every);
  void on_flush(const ChainState& state, const FlushInfo& info) override;

 private:
  bool enabled_;
  bool terminal_;
  std::int64_t total_;
  std::int64_t every_;
  std::uint64_t next_report_;
  double last_live_ = -1.0;
};

/// "1:02:03" or "4:05".
std::string format_duration(double seconds);

}  // namespace dpnp::app
