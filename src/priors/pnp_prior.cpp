#include "dpnp/priors/pnp_prior.hpp"

#include <cmath>

#include "dpnp/core/error.hpp"

namespace dpnp {

PnpPrior::PnpPrior(std::shared_ptr<Denoiser> denoiser, PnpPriorOptions options)
    : denoiser_(std::move(denoiser)), options_(options) {
  DPNP_CHECK(denoiser_ != nullptr, "a PnP prior needs a denoiser");
  DPNP_CHECK(options_.epsilon > 0 && options_.alpha > 0, "eps and alpha must be positive");
  if (options_.lipschitz <= 0) options_.lipschitz = 1.0;
}

at::Tensor PnpPrior::denoise(const at::Tensor& x) const { return denoiser_->denoise(x, std::sqrt(options_.epsilon)); }

}  // namespace dpnp
