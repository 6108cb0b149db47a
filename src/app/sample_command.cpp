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
#include "dpnp/dist/chain_groups.hpp"
#include "dpnp/sampler/chain_pooling.hpp"
#include "dpnp/io/run_files.hpp"
#include "dpnp/app/problem.hpp"
#include "outputs.hpp"
#include "progress.hpp"
#include "signals.hpp"

namespace dpnp::app {

namespace {

void print_dry_run(const ExperimentOptions& options, const Problem& e, int threads, const ChainGroups& chains) {
  std::cout << "# effective config (defaults included)\n" << options.config_yaml;
  std::cout << "\n# problem\n";
  for (const auto& [name, value] : e.facts) std::cout << fmt::format("{}: {}\n", name, value);
  std::cout << fmt::format("threads per rank: {}\n", threads);
  std::cout << fmt::format("chains: {} ({} rank{} each)\n", chains.chains(), chains.group().size(),
                           chains.group().size() > 1 ? "s" : "");
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

// The chains of a job stop together, so their checkpoints hold the same iteration; checkpoints of
// different stops (a copy restored by hand, a crash between two chains' writes) cannot be pooled.
void require_chains_in_step(const Comm& world, std::uint64_t iteration, const OutputOptions& output) {
  const auto mine = static_cast<double>(iteration);
  const double lowest = world.min(mine), highest = world.max(mine);
  if (lowest == highest) return;
  InputError error(fmt::format("checkpoint '{}' and its chains' files (run.chains) are at different iterations ({} to "
                               "{}); resume needs every chain's checkpoint from the same stop: restore them together, "
                               "or run with --restart to start new chains",
                               output.checkpoints().current, lowest, highest));
  error.set_agreed();
  throw error;
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
  const Comm world = Comm::world();
  const double started = now_seconds();
  ExperimentOptions options = load_options(world, args.config_path, args.overrides);
  spdlog::default_logger_raw()->set_level(spdlog::level::from_str(options.run.log_level));
  if (!world.is_root()) spdlog::default_logger_raw()->set_level(spdlog::level::warn);
  const int threads = configure_threads(options.run.threads, world.local_size());
  collectively(world, [&] {
    if (world.is_root()) refuse_outputs_over_inputs(run_inputs(options, args.config_path), run_outputs(options.output, options.run.chains));
  });
  // Each chain runs on its own group of ranks; `comm` is this rank's chain from here on, and the
  // chains meet again (over `world` and the peers) only to agree on stopping and to pool results.
  const ChainGroups chains(world, options.run.chains);
  const Comm& comm = chains.group();
  if (!args.dry_run) fingerprint_data(world, options);
  if (!args.dry_run && !args.resume && !args.restart) refuse_existing_checkpoint(world, options.output, chains.chains());

  Problem e = build_problem(options, comm, !args.dry_run && !args.resume, static_cast<std::uint32_t>(chains.chain()));
  if (args.dry_run) {
    if (world.is_root()) print_dry_run(options, e, threads, chains);
    return kExitOk;
  }
  spdlog::info("dpnp {} ({}), {} rank{} x {} thread{}", version(), git_hash(), world.size(), world.size() > 1 ? "s" : "",
               threads, threads > 1 ? "s" : "");
  if (chains.chains() > 1)
    spdlog::info("chains: {} independent chains of {} rank{} each (chain c on ranks [{} c, {} (c + 1))), starts: {}",
                 chains.chains(), comm.size(), comm.size() > 1 ? "s" : "", comm.size(), comm.size(),
                 options.chain.chain_init == "dispersed" ? "over-dispersed (sampler.init, zeros, uniform noise in turn)"
                                                          : "all from sampler.init");
  for (const auto& [name, value] : e.facts) spdlog::info("{}: {}", name, value);
  std::string parameters;
  for (const auto& [name, value] : e.model->parameters()) parameters += fmt::format("{}{} = {:.4g}", parameters.empty() ? "" : ", ", name, value);
  spdlog::info("model {}: {}", e.model->name(), parameters);

  prepare_checkpoint_directory(world, options.output);
  const CheckpointPaths checkpoint_files = options.output.checkpoints(chains.chain());
  const SamplerOptions& sampler_options = options.chain.sampler;

  Sampler sampler(*e.model, *e.domain, sampler_options);
  if (e.truth.defined()) sampler.set_truth(e.truth);
  if (chains.chains() > 1) sampler.set_chain_agreement(&world);
  // The progress line follows chain 0; the others run in step with it.
  ProgressObserver progress(world.is_root(), sampler_options, options.output.progress_every);
  CheckpointObserver checkpoints(comm, ChainLayouts(e.domain->layout(), e.model->variable_layouts()), checkpoint_files,
                                 checkpoint_identity(options), options.output.checkpoint_every);
  StopObserver stop(args.max_hours, sampler_options.flush_every, &checkpoints);
  sampler.add_observer(&progress);
  sampler.add_observer(&checkpoints);
  sampler.add_observer(&stop);
  ChainState state;
  // Over the whole job: a chain whose checkpoint is missing or broken stops every chain with its message.
  collectively(world, [&] {
    if (args.resume) {
      state = resume_chain(options, e, chains.chain());
      checkpoints.mark_written(state.iteration);
    } else {
      if (args.restart) discard_checkpoint(world, options.output, chains.chains());
      sampler.initialize(state);
    }
  });
  if (args.resume && chains.chains() > 1) require_chains_in_step(world, state.iteration, options.output);
  state.history += segment_record(comm, args.resume, state.iteration, threads, e.device.str());
  // A stop asked for during start-up (Slurm may send its time-limit warning early) keeps the state as it is.
  if (stop_requested(world, stop)) {
    checkpoints.write(state);
    throw stop_error(world, stop, state.iteration, sampler_options.iterations, checkpoint_files.current);
  }
  const double sampling_started = now_seconds();
  if (run_chain(sampler, state) == RunOutcome::kStopped) {
    checkpoints.write(state);
    throw stop_error(world, stop, state.iteration, sampler_options.iterations, checkpoint_files.current);
  }
  const double sampling_seconds = now_seconds() - sampling_started;

  // Chain 0's ranks write the result of every chain; the other chains are done once pooled.
  const ChainResults results = pool_chains(chains.peers(), state);
  if (chains.chain() == 0) {
    const RunSummary summary = summarise(e, results, sampler_options);
    write_results(options, e, state, results, summary);
  }
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
