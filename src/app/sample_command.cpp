#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "dpnp/app/checkpointing.hpp"
#include "commands.hpp"
#include "config_loading.hpp"
#include "dpnp/core/log.hpp"
#include "dpnp/core/provenance.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/io/run_files.hpp"
#include "dpnp/app/problem.hpp"
#include "outputs.hpp"
#include "progress.hpp"
#include "signals.hpp"

namespace dpnp::app {

namespace {

void print_dry_run(const ExperimentOptions& options, const Problem& e, int threads) {
  std::cout << "# effective config (defaults included)\n" << options.config_yaml;
  std::cout << "\n# problem\n";
  for (const auto& [name, value] : e.facts) std::cout << fmt::format("{}: {}\n", name, value);
  std::cout << fmt::format("threads per rank: {}\n", threads);
  std::cout << fmt::format("\n# model {}: derived parameters\n", e.model->name());
  for (const auto& [name, value] : e.model->parameters()) std::cout << fmt::format("{}: {:.6g}\n", name, value);
}

// One line of the run history: rank 0's host and clock, the same text on every rank.
std::string segment_record(const Comm& comm, bool resumed, std::uint64_t iteration, int threads, const std::string& device) {
  std::string line;
  if (comm.is_root())
    line = fmt::format("{} {} at iteration {} on {}, {} rank{} x {} thread{}, {}, dpnp {} ({}): {}\n", utc_timestamp(),
                       resumed ? "resumed" : "started", iteration, host_name(), comm.size(), comm.size() > 1 ? "s" : "",
                       threads, threads > 1 ? "s" : "", device, version(), git_hash(), command_line());
  return comm.broadcast(line);
}

RunOutcome run_chain(Sampler& sampler, ChainState& state) {
  try {
    return sampler.run(state);
  } catch (DivergenceError& e) {
    // Raised from the reduced potentials, so every rank raises it at the same flush: exit cleanly
    // with code 3 everywhere, without writing a checkpoint of the diverged state.
    e.set_agreed();
    throw;
  }
}

}  // namespace

int run_sample(const SampleArgs& args) {
  const Comm comm = Comm::world();
  const double started = now_seconds();
  ExperimentOptions options = load_options(comm, args.config_path, args.overrides);
  spdlog::default_logger_raw()->set_level(spdlog::level::from_str(options.run.log_level));
  if (!comm.is_root()) spdlog::default_logger_raw()->set_level(spdlog::level::warn);
  const int threads = configure_threads(options.run.threads, comm.local_size());
  collectively(comm, [&] {
    if (comm.is_root()) refuse_outputs_over_inputs(run_inputs(options, args.config_path), run_outputs(options.output));
  });
  if (!args.dry_run) fingerprint_data(comm, options);
  if (!args.dry_run && !args.resume && !args.restart) refuse_existing_checkpoint(comm, options.output);

  Problem e = build_problem(options, comm, !args.dry_run && !args.resume);
  if (args.dry_run) {
    if (comm.is_root()) print_dry_run(options, e, threads);
    return kExitOk;
  }
  spdlog::info("dpnp {} ({}), {} rank{} x {} thread{}", version(), git_hash(), comm.size(), comm.size() > 1 ? "s" : "",
               threads, threads > 1 ? "s" : "");
  for (const auto& [name, value] : e.facts) spdlog::info("{}: {}", name, value);
  std::string parameters;
  for (const auto& [name, value] : e.model->parameters()) parameters += fmt::format("{}{} = {:.4g}", parameters.empty() ? "" : ", ", name, value);
  spdlog::info("model {}: {}", e.model->name(), parameters);

  prepare_checkpoint_directory(comm, options.output);
  const CheckpointPaths checkpoint_files = options.output.checkpoints();
  const SamplerOptions& sampler_options = options.chain.sampler;

  Sampler sampler(*e.model, *e.domain, sampler_options);
  if (e.truth.defined()) sampler.set_truth(e.truth);
  ProgressObserver progress(comm.is_root(), sampler_options, options.output.progress_every);
  CheckpointObserver checkpoints(comm, ChainLayouts(e.domain->layout(), e.model->variable_layouts()), checkpoint_files,
                                 checkpoint_identity(options), options.output.checkpoint_every);
  StopObserver stop(args.max_hours, sampler_options.flush_every, &checkpoints);
  sampler.add_observer(&progress);
  sampler.add_observer(&checkpoints);
  sampler.add_observer(&stop);
  ChainState state;
  if (args.resume) {
    state = resume_chain(options, e);
    checkpoints.mark_written(state.iteration);
  } else {
    if (args.restart) discard_checkpoint(comm, options.output);
    sampler.initialize(state);
  }
  state.history += segment_record(comm, args.resume, state.iteration, threads, e.device.str());
  // A stop asked for during start-up (Slurm may send its time-limit warning early) keeps the state as it is.
  if (stop_requested(comm, stop)) {
    checkpoints.write(state);
    throw stop_error(comm, stop, state.iteration, sampler_options.iterations, checkpoint_files.current);
  }
  const double sampling_started = now_seconds();
  if (run_chain(sampler, state) == RunOutcome::kStopped) {
    checkpoints.write(state);
    throw stop_error(comm, stop, state.iteration, sampler_options.iterations, checkpoint_files.current);
  }
  const double sampling_seconds = now_seconds() - sampling_started;

  const RunSummary summary = summarise(e, state, sampler_options);
  write_results(options, e, state, summary);
  log_timing_summary(comm, sampler.phase_times(), e.halo->stats(), sampling_seconds);
  spdlog::info("done in {}", format_duration(now_seconds() - started));
  return kExitOk;
}

int run_config_check(const SampleArgs& args) {
  const Comm comm = Comm::world();
  const ExperimentOptions options = load_options(comm, args.config_path, args.overrides);
  if (comm.is_root()) std::cout << options.config_yaml;
  return kExitOk;
}

int run_config_reference(bool markdown) {
  if (Comm::world().is_root()) {
    if (markdown) {
      std::cout << config::markdown_reference();
    } else {
      for (const auto& spec : config::schema()) std::cout << spec.path << " = " << spec.default_value << "\n";
    }
  }
  return kExitOk;
}

}  // namespace dpnp::app
