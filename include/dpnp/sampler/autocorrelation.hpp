#pragma once
/// @file
/// Integrated autocorrelation time of a scalar trace, by Geyer's initial positive sequence, and the
/// effective sample size it implies. See docs/diagnostics.md.

#include <cstdint>
#include <vector>

namespace dpnp {

/// Autocorrelations rho_0 = 1, rho_1, ... of `series` at every lag, from the biased (divide by n)
/// autocovariance computed by FFT. Empty for fewer than two values or a constant series.
std::vector<double> autocorrelation(const std::vector<double>& series);

/// tau = -1 + 2 sum_{k=0}^{m} (rho_{2k} + rho_{2k+1}), m the last k before the first pair sum that is
/// not positive (Geyer 1992). NaN for fewer than 4 values or a constant series.
double integrated_autocorrelation_time(const std::vector<double>& series);

/// The values of `trace` (one per iteration, iteration 1 first) that the estimators used: after
/// `burn_in`, every `thinning`-th.
std::vector<double> kept_part(const std::vector<double>& trace, std::int64_t burn_in, std::int64_t thinning);

}  // namespace dpnp
