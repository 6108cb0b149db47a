#include "dpnp/dist/reduce.hpp"

namespace dpnp {

double global_sum(const Comm& comm, const at::Tensor& local) {
  return comm.sum(local.numel() ? local.sum(at::kDouble).item<double>() : 0.0);
}

double global_dot(const Comm& comm, const at::Tensor& a, const at::Tensor& b) {
  return comm.sum(a.numel() ? (a.to(at::kDouble) * b.to(at::kDouble)).sum().item<double>() : 0.0);
}

double global_squared_norm(const Comm& comm, const at::Tensor& local) { return global_dot(comm, local, local); }

double global_max_abs(const Comm& comm, const at::Tensor& local) {
  return comm.max(local.numel() ? local.abs().max().item<double>() : 0.0);
}

}  // namespace dpnp
