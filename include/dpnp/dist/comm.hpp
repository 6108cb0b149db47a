#pragma once
/// @file
/// A thin MPI communicator wrapper: rank/size, node-local rank, and the reductions dpnp needs.
/// Every member function that communicates is collective on the communicator.

#include <mpi.h>

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace dpnp {

class Comm {
 public:
  /// Wraps (does not own) `comm`, and splits off the node-local communicator once.
  explicit Comm(MPI_Comm comm);
  static Comm world();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  MPI_Comm raw() const { return comm_; }
  /// Rank among the ranks sharing this node (MPI_COMM_TYPE_SHARED): picks this rank's GPU.
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }

  double sum(double value) const;
  double max(double value) const;
  double min(double value) const;
  std::int64_t sum(std::int64_t value) const;
  void sum_in_place(std::vector<double>& values) const;
  void max_in_place(std::vector<double>& values) const;
  void min_in_place(std::vector<double>& values) const;
  bool any(bool value) const;
  /// `text` on `root`, returned on every rank.
  std::string broadcast(const std::string& text, int root = 0) const;
  void barrier() const;

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
  int local_size_ = 1;
};

/// Makes a failure on some ranks a failure on all: if any rank passes a non-null `local_error`,
/// every rank throws the error of the lowest failing rank, with the same type (InputError,
/// DivergenceError, ...) and message. Collective. Use it to close every phase in which only some
/// ranks could fail (reading their slab of a file, for instance) before the next collective call.
void agree_on_errors(const Comm& comm, std::exception_ptr local_error);

/// Runs `fn` on every rank and agrees on errors (see agree_on_errors). Collective.
template <class Fn>
void collectively(const Comm& comm, Fn&& fn) {
  std::exception_ptr error;
  try {
    fn();
  } catch (...) {
    error = std::current_exception();
  }
  agree_on_errors(comm, error);
}

}  // namespace dpnp
