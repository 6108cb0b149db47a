#pragma once
/// @file
/// The ground truth of a run: this rank's rows of the image truth.path names, on [0, 1].

#include <ATen/ATen.h>

#include "dpnp/dist/slab_domain.hpp"
#include "dpnp/io/image.hpp"

namespace dpnp {

/// This rank's rows [C, rows, W] of `source` on `domain` in [0, 1]: PNG/JPEG divided by the format's
/// maximum; HDF5 of any numeric type as stored when every value lies in [0, 1], else min-max
/// normalised with the global extremes. Refuses NaN or infinite values, an all-zero image, and a constant
/// one that would need normalising. Collective; errors are agreed InputErrors naming the file.
at::Tensor read_truth(const ImageSource& source, const SlabDomain& domain);

}  // namespace dpnp
