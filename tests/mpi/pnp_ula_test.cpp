// PnP-ULA (kernel K1): with a linear "denoiser" D(x) = a x the PnP prior is Gaussian, and the chain's
// law is known exactly; with the authors' DDFB, the chain is the same on B ranks as on one.
//
// Closed form. For inpainting with mask m, the drift is grad f + (alpha/eps)(x - a x) = P (x - mu) per
// pixel, with precision P = m/sigma^2 + alpha (1 - a)/eps and mean mu = (m y / sigma^2) / P; the box
// term is zero while x stays in C = [-1, 2] (the parameters keep x more than 6 standard deviations
// inside). Each pixel is then an AR(1) chain x' = x - delta P (x - mu) + sqrt(2 delta) xi, whose
// stationary law is N(mu, 1 / (P (1 - delta P / 2))) and whose Monte-Carlo standard deviations are
// exact: Var(mean_n) = v (1 + r) / ((1 - r) n), Var(var_n) = 2 v^2 (1 + r^2) / ((1 - r^2) n), r = 1 - delta P.
// Every pixel must lie within 5 of those standard deviations (576 pixels x 2 statistics: a correct
// sampler fails with probability < 1e-3; the seeded noise makes the outcome fixed).
#include <gtest/gtest.h>

#include "chain_support.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/physics/mask.hpp"
#include "dpnp/physics/observation.hpp"
#include "dpnp/sampler/models/pnp_ula.hpp"

namespace dpnp {
namespace {

TEST(PnpUla, LinearDenoiserMatchesTheClosedFormGaussianLaw) {
  const Comm comm = test::world();
  const std::int64_t height = 16, width = 12, channels = 3;
  const double sigma = 0.1, a = 0.5, alpha = 1.0;
  const auto domain = test::make_domain(comm, height, width);
  const at::Tensor mask = random_mask(domain, 0.5, 31);
  const at::Tensor truth = test::slab_of(test::seeded_rand({channels, height, width}, 8), domain.layout(), comm.rank());
  const at::Tensor y = add_gaussian_noise(domain, truth * mask, sigma, 99);
  auto likelihood = std::make_shared<GaussianLikelihood>(std::make_shared<Mask>(domain, mask), y, sigma);
  PnpPriorOptions prior_options;
  prior_options.epsilon = sigma * sigma;
  prior_options.alpha = alpha;
  prior_options.lipschitz = 1 - a;  // D - I = (a - 1) I
  auto prior = std::make_shared<PnpPrior>(std::shared_ptr<Denoiser>(make_linear_denoiser(a, channels)), prior_options);
  PnpUlaModel model(likelihood, prior, at::zeros_like(y), PnpUlaOptions{});
  SamplerOptions options;
  options.iterations = 24000;
  options.burn_in = 2000;
  options.flush_every = 1000;
  Sampler sampler(model, domain, options);
  ChainState state;
  sampler.initialize(state);
  sampler.run(state);

  const double delta = model.step().delta;
  const double n = static_cast<double>(state.welford.count);
  const at::Tensor m = mask.to(at::kDouble).expand_as(y);
  const at::Tensor precision = m / (sigma * sigma) + alpha * (1 - a) / prior_options.epsilon;
  const at::Tensor mu = m * y.to(at::kDouble) / (sigma * sigma) / precision;
  const at::Tensor variance = 1.0 / (precision * (1 - delta * precision / 2));
  const at::Tensor r = 1 - delta * precision;
  const at::Tensor sd_mean = (variance * (1 + r) / (1 - r) / n).sqrt();
  const at::Tensor sd_var = (2 * variance.square() * (1 + r.square()) / (1 - r.square()) / n).sqrt();
  const double mean_z = comm.max(((posterior_mean(state.welford).to(at::kDouble) - mu).abs() / sd_mean).max().item<double>());
  const double var_z = comm.max(((posterior_variance(state.welford).to(at::kDouble) - variance).abs() / sd_var).max().item<double>());
  const double step_low = comm.min((delta * precision).min().item<double>());
  const double step_high = comm.max((delta * precision).max().item<double>());
  if (comm.is_root())
    std::printf("max |z|: mean %.2f, variance %.2f (delta P in [%.3f, %.3f])\n", mean_z, var_z, step_low, step_high);
  EXPECT_LT(mean_z, 5.0);
  EXPECT_LT(var_z, 5.0);
}

TEST(PnpUla, DdfbInpaintingChainIsTheSameOnBRanks) {
  const std::string weights = test::shipped_ddfb();
  const std::string yaml = fmt::format(R"(
truth: {{path: "{}", crop: [180, 160, 26, 21]}}
observation: {{missing_fraction: 0.7, snr_db: 15}}
prior: {{type: ddfb, weights: "{}"}}
sampler: {{iterations: 50, burn_in: 10, flush_every: 10}}
)", test::demo_image(), weights);
  const auto config = config::Config::parse(yaml, "<string>");
  const Comm comm = test::world();
  const auto distributed = test::run_chain(config, comm);
  const auto serial = test::run_chain(config, Comm(MPI_COMM_SELF));
  const auto& layout = distributed.problem.domain->layout();
  EXPECT_LE(test::relative_error(test::gather_rows(comm, posterior_mean(distributed.state.welford), layout),
                                 posterior_mean(serial.state.welford)), 1e-5);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, posterior_variance(distributed.state.welford), layout),
                                 posterior_variance(serial.state.welford)), 1e-5);
  EXPECT_LE(test::relative_error(test::gather_rows(comm, distributed.state.at("x"), layout), serial.state.at("x")), 1e-5);
}

}  // namespace
}  // namespace dpnp
