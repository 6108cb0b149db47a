#pragma once
/// @file
/// Which chain a checkpoint belongs to: the config keys that define the posterior and the chain
/// (data, observation, prior, seed, burn-in, thinning, kept samples, ...) as text and a hash.
///
/// Keys that only say how long, where or how fast a chain runs are left out, so a resumed run may
/// change them: output.*, sampler.iterations (continue a finished chain further),
/// sampler.flush_every, sampler.ci_level, run.threads, run.log_level, run.gpu_aware_mpi,
/// run.device (a CPU chain may continue on a GPU; equal up to rounding then, not bit for bit) and
/// halo.mode (the same up to rounding; bit for bit with the fused DDFB CPU kernels).
/// Every other key, including keys added later, is part of the fingerprint.
///
/// The keys name the data files, not what is in them: with_files() adds the SHA-256 of each data file
/// (truth, observation, kernel, weights) as a "<key> sha256: <hex>" line, so a file replaced under
/// the same name is another chain too.

#include <string>
#include <utility>
#include <vector>

#include "dpnp/io/config.hpp"

namespace dpnp {

struct ChainFingerprint {
  std::string text;  ///< "key: value" lines, one per defining key, in schema order
  std::string hash;  ///< 16 hex digits of FNV-1a 64 over `text`

  static ChainFingerprint of(const config::Config& config);
  static ChainFingerprint from_text(std::string text);

  /// This fingerprint and the SHA-256 of each file, named by its config key ({key, path} pairs; a
  /// file that cannot be read is an InputError naming its key). Reads the files whole: call it on
  /// one rank and broadcast the text.
  ChainFingerprint with_files(const std::vector<std::pair<std::string, std::string>>& files) const;

  bool operator==(const ChainFingerprint& other) const { return hash == other.hash && text == other.text; }
  bool operator!=(const ChainFingerprint& other) const { return !(*this == other); }

  /// The first key whose value differs, e.g. "prior.mu is 15 there and 30 here", or "the contents of
  /// truth.path changed (sha256 ... there, ... here)"; "" when equal.
  std::string first_difference(const ChainFingerprint& here) const;
};

/// Whether `key` is part of the fingerprint (see the file comment).
bool defines_chain(const std::string& key);

}  // namespace dpnp
