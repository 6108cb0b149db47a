#pragma once
/// @file
/// The three learned denoisers as LibTorch computations whose every 3x3 convolution goes through
/// halo_conv2d: on B ranks they compute, slab by slab, what they compute on one rank.
///
/// Weights are plain tensors (so they can be trained with torch::optim without an nn::Module
/// hierarchy) and are read from PyTorch state dicts with the authors' / KAIR / deepinv key names.
/// All inputs are [N, C, rows, W]; `halo` null means whole images.

#include <ATen/ATen.h>

#include <map>

#include <string>
#include <vector>

#include "dpnp/denoisers/state_dict.hpp"
#include "dpnp/dist/halo_exchange.hpp"

namespace dpnp {

/// Deep dual forward-backward (Repetti et al.; the authors' DDFB), K layers, F features:
///   u = D0 x;  for k = 1..K-1: u = clip_[-nu,nu](u + tau_k D_k(clip_[0,1](x - D_k^T u)));
///   out = clip_[0,1](x - D0^T u),
/// where D_k^T is the exact adjoint of D_k (tied weights) and tau_k = 1.99 / ||D_k||^2.
class DdfbNetwork {
 public:
  /// `kernels[k]`: [F, C, 3, 3] for D_0 .. D_{K-1}.
  explicit DdfbNetwork(std::vector<at::Tensor> kernels);
  /// Reads `D0.weight`, `layers.{i}.Dk.weight` and their tied `*_T.weight` copies; K, F and C come
  /// from the file. Throws InputError when keys are missing/unexpected/mis-shaped or untied.
  static DdfbNetwork from_state_dict(const StateDict& dict, const std::string& path);
  StateDict state_dict() const;

  std::int64_t layers() const { return static_cast<std::int64_t>(kernels_.size()); }
  std::int64_t features() const { return kernels_.front().size(0); }
  std::int64_t channels() const { return kernels_.front().size(1); }
  std::vector<at::Tensor>& parameters() { return kernels_; }
  const std::vector<at::Tensor>& kernels() const { return kernels_; }

  /// tau_k for k = 1..K-1 (index 0 is unused, as D_0 has no step).
  void set_steps(std::vector<double> tau) { tau_ = std::move(tau); }
  const std::vector<double>& steps() const { return tau_; }

  /// Inference (in-place, no autograd). `nu` is the dual threshold (the denoiser's sigma).
  at::Tensor forward(const at::Tensor& x, double nu, const HaloExchange* halo) const;
  /// Differentiable version for training and Jacobian products (whole images, no halo).
  at::Tensor forward_differentiable(const at::Tensor& x, const at::Tensor& nu) const;

 private:
  std::vector<at::Tensor> kernels_;
  std::vector<double> tau_;
};

/// KAIR's DnCNN (dncnn_color_blind layout): L convolutions with bias, ReLU after all but the last,
/// output x - net(x). Blind: no sigma input.
class DncnnNetwork {
 public:
  DncnnNetwork(std::vector<at::Tensor> weights, std::vector<at::Tensor> biases);
  /// Reads `model.{0,2,..}.weight/bias`; the layer count comes from the file.
  static DncnnNetwork from_state_dict(const StateDict& dict, const std::string& path);
  StateDict state_dict() const;
  std::int64_t layers() const { return static_cast<std::int64_t>(weights_.size()); }
  std::int64_t channels() const { return weights_.front().size(1); }
  std::vector<at::Tensor> parameters();
  /// The same network with weights on `device` in `dtype` and `format`.
  DncnnNetwork converted(const at::Device& device, at::ScalarType dtype, at::MemoryFormat format) const;
  at::Tensor forward(const at::Tensor& x, const HaloExchange* halo) const;

 private:
  std::vector<at::Tensor> weights_, biases_;
};

/// KAIR/DPIR UNetRes ("DRUNet"): noise-level map as a 4th input channel, 3 levels of 4 residual
/// blocks with 2x2 stride-2 convolutions down and transposed convolutions up, no bias, no global
/// residual. Images whose size is not a multiple of 8 are replicate-padded at the bottom/right and
/// cropped, as KAIR does; on B ranks every slab but the last must hold a multiple of 8 rows, so the
/// stride-2 layers never straddle two ranks and need no exchange.
class DrunetNetwork {
 public:
  static DrunetNetwork from_state_dict(const StateDict& dict, const std::string& path);
  StateDict state_dict() const;
  std::int64_t channels() const { return channels_; }
  std::vector<at::Tensor> parameters();
  /// The same network with weights on `device` in `dtype` and `format`.
  DrunetNetwork converted(const at::Device& device, at::ScalarType dtype, at::MemoryFormat format) const;
  /// `last_slab`: this slab holds the image's last rows (where the bottom padding goes).
  at::Tensor forward(const at::Tensor& x, double sigma, const HaloExchange* halo, bool last_slab) const;
  /// How far inside a zero-padded slab edge the output differs from the whole image's, rounded up to
  /// a multiple of 8 so that a slab widened by it keeps the stride-2 layers aligned (185 -> 192 rows
  /// for 4 blocks per level).
  std::int64_t receptive_rows() const;

 private:
  DrunetNetwork() = default;
  std::vector<std::string> names_;  // state-dict keys, in file order
  std::map<std::string, at::Tensor> weights_;
  std::int64_t channels_ = 3;
  std::int64_t blocks_ = 4;
  const at::Tensor& w(const std::string& name) const { return weights_.at(name); }
  at::Tensor residual_blocks(at::Tensor x, const std::string& prefix, std::int64_t first, const HaloExchange* halo) const;
};

}  // namespace dpnp
