#pragma once
/// @file
/// Global reductions of distributed tensors: local partial sums in float64, then MPI_Allreduce.
/// Collective on `comm`.

#include <ATen/ATen.h>

#include "dpnp/dist/comm.hpp"

namespace dpnp {

double global_sum(const Comm& comm, const at::Tensor& local);
double global_dot(const Comm& comm, const at::Tensor& a, const at::Tensor& b);
double global_squared_norm(const Comm& comm, const at::Tensor& local);
double global_max_abs(const Comm& comm, const at::Tensor& local);

}  // namespace dpnp
