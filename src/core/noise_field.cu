#include "dpnp/core/noise_field_cuda.hpp"
#include "dpnp/core/noise_rules.hpp"
#include "dpnp/core/slab_loop.cuh"

namespace dpnp::cuda {

void fill_normal(float* out, const noise::Key& key, const noise::SlabCoords& coords, void* stream) {
  launch_with_noise(coords, key, rules::StoreNormal{out}, static_cast<cudaStream_t>(stream));
}

void fill_uniform(float* out, const noise::Key& key, const noise::SlabCoords& coords, void* stream) {
  launch(coords.planes * coords.local_rows * coords.cols, rules::StoreUniform{out, key, coords},
         static_cast<cudaStream_t>(stream));
}

}  // namespace dpnp::cuda
