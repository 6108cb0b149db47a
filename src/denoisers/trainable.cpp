#include "dpnp/denoisers/trainable.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"
#include "dpnp/denoisers/network_catalogue.hpp"

namespace dpnp {

std::unique_ptr<TrainableNetwork> make_trainable_network(const std::string& architecture, const StateDict& dict,
                                                         const std::string& origin) {
  return network_entry(architecture, "--arch").trainable(dict, origin);
}

std::unique_ptr<TrainableNetwork> load_trainable_network(const std::string& architecture, const std::string& weights) {
  const NetworkEntry& entry = network_entry(architecture, "--arch");
  return entry.trainable(load_state_dict(weights), weights);
}

std::unique_ptr<TrainableNetwork> make_fresh_network(const std::string& architecture, const FreshNetworkOptions& o) {
  if (o.channels < 1 || o.layers < 1 || o.features < 1)
    throw InputError(fmt::format("a fresh network needs channels, layers and features >= 1 (got {}, {}, {})",
                                 o.channels, o.layers, o.features));
  const NetworkEntry& entry = network_entry(architecture, "--arch");
  if (!entry.fresh)
    throw InputError(fmt::format("--arch: training from scratch supports {}, not '{}'",
                                 fmt::join(trainable_network_names(), ", "), architecture));
  return entry.fresh(o);
}

}  // namespace dpnp
