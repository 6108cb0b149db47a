#include "dpnp/io/truth.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dpnp/core/error.hpp"

namespace dpnp {

at::Tensor read_truth(const ImageSource& source, const SlabDomain& domain) {
  at::Tensor slab;
  collectively(domain.comm(), [&] { slab = read_image_rows(source, domain.row_begin(), domain.rows()); });
  bool normalise = false;
  collectively(domain.comm(), [&] { normalise = needs_range_normalisation(source); });
  if (normalise) {
    const double low = domain.comm().min(slab.numel() ? slab.min().item<double>() : 0.0);
    const double high = domain.comm().max(slab.numel() ? slab.max().item<double>() : 1.0);
    if (!(low >= 0.0 && high <= 1.0)) {
      if (!(high > low))
        throw InputError(fmt::format("image '{}': all pixels are equal ({}); give an image with some contrast",
                                     source.path, low));
      slab = (slab - low) / (high - low);
      spdlog::info("truth: float data in [{:.4g}, {:.4g}] min-max normalised to [0, 1]", low, high);
    }
  }
  return slab;
}

}  // namespace dpnp
