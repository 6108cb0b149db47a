#pragma once
/// @file
/// The AXDA split of a prior g(K x) (algorithm.md, TV prior; Poisson z2 with TV): an auxiliary
/// z ≈ K x coupled to x by ||K x - z||^2 / (2 rho) and drawn by PSGLA,
///   z <- prox_{gamma g}(z - gamma (z - K x) / rho + sqrt(2 gamma) xi),  gamma = 0.99 rho.
/// K is any linear operator (the image gradient for TV), and z lives on K's range. The task models
/// that split a prior (AxdaGaussianModel, PoissonHybridModel) share this block.

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>

#include "dpnp/core/noise.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "dpnp/priors/auxiliary_prior.hpp"

namespace dpnp {

class SplitBlock {
 public:
  /// `step_scale` multiplies the z step (sampler.step_scale).
  SplitBlock(std::shared_ptr<const LinearOperator> op, std::shared_ptr<const AuxiliaryPrior> prior, double rho,
             std::uint32_t stream, double step_scale = 1.0);

  const LinearOperator& op() const { return *op_; }
  const AuxiliaryPrior& prior() const { return *prior_; }
  double rho() const { return rho_; }
  double gamma() const { return 0.99 * rho_ * step_scale_; }
  /// The Lipschitz constant the coupling adds to the x step: ||K||^2 / rho, or 1 / rho
  /// (`include_operator_norm` false, the authors' code).
  double x_lipschitz(bool include_operator_norm) const;

  /// grad_x += K^T (K x - z) / rho, given kx = K x. Collective when K exchanges halos.
  void add_x_gradient(at::Tensor& grad_x, const at::Tensor& kx, const at::Tensor& z) const;
  /// One PSGLA step of z with iteration t's noise of the block's stream, given kx = K x.
  void sample_z(at::Tensor& z, const at::Tensor& kx, std::uint64_t seed, std::uint64_t t) const;
  /// `value` + ||K x - z||^2 / (2 rho) + g(z) over the local slab, float64, summed in that order, with
  /// `g` = g(z) already computed (prior().local_value(z)).
  at::Tensor add_potential(const at::Tensor& value, const at::Tensor& kx, const at::Tensor& z, const at::Tensor& g) const;

 private:
  std::shared_ptr<const LinearOperator> op_;
  std::shared_ptr<const AuxiliaryPrior> prior_;
  double rho_;
  std::uint32_t stream_;  ///< noise::chain_stream of the block's stream
  double step_scale_;
};

}  // namespace dpnp
