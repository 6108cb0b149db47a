#include "dpnp/physics/interpolation.hpp"

#include "dpnp/dist/conjugate_gradient.hpp"
#include "dpnp/dist/reduce.hpp"
#include "dpnp/physics/gradient2d.hpp"

namespace dpnp {

at::Tensor harmonic_interpolation(const SlabDomain& domain, const at::Tensor& observation, const at::Tensor& mask,
                                  int max_iterations, double tolerance, InterpolationReport* report) {
  const Comm& comm = domain.comm();
  const Gradient2D gradient(domain);
  const at::Tensor observed = mask.to(observation.scalar_type()).expand_as(observation);
  const at::Tensor missing = 1 - observed;
  // Unknowns u live on the missing pixels: x = P_o y + P_m u, and the normal equations are
  // P_m D^T D P_m u = -P_m D^T D P_o y.
  const auto restricted_laplacian = [&](const at::Tensor& u) {
    return missing * gradient.adjoint(gradient.apply(missing * u));
  };
  const at::Tensor known = observed * observation;
  const double observed_count = global_sum(comm, observed);
  const double mean = observed_count > 0 ? global_sum(comm, known) / observed_count : 0.5;
  at::Tensor u = missing * mean;
  const at::Tensor rhs = -missing * gradient.adjoint(gradient.apply(known));
  // Start from the residual of the mean fill (CG on the correction keeps the iterate's scale sane).
  at::Tensor correction = at::zeros_like(u);
  const at::Tensor shifted_rhs = rhs - restricted_laplacian(u);
  const CgResult cg =
      conjugate_gradient(comm, restricted_laplacian, shifted_rhs, correction, max_iterations, tolerance);
  if (report) *report = {cg.iterations, cg.relative_residual};
  return (known + missing * (u + correction)).clamp(0.0, 1.0);
}

}  // namespace dpnp
