#pragma once
/// @file
/// Counter-based Gaussian and uniform noise: a pure function of (seed, stream, iteration, global index).
///
/// Draw `i` of stream `s` at iteration `t` is word `i % 4` of Philox4x32-10 applied to the counter
/// {lo32(i/4), hi32(i/4), t, s} with key {lo32(seed), hi32(seed)}. Normals come from Random123's
/// Box-Muller on the word pairs (w0,w1) and (w2,w3). Because every element's noise depends only on its
/// global index, a chain is the same whatever the number of ranks, and a restart needs no RNG state.
///
/// The raw words equal cuRAND's: `curand_init(seed, subsequence = t | s << 32, offset = 4 * (i / 4))`
/// followed by `curand4` returns the same block (tests/unit/noise_test.cpp checks this on the host
/// generator of libcurand where it is available).

#include <cstdint>

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include "dpnp/core/host_device.hpp"

namespace dpnp::noise {

/// Independent random streams: the stream id is part of the Philox counter.
enum Stream : std::uint32_t {
  kChainX = 1,   ///< the image x
  kChainZ = 2,   ///< AXDA auxiliary z (TV split, Gaussian tasks)
  kChainZ1 = 3,  ///< Poisson data-space auxiliary z1
  kChainZ2 = 4,  ///< Poisson image-space auxiliary z2
  kChainStart = 5,  ///< the noise start of an over-dispersed chain (sampler.chain_init)
  kObservationNoise = 16,
  kMask = 17,
  kPoisson = 18,
  kBlurKernel = 19,
  kPowerMethod = 20,
  kTraining = 21,
  kTest = 99
};

/// The stream of chain `chain` (run.chains): the chain index sits in the stream word's upper 16
/// bits, so chain 0 keeps the streams of a single-chain run and no chain meets another's numbers
/// (the observation's streams carry no chain index: every chain samples the same posterior).
DPNP_HD constexpr std::uint32_t chain_stream(Stream stream, std::uint32_t chain) {
  return static_cast<std::uint32_t>(stream) | (chain << 16);
}
/// Chains one run may hold: the chain index must fit the stream word's upper 16 bits.
constexpr std::uint32_t kMaxChains = 1u << 16;

/// Where a draw comes from; `iteration` separates successive draws of one stream.
struct Key {
  std::uint64_t seed = 0;
  std::uint32_t stream = 0;
  std::uint32_t iteration = 0;
};

using Block = r123::Philox4x32::ctr_type;

/// The four raw 32-bit words of block `block_index`.
DPNP_HD Block philox_block(const Key& key, std::uint64_t block_index) {
  r123::Philox4x32 philox;
  Block counter = {{static_cast<std::uint32_t>(block_index), static_cast<std::uint32_t>(block_index >> 32),
                    key.iteration, key.stream}};
  r123::Philox4x32::key_type philox_key = {
      {static_cast<std::uint32_t>(key.seed), static_cast<std::uint32_t>(key.seed >> 32)}};
  return philox(counter, philox_key);
}

/// Four standard normals from one block (Random123 Box-Muller on (w0,w1) and (w2,w3)).
DPNP_HD void normals_of_block(const Block& words, float out[4]) {
  const r123::float2 first = r123::boxmuller(words.v[0], words.v[1]);
  const r123::float2 second = r123::boxmuller(words.v[2], words.v[3]);
  out[0] = first.x;
  out[1] = first.y;
  out[2] = second.x;
  out[3] = second.y;
}

/// Standard normal number `index` of the stream (computes its whole block; use fill loops for bulk).
DPNP_HD float normal_at(const Key& key, std::uint64_t index) {
  float normals[4];
  normals_of_block(philox_block(key, index >> 2), normals);
  return normals[index & 3];
}

/// Uniform number `index` of the stream, in (0, 1].
DPNP_HD float uniform_at(const Key& key, std::uint64_t index) {
  const Block words = philox_block(key, index >> 2);
  return r123::u01<float>(words.v[index & 3]);
}

/// Where a local slab sits in its global variable: `planes` leading planes (channels, components)
/// of `global_rows` x `cols`, of which this rank holds rows [row0, row0 + local_rows).
struct SlabCoords {
  std::int64_t planes = 1;
  std::int64_t global_rows = 1;
  std::int64_t local_rows = 1;
  std::int64_t row0 = 0;
  std::int64_t cols = 1;
};

/// Global linear index of local linear element `local` (row-major [planes, local_rows, cols]).
DPNP_HD std::uint64_t global_index(const SlabCoords& c, std::int64_t local) {
  const std::int64_t plane_size = c.local_rows * c.cols;
  const std::int64_t plane = local / plane_size;
  const std::int64_t offset = local - plane * plane_size;
  return static_cast<std::uint64_t>((plane * c.global_rows + c.row0) * c.cols + offset);
}

}  // namespace dpnp::noise
