#pragma once
/// @file
/// What the estimators and diagnostics read at the end of a run: one chain, or the pool of several
/// (run.chains): the pooled mean and variance of every kept sample, the Monte-Carlo error of the
/// pooled mean, the pixel-wise R-hat between the chains, every chain's kept samples and traces.
/// See docs/diagnostics.md ("Several chains").

#include <ATen/ATen.h>

#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

struct ChainResults {
  int chains = 1;
  WelfordState welford;  ///< over every kept sample of every chain
  SampleRing ring;       ///< every chain's kept samples, chain 0's first (a full ring)
  /// Monte-Carlo standard error of the pooled mean (float32): each chain's batch-means error, the
  /// chains independent. Undefined while some chain has fewer than two complete batches.
  at::Tensor mcse;
  std::int64_t mcse_batches = 0;     ///< complete batches per chain
  std::int64_t mcse_batch_size = 0;  ///< samples per batch
  /// Pixel-wise R-hat between the chains (float32; chains >= 2 with two kept samples each): the
  /// potential scale reduction sqrt(((n-1)/n W + B/n) / W) of Gelman et al. (BDA3, eq. 11.4) from the
  /// chains' online means and variances, NaN where W = 0. Not rank-normalised: that needs every
  /// draw of every pixel; the scalar summaries get the rank-normalised split-R-hat.
  at::Tensor rhat;
  std::vector<Trace> traces;  ///< one per chain, in chain order
};

/// The results of one chain (shares the state's tensors).
ChainResults single_chain_results(const ChainState& state);

/// Pools the chains whose states the ranks of `peers` hold (one rank per chain, ordered by chain:
/// dist/chain_groups.hpp) onto peers' rank 0, the rank of chain 0; other ranks get empty results.
/// With one peer, single_chain_results. Collective on `peers`.
ChainResults pool_chains(const Comm& peers, const ChainState& state);

}  // namespace dpnp
