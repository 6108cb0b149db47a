#pragma once
/// @file
/// Checkpoints: the whole ChainState in one HDF5 file, written collectively (each rank its rows of
/// every variable, accumulator and kept sample) and readable on any number of ranks.
///
/// Files, for output.checkpoint_path `<stem>.ckpt.h5`:
///   `<stem>.ckpt.h5`          the last complete checkpoint (attribute complete = 1);
///   `<stem>.ckpt.prev.h5`     the one before it, kept until a newer one is complete;
///   `<stem>.ckpt.h5.partial`  a checkpoint being written (never read).
/// A new checkpoint is written under the `.partial` name, synced, and then takes the final name
/// atomically (ResultFile::commit), so a crash at any moment leaves a complete checkpoint in place.
///
/// Layout: /variables/<name> [..., H, W] (the variable's dtype); /welford/mean, /welford/m2
/// [estimand shape] float64; /ring/samples [capacity, estimand shape] float32 (when samples are
/// kept); /batches/sums [batch_full, estimand shape] and /batches/partial [estimand shape] float64
/// (the MCSE's batch means); /trace/{potential,prior,seconds,snr,image_mean} float64 [iteration] (prior and
/// snr may be empty), /trace/pixels float64
/// [iteration * Trace::kTracedPixels]. Attributes: format,
/// iteration, variables, welford_count, ring_capacity, ring_stored, ring_next, batch_size,
/// batch_full, batch_fill, config, chain_keys,
/// fingerprint, ranks, slab_row_offsets, dpnp_version, git_hash, complete.

#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/dist/slab_layout.hpp"
#include "dpnp/io/chain_fingerprint.hpp"
#include "dpnp/sampler/chain_state.hpp"

namespace dpnp {

struct CheckpointPaths {
  std::string current;   ///< the last complete checkpoint
  std::string previous;  ///< the one before it

  /// The files of checkpoint path `current` (".h5" becomes ".prev.h5").
  static CheckpointPaths at(const std::string& current);
  /// The default checkpoint of result file `output_path`: "<dir>/<stem>.ckpt.h5".
  static CheckpointPaths beside(const std::string& output_path);
};

/// What a checkpoint records about its chain besides the state.
struct CheckpointIdentity {
  std::string config_yaml;      ///< the effective config, for people reading the file
  ChainFingerprint fingerprint; ///< what a resumed run must match
};

/// Row layouts of a chain: the image's (the estimand, its accumulators and samples, and every
/// variable not listed) and those of variables in another space (TaskModel::variable_layouts).
struct ChainLayouts {
  ChainLayouts(SlabLayout image_layout, std::map<std::string, SlabLayout> variable_layouts = {})  // NOLINT: implicit
      : image(std::move(image_layout)), variables(std::move(variable_layouts)) {}
  const SlabLayout& of(const std::string& variable) const {
    const auto it = variables.find(variable);
    return it == variables.end() ? image : it->second;
  }
  SlabLayout image;
  std::map<std::string, SlabLayout> variables;
};

/// Writes `state` (each rank its rows under `layouts`) as the new current checkpoint; the old one
/// becomes the previous one. Collective; failures are agreed InputErrors naming the file.
void write_checkpoint(const Comm& comm, const ChainLayouts& layouts, const ChainState& state,
                      const CheckpointIdentity& identity, const CheckpointPaths& paths);

struct LoadedCheckpoint {
  ChainState state;  ///< this rank's rows, on the CPU
  std::string path;  ///< the file it came from (current, or previous when current is unusable)
};

/// What the checkpoint files of a chain hold, read by one process without MPI (dpnp checkpoint info).
struct CheckpointSummary {
  std::string file;              ///< the file --resume would read (current, or previous when current is unusable); "" when none
  std::int64_t iteration = -1;   ///< its iteration
  ChainFingerprint fingerprint;  ///< its chain
  std::string problem;           ///< when files exist but none is usable: what is wrong with them; "" otherwise
};

/// Looks at `paths` the way read_checkpoint chooses its file (its attributes only: the datasets are
/// checked when a run resumes). Never throws for a missing or damaged file; no MPI.
CheckpointSummary inspect_checkpoint(const CheckpointPaths& paths);

/// Reads the last good checkpoint: `paths.current`, or `paths.previous` (with a warning) when the
/// current one is missing or unreadable. This rank gets its rows under `layouts`, whatever the
/// decomposition of the writer. Refuses a checkpoint of another chain (fingerprint), of another
/// image size, or without one of `variables`. Collective; every failure is one agreed InputError
/// naming the file and the fix.
LoadedCheckpoint read_checkpoint(const Comm& comm, const ChainLayouts& layouts, const CheckpointPaths& paths,
                                 const ChainFingerprint& expected, const std::vector<std::string>& variables);

}  // namespace dpnp
