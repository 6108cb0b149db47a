#pragma once
// What the catalogue entries (*_entry.cpp) share: the slab-wise wrapper's device, precision and
// [C, rows, W] <-> [1, C, rows, W] handling, and the trainable wrappers' leaf and init helpers.

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dpnp/core/noise_field.hpp"
#include "dpnp/denoisers/denoiser.hpp"
#include "dpnp/denoisers/state_dict.hpp"
#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

class NetworkDenoiser : public Denoiser {
 public:
  NetworkDenoiser(std::string name, SlabDomain domain) : name_(std::move(name)), domain_(std::move(domain)) {}
  std::string name() const override { return name_; }
  void to(const at::Device& device, Precision precision) override;
  at::Tensor denoise(const at::Tensor& x, double sigma) override;
  void set_layer_exchanges(bool on) override { layer_exchanges_ = on; }

 protected:
  /// The float32 batch in the dtype the network computes in.
  at::Tensor to_compute(const at::Tensor& batch) const;
  Precision precision() const { return precision_; }
  virtual void move_weights(const at::Device& device, at::ScalarType dtype) = 0;
  /// `batch`: float32 [1, C, rows, W].
  virtual at::Tensor run(const at::Tensor& batch, double sigma) = 0;
  /// Null when the per-layer exchanges are off (the input is then a whole image).
  const HaloExchange* halo() const { return layer_exchanges_ ? &domain_.halo() : nullptr; }
  const SlabDomain& domain() const { return domain_; }

 private:
  std::string name_;
  SlabDomain domain_;
  at::Device device_ = at::kCPU;
  Precision precision_ = Precision::kFp32;
  bool layer_exchanges_ = true;
};

/// cuDNN's tensor-core convolutions work in NHWC: channels-last activations and weights spare it a
/// transpose before and after every layer.
at::MemoryFormat memory_format(const at::Device& device);

std::vector<at::Tensor> moved(std::vector<at::Tensor> tensors, const at::Device& device, at::ScalarType dtype);

/// Marks the tensors as autograd leaves (shared with the network, which keeps training them).
std::vector<at::Tensor> as_leaves(std::vector<at::Tensor> tensors);

StateDict detached(StateDict dict);

/// Kaiming normal (fan-in, gain sqrt(2)) times `scale`; the counter-based RNG makes a fresh network a
/// function of the seed alone. Each tensor gets its own iteration `index` of the stream.
at::Tensor kaiming_normal(std::vector<std::int64_t> shape, std::uint64_t seed, std::uint32_t index, double scale);

}  // namespace dpnp
