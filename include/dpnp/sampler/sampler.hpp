#pragma once
/// @file
/// The MCMC driver: runs a task model's sweeps, feeds the post-burn-in samples to the Welford
/// accumulators and the sample ring, records the trace, and hands control to observers (progress,
/// checkpoints, signals). It never writes files itself.
///
/// Per-iteration scalars (potential, prior term, squared error against the truth, time) stay on the device and
/// are reduced across ranks every `flush_every` iterations in one MPI_Allreduce, so a GPU chain is
/// not stalled by a host sync per iteration. Stop requests (signals, deadlines) are agreed at
/// flushes, so every rank stops after the same iteration.

#include <ATen/ATen.h>

#include <limits>
#include <memory>
#include <vector>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/sampler/iteration_clock.hpp"
#include "dpnp/sampler/task_model.hpp"

namespace dpnp {

struct SamplerOptions {
  std::int64_t iterations = 1000;
  std::int64_t burn_in = 0;       ///< iterations before the estimators start
  std::int64_t thinning = 1;      ///< keep every n-th post-burn-in sample
  std::int64_t keep_samples = 0;  ///< ring size for credible intervals (0: none)
  std::int64_t flush_every = 10;  ///< iterations between trace reductions
  /// A potential above this multiple of the smallest one seen (in absolute value, after the first
  /// flush) counts as divergence. 0 disables the check; NaN/Inf always count.
  double explosion_factor = 1e6;
};

struct FlushInfo {
  std::uint64_t iteration = 0;       ///< completed iterations
  double elapsed_seconds = 0.0;      ///< since run() started
  std::uint64_t first_iteration = 0; ///< the iteration run() started from
  bool last = false;                 ///< the run ends after this flush
  /// SNR (dB) of the running MMSE (the posterior mean so far) against the truth; NaN without a truth
  /// or before the first kept sample.
  double running_mmse_snr_db = std::numeric_limits<double>::quiet_NaN();
};

class SamplerObserver {
 public:
  virtual ~SamplerObserver() = default;
  /// Whether a flush is needed right after iteration `t` (e.g. a checkpoint falls due).
  virtual bool wants_flush(std::uint64_t /*t*/) const { return false; }
  /// After each flush, on every rank, with the trace complete up to state.iteration.
  virtual void on_flush(const ChainState& /*state*/, const FlushInfo& /*info*/) {}
  /// This rank would like to stop (a signal, a deadline); the ranks agree at the next flush.
  virtual bool wants_stop() const { return false; }
};

enum class RunOutcome { kCompleted, kStopped };

class Sampler {
 public:
  Sampler(TaskModel& model, SlabDomain domain, SamplerOptions options);

  /// Enables the SNR trace against this rank's slab of the ground truth.
  void set_truth(const at::Tensor& truth);
  void add_observer(SamplerObserver* observer) { observers_.push_back(observer); }
  PhaseTimes& phase_times() { return phase_times_; }
  const SamplerOptions& options() const { return options_; }
  /// Several chains in one job (run.chains): the chains vote over `all_chains` (every rank of the
  /// job) on stopping and on divergence at each flush, so that they all stop at the same iteration
  /// and one chain's divergence ends every chain with its message. Null: this chain decides alone.
  void set_chain_agreement(const Comm* all_chains) { all_chains_ = all_chains; }

  /// Starts a chain at iteration 0 (model.initialize + empty accumulators).
  void initialize(ChainState& state);
  /// Continues `state` until options.iterations or an agreed stop. Collective.
  RunOutcome run(ChainState& state);

 private:
  bool keeps(std::uint64_t t) const;
  void prepare_summaries(const at::Tensor& estimand);
  // Channel 0 of the traced pixels this rank holds, zero for the others (so the sum over ranks is exact).
  at::Tensor local_pixel_values(const at::Tensor& estimand) const;
  bool flush(ChainState& state, const FlushInfo& info);  // returns the agreed stop flag

  TaskModel& model_;
  SlabDomain domain_;
  SamplerOptions options_;
  std::vector<SamplerObserver*> observers_;
  PhaseTimes phase_times_;
  at::Tensor truth_;
  double truth_energy_ = 0.0;
  std::vector<at::Tensor> pending_potential_;
  std::vector<at::Tensor> pending_prior_;   // empty when the model has no prior term
  std::vector<at::Tensor> pending_error_;
  std::vector<at::Tensor> pending_sum_;     // this rank's sum of the estimand
  std::vector<at::Tensor> pending_pixels_;  // [kTracedPixels] each
  at::Tensor traced_index_;                 // flat index into this rank's channel-0 rows
  at::Tensor traced_here_;                  // 1 where this rank holds the pixel
  double estimand_values_ = 1.0;            // over all ranks
  std::unique_ptr<IterationClock> clock_;
  double smallest_potential_ = 0.0;
  bool have_potential_ = false;
  const Comm* all_chains_ = nullptr;
};

}  // namespace dpnp
