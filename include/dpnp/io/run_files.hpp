#pragma once
/// @file
/// The files a run reads and the files it writes, the data among them, and the rule that keeps them apart: no output may
/// replace an input (the user's data, weights, kernel or config) or another output. Paths are
/// compared as files, not as text: resolved (symbolic links, "..", relative paths) and, for files
/// that exist, by device and inode, which also catches hard links.

#include <string>
#include <utility>
#include <vector>

#include "dpnp/dist/comm.hpp"
#include "dpnp/io/options.hpp"
#include "dpnp/io/result_file.hpp"

namespace dpnp {

struct RunFile {
  std::string role;  ///< how the user names it: a config key ("truth.path") or "the config file"
  std::string path;
};

/// The files a run of `options` reads; `config_path` is the config file itself ("" when none).
std::vector<RunFile> run_inputs(const ExperimentOptions& options, const std::string& config_path);

/// The data files that define the chain besides the config keys, as {config key, path}: truth,
/// observation, kernel file and weights, those the run reads. Their checksums join the chain fingerprint.
std::vector<std::pair<std::string, std::string>> chain_data_files(const ExperimentOptions& options);

/// The chain's data files for provenance: "<config key>: <absolute path> sha256 <hex>" lines, the
/// digests taken from `options.fingerprint` (after ChainFingerprint::with_files; "?" before).
std::string input_provenance(const ExperimentOptions& options);

/// Every file `dpnp sample` may write: the result and its temporary, the checkpoints of each of
/// `chains` chains and theirs, the previews when asked for.
std::vector<RunFile> run_outputs(const OutputOptions& output, int chains = 1);

/// <stem of the result>_<suffix>.png beside the result file.
std::string preview_path(const std::string& result_path, const std::string& suffix);

/// Whether `a` and `b` name the same file (see the file comment).
bool same_file(const std::string& a, const std::string& b);

/// InputError naming the output and the input (or the two outputs) that are one file, and the fix.
/// Call before any work. Not collective: wrap it in collectively() on one rank.
void refuse_outputs_over_inputs(const std::vector<RunFile>& inputs, const std::vector<RunFile>& outputs);

/// The same for a command that writes one file, `--output` (dpnp simulate, dpnp denoise), and its
/// temporary: rank 0 checks, every rank throws. Collective.
void refuse_output_over_inputs(const Comm& comm, const ExperimentOptions& options, const std::string& config_path,
                               const std::string& output);

/// Who wrote `file`, where and when: the attributes command_line, host and written_at on "/" (rank
/// 0's values on every rank). Collective.
void write_run_provenance(ResultFile& file, const Comm& comm);

}  // namespace dpnp
