#include "dpnp/core/fused_sums.hpp"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace dpnp {

namespace {

bool fused(const at::Tensor& t) { return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous(); }

bool fused(const at::Tensor& a, const at::Tensor& b) { return fused(a) && fused(b) && a.sizes() == b.sizes(); }

/// The sum over i of term(i) in float64: chunk sums, then the chunks in a fixed order, so the result
/// does not depend on the thread count. Within a chunk, eight independent accumulators (element i
/// goes to i mod 8) let the compiler keep several vector additions in flight without reassociating
/// anything: one accumulator would wait on the adder's latency at every element.
template <class Term>
at::Tensor chunked_sum(std::int64_t n, const Term& term) {
  constexpr std::int64_t kChunk = 1 << 16;
  constexpr int kLanes = 8;
  const std::int64_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
  at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t c = begin; c < end; ++c) {
      const std::int64_t first = c * kChunk, last = std::min(n, first + kChunk);
      double lanes[kLanes] = {};
      std::int64_t i = first;
      for (; i + kLanes <= last; i += kLanes)
        for (int j = 0; j < kLanes; ++j) lanes[j] += term(i + j);
      for (; i < last; ++i) lanes[0] += term(i);
      partial[static_cast<std::size_t>(c)] =
          ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
  });
  double total = 0.0;
  for (const double p : partial) total += p;
  return at::scalar_tensor(total, at::TensorOptions().dtype(at::kDouble));
}

}  // namespace

at::Tensor sum_of(const at::Tensor& a) {
  if (!fused(a)) return a.sum(at::kDouble);
  const float* pa = a.data_ptr<float>();
  return chunked_sum(a.numel(), [pa](std::int64_t i) { return static_cast<double>(pa[i]); });
}

at::Tensor sum_of_abs(const at::Tensor& a) {
  if (!fused(a)) return a.to(at::kDouble).abs().sum();
  const float* pa = a.data_ptr<float>();
  return chunked_sum(a.numel(), [pa](std::int64_t i) { return std::fabs(static_cast<double>(pa[i])); });
}

at::Tensor sum_of_squared_differences(const at::Tensor& a, const at::Tensor& b) {
  if (!b.defined()) {
    if (!fused(a)) return a.to(at::kDouble).square().sum();
    const float* pa = a.data_ptr<float>();
    return chunked_sum(a.numel(), [pa](std::int64_t i) {
      const double d = pa[i];
      return d * d;
    });
  }
  if (!fused(a, b)) return (a.to(at::kDouble) - b.to(at::kDouble)).square().sum();
  const float* pa = a.data_ptr<float>();
  const float* pb = b.data_ptr<float>();
  return chunked_sum(a.numel(), [pa, pb](std::int64_t i) {
    const double d = static_cast<double>(pa[i]) - static_cast<double>(pb[i]);
    return d * d;
  });
}

at::Tensor sum_of_norms(const at::Tensor& a, const at::Tensor& b) {
  if (!fused(a, b)) return at::sqrt(a.to(at::kDouble).square() + b.to(at::kDouble).square()).sum();
  const float* pa = a.data_ptr<float>();
  const float* pb = b.data_ptr<float>();
  // The norm in float32 (4 or 8 square roots per instruction rather than 2), summed in float64: each
  // term carries a relative error of 1e-7, far below the trace's own fluctuation.
  return chunked_sum(a.numel(), [pa, pb](std::int64_t i) {
    const float u = pa[i], v = pb[i];
    return static_cast<double>(std::sqrt(u * u + v * v));
  });
}

}  // namespace dpnp
