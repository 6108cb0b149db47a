// The network catalogue: one entry per learned denoiser, registered here.
#include "dpnp/denoisers/network_catalogue.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"

namespace dpnp {

// Networks defined in their own files.
NetworkEntry ddfb_entry();    // ddfb_entry.cpp
NetworkEntry dncnn_entry();   // dncnn_entry.cpp
NetworkEntry drunet_entry();  // drunet_entry.cpp

const std::vector<NetworkEntry>& network_catalogue() {
  static const std::vector<NetworkEntry> entries{ddfb_entry(), dncnn_entry(), drunet_entry()};
  return entries;
}

std::vector<std::string> network_names() {
  std::vector<std::string> names;
  for (const auto& entry : network_catalogue()) names.push_back(entry.name);
  return names;
}

std::vector<std::string> trainable_network_names() {
  std::vector<std::string> names;
  for (const auto& entry : network_catalogue())
    if (entry.fresh) names.push_back(entry.name);
  return names;
}

const NetworkEntry& network_entry(const std::string& name, const std::string& input) {
  for (const auto& entry : network_catalogue())
    if (entry.name == name) return entry;
  throw InputError(fmt::format("{}: '{}' is not a known network; use one of: {}", input, name,
                               fmt::join(network_names(), ", ")));
}

SlabNeeds network_needs(const std::string& architecture) { return network_entry(architecture, "prior.type").needs; }

}  // namespace dpnp
