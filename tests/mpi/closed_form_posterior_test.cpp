// Statistical correctness of the split-Gibbs sampler on a posterior known in closed form, for Gaussian
// inpainting and Gaussian deblurring.
//
// With the quadratic prior g(z) = (mu/2)||z||^2 in place of TV (and no positivity constraint) the AXDA
// target pi(x, z) is Gaussian, and one sweep is a linear map plus Gaussian noise:
//     s' = T s + c + noise(Q),   s = (x, z).
// * Its stationary mean solves (I - T) m = c. Because the x drift is the exact gradient and the z step
//   is a linear prox, m is exactly the posterior mean (the mode of the Gaussian target).
// * Its stationary covariance solves Sigma = T Sigma T^T + Q (the chain's own law: ULA/PSGLA with a
//   finite step inflate the posterior covariance by O(gamma); the test prints that bias).
// Tolerance: the exact Monte-Carlo standard deviation of each estimate for this linear chain,
//     Var(mean_n) ~ [ (I-T)^-1 Sigma + Sigma (I-T)^-T - Sigma ]_ii / n,
//     Var(var_n)  ~ 2 sum_k C_ii(k)^2 / n,  C(k) = T^k Sigma,
// and every pixel's estimate must lie within 4.5 of those standard deviations. With 2 x 36 estimates a
// correct sampler fails with probability < 5e-4 (the noise is seeded, so the outcome is fixed), while a
// wrong step size or noise scale moves the variance by tens of standard deviations.
//
// Calibration (docs/diagnostics.md): the central credible intervals of the chain (empirical quantiles
// of every kept sample, and the Gaussian approximation mean -/+ z std) are checked against this exact
// law N(m, Sigma_xx). (1) Their exact coverage, the mean over pixels of P(low <= X <= high) for X
// from the law, is the nominal level to within the bounds' Monte-Carlo error: for a quantile bound at
// tail p that moves the coverage by sqrt(p (1 - p) tau / n) (tau the pixel's IAT, which bounds the
// IAT of an indicator of a Gaussian chain), for the Gaussian bounds by z phi(z) sd(var) / var. (2) The
// coverage dpnp reports, averaged over K truths drawn from the law, is that exact coverage to within
// sqrt(c (1 - c) / K) (pixels fully correlated, the worst case). Both at 4.5 standard deviations; for
// a mean over pixels (and a sum of two bounds) the standard deviation is at most the mean (the sum) of
// the standard deviations, whatever their correlation.
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/sampler/calibration.hpp"
#include "dpnp/sampler/models/axda_gaussian.hpp"

#include <ATen/CPUGeneratorImpl.h>

