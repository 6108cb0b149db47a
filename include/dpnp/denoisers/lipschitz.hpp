#pragma once
/// @file
/// The Lipschitz constant L of the residual D_sigma - I, estimated as in Pesquet et al. (2021) and
/// deepinv's JacobianSpectralNorm: the largest singular value of its Jacobian at noisy inputs, by power
/// iteration on J^T J with both products from reverse-mode autograd, maximised over patches and sigmas.
/// PnP-ULA's convergence theory needs D - I to be L-Lipschitz; the sampler's step depends on L.

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dpnp/core/noise.hpp"
#include "dpnp/denoisers/patch_sampler.hpp"
#include "dpnp/denoisers/trainable.hpp"

namespace dpnp {

/// A differentiable map of a batch [N, ...] -> [N, ...] whose samples do not interact (so its Jacobian
/// is block diagonal, one block per sample).
using BatchMap = std::function<at::Tensor(const at::Tensor&)>;

/// The Jacobian of f at x as two linear maps sharing one recorded graph.
class Jacobian {
 public:
  Jacobian(const BatchMap& f, const at::Tensor& x);
  /// J^T u (a vector-Jacobian product: one backward pass).
  at::Tensor adjoint(const at::Tensor& u) const;
  /// J v by the double-backward trick: J^T w is linear in a dummy w, and the gradient of
  /// <J^T w, v> with respect to w is J v. (LibTorch's forward-mode AD would save the second
  /// pass, but its C++ API is internal.)
  at::Tensor apply(const at::Tensor& v) const;

 private:
  at::Tensor x_, y_, dummy_, adjoint_of_dummy_;
};

struct PowerIterationOptions {
  int iterations = 100;
  double tolerance = 1e-5;  ///< on the relative change of each sample's ||J||^2 estimate
};

/// ||J_n||_2 for every sample n of x, by simultaneous power iterations from counter-based normal
/// starts drawn with `start`. Returns float64 [N]. Stops when every sample has converged.
at::Tensor jacobian_spectral_norms(const BatchMap& f, const at::Tensor& x, const PowerIterationOptions& options,
                                   const noise::Key& start);

struct LipschitzOptions {
  std::vector<double> sigmas{0.01, 0.03, 0.05, 0.07, 0.1};
  std::int64_t patches_per_image = 4;
  std::int64_t patch = 64;  ///< images smaller than this are used whole
  PowerIterationOptions power;
  std::uint64_t seed = 0;
};

struct LipschitzEntry {
  std::string image;
  std::int64_t top = 0, left = 0, rows = 0, cols = 0;
  double sigma = 0.0;
  double value = 0.0;  ///< ||J_{D - I}|| at that noisy patch
};

struct LipschitzTable {
  std::vector<LipschitzEntry> entries;
  double max = 0.0;
};

/// L of (D_sigma - I) at `patches_per_image` random patches (counter-based positions) of each image,
/// with fresh noise at each sigma; DDFB's tau is computed at the patch size (Lanczos, 1e-6).
LipschitzTable estimate_lipschitz(TrainableNetwork& net, const std::vector<NamedImage>& images,
                                  const LipschitzOptions& options);

}  // namespace dpnp
