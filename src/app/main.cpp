// dpnp: distributed Plug-and-Play MCMC for imaging. One executable, launched by mpirun/srun with one
// rank per GPU (or CPU core group). This file is the command line and the error policy:
//   - errors every rank agrees on (bad config, image, weights, rank count, disk) print one line on
//     rank 0 and every rank exits with the same code;
//   - an error only one rank sees prints on that rank and aborts the job (no rank is left hanging);
//   - a planned stop (signal, --max-hours: exit code 75) is information, not an error.
#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>
#include <mpi.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <optional>

#include "bench_command.hpp"
#include "checkpoint_command.hpp"
#include "commands.hpp"
#include "lipschitz_command.hpp"
#include "report_command.hpp"
#include "signals.hpp"
#include "denoise_command.hpp"
#include "simulate_command.hpp"
#include "train_command.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/log.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/provenance.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/dist/mpi_session.hpp"

namespace {

bool mpi_running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

int rank_of_world() {
  int rank = 0;
  if (mpi_running()) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

[[noreturn]] void abort_job(int code, const std::string& message) {
  std::fprintf(stderr, "dpnp: error (rank %d): %s\n", rank_of_world(), message.c_str());
  std::fflush(stderr);
  if (mpi_running()) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

// The stop-signal handlers, installed before anything else runs: the dynamic loader calls the
// executable's .preinit_array before the initialisers of the shared libraries (LibTorch's take a
// second), and the `dpnp` launcher (launcher.c) keeps the signals blocked until then. So a SIGTERM or
// SIGUSR1 at any moment of start-up (Slurm may send its time-limit warning early) is recorded and
// seen before the first iteration instead of killing the rank.
void install_handlers_first(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  dpnp::app::install_stop_signal_handlers();
}
__attribute__((section(".preinit_array"), used)) void (*install_handlers_first_entry)(int, char**, char**) =
    install_handlers_first;

}  // namespace

int main(int argc, char** argv) {
  dpnp::tune_allocator();
  dpnp::record_command_line(argc, argv);
  // Commands that only read files run without MPI, so that batch scripts need no srun or mpirun for them.
  std::optional<dpnp::MpiSession> mpi;
  if (!dpnp::app::runs_without_mpi(argc, argv)) mpi.emplace(argc, argv);
  const int rank = mpi ? mpi->rank() : 0;
  dpnp::log::init(rank, mpi ? mpi->size() : 1, "info");

  CLI::App cli{"dpnp: distributed Plug-and-Play MCMC sampling for imaging (MMSE and uncertainty)", "dpnp"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string(dpnp::version()) + " (" + dpnp::git_hash() + ")");

  dpnp::app::SampleArgs sample_args;
  auto* sample = cli.add_subcommand("sample", "Run the sampler described by a YAML config (under mpirun/srun).");
  sample->add_option("config", sample_args.config_path, "Experiment config (YAML)")->required();
  sample->add_option("--set", sample_args.overrides, "Override a config key, e.g. --set sampler.iterations=500")
      ->type_name("KEY=VALUE");
  sample->add_flag("--dry-run", sample_args.dry_run,
                   "Print the effective config, the decomposition and the derived step sizes, then exit");
  auto* resume = sample->add_flag("--resume", sample_args.resume,
                                  "Continue the chain from its last good checkpoint (output.checkpoint_path)");
  sample->add_flag("--restart", sample_args.restart,
                   "Discard the chain's checkpoint, if any, and start a new chain (without it, an existing checkpoint "
                   "is refused)")
      ->excludes(resume);
  sample->add_option("--max-hours", sample_args.max_hours,
                     "Stop before this many hours have passed: checkpoint, then exit with code 75")
      ->check(CLI::PositiveNumber)
      ->type_name("H");

  dpnp::app::BenchArgs bench_args;
  auto* bench = cli.add_subcommand("bench", "Time the sampler's iterations of a config: median and spread per phase, slowest rank, JSON.");
  bench->add_option("config", bench_args.config_path, "Experiment config (YAML)")->required();
  bench->add_option("--set", bench_args.overrides, "Override a config key")->type_name("KEY=VALUE");
  bench->add_option("--warmup", bench_args.warmup, "Untimed iterations first")->check(CLI::NonNegativeNumber);
  bench->add_option("--iterations", bench_args.iterations, "Timed iterations")->check(CLI::PositiveNumber);
  bench->add_option("--json", bench_args.json_path, "Write the JSON summary to this file instead of standard output");

  dpnp::app::SimulateArgs simulate_args;
  auto* simulate = dpnp::app::add_simulate_command(cli, simulate_args);
  dpnp::app::DenoiseArgs denoise_args;
  auto* denoise = dpnp::app::add_denoise_command(cli, denoise_args);

  dpnp::app::TrainArgs train_args;
  auto* train = dpnp::app::add_train_command(cli, train_args);
  dpnp::app::LipschitzArgs lipschitz_args;
  auto* lipschitz = dpnp::app::add_lipschitz_command(cli, lipschitz_args);
  dpnp::app::CheckpointInfoArgs checkpoint_args;
  auto* checkpoint_info = dpnp::app::add_checkpoint_command(cli, checkpoint_args);
  dpnp::app::ReportArgs report_args;
  auto* report = dpnp::app::add_report_command(cli, report_args);

  bool markdown = false;
  dpnp::app::SampleArgs check_args;
  auto* config_cmd = cli.add_subcommand("config", "Config tools: the key reference, or check a config file.");
  config_cmd->add_flag("--markdown", markdown, "Print the key reference as Markdown (docs/config.md)");
  config_cmd->add_option("--check", check_args.config_path, "Validate this config and print its effective form");
  config_cmd->add_option("--set", check_args.overrides, "Override a config key")->type_name("KEY=VALUE");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = e.get_exit_code() == 0 ? 0 : dpnp::kExitBadInput;
    if (rank == 0) {
      if (code == 0) {
        cli.exit(e);
      } else {
        std::fprintf(stderr, "dpnp: error: %s; see dpnp --help\n", e.what());
      }
    }
    return code;
  }

  try {
    int code = dpnp::kExitOk;
    if (sample->parsed()) {
      code = dpnp::app::run_sample(sample_args);
    } else if (bench->parsed()) {
      code = dpnp::app::run_bench(bench_args);
    } else if (simulate->parsed()) {
      code = dpnp::app::run_simulate(simulate_args);
    } else if (denoise->parsed()) {
      code = dpnp::app::run_denoise(denoise_args);
    } else if (train->parsed()) {
      code = dpnp::app::run_train(train_args);
    } else if (lipschitz->parsed()) {
      code = dpnp::app::run_lipschitz(lipschitz_args);
    } else if (checkpoint_info->parsed()) {
      code = dpnp::app::run_checkpoint_info(checkpoint_args);
    } else if (report->parsed()) {
      code = dpnp::app::run_report(report_args);
    } else if (config_cmd->parsed()) {
      code = check_args.config_path.empty() ? dpnp::app::run_config_reference(markdown)
                                            : dpnp::app::run_config_check(check_args);
    }
    return code;
  } catch (const dpnp::Interrupted& e) {
    if (!e.agreed()) abort_job(e.exit_code(), e.what());
    spdlog::info("{}", e.what());
    return e.exit_code();
  } catch (const dpnp::Error& e) {
    // Without MPI there is one process, which agrees with itself.
    if (!e.agreed() && mpi) abort_job(e.exit_code(), e.what());
    if (rank == 0) {
      std::fprintf(stderr, "dpnp: error: %s\n", e.what());
      std::fflush(stderr);
    }
    return e.exit_code();
  } catch (const c10::Error& e) {
    abort_job(dpnp::kExitInternal, std::string("LibTorch: ") + e.what_without_backtrace());
  } catch (const std::exception& e) {
    abort_job(dpnp::kExitInternal, e.what());
  }
}
