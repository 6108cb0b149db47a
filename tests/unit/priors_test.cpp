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
