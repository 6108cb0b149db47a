// The Gaussian prior x ~ N(m, s^2 I), one independent pixel at a time, used by PnP-ULA through its
// exact MMSE denoiser. For y = x + n with n ~ N(0, sigma^2 I),
//     D_sigma(y) = E[x | y] = m + a (y - m),   a = s^2 / (s^2 + sigma^2),
// so D - I = (a - 1)(I - m) has Lipschitz constant L = 1 - a = sigma^2 / (s^2 + sigma^2) exactly and the
// prior's drift (alpha/eps)(x - D(x)) = alpha (x - m) / (s^2 + eps) is the score of N(m, (s^2 + eps)/alpha):
// PnP-ULA's target is then Gaussian and known, which the closed-form tests rely on. Being elementwise,
// the denoiser needs no halo and gives the same numbers on any number of ranks.
#include <fmt/format.h>

#include <cmath>

#include "dpnp/core/error.hpp"
#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp {

namespace {

class GaussianMmseDenoiser final : public Denoiser {
 public:
  GaussianMmseDenoiser(double mean, double std_dev, std::int64_t channels)
      : mean_(mean), variance_(std_dev * std_dev), channels_(channels) {}
  std::string name() const override { return fmt::format("gaussian MMSE (m = {:.4g}, s = {:.4g})", mean_, std::sqrt(variance_)); }
  at::Tensor denoise(const at::Tensor& x, double sigma) override {
    const double a = shrinkage(sigma);
    return x * a + (1.0 - a) * mean_;
  }
  std::int64_t channels() const override { return channels_; }
  // Two scalars and no convolution: nothing to move, and every precision computes the same float32.
  void to(const at::Device&, Precision) override {}
  double shrinkage(double sigma) const { return variance_ / (variance_ + sigma * sigma); }

 private:
  double mean_, variance_;
  std::int64_t channels_;
};

class GaussianPrior final : public PriorEntry {
 public:
  std::string name() const override { return "gaussian"; }
  std::string doc() const override {
    return "`gaussian` (x ~ N(prior.mean, prior.std^2) per pixel through its exact MMSE denoiser, PnP-ULA: a baseline "
           "whose posterior is Gaussian and known)";
  }
  SlabNeeds needs(const PriorOptions&) const override { return SlabNeeds{}; }
  PriorParts make(const PriorOptions& options, const SlabDomain&, const PriorContext& context) const override {
    DPNP_CHECK(options.std_dev > 0, "the gaussian prior needs prior.std > 0");
    auto denoiser = std::make_shared<GaussianMmseDenoiser>(options.mean, options.std_dev, context.channels);
    const double level = options.denoising_level.value_or(context.default_denoising_level);
    PnpPriorOptions prior;
    prior.epsilon = level * level;
    prior.alpha = options.alpha;
    // The exact constant replaces prior.lipschitz: the papers' step rule asks for L of D - I.
    prior.lipschitz = 1.0 - denoiser->shrinkage(level);
    PriorParts parts;
    parts.pnp = std::make_shared<PnpPrior>(denoiser, prior);
    parts.description = fmt::format("{} at sigma_d = {:.5g}{}, L = {:.4g} (exact)", denoiser->name(), level,
                                    options.denoising_level ? "" : context.default_level_note, prior.lipschitz);
    return parts;
  }
};

}  // namespace

std::unique_ptr<PriorEntry> make_gaussian_prior() { return std::make_unique<GaussianPrior>(); }

}  // namespace dpnp
