#include "dpnp/dist/conjugate_gradient.hpp"

#include <cmath>

#include "dpnp/dist/reduce.hpp"

namespace dpnp {

CgResult conjugate_gradient(const Comm& comm, const std::function<at::Tensor(const at::Tensor&)>& apply,
                            const at::Tensor& b, at::Tensor& x, int max_iterations, double tolerance) {
  CgResult result;
  const double b_norm = std::sqrt(global_squared_norm(comm, b));
  if (b_norm == 0.0) {
    x.zero_();
    return result;
  }
  at::Tensor r = b - apply(x);
  at::Tensor p = r.clone();
  double rr = global_squared_norm(comm, r);
  while (result.iterations < max_iterations && std::sqrt(rr) > tolerance * b_norm) {
    const at::Tensor ap = apply(p);
    const double p_ap = global_dot(comm, p, ap);
    if (p_ap <= 0.0) break;  // semi-definite direction: nothing more to gain
    const double alpha = rr / p_ap;
    x.add_(p, alpha);
    r.sub_(ap, alpha);
    const double rr_next = global_squared_norm(comm, r);
    p.mul_(rr_next / rr).add_(r);
    rr = rr_next;
    ++result.iterations;
  }
  result.relative_residual = std::sqrt(rr) / b_norm;
  return result;
}

}  // namespace dpnp
