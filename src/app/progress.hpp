#pragma once
// Rank 0's progress report: a live line on a terminal (at most once a second), a plain line every N
// iterations otherwise (batch logs). It shows the current sample's potential and SNR (labelled
// "sample"), the running MMSE's SNR when the truth is known, and the ESS of the potential so far
// (Geyer, on the kept part of its trace; docs/diagnostics.md).

#include <cstdint>
#include <string>

#include "dpnp/sampler/sampler.hpp"

namespace dpnp::app {

class ProgressObserver final : public SamplerObserver {
 public:
  ProgressObserver(bool is_root, const SamplerOptions& sampler, std::int64_t every);
  void on_flush(const ChainState& state, const FlushInfo& info) override;

 private:
  std::string line(const ChainState& state, const FlushInfo& info) const;

  bool enabled_;
  bool terminal_;
  std::int64_t total_;
  std::int64_t burn_in_;
  std::int64_t thinning_;
  std::int64_t every_;
  std::uint64_t next_report_;
  double last_live_ = -1.0;
};

/// "1:02:03" or "4:05".
std::string format_duration(double seconds);

}  // namespace dpnp::app
