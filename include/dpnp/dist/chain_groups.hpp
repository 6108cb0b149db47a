#pragma once
/// @file
/// Several chains in one job (run.chains = M): the job's ranks split into M equal groups, each a
/// full row-slab decomposition that runs one chain on its own communicator, so a chain is the same
/// on any number of ranks per group, and a multi-GPU job gives each chain its own GPUs. The
/// ranks holding the same slab in every chain form a peer communicator (ordered by chain), over
/// which the chains' estimates are pooled at the end. docs/diagnostics.md ("Several chains").

#include "dpnp/dist/comm.hpp"

namespace dpnp {

class ChainGroups {
 public:
  /// Splits `world` into `chains` groups of consecutive ranks (chain c holds world ranks
  /// [c B, (c + 1) B), B = world size / chains). Throws an agreed InputError naming run.chains when
  /// `chains` does not divide the number of ranks. Collective on `world`.
  ChainGroups(const Comm& world, int chains);

  int chains() const { return chains_; }
  int chain() const { return chain_; }          ///< this rank's chain, 0-based
  const Comm& world() const { return world_; }  ///< every rank of the job
  const Comm& group() const { return group_; }  ///< the ranks of this rank's chain
  const Comm& peers() const { return peers_; }  ///< this slab's rank in every chain; rank = chain

 private:
  int chains_ = 1;
  int chain_ = 0;
  Comm world_;
  Comm group_;
  Comm peers_;
};

}  // namespace dpnp
