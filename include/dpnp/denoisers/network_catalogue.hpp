#pragma once
/// @file
/// The network catalogue: every learned denoiser registered once, with what the sampler (a slab-wise
/// Denoiser), `dpnp train` and `dpnp lipschitz` (a TrainableNetwork) need of it. A network's name is
/// spelled in its entry only (src/denoisers/<name>_entry.cpp); everything else asks the catalogue.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dpnp/denoisers/denoiser.hpp"
#include "dpnp/denoisers/factory.hpp"
#include "dpnp/denoisers/state_dict.hpp"
#include "dpnp/denoisers/trainable.hpp"
#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

struct NetworkEntry {
  std::string name;  ///< prior.type and --arch
  /// Ghost rows and row multiples of its slab-wise inference, known before the weights are read.
  SlabNeeds needs;
  /// Its weights file: a PyTorch zip-format state dict (load_state_dict) holding these tensors.
  std::string weights_doc;
  std::string layers_key;  ///< the model manifest's name for the layer count
  std::string layers_doc;  ///< what `dpnp train --layers` counts
  /// Its step sizes depend on the image size: training recomputes them at the patch size.
  bool sized_steps = false;
  /// Multiplies the Kaiming standard deviation of a fresh network.
  double init_scale = 1.0;
  /// The slab-wise denoiser on `domain` from weights in memory (`origin` names them in errors); not yet
  /// moved to options.device.
  std::function<std::unique_ptr<Denoiser>(const StateDict&, const std::string& origin, const SlabDomain& domain,
                                          const DenoiserOptions& options)>
      inference;
  /// The whole-image network whose weights autograd follows.
  std::function<std::unique_ptr<TrainableNetwork>(const StateDict&, const std::string& origin)> trainable;
  /// Kaiming-normal weights drawn from the counter-based RNG; empty when dpnp does not train it from scratch.
  std::function<std::unique_ptr<TrainableNetwork>(const FreshNetworkOptions&)> fresh;
};

/// Every network, the default of `--arch` (the shipped one) first.
const std::vector<NetworkEntry>& network_catalogue();

/// Throws InputError naming `input` (prior.type, --arch) and the known names.
const NetworkEntry& network_entry(const std::string& name, const std::string& input);

/// The networks with a `fresh` builder: what `dpnp train` can start from scratch.
std::vector<std::string> trainable_network_names();

}  // namespace dpnp
