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
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/physics/blur.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/sampler/models/axda_gaussian.hpp"

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
sampler: {{iterations: {}, burn_in: {}, init: zeros, flush_every: 1000}}
)", task, test::demo_image(), kHeight, kWidth, kSigma, kMu, kRho, kIterations, kBurnIn);
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
}

INSTANTIATE_TEST_SUITE_P(Tasks, ClosedFormPosterior, ::testing::Values("inpainting", "deblurring"));

}  // namespace
}  // namespace dpnp
