#include "dpnp/dist/halo_exchange.hpp"

#include <fmt/format.h>

#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>
#endif

#include "dpnp/core/device.hpp"
#include "dpnp/core/error.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/dist/slab_needs.hpp"

namespace dpnp {

namespace {

constexpr int kTagTowardsNext = 7101;      // a message travelling to rank + 1
constexpr int kTagTowardsPrevious = 7102;  // a message travelling to rank - 1

std::vector<std::int64_t> with_rows(const at::Tensor& like, std::int64_t rows) {
  std::vector<std::int64_t> shape(like.sizes().begin(), like.sizes().end());
  shape[shape.size() - 2] = rows;
  return shape;
}

std::int64_t rows_of(const at::Tensor& t) { return t.defined() ? t.size(-2) : 0; }

}  // namespace

bool mpi_reports_cuda_support() {
#if defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
  return MPIX_Query_cuda_support() == 1;
#else
  return false;
#endif
}

HaloExchange::HaloExchange(const Comm& comm, bool gpu_aware) : comm_(comm), gpu_aware_(gpu_aware) {}

HaloExchange::Pending HaloExchange::start(const at::Tensor& send_up, const at::Tensor& send_down,
                                          at::IntArrayRef shape_from_up, at::IntArrayRef shape_from_down,
                                          const at::TensorOptions& options) const {
  const double t0 = now_seconds();
  const int rank = comm_.rank();
  const bool has_previous = rank > 0;
  const bool has_next = rank + 1 < comm_.size();
  const bool staged = options.device().is_cuda() && !gpu_aware_;
  const auto host_options = options.device(at::kCPU).pinned_memory(options.device().is_cuda());

  Pending pending;
  pending.stats_ = &stats_;
  pending.active_ = true;
  const auto element_count = [](at::IntArrayRef shape) {
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    return n;
  };
  const bool want_from_up = has_previous && element_count(shape_from_up) > 0;
  const bool want_from_down = has_next && element_count(shape_from_down) > 0;
  const bool send_to_previous = has_previous && send_up.defined() && send_up.numel() > 0;
  const bool send_to_next = has_next && send_down.defined() && send_down.numel() > 0;

  // Receive buffers first, so that a matching send never waits for a late Irecv.
  const auto post_receive = [&](at::IntArrayRef shape, int source, int tag, at::Tensor& received,
                                at::Tensor& device_copy) {
    device_copy = at::empty(shape, options);
    received = staged ? at::empty(shape, host_options) : device_copy;
    MPI_Request request;
    DPNP_MPI(MPI_Irecv(received.data_ptr(), static_cast<int>(received.nbytes()), MPI_BYTE, source, tag,
                       comm_.raw(), &request));
    pending.requests_.push_back(request);
  };
  if (want_from_up) post_receive(shape_from_up, rank - 1, kTagTowardsNext, pending.received_top_, pending.device_top_);
  if (want_from_down)
    post_receive(shape_from_down, rank + 1, kTagTowardsPrevious, pending.received_bottom_, pending.device_bottom_);

  std::vector<at::Tensor> outgoing;
  if (send_to_previous) outgoing.push_back(send_up.contiguous());
  if (send_to_next) outgoing.push_back(send_down.contiguous());
  if (staged) {
    for (auto& t : outgoing) {
      auto host = at::empty(t.sizes(), host_options);
      host.copy_(t, /*non_blocking=*/true);
      t = host;
    }
  }
  // MPI reads the buffers directly: device work that produced them must be done.
  if (!outgoing.empty() && options.device().is_cuda()) synchronize(at::empty({0}, options));

  std::size_t next = 0;
  const auto post_send = [&](int dest, int tag) {
    at::Tensor& buffer = outgoing[next++];
    MPI_Request request;
    DPNP_MPI(MPI_Isend(buffer.data_ptr(), static_cast<int>(buffer.nbytes()), MPI_BYTE, dest, tag, comm_.raw(),
                       &request));
    pending.requests_.push_back(request);
    pending.keep_alive_.push_back(buffer);
    stats_.messages += 1;
    stats_.bytes_sent += static_cast<std::int64_t>(buffer.nbytes());
  };
  if (send_to_previous) post_send(rank - 1, kTagTowardsPrevious);
  if (send_to_next) post_send(rank + 1, kTagTowardsNext);

  // Beyond the domain the ghosts are zero (the zero padding every stencil here assumes).
  if (!want_from_up) pending.device_top_ = at::zeros(shape_from_up, options);
  if (!want_from_down) pending.device_bottom_ = at::zeros(shape_from_down, options);
  stats_.exchanges += 1;
  stats_.seconds += now_seconds() - t0;
  return pending;
}

HaloExchange::Pending::Pending(Pending&& other) noexcept { *this = std::move(other); }

HaloExchange::Pending& HaloExchange::Pending::operator=(Pending&& other) noexcept {
  if (this != &other) {
    if (active_) {
      try {
        finish();
      } catch (...) {
      }
    }
    requests_ = std::move(other.requests_);
    keep_alive_ = std::move(other.keep_alive_);
    received_top_ = std::move(other.received_top_);
    received_bottom_ = std::move(other.received_bottom_);
    device_top_ = std::move(other.device_top_);
    device_bottom_ = std::move(other.device_bottom_);
    complete_ = std::move(other.complete_);
    stats_ = other.stats_;
    active_ = other.active_;
    other.active_ = false;
  }
  return *this;
}

HaloExchange::Pending::~Pending() {
  if (!active_) return;
  try {
    finish();
  } catch (...) {
    // A destructor cannot report; the error already surfaced or MPI is being torn down.
  }
}

Ghosts HaloExchange::Pending::finish() {
  DPNP_CHECK(active_, "halo exchange finished twice or never started");
  active_ = false;
  const double t0 = now_seconds();
  if (!requests_.empty())
    DPNP_MPI(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
  if (received_top_.defined() && !received_top_.is_same(device_top_)) device_top_.copy_(received_top_, true);
  if (received_bottom_.defined() && !received_bottom_.is_same(device_bottom_))
    device_bottom_.copy_(received_bottom_, true);
  keep_alive_.clear();
  Ghosts ghosts{device_top_, device_bottom_};
  if (complete_) ghosts = complete_(ghosts);
  if (stats_) stats_->seconds += now_seconds() - t0;
  return ghosts;
}

HaloExchange::Pending HaloExchange::start_fill(const at::Tensor& slab, std::int64_t top, std::int64_t bottom) const {
  DPNP_CHECK(slab.dim() >= 2, "halo exchange needs a tensor with rows and columns");
  const std::int64_t rows = slab.size(-2);
  DPNP_CHECK(top >= 0 && bottom >= 0, "negative halo width");
  require_slab_rows(rows, std::max(top, bottom), "its halo exchange");
  // My last `top` rows are rank+1's top ghosts; my first `bottom` rows are rank-1's bottom ghosts.
  const at::Tensor to_previous = slab.narrow(-2, 0, bottom);
  const at::Tensor to_next = slab.narrow(-2, rows - top, top);
  return start(to_previous, to_next, with_rows(slab, top), with_rows(slab, bottom), slab.options());
}

Ghosts HaloExchange::fill(const at::Tensor& slab, std::int64_t top, std::int64_t bottom) const {
  return start_fill(slab, top, bottom).finish();
}

HaloExchange::Pending HaloExchange::start_sum(const at::Tensor& slab, const Ghosts& contributions) const {
  DPNP_CHECK(slab.dim() >= 2, "halo sum needs a tensor with rows and columns");
  const std::int64_t rows = slab.size(-2);
  const std::int64_t top = rows_of(contributions.top);
  const std::int64_t bottom = rows_of(contributions.bottom);
  require_slab_rows(rows, std::max(top, bottom), "its halo exchange");
  // rank+1 sends me its top contributions (for my last `top` rows); rank-1 its bottom ones.
  Pending pending = start(contributions.top, contributions.bottom, with_rows(slab, bottom), with_rows(slab, top),
                          slab.options());
  at::Tensor target = slab;
  pending.complete_ = [target, top, bottom](Ghosts received) {
    const std::int64_t n = target.size(-2);
    if (bottom > 0) target.narrow(-2, 0, bottom).add_(received.top);
    if (top > 0) target.narrow(-2, n - top, top).add_(received.bottom);
    return Ghosts{};
  };
  return pending;
}

void HaloExchange::sum(const at::Tensor& slab, const Ghosts& contributions) const {
  start_sum(slab, contributions).finish();
}

}  // namespace dpnp
