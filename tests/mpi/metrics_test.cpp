// Distributed SNR/PSNR/SSIM equal scikit-image's on the same images, at every rank count, and the
// distributed harmonic interpolation equals the single-rank one.
#include <gtest/gtest.h>

#include "dpnp/dist/image_metrics.hpp"
#include "dpnp/physics/interpolation.hpp"
#include "dpnp/physics/mask.hpp"
#include "test_support.hpp"

namespace dpnp {
namespace {

TEST(ImageMetrics, MatchScikitImage) {
  const std::string fixture = test::binary_dir() + "/fixtures/metrics.h5";
  if (!test::file_exists(fixture)) GTEST_SKIP() << "fixture " << fixture << " missing (needs the venv's scikit-image)";
  const Comm comm = test::world();
  const at::Tensor reference = test::read_h5(fixture, "reference");
  const at::Tensor estimate = test::read_h5(fixture, "estimate");
  const auto domain = test::make_domain(comm, reference.size(1), reference.size(2));
  const at::Tensor ref_slab = test::slab_of(reference, domain.layout(), comm.rank()).to(at::kFloat);
  const at::Tensor est_slab = test::slab_of(estimate, domain.layout(), comm.rank()).to(at::kFloat);
  const ImageMetrics m = image_metrics(domain, est_slab, ref_slab);
  EXPECT_NEAR(m.ssim, test::read_h5_attribute(fixture, "ssim"), 1e-5);
  EXPECT_NEAR(m.psnr_db, test::read_h5_attribute(fixture, "psnr"), 1e-4);
  const double snr = 10 * std::log10(reference.square().sum().item<double>() / (estimate - reference).square().sum().item<double>());
  EXPECT_NEAR(m.snr_db, snr, 1e-4);
}

TEST(HarmonicInterpolation, DistributedEqualsSingleRankAndKeepsObservedPixels) {
  const Comm comm = test::world();
  const std::int64_t height = 40, width = 23;
  const auto domain = test::make_domain(comm, height, width);
  const auto serial = test::make_serial_domain(height, width);
  const at::Tensor image = test::seeded_rand({3, height, width}, 9);
  const at::Tensor mask_global = random_mask(serial, 0.8, 77);
  const at::Tensor y_global = image * mask_global;
  const at::Tensor reference = harmonic_interpolation(serial, y_global, mask_global, 2000, 1e-8);
  const at::Tensor y = test::slab_of(y_global, domain.layout(), comm.rank());
  const at::Tensor mask = test::slab_of(mask_global, domain.layout(), comm.rank());
  InterpolationReport report;
  const at::Tensor mine = harmonic_interpolation(domain, y, mask, 2000, 1e-8, &report);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, mine, domain.layout()), reference), 1e-5);
  EXPECT_LE(report.relative_residual, 1e-8);
  // Observed pixels are untouched; missing ones lie between their neighbours' extremes.
  EXPECT_TRUE(at::allclose(mine * mask, y * mask));
  EXPECT_GE(mine.min().item<float>(), 0.0f);
  EXPECT_LE(mine.max().item<float>(), 1.0f);
}

}  // namespace
}  // namespace dpnp
