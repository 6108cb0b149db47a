#include "dpnp/physics/linear_operator.hpp"

#include "dpnp/core/error.hpp"

namespace dpnp {

at::Tensor LinearOperator::data_as_image(const at::Tensor&) const {
  throw Error("internal error: the " + name() + " operator's data have no image geometry");
}

}  // namespace dpnp
