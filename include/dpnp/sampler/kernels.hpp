#pragma once
/// @file
/// The transition kernels' fused elementwise updates, on CPU or CUDA tensors alike.
///
/// K1 (PnP-ULA) is `pnp_ula_step_`. K2 (PSGLA) is `langevin_proposal_` followed by the prox of the
/// target's non-smooth part (applied by the task model: max(., 0), group soft-threshold, KL prox).

#include <ATen/ATen.h>

#include "dpnp/core/noise.hpp"

namespace dpnp {

/// Where the noise of an update comes from: the stream key and the slab's global coordinates.
struct NoiseSite {
  noise::Key key;
  noise::SlabCoords coords;
};

/// v <- v - gamma * grad + sqrt(2 gamma) * xi. `v` and `grad`: contiguous float32, same device.
void langevin_proposal_(at::Tensor& v, const at::Tensor& grad, double gamma, const NoiseSite& site);

struct PnpUlaParams {
  double delta = 0;         ///< step size
  double prior_weight = 0;  ///< alpha / eps
  double lambda = 1;        ///< Moreau-Yosida parameter of the box
  double lower = -1, upper = 2;  ///< the box C
};

/// x <- x + sqrt(2 delta) xi - delta [grad + (alpha/eps)(x - denoised) + (1/lambda)(x - Pi_C(x))].
void pnp_ula_step_(at::Tensor& x, const at::Tensor& grad, const at::Tensor& denoised, const PnpUlaParams& params,
                   const NoiseSite& site);

/// Welford update of float64 `mean` and `m2` with float32 `sample`, which becomes sample number `count`.
void welford_update_(at::Tensor& mean, at::Tensor& m2, const at::Tensor& sample, std::int64_t count);

}  // namespace dpnp
