// The proximal operators of the split priors against their closed forms, and their values.
#include <gtest/gtest.h>

#include "dpnp/core/error.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"
#include "dpnp/priors/prior_catalogue.hpp"
#include "test_support.hpp"

#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {
namespace {

// prox_{gamma mu ||.||_{2,1}}(z) groups the two gradient directions of each pixel and channel:
// a group shorter than gamma mu becomes 0, a longer one shrinks by gamma mu along itself.
TEST(GroupL21, ProxIsTheGroupSoftThreshold) {
  const double mu = 3.0, gamma = 0.05, threshold = gamma * mu;
  at::Tensor z = test::seeded_randn({2, 3, 7, 5}, 11) * 0.3;
  z[0][1][2][3] = 0.0;  // a zero group: no division by zero
  z[1][1][2][3] = 0.0;
  const at::Tensor input = z.clone().to(at::kDouble);
  GroupL21(mu).prox_(z, gamma);
  const at::Tensor norm = (input[0].square() + input[1].square()).sqrt();
  const at::Tensor scale = at::where(norm > threshold, 1.0 - threshold / norm.clamp_min(1e-300), at::zeros_like(norm));
  const at::Tensor expected = input * scale.unsqueeze(0);
  EXPECT_LE((z.to(at::kDouble) - expected).abs().max().item<double>(), 1e-6);
  // Some groups were zeroed and some only shrunk, so both branches were exercised.
  EXPECT_GT((norm <= threshold).sum().item<std::int64_t>(), 0);
  EXPECT_GT((norm > threshold).sum().item<std::int64_t>(), 0);
}

TEST(GroupL21, ProxMinimisesTheProximalObjective) {
  const double mu = 2.0, gamma = 0.1;
  const GroupL21 tv(mu);
  const at::Tensor z = test::seeded_randn({2, 1, 6, 6}, 12) * 0.4;
  at::Tensor p = z.clone();
  tv.prox_(p, gamma);
  const auto objective = [&](const at::Tensor& v) {
    return tv.local_value(v).item<double>() + (v - z).to(at::kDouble).square().sum().item<double>() / (2 * gamma);
  };
  const double at_prox = objective(p);
  for (std::uint64_t seed = 0; seed < 20; ++seed)
    EXPECT_LE(at_prox, objective(p + test::seeded_randn(p.sizes(), 100 + seed) * 1e-2) + 1e-9);
}

TEST(GroupL21, ValueIsMuTimesTheSumOfGroupNorms) {
  at::Tensor z = at::zeros({2, 1, 1, 2});
  z[0][0][0][0] = 3.0;
  z[1][0][0][0] = 4.0;
  z[1][0][0][1] = -1.0;
  EXPECT_DOUBLE_EQ(GroupL21(2.0).local_value(z).item<double>(), 2.0 * (5.0 + 1.0));
}

TEST(SquaredL2, ProxShrinksByOnePlusGammaMu) {
  at::Tensor z = test::seeded_randn({2, 3, 4, 4}, 13);
  const at::Tensor input = z.clone();
  SquaredL2(4.0).prox_(z, 0.25);
  EXPECT_LE((z - input / 2.0).abs().max().item<double>(), 1e-6);
  EXPECT_NEAR(SquaredL2(4.0).local_value(input).item<double>(), 2.0 * input.to(at::kDouble).square().sum().item<double>(),
              1e-9);
}

// Anisotropic TV: each gradient component is soft-thresholded on its own.
TEST(AnisotropicTv, ProxIsTheComponentwiseSoftThresholdAndTheValueIsMuL1) {
  const double mu = 2.0, gamma = 0.1, threshold = gamma * mu;
  const PriorEntry& entry = prior_entry("tv_aniso");
  const auto domain = test::make_serial_domain(6, 5);
  const PriorParts parts = entry.make(PriorOptions{"tv_aniso", mu}, domain, PriorContext{});
  ASSERT_TRUE(parts.is_split());
  EXPECT_TRUE(parts.nonnegative);
  at::Tensor z = test::seeded_randn({2, 3, 6, 5}, 14) * 0.3;
  const at::Tensor input = z.clone().to(at::kDouble);
  parts.split_prior->prox_(z, gamma);
  const at::Tensor expected = at::sign(input) * at::clamp_min(input.abs() - threshold, 0.0);
  EXPECT_LE((z.to(at::kDouble) - expected).abs().max().item<double>(), 1e-6);
  EXPECT_NEAR(parts.split_prior->local_value(input.to(at::kFloat)).item<double>(), mu * input.abs().sum().item<double>(),
              1e-5);
}

// The gaussian prior's denoiser is the MMSE estimator of x ~ N(m, s^2) from y = x + sigma n: by the
// orthogonality principle its error x - D(y) has zero mean and is uncorrelated with y (for Gaussians
// the best linear estimator is the MMSE), and its mean squared error is s^2 sigma^2 / (s^2 + sigma^2).
// Checked on 2e5 draws within 5 Monte-Carlo standard deviations, independently of D's formula.
TEST(GaussianPrior, DenoiserIsTheMmseEstimatorAndLIsExact) {
  const double m = 0.4, s = 0.2, sigma = 0.1, mmse = s * s * sigma * sigma / (s * s + sigma * sigma);
  PriorOptions options;
  options.type = "gaussian";
  options.mean = m;
  options.std_dev = s;
  options.denoising_level = sigma;
  const auto domain = test::make_serial_domain(200, 250);
  const PriorParts parts = prior_entry("gaussian").make(options, domain, PriorContext{at::kCPU, 4});
  ASSERT_FALSE(parts.is_split());
  ASSERT_NE(parts.pnp, nullptr);
  const at::Tensor x = m + s * test::seeded_randn({4, 200, 250}, 21).to(at::kDouble);
  const at::Tensor y = x + sigma * test::seeded_randn({4, 200, 250}, 22).to(at::kDouble);
  const at::Tensor error = x - parts.pnp->denoise(y.to(at::kFloat)).to(at::kDouble);
  const double n = static_cast<double>(x.numel());
  EXPECT_LT(std::abs(error.mean().item<double>()) / std::sqrt(mmse / n), 5.0);
  const at::Tensor centred_y = y - y.mean();
  // Var(e (y - E y)) = mmse (s^2 + sigma^2) for the independent Gaussians e and y.
  EXPECT_LT(std::abs((error * centred_y).mean().item<double>()) / std::sqrt(mmse * (s * s + sigma * sigma) / n), 5.0);
  EXPECT_LT(std::abs(error.square().mean().item<double>() - mmse) / (mmse * std::sqrt(2.0 / n)), 5.0);
  // D - I is affine with slope -sigma^2 / (s^2 + sigma^2): L is that slope's magnitude, exactly.
  const double lipschitz = sigma * sigma / (s * s + sigma * sigma);
  EXPECT_NEAR(parts.pnp->options().lipschitz, lipschitz, 1e-12);
  EXPECT_DOUBLE_EQ(parts.pnp->options().epsilon, sigma * sigma);
  const at::Tensor u = test::seeded_rand({4, 6, 5}, 23), v = test::seeded_rand({4, 6, 5}, 24);
  const at::Tensor residual_gap = (parts.pnp->denoise(u) - u) - (parts.pnp->denoise(v) - v);
  EXPECT_NEAR(residual_gap.norm().item<double>() / (u - v).norm().item<double>(), lipschitz, 1e-5);
}

TEST(PriorCatalogue, NamesAreUniqueAndUnknownNamesAreRefused) {
  const std::vector<std::string> names = prior_names();
  ASSERT_FALSE(names.empty());
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
  EXPECT_THROW(prior_entry("wavelet"), InputError);
  EXPECT_EQ(prior_entry("tv").name(), "tv");
}

}  // namespace
}  // namespace dpnp
