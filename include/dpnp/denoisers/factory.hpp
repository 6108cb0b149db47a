#pragma once
/// @file
/// Building a denoiser of the network catalogue (network_catalogue.hpp) from a weights file, bound to
/// a decomposition.

#include <memory>
#include <string>
#include <vector>

#include "dpnp/denoisers/denoiser.hpp"
#include "dpnp/denoisers/halo_mode.hpp"
#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

struct DenoiserOptions {
  std::string architecture;  ///< a name of the network catalogue
  std::string weights;       ///< PyTorch zip-format state dict
  /// The data's channel count, which the weights must fit (0: not checked), and how the user names the
  /// data (e.g. "truth.path 'cells.png'"), for the message when they do not.
  std::int64_t channels = 0;
  std::string data_name = "the image";
  Precision precision = Precision::kFp32;
  at::Device device = at::kCPU;
  /// DDFB: dpnp's fused stencil kernels (2 passes over the dual variable per layer; CUDA, or AVX2 on
  /// the CPU) instead of LibTorch convolutions plus elementwise passes.
  bool fused = true;
  /// On a GPU with one rank: replay the forward pass from a CUDA graph (no per-kernel launch gaps).
  bool cuda_graph = true;
  /// Per-layer exchanges, one wide exchange per call, or whichever a start-up measurement prefers.
  HaloMode halo_mode = HaloMode::kPerLayer;
};

/// The network catalogue's names (the learned priors' names).
std::vector<std::string> network_names();

/// What a network needs of the slabs (before its weights are read).
SlabNeeds network_needs(const std::string& architecture);

/// Reads the weights, moves them to the device and, for DDFB, computes the steps on `domain`'s image
/// size. Collective on domain.comm(). Throws InputError (agreed on every rank) for unreadable or
/// mismatched weights.
std::unique_ptr<Denoiser> make_denoiser(const DenoiserOptions& options, const SlabDomain& domain);

/// D(x) = a x: a linear "denoiser" whose PnP prior is Gaussian, for closed-form tests.
std::unique_ptr<Denoiser> make_linear_denoiser(double a, std::int64_t channels);

/// ||D||^2 of a convolution (3x3, zero padding) on `domain`'s whole image of `channels` channels, by
/// Lanczos on D^T D (dist/lanczos.hpp) from a counter-based uniform start: the same on every rank count.
/// Collective. With a null domain the image is local, of size rows x cols.
double conv_squared_norm(const at::Tensor& kernel, const SlabDomain* domain, std::int64_t rows, std::int64_t cols,
                         double tolerance, int max_iterations);

}  // namespace dpnp
