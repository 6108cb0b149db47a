#include "dpnp/dist/chain_groups.hpp"

#include <fmt/format.h>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

int checked_chains(const Comm& world, int chains) {
  if (chains >= 1 && world.size() % chains == 0) return chains;
  // Every rank sees the same numbers, so every rank throws the same error.
  InputError error(fmt::format(
      "config: run.chains: {} chains cannot share {} MPI rank{} equally (each chain needs the same number of "
      "ranks); launch a multiple of {} ranks (e.g. mpirun -n {}) or set run.chains to a divisor of {}",
      chains, world.size(), world.size() == 1 ? "" : "s", chains, chains * ((world.size() + chains - 1) / chains), world.size()));
  error.set_agreed();
  throw error;
}

// The split communicators live until MPI_Finalize: every object built on them (halo exchanges,
// result files) may still use them while the run unwinds, and MPI frees them at finalisation.
MPI_Comm split(const Comm& world, int color) {
  MPI_Comm out = MPI_COMM_NULL;
  DPNP_MPI(MPI_Comm_split(world.raw(), color, world.rank(), &out));
  return out;
}

}  // namespace

ChainGroups::ChainGroups(const Comm& world, int chains)
    : chains_(checked_chains(world, chains)),
      chain_(world.rank() / (world.size() / chains_)),
      world_(world),
      // One chain: the group is the job itself and nothing is split, so a single-chain run talks
      // exactly as before.
      group_(chains_ == 1 ? world.raw() : split(world, chain_)),
      peers_(chains_ == 1 ? MPI_COMM_SELF : split(world, world.rank() % (world.size() / chains_))) {}

}  // namespace dpnp
