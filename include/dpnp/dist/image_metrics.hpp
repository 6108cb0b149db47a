#pragma once
/// @file
/// Image quality metrics of distributed images against a reference, computed from slabs with
/// global reductions (SSIM's 7x7 window gets its 3 ghost rows from the halo exchange).
/// All are collective.

#include <ATen/ATen.h>

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

struct ImageMetrics {
  double snr_db = 0.0;   ///< 10 log10(||ref||^2 / ||x - ref||^2)  (algorithm.md eq. 31)
  double psnr_db = 0.0;  ///< 10 log10(1 / MSE), data range 1
  double ssim = 0.0;     ///< scikit-image defaults: 7x7 uniform window, sample covariance, K1=0.01,
                         ///< K2=0.03, data range 1, borders of 3 cropped, mean over channels
};

/// The side of SSIM's window: the smallest image whose metrics can be computed.
inline constexpr std::int64_t kSsimWindow = 7;

/// What the metrics need of the slabs: 3 rows each (SSIM's halo).
SlabNeeds image_metrics_needs();

/// Metrics of `estimate` against `reference`, both [C, rows, cols] slabs of `domain` (whose layout
/// satisfies image_metrics_needs()).
ImageMetrics image_metrics(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference);

double snr_db(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference);
double psnr_db(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference);
double ssim(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference);

}  // namespace dpnp
