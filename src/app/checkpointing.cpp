#include "dpnp/app/checkpointing.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/io/run_files.hpp"

namespace dpnp {

CheckpointIdentity checkpoint_identity(const ExperimentOptions& options) {
  return {options.config_yaml, options.fingerprint};
}

void fingerprint_data(const Comm& comm, ExperimentOptions& options) {
  std::string text;
  collectively(comm, [&] {
    if (comm.is_root()) text = options.fingerprint.with_files(chain_data_files(options)).text;
  });
  options.fingerprint = ChainFingerprint::from_text(comm.broadcast(text));
}

void prepare_checkpoint_directory(const Comm& comm, const OutputOptions& output) {
  const CheckpointPaths paths = output.checkpoints();
  collectively(comm, [&] {
    if (!comm.is_root()) return;
    namespace fs = std::filesystem;
    const fs::path file(paths.current);
    if (file.lexically_normal() == fs::path(output.path).lexically_normal())
      throw InputError("config: output.checkpoint_path: is output.path; give the checkpoint its own file name, or "
                       "null for the default beside the result");
    const fs::path directory = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::error_code ec;
    if (fs::is_directory(file, ec))
      throw InputError(fmt::format("config: output.checkpoint_path: '{}' is a directory; give a file name such as "
                                   "results/run.ckpt.h5", paths.current));
    fs::create_directories(directory, ec);
    if (!fs::is_directory(directory, ec) || ::access(directory.c_str(), W_OK) != 0)
      throw InputError(fmt::format("config: output.checkpoint_path: cannot write to directory '{}'; choose a writable "
                                   "location", directory.string()));
  });
}

void refuse_existing_checkpoint(const Comm& comm, const OutputOptions& output, int chains) {
  collectively(comm, [&] {
    if (!comm.is_root()) return;
    for (int chain = 0; chain < chains; ++chain) {
      const CheckpointPaths paths = output.checkpoints(chain);
      std::error_code ec;
      if (!std::filesystem::exists(paths.current, ec) && !std::filesystem::exists(paths.previous, ec)) continue;
      const CheckpointSummary found = inspect_checkpoint(paths);
      const std::string what = found.file.empty() ? fmt::format("checkpoint '{}' exists (unusable: {})", paths.current, found.problem)
                                                  : fmt::format("checkpoint '{}' exists (iteration {})", found.file, found.iteration);
      throw InputError(what + "; add --resume to continue its chain, or --restart to discard it and start a new one");
    }
  });
}

void discard_checkpoint(const Comm& comm, const OutputOptions& output, int chains) {
  collectively(comm, [&] {
    if (!comm.is_root()) return;
    for (int chain = 0; chain < chains; ++chain) {
      const CheckpointPaths paths = output.checkpoints(chain);
      for (const std::string& path : {paths.current, paths.previous, paths.current + ".partial"}) {
        std::error_code ec;
        if (std::filesystem::remove(path, ec)) spdlog::info("--restart: removed the checkpoint {}", path);
        if (ec)
          throw InputError(fmt::format("checkpoint '{}': cannot be removed for --restart ({}); delete it yourself",
                                       path, ec.message()));
      }
    }
  });
}

ChainState resume_chain(const ExperimentOptions& options, const Problem& problem, int chain) {
  const Comm& comm = problem.domain->comm();
  const ChainLayouts layouts(problem.domain->layout(), problem.model->variable_layouts());
  LoadedCheckpoint loaded = read_checkpoint(comm, layouts, options.output.checkpoints(chain), options.fingerprint,
                                            problem.model->variable_names());
  ChainState& state = loaded.state;
  const auto total = options.chain.sampler.iterations;
  if (state.iteration > static_cast<std::uint64_t>(total)) {
    InputError error(fmt::format("checkpoint '{}': is at iteration {}, beyond sampler.iterations = {}; raise "
                                 "sampler.iterations to continue the chain",
                                 loaded.path, state.iteration, total));
    error.set_agreed();  // every rank read the same attribute
    throw error;
  }
  const auto to_device = [&](at::Tensor& t) {
    if (t.defined()) t = t.to(problem.device).contiguous();
  };
  for (auto& [name, tensor] : state.variables) to_device(tensor);
  to_device(state.welford.mean);
  to_device(state.welford.m2);
  to_device(state.ring.samples);
  to_device(state.batches.sums);
  to_device(state.batches.partial);
  problem.model->on_state_loaded(state);
  spdlog::info("resumed from checkpoint {} at iteration {} of {} ({} samples in the estimates)", loaded.path,
               state.iteration, total, state.welford.count);
  return state;
}

}  // namespace dpnp
