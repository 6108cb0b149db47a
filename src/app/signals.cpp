#include "signals.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "dpnp/core/timer.hpp"

namespace dpnp::app {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

// SIGTERM wins: a batch script passes its own signals on as SIGUSR1, which may come after Slurm's SIGTERM.
extern "C" void record_stop_signal(int signal) {
  if (g_stop_signal != SIGTERM) g_stop_signal = signal;
}

// Room kept before the deadline besides the next flush: the checkpoint write (twice the slowest so
// far) and 1 % of the allowance for start-up jitter and the exit.
constexpr double kAllowanceShare = 0.01;
constexpr double kCheckpointFactor = 2.0;

// Seconds since this process started (Linux /proc; 0 elsewhere): the deadline counts the MPI and
// LibTorch start-up too, which a batch system's time limit does.
double process_age_seconds() {
  std::ifstream stat_file("/proc/self/stat"), uptime_file("/proc/uptime");
  std::stringstream stat;
  stat << stat_file.rdbuf();
  double uptime = 0.0;
  const std::string text = stat.str();
  const auto name_end = text.rfind(')');
  if (name_end == std::string::npos || !(uptime_file >> uptime)) return 0.0;
  // Fields 3, 4, ... follow the command name; field 22 is the start time in clock ticks since boot.
  std::istringstream fields(text.substr(name_end + 1));
  double start_ticks = 0.0;
  std::string skipped;
  for (int field = 3; field < 22; ++field) fields >> skipped;
  if (!(fields >> start_ticks)) return 0.0;
  const double age = uptime - start_ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return age > 0 ? age : 0.0;
}

}  // namespace

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
  std::signal(SIGXFSZ, SIG_IGN);
  // The launcher (launcher.c) blocked them across exec: a signal that came meanwhile reaches the
  // handler now.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &stop_signals, nullptr);
}

int received_stop_signal() { return g_stop_signal; }

StopObserver::StopObserver(double max_hours, std::int64_t flush_every, const CheckpointObserver* checkpoints)
    : flush_every_(flush_every), checkpoints_(checkpoints) {
  if (max_hours > 0) {
    allowance_ = max_hours * 3600.0;
    deadline_ = now_seconds() - process_age_seconds() + allowance_;
  }
}

void StopObserver::on_flush(const ChainState& /*state*/, const FlushInfo& info) {
  const std::uint64_t done = info.iteration - info.first_iteration;
  if (done > 0) seconds_per_iteration_ = info.elapsed_seconds / static_cast<double>(done);
}

bool StopObserver::deadline_near() const {
  if (allowance_ <= 0) return false;
  const double checkpoint = checkpoints_ ? checkpoints_->slowest_write_seconds() : 0.0;
  const double next_flush = now_seconds() + seconds_per_iteration_ * static_cast<double>(flush_every_);
  return next_flush + kCheckpointFactor * checkpoint + kAllowanceShare * allowance_ > deadline_;
}

StopReason StopObserver::local_reason() const {
  switch (received_stop_signal()) {
    case SIGTERM: return StopReason::kTerm;
    case SIGUSR1: return StopReason::kUsr1;
    default: return deadline_near() ? StopReason::kDeadline : StopReason::kNone;
  }
}

bool StopObserver::wants_stop() const { return local_reason() != StopReason::kNone; }

bool stop_requested(const Comm& comm, const StopObserver& observer) {
  return comm.max(static_cast<double>(observer.local_reason())) > 0;
}

Interrupted stop_error(const Comm& comm, const StopObserver& observer, std::uint64_t iteration, std::int64_t total,
                       const std::string& checkpoint) {
  const auto reason = static_cast<StopReason>(static_cast<int>(comm.max(static_cast<double>(observer.local_reason()))));
  const char* cause = reason == StopReason::kTerm   ? "SIGTERM"
                      : reason == StopReason::kUsr1 ? "SIGUSR1"
                                                    : "the --max-hours deadline";
  Interrupted error(fmt::format("stopped by {} after iteration {} of {}; checkpoint '{}' written; run the same "
                                "command with --resume to continue",
                                cause, iteration, total, checkpoint));
  error.set_agreed();
  return error;
}

}  // namespace dpnp::app
