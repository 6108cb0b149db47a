#include "dpnp/sampler/statistics.hpp"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {

void reset_statistics(ChainState& state, const at::Tensor& estimand, std::int64_t keep) {
  state.welford.count = 0;
  state.welford.mean = at::zeros(estimand.sizes(), estimand.options().dtype(at::kDouble));
  state.welford.m2 = at::zeros(estimand.sizes(), estimand.options().dtype(at::kDouble));
  state.batches = BatchMeans{};
  std::vector<std::int64_t> batch_shape{BatchMeans::kMaxBatches};
  batch_shape.insert(batch_shape.end(), estimand.sizes().begin(), estimand.sizes().end());
  state.batches.sums = at::zeros(batch_shape, estimand.options().dtype(at::kFloat));
  state.batches.partial = at::zeros(estimand.sizes(), estimand.options().dtype(at::kDouble));
  state.ring = SampleRing{};
  state.ring.capacity = keep;
  if (keep > 0) {
    std::vector<std::int64_t> shape{keep};
    shape.insert(shape.end(), estimand.sizes().begin(), estimand.sizes().end());
    state.ring.samples = at::empty(shape, estimand.options().dtype(at::kFloat));
  }
}

namespace {

void add_to_batches(BatchMeans& batches, const at::Tensor& sample) {
  batches.partial.add_(sample);
  if (++batches.fill < batches.batch_size) return;
  batches.sums[batches.full].copy_(batches.partial);
  batches.partial.zero_();
  batches.fill = 0;
  ++batches.full;
  // Merging when the batch count reaches twice the batch size keeps both near sqrt(n) (the batch
  // count grows with the chain, so the error estimate sharpens); the cap bounds the memory.
  if (batches.full < BatchMeans::kMaxBatches && batches.full < 2 * batches.batch_size) return;
  const std::int64_t half = batches.full / 2;
  std::vector<std::int64_t> pairs{half, 2};
  pairs.insert(pairs.end(), batches.sums.sizes().begin() + 1, batches.sums.sizes().end());
  const at::Tensor merged = batches.sums.narrow(0, 0, 2 * half).reshape(pairs).sum(1);
  batches.sums.narrow(0, 0, half).copy_(merged);
  batches.sums.narrow(0, half, batches.full - half).zero_();
  batches.full = half;
  batches.batch_size *= 2;
}

}  // namespace

void accumulate_sample(ChainState& state, const at::Tensor& sample) {
  state.welford.count += 1;
  welford_update_(state.welford.mean, state.welford.m2, sample, state.welford.count);
  add_to_batches(state.batches, sample);
  SampleRing& ring = state.ring;
  if (ring.capacity > 0) {
    ring.samples[ring.next].copy_(sample);
    ring.next = (ring.next + 1) % ring.capacity;
    ring.stored = std::min(ring.stored + 1, ring.capacity);
  }
}

at::Tensor posterior_mean(const WelfordState& welford) { return welford.mean.to(at::kFloat); }

at::Tensor posterior_variance(const WelfordState& welford) {
  if (welford.count < 2) return at::zeros_like(welford.m2, at::kFloat);
  return (welford.m2 / static_cast<double>(welford.count - 1)).to(at::kFloat);
}

at::Tensor monte_carlo_error(const WelfordState& welford, const BatchMeans& batches) {
  if (batches.full < 2 || welford.count < 1) return at::Tensor();
  const auto b = static_cast<double>(batches.batch_size);
  const auto a = static_cast<double>(batches.full);
  // MCSE^2 = b / (a - 1) * sum_k (mean_k - mean)^2 / n, with mean_k = sums_k / b.
  const double scale = b / (a - 1.0) / static_cast<double>(welford.count);
  const at::Tensor sums = batches.sums.narrow(0, 0, batches.full);
  if (!sums.device().is_cpu() || sums.scalar_type() != at::kFloat || !sums.is_contiguous()) {
    const at::Tensor means = sums.to(at::kDouble) / b;
    return ((means - means.mean(0, /*keepdim=*/true)).square().sum(0) * scale).sqrt().to(at::kFloat);
  }
  // One pass per pixel block in float64 registers: the ATen form makes two float64 copies of all the
  // batches, twice the batch store itself, at every flush.
  at::Tensor mcse = at::empty(welford.mean.sizes(), welford.mean.options().dtype(at::kFloat));
  const std::int64_t n = mcse.numel(), batch_count = batches.full;
  const float* s = sums.data_ptr<float>();
  float* out = mcse.data_ptr<float>();
  constexpr std::int64_t kBlock = 512;
  at::parallel_for(0, (n + kBlock - 1) / kBlock, 1, [&](std::int64_t begin, std::int64_t end) {
    double mean[kBlock], spread[kBlock];
    for (std::int64_t block = begin; block < end; ++block) {
      const std::int64_t first = block * kBlock, count = std::min(kBlock, n - first);
      std::fill(mean, mean + count, 0.0);
      std::fill(spread, spread + count, 0.0);
      for (std::int64_t k = 0; k < batch_count; ++k)
        for (std::int64_t i = 0; i < count; ++i) mean[i] += static_cast<double>(s[k * n + first + i]) / b;
      for (std::int64_t i = 0; i < count; ++i) mean[i] /= a;
      for (std::int64_t k = 0; k < batch_count; ++k)
        for (std::int64_t i = 0; i < count; ++i) {
          const double d = static_cast<double>(s[k * n + first + i]) / b - mean[i];
          spread[i] += d * d;
        }
      for (std::int64_t i = 0; i < count; ++i) out[first + i] = static_cast<float>(std::sqrt(spread[i] * scale));
    }
  });
  return mcse;
}

