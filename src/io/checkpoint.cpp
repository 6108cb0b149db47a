#include "dpnp/io/checkpoint.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "dpnp/core/error.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/io/result_file.hpp"
#include "dpnp/io/slab_reader.hpp"

namespace dpnp {

namespace {

constexpr const char* kFormat = "dpnp-checkpoint-1";
constexpr const char* kLabel = "checkpoint";
constexpr const char* kDamagedFix =
    "run with --restart (in place of --resume) to discard it and start a new chain, or restore a good copy";

std::string variable_dataset(const std::string& name) { return "/variables/" + name; }

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

std::vector<std::string> names_of(const ChainState& state) {
  std::vector<std::string> names;
  for (const auto& [name, tensor] : state.variables) names.push_back(name);
  return names;
}

bool exists_on_root(const Comm& comm, const std::string& path) {
  std::error_code ec;
  const bool here = comm.is_root() && std::filesystem::exists(path, ec);
  return comm.broadcast(here ? "1" : "0") == "1";
}

// This rank's rows of a [..., H, W] dataset, after checking that it covers this image.
at::Tensor read_slab(const SlabReader& file, const std::string& name, const SlabLayout& layout, int rank) {
  const auto shape = file.shape(name);
  const std::size_t n = shape.size();
  if (n < 2 || shape[n - 2] != layout.height() || shape[n - 1] != layout.width())
    file.fail(fmt::format("'{}' does not cover a {}x{} image", name, layout.height(), layout.width()));
  return file.read_rows(name, layout.row_begin(rank), layout.rows(rank));
}

ChainState read_state(const SlabReader& file, const ChainLayouts& layouts, int rank,
                      const std::vector<std::string>& variables) {
  const SlabLayout& layout = layouts.image;
  ChainState state;
  for (const auto& name : variables)
    state.variables[name] = read_slab(file, variable_dataset(name), layouts.of(name), rank);
  const std::int64_t iteration = file.int_attribute("iteration");
  if (iteration < 0) file.fail("has a negative iteration count");
  state.iteration = static_cast<std::uint64_t>(iteration);
  if (file.has_attribute("run_history")) state.history = file.string_attribute("run_history");  // not before 0.1

  WelfordState& welford = state.welford;
  welford.count = file.int_attribute("welford_count");
  welford.mean = read_slab(file, "/welford/mean", layout, rank);
  welford.m2 = read_slab(file, "/welford/m2", layout, rank);
  if (welford.count < 0 || welford.mean.sizes() != welford.m2.sizes() || welford.mean.scalar_type() != at::kDouble ||
      welford.m2.scalar_type() != at::kDouble)
    file.fail("has inconsistent Welford accumulators");

  SampleRing& ring = state.ring;
  ring.capacity = file.int_attribute("ring_capacity");
  ring.stored = file.int_attribute("ring_stored");
  ring.next = file.int_attribute("ring_next");
  if (ring.capacity < 0 || ring.stored < 0 || ring.stored > ring.capacity || ring.next < 0 ||
      (ring.capacity > 0 && ring.next >= ring.capacity))
    file.fail("has an inconsistent sample store");
  if (ring.capacity > 0) {
    ring.samples = read_slab(file, "/ring/samples", layout, rank);
    if (ring.samples.size(0) != ring.capacity || ring.samples.sizes().slice(1) != welford.mean.sizes())
      file.fail("has a sample store of the wrong shape");
  }

  // Older checkpoints lack the batch means; continuing them would give an MCSE that ignores the
  // samples before the resume.
  if (!file.has_attribute("batch_size"))
    file.fail("has no Monte-Carlo error accumulators (written by an older dpnp)");
  BatchMeans& batches = state.batches;
  batches.batch_size = file.int_attribute("batch_size");
  batches.full = file.int_attribute("batch_full");
  batches.fill = file.int_attribute("batch_fill");
  if (batches.batch_size < 1 || batches.full < 0 || batches.full >= BatchMeans::kMaxBatches || batches.fill < 0 ||
      batches.fill >= batches.batch_size ||
      batches.full * batches.batch_size + batches.fill != welford.count)
    file.fail("has inconsistent Monte-Carlo error accumulators");
  batches.partial = read_slab(file, "/batches/partial", layout, rank);
  std::vector<std::int64_t> batch_shape{BatchMeans::kMaxBatches};
  batch_shape.insert(batch_shape.end(), welford.mean.sizes().begin(), welford.mean.sizes().end());
  // float32, as the sampler keeps them; a checkpoint of an older dpnp holds them in float64.
  batches.sums = at::zeros(batch_shape, welford.mean.options().dtype(at::kFloat));
  if (batches.full > 0) {
    const at::Tensor sums = read_slab(file, "/batches/sums", layout, rank);
    if (sums.size(0) != batches.full || sums.sizes().slice(1) != welford.mean.sizes())
      file.fail("has batch means of the wrong shape");
    batches.sums.narrow(0, 0, batches.full).copy_(sums);
  }
  if (batches.partial.sizes() != welford.mean.sizes() || batches.partial.scalar_type() != at::kDouble)
    file.fail("has inconsistent Monte-Carlo error accumulators");

  Trace& trace = state.trace;
  trace.potential = file.read_vector("/trace/potential");
  trace.seconds = file.read_vector("/trace/seconds");
  trace.snr = file.read_vector("/trace/snr");
  if (!file.has("/trace/image_mean") || !file.has("/trace/pixels"))
    file.fail("has no traces of the image mean and pixels (written by an older dpnp)");
  trace.image_mean = file.read_vector("/trace/image_mean");
  trace.pixels = file.read_vector("/trace/pixels");
  if (!file.has("/trace/prior")) file.fail("has no trace of the prior term (written by an older dpnp)");
  trace.prior = file.read_vector("/trace/prior");
  const auto n = static_cast<std::size_t>(iteration);
  if (trace.potential.size() != n || trace.seconds.size() != n || (!trace.snr.empty() && trace.snr.size() != n) ||
      (!trace.prior.empty() && trace.prior.size() != n) ||
      trace.image_mean.size() != n || trace.pixels.size() != n * Trace::kTracedPixels)
    file.fail(fmt::format("has a trace that does not cover its {} iterations", n));
  return state;
}

// The attributes that say which chain `file` holds and how far it got; the file's InputError when it
// is not a complete dpnp checkpoint.
CheckpointSummary summary_of(const SlabReader& file, const std::string& path) {
  if (file.string_attribute("format") != kFormat) file.fail("is not a dpnp checkpoint");
  if (file.int_attribute("complete") != 1) file.fail("is incomplete");
  CheckpointSummary summary;
  summary.file = path;
  summary.fingerprint = ChainFingerprint::from_text(file.string_attribute("chain_keys"));
  if (summary.fingerprint.hash != file.string_attribute("fingerprint"))
    file.fail("is damaged (its fingerprint does not match)");
  summary.iteration = file.int_attribute("iteration");
  if (summary.iteration < 0) file.fail("has a negative iteration count");
  return summary;
}

// Reads `path` whole. `foreign` tells the caller that the file is sound but belongs to another
// chain, which must stop the search rather than fall back to an older checkpoint.
LoadedCheckpoint load(const Comm& comm, const ChainLayouts& layouts, const std::string& path,
                      const ChainFingerprint& expected, const std::vector<std::string>& variables, bool& foreign) {
  foreign = false;
  ChainFingerprint found;
  collectively(comm, [&] { found = summary_of(SlabReader(path, kLabel, kDamagedFix), path).fingerprint; });
  // Every rank read the same attribute, so every rank takes the same branch.
  if (found != expected) {
    foreign = true;
    InputError error(fmt::format(
        "checkpoint '{}': belongs to another chain ({}); resume with the config and data it was written with (its 'config' "
        "attribute), or run with --restart (in place of --resume) to discard it and start a new chain",
        path, found.first_difference(expected)));
    error.set_agreed();
    throw error;
  }
  LoadedCheckpoint loaded;
  loaded.path = path;
  collectively(comm, [&] {
    const SlabReader file(path, kLabel, kDamagedFix);
    loaded.state = read_state(file, layouts, comm.rank(), variables);
  });
  return loaded;
}

}  // namespace

CheckpointPaths CheckpointPaths::at(const std::string& current) {
  const std::filesystem::path path(current);
  const std::string extension = path.extension().string();
  const std::string previous =
      (path.parent_path() / (path.stem().string() + ".prev" + (extension.empty() ? ".h5" : extension))).string();
  return {current, previous};
}

CheckpointPaths CheckpointPaths::beside(const std::string& output_path) {
  const std::filesystem::path path(output_path);
  return at((path.parent_path() / (path.stem().string() + ".ckpt.h5")).string());
}

void write_checkpoint(const Comm& comm, const ChainLayouts& layouts, const ChainState& state,
                      const CheckpointIdentity& identity, const CheckpointPaths& paths) {
  const SlabLayout& layout = layouts.image;
  ResultFile file(comm, paths.current, kLabel, "output.checkpoint_path");
  for (const auto& [name, tensor] : state.variables)
    file.write_slab(variable_dataset(name), tensor, layouts.of(name));
  file.write_slab("/welford/mean", state.welford.mean, layout);
  file.write_slab("/welford/m2", state.welford.m2, layout);
  if (state.ring.capacity > 0) file.write_slab("/ring/samples", state.ring.samples, layout);
  if (state.batches.full > 0)
    file.write_slab("/batches/sums", state.batches.sums.narrow(0, 0, state.batches.full), layout);
  file.write_slab("/batches/partial", state.batches.partial, layout);
  file.write_vector("/trace/potential", state.trace.potential);
  file.write_vector("/trace/prior", state.trace.prior);
  file.write_vector("/trace/seconds", state.trace.seconds);
  file.write_vector("/trace/snr", state.trace.snr);
  file.write_vector("/trace/image_mean", state.trace.image_mean);
  file.write_vector("/trace/pixels", state.trace.pixels);

  file.set_attribute("/", "format", std::string(kFormat));
  file.set_attribute("/", "iteration", static_cast<std::int64_t>(state.iteration));
  file.set_attribute("/", "variables", join(names_of(state)));
  file.set_attribute("/", "welford_count", state.welford.count);
  file.set_attribute("/", "ring_capacity", state.ring.capacity);
  file.set_attribute("/", "ring_stored", state.ring.stored);
  file.set_attribute("/", "ring_next", state.ring.next);
  file.set_attribute("/", "batch_size", state.batches.batch_size);
  file.set_attribute("/", "batch_full", state.batches.full);
  file.set_attribute("/", "batch_fill", state.batches.fill);
  file.set_attribute("/", "config", identity.config_yaml);
  file.set_attribute("/", "run_history", state.history);
  file.set_attribute("/", "chain_keys", identity.fingerprint.text);
  file.set_attribute("/", "fingerprint", identity.fingerprint.hash);
  file.set_attribute("/", "ranks", static_cast<std::int64_t>(comm.size()));
  std::vector<std::string> offsets;
  for (const auto offset : layout.offsets()) offsets.push_back(std::to_string(offset));
  file.set_attribute("/", "slab_row_offsets", join(offsets));
  file.set_attribute("/", "dpnp_version", std::string(version()));
  file.set_attribute("/", "git_hash", std::string(git_hash()));
  file.set_attribute("/", "complete", static_cast<std::int64_t>(1));
  file.commit(paths.previous);
}

CheckpointSummary inspect_checkpoint(const CheckpointPaths& paths) {
  std::string problem;
  for (const std::string& path : {paths.current, paths.previous}) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    try {
      return summary_of(SlabReader(path, kLabel, kDamagedFix), path);
    } catch (const Error& e) {
      // A damaged current checkpoint falls back to the previous one, as read_checkpoint does.
      if (problem.empty()) problem = e.what();
    }
  }
  CheckpointSummary none;
  none.problem = problem;
  return none;
}

LoadedCheckpoint read_checkpoint(const Comm& comm, const ChainLayouts& layouts, const CheckpointPaths& paths,
                                 const ChainFingerprint& expected, const std::vector<std::string>& variables) {
  const bool have_current = exists_on_root(comm, paths.current);
  const bool have_previous = exists_on_root(comm, paths.previous);
  if (!have_current && !have_previous) {
    InputError error(fmt::format(
        "checkpoint '{}': not found; run without --resume to start a new chain, or set output.checkpoint_path to "
        "the checkpoint of the run to continue",
        paths.current));
    error.set_agreed();
    throw error;
  }
  bool foreign = false;
  if (have_current) {
    try {
      return load(comm, layouts, paths.current, expected, variables, foreign);
    } catch (const InputError& e) {
      if (foreign || !have_previous) throw;
      if (comm.is_root()) spdlog::warn("{}; continuing from the previous checkpoint '{}'", e.what(), paths.previous);
    }
  } else if (comm.is_root()) {
    spdlog::warn("checkpoint '{}' not found; continuing from the previous checkpoint '{}'", paths.current, paths.previous);
  }
  return load(comm, layouts, paths.previous, expected, variables, foreign);
}

}  // namespace dpnp
