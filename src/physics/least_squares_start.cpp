#include "dpnp/physics/least_squares_start.hpp"

#include "dpnp/dist/conjugate_gradient.hpp"
#include "dpnp/physics/gradient2d.hpp"

namespace dpnp {

at::Tensor regularised_least_squares(const LinearOperator& op, const at::Tensor& y, const at::Tensor& start,
                                     double lambda, int max_iterations, double tolerance,
                                     InterpolationReport* report) {
  const SlabDomain& domain = op.domain();
  const Gradient2D gradient(domain);
  const auto normal_operator = [&](const at::Tensor& x) {
    return op.adjoint(op.apply(x)).add_(gradient.adjoint(gradient.apply(x)), lambda);
  };
  at::Tensor x = start.to(at::kFloat).contiguous().clone();
  const CgResult cg = conjugate_gradient(domain.comm(), normal_operator, op.adjoint(y.to(at::kFloat)), x,
                                         max_iterations, tolerance);
  if (report) *report = {cg.iterations, cg.relative_residual};
  return x.clamp_(0.0, 1.0);
}

}  // namespace dpnp
