#include "dpnp/sampler/rhat.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

using Chains = std::vector<std::vector<double>>;

Chains split_halves(const Chains& chains) {
  Chains halves;
  for (const auto& chain : chains) {
    const std::size_t half = chain.size() / 2;
    halves.emplace_back(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(half));
    halves.emplace_back(chain.end() - static_cast<std::ptrdiff_t>(half), chain.end());
  }
  return halves;
}

double pooled_median(const Chains& chains) {
  std::vector<double> all;
  for (const auto& chain : chains) all.insert(all.end(), chain.begin(), chain.end());
  std::sort(all.begin(), all.end());
  const std::size_t n = all.size();
  return n % 2 == 1 ? all[n / 2] : 0.5 * (all[n / 2 - 1] + all[n / 2]);
}

// Replaces every draw by the normal quantile of its fractional rank over all chains pooled (ties get
// their average rank; the offset 3/8 is Blom's), so R-hat is defined for heavy tails and invariant to
// monotone transformations of the scalar.
Chains rank_normalise(const Chains& chains) {
  std::vector<double> flat;
  for (const auto& chain : chains) flat.insert(flat.end(), chain.begin(), chain.end());
  const std::size_t n = flat.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return flat[a] < flat[b]; });
  std::vector<double> fraction(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && flat[order[j + 1]] == flat[order[i]]) ++j;
    const double average_rank = 0.5 * static_cast<double>(i + j) + 1.0;  // ranks start at 1
    for (std::size_t k = i; k <= j; ++k)
      fraction[order[k]] = (average_rank - 0.375) / (static_cast<double>(n) + 0.25);
    i = j + 1;
  }
  const at::Tensor z = at::special_ndtri(at::tensor(fraction, at::kDouble)).contiguous();
  const double* values = z.data_ptr<double>();
  Chains out;
  for (const auto& chain : chains) {
    out.emplace_back(values, values + chain.size());
    values += chain.size();
  }
  return out;
}

// Gelman-Rubin on equally long chains: sqrt(((n - 1) W + B) / (n W)), W the mean within-chain
// variance, B / n the variance of the chain means.
double basic_rhat(const Chains& chains) {
  const auto n = static_cast<double>(chains.front().size());
  const auto m = static_cast<double>(chains.size());
  std::vector<double> means;
  double within = 0.0;
  for (const auto& chain : chains) {
    const double mean = std::accumulate(chain.begin(), chain.end(), 0.0) / n;
    double squares = 0.0;
    for (double v : chain) squares += (v - mean) * (v - mean);
    means.push_back(mean);
    within += squares / (n - 1.0);
  }
  within /= m;
  const double grand = std::accumulate(means.begin(), means.end(), 0.0) / m;
  double between = 0.0;
  for (double mean : means) between += (mean - grand) * (mean - grand);
  between *= n / (m - 1.0);
  if (!(within > 0)) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt((between / within + n - 1.0) / n);
}

}  // namespace

SplitRhat split_rhat(const Chains& chains) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const SplitRhat undefined{nan, nan, nan};
  if (chains.empty()) return undefined;
  const std::size_t n = chains.front().size();
  for (const auto& chain : chains) {
    DPNP_CHECK(chain.size() == n, "split-R-hat needs chains of equal length");
    for (double v : chain)
      if (!std::isfinite(v)) return undefined;
  }
  if (n < 4) return undefined;
  const Chains halves = split_halves(chains);
  const double bulk = basic_rhat(rank_normalise(halves));
  // Folded about the median of the split draws (the middle draw of an odd chain left out), as ArviZ does.
  const double median = pooled_median(halves);
  Chains folded = halves;
  for (auto& chain : folded)
    for (double& v : chain) v = std::abs(v - median);
  const double tail = basic_rhat(rank_normalise(folded));
  if (std::isnan(bulk) || std::isnan(tail)) return undefined;
  return {bulk, tail, std::max(bulk, tail)};
}

}  // namespace dpnp
