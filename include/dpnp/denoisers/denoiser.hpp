#pragma once
/// @file
/// A denoiser D_sigma acting on row slabs: the prior of PnP-ULA.

#include <ATen/ATen.h>

#include <cstdint>
#include <string>

namespace dpnp {

/// Arithmetic of the denoiser's convolutions. fp32 is exact float32 (TF32 off on GPUs); tf32 lets
/// cuDNN use TensorFloat-32 matrix units; bf16 runs weights and activations in bfloat16. The chain
/// itself always stays in float32. On the CPU only fp32 is supported.
enum class Precision { kFp32, kTf32, kBf16 };

Precision parse_precision(const std::string& name);
std::string to_string(Precision precision);

class Denoiser {
 public:
  virtual ~Denoiser() = default;
  virtual std::string name() const = 0;
  /// Denoises this rank's slab x [C, rows, W] (float32) at noise standard deviation `sigma`.
  /// Returns float32 [C, rows, W]. Collective (one halo exchange per convolution).
  virtual at::Tensor denoise(const at::Tensor& x, double sigma) = 0;
  /// Slab heights (except the last) must be multiples of this (DRUNet: 8, so that its stride-2
  /// layers never straddle two ranks).
  virtual std::int64_t row_multiple() const { return 1; }
  /// The fewest rows a slab may have (the widest per-layer halo).
  virtual std::int64_t min_rows() const { return 1; }
  virtual std::int64_t channels() const = 0;
  /// Input rows on each side that one output row depends on (the receptive radius): the width of a
  /// wide halo (halo_mode.hpp). 0 for a pointwise denoiser.
  virtual std::int64_t receptive_rows() const { return 0; }
  /// Off: denoise() exchanges nothing and treats its input as a whole image (zero rows beyond it);
  /// the wide-halo wrapper then supplies the ghost rows. On (the default): one exchange per layer.
  virtual void set_layer_exchanges(bool on) { (void)on; }
  /// Moves the weights; throws InputError for a precision the device does not support.
  virtual void to(const at::Device& device, Precision precision) = 0;
};

}  // namespace dpnp
