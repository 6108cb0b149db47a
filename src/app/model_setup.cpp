#include "model_setup.hpp"

#include <fmt/format.h>

#include "dpnp/denoisers/factory.hpp"
#include "dpnp/likelihood/gaussian.hpp"
#include "dpnp/likelihood/poisson.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"
#include "dpnp/priors/pnp_prior.hpp"
#include "dpnp/sampler/models/axda_gaussian.hpp"
#include "dpnp/sampler/models/pnp_ula.hpp"
#include "dpnp/sampler/models/poisson_hybrid.hpp"

namespace dpnp::app {

namespace {

std::uint64_t chain_seed(const config::Config& config) { return static_cast<std::uint64_t>(config.get_int("run.seed")); }

std::shared_ptr<const PnpPrior> make_pnp_prior(const config::Config& config, Experiment& e, double default_level) {
  DenoiserOptions options;
  options.architecture = config.get_string("prior.type");
  options.weights = config.get_string("prior.weights");
  options.precision = parse_precision(config.get_string("prior.precision"));
  options.device = e.device;
  options.fused = config.get_bool("prior.fused");
  options.cuda_graph = config.get_bool("prior.cuda_graph");
  std::shared_ptr<Denoiser> denoiser = make_denoiser(options, *e.domain);
  const bool level_set = config.is_set("prior.denoising_level");
  const double level = level_set ? config.get_float("prior.denoising_level") : default_level;
  PnpPriorOptions prior;
  prior.epsilon = level * level;
  prior.alpha = config.get_float("prior.alpha");
  prior.lipschitz = config.get_float("prior.lipschitz");
  e.facts.emplace_back("prior", fmt::format("{} at sigma_d = {:.5g}{}, precision {}", denoiser->name(), level,
                                            level_set ? "" : (e.noise == "gaussian" ? " (= sigma)" : " (default)"),
                                            to_string(options.precision)));
  return std::make_shared<PnpPrior>(denoiser, prior);
}

std::shared_ptr<const AuxiliaryPrior> make_auxiliary_prior(const config::Config& config, Experiment& e) {
  const std::string prior = config.get_string("prior.type");
  e.facts.emplace_back("prior", fmt::format("{} (mu = {})", prior, config.get_float("prior.mu")));
  if (prior == "tv") return std::make_shared<GroupL21>(config.get_float("prior.mu"));
  return std::make_shared<SquaredL2>(config.get_float("prior.mu"));
}

void build_gaussian_model(const config::Config& config, Experiment& e, const at::Tensor& x0) {
  auto likelihood = std::make_shared<GaussianLikelihood>(e.op, e.observation, e.sigma);
  const std::string prior = config.get_string("prior.type");
  if (is_learned_prior(prior)) {
    PnpUlaOptions options;
    options.seed = chain_seed(config);
    e.model = std::make_unique<PnpUlaModel>(likelihood, make_pnp_prior(config, e, e.sigma), x0, options);
    return;
  }
  AxdaGaussianOptions options;
  options.rho = config.get_float("prior.rho");
  options.include_gradient_norm = config.get_bool("prior.include_gradient_norm");
  // The quadratic prior is the closed-form reference: no positivity constraint, so the target is Gaussian.
  options.nonnegative = prior == "tv";
  options.seed = chain_seed(config);
  e.model = std::make_unique<AxdaGaussianModel>(likelihood, std::make_shared<Gradient2D>(*e.domain),
                                                make_auxiliary_prior(config, e), x0, options);
}

// The papers run the Poisson PnP prior at a fixed denoiser level (there is no Gaussian sigma).
constexpr double kPoissonDenoisingLevel = 0.05;

void build_poisson_model(const config::Config& config, Experiment& e) {
  auto split = std::make_shared<PoissonSplit>(e.op, e.observation, e.peak, config.get_float("poisson.rho1"));
  PoissonHybridOptions options;
  options.rho2 = config.get_float("poisson.rho2");
  options.seed = chain_seed(config);
  if (is_learned_prior(config.get_string("prior.type"))) {
    e.model = std::make_unique<PoissonHybridModel>(split, make_pnp_prior(config, e, kPoissonDenoisingLevel), options);
  } else {
    e.model = std::make_unique<PoissonHybridModel>(split, std::make_shared<Gradient2D>(*e.domain),
                                                   make_auxiliary_prior(config, e), options);
  }
}

}  // namespace

bool is_learned_prior(const std::string& prior) { return prior == "ddfb" || prior == "dncnn" || prior == "drunet"; }

void build_model(const config::Config& config, Experiment& e, const at::Tensor& x0) {
  if (e.noise == "poisson")
    build_poisson_model(config, e);
  else
    build_gaussian_model(config, e, x0);
}

}  // namespace dpnp::app
