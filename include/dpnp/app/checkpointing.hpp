#pragma once
/// @file
/// Checkpoints of a run: what identifies its chain, preparing their directory, and continuing a
/// chain from them (dpnp sample --resume).

#include "dpnp/app/problem.hpp"
#include "dpnp/io/checkpoint.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

/// The effective config and the fingerprint of the keys that define the chain.
CheckpointIdentity checkpoint_identity(const ExperimentOptions& options);

/// Adds the SHA-256 of the chain's data files (truth, observation, kernel, weights) to
/// options.fingerprint, so that a checkpoint is not resumed on other data under the same names.
/// Rank 0 reads the files; the fingerprint is broadcast. Collective.
void fingerprint_data(const Comm& comm, ExperimentOptions& options);

/// Creates the checkpoint's directory and checks that it is writable and not the result file, so
/// that a signal does not find it unusable hours later. Agreed InputError naming
/// output.checkpoint_path. Collective.
void prepare_checkpoint_directory(const Comm& comm, const OutputOptions& output);

/// A new chain must not overwrite the checkpoint of another run: agreed InputError when the checkpoint
/// files of `output` exist, saying to add --resume or --restart. Collective.
void refuse_existing_checkpoint(const Comm& comm, const OutputOptions& output, int chains = 1);

/// --restart: deletes the checkpoint files of `output` (current, previous, partial) of each of
/// `chains` chains. Collective.
void discard_checkpoint(const Comm& comm, const OutputOptions& output, int chains = 1);

/// The chain of `options` as its last good checkpoint left it: this rank's rows on the problem's
/// device, the model's caches rebuilt. Refuses a checkpoint of another chain or one beyond
/// sampler.iterations. Collective.
ChainState resume_chain(const ExperimentOptions& options, const Problem& problem, int chain = 0);

}  // namespace dpnp
