#include "dpnp/sampler/statistics.hpp"

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/sampler/kernels.hpp"

namespace dpnp {

void reset_statistics(ChainState& state, const at::Tensor& estimand, std::int64_t keep) {
  state.welford.count = 0;
  state.welford.mean = at::zeros(estimand.sizes(), estimand.options().dtype(at::kDouble));
  state.welford.m2 = at::zeros(estimand.sizes(), estimand.options().dtype(at::kDouble));
  state.ring = SampleRing{};
  state.ring.capacity = keep;
  if (keep > 0) {
    std::vector<std::int64_t> shape{keep};
    shape.insert(shape.end(), estimand.sizes().begin(), estimand.sizes().end());
    state.ring.samples = at::empty(shape, estimand.options().dtype(at::kFloat));
  }
}

void accumulate_sample(ChainState& state, const at::Tensor& sample) {
  state.welford.count += 1;
  welford_update_(state.welford.mean, state.welford.m2, sample, state.welford.count);
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

at::Tensor ordered_samples(const SampleRing& ring) {
  if (ring.stored == 0) return at::Tensor();
  if (ring.stored < ring.capacity) return ring.samples.narrow(0, 0, ring.stored);
  // Full ring: the oldest sample sits at `next`.
  return at::cat({ring.samples.narrow(0, ring.next, ring.capacity - ring.next), ring.samples.narrow(0, 0, ring.next)});
}

std::pair<at::Tensor, at::Tensor> credible_interval(const SampleRing& ring, double level) {
  if (ring.stored == 0) return {};
  DPNP_CHECK(level > 0 && level < 1, "credible level must be in (0, 1)");
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
  return {quantile(0.5 * (1.0 - level)), quantile(0.5 * (1.0 + level))};
}

}  // namespace dpnp
