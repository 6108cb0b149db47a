#include "dpnp/io/truth.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/core/error.hpp"

namespace dpnp {

at::Tensor read_truth(const ImageSource& source, const SlabDomain& domain) {
  at::Tensor slab;
  collectively(domain.comm(), [&] { slab = read_image_rows(source, domain.row_begin(), domain.rows()); });
  const Comm& comm = domain.comm();
  // Every rank learns of a bad pixel anywhere, so that all refuse the image alike.
  const std::int64_t non_finite = comm.sum(static_cast<std::int64_t>(at::isfinite(slab).logical_not().sum().item<std::int64_t>()));
  if (non_finite > 0) {
    InputError error(fmt::format("truth.path '{}': {} pixel value{} NaN or infinite; a ground truth must be finite "
                                 "everywhere (give bad pixels of the data as NaN in an observation file instead)",
                                 source.path, non_finite, non_finite == 1 ? " is" : "s are"));
    error.set_agreed();
    throw error;
  }
  const double low = comm.min(slab.numel() ? slab.min().item<double>() : 0.0);
  const double high = comm.max(slab.numel() ? slab.max().item<double>() : 0.0);
  const auto refuse = [&](const std::string& problem) {
    InputError error(fmt::format("truth.path '{}': {}; give an image with some contrast", source.path, problem));
    error.set_agreed();
    throw error;
  };
  if (low == 0.0 && high == 0.0) refuse("every pixel is 0");
  bool normalise = false;
  collectively(comm, [&] { normalise = needs_range_normalisation(source); });
  // The one rule (docs/bring-your-own-data.md): HDF5 values are used as stored when they all lie in
  // [0, 1], else min-max normalised to [0, 1]; PNG and JPEG were divided by their format's maximum.
  if (normalise && !(low >= 0.0 && high <= 1.0)) {
    if (!(high > low)) refuse(fmt::format("all pixels are equal ({:g})", low));
    slab = (slab - low) / (high - low);
    spdlog::info("truth: values in [{:.6g}, {:.6g}] min-max normalised to [0, 1]", low, high);
  }
  return slab;
}

}  // namespace dpnp
