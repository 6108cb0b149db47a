#pragma once
/// @file
/// Errors with context and the exit codes the executable returns.

#include <stdexcept>
#include <string>

namespace dpnp {

/// Process exit codes (docs/running-on-clusters.md lists them for batch scripts).
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,     ///< a bug or an unexpected system failure
  kExitBadInput = 2,     ///< config, image, weights, rank count or output path is unusable
  kExitDiverged = 3,     ///< the chain produced NaN/Inf or an exploding potential
  kExitInterrupted = 75  ///< stopped by a signal or --max-hours after a checkpoint; rerun with --resume
};

/// Base of every dpnp exception; `what()` is one line.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  virtual int exit_code() const { return kExitInternal; }
  /// Set when every rank is known to be throwing this same error (dist/comm.hpp agree_on_errors),
  /// so the program can exit cleanly instead of aborting the job.
  bool agreed() const { return agreed_; }
  void set_agreed() { agreed_ = true; }

 private:
  bool agreed_ = false;
};

/// Bad user input: the message names the input and the fix. Exit code 2.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message) {}
  int exit_code() const override { return kExitBadInput; }
};

/// A feature that this build does not contain (e.g. CUDA kernels in a CPU-only build).
class NotCompiled : public Error {
 public:
  explicit NotCompiled(const std::string& message) : Error(message) {}
  int exit_code() const override { return kExitBadInput; }
};

/// The chain left the region where its step sizes are valid. Exit code 3.
class DivergenceError : public Error {
 public:
  explicit DivergenceError(const std::string& message) : Error(message) {}
  int exit_code() const override { return kExitDiverged; }
};

/// The run was stopped on purpose (signal, deadline) after a checkpoint. Exit code 75.
class Interrupted : public Error {
 public:
  explicit Interrupted(const std::string& message) : Error(message) {}
  int exit_code() const override { return kExitInterrupted; }
};

namespace detail {
[[noreturn]] void throw_check_failure(const char* condition, const std::string& message, const char* file,
                                      int line);
void check_mpi(int code, const char* call, const char* file, int line);
}  // namespace detail

}  // namespace dpnp

/// Always-on internal invariant check (not for user input: use InputError for that).
#define DPNP_CHECK(condition, message)                                                 \
  do {                                                                                 \
    if (!(condition)) ::dpnp::detail::throw_check_failure(#condition, (message), __FILE__, __LINE__); \
  } while (0)

/// Wraps an MPI call: a non-success code becomes a dpnp::Error naming the call.
#define DPNP_MPI(call) ::dpnp::detail::check_mpi((call), #call, __FILE__, __LINE__)
