#include "dpnp/sampler/model_factory.hpp"

#include <fmt/format.h>

#include <map>

#include "dpnp/core/error.hpp"
#include "dpnp/likelihood/gaussian.hpp"
#include "dpnp/likelihood/poisson.hpp"
#include "dpnp/sampler/models/axda_gaussian.hpp"
#include "dpnp/sampler/models/pnp_ula.hpp"
#include "dpnp/sampler/models/poisson_hybrid.hpp"

namespace dpnp {

namespace {

std::unique_ptr<TaskModel> gaussian_model(const ModelInputs& in) {
  auto likelihood = std::make_shared<GaussianLikelihood>(in.op, in.observation, in.noise_level);
  if (!in.prior.is_split()) {
    PnpUlaOptions options;
    options.seed = in.seed;
    options.chain = in.chain;
    options.step_scale = in.step_scale;
    return std::make_unique<PnpUlaModel>(likelihood, in.prior.pnp, in.x0, options);
  }
  AxdaGaussianOptions options;
  options.rho = in.prior_options.rho;
  options.include_gradient_norm = !in.authors_steps;
  options.nonnegative = in.prior.nonnegative;
  options.seed = in.seed;
  options.chain = in.chain;
  options.step_scale = in.step_scale;
  return std::make_unique<AxdaGaussianModel>(likelihood, in.prior.split_operator, in.prior.split_prior, in.x0, options);
}

std::unique_ptr<TaskModel> poisson_model(const ModelInputs& in) {
  auto split = std::make_shared<PoissonSplit>(in.op, in.observation, in.noise_level, in.poisson.rho1);
  PoissonHybridOptions options;
  options.rho2 = in.poisson.rho2;
  options.seed = in.seed;
  options.chain = in.chain;
  options.step_scale = in.step_scale;
  options.authors_steps = in.authors_steps;
  options.x_init = in.x0;
  if (!in.prior.is_split()) return std::make_unique<PoissonHybridModel>(split, in.prior.pnp, options);
  return std::make_unique<PoissonHybridModel>(split, in.prior.split_operator, in.prior.split_prior, options);
}

using ModelBuilder = std::unique_ptr<TaskModel> (*)(const ModelInputs&);

// The sampler of each noise model of the catalogue (likelihood/noise_model.hpp).
const std::map<std::string, ModelBuilder>& samplers() {
  static const std::map<std::string, ModelBuilder> table = {{"gaussian", gaussian_model}, {"poisson", poisson_model}};
  return table;
}

}  // namespace

std::unique_ptr<TaskModel> make_task_model(const std::string& noise, const ModelInputs& inputs) {
  const auto it = samplers().find(noise);
  if (it == samplers().end())
    throw InputError(fmt::format("problem.noise: no sampler is registered for '{}'", noise));
  return it->second(inputs);
}

}  // namespace dpnp
