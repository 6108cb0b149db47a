#pragma once
/// @file
/// Elementwise rules for bulk noise, shared by the CPU loops and the CUDA kernels.

#include <cstdint>

#include "dpnp/core/host_device.hpp"
#include "dpnp/core/noise.hpp"

namespace dpnp::rules {

struct StoreNormal {
  float* out;
  DPNP_HD void operator()(std::int64_t i, float xi) const { out[i] = xi; }
};

struct StoreUniform {
  float* out;
  noise::Key key;
  noise::SlabCoords coords;
  DPNP_HD void operator()(std::int64_t i) const { out[i] = noise::uniform_at(key, noise::global_index(coords, i)); }
};

}  // namespace dpnp::rules
