#pragma once
// The two checks every distributed linear operator must pass: its slab results equal the single-rank
// result, and it is the adjoint of its adjoint under global dot products.

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "dpnp/dist/reduce.hpp"
#include "dpnp/physics/linear_operator.hpp"
#include "test_support.hpp"

namespace dpnp::test {

using OperatorFactory = std::function<std::shared_ptr<LinearOperator>(const SlabDomain&)>;

/// `domain_shape` / `range_shape` are the global shapes (rows in dim -2) of x and A x.
inline void expect_matches_serial_and_adjoint(const OperatorFactory& make, const SlabDomain& domain,
                                              std::vector<std::int64_t> domain_shape,
                                              std::vector<std::int64_t> range_shape, double tolerance = 1e-6) {
  const Comm& comm = domain.comm();
  const auto op = make(domain);
  const auto serial = make(make_serial_domain(domain.height(), domain.width()));
  const at::Tensor x_global = seeded_randn(domain_shape, 5).to(at::kDouble);
  const at::Tensor y_global = seeded_randn(range_shape, 6).to(at::kDouble);
  const auto& range_layout = op->range().layout();
  const at::Tensor x = slab_of(x_global, domain.layout(), comm.rank());
  const at::Tensor y = slab_of(y_global, range_layout, comm.rank());

  const at::Tensor ax = op->apply(x);
  const at::Tensor aty = op->adjoint(y);
  const at::Tensor ax_serial = serial->apply(x_global);
  const at::Tensor aty_serial = serial->adjoint(y_global);
  EXPECT_LE(relative_error(gather_rows(comm, ax, range_layout), ax_serial), tolerance) << op->name() << " apply";
  EXPECT_LE(relative_error(gather_rows(comm, aty, domain.layout()), aty_serial), tolerance) << op->name() << " adjoint";

  const double lhs = global_dot(comm, ax, y);
  const double rhs = global_dot(comm, x, aty);
  EXPECT_NEAR(lhs, rhs, 1e-9 * std::max(1.0, std::abs(lhs))) << op->name() << " <Ax,y> vs <x,A^T y>";
}

}  // namespace dpnp::test