namespace dpnp {
namespace {

constexpr std::int64_t kHeight = 12, kWidth = 3, kBurnIn = 2000, kIterations = 22000;
constexpr double kSigma = 1.0, kRho = 1.0, kMu = 1.0;

// Inpainting (30 % missing) or deblurring with a 3x3 Gaussian kernel (slabs of >= 2 rows at 4 ranks).
config::Config quadratic_config(const std::string& task) {
  const std::string yaml = fmt::format(R"(
problem: {{task: {}}}
truth: {{path: "{}", crop: [250, 250, {}, {}], grayscale: true}}
observation: {{missing_fraction: 0.3, sigma: {}, blur_kernel: gaussian, blur_size: 3, blur_std: 0.8}}
prior: {{type: quadratic, mu: {}, rho: {}}}
sampler: {{iterations: {}, burn_in: {}, init: zeros, flush_every: 1000, keep_samples: {}}}
)", task, test::demo_image(), kHeight, kWidth, kSigma, kMu, kRho, kIterations, kBurnIn, kIterations - kBurnIn);
  return config::Config::parse(yaml, "<string>");
}

// Dense matrix of a linear map on [1, H, W] images, by columns.
at::Tensor dense(const std::function<at::Tensor(const at::Tensor&)>& apply, std::int64_t n) {
  std::vector<at::Tensor> columns;
  for (std::int64_t j = 0; j < n; ++j) {
    at::Tensor e = at::zeros({1, kHeight, kWidth}, at::kDouble);
    e.view(-1)[j] = 1.0;
    columns.push_back(apply(e).reshape(-1));
  }
  return at::stack(columns, 1);
}

// Sigma = T Sigma T^T + Q by doubling: Sigma = sum_k T^k Q T^k^T.
at::Tensor stationary_covariance(at::Tensor t, at::Tensor q) {
  at::Tensor sigma = q.clone();
  for (int i = 0; i < 60; ++i) {
    const at::Tensor next = sigma + t.mm(sigma).mm(t.t());
    t = t.mm(t);
    const bool converged = (next - sigma).abs().max().item<double>() < 1e-15 * next.abs().max().item<double>();
    sigma = next;
    if (converged) break;
  }
  return sigma;
}

class ClosedFormPosterior : public ::testing::TestWithParam<std::string> {};

TEST_P(ClosedFormPosterior, QuadraticSplitGibbsMatchesItsExactGaussianLaw) {
  const Comm comm = test::world();
  const test::ChainRun chain = test::run_chain(quadratic_config(GetParam()), comm);
  const Problem& e = chain.problem;
  const ChainState& state = chain.state;
  const auto& layout = e.domain->layout();
  const at::Tensor mean = test::gather_rows(comm, posterior_mean(state.welford), layout).to(at::kDouble).reshape(-1);
  const at::Tensor var = test::gather_rows(comm, posterior_variance(state.welford), layout).to(at::kDouble).reshape(-1);
  const double n = static_cast<double>(state.welford.count);
  ASSERT_EQ(state.welford.count, kIterations - kBurnIn);

  // The chain's matrices, from the same operators on one rank.
  const std::int64_t pixels = kHeight * kWidth;
  const auto serial = test::make_serial_domain(kHeight, kWidth);
  const Gradient2D gradient(serial);
  // The forward operator A, rebuilt on one rank from the same mask or kernel.
  const ForwardModel& forward = forward_model(e.task);
  const at::Tensor serial_data =
      forward.data_per_slab() ? test::gather_rows(comm, e.operator_data, layout) : e.operator_data;
  const std::shared_ptr<LinearOperator> serial_op = forward.make(serial, serial_data);
  const at::Tensor y = test::gather_rows(comm, e.observation, e.op->range().layout()).to(at::kDouble).reshape(-1);
  const at::Tensor d = dense([&](const at::Tensor& x) { return gradient.apply(x); }, pixels);     // [2N, N]
  const at::Tensor op = dense([&](const at::Tensor& x) { return serial_op->apply(x); }, pixels);  // [Nd, N]
  const auto* model = dynamic_cast<const AxdaGaussianModel*>(e.model.get());
  ASSERT_NE(model, nullptr);
  const double gx = model->gamma_x(), gz = model->gamma_z(), sigma2 = e.noise_level * e.noise_level;
  ASSERT_DOUBLE_EQ(e.noise_level, kSigma);
  const auto eye = [](std::int64_t k) { return at::eye(k, at::kDouble); };
  const at::Tensor ata = op.t().mm(op);
  const at::Tensor aty = op.t().mv(y);
  const at::Tensor a = eye(pixels) - gx * (ata / sigma2 + d.t().mm(d) / kRho);
  const at::Tensor b = gx * d.t() / kRho;
  const at::Tensor c_x = gx * aty / sigma2;
  const double shrink = 1.0 / (1.0 + gz * kMu);
  const at::Tensor k = shrink * (gz / kRho) * d;
  const at::Tensor t = at::cat({at::cat({a, b}, 1), at::cat({k.mm(a), shrink * (1 - gz / kRho) * eye(2 * pixels) + k.mm(b)}, 1)}, 0);
  const at::Tensor c = at::cat({c_x, k.mv(c_x)});
  const double ax2 = 2 * gx, bz2 = 2 * gz * shrink * shrink;
  const at::Tensor q = at::cat({at::cat({ax2 * eye(pixels), ax2 * k.t()}, 1),
                                at::cat({ax2 * k, ax2 * k.mm(k.t()) + bz2 * eye(2 * pixels)}, 1)}, 0);
  const at::Tensor i_minus_t = eye(3 * pixels) - t;
  const at::Tensor chain_mean = at::linalg_solve(i_minus_t, c).narrow(0, 0, pixels);
  const at::Tensor sigma = stationary_covariance(t, q);
  const at::Tensor chain_var = sigma.diagonal().narrow(0, 0, pixels);

  // The exact AXDA posterior of x: precision A^T A/sigma^2 + D^T (rho + 1/mu)^-1 D.
  const at::Tensor precision = ata / sigma2 + d.t().mm(d) / (kRho + 1.0 / kMu);
  const at::Tensor posterior_cov = at::linalg_inv(precision);
  const at::Tensor posterior_mean_x = posterior_cov.mv(aty / sigma2);
  EXPECT_LE(test::relative_error(chain_mean, posterior_mean_x), 1e-9) << "the chain's mean is the posterior mean";

  // Exact Monte-Carlo standard deviations.
  const at::Tensor inv = at::linalg_inv(i_minus_t);
  const at::Tensor long_run = inv.mm(sigma) + sigma.mm(inv.t()) - sigma;
  const at::Tensor sd_mean = (long_run.diagonal().narrow(0, 0, pixels) / n).sqrt();
  at::Tensor lag_sum = sigma.diagonal().square();
  at::Tensor tk_sigma = sigma;
  for (int lag = 1; lag < 20000; ++lag) {
    tk_sigma = t.mm(tk_sigma);
    const at::Tensor term = 2 * tk_sigma.diagonal().square();
    lag_sum = lag_sum + term;
    if (term.max().item<double>() < 1e-14 * lag_sum.max().item<double>()) break;
  }
  const at::Tensor sd_var = (2 * lag_sum.narrow(0, 0, pixels) / n).sqrt();

  const double mean_z = ((mean - posterior_mean_x).abs() / sd_mean).max().item<double>();
  const double var_z = ((var - chain_var).abs() / sd_var).max().item<double>();
  const double bias = ((chain_var - posterior_cov.diagonal()) / posterior_cov.diagonal()).mean().item<double>();
  // The same statistic against the undiscretised posterior variance shows the test's power.
  const double posterior_var_z = ((var - posterior_cov.diagonal()).abs() / sd_var).max().item<double>();
  if (comm.is_root())
    std::printf("max |z| mean %.2f, variance %.2f over %lld pixels; the finite step inflates the posterior variance "
                "by %.1f%% on average (max |z| %.1f against the step-free variance)\n",
                mean_z, var_z, static_cast<long long>(pixels), 100.0 * bias, posterior_var_z);
  EXPECT_LT(mean_z, 4.5);
  EXPECT_LT(var_z, 4.5);

  // Calibration against the chain's exact law.
  const at::Tensor law_sd = chain_var.sqrt();
  const at::Tensor iat = long_run.diagonal().narrow(0, 0, pixels) / chain_var;
  const auto normal_cdf = [](const at::Tensor& v) { return 0.5 * at::erfc(-v / std::sqrt(2.0)); };
  const auto exact_coverage = [&](const at::Tensor& low, const at::Tensor& high, const at::Tensor& sd) {
    return (normal_cdf((high - chain_mean) / sd) - normal_cdf((low - chain_mean) / sd)).mean().item<double>();
  };
  constexpr std::int64_t kTruths = 2000;
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(2026);
  const at::Tensor cholesky = at::linalg_cholesky(sigma.narrow(0, 0, pixels).narrow(1, 0, pixels));
  const at::Tensor truths = chain_mean.unsqueeze(1) + cholesky.mm(at::normal(0.0, 1.0, {pixels, kTruths}, generator).to(at::kDouble));
  const at::Tensor truth_stack = truths.t().reshape({kTruths, 1, kHeight, kWidth}).to(at::kFloat);
  const SampleRing no_samples;
  for (double level : {0.5, 0.9, 0.95}) {
    const double z = at::special_ndtri(at::scalar_tensor(0.5 * (1.0 + level), at::kDouble)).item<double>();
    const double tail = 0.5 * (1.0 - level);
    const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
    const auto [ring_low, ring_high] = credible_interval(state.ring, level);
    const auto [gauss_low, gauss_high] = gaussian_interval(posterior_mean(state.welford), posterior_variance(state.welford), level);
    struct Method {
      const char* name;
      at::Tensor low, high;  // this rank's rows
      double bound_sd;       // of the exact coverage (a bound)
    };
    const Method methods[] = {
        {"empirical", ring_low, ring_high, 2.0 * (tail * (1.0 - tail) * iat / n).sqrt().mean().item<double>()},
        {"gaussian", gauss_low, gauss_high, z * density * (sd_var / chain_var).mean().item<double>()}};
    for (const Method& m : methods) {
      const at::Tensor low = test::gather_rows(comm, m.low, layout).to(at::kDouble).reshape(-1);
      const at::Tensor high = test::gather_rows(comm, m.high, layout).to(at::kDouble).reshape(-1);
      const double exact = exact_coverage(low, high, law_sd);
      // Against the step-free posterior, the coverage the user would see with the exact posterior's truth.
      const double posterior = exact_coverage(low, high, posterior_cov.diagonal().sqrt());
      // All truths at once: [K, 1, H, W] against the [1, H, W] bounds counts every truth's pixels.
      const double reported = interval_coverage(comm, m.low, m.high, test::slab_of(truth_stack, layout, comm.rank()));
      if (comm.is_root())
        std::printf("%s %.0f%% intervals: exact coverage %.4f (tolerance %.4f), reported %.4f over %lld truths; "
                    "%.4f against the step-free posterior\n",
                    m.name, 100 * level, exact, 4.5 * m.bound_sd, reported, static_cast<long long>(kTruths), posterior);
      EXPECT_NEAR(exact, level, 4.5 * m.bound_sd) << m.name << " intervals at " << level;
      EXPECT_NEAR(reported, exact, 4.5 * std::sqrt(exact * (1 - exact) / kTruths)) << m.name << " at " << level;
    }
    // What the run reports for its own truth: the ring's quantiles (it holds every kept sample), and
    // the Gaussian approximation without samples; both count the pixels exactly.
    const at::Tensor truth = e.truth;
    const CoverageReport with_ring = truth_coverage(comm, state.welford, state.ring, truth, {level});
    const CoverageReport without = truth_coverage(comm, state.welford, no_samples, truth, {level});
    const at::Tensor global_truth = test::gather_rows(comm, truth, layout).to(at::kDouble).reshape(-1);
    const auto count = [&](const at::Tensor& low, const at::Tensor& high) {
      const at::Tensor l = test::gather_rows(comm, low, layout).to(at::kDouble).reshape(-1);
      const at::Tensor h = test::gather_rows(comm, high, layout).to(at::kDouble).reshape(-1);
      return at::logical_and(l <= global_truth, global_truth <= h).to(at::kDouble).mean().item<double>();
    };
    EXPECT_DOUBLE_EQ(with_ring.coverage.at(0), count(ring_low, ring_high));
    EXPECT_DOUBLE_EQ(without.coverage.at(0), count(gauss_low, gauss_high));
    EXPECT_NE(with_ring.intervals.find("empirical"), std::string::npos);
    EXPECT_NE(without.intervals.find("Gaussian"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Tasks, ClosedFormPosterior, ::testing::Values("inpainting", "deblurring"));

}  // namespace
}  // namespace dpnp
