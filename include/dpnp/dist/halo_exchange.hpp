#pragma once
/// @file
/// The one halo exchange of dpnp. Every stencil operator (TV gradient, blur, SSIM window) and every
/// network convolution gets its ghost rows here, so a faster exchange speeds all of them at once.
///
/// fill: each rank receives the `top` rows just above its slab (the last rows of rank-1) and the
///   `bottom` rows just below it (the first rows of rank+1). Ghost rows beyond the domain are zero.
/// sum (the adjoint of fill): ghost-row contributions are sent back to the ranks that own those rows
///   and added there; contributions beyond the domain are dropped.
/// Both are split into start/finish so that interior work can overlap the messages.
///
/// Tensors are [..., rows, cols] with rows in dimension -2; any dtype and device. CUDA tensors go
/// through pinned host buffers unless the MPI library is CUDA-aware (then device pointers are passed).
/// All ranks must call the same sequence of exchanges with the same widths (collective).

#include <ATen/ATen.h>
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "dpnp/dist/comm.hpp"

namespace dpnp {

/// Rows adjacent to a slab: `top` above it (from rank-1), `bottom` below it (from rank+1).
struct Ghosts {
  at::Tensor top;
  at::Tensor bottom;
};

/// Counters for the performance model (docs/performance.md): bytes sent and time spent.
struct HaloStats {
  std::int64_t exchanges = 0;
  std::int64_t messages = 0;
  std::int64_t bytes_sent = 0;
  double seconds = 0.0;  ///< time inside start and finish (waiting included)
};

class HaloExchange {
 public:
  /// `gpu_aware`: pass device pointers straight to MPI (only when the library supports it).
  explicit HaloExchange(const Comm& comm, bool gpu_aware = false);

  /// An exchange in flight. Finish it exactly once; destroying an unfinished one waits for it.
  class Pending {
   public:
    Pending() = default;
    Pending(Pending&& other) noexcept;
    Pending& operator=(Pending&& other) noexcept;
    Pending(const Pending&) = delete;
    Pending& operator=(const Pending&) = delete;
    ~Pending();
    /// Waits for the messages; for fill returns the ghosts, for sum adds into the slab and returns {}.
    Ghosts finish();

   private:
    friend class HaloExchange;
    std::vector<MPI_Request> requests_;
    std::vector<at::Tensor> keep_alive_;
    at::Tensor received_top_, received_bottom_;            // where MPI writes (host when staged)
    at::Tensor device_top_, device_bottom_;                // final place on the slab's device
    std::function<Ghosts(Ghosts)> complete_;
    HaloStats* stats_ = nullptr;
    bool active_ = false;
  };

  Pending start_fill(const at::Tensor& slab, std::int64_t top, std::int64_t bottom) const;
  Ghosts fill(const at::Tensor& slab, std::int64_t top, std::int64_t bottom) const;

  /// Adds `contributions.top` into the last rows of rank-1 and `contributions.bottom` into the first
  /// rows of rank+1 (of their `slab`). Widths may differ but must be the same on every rank.
  Pending start_sum(const at::Tensor& slab, const Ghosts& contributions) const;
  void sum(const at::Tensor& slab, const Ghosts& contributions) const;

  const Comm& comm() const { return comm_; }
  bool gpu_aware() const { return gpu_aware_; }
  const HaloStats& stats() const { return stats_; }
  void reset_stats() const { stats_ = HaloStats{}; }

 private:
  Pending start(const at::Tensor& send_up, const at::Tensor& send_down, at::IntArrayRef shape_from_up,
                at::IntArrayRef shape_from_down, const at::TensorOptions& options) const;

  Comm comm_;
  bool gpu_aware_;
  mutable HaloStats stats_;
};

/// Whether the MPI library reports CUDA support at run time (MPIX_Query_cuda_support).
bool mpi_reports_cuda_support();

}  // namespace dpnp
