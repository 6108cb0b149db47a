#include "dpnp/sampler/kernels.hpp"

#include <cmath>

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/slab_loop.hpp"
#include "dpnp/sampler/kernels_cuda.hpp"

namespace dpnp {

namespace {
void require_same_shape_and_device(const at::Tensor& a, const at::Tensor& b, const char* what) {
  DPNP_CHECK(a.sizes() == b.sizes(), std::string(what) + ": shapes differ");
  DPNP_CHECK(a.device() == b.device(), std::string(what) + ": devices differ");
}
std::int64_t local_numel(const noise::SlabCoords& c) { return c.planes * c.local_rows * c.cols; }
}  // namespace

void langevin_proposal_(at::Tensor& v, const at::Tensor& grad, double gamma, const NoiseSite& site) {
  require_float_contiguous(v, "langevin state");
  require_float_contiguous(grad, "langevin gradient");
  require_same_shape_and_device(v, grad, "langevin_proposal_");
  DPNP_CHECK(local_numel(site.coords) == v.numel(), "noise coordinates do not match the state");
  const rules::LangevinProposal rule{v.data_ptr<float>(), grad.data_ptr<float>(), static_cast<float>(gamma),
                                     static_cast<float>(std::sqrt(2.0 * gamma))};
  if (v.is_cuda()) {
    require_cuda_compiled("langevin_proposal_");
    cuda::langevin_proposal(rule, site.key, site.coords, cuda_stream_of(v));
  } else {
    cpu_for_each_with_noise(site.coords, site.key, rule);
  }
}

void pnp_ula_step_(at::Tensor& x, const at::Tensor& grad, const at::Tensor& denoised, const PnpUlaParams& params,
                   const NoiseSite& site) {
  require_float_contiguous(x, "PnP-ULA state");
  require_float_contiguous(grad, "PnP-ULA gradient");
  require_float_contiguous(denoised, "PnP-ULA denoised state");
  require_same_shape_and_device(x, grad, "pnp_ula_step_");
  require_same_shape_and_device(x, denoised, "pnp_ula_step_");
  DPNP_CHECK(local_numel(site.coords) == x.numel(), "noise coordinates do not match the state");
  const rules::PnpUlaStep rule{x.data_ptr<float>(),
                               grad.data_ptr<float>(),
                               denoised.data_ptr<float>(),
                               static_cast<float>(params.delta),
                               static_cast<float>(std::sqrt(2.0 * params.delta)),
                               static_cast<float>(params.prior_weight),
                               static_cast<float>(1.0 / params.lambda),
                               static_cast<float>(params.lower),
                               static_cast<float>(params.upper)};
  if (x.is_cuda()) {
    require_cuda_compiled("pnp_ula_step_");
    cuda::pnp_ula_step(rule, site.key, site.coords, cuda_stream_of(x));
  } else {
    cpu_for_each_with_noise(site.coords, site.key, rule);
  }
}

void welford_update_(at::Tensor& mean, at::Tensor& m2, const at::Tensor& sample, std::int64_t count) {
  require_float_contiguous(sample, "Welford sample");
  DPNP_CHECK(mean.scalar_type() == at::kDouble && m2.scalar_type() == at::kDouble, "Welford accumulators are float64");
  DPNP_CHECK(mean.is_contiguous() && m2.is_contiguous(), "Welford accumulators must be contiguous");
  DPNP_CHECK(mean.numel() == sample.numel() && m2.numel() == sample.numel(), "Welford shapes differ");
  DPNP_CHECK(count >= 1, "Welford count starts at 1");
  const rules::WelfordUpdate rule{sample.data_ptr<float>(), mean.data_ptr<double>(), m2.data_ptr<double>(),
                                  1.0 / static_cast<double>(count)};
  if (sample.is_cuda()) {
    require_cuda_compiled("welford_update_");
    cuda::welford_update(rule, sample.numel(), cuda_stream_of(sample));
  } else {
    cpu_for_each(sample.numel(), rule);
  }
}

#ifndef DPNP_WITH_CUDA
namespace cuda {
void langevin_proposal(const rules::LangevinProposal&, const noise::Key&, const noise::SlabCoords&, void*) {
  require_cuda_compiled("langevin_proposal");
}
void pnp_ula_step(const rules::PnpUlaStep&, const noise::Key&, const noise::SlabCoords&, void*) {
  require_cuda_compiled("pnp_ula_step");
}
void welford_update(const rules::WelfordUpdate&, std::int64_t, void*) { require_cuda_compiled("welford_update"); }
}  // namespace cuda
#endif

}  // namespace dpnp
