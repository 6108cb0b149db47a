#include "dpnp/sampler/chain_state.hpp"

#include "dpnp/core/error.hpp"

namespace dpnp {

at::Tensor& ChainState::at(const std::string& name) {
  auto it = variables.find(name);
  DPNP_CHECK(it != variables.end(), "chain variable '" + name + "' does not exist");
  return it->second;
}

const at::Tensor& ChainState::at(const std::string& name) const {
  auto it = variables.find(name);
  DPNP_CHECK(it != variables.end(), "chain variable '" + name + "' does not exist");
  return it->second;
}

}  // namespace dpnp
