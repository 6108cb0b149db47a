#include "dpnp/sampler/autocorrelation.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace dpnp {

std::vector<double> autocorrelation(const std::vector<double>& series) {
  const auto n = static_cast<std::int64_t>(series.size());
  if (n < 2) return {};
  const at::Tensor x = at::tensor(series, at::kDouble);
  const at::Tensor centred = x - x.mean();
  // Zero padding to at least 2n makes the circular correlation of the FFT the linear one.
  std::int64_t padded = 1;
  while (padded < 2 * n) padded *= 2;
  const at::Tensor spectrum = at::fft_rfft(centred, padded);
  const at::Tensor covariance = at::fft_irfft(spectrum.abs().square().to(at::kComplexDouble), padded).narrow(0, 0, n);
  const double variance = covariance[0].item<double>();
  if (!(variance > 0)) return {};
  const at::Tensor rho = (covariance / variance).contiguous();
  return std::vector<double>(rho.data_ptr<double>(), rho.data_ptr<double>() + n);
}

double integrated_autocorrelation_time(const std::vector<double>& series) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (series.size() < 4) return nan;
  const std::vector<double> rho = autocorrelation(series);
  if (rho.empty()) return nan;
  double sum = 0.0;
  for (std::size_t k = 0; 2 * k + 1 < rho.size(); ++k) {
    const double pair = rho[2 * k] + rho[2 * k + 1];
    if (!(pair > 0)) break;
    sum += pair;
  }
  return -1.0 + 2.0 * sum;
}

std::vector<double> kept_part(const std::vector<double>& trace, std::int64_t burn_in, std::int64_t thinning) {
  std::vector<double> kept;
  for (std::int64_t t = burn_in + thinning; t <= static_cast<std::int64_t>(trace.size()); t += thinning)
    kept.push_back(trace[static_cast<std::size_t>(t - 1)]);
  return kept;
}

}  // namespace dpnp
