#pragma once
/// @file
/// The catalogue's networks as functions of whole images (no halo) whose weights autograd can follow:
/// what training and the Jacobian (Lipschitz) estimates need, as opposed to the slab-wise
/// `Denoiser` of the sampler.

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpnp/denoisers/state_dict.hpp"

namespace dpnp {

class TrainableNetwork {
 public:
  virtual ~TrainableNetwork() = default;
  virtual std::string architecture() const = 0;  ///< its name in the network catalogue
  virtual std::string description() const = 0;   ///< e.g. "DDFB (K=4, 64 features)"
  virtual std::int64_t channels() const = 0;
  /// D_sigma(x) for x [N, C, H, W]. Records the autograd graph when GradMode is on; otherwise runs the
  /// in-place inference path.
  virtual at::Tensor forward(const at::Tensor& x, double sigma) const = 0;
  /// Makes the network ready for rows x cols images. DDFB: tau_k = 1.99 / ||D_k||^2 from the current
  /// kernels at that size (Lanczos to `tolerance`); the others need nothing.
  virtual void prepare(std::int64_t rows, std::int64_t cols, double tolerance, int iterations) {}
  /// The trainable tensors (leaves with requires_grad set), shared with the network.
  virtual std::vector<at::Tensor> parameters() = 0;
  /// Detached weights under the file's key names (save_state_dict writes them).
  virtual StateDict state_dict() const = 0;
};

/// Reads `weights` (a zip-format state dict) for `architecture`. Throws InputError for unknown
/// architectures and unreadable or mismatched weights.
std::unique_ptr<TrainableNetwork> load_trainable_network(const std::string& architecture, const std::string& weights);

/// The same from tensors already in memory; `origin` names them in error messages.
std::unique_ptr<TrainableNetwork> make_trainable_network(const std::string& architecture, const StateDict& dict,
                                                         const std::string& origin);

struct FreshNetworkOptions {
  std::int64_t channels = 3;
  std::int64_t layers = 4;     ///< NetworkEntry::layers_doc says what it counts
  std::int64_t features = 64;
  std::uint64_t seed = 0;
  /// Multiplies the Kaiming standard deviation; unset: the catalogue entry's init_scale.
  std::optional<double> init_scale;
};

/// A network with Kaiming-normal weights (fan-in, ReLU gain, times the init scale) drawn from the
/// counter-based RNG and zero biases; the networks of trainable_network_names() only.
std::unique_ptr<TrainableNetwork> make_fresh_network(const std::string& architecture, const FreshNetworkOptions& options);

}  // namespace dpnp