at::Tensor effective_sample_size(const at::Tensor& variance, const at::Tensor& mcse) {
  const at::Tensor squared = mcse.to(at::kDouble).square();
  const at::Tensor ess = variance.to(at::kDouble) / squared;
  return at::where(squared > 0, ess, at::full_like(ess, std::numeric_limits<double>::quiet_NaN())).to(at::kFloat);
}

MapSummary summarise_map(const Comm& comm, const at::Tensor& local) {
  MapSummary summary;
  const at::Tensor values = local.to(at::kCPU, at::kDouble).flatten();
  const at::Tensor finite = values.masked_select(values.isfinite());
  summary.finite = static_cast<std::int64_t>(comm.sum(static_cast<double>(finite.numel())));
  if (summary.finite == 0) return summary;
  const double inf = std::numeric_limits<double>::infinity();
  summary.min = comm.min(finite.numel() > 0 ? finite.min().item<double>() : inf);
  const double top = comm.max(finite.numel() > 0 ? finite.max().item<double>() : -inf);
  // The lower median is the smallest value v with at least k = ceil(N/2) values <= v. Bisection on
  // counts (integers, so the same on any rank count), then the smallest value above the bracket.
  const double k = std::ceil(static_cast<double>(summary.finite) / 2.0);
  const auto count_at_most = [&](double v) { return comm.sum(static_cast<double>((finite <= v).sum().item<std::int64_t>())); };
  double low = summary.min;  // count(<= low) may be below k
  double high = top;         // count(<= high) >= k
  if (count_at_most(low) >= k) {
    summary.median = low;
    return summary;
  }
  for (int step = 0; step < 100; ++step) {
    const double mid = low + 0.5 * (high - low);
    if (mid <= low || mid >= high) break;
    (count_at_most(mid) >= k ? high : low) = mid;
  }
  // count(<= low) < k <= count(<= high): walk up through the few distinct values left in (low, high].
  while (true) {
    const at::Tensor above = finite.masked_select(finite > low);
    const double next = comm.min(above.numel() > 0 ? above.min().item<double>() : inf);
    if (count_at_most(next) >= k) {
      summary.median = next;
      break;
    }
    low = next;
  }
  return summary;
}

std::vector<std::pair<std::int64_t, std::int64_t>> traced_pixels(std::int64_t height, std::int64_t width) {
  return {{height / 2, width / 2},
          {height / 4, width / 4},
          {height / 4, (3 * width) / 4},
          {(3 * height) / 4, width / 4},
          {(3 * height) / 4, (3 * width) / 4}};
}

at::Tensor ordered_samples(const SampleRing& ring) {
  if (ring.stored == 0) return at::Tensor();
  if (ring.stored < ring.capacity) return ring.samples.narrow(0, 0, ring.stored);
  // Full ring: the oldest sample sits at `next`.
  return at::cat({ring.samples.narrow(0, ring.next, ring.capacity - ring.next), ring.samples.narrow(0, 0, ring.next)});
}

std::pair<at::Tensor, at::Tensor> credible_interval(const SampleRing& ring, double level) {
  if (ring.stored == 0) return {};
  return credible_intervals(ring, {level}).front();
}

std::vector<std::pair<at::Tensor, at::Tensor>> credible_intervals(const SampleRing& ring, const std::vector<double>& levels) {
  if (ring.stored == 0) return std::vector<std::pair<at::Tensor, at::Tensor>>(levels.size());
  for (double level : levels) DPNP_CHECK(level > 0 && level < 1, "credible level must be in (0, 1)");
  // Sorting along a contiguous last dimension is several times faster than along the strided first one.
  const at::Tensor samples = ring.samples.narrow(0, 0, ring.stored);
  const at::Tensor sorted = std::get<0>(samples.movedim(0, -1).contiguous().sort(-1)).movedim(-1, 0);
  const auto quantile = [&](double q) {
    const double position = q * static_cast<double>(ring.stored - 1);
    const std::int64_t below = static_cast<std::int64_t>(std::floor(position));
    const std::int64_t above = std::min<std::int64_t>(below + 1, ring.stored - 1);
    const double weight = position - static_cast<double>(below);
    return (sorted[below] * (1.0 - weight) + sorted[above] * weight).contiguous();
  };
  std::vector<std::pair<at::Tensor, at::Tensor>> intervals;
  for (double level : levels) intervals.emplace_back(quantile(0.5 * (1.0 - level)), quantile(0.5 * (1.0 + level)));
  return intervals;
}

}  // namespace dpnp
