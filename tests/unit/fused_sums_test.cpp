// The potential's one-pass float64 sums against ATen's float64 expressions, on sizes that leave a
// partial last chunk, on strided views (the fallback) and at several thread counts.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "dpnp/core/fused_sums.hpp"

namespace dpnp {
namespace {

double value(const at::Tensor& t) { return t.item<double>(); }

TEST(FusedSums, EqualTheFloat64ExpressionsToRounding) {
  at::manual_seed(7);
  for (const std::int64_t n : {1, 7, 65536, 65537, 3 * 211 * 157}) {
    const at::Tensor a = at::randn({n}) * 3, b = at::randn({n});
    const at::Tensor da = a.to(at::kDouble), db = b.to(at::kDouble);
    EXPECT_NEAR(value(sum_of(a)), value(da.sum()), 1e-12 * value(da.abs().sum())) << n;
    EXPECT_NEAR(value(sum_of_abs(a)), value(da.abs().sum()), 1e-12 * value(da.abs().sum())) << n;
    EXPECT_NEAR(value(sum_of_squared_differences(a, b)), value((da - db).square().sum()),
                1e-12 * value((da - db).square().sum()))
        << n;
    EXPECT_NEAR(value(sum_of_squared_differences(a, {})), value(da.square().sum()), 1e-12 * value(da.square().sum())) << n;
    // The norms are taken in float32 (a relative error below 1.2e-7 per term), then summed in float64.
    EXPECT_NEAR(value(sum_of_norms(a, b)), value((da.square() + db.square()).sqrt().sum()),
                2e-7 * value((da.square() + db.square()).sqrt().sum()))
        << n;
  }
}

TEST(FusedSums, StridedViewsAndOtherThreadCountsGiveTheSameSums) {
  at::manual_seed(3);
  const at::Tensor a = at::rand({3, 301, 257}), b = at::rand({3, 301, 257});
  const double one_thread = [&] {
    at::set_num_threads(1);
    return value(sum_of_squared_differences(a, b));
  }();
  at::set_num_threads(2);
  EXPECT_EQ(value(sum_of_squared_differences(a, b)), one_thread);  // chunks add up in a fixed order
  const at::Tensor ta = a.transpose(1, 2), tb = b.transpose(1, 2);
  EXPECT_NEAR(value(sum_of_squared_differences(ta, tb)), one_thread, 1e-12 * one_thread);
  const double norms = value((a.to(at::kDouble).square() + b.to(at::kDouble).square()).sqrt().sum());
  EXPECT_NEAR(value(sum_of_norms(ta, tb)), norms, 1e-12 * norms);  // the strided fallback is float64 throughout
  EXPECT_NEAR(value(sum_of_norms(a, b)), norms, 2e-7 * norms);
}

}  // namespace
}  // namespace dpnp
