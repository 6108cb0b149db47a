// halo.mode auto: a start-up measurement of both ways of getting ghost rows on this job's slabs.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "dpnp/core/error.hpp"
#include "dpnp/core/timer.hpp"
#include "dpnp/denoisers/halo_mode.hpp"

namespace dpnp {

namespace {

constexpr double kSigma = 0.05;  // the cost of these networks does not depend on sigma
constexpr int kRepeats = 3;      // the fastest of a few runs: the machine may be shared

/// Fastest of kRepeats runs after a warm-up (first-call allocations, cuDNN's algorithm search). The
/// barrier makes the per-layer runs start together, so their waits are the exchanges' own.
template <class Fn>
double fastest_seconds(const Comm& comm, Fn&& run) {
  run();
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < kRepeats; ++i) {
    comm.barrier();
    const double start = now_seconds();
    run();
    best = std::min(best, now_seconds() - start);
  }
  return best;
}

/// Waits for the device, so that a timing covers the work and not only its launch.
void wait_for(const at::Tensor& result) { (void)result.sum().item<float>(); }

/// A strip of the slab's height (a multiple of the network's row multiple, except on the last slab)
/// long enough for the per-layer exchanges but short enough to keep start-up short.
std::int64_t strip_rows(const Denoiser& denoiser, const SlabDomain& domain) {
  constexpr std::int64_t kStripRows = 32;
  const std::int64_t multiple = std::max<std::int64_t>(1, denoiser.row_multiple());
  const std::int64_t rows = std::min(domain.rows(), std::max(kStripRows, denoiser.min_rows()));
  return domain.holds_last_row() ? rows : std::max(multiple, rows / multiple * multiple);
}

}  // namespace

HaloModeCosts measure_halo_mode_costs(Denoiser& denoiser, const SlabDomain& domain, const at::Device& device) {
  const Comm& comm = domain.comm();
  const std::int64_t radius = denoiser.receptive_rows();
  const std::int64_t rows = strip_rows(denoiser, domain);
  const std::int64_t ghost_rows = (domain.holds_first_row() ? 0 : radius) + (domain.holds_last_row() ? 0 : radius);
  const at::TensorOptions options = at::TensorOptions().dtype(at::kFloat).device(device);
  const at::Tensor strip = at::full({denoiser.channels(), rows, domain.width()}, 0.5, options);
  const at::Tensor widened = at::full({denoiser.channels(), rows + ghost_rows, domain.width()}, 0.5, options);

  const std::int64_t exchanges_before = domain.halo().stats().exchanges;
  denoiser.set_layer_exchanges(true);
  wait_for(denoiser.denoise(strip, kSigma));
  const std::int64_t exchanges = domain.halo().stats().exchanges - exchanges_before;
  const double per_layer = fastest_seconds(comm, [&] { wait_for(denoiser.denoise(strip, kSigma)); });
  denoiser.set_layer_exchanges(false);
  const double local = fastest_seconds(comm, [&] { wait_for(denoiser.denoise(strip, kSigma)); });
  const double local_widened = fastest_seconds(comm, [&] { wait_for(denoiser.denoise(widened, kSigma)); });
  denoiser.set_layer_exchanges(true);
  const at::Tensor edge = at::zeros({denoiser.channels(), radius, domain.width()}, options);
  const double fill = fastest_seconds(comm, [&] { wait_for(domain.halo().fill(edge, radius, radius).top); });

  HaloModeCosts costs;
  costs.per_layer_exchanges = exchanges;
  costs.per_layer_seconds = comm.max(std::max(0.0, per_layer - local));
  costs.wide_seconds = comm.max(std::max(0.0, local_widened - local) + fill);
  return costs;
}

HaloMode resolve_halo_mode(HaloMode requested, Denoiser& denoiser, const SlabDomain& domain, const at::Device& device) {
  const std::int64_t radius = denoiser.receptive_rows();
  const SlabLayout& layout = domain.layout();
  // One rank, or a pointwise denoiser: nothing to exchange either way.
  if (requested == HaloMode::kPerLayer || layout.ranks() == 1 || radius == 0) return HaloMode::kPerLayer;
  if (!wide_halo_fits(layout, radius)) {
    if (requested == HaloMode::kWide)
      throw InputError(fmt::format(
          "halo.mode: wide needs every slab to hold at least {} rows (the receptive radius of {}), but the thinnest "
          "of {} slabs holds {}; use fewer ranks or halo.mode: per_layer (or auto)",
          radius, denoiser.name(), layout.ranks(), layout.min_rows()));
    spdlog::info("halo.mode auto: per_layer (slabs of {} rows are thinner than {}'s receptive radius, {} rows)",
                 layout.min_rows(), denoiser.name(), radius);
    return HaloMode::kPerLayer;
  }
  if (requested == HaloMode::kWide) return HaloMode::kWide;
  // Widening a slab by more rows than it holds more than doubles the work: no exchange costs that.
  if (2 * radius > layout.min_rows()) {
    spdlog::info("halo.mode auto: per_layer (a wide halo of 2 x {} rows would exceed the {}-row slabs)", radius,
                 layout.min_rows());
    return HaloMode::kPerLayer;
  }
  const HaloModeCosts costs = measure_halo_mode_costs(denoiser, domain, device);
  const HaloMode chosen = costs.wide_seconds < costs.per_layer_seconds ? HaloMode::kWide : HaloMode::kPerLayer;
  spdlog::info(
      "halo.mode auto: {} (per denoiser call on the slowest rank: {} per-layer exchanges {:.3f} ms, a wide halo of {} "
      "rows {:.3f} ms)",
      to_string(chosen), costs.per_layer_exchanges, 1e3 * costs.per_layer_seconds, radius, 1e3 * costs.wide_seconds);
  return chosen;
}

}  // namespace dpnp
