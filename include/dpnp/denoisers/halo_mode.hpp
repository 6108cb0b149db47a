#pragma once
/// @file
/// How a learned denoiser gets the rows beyond its slab. per_layer: one exchange before every
/// convolution (the papers' scheme; 2K exchanges per DDFB call). wide: one exchange of the network's
/// receptive radius of input rows, then the network runs on the widened slab as on a whole image and
/// the overlap is cropped (the papers' stated future work): redundant rows instead of messages.
/// auto: per_layer or wide, whichever a start-up measurement on this job's slabs predicts faster.

#include <cstdint>
#include <memory>
#include <string>

#include "dpnp/denoisers/denoiser.hpp"
#include "dpnp/dist/slab_domain.hpp"

namespace dpnp {

enum class HaloMode { kPerLayer, kWide, kAuto };

HaloMode parse_halo_mode(const std::string& name);
std::string to_string(HaloMode mode);

/// Rows of the thinnest slab a wide halo of `radius` rows can be filled from in one exchange
/// (every ghost row must come from the adjacent rank).
bool wide_halo_fits(const SlabLayout& layout, std::int64_t radius);

/// The start-up measurement behind auto, per denoiser call on this job's slabs (collective).
struct HaloModeCosts {
  double per_layer_seconds = 0.0;  ///< slowest rank's extra time of the per-layer exchanges
  double wide_seconds = 0.0;       ///< slowest rank's extra time of the wide halo's rows and its exchange
  std::int64_t per_layer_exchanges = 0;
};

/// Times `denoiser` (on `device`, per-layer exchanges on) on strips of this rank's slab: per layer, local,
/// and local on a strip widened by the wide halo's ghost rows, plus one wide fill. Collective; leaves
/// the per-layer exchanges on.
HaloModeCosts measure_halo_mode_costs(Denoiser& denoiser, const SlabDomain& domain, const at::Device& device);

/// `requested` resolved for this job: per_layer or wide. Collective (auto measures; every rank gets
/// the same answer). Throws InputError("halo.mode: ...") for wide on slabs too thin for it.
HaloMode resolve_halo_mode(HaloMode requested, Denoiser& denoiser, const SlabDomain& domain,
                           const at::Device& device);

/// Wraps `local` (a denoiser with its per-layer exchanges off) so that each call exchanges
/// local->receptive_rows() ghost rows once, denoises the widened slab and crops it. Collective.
std::unique_ptr<Denoiser> make_wide_halo_denoiser(std::unique_ptr<Denoiser> local, const SlabDomain& domain);

}  // namespace dpnp
