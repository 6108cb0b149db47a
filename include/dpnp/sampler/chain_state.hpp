#pragma once
/// @file
/// The chain state as one value: everything needed to continue a chain, and nothing else carries
/// state between iterations. Checkpoints write and read it whole (io/checkpoint.hpp).

#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dpnp {

/// Welford accumulators of the estimand after burn-in, float64 on the chain's device.
struct WelfordState {
  std::int64_t count = 0;
  at::Tensor mean;  ///< running mean (the MMSE estimate)
  at::Tensor m2;    ///< running sum of squared deviations
};

/// A ring of the last `capacity` thinned post-burn-in samples (float32), for credible intervals.
struct SampleRing {
  std::int64_t capacity = 0;
  std::int64_t stored = 0;  ///< min(samples seen, capacity)
  std::int64_t next = 0;    ///< slot the next sample goes to
  at::Tensor samples;       ///< [capacity, ...estimand shape]
};

/// Batch means of the kept samples, for the Monte-Carlo standard error of the MMSE. Batches double
/// in size and adjacent ones merge, so that about sqrt(2n) batches of about sqrt(n/2) samples are
/// kept (n samples) until kMaxBatches is reached, in fixed memory: see docs/diagnostics.md.
struct BatchMeans {
  static constexpr std::int64_t kMaxBatches = 32;
  std::int64_t batch_size = 1;  ///< samples per completed batch
  std::int64_t full = 0;        ///< completed batches (sums[0, full))
  std::int64_t fill = 0;        ///< samples in the batch being filled
  /// [kMaxBatches, ...estimand shape] sums of the completed batches, float32: at 32 batches they are
  /// the chain's largest state, and a few hundred samples' sum loses nothing an MCSE needs in float32.
  at::Tensor sums;
  at::Tensor partial;           ///< float64 sum of the batch being filled
};

/// Per-iteration global values, identical on every rank once flushed.
struct Trace {
  /// The model's potential (local_potential): for the split models the negative log-density of their
  /// joint target up to a constant; for PnP-ULA the data-fidelity term only (docs/output.md).
  std::vector<double> potential;
  /// The prior's part (TaskModel::local_potential_parts); empty for a model without one (docs/output.md).
  std::vector<double> prior;
  std::vector<double> seconds;    ///< wall time of the iteration on the slowest rank
  std::vector<double> snr;        ///< SNR (dB) of the current sample against the truth, when known
  std::vector<double> image_mean; ///< mean of the estimand over all pixels and channels
  /// Channel 0 of the estimand at the kTracedPixels pixels of traced_pixels(), row-major
  /// [iteration][pixel], for the autocorrelation of single pixels (docs/diagnostics.md).
  std::vector<double> pixels;
  static constexpr std::size_t kTracedPixels = 5;
};

struct ChainState {
  std::map<std::string, at::Tensor> variables;  ///< this rank's slabs of x, z, z1, z2 ...
  std::uint64_t iteration = 0;                  ///< completed iterations
  WelfordState welford;
  SampleRing ring;
  BatchMeans batches;
  Trace trace;
  /// One line per run segment (when, where, how it started): provenance that checkpoints carry
  /// across resumes and results record as `run_history`.
  std::string history;

  at::Tensor& at(const std::string& name);
  const at::Tensor& at(const std::string& name) const;
};

}  // namespace dpnp
