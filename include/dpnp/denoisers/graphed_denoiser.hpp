#pragma once
/// @file
/// A denoiser replayed from a CUDA graph: the whole forward pass (dozens of small kernels for DDFB and
/// DnCNN) is captured once and then launched as one graph, removing the per-kernel launch gaps.
/// Only on one rank per job: a halo exchange calls MPI from the host between layers, which a graph
/// cannot contain.

#include <memory>

#include "dpnp/denoisers/denoiser.hpp"

namespace dpnp {

/// Wraps `inner` (already on its CUDA device). The first call at a given shape and sigma runs eagerly
/// (warm-up: cuDNN picks its algorithms), the second captures, later ones replay.
std::unique_ptr<Denoiser> make_graphed_denoiser(std::unique_ptr<Denoiser> inner);

}  // namespace dpnp
