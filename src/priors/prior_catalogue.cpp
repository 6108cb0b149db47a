// The catalogue of priors: every prior.type, registered once.
#include "dpnp/priors/prior_catalogue.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/physics/gradient2d.hpp"
#include "dpnp/priors/gradient_split_prior.hpp"

namespace dpnp {

SlabNeeds GradientSplitPrior::needs(const PriorOptions&) const { return Gradient2D::needs(); }

PriorParts GradientSplitPrior::make(const PriorOptions& options, const SlabDomain& image, const PriorContext&) const {
  PriorParts parts;
  parts.split_operator = std::make_shared<Gradient2D>(image);
  parts.split_prior = make_g(options.mu);
  parts.nonnegative = nonnegative();
  parts.description = fmt::format("{} (mu = {})", name(), options.mu);
  return parts;
}

namespace {

class TotalVariation final : public GradientSplitPrior {
 public:
  std::string name() const override { return "tv"; }
  std::string doc() const override { return "`tv` (isotropic total variation, AXDA split)"; }

 protected:
  std::shared_ptr<const AuxiliaryPrior> make_g(double mu) const override { return std::make_shared<GroupL21>(mu); }
};

/// The closed-form reference: without positivity the posterior is Gaussian.
class QuadraticSmoothness final : public GradientSplitPrior {
 public:
  std::string name() const override { return "quadratic"; }
  std::string doc() const override {
    return "`quadratic` (Gaussian smoothness (mu/2)||z||^2 on z ~ D x, a closed-form reference; Gaussian noise only)";
  }
  bool supports_poisson() const override { return false; }

 protected:
  std::shared_ptr<const AuxiliaryPrior> make_g(double mu) const override { return std::make_shared<SquaredL2>(mu); }
  bool nonnegative() const override { return false; }
};

/// A learned denoiser of the network catalogue, used by PnP-ULA.
class LearnedPrior final : public PriorEntry {
 public:
  explicit LearnedPrior(std::string architecture) : architecture_(std::move(architecture)) {}
  std::string name() const override { return architecture_; }
  std::string doc() const override { return fmt::format("`{}` (learned denoiser, PnP-ULA)", architecture_); }
  bool needs_weights() const override { return true; }
  SlabNeeds needs(const PriorOptions&) const override { return network_needs(architecture_); }
  PriorParts make(const PriorOptions& options, const SlabDomain& image, const PriorContext& context) const override {
    DenoiserOptions denoiser_options;
    denoiser_options.architecture = architecture_;
    denoiser_options.weights = options.weights;
    denoiser_options.precision = options.precision;
    denoiser_options.device = context.device;
    denoiser_options.fused = options.fused;
    denoiser_options.cuda_graph = options.cuda_graph;
    denoiser_options.halo_mode = options.halo_mode;
    denoiser_options.channels = context.channels;
    denoiser_options.data_name = context.data_name;
    std::shared_ptr<Denoiser> denoiser = make_denoiser(denoiser_options, image);
    const double level = options.denoising_level.value_or(context.default_denoising_level);
    PnpPriorOptions prior;
    prior.epsilon = level * level;
    prior.alpha = options.alpha;
    prior.lipschitz = options.lipschitz;
    PriorParts parts;
    parts.pnp = std::make_shared<PnpPrior>(denoiser, prior);
    parts.description = fmt::format("{} at sigma_d = {:.5g}{}, precision {}", denoiser->name(), level,
                                    options.denoising_level ? "" : context.default_level_note,
                                    to_string(options.precision));
    return parts;
  }

 private:
  std::string architecture_;
};

}  // namespace

// Priors defined in their own files.
std::unique_ptr<PriorEntry> make_anisotropic_tv_prior();  // anisotropic_tv.cpp
std::unique_ptr<PriorEntry> make_gaussian_prior();        // gaussian_prior.cpp

namespace {

const std::vector<std::unique_ptr<PriorEntry>>& catalogue() {
  static const std::vector<std::unique_ptr<PriorEntry>> entries = [] {
    std::vector<std::unique_ptr<PriorEntry>> e;
    e.push_back(std::make_unique<TotalVariation>());
    e.push_back(std::make_unique<QuadraticSmoothness>());
    e.push_back(make_anisotropic_tv_prior());
    e.push_back(make_gaussian_prior());
    for (const std::string& network : network_names()) e.push_back(std::make_unique<LearnedPrior>(network));
    return e;
  }();
  return entries;
}

}  // namespace

const PriorEntry& prior_entry(const std::string& name) {
  for (const auto& entry : catalogue())
    if (entry->name() == name) return *entry;
  throw InputError(fmt::format("prior.type: '{}' is not known; use one of: {}", name, fmt::join(prior_names(), ", ")));
}

std::vector<std::string> prior_names() {
  std::vector<std::string> names;
  for (const auto& entry : catalogue()) names.push_back(entry->name());
  return names;
}

}  // namespace dpnp
