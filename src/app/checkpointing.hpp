#pragma once
// From a config to its checkpoint files, and continuing a chain from them (dpnp sample --resume).

#include "dpnp/io/checkpoint.hpp"
#include "dpnp/io/config.hpp"
#include "dpnp/sampler/chain_state.hpp"

#include "experiment.hpp"

namespace dpnp::app {

/// output.checkpoint_path, or the default beside output.path.
CheckpointPaths checkpoint_paths(const config::Config& config);
/// The effective config and the fingerprint of the keys that define the chain.
CheckpointIdentity checkpoint_identity(const config::Config& config);

/// Creates the checkpoint's directory and checks that it is writable and not the result file, so
/// that a signal does not find it unusable hours later. Agreed InputError naming
/// output.checkpoint_path. Collective.
void prepare_checkpoint_directory(const Comm& comm, const config::Config& config);

/// The chain of `config` as its last good checkpoint left it: this rank's rows on the experiment's
/// device, the model's caches rebuilt. Refuses a checkpoint of another chain or one beyond
/// sampler.iterations. Collective.
ChainState resume_chain(const config::Config& config, const Experiment& experiment);

}  // namespace dpnp::app
