#include "dpnp/sampler/sampler.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "dpnp/core/error.hpp"
#include "dpnp/core/fused_sums.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/sampler/statistics.hpp"

namespace dpnp {

Sampler::Sampler(TaskModel& model, SlabDomain domain, SamplerOptions options)
    : model_(model), domain_(std::move(domain)), options_(options) {
  DPNP_CHECK(options_.iterations >= 0 && options_.burn_in >= 0, "negative iteration counts");
  DPNP_CHECK(options_.thinning >= 1 && options_.flush_every >= 1, "thinning and flush interval start at 1");
  model_.set_phase_times(&phase_times_);
}

void Sampler::set_truth(const at::Tensor& truth) {
  truth_ = truth;
  truth_energy_ = global_squared_norm(domain_.comm(), truth);
}

void Sampler::initialize(ChainState& state) {
  state = ChainState{};
  model_.initialize(state);
  reset_statistics(state, state.at(model_.estimand()), options_.keep_samples);
}

bool Sampler::keeps(std::uint64_t t) const {
  const auto burn_in = static_cast<std::uint64_t>(options_.burn_in);
  return t > burn_in && (t - burn_in) % static_cast<std::uint64_t>(options_.thinning) == 0;
}

void Sampler::prepare_summaries(const at::Tensor& estimand) {
  const SlabLayout& layout = domain_.layout();
  const int rank = domain_.comm().rank();
  std::vector<std::int64_t> index;
  std::vector<double> here;
  for (const auto& [row, column] : traced_pixels(layout.height(), layout.width())) {
    const bool mine = row >= layout.row_begin(rank) && row < layout.row_begin(rank) + layout.rows(rank);
    index.push_back(mine ? (row - layout.row_begin(rank)) * layout.width() + column : 0);
    here.push_back(mine ? 1.0 : 0.0);
  }
  traced_index_ = at::tensor(index, at::kLong).to(estimand.device());
  traced_here_ = at::tensor(here, at::kDouble).to(estimand.device());
  estimand_values_ = domain_.comm().sum(static_cast<double>(estimand.numel()));
}

at::Tensor Sampler::local_pixel_values(const at::Tensor& estimand) const {
  if (estimand.numel() == 0) return at::zeros_like(traced_here_);
  const at::Tensor channel0 = estimand.dim() == 2 ? estimand : estimand.flatten(0, -3)[0];
  return channel0.reshape({-1}).index_select(0, traced_index_).to(at::kDouble) * traced_here_;
}

RunOutcome Sampler::run(ChainState& state) {
  const auto total = static_cast<std::uint64_t>(options_.iterations);
  const std::uint64_t first = state.iteration;
  const double started = now_seconds();
  clock_ = make_iteration_clock(state.at("x").device());
  clock_->start();
  pending_potential_.clear();
  pending_prior_.clear();
  pending_error_.clear();
  pending_sum_.clear();
  pending_pixels_.clear();
  prepare_summaries(state.at(model_.estimand()));
  for (std::uint64_t t = first + 1; t <= total; ++t) {
    model_.sweep(state, t);
    state.iteration = t;
    const at::Tensor& estimand = state.at(model_.estimand());
    {
      ScopedPhase phase(&phase_times_, "statistics");
      if (keeps(t)) accumulate_sample(state, estimand);
      TaskModel::PotentialParts parts = model_.local_potential_parts(state);
      pending_potential_.push_back(std::move(parts.potential));
      if (parts.prior.defined()) pending_prior_.push_back(std::move(parts.prior));
      if (truth_.defined()) pending_error_.push_back(sum_of_squared_differences(estimand, truth_));
      pending_sum_.push_back(sum_of(estimand));
      pending_pixels_.push_back(local_pixel_values(estimand));
    }
    clock_->lap();
    bool due = t == total || t % static_cast<std::uint64_t>(options_.flush_every) == 0;
    for (const auto* observer : observers_) due = due || observer->wants_flush(t);
    if (!due) continue;
    const FlushInfo info{t, now_seconds() - started, first, t == total};
    if (flush(state, info) && t < total) return RunOutcome::kStopped;
  }
  return RunOutcome::kCompleted;
}

bool Sampler::flush(ChainState& state, const FlushInfo& info) {
  ScopedPhase phase(&phase_times_, "output");
  const std::size_t n = pending_potential_.size();
  bool stop = false;
  for (const auto* observer : observers_) stop = stop || observer->wants_stop();
  // One sum-reduction for the potentials, prior terms, squared errors, image sums, traced pixels, the
  // running MMSE's squared error and the stop votes; one max for the times.
  constexpr std::size_t kPixels = Trace::kTracedPixels;
  const auto append = [&](std::vector<double>& out, const std::vector<at::Tensor>& pending) {
    if (pending.empty()) return;
    const at::Tensor local = at::stack(pending).to(at::kCPU, at::kDouble).contiguous();
    out.insert(out.end(), local.data_ptr<double>(), local.data_ptr<double>() + local.numel());
  };
  DPNP_CHECK(pending_prior_.empty() || pending_prior_.size() == n, "the model's prior term is missing at some iterations");
  std::vector<double> sums;
  sums.reserve((5 + kPixels) * n + 2);
  append(sums, pending_potential_);
  const std::size_t at_prior = sums.size();
  append(sums, pending_prior_);
  const std::size_t at_error = sums.size();
  append(sums, pending_error_);
  const std::size_t at_sum = sums.size();
  const std::size_t at_pixels = at_sum + n;
  if (n > 0) {
    const at::Tensor local_sums = at::stack(pending_sum_).to(at::kCPU, at::kDouble).contiguous();
    sums.insert(sums.end(), local_sums.data_ptr<double>(), local_sums.data_ptr<double>() + n);
    const at::Tensor local_pixels = at::stack(pending_pixels_).to(at::kCPU, at::kDouble).contiguous();
    sums.insert(sums.end(), local_pixels.data_ptr<double>(), local_pixels.data_ptr<double>() + n * kPixels);
  }
  // Once per flush, not per iteration: the running MMSE is only reported, never traced.
  const bool have_running_mmse = truth_.defined() && state.welford.count > 0;
  if (have_running_mmse) sums.push_back((state.welford.mean - truth_).square().sum().item<double>());
  sums.push_back(stop ? 1.0 : 0.0);
  domain_.comm().sum_in_place(sums);
  std::vector<double> seconds = clock_->collect();
  seconds.resize(n, 0.0);
  domain_.comm().max_in_place(seconds);

  Trace& trace = state.trace;
  for (std::size_t i = 0; i < n; ++i) {
    trace.potential.push_back(sums[i]);
    if (!pending_prior_.empty()) trace.prior.push_back(sums[at_prior + i]);
    trace.seconds.push_back(seconds[i]);
    if (!pending_error_.empty())
      trace.snr.push_back(10.0 * std::log10(truth_energy_ / std::max(sums[at_error + i], 1e-300)));
    trace.image_mean.push_back(sums[at_sum + i] / estimand_values_);
    trace.pixels.insert(trace.pixels.end(), sums.begin() + static_cast<std::ptrdiff_t>(at_pixels + i * kPixels),
                        sums.begin() + static_cast<std::ptrdiff_t>(at_pixels + (i + 1) * kPixels));
  }
  pending_potential_.clear();
  pending_prior_.clear();
  pending_error_.clear();
  pending_sum_.clear();
  pending_pixels_.clear();

  // Divergence: every rank of a chain sees the same reduced potentials, so they throw together; other
  // chains learn of it through the agreement (the same error, on every rank of the job).
  const auto check_divergence = [&] {
    for (std::size_t i = 0; i < n; ++i) {
      const double u = sums[i];
      const std::uint64_t iteration = info.iteration - n + 1 + i;
      if (!std::isfinite(u))
        throw DivergenceError(fmt::format(
            "chain: the potential became {} at iteration {}; the step size is too large for this target: check "
            "the noise level (sigma), prior.lipschitz (L), the denoiser level and the TV rho",
            std::isnan(u) ? "NaN" : "infinite", iteration));
      if (options_.explosion_factor > 0 && have_potential_ &&
          std::abs(u) > options_.explosion_factor * std::max(smallest_potential_, 1.0))
        throw DivergenceError(fmt::format(
            "chain: the potential exploded to {:.3g} at iteration {} (smallest so far {:.3g}); the step size is "
            "too large: check sigma, prior.lipschitz (L), the denoiser level and the TV rho",
            u, iteration, smallest_potential_));
      smallest_potential_ = have_potential_ ? std::min(smallest_potential_, std::abs(u)) : std::abs(u);
      have_potential_ = true;
    }
  };
  if (all_chains_ != nullptr)
    collectively(*all_chains_, check_divergence);
  else
    check_divergence();

  FlushInfo reported = info;
  if (have_running_mmse)
    reported.running_mmse_snr_db = 10.0 * std::log10(truth_energy_ / std::max(sums[sums.size() - 2], 1e-300));
  const bool stop_here = sums.back() > 0.0;
  const bool stop_now = all_chains_ != nullptr ? all_chains_->any(stop_here) : stop_here;
  for (auto* observer : observers_) observer->on_flush(state, reported);
  return stop_now;
}

}  // namespace dpnp
