#include "dpnp/dist/lanczos.hpp"

#include <cmath>
#include <vector>

namespace dpnp {

namespace {
double dot(const Comm* comm, const at::Tensor& a, const at::Tensor& b) {
  const double local = (a.to(at::kDouble) * b.to(at::kDouble)).sum().item<double>();
  return comm ? comm->sum(local) : local;
}
}  // namespace

LanczosResult largest_eigenvalue(const Comm* comm, const std::function<at::Tensor(const at::Tensor&)>& apply,
                                 const at::Tensor& start, double tolerance, int max_iterations) {
  // Vectors in float64; the operator sees the start's dtype (float32 convolutions are fast).
  const at::ScalarType op_type = start.scalar_type();
  at::Tensor q = start.to(at::kDouble);
  q /= std::sqrt(dot(comm, q, q));
  at::Tensor q_previous = at::zeros_like(q);
  std::vector<double> alpha, beta;
  LanczosResult result;
  double previous = 0.0;
  int steady = 0;
  for (int k = 0; k < max_iterations; ++k) {
    at::Tensor w = apply(q.to(op_type)).to(at::kDouble);
    if (!beta.empty()) w -= beta.back() * q_previous;
    const double a = dot(comm, w, q);
    w -= a * q;
    alpha.push_back(a);
    const double b = std::sqrt(std::max(dot(comm, w, w), 0.0));
    // Largest eigenvalue of the (k+1)x(k+1) tridiagonal matrix.
    const auto n = static_cast<std::int64_t>(alpha.size());
    at::Tensor t = at::diag(at::tensor(alpha, at::kDouble));
    if (n > 1) {
      const at::Tensor off = at::tensor(std::vector<double>(beta.begin(), beta.begin() + (n - 1)), at::kDouble);
      t += at::diag(off, 1) + at::diag(off, -1);
    }
    result.eigenvalue = at::linalg_eigvalsh(t).max().item<double>();
    result.iterations = k + 1;
    steady = std::abs(result.eigenvalue - previous) <= tolerance * std::abs(result.eigenvalue) ? steady + 1 : 0;
    if (steady >= 3 || b <= 1e-14 * std::abs(result.eigenvalue)) break;
    previous = result.eigenvalue;
    beta.push_back(b);
    q_previous = q;
    q = w / b;
  }
  return result;
}

}  // namespace dpnp
