#include "bench_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <torch/version.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "config_loading.hpp"
#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/runtime.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/core/version.hpp"
#include "dpnp/sampler/statistics.hpp"
#include "dpnp/app/problem.hpp"

#ifdef DPNP_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace dpnp::app {

namespace {

const std::vector<std::string> kPhases = {"denoiser", "likelihood", "prior", "update", "statistics", "halo"};

struct Summary {
  double median = 0, p10 = 0, p90 = 0;
};

Summary summarise(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) { return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5)]; };
  s.median = at(0.5);
  s.p10 = at(0.1);
  s.p90 = at(0.9);
  return s;
}

double peak_host_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Minor page faults: first touches of fresh pages, the signature of glibc's large-allocation trap.
double minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_minflt);
}

double peak_device_megabytes(const at::Device& device) {
#ifdef DPNP_WITH_CUDA
  if (device.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
  }
#endif
  (void)device;
  return 0.0;
}

}  // namespace

int run_bench(const BenchArgs& args) {
  const Comm comm = Comm::world();
  const ExperimentOptions options = load_options(comm, args.config_path, args.overrides);
  spdlog::default_logger_raw()->set_level(comm.is_root() ? spdlog::level::from_str(options.run.log_level)
                                                         : spdlog::level::warn);
  const int threads = configure_threads(options.run.threads, comm.local_size());
  const double setup_start = now_seconds(), setup_faults_before = minor_page_faults();
  Problem e = build_problem(options, comm, true);
  const double setup_seconds = comm.max(now_seconds() - setup_start);
  const double setup_faults = comm.max(minor_page_faults() - setup_faults_before);
  for (const auto& [name, value] : e.facts) spdlog::info("{}: {}", name, value);

  ChainState state;
  e.model->initialize(state);
  reset_statistics(state, state.at(e.model->estimand()), 0);
  PhaseTimes times;
  // Charge asynchronous device work to the phase that queued it.
  const at::Tensor probe = state.at("x");
  times.synchronize = [probe] { synchronize(probe); };
  e.model->set_phase_times(&times);

  const int total = args.warmup + args.iterations;
  std::vector<double> seconds;
  std::vector<std::vector<double>> phase_seconds(kPhases.size());
  HaloStats halo_before;
  double faults_before = minor_page_faults();
  for (int t = 1; t <= total; ++t) {
    if (t == args.warmup + 1) {
      halo_before = e.halo->stats();
      faults_before = minor_page_faults();
    }
    const auto before = times.totals();
    const double halo_seconds_before = e.halo->stats().seconds;
    synchronize(probe);
    const double start = now_seconds();
    e.model->sweep(state, static_cast<std::uint64_t>(t));
    {
      ScopedPhase phase(&times, "statistics");
      accumulate_sample(state, state.at(e.model->estimand()));
      (void)e.model->local_potential(state).item<double>();
    }
    synchronize(probe);
    const double elapsed = now_seconds() - start;
    if (t <= args.warmup) continue;
    seconds.push_back(elapsed);
    for (std::size_t p = 0; p < kPhases.size(); ++p) {
      double value = 0.0;
      if (kPhases[p] == "halo") {
        value = e.halo->stats().seconds - halo_seconds_before;
      } else {
        const auto now = times.totals().find(kPhases[p]);
        const auto then = before.find(kPhases[p]);
        value = (now == times.totals().end() ? 0.0 : now->second) - (then == before.end() ? 0.0 : then->second);
      }
      phase_seconds[p].push_back(value);
    }
  }
  const double faults_per_iteration = comm.max((minor_page_faults() - faults_before) / args.iterations);
  // The slowest rank sets the pace of every iteration.
  comm.max_in_place(seconds);
  for (auto& phase : phase_seconds) comm.max_in_place(phase);
  const HaloStats& halo = e.halo->stats();
  const double bytes_per_iteration = static_cast<double>(halo.bytes_sent - halo_before.bytes_sent) / args.iterations;
  const double messages_per_iteration = static_cast<double>(halo.messages - halo_before.messages) / args.iterations;
  const double exchanges_per_iteration = static_cast<double>(halo.exchanges - halo_before.exchanges) / args.iterations;
  const double max_bytes = comm.max(bytes_per_iteration), max_messages = comm.max(messages_per_iteration);
  const double max_exchanges = comm.max(exchanges_per_iteration);
  const double host_mb = comm.max(peak_host_megabytes()), device_mb = comm.max(peak_device_megabytes(e.device));

  if (!comm.is_root()) return kExitOk;
  const Summary total_summary = summarise(seconds);
  std::cout << fmt::format("\n{} on {} rank(s) x {} thread(s), {}, {}x{}x{} image, {} timed iterations after {} warm-up\n",
                           e.model->name(), comm.size(), threads, e.device.str(), e.shape.channels, e.shape.height,
                           e.shape.width, args.iterations, args.warmup);
  std::cout << fmt::format("{:<12} {:>10} {:>10} {:>10}\n", "phase", "median ms", "p10 ms", "p90 ms");
  std::cout << fmt::format("{:<12} {:>10.2f} {:>10.2f} {:>10.2f}\n", "iteration", 1e3 * total_summary.median,
                           1e3 * total_summary.p10, 1e3 * total_summary.p90);
  std::string json = fmt::format(
      "{{\n  \"dpnp_version\": \"{}\", \"git_hash\": \"{}\", \"torch_version\": \"{}\", \"device\": \"{}\",\n"
      "  \"model\": \"{}\", \"ranks\": {}, \"threads\": {}, \"image\": [{}, {}, {}], \"iterations\": {}, \"warmup\": {},\n"
      "  \"iteration_ms\": {{\"median\": {:.4f}, \"p10\": {:.4f}, \"p90\": {:.4f}}},\n  \"phases_ms\": {{",
      version(), git_hash(), TORCH_VERSION, e.device.str(), e.model->name(), comm.size(), threads, e.shape.channels,
      e.shape.height, e.shape.width, args.iterations, args.warmup, 1e3 * total_summary.median, 1e3 * total_summary.p10,
      1e3 * total_summary.p90);
  for (std::size_t p = 0; p < kPhases.size(); ++p) {
    const Summary s = summarise(phase_seconds[p]);
    std::cout << fmt::format("{:<12} {:>10.2f} {:>10.2f} {:>10.2f}\n", kPhases[p], 1e3 * s.median, 1e3 * s.p10, 1e3 * s.p90);
    json += fmt::format("{}\"{}\": {{\"median\": {:.4f}, \"p10\": {:.4f}, \"p90\": {:.4f}}}", p ? ", " : "", kPhases[p],
                        1e3 * s.median, 1e3 * s.p10, 1e3 * s.p90);
  }
  std::cout << fmt::format("halo: {:.0f} exchanges, {:.0f} messages, {:.3f} MB sent per iteration (busiest rank); peak "
                           "memory per rank: host {:.0f} MB, device {:.0f} MB\n",
                           max_exchanges, max_messages, max_bytes / 1e6, host_mb, device_mb);
  std::cout << fmt::format("set-up {:.3f} s ({:.0f} minor page faults); {:.0f} minor page faults per iteration (slowest rank)\n",
                           setup_seconds, setup_faults, faults_per_iteration);
  json += fmt::format("}},\n  \"halo_exchanges_per_iteration\": {:.1f}, \"halo_messages_per_iteration\": {:.1f}, "
                      "\"halo_bytes_per_iteration\": {:.0f},\n"
                      "  \"peak_host_mb\": {:.1f}, \"peak_device_mb\": {:.1f},\n"
                      "  \"setup_seconds\": {:.4f}, \"setup_minor_faults\": {:.0f}, \"minor_faults_per_iteration\": {:.1f}\n}}\n",
                      max_exchanges, max_messages, max_bytes, host_mb, device_mb, setup_seconds, setup_faults, faults_per_iteration);
  if (args.json_path.empty()) {
    std::cout << json;
  } else {
    std::ofstream(args.json_path) << json;
  }
  return kExitOk;
}

}  // namespace dpnp::app
