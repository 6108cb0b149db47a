#include "dpnp/core/slab_loop.cuh"
#include "dpnp/sampler/kernels_cuda.hpp"

namespace dpnp::cuda {

void langevin_proposal(const rules::LangevinProposal& rule, const noise::Key& key, const noise::SlabCoords& coords,
                       void* stream) {
  launch_with_noise(coords, key, rule, static_cast<cudaStream_t>(stream));
}

void pnp_ula_step(const rules::PnpUlaStep& rule, const noise::Key& key, const noise::SlabCoords& coords, void* stream) {
  launch_with_noise(coords, key, rule, static_cast<cudaStream_t>(stream));
}

void welford_update(const rules::WelfordUpdate& rule, std::int64_t n, void* stream) {
  launch(n, rule, static_cast<cudaStream_t>(stream));
}

}  // namespace dpnp::cuda
