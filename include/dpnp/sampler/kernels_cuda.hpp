#pragma once
/// @file
/// CUDA launchers of the rules in update_rules.hpp (raw pointers: no LibTorch in .cu files).

#include "dpnp/core/noise.hpp"
#include "dpnp/sampler/update_rules.hpp"

namespace dpnp::cuda {
void langevin_proposal(const rules::LangevinProposal& rule, const noise::Key& key, const noise::SlabCoords& coords,
                       void* stream);
void pnp_ula_step(const rules::PnpUlaStep& rule, const noise::Key& key, const noise::SlabCoords& coords, void* stream);
void welford_update(const rules::WelfordUpdate& rule, std::int64_t n, void* stream);
}  // namespace dpnp::cuda
