#include "dpnp/io/run_files.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/core/provenance.hpp"
#include "dpnp/io/fits_output.hpp"
#include "dpnp/io/model_manifest.hpp"
#include "dpnp/physics/forward_model.hpp"
#include "dpnp/priors/prior_catalogue.hpp"

namespace dpnp {

namespace fs = std::filesystem;

namespace {

// The path with symbolic links and dot segments resolved as far as it exists; a path that cannot be
// resolved (a link loop) keeps its absolute, normalised text.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  if (ec) out = fs::absolute(path, ec).lexically_normal();
  return out;
}

void add(std::vector<RunFile>& files, std::string role, const std::string& path) {
  if (!path.empty()) files.push_back({std::move(role), path});
}

// The files whose contents define the chain, keyed as in the config.
std::vector<RunFile> data_files(const ExperimentOptions& o) {
  std::vector<RunFile> files;
  add(files, "truth.path", o.truth.path);
  add(files, "observation.path", o.observation.path);
  if (forward_model(o.observation.forward.task).data_from_file(o.observation.forward))
    add(files, "observation.blur_path", o.observation.blur_path);
  if (prior_entry(o.prior.type).needs_weights()) add(files, "prior.weights", o.prior.weights);
  return files;
}

std::string fix_for(const RunFile& output) {
  if (output.role.rfind("--output", 0) == 0) return "give --output another file name";
  if (output.role.rfind("output.checkpoint_path", 0) == 0)
    return "give the checkpoint its own file name (output.checkpoint_path), or null for the default beside the result";
  return "give the result its own file name (output.path); dpnp never writes over its inputs or its other outputs";
}

}  // namespace

std::string preview_path(const std::string& result_path, const std::string& suffix) {
  const fs::path path(result_path);
  return (path.parent_path() / (path.stem().string() + "_" + suffix + ".png")).string();
}

std::vector<std::pair<std::string, std::string>> chain_data_files(const ExperimentOptions& options) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const RunFile& file : data_files(options)) out.emplace_back(file.role, file.path);
  return out;
}

std::string input_provenance(const ExperimentOptions& options) {
  std::string lines;
  for (const auto& [key, path] : chain_data_files(options)) {
    const std::string tag = key + " sha256: ";
    const std::size_t at = options.fingerprint.text.find(tag);
    const std::string digest =
        at == std::string::npos ? "?" : options.fingerprint.text.substr(at + tag.size(), options.fingerprint.text.find('\n', at) - at - tag.size());
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    lines += fmt::format("{}: {} sha256 {}\n", key, ec ? path : absolute.lexically_normal().string(), digest);
  }
  return lines;
}

std::vector<RunFile> run_inputs(const ExperimentOptions& o, const std::string& config_path) {
  std::vector<RunFile> files = data_files(o);
  add(files, "the config file", config_path);
  if (prior_entry(o.prior.type).needs_weights() && !o.prior.weights.empty())
    add(files, "the manifest of prior.weights", manifest_path_for(o.prior.weights));
  return files;
}

std::vector<RunFile> run_outputs(const OutputOptions& output, int chains) {
  std::vector<RunFile> files;
  add(files, "output.path", output.path);
  add(files, "output.path (its temporary .partial)", output.path + ".partial");
  for (int chain = 0; chain < chains; ++chain) {
    const CheckpointPaths checkpoints = output.checkpoints(chain);
    const std::string key = (output.checkpoint_path.empty() ? "output.checkpoint_path (default)" : "output.checkpoint_path") +
                            (chain > 0 ? fmt::format(", chain {}", chain) : std::string());
    add(files, key, checkpoints.current);
    add(files, key + " (its temporary .partial)", checkpoints.current + ".partial");
    add(files, key + " (the previous checkpoint)", checkpoints.previous);
    add(files, key + " (the previous checkpoint's temporary link)", checkpoints.previous + ".link");
  }
  if (output.fits) {
    add(files, "output.fits", fits_result_path(output.path));
    add(files, "output.fits (its temporary .partial)", fits_result_path(output.path) + ".partial");
  }
  if (output.previews)
    for (const char* suffix : {"mmse", "std", "observation"})
      add(files, fmt::format("output.previews ({})", suffix), preview_path(output.path, suffix));
  return files;
}

bool same_file(const std::string& a, const std::string& b) {
  if (resolved(a) == resolved(b)) return true;
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void refuse_outputs_over_inputs(const std::vector<RunFile>& inputs, const std::vector<RunFile>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const RunFile& out = outputs[i];
    for (const RunFile& in : inputs)
      if (same_file(out.path, in.path))
        throw InputError(fmt::format("config: {}: is {} ('{}'), an input of the run, which it would replace; {}",
                                     out.role, in.role, in.path, fix_for(out)));
    // Between outputs, paths only: the checkpoint rotation itself hard-links the current and the
    // previous checkpoint while it replaces one (a kill at that moment leaves both names on one inode).
    for (std::size_t j = 0; j < i; ++j)
      if (resolved(out.path) == resolved(outputs[j].path))
        throw InputError(fmt::format("config: {}: is {} ('{}'); {}", out.role, outputs[j].role, outputs[j].path,
                                     fix_for(out)));
  }
}

void refuse_output_over_inputs(const Comm& comm, const ExperimentOptions& options, const std::string& config_path,
                               const std::string& output) {
  collectively(comm, [&] {
    if (comm.is_root())
      refuse_outputs_over_inputs(run_inputs(options, config_path),
                                 {{"--output", output}, {"--output (its temporary .partial)", output + ".partial"}});
  });
}

void write_run_provenance(ResultFile& file, const Comm& comm) {
  file.set_attribute("/", "command_line", comm.broadcast(command_line()));
  file.set_attribute("/", "host", comm.broadcast(host_name()));
  file.set_attribute("/", "written_at", comm.broadcast(utc_timestamp()));
}

}  // namespace dpnp
