#include "dpnp/dist/image_metrics.hpp"

#include <limits>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/dist/ghosted_slab.hpp"
#include "dpnp/dist/reduce.hpp"

namespace dpnp {

namespace {

constexpr std::int64_t kWindow = kSsimWindow;
constexpr std::int64_t kHalf = kWindow / 2;

// 7x7 box mean over the valid region of [C, rows + 6, cols] -> [C, rows, cols - 6].
at::Tensor box_mean(const at::Tensor& extended) {
  const at::Tensor kernel = at::full({1, 1, kWindow, kWindow}, 1.0 / (kWindow * kWindow), extended.options());
  return at::conv2d(extended.unsqueeze(1), kernel).squeeze(1);
}

}  // namespace

SlabNeeds image_metrics_needs() { return SlabNeeds::halo(kHalf, "the SSIM window"); }

double snr_db(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference) {
  const double signal = global_squared_norm(domain.comm(), reference);
  const double error = global_squared_norm(domain.comm(), estimate - reference);
  return 10.0 * std::log10(signal / std::max(error, 1e-300));
}

double psnr_db(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference) {
  const double error = global_squared_norm(domain.comm(), estimate - reference);
  const double count = static_cast<double>(domain.comm().sum(static_cast<std::int64_t>(estimate.numel())));
  return 10.0 * std::log10(1.0 / std::max(error / count, 1e-300));
}

double ssim(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference) {
  DPNP_CHECK(estimate.dim() == 3 && estimate.sizes() == reference.sizes(), "SSIM expects two [C, rows, cols] slabs");
  const std::int64_t height = domain.height(), width = domain.width();
  // SSIM is undefined below its window; a tiny image is still a valid problem (the closed-form tests
  // sample 12x3 ones), so the metric, not the run, gives way.
  if (height < kWindow || width < kWindow) return std::numeric_limits<double>::quiet_NaN();
  const at::Tensor x = estimate.to(at::kDouble), y = reference.to(at::kDouble);
  // Both exchanges are in flight together, so the second costs no extra latency.
  auto pending_x = domain.halo().start_fill(x, kHalf, kHalf);
  auto pending_y = domain.halo().start_fill(y, kHalf, kHalf);
  const at::Tensor ex = GhostedSlab(x, pending_x.finish()).padded();
  const at::Tensor ey = GhostedSlab(y, pending_y.finish()).padded();
  const at::Tensor ux = box_mean(ex), uy = box_mean(ey);
  const at::Tensor uxx = box_mean(ex * ex), uyy = box_mean(ey * ey), uxy = box_mean(ex * ey);
  const double np = static_cast<double>(kWindow * kWindow);
  const double cov_norm = np / (np - 1.0);
  const at::Tensor vx = cov_norm * (uxx - ux * ux);
  const at::Tensor vy = cov_norm * (uyy - uy * uy);
  const at::Tensor vxy = cov_norm * (uxy - ux * uy);
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  const at::Tensor map = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
  // Keep the rows whose whole window lies in the image: global rows [3, H - 3).
  const std::int64_t first = std::max<std::int64_t>(kHalf, domain.row_begin());
  const std::int64_t last = std::min<std::int64_t>(height - kHalf, domain.row_end());
  double local = 0.0;
  if (last > first) local = map.narrow(-2, first - domain.row_begin(), last - first).sum().item<double>();
  const double channels = static_cast<double>(estimate.size(0));
  const double count = channels * static_cast<double>((height - 2 * kHalf) * (width - 2 * kHalf));
  return domain.comm().sum(local) / count;
}

ImageMetrics image_metrics(const SlabDomain& domain, const at::Tensor& estimate, const at::Tensor& reference) {
  return {snr_db(domain, estimate, reference), psnr_db(domain, estimate, reference),
          ssim(domain, estimate, reference)};
}

}  // namespace dpnp
